"""Our server layer: the gRPC ResourceProvider service in front of the lifecycle, one thread per call.

Written on the SDK's generated service (`pulumi.runtime.proto`) rather than on `pulumi.provider.experimental`,
whose server (3.272) cannot return unknowns from Check, answers a Read of a missing resource with its id and no
properties (so the engine keeps a ghost), claims a detailed diff even when it has none, runs every call on one
asyncio loop, and wraps each error in `Exception` with a Python traceback. Here each of those is the engine's
own contract: unknowns pass as the unknown sentinel (`values`), a missing resource answers an empty id, a diff
carries the lifecycle's own detailed diff, calls run in threads started on demand, and an error is our message.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

from ..aws.errors import PersonalizeError
from ..aws.settings import config_namespace
from ..lifecycle.answers import Changes
from ..lifecycle.progress import lines_to
from ..process.debug import debug
from . import values
from .config import checked_config, config_changes, plugin_config
from .engine_log import EngineLog

if TYPE_CHECKING:
    from .provider import NativeResources

Answer = TypeVar("Answer")


class PersonalizeService(provider_pb2_grpc.ResourceProviderServicer):
    """The ResourceProvider service of the plugin `personalize`."""

    def __init__(self, version: str, schema: Callable[[], str], log: EngineLog | None) -> None:
        self._version = version
        self._schema = schema
        self._log = log
        self._loaded: NativeResources | None = None
        self._lock = threading.Lock()

    @property
    def _resources(self) -> NativeResources:
        """The resources, with the lifecycle (and the Pulumi SDK) loaded at the first call that needs them."""
        with self._lock:
            if self._loaded is None:
                from .provider import NativeResources

                self._loaded = NativeResources()
            return self._loaded

    def _run(self, context: grpc.ServicerContext, urn: str, work: Callable[[], Answer]) -> Answer:
        """Run a call: its progress lines under `urn`, its errors as our message with no traceback."""
        namespace = config_namespace.set("personalize")
        try:
            if self._log is None or not urn:
                return work()
            log = self._log
            with lines_to(lambda line: log.info(urn, line)):
                return work()
        except PersonalizeError as error:
            context.abort(grpc.StatusCode.UNKNOWN, str(error))
        except Exception as error:  # any other failure reaches the user as one clear line, the traceback in debug
            debug("".join(traceback.format_exception(error)))
            context.abort(grpc.StatusCode.INTERNAL, f"pulumi-personalize: {type(error).__name__}: {error}")
        finally:
            config_namespace.reset(namespace)

    def GetPluginInfo(self, request: empty_pb2.Empty, context: grpc.ServicerContext) -> plugin_pb2.PluginInfo:
        return plugin_pb2.PluginInfo(version=self._version)

    def GetSchema(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.GetSchemaResponse:
        return provider_pb2.GetSchemaResponse(schema=self._schema())

    def CheckConfig(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.CheckResponse:
        inputs, failures = checked_config(values.plain(request.olds), values.plain(request.news))
        return _check_response(inputs, failures)

    def DiffConfig(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.DiffResponse:
        changed = config_changes(values.plain(request.olds), values.plain(request.news))
        return _diff_response(Changes(changed, [], False, dict.fromkeys(changed, "UPDATE")))

    def Configure(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.ConfigureResponse:
        self._resources.configure(plugin_config(values.plain(request.args)))
        return provider_pb2.ConfigureResponse(acceptSecrets=False, supportsPreview=False)

    def Check(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.CheckResponse:
        def check() -> provider_pb2.CheckResponse:
            olds, news = values.plain(request.olds), values.plain(request.news)
            inputs, failures = self._resources.check(request.urn, olds, news)
            return _check_response(inputs, [(failure.property, failure.reason) for failure in failures])

        return self._run(context, request.urn, check)

    def Diff(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.DiffResponse:
        olds, news = values.plain(request.olds), values.plain(request.news)
        return self._run(
            context, request.urn, lambda: _diff_response(self._resources.diff(request.urn, request.id, olds, news))
        )

    def Create(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.CreateResponse:
        def create() -> provider_pb2.CreateResponse:
            arn, outputs = self._resources.create(request.urn, values.plain(request.properties), request.timeout)
            return provider_pb2.CreateResponse(id=arn, properties=values.wire(outputs))

        return self._run(context, request.urn, create)

    def Read(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.ReadResponse:
        def read() -> provider_pb2.ReadResponse:
            props = {**values.plain(request.inputs), **values.plain(request.properties)}
            found = self._resources.read(request.urn, request.id, props)
            if found is None:  # gone: an empty id, as the engine's contract says (never the old id)
                return provider_pb2.ReadResponse(id="")
            return provider_pb2.ReadResponse(
                id=found.id, properties=values.wire(found.outputs), inputs=values.wire(found.inputs)
            )

        return self._run(context, request.urn, read)

    def Update(self, request: Any, context: grpc.ServicerContext) -> provider_pb2.UpdateResponse:
        def update() -> provider_pb2.UpdateResponse:
            olds, news = values.plain(request.olds), values.plain(request.news)
            outputs = self._resources.update(request.urn, request.id, olds, news, request.timeout)
            return provider_pb2.UpdateResponse(properties=values.wire(outputs))

        return self._run(context, request.urn, update)

    def Delete(self, request: Any, context: grpc.ServicerContext) -> empty_pb2.Empty:
        def delete() -> empty_pb2.Empty:
            self._resources.delete(request.urn, request.id, values.plain(request.properties), request.timeout)
            return empty_pb2.Empty()

        return self._run(context, request.urn, delete)

    def Cancel(self, request: empty_pb2.Empty, context: grpc.ServicerContext) -> empty_pb2.Empty:
        return empty_pb2.Empty()


def _check_response(inputs: dict[str, Any], failures: list[tuple[str, str]]) -> provider_pb2.CheckResponse:
    return provider_pb2.CheckResponse(
        inputs=values.wire(inputs),
        failures=[provider_pb2.CheckFailure(property=key, reason=reason) for key, reason in failures],
    )


def _diff_response(changes: Changes) -> provider_pb2.DiffResponse:
    """The diff with its changed keys and detailed diff, which the engine shows and `replace_on_changes` needs."""
    return provider_pb2.DiffResponse(
        changes=provider_pb2.DiffResponse.DIFF_SOME if changes.changed else provider_pb2.DiffResponse.DIFF_NONE,
        replaces=changes.replaces,
        deleteBeforeReplace=changes.delete_before_replace,
        diffs=changes.changed,
        detailedDiff={
            key: provider_pb2.PropertyDiff(kind=provider_pb2.PropertyDiff.Kind.Value(kind), inputDiff=True)
            for key, kind in changes.detailed.items()
        },
        hasDetailedDiff=True,
    )
