"""The operation in progress in this thread: which resource, for which command, until when.

Each CRUD method of a provider runs inside `running(...)`. Every AWS call made on its behalf reads the
time left from here, so connect and read timeouts and retries never outlast the operation's timeout
(`custom_timeouts`), and retries can print progress lines naming the resource. The engine runs each
provider call in a thread of its own, and a context variable keeps concurrent operations apart.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from .progress import to_cli

QUIET_SECONDS = 5.0  # no progress line for an operation younger than this
REPORT_EVERY = 10.0


@dataclass
class Operation:
    subject: str  # "event tracker clicks-4f2a1c"
    step: str  # the provider step: "create", "read", "update" or "delete"
    deadline: float  # time.monotonic() value after which no new attempt starts
    started: float = field(default_factory=time.monotonic)
    last_report: float = 0.0

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def report(self, line: str) -> None:
        """A progress line, once the operation has lasted QUIET_SECONDS, at most every REPORT_EVERY."""
        now = time.monotonic()
        if now - self.started >= QUIET_SECONDS and now - self.last_report >= REPORT_EVERY:
            self.last_report = now
            to_cli(f"{self.subject} {line} ({now - self.started:.0f} s)")


_current: ContextVar[Operation | None] = ContextVar("personalize_operation", default=None)


@contextmanager
def running(subject: str, step: str, seconds: float) -> Iterator[Operation]:
    """Run the body as an operation that must end within `seconds`."""
    operation = Operation(subject, step, time.monotonic() + seconds)
    token = _current.set(operation)
    try:
        yield operation
    finally:
        _current.reset(token)


def current() -> Operation | None:
    return _current.get()
