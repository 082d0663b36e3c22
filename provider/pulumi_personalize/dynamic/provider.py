"""The dynamic front: the generic `pulumi.dynamic.ResourceProvider` that serves the lifecycle to Python programs.

Each resource module subclasses it with its `kind` only (`EventTrackerProvider`): the SDK pickles the class by
reference into `__provider`, so those class paths are part of users' state and never move.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import (
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.runtime import rpc

from ..aws.errors import PersonalizeError
from ..aws.settings import StackAwsConfig
from ..lifecycle.answers import Properties
from ..lifecycle.steps import Lifecycle
from ..process.engine_watch import watch_engine
from ..resources.kind import ResourceKind
from .server_diff import answer_with, send_detailed_diffs
from .server_workers import serve_calls_at_once

PROVIDER_KEY = "__provider"


def plain_properties(properties: Properties) -> Properties:
    """Properties as plain values, without `__provider`.

    The engine may send a value that came from another resource as an output value, which the Python
    SDK deserializes into a `pulumi.Output` (its data already resolved), and secrets as wrapped values.
    Providers reason about plain values: a known Output becomes its value, an unknown one rpc.UNKNOWN.
    """
    return {key: _resolved(value) for key, value in properties.items() if key != PROVIDER_KEY}


def _resolved(value: Any) -> Any:
    if isinstance(value, pulumi.Output):
        data = value._data  # the SDK's resolved _OutputData future; no public synchronous accessor exists
        if not data.done() or not data.result().is_known:
            return rpc.UNKNOWN
        return _resolved(data.result().value)
    if rpc.is_rpc_secret(value):
        return _resolved(rpc.unwrap_rpc_secret(value))
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item) for item in value]
    return value


class PersonalizeProvider(ResourceProvider):
    """Generic dynamic provider; subclasses only set `kind`.

    Instances carry no state of their own when pickled (the class is pickled by reference), so
    `__provider` is small, identical on every run, and free of credentials and config.
    """

    kind: ClassVar[ResourceKind]
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        watch_engine()  # only in the provider server: exit when the engine is gone (issue #15)
        serve_calls_at_once()  # only there: as many calls at once as the engine sends (issue #11)
        send_detailed_diffs()  # only there: changed keys and a detailed diff reach the engine (issue #20)
        self._stack = StackAwsConfig.from_config(req.config.get)

    @property
    def lifecycle(self) -> Lifecycle:
        return Lifecycle(self.kind, getattr(self, "_stack", None) or StackAwsConfig())

    def __getstate__(self) -> dict[str, Any]:
        return {}  # never pickle what configure() learnt in a provider process

    def check(self, _olds: Properties, news: Properties) -> CheckResult:
        inputs, failures = self.lifecycle.check(plain_properties(_olds), plain_properties(news))
        return CheckResult(inputs, failures)

    def diff(self, _id: str, _olds: Properties, _news: Properties) -> DiffResult:
        changes = self.lifecycle.diff(_id, plain_properties(_olds), plain_properties(_news))
        answer_with(changes.changed, changes.detailed)
        return DiffResult(
            changes=bool(changes.changed),
            replaces=changes.replaces,
            delete_before_replace=changes.delete_before_replace,
        )

    def create(self, props: Properties) -> CreateResult:
        try:
            arn, outputs = self.lifecycle.create(plain_properties(props))
        except PersonalizeError as error:  # the traceback the CLI shows: this frame only
            raise error.with_traceback(None) from None
        return CreateResult(arn, outputs)

    def read(self, id_: str, props: Properties) -> ReadResult:
        try:
            found = self.lifecycle.read(id_, plain_properties(props))
        except PersonalizeError as error:
            raise error.with_traceback(None) from None
        if found is None:
            return ReadResult(id_="", outs={})
        return ReadResult(found.id, found.outputs, inputs=found.inputs)

    def update(self, _id: str, _olds: Properties, _news: Properties) -> UpdateResult:
        try:
            return UpdateResult(self.lifecycle.update(_id, plain_properties(_olds), plain_properties(_news)))
        except PersonalizeError as error:
            raise error.with_traceback(None) from None

    def delete(self, _id: str, _props: Properties) -> None:
        try:
            self.lifecycle.delete(_id, plain_properties(_props))
        except PersonalizeError as error:
            raise error.with_traceback(None) from None
