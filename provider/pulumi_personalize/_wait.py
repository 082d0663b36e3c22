"""Polling until a resource reaches a state, with progress lines the Pulumi CLI shows.

The schedule starts at 0.25 s and grows by half up to 2.5 s: a transition that takes 2 s is seen within
about half a second, and one that takes 45 s (Personalize's usual) costs about 22 Describe calls with at
most 2.5 s of lag. A create holds one of the dynamic provider server's 4 threads until it returns, so lag
after ACTIVE delays the next create too (bench/, item 3): the cap trades that against Describe calls.

A dynamic provider has no engine connection: lines printed to stderr reach the CLI as diagnostics, so
progress is printed there, once after 5 s and then every 20 s (or on a status change).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

FIRST_DELAY = 0.25
GROWTH = 1.5
MAX_DELAY = 2.5
QUIET_SECONDS = 5.0
PROGRESS_EVERY = 20.0


@dataclass(frozen=True)
class PollOutcome:
    """What a poll saw: `done` ends the wait; `status` is shown in progress lines."""

    done: bool
    status: str


class WaitTimeoutError(Exception):
    def __init__(self, last_status: str, waited: float) -> None:
        self.last_status = last_status
        self.waited = waited
        super().__init__(f"still {last_status} after {waited:.0f} s")


def report(subject: str, status: str, elapsed: float) -> None:
    print(f"personalize: {subject} {status} ({elapsed:.0f} s)", file=sys.stderr, flush=True)


def wait_for(
    subject: str,
    poll: Callable[[], PollOutcome],
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> PollOutcome:
    """Poll until `poll` says done; raise WaitTimeoutError once `timeout` seconds have passed."""
    start = clock()
    delay = FIRST_DELAY
    next_report = QUIET_SECONDS
    last_status = ""
    while True:
        elapsed = clock() - start
        remaining = timeout - elapsed
        if remaining <= 0:
            raise WaitTimeoutError(last_status or "unknown", elapsed)
        sleep(min(delay, remaining))
        delay = min(delay * GROWTH, MAX_DELAY)
        outcome = poll()
        elapsed = clock() - start
        if outcome.done:
            return outcome
        if elapsed >= next_report or (outcome.status != last_status and elapsed >= QUIET_SECONDS):
            report(subject, outcome.status, elapsed)
            next_report = elapsed + PROGRESS_EVERY
        last_status = outcome.status
