"""What the program side of every Personalize resource shares: the property bag and snake_case attributes.

The bag's keys are the camelCase keys of the state, derived from the kind's declarations; each class gets a
snake_case property per key (`tracker.tracking_id` is the `trackingId` output). The SDK's own key
translation (`translate_output_property`) is not used: it also renames the keys of nested maps, and tag
keys must stay as the user wrote them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from ..lifecycle import ownership
from ..lifecycle.timeouts import from_options
from ..resources.declare import camel, snake
from ..resources.kind import ResourceKind
from .stack_identity import stack_identity


def owner(type_name: str, resource_name: str, opts: pulumi.ResourceOptions | None) -> pulumi.Output[str]:
    """The ownership tag's value for this resource: this stack instance's identity and the resource's URN.

    It is written on create, so that a create interrupted by a crash (or a lost response) can recognise and
    take back its own resource, and never anybody else's (see `lifecycle.ownership`).
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
    kind: ResourceKind,
    resource_name: str,
    arguments: Mapping[str, Any],
    opts: pulumi.ResourceOptions | None,
    owner_tag: pulumi.Input[str],
) -> dict[str, Any]:
    """The bag for the provider: the user's `arguments`, the bookkeeping, and every output (None until set).

    `autoname_prefix` lets check build an autoname; `timeouts` carries `custom_timeouts`, which the Python
    dynamic provider server would otherwise drop; `owner` is the ownership tag's value.
    """
    declared = {field.name for field in dataclasses.fields(kind.args)}
    unknown = set(arguments) - declared
    if unknown:
        raise TypeError(f"{kind.type_name} has no argument {', '.join(sorted(unknown))}")
    bag: dict[str, Any] = dict.fromkeys(kind.output_keys())
    bag.update({camel(attribute): value for attribute, value in arguments.items()})
    bag.update(
        autonamePrefix=resource_name if arguments.get("name") is None else None,
        timeouts=from_options(opts, kind.default_seconds),
        owner=owner_tag,
    )
    return bag


def given(kind: ResourceKind, scope: Mapping[str, Any]) -> dict[str, Any]:
    """A constructor's arguments: each of the kind's public inputs, by its snake_case name, from `locals()`.

    The constructors keep their typed signatures (what users and type checkers read); their bodies need not
    list the arguments again.
    """
    return {snake(key): scope[snake(key)] for key in kind.public_input_keys}


def engine_options(
    kind: ResourceKind, resource_name: str, opts: pulumi.ResourceOptions | None
) -> pulumi.ResourceOptions | None:
    """The options the engine gets: what Personalize cannot honour refused, before anything is touched.

    - `delete_before_replace` defaults to True for a kind that cannot exist twice in its place (a dataset
      group's name, a group's one tracker, one dataset of a type): the engine skips Diff on `--replace`, and a
      replacement created first would find its own resource in its place.
    - `deleted_with` is refused: the engine would then skip this resource's delete, and Personalize deletes
      nothing with another resource (a group with a tracker or dataset cannot be deleted at all).
    """
    if opts is not None and opts.deleted_with is not None:
        raise pulumi.RunError(
            f"{kind.type_name} {resource_name!r}: ResourceOptions(deleted_with=...) is not supported: Personalize "
            f"deletes nothing along with another resource, so the engine would skip this {kind.label}'s delete "
            "and leave it behind (and its dataset group could not be deleted). Remove deleted_with: the engine "
            "deletes it before what it depends on."
        )
    if not kind.delete_before_replace or (opts is not None and opts.delete_before_replace is not None):
        return opts
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(delete_before_replace=True))


class PersonalizeResource(pulumi.dynamic.Resource):
    """Base of the program-side classes: snake_case properties for the camelCase state keys.

    Outputs keep AWS's camelCase in state (what `pulumi stack output` and StackReference consumers read);
    Python users get the usual snake_case names, one property per declared key. A class may define a
    property itself: the ARN's returns `id`, which is known during the preview of an in-place update while
    the outputs are not.
    """

    kind: ClassVar[ResourceKind]
    name: pulumi.Output[str]
    tags: pulumi.Output[dict[str, str]]
    region: pulumi.Output[str]
    status: pulumi.Output[str]
    account_id: pulumi.Output[str]
    creation_date_time: pulumi.Output[str]
    last_updated_date_time: pulumi.Output[str]

    def __init__(
        self,
        provider: pulumi.dynamic.ResourceProvider,
        resource_name: str,
        arguments: Mapping[str, Any],
        opts: pulumi.ResourceOptions | None,
    ) -> None:
        opts = engine_options(self.kind, resource_name, opts)
        tag = owner(self._resource_type_name, resource_name, opts)
        super().__init__(provider, resource_name, properties(self.kind, resource_name, arguments, opts, tag), opts)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind: ResourceKind | None = getattr(cls, "kind", None)
        for key in kind.output_keys() if kind else ():
            if snake(key) != key and not hasattr(cls, snake(key)):
                setattr(cls, snake(key), property(_output_getter(key), doc=f"The `{key}` output."))


def _output_getter(key: str) -> Any:
    def get(resource: PersonalizeResource) -> pulumi.Output[Any]:
        output: pulumi.Output[Any] = resource.__dict__[key]  # set by the SDK for every key of the bag
        return output

    return get
