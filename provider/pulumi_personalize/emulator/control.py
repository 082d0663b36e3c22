"""The control API: JSON over HTTP under ``/_emulator/``, for tests and benchmarks (never counted
as calls). See docs/emulator.md, "Control API".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from .faults import FaultSpecError, parse_spec
from .store import STORE

if TYPE_CHECKING:
    from .dispatcher import Dispatcher

__all__ = ["CONTROL_PREFIX", "ControlApi", "ControlError"]

CONTROL_PREFIX = "/_emulator/"
_TIMING_KEYS = ("createSeconds", "deleteSeconds", "trainSeconds")


class ControlError(ValueError):
    """A control request that cannot be honoured: answered 400 with its message."""


class ControlApi:
    """Routes ``(method, path under /_emulator/)`` to handlers answering JSON."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self._dispatcher = dispatcher

    def __call__(self, request: Request) -> Response:
        method, path = request.method, request.path.removeprefix(CONTROL_PREFIX).strip("/")
        routes = self._routes(request)
        handler = routes.get((method, path))
        if handler is None:
            known = path in {known_path for _, known_path in routes}
            return _json_response({"error": f"no {method} {request.path}"}, 405 if known else 404)
        try:
            return _json_response(handler(), 200)
        except (ControlError, FaultSpecError) as error:
            return _json_response({"error": str(error)}, 400)

    def _routes(self, request: Request) -> dict[tuple[str, str], Callable[[], Any]]:
        dispatcher = self._dispatcher
        return {
            ("GET", "health"): lambda: {"status": "ok", **_timings()},
            ("GET", "calls"): dispatcher.calls,
            ("GET", "events"): STORE.events,
            ("GET", "resources"): STORE.resources,
            ("POST", "reset"): self._reset,
            ("GET", "faults"): dispatcher.faults,
            ("POST", "faults"): lambda: self._set_faults(request.get_data(as_text=True)),
            ("GET", "timings"): _timings,
            ("POST", "timings"): lambda: _set_timings(request.get_data(as_text=True)),
            ("GET", "quotas"): STORE.settings.quotas.as_names,
            ("POST", "quotas"): lambda: _set_quotas(request.get_data(as_text=True)),
        }

    def _reset(self) -> dict[str, Any]:
        self._dispatcher.reset()
        return {}

    def _set_faults(self, text: str) -> dict[str, Any]:
        self._dispatcher.set_faults(parse_spec(text))
        return self._dispatcher.faults()


def _timings() -> dict[str, float]:
    settings = STORE.settings
    return {
        "createSeconds": settings.create_seconds,
        "deleteSeconds": settings.delete_seconds,
        "trainSeconds": settings.train_seconds,
    }


def _set_timings(body: str) -> dict[str, float]:
    """``{"createSeconds": S, "deleteSeconds": S, "trainSeconds": S}``, any may be left out (kept as it is);
    answers the timings now in force."""
    try:
        wanted = json.loads(body)
    except ValueError as error:
        raise ControlError(f"the body is not JSON: {error}") from error
    if not isinstance(wanted, dict) or set(wanted) - set(_TIMING_KEYS):
        raise ControlError(f"expected a JSON object with any of {', '.join(_TIMING_KEYS)}")
    with STORE.lock:
        timings = _timings() | {key: _seconds(key, value) for key, value in wanted.items()}
        try:
            STORE.set_timings(timings["createSeconds"], timings["deleteSeconds"], timings["trainSeconds"])
        except ValueError as error:
            raise ControlError(str(error)) from error
    return timings


def _set_quotas(body: str) -> dict[str, int]:
    """``{"dataset-groups": N, ...}``: the quotas named are set, the others kept; answers all of them."""
    try:
        wanted = json.loads(body)
    except ValueError as error:
        raise ControlError(f"the body is not JSON: {error}") from error
    if not isinstance(wanted, dict):
        raise ControlError('expected a JSON object of quotas, e.g. {"dataset-groups": 100}')
    try:
        return STORE.set_quotas(wanted).as_names()
    except ValueError as error:
        raise ControlError(str(error)) from error


def _seconds(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ControlError(f"{key} must be a number of seconds; got {value!r}")
    try:
        return float(value)
    except OverflowError as error:  # an integer beyond any float
        raise ControlError(f"{key} must be a finite number of seconds") from error


def _json_response(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")
