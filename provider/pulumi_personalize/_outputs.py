"""What a resource's state holds after create, read and update, and the inputs a refreshed state implies."""

from __future__ import annotations

from typing import Any

from . import _ownership as ownership
from . import _validation as validate
from ._declare import dump
from ._find import Described
from ._shapes import CREATE_FAILED, CommonArgs, ResourceKind

INCARNATION = "incarnation"  # bookkeeping output: the incarnation this entry created or took back (`_ownership`)


def state_of(
    kind: ResourceKind, args: CommonArgs, described: Described, tags: dict[str, str], incarnation: str | None
) -> dict[str, Any]:
    """The outputs: the inputs, what Describe says now, the user's tags (the ownership tag hidden), and the
    incarnation this entry holds (none for a schema, or for an entry made before 0.3.0)."""
    outputs = dump(args)
    if incarnation:
        outputs[INCARNATION] = incarnation
    outputs.update({member: described.get(member) for member in kind.described_outputs})
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


def not_held(owner_tag: str | None, held: Any) -> str | None:
    """Why a resource tagged `owner_tag` is no longer the one a state entry holding incarnation `held` made.

    None when it still is. An entry made before 0.3.0 holds no incarnation: its resource is another entry's
    once a create of 0.3.0 or later took it back (it then carries an incarnation).
    """
    found = ownership.parse(owner_tag)
    incarnation = found.incarnation if found is not None else ""
    if held and incarnation != held:
        now = f"incarnation {incarnation}" if incarnation else "no incarnation"
        return f"it is no longer the incarnation this entry holds ({held}; it has {now}): another entry took it back"
    if not held and incarnation:
        return f"a later create took it back (incarnation {incarnation}): another entry holds it"
    return None
