"""Every line the provider prints for the CLI goes out in one write (issue #11).

Calls now run in many threads at once, and `print` writes a text and its newline separately: two threads'
lines could merge into one diagnostic and leave an empty one. One write per line cannot.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable

import pytest
from pulumi_personalize.lifecycle import operation, polling
from pulumi_personalize.lifecycle.adoption import progress
from pulumi_personalize.process import debug


class Writes(io.StringIO):
    """A stderr that records each write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def old_operation_report() -> None:
    old = operation.Operation("event tracker t", "create", time.monotonic() + 60, started=time.monotonic() - 30)
    old.report("DescribeEventTracker: ThrottlingException, retrying")


@pytest.mark.parametrize(
    "say",
    [
        lambda: progress("adopting existing event tracker t"),
        lambda: polling.report("event tracker t", "CREATE IN_PROGRESS", 25.0),
        old_operation_report,
        lambda: debug.debug("kept the pool", argv=["-v=9"]),
    ],
)
def test_a_line_is_one_write(say: Callable[[], None], monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = Writes()
    monkeypatch.setattr(sys, "stderr", stderr)
    say()
    (line,) = stderr.writes
    assert line.endswith("\n") and line.count("\n") == 1 and line.startswith(("personalize: ", "pulumi-personalize: "))
