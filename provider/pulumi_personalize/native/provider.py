"""The native front's resources: each call found in the one table of kinds by its type token, and given what the
dynamic front's program side would have added (the autoname prefix, the ownership tag, the timeouts).

The engine's calls bring the URN, from which the Pulumi name and type come; the ownership tag's value is
`tag_value(stack identity, URN)`, as in the dynamic front, with the identity the provider keeps (`config`).
`customTimeouts` arrive with each Create, Update and Delete, and bound the step as they do for the dynamic front.
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import CheckFailure

from ..aws.errors import PersonalizeError
from ..aws.settings import StackAwsConfig
from ..lifecycle.answers import Changes, Found, Properties
from ..lifecycle.ownership import tag_value
from ..lifecycle.steps import Lifecycle
from ..resources.table import KINDS
from .config import PluginConfig

PACKAGE = "personalize"
MODULE = "index"


def token(type_name: str) -> str:
    """`EventTracker` -> `personalize:index:EventTracker`."""
    return f"{PACKAGE}:{MODULE}:{type_name}"


def _urn_parts(urn: str) -> tuple[str, str]:
    """(type token, Pulumi name) of a URN (`urn:pulumi:stack::project::[parent$]type::name`)."""
    *_, qualified_type, name = urn.split("::")
    return qualified_type.rsplit("$", 1)[-1], name


class NativeResources:
    """Every kind of the package, served through one lifecycle each; thread-safe (the plugin serves calls at once)."""

    def __init__(self) -> None:
        self._config = PluginConfig(StackAwsConfig(), None)

    def configure(self, config: PluginConfig) -> None:
        self._config = config

    def _lifecycle(self, urn: str) -> Lifecycle:
        type_token, _name = _urn_parts(urn)
        kind = KINDS.get(type_token.removeprefix(f"{PACKAGE}:{MODULE}:"))
        if kind is None or not type_token.startswith(f"{PACKAGE}:{MODULE}:"):
            raise PersonalizeError(
                f"unknown resource type {type_token}: this plugin serves {', '.join(map(token, KINDS))}"
            )
        return Lifecycle(kind, self._config.aws)

    def check(self, urn: str, olds: Properties, news: Properties) -> tuple[Properties, list[CheckFailure]]:
        """The dynamic front's bookkeeping, then the lifecycle's check.

        The autoname derives from the owner, so from the stack identity. A new stack's identity is made anew by
        its preview and again by its first `up` (nothing is saved in between): the name is then left to Create,
        which derives it the same way, so preview never shows a name that `up` would not use.
        """
        inputs = dict(news)
        _type, name = _urn_parts(urn)
        if inputs.get("name") is None:
            inputs["autonamePrefix"] = name
        if self._config.identity:
            inputs["owner"] = tag_value(self._config.identity, urn)
        checked, failures = self._lifecycle(urn).check(olds, inputs)
        if self._config.new_identity and not olds and news.get("name") is None:  # a new resource only
            checked.pop("name", None)
        return checked, failures

    def diff(self, urn: str, id_: str, olds: Properties, news: Properties) -> Changes:
        return self._lifecycle(urn).diff(id_, olds, news)

    def create(self, urn: str, props: Properties, timeout: float) -> tuple[str, Properties]:
        return self._lifecycle(urn).create(_with_timeout(props, "create", timeout))

    def read(self, urn: str, id_: str, props: Properties) -> Found | None:
        return self._lifecycle(urn).read(id_, props)

    def update(self, urn: str, id_: str, olds: Properties, news: Properties, timeout: float) -> Properties:
        return self._lifecycle(urn).update(id_, olds, _with_timeout(news, "update", timeout))

    def delete(self, urn: str, id_: str, props: Properties, timeout: float) -> None:
        self._lifecycle(urn).delete(id_, _with_timeout(props, "delete", timeout))


def _with_timeout(props: Properties, step: str, seconds: float) -> dict[str, Any]:
    """The properties with the engine's `customTimeouts` for `step`, when the program set one."""
    if seconds <= 0:
        return props
    return {**props, "timeouts": {**(props.get("timeouts") or {}), step: seconds}}
