"""The bench's handle on its emulator process: timings, counted calls and ground-truth timestamps.

The emulator runs in its own process (`python -m pulumi_personalize.emulator`), so its request handling never
shares a GIL with what is measured; everything the bench asks of it goes through its control API.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tests.aws import aws_client
from tests.harness import ROOT

CONTROL = "/_emulator/"


@dataclass
class RemoteEmulator:
    process: subprocess.Popen[str]
    endpoint_url: str

    def set_timings(self, create_seconds: float, delete_seconds: float) -> None:
        """Transition times of resources created (or deleted) from now on."""
        timings = {"createSeconds": create_seconds, "deleteSeconds": delete_seconds}
        self._control("POST", "timings", json.dumps(timings).encode())

    def calls(self) -> dict[str, int]:
        calls: dict[str, int] = self._control("GET", "calls")
        return calls

    def resources(self) -> list[dict[str, Any]]:
        """Every dataset group and tracker since the last reset, with epoch-second transition moments."""
        resources: list[dict[str, Any]] = self._control("GET", "resources")
        return resources

    def reset(self) -> None:
        self._control("POST", "reset")

    def client(self) -> Any:
        """A boto3 personalize client on this emulator (the bench's own view of "AWS")."""
        return aws_client("personalize", self.endpoint_url)

    def _control(self, method: str, path: str, body: bytes | None = None) -> Any:
        data = b"" if body is None and method == "POST" else body
        request = urllib.request.Request(f"{self.endpoint_url}{CONTROL}{path}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


def calls_between(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Calls per operation made between two `calls()` snapshots (operations with none left out)."""
    return {op: after[op] - before.get(op, 0) for op in sorted(after) if after[op] - before.get(op, 0)}


@contextmanager
def running_emulator() -> Iterator[RemoteEmulator]:
    """The emulator in its own process, dataset groups and trackers ACTIVE (and gone) at once until
    `set_timings` says otherwise."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_personalize.emulator", "--create-seconds", "0", "--delete-seconds", "0"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        if not first.startswith("listening on http://127.0.0.1:"):
            raise RuntimeError(f"the emulator did not start: {first!r}")
        yield RemoteEmulator(process, first.removeprefix("listening on "))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
