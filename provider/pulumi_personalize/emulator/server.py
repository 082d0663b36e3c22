"""The in-process :class:`Emulator`: the :class:`~.dispatcher.Dispatcher` served by werkzeug in a
background thread (the command line, ``__main__``, runs one too).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .control import CONTROL_PREFIX
from .dispatcher import Dispatcher
from .faults import FaultSpec, parse_spec
from .iam import IamGuard, PolicyArgument
from .store import STORE

__all__ = ["CONTROL_PREFIX", "Dispatcher", "Emulator", "FaultsArgument", "PolicyArgument"]

FaultsArgument = str | dict[str, Any] | FaultSpec | None


def _to_spec(faults: FaultsArgument) -> FaultSpec:
    if isinstance(faults, FaultSpec):
        return faults
    if isinstance(faults, str):
        return parse_spec(faults)
    if faults is None:
        return FaultSpec()
    return FaultSpec.from_json(faults)


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request (errors are still logged)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class Emulator:
    """The emulator serving in a background thread of this process, on a free loopback port.

    moto keeps its state in process-wide objects, so only one Emulator can run per process.
    The server starts in the constructor; use it as a context manager or call :meth:`stop`.
    """

    _running: ClassVar[Emulator | None] = None
    _running_lock: ClassVar[threading.Lock] = threading.Lock()
    endpoint_url: str

    def __init__(
        self,
        create_seconds: float = 4.0,
        delete_seconds: float = 2.0,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: str | Path | None = None,
        faults: FaultsArgument = None,
        iam_policy: PolicyArgument = None,
        quotas: Mapping[str, int] | None = None,
        train_seconds: float = 6.0,
    ) -> None:
        spec = _to_spec(faults)
        self._iam = IamGuard(iam_policy)  # PolicyError (a ValueError) before anything starts
        with Emulator._running_lock:
            if Emulator._running is not None:
                raise RuntimeError(f"an Emulator already runs in this process: {Emulator._running.endpoint_url}")
            Emulator._running = self
        try:
            STORE.configure(create_seconds, delete_seconds, Path(state_file) if state_file else None, train_seconds)
            STORE.set_quotas(dict(quotas or {}))
            self._dispatcher = Dispatcher(spec, self._iam)
            self._server: BaseWSGIServer = make_server(
                host, port, self._dispatcher, threaded=True, request_handler=_QuietHandler
            )
        except BaseException:
            Emulator._running = None
            raise
        bound_host = f"[{host}]" if ":" in host else host
        self.endpoint_url = f"http://{bound_host}:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name="personalize-emulator", daemon=True
        )
        self._thread.start()

    @property
    def create_seconds(self) -> float:
        return STORE.settings.create_seconds

    @property
    def delete_seconds(self) -> float:
        return STORE.settings.delete_seconds

    @property
    def train_seconds(self) -> float:
        return STORE.settings.train_seconds

    def set_timings(self, create_seconds: float, delete_seconds: float, train_seconds: float | None = None) -> None:
        """Change the phase durations of resources created or deleted from now on, and the training time of
        solution versions created from now on (kept as it is unless given)."""
        STORE.set_timings(create_seconds, delete_seconds, train_seconds)

    def set_quotas(self, **quotas: int) -> dict[str, int]:
        """Raise service quotas as a user raises them (``set_quotas(dataset_groups=100)``), kept by `reset()`;
        answers every quota now in force. ValueError, with nothing changed, for an unknown name or a bad value."""
        return STORE.set_quotas({name.replace("_", "-"): value for name, value in quotas.items()}).as_names()

    def calls(self) -> dict[str, int]:
        """Requests received per operation name, faulted and invalid ones included."""
        return self._dispatcher.calls()

    def events(self) -> list[dict[str, Any]]:
        """Every event accepted by PutEvents, one entry per event."""
        return STORE.events()

    def resources(self) -> list[dict[str, Any]]:
        """Every resource (gone ones too) with its transition moments."""
        return STORE.resources()

    def reset(self) -> None:
        self._dispatcher.reset()

    def set_faults(self, spec: FaultsArgument) -> None:
        self._dispatcher.set_faults(_to_spec(spec))

    def faults(self) -> dict[str, Any]:
        return self._dispatcher.faults()

    def set_iam_policy(self, policy: PolicyArgument) -> None:
        """Enforce this IAM policy (a dict, or the path of a JSON file) from the next call on; None: stop enforcing.

        Kept by `reset()`, like the timings. Raises `iam.PolicyError` (nothing changed) for a policy it cannot
        enforce; see docs/emulator.md, "IAM".
        """
        self._iam.set_policy(policy)

    def stop(self) -> None:
        with Emulator._running_lock:
            if Emulator._running is not self:
                return
            self._server.shutdown()
            self._thread.join()
            self._server.server_close()
            Emulator._running = None

    def __enter__(self) -> Emulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
