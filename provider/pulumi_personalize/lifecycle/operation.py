"""The operation in progress in this thread: which resource, for which command, until when.

Each CRUD method of a provider runs inside `running(...)`. Every AWS call made on its behalf reads the
time left from here, so connect and read timeouts and retries never outlast the operation's timeout
(`custom_timeouts`), and retries can print progress lines naming the resource. The engine runs each
provider call in a thread of its own, and a context variable keeps concurrent operations apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar, copy_context
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..process.threads import MOST_THREADS
from .progress import to_cli

Answer = TypeVar("Answer")

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


_side_calls = ThreadPoolExecutor(max_workers=MOST_THREADS, thread_name_prefix="personalize-side-call")


def side_call(function: Callable[..., Answer], *args: Any) -> Future[Answer]:
    """Run `function(*args)` in another thread within this operation (its deadline and resource), at once.

    Why: a refresh reads each resource with two independent calls (Describe, ListTagsForResource); made one
    after the other, a read takes two round trips (issue #26). The caller waits for the answer with
    `.result()`, which raises what the call raised; an answer nobody waits for is dropped.
    """
    return _side_calls.submit(copy_context().run, function, *args)
