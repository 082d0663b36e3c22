"""Polling until a resource reaches a state, with progress lines the Pulumi CLI shows.

The first poll comes at once, as every peer's does (Terraform's StateChangeConf, CDK's isComplete, the AWS
samples): a resource already there (adopted, taken back, or made at once by a fast endpoint) costs no sleep.
Then the sleeps start at 0.25 s and grow by half up to 2.5 s: a transition that takes 2 s is seen within about
half a second, and one that takes 45 s (Personalize's usual) costs about 23 Describe calls with at most 2.5 s
of lag. A create holds a thread of the dynamic provider server until it returns; the cap trades lag after
ACTIVE against Describe calls.

A dynamic provider has no engine connection: lines printed to stderr reach the CLI as diagnostics, so
progress is printed there, once after 5 s and then every 20 s (or on a status change).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .progress import to_cli

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
    to_cli(f"{subject} {status} ({elapsed:.0f} s)")


def wait_for(
    subject: str,
    poll: Callable[[], PollOutcome],
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> PollOutcome:
    """Poll at once, then on the schedule until `poll` says done; WaitTimeoutError once `timeout` seconds passed."""
    start = clock()
    delay = FIRST_DELAY
    next_report = QUIET_SECONDS
    last_status = ""
    while True:
        outcome = poll()
        elapsed = clock() - start
        if outcome.done:
            return outcome
        if elapsed >= next_report or (outcome.status != last_status and elapsed >= QUIET_SECONDS):
            report(subject, outcome.status, elapsed)
            next_report = elapsed + PROGRESS_EVERY
        last_status = outcome.status
        remaining = timeout - elapsed
        if remaining <= 0:
            raise WaitTimeoutError(last_status, elapsed)
        sleep(min(delay, remaining))
        delay = min(delay * GROWTH, MAX_DELAY)
