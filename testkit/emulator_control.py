"""The emulator's control API (`/_emulator/...`, see docs/emulator.md) over HTTP.

It asks an emulator in another process what the in-process `pulumi_personalize.emulator.Emulator` answers
through its methods of the same names.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

TIMEOUT_SECONDS = 30.0


class EmulatorControlError(RuntimeError):
    """The control API refused a request (an answer other than 200)."""


class EmulatorControl:
    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url

    def send(self, method: str, route: str, body: bytes | None = None) -> tuple[int, Any]:
        """(HTTP status, JSON answer) of `method /_emulator/<route>`, refusals included."""
        data = b"" if body is None and method == "POST" else body
        request = urllib.request.Request(f"{self.endpoint_url}/_emulator/{route}", data=data, method=method)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def request(self, method: str, route: str, body: bytes | None = None) -> Any:
        """The JSON answer of `method /_emulator/<route>`; EmulatorControlError when it is refused."""
        status, answer = self.send(method, route, body)
        if status != 200:
            raise EmulatorControlError(f"{method} /_emulator/{route} answered {status}: {answer}")
        return answer

    def calls(self) -> dict[str, int]:
        """Requests received per operation name since the last reset, faulted and invalid ones included."""
        calls: dict[str, int] = self.request("GET", "calls")
        return calls

    def resources(self) -> list[dict[str, Any]]:
        """Every dataset group and event tracker since the last reset (gone ones too), with epoch-second
        transition moments."""
        resources: list[dict[str, Any]] = self.request("GET", "resources")
        return resources

    def live(self) -> list[dict[str, Any]]:
        """The resources that still exist (status other than DELETED)."""
        return [resource for resource in self.resources() if resource["status"] != "DELETED"]

    def reset(self) -> None:
        self.request("POST", "reset")

    def timings(self) -> dict[str, float]:
        """{"createSeconds": ..., "deleteSeconds": ...} of resources created (or deleted) from now on."""
        timings: dict[str, float] = self.request("GET", "timings")
        return timings

    def set_timings(self, create_seconds: float, delete_seconds: float) -> None:
        timings = {"createSeconds": create_seconds, "deleteSeconds": delete_seconds}
        self.request("POST", "timings", json.dumps(timings).encode())

    def set_train_seconds(self, seconds: float) -> None:
        """How long the solution versions created from now on train."""
        self.request("POST", "timings", json.dumps({"trainSeconds": seconds}).encode())
