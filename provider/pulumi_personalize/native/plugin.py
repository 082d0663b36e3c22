"""`pulumi-resource-personalize`: the plugin the engine starts for `personalize:` resources.

It prints the port it serves on as soon as it listens (the engine waits for that line); the lifecycle's
modules, and boto3 with them, load on the first call that needs them. It exits when the engine stops it
(SIGINT) or is gone (`process.engine_watch`), after confirming what the engine recorded.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version

import grpc
from pulumi.runtime.proto import provider_pb2_grpc

from ..dynamic.server_workers import MOST_THREADS
from ..process.engine_watch import engine_address, main_module, serving_as_plugin, watch_engine
from .engine_log import EngineLog
from .schema import package_schema
from .server import PersonalizeService


def main() -> None:
    serving_as_plugin()
    watch_engine()
    address = engine_address(sys.argv, main_module())
    plugin_version = version("pulumi-personalize")
    service = PersonalizeService(
        plugin_version,
        lambda: package_schema(plugin_version),
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


if __name__ == "__main__":
    main()
