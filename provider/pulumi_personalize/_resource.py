"""What the program side of every Personalize resource shares: the property bag sent to the provider."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pulumi
import pulumi.dynamic

from . import _ownership as ownership
from ._stack_identity import stack_identity
from ._timeouts import from_options


def owner(type_name: str, resource_name: str, opts: pulumi.ResourceOptions | None) -> pulumi.Output[str]:
    """The ownership tag's value for this resource: this stack instance's identity and the resource's URN.

    It is written on create, so that a create interrupted by a crash (or a lost response) can recognise and
    take back its own resource, and never anybody else's (see `_ownership`).
    """
    parent = opts.parent if opts is not None else None
    urn = pulumi.resource.create_urn(
        resource_name, f"pulumi-python:{type_name}", _value_only(parent.urn) if parent else None
    )
    return pulumi.Output.all(stack_identity(), urn).apply(lambda parts: ownership.tag_value(parts[0], parts[1]))


def _value_only(output: pulumi.Output[str]) -> pulumi.Output[str]:
    """The same value without its dependencies.

    A component's URN depends on its children, so a child whose input depended on its parent's URN would
    depend on itself (the SDK refuses such a cycle). The URN is only a name here: no ordering is needed.
    """
    return pulumi.Output(set(), output.future(), output.is_known(), output.is_secret())  # type: ignore[arg-type]


def properties(
    resource_name: str,
    *,
    name: pulumi.Input[str] | None,
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None,
    region: pulumi.Input[str] | None,
    adopt_existing: pulumi.Input[bool],
    opts: pulumi.ResourceOptions | None,
    owner_tag: pulumi.Input[str],
    specific: Mapping[str, Any],
    outputs: tuple[str, ...],
) -> dict[str, Any]:
    """Inputs in the camelCase of AWS and aws-native, plus every output key (None until the provider sets it).

    `autonamePrefix` lets the provider's check build an autoname; `timeouts` carries `custom_timeouts`,
    which the Python dynamic provider server would otherwise drop; `owner` is the ownership tag's value.
    """
    bag: dict[str, Any] = dict.fromkeys(outputs)
    bag.update(specific)
    bag.update(
        name=name,
        autonamePrefix=resource_name if name is None else None,
        tags=tags,
        region=region,
        adoptExisting=adopt_existing,
        timeouts=from_options(opts),
        owner=owner_tag,
    )
    return bag


class PersonalizeResource(pulumi.dynamic.Resource):
    """Base of the program-side classes: snake_case accessors for the camelCase outputs they share.

    Outputs keep AWS's camelCase in state (what `pulumi stack output` and StackReference consumers read);
    these properties give Python users the usual snake_case names.
    """

    name: pulumi.Output[str]
    tags: pulumi.Output[dict[str, str]]
    region: pulumi.Output[str]
    status: pulumi.Output[str]

    def _output(self, key: str) -> pulumi.Output[str]:
        return cast(pulumi.Output[str], getattr(self, key))

    @property
    def account_id(self) -> pulumi.Output[str]:
        return self._output("accountId")

    @property
    def creation_date_time(self) -> pulumi.Output[str]:
        return self._output("creationDateTime")

    @property
    def last_updated_date_time(self) -> pulumi.Output[str]:
        return self._output("lastUpdatedDateTime")
