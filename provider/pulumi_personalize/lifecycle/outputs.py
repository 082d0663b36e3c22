"""What a resource's state holds after create, read and update, and the inputs a refreshed state implies."""

from __future__ import annotations

from typing import Any

from ..resources import validation as validate
from ..resources.declare import aws_member, dump
from ..resources.kind import CREATE_FAILED, CommonArgs, ResourceKind
from .find import Described
from .incarnation import INCARNATION


def state_of(
    kind: ResourceKind, args: CommonArgs, described: Described, tags: dict[str, str], incarnation: str | None
) -> dict[str, Any]:
    """The outputs: the inputs, what Describe says now, the user's tags (the ownership tag hidden), and the
    incarnation this entry holds (none for a schema, or for an entry made before 0.3.0)."""
    outputs = dump(args)
    if incarnation:
        outputs[INCARNATION] = incarnation
    outputs.update({key: described.get(aws_member(key)) for key in kind.described_outputs})
    arn = str(described.get(kind.arn_key))
    outputs[kind.arn_key] = arn
    outputs["accountId"] = described.get("accountId") or arn.split(":")[4]
    if kind.taggable:
        outputs["tags"] = {key: value for key, value in tags.items() if key != validate.OWNER_TAG}
    return outputs


def implied_inputs(kind: ResourceKind, outputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs the resource as refreshed implies, so the next diff shows what `up` would change.

    The provider's bookkeeping is kept; tags (and a group's domain, role and KMS key) are what AWS has now.
    A resource that failed to create says so, which is why the next `up` replaces it.
    """
    inputs = {key: outputs[key] for key in kind.input_keys if outputs.get(key) is not None}
    if outputs.get("status") == CREATE_FAILED:
        inputs["status"] = CREATE_FAILED
    return inputs
