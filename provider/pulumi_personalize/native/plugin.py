"""`pulumi-resource-personalize`: the plugin the engine starts for `personalize:` resources.

It prints the port it serves on as soon as it listens (the engine waits for that line); the lifecycle's
modules, and boto3 with them, load on the first call that needs them. It exits when the engine stops it
(SIGINT) or is gone (`process.engine_watch`), after confirming what the engine recorded.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import grpc

from ..process.engine_watch import engine_address, main_module, serving_as_plugin, watch_engine
from ..process.threads import MOST_THREADS


def load_service_stubs() -> None:
    """Load `pulumi.runtime.proto` (the gRPC stubs) without running `pulumi/__init__` first.

    Why: the SDK's package init imports the whole SDK (0.2 s), and the engine waits for our port. Its generated
    stubs need none of it. Stand-in parent packages let them load; they are removed at once, so the first
    `import pulumi` (by the lifecycle, at the first call) runs the real init and finds the stubs loaded.
    """
    if "pulumi" in sys.modules:
        return
    root = Path(importlib.util.find_spec("pulumi").origin).parent  # type: ignore[union-attr, arg-type]
    for name, folder in (("pulumi", root), ("pulumi.runtime", root / "runtime")):
        stand_in = types.ModuleType(name)
        stand_in.__path__ = [str(folder)]
        sys.modules[name] = stand_in
    try:
        importlib.import_module("pulumi.runtime.proto")
    finally:
        del sys.modules["pulumi.runtime"], sys.modules["pulumi"]


def main() -> None:
    serving_as_plugin()
    watch_engine()
    load_service_stubs()
    from pulumi.runtime.proto import provider_pb2_grpc

    from .engine_log import EngineLog
    from .server import PersonalizeService

    address = engine_address(sys.argv, main_module())
    plugin_version = version("pulumi-personalize")
    service = PersonalizeService(
        plugin_version,
        lambda: _schema(plugin_version),
        EngineLog(f"{address[0]}:{address[1]}") if address else None,
    )
    server = grpc.server(ThreadPoolExecutor(max_workers=MOST_THREADS, thread_name_prefix="personalize-call"))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(service, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:  # the engine's SIGINT at the end of a command
        server.stop(grace=None)


def _schema(plugin_version: str) -> str:
    from .schema import package_schema

    return package_schema(plugin_version)


if __name__ == "__main__":
    main()
