"""What the response classes of the emulated services share (``responses``, ``recommending_responses``):
validation of the request against the operation's model, the model lock and the request's moment, and the HTTP
status the model gives each error.

moto does the request parsing (body, region and account from the SigV4 headers) and the response serialization
from the botocore output shapes; errors are moto ``JsonRESTError``s: HTTP 400 (unless said otherwise), body
``{"__type": code, "message": ...}``, header ``X-Amzn-ErrorType``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from moto.core.common_types import TYPE_RESPONSE
from moto.core.exceptions import JsonRESTError
from moto.core.responses import BaseResponse
from moto.core.utils import camelcase_to_underscores, method_names_from_class

from . import clock
from .models import EmulatorBackend, backend_for
from .store import STORE
from .validation import operation_model, service_model, validate

__all__ = ["EmulatorResponse"]


class EmulatorResponse(BaseResponse):
    """What both services share: validation, the model lock (the account comes from the access key: the
    dispatcher's ``_account_of_access_key``)."""

    SERVICE: str
    # The operations a response class answers, by method name (what moto's dispatch looks for).
    _operations: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._operations = frozenset(method_names_from_class(cls))

    @property
    def personalize_backend(self) -> EmulatorBackend:
        return backend_for(self.current_account, self.region)

    def _get_action(self) -> str:
        """The operation: from X-Amz-Target (JSON 1.1) or from method and path (rest-json).

        moto would first look for an ``Action`` query parameter, which it also searches the
        body for: a PutEvents payload containing ``&Action=`` would then be misrouted.
        """
        target = self.headers.get("X-Amz-Target")
        if target:
            return str(target).split(".")[-1]
        action: str | None = self._get_action_from_method_and_request_uri(self.method, self.raw_path)
        return action or ""

    def call_action(self) -> TYPE_RESPONSE:
        action = self._get_action()
        if camelcase_to_underscores(action) not in self._operations:
            return _error_response(
                JsonRESTError("UnknownOperationException", f"The emulator does not implement {action!r}.")
            )
        with STORE.lock, clock.one_moment():  # the moment it is answered at, in turn with the other requests
            status, headers, body = super().call_action()
        return _modelled_status(self.SERVICE, status, headers), headers, body

    def _input(self) -> dict[str, Any]:
        """The request members, validated against the operation's input shape."""
        try:
            params = json.loads(self.body or "{}")
        except ValueError:
            params = None
        if not isinstance(params, dict):
            raise JsonRESTError("SerializationException", "The request body is not a JSON object.")
        validate(operation_model(self.SERVICE, self._get_action()), params)
        return params


@functools.cache
def _error_statuses(service: str) -> dict[str, int]:
    """The HTTP status the service's model gives each of its errors (personalize-events: 404, 409)."""
    model = service_model(service)
    return {shape.name: int(shape.metadata.get("error", {}).get("httpStatusCode", 400)) for shape in model.error_shapes}


def _modelled_status(service: str, status: int, headers: dict[str, Any]) -> int:
    """moto answers every service error 400; the model's status instead, for a modelled error."""
    code = str(headers.get("X-Amzn-ErrorType", "")).split(":")[0]
    return _error_statuses(service).get(code, status) if status == 400 else status


def _error_response(error: JsonRESTError) -> TYPE_RESPONSE:
    return error.code, dict(error.get_headers()), error.get_body()
