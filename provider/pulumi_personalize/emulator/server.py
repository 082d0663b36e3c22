"""The HTTP front of the emulator and the in-process :class:`Emulator`.

:class:`Dispatcher` is a small WSGI app in front of moto's server app: ``/_emulator/*`` is the
control API; every other request is counted under its operation name, goes through fault
injection and is then handed to moto, which routes it by its SigV4 signing name (``personalize``
for both ``POST /`` and ``POST /events``, see responses.py).
"""

from __future__ import annotations

import functools
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar

from moto.core.exceptions import JsonRESTError
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import get_input_stream

from .faults import FaultInjector, FaultSpec, FaultSpecError, parse_spec
from .models import STORE
from .validation import operation_model

__all__ = ["CONTROL_PREFIX", "Dispatcher", "Emulator", "FaultsArgument"]

CONTROL_PREFIX = "/_emulator/"
FaultsArgument = str | dict[str, Any] | FaultSpec | None

# rest-json operations are known by their path; JSON 1.1 ones by their X-Amz-Target header.
_PATH_OPERATIONS = {
    operation_model("personalize-events", "PutEvents").http["requestUri"]: "PutEvents",
}


def operation_name(environ: dict[str, Any]) -> str:
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return str(target).rsplit(".", 1)[-1]
    path = environ.get("PATH_INFO", "")
    return _PATH_OPERATIONS.get(path, f"{environ.get('REQUEST_METHOD', '')} {path}")


def _front_end_error(code: str, message: str, status: int) -> JsonRESTError:
    """An error as AWS's front end sends it (the same body and header moto uses for service errors)."""
    error = JsonRESTError(code, message)
    error.code = status
    return error


_FAULT_ERRORS: dict[str, Callable[[], JsonRESTError]] = {
    "throttle": lambda: _front_end_error("ThrottlingException", "Rate exceeded", 400),
    "error": lambda: _front_end_error(
        "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
        500,
    ),
    "unavailable": lambda: _front_end_error(
        "ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503
    ),
}


def _missing_authentication() -> JsonRESTError:
    """AWS's answer to an unsigned request (moto would route it to S3, its default service)."""
    return _front_end_error("MissingAuthenticationTokenException", "Missing Authentication Token", 403)


def _drop_connection(environ: dict[str, Any]) -> None:
    """Read the request, then close the socket without a byte of response."""
    get_input_stream(environ).read()
    environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
    # werkzeug treats a ConnectionError as a client that went away: nothing is written or logged.
    raise ConnectionAbortedError("fault injection: connection dropped")


class _MotoApp(DomainDispatcherApplication):
    """moto's server app, remembering which backend serves a host: moto works it out again on every
    request by listing its own package directory, a third of the time of a request."""

    def __init__(self) -> None:
        super().__init__(create_backend_app)
        self._backend_of_host = functools.lru_cache(maxsize=1024)(super().get_backend_for_host)

    def get_backend_for_host(self, host: str | None) -> Any:
        return self._backend_of_host(host)


def _to_spec(faults: FaultsArgument) -> FaultSpec:
    if isinstance(faults, FaultSpec):
        return faults
    if isinstance(faults, str):
        return parse_spec(faults)
    if faults is None:
        return FaultSpec()
    return FaultSpec.from_json(faults)


class Dispatcher:
    """The WSGI app: control API, call counting and fault injection in front of moto."""

    def __init__(self, faults: FaultSpec) -> None:
        self._moto = _MotoApp()
        self._initial_faults = faults
        self._lock = threading.Lock()
        self._calls: Counter[str] = Counter()
        self._injector = FaultInjector()
        self.set_faults(faults)

    def set_faults(self, spec: FaultSpec) -> None:
        """Replace the fault spec (and re-arm the fail-next counters it gives)."""
        with self._lock:
            self._injector = FaultInjector(spec)
            STORE.arm_failures(spec.fail_next_dataset_group, spec.fail_next_tracker)

    def faults(self) -> dict[str, Any]:
        """The current spec in JSON form, with the fail-next counters that are left."""
        armed = STORE.armed_failures()
        return self._injector.spec.to_json() | {
            "fail-next-tracker": armed["event-tracker"],
            "fail-next-dataset-group": armed["dataset-group"],
        }

    def calls(self) -> dict[str, int]:
        with self._lock:
            return dict(self._calls)

    def reset(self) -> None:
        """Back to a fresh start: no resources, events or counted calls, the initial fault spec."""
        STORE.reset()
        with self._lock:
            self._calls.clear()
        self.set_faults(self._initial_faults)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(CONTROL_PREFIX):
            return self._control(Request(environ))(environ, start_response)
        operation = operation_name(environ)
        with self._lock:
            self._calls[operation] += 1
            injector = self._injector
        if not environ.get("HTTP_AUTHORIZATION", "").startswith("AWS4-HMAC-SHA256 "):
            return _missing_authentication()(environ, start_response)
        decision = injector.decide(operation)
        if decision.delay:
            time.sleep(decision.delay)
        if decision.outcome == "drop":
            _drop_connection(environ)
        if decision.outcome != "pass":
            return _FAULT_ERRORS[decision.outcome]()(environ, start_response)
        response: Iterable[bytes] = self._moto(environ, start_response)
        return response

    def _control(self, request: Request) -> Response:
        route = (request.method, request.path.removeprefix(CONTROL_PREFIX).strip("/"))
        handlers: dict[tuple[str, str], Callable[[], Any]] = {
            ("GET", "health"): self._health,
            ("GET", "calls"): self.calls,
            ("GET", "events"): STORE.events,
            ("GET", "resources"): STORE.resources,
            ("POST", "reset"): self._post_reset,
            ("GET", "faults"): self.faults,
            ("POST", "faults"): lambda: self._post_faults(request),
        }
        handler = handlers.get(route)
        if handler is None:
            known = route[1] in {path for _, path in handlers}
            return _json_response({"error": f"no {route[0]} {request.path}"}, 405 if known else 404)
        try:
            return _json_response(handler(), 200)
        except FaultSpecError as error:
            return _json_response({"error": str(error)}, 400)

    @staticmethod
    def _health() -> dict[str, Any]:
        settings = STORE.settings
        return {"status": "ok", "createSeconds": settings.create_seconds, "deleteSeconds": settings.delete_seconds}

    def _post_reset(self) -> dict[str, Any]:
        self.reset()
        return {}

    def _post_faults(self, request: Request) -> dict[str, Any]:
        self.set_faults(parse_spec(request.get_data(as_text=True)))
        return self.faults()


def _json_response(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


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
    ) -> None:
        spec = _to_spec(faults)
        with Emulator._running_lock:
            if Emulator._running is not None:
                raise RuntimeError(f"an Emulator already runs in this process: {Emulator._running.endpoint_url}")
            Emulator._running = self
        try:
            STORE.configure(create_seconds, delete_seconds, Path(state_file) if state_file else None)
            self._dispatcher = Dispatcher(spec)
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

    def set_timings(self, create_seconds: float, delete_seconds: float) -> None:
        """Change the phase durations of resources created or deleted from now on."""
        STORE.set_timings(create_seconds, delete_seconds)

    def calls(self) -> dict[str, int]:
        """Requests received per operation name, faulted and invalid ones included."""
        return self._dispatcher.calls()

    def events(self) -> list[dict[str, Any]]:
        """Every event accepted by PutEvents, one entry per event."""
        return STORE.events()

    def resources(self) -> list[dict[str, Any]]:
        """Every dataset group and event tracker (gone ones too) with its transition moments."""
        return STORE.resources()

    def reset(self) -> None:
        self._dispatcher.reset()

    def set_faults(self, spec: FaultsArgument) -> None:
        self._dispatcher.set_faults(_to_spec(spec))

    def faults(self) -> dict[str, Any]:
        return self._dispatcher.faults()

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
