"""Progress lines under their resource: the engine hides a native plugin's stderr, so lines go to its log service."""

from __future__ import annotations

import threading

import grpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from ..process.debug import debug


class EngineLog:
    """The engine's log service at `address`, one channel for the plugin's life."""

    def __init__(self, address: str) -> None:
        self._address = address
        self._stub: engine_pb2_grpc.EngineStub | None = None
        self._lock = threading.Lock()

    def _engine(self) -> engine_pb2_grpc.EngineStub:
        with self._lock:
            if self._stub is None:
                self._stub = engine_pb2_grpc.EngineStub(grpc.insecure_channel(self._address))
            return self._stub

    def info(self, urn: str, line: str) -> None:
        """Show `line` under the resource `urn` (an engine that cannot be reached only loses the line)."""
        try:
            self._engine().Log(engine_pb2.LogRequest(severity=engine_pb2.INFO, message=line, urn=urn), timeout=5)
        except grpc.RpcError as error:
            debug(f"engine log unreachable ({error.code()}): {line}")
