"""The bench's handle on its emulator process: timings, counted calls and ground-truth timestamps."""

from __future__ import annotations

import json
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
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"timings {create_seconds} {delete_seconds}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if answer != "ok":
            raise RuntimeError(f"emulator refused timings: {answer!r}")

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

    def _control(self, method: str, path: str) -> Any:
        body = b"" if method == "POST" else None
        request = urllib.request.Request(f"{self.endpoint_url}{CONTROL}{path}", data=body, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


def calls_between(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Calls per operation made between two `calls()` snapshots (operations with none left out)."""
    return {op: after[op] - before.get(op, 0) for op in sorted(after) if after[op] - before.get(op, 0)}


@contextmanager
def running_emulator() -> Iterator[RemoteEmulator]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.emulator_host"],
        stdin=subprocess.PIPE,
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
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
