"""Lines for the CLI, by front: a dynamic provider's stderr lines reach it as diagnostics of the stack; the native
plugin's stderr is hidden by the engine, so it sends each line to the engine's log service, under its resource.

Each line goes out in one write: the provider's calls run in many threads at once (issue #11), and `print`
writes a text and its newline separately, so two threads' lines could merge into one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Sink = Callable[[str], None]
_sink: ContextVar[Sink | None] = ContextVar("personalize_progress_sink", default=None)


def to_cli(line: str, prefix: str = "personalize") -> None:
    """Show `<prefix>: <line>`: through this call's sink when a front set one, else on stderr."""
    sink = _sink.get()
    if sink is not None:
        sink(line)
        return
    sys.stderr.write(f"{prefix}: {line}\n")
    sys.stderr.flush()


@contextmanager
def lines_to(sink: Sink) -> Iterator[None]:
    """Send this call's lines (in this thread or context) to `sink` instead of stderr."""
    token = _sink.set(sink)
    try:
        yield
    finally:
        _sink.reset(token)
