"""The plugin `pulumi-resource-personalize` as the engine runs it, driven over gRPC with no language host.

A stand-in engine serves the engine's Log service (so progress lines can be read back) on the address the
plugin is given, as the real engine does; the plugin answers on the port it prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc, provider_pb2_grpc

from testkit.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

PLUGIN = Path(sys.executable).parent / "pulumi-resource-personalize"


class FakeEngine(engine_pb2_grpc.EngineServicer):
    """The engine's Log service, recording each line with its URN."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def Log(self, request: engine_pb2.LogRequest, context: grpc.ServicerContext) -> empty_pb2.Empty:
        with self._lock:
            self.lines.append((request.urn, request.message))
        return empty_pb2.Empty()


class PluginProcess:
    """Start the plugin against a stand-in engine; `.provider` is a ResourceProvider stub on its port."""

    def __init__(self, endpoint_url: str) -> None:
        self.engine = FakeEngine()
        self._engine_server = grpc.server(ThreadPoolExecutor(max_workers=4))
        engine_pb2_grpc.add_EngineServicer_to_server(self.engine, self._engine_server)
        engine_port = self._engine_server.add_insecure_port("127.0.0.1:0")
        self._engine_server.start()
        environment = {
            **os.environ,
            "AWS_ENDPOINT_URL_PERSONALIZE": endpoint_url,
            "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
        }
        self.process = subprocess.Popen(
            [str(PLUGIN), f"127.0.0.1:{engine_port}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        assert self.process.stdout is not None
        port = self.process.stdout.readline().strip()
        assert port.isdigit(), (
            f"the plugin printed {port!r} first; stderr: {self.process.stderr.read() if self.process.stderr else ''}"
        )
        self._channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.provider = provider_pb2_grpc.ResourceProviderStub(self._channel)

    def info(self) -> Any:
        return self.provider.GetPluginInfo(empty_pb2.Empty(), timeout=10)

    def stop(self) -> int:
        """Stop it as the engine does (SIGINT) and return its exit status."""
        self._channel.close()
        self.process.send_signal(2)
        try:
            return self.process.wait(timeout=10)
        finally:
            self._engine_server.stop(grace=None)

    def __enter__(self) -> PluginProcess:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.process.poll() is None:
            self.stop()
