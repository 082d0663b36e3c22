"""The moment a request is answered at: one per request, so that each answer is one consistent picture.

Statuses are never stored but computed from the clock when asked (see ``status``), and a request asks more
than once: the sweep of resources whose deletion has ended, then the status in the answer. A deletion that
ended between the two made DescribeDataset answer a dataset with no status (a CI run under load), which AWS
never does. A request's moment is taken when it gets the model's lock (see ``responses``), so the moments
follow the order in which requests change and read the model; outside a request (the control API, the
in-process API) the moment is the wall clock's.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["now", "one_moment"]

_REQUEST_MOMENT: ContextVar[float | None] = ContextVar("personalize_emulator_request_moment", default=None)


def now() -> float:
    """The current request's moment (epoch seconds), or the wall clock's outside a request."""
    moment = _REQUEST_MOMENT.get()
    return time.time() if moment is None else moment


@contextmanager
def one_moment() -> Iterator[float]:
    """Answer what runs inside as of this one moment."""
    token = _REQUEST_MOMENT.set(time.time())
    try:
        yield now()
    finally:
        _REQUEST_MOMENT.reset(token)
