"""The WSGI front of the emulator: control API, call counting and fault injection before moto.

``/_emulator/*`` goes to the control API; every other request is counted under its operation name,
goes through fault injection and is then handed to moto's server app, which routes it by its SigV4
signing name (``personalize`` for ``POST /``, the data plane's and the runtime's paths, see ``urls``) to
the backend of ``models``.
"""

from __future__ import annotations

import functools
import os
import re
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.wrappers import Request
from werkzeug.wsgi import get_input_stream

from .control import CONTROL_PREFIX, ControlApi
from .faults import FaultInjector, FaultSpec
from .models import STORE  # importing models registers the emulator's backend with moto
from .validation import operation_model

__all__ = ["Dispatcher", "operation_name"]

# rest-json operations (personalize-events, personalize-runtime) are known by their path; JSON 1.1 ones by their
# X-Amz-Target header.
_PATH_OPERATIONS = {
    operation_model(service, operation).http["requestUri"]: operation
    for service, operations in (
        ("personalize-events", ("PutEvents", "PutItems", "PutUsers", "PutActionInteractions")),
        ("personalize-runtime", ("GetRecommendations", "GetPersonalizedRanking")),
    )
    for operation in operations
}


def operation_name(environ: dict[str, Any]) -> str:
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return str(target).rsplit(".", 1)[-1]
    path = environ.get("PATH_INFO", "")
    return _PATH_OPERATIONS.get(path, f"{environ.get('REQUEST_METHOD', '')} {path}")


def _wire_headers(environ: dict[str, Any], start_response: Any) -> Any:
    """``start_response`` with the headers AWS sends for a Personalize operation: the protocol's media type
    (``application/x-amz-json-1.1`` for JSON 1.1, ``application/json`` for rest-json), a UUID request ID,
    and none of moto's own (its ``status`` header); other services' answers are left as moto gives them."""
    target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
    if target.startswith("AmazonPersonalize."):
        media_type = "application/x-amz-json-1.1"
    elif environ.get("PATH_INFO", "") in _PATH_OPERATIONS:
        media_type = "application/json"
    else:
        return start_response
    replaced = {"content-type", "x-amzn-requestid", "status"}

    def respond(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
        kept = [(name, value) for name, value in headers if name.lower() not in replaced]
        return start_response(
            status, [*kept, ("Content-Type", media_type), ("x-amzn-RequestId", str(uuid.uuid4()))], *rest
        )

    return respond


_CREDENTIAL = re.compile(r"Credential=(\d{12})/")


def _account_of_access_key(environ: dict[str, Any]) -> None:
    """An access key id of 12 digits is the account of the request, for every service on the port (STS
    too), unless MOTO_ACCOUNT_ID or an ``x-moto-account-id`` header says otherwise: tests reach isolated
    accounts with nothing but credentials, and GetCallerIdentity agrees with the ARNs Personalize makes."""
    match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    if match and "MOTO_ACCOUNT_ID" not in os.environ and "HTTP_X_MOTO_ACCOUNT_ID" not in environ:
        environ["HTTP_X_MOTO_ACCOUNT_ID"] = match.group(1)


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


class Dispatcher:
    """The WSGI app: control API, call counting and fault injection in front of moto."""

    def __init__(
        self, faults: FaultSpec, guard: Callable[[dict[str, Any]], JsonRESTError | None] | None = None
    ) -> None:
        self._guard = guard  # IAM (emulator/iam.py): a refusal, or None to let the call go on
        self._moto = _MotoApp()
        self._control = ControlApi(self)
        self._initial_faults = faults
        self._lock = threading.Lock()
        self._calls: Counter[str] = Counter()
        self._injector: FaultInjector
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
        start_response = _wire_headers(environ, start_response)
        with self._lock:
            self._calls[operation] += 1
            injector = self._injector
        if not environ.get("HTTP_AUTHORIZATION", "").startswith("AWS4-HMAC-SHA256 "):
            return _missing_authentication()(environ, start_response)
        _account_of_access_key(environ)
        refusal = self._guard(environ) if self._guard else None
        if refusal is not None:
            return refusal(environ, start_response)
        decision = injector.decide(operation)
        if decision.delay:
            time.sleep(decision.delay)
        if decision.outcome == "drop":
            _drop_connection(environ)
        if decision.outcome != "pass":
            return _FAULT_ERRORS[decision.outcome]()(environ, start_response)
        response: Iterable[bytes] = self._moto(environ, start_response)
        return response
