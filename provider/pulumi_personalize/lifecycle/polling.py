"""Polling until a resource reaches a state, with progress lines the Pulumi CLI shows.

The first poll comes at once, as every peer's does (Terraform's StateChangeConf, CDK's isComplete, the AWS
samples): a resource already there (adopted, taken back, or made at once by a fast endpoint) costs no sleep.
Then the sleeps start at 0.25 s and grow by half up to a cap (2.5 s; a kind's `poll_cap`): a transition that
takes 2 s is seen within about half a second, and one that takes 45 s (Personalize's usual) costs about 23
Describe calls with at most 2.5 s of lag. A create holds a thread of the dynamic provider server until it
returns; the cap trades lag after ACTIVE against Describe calls. Past the cap a sleep is 3 % of the time waited
(`LAG_SHARE`), so a training of hours is noticed within 3 % of its length: a 2-hour one costs about 210
Describe calls with a 1-s cap (bench/long_waits.py). Both bounds at once cannot be had with fewer calls: from
33 s on each poll may come at most 3 % later than the one before, and 7,200 s is reached after
ln(7200/33) / ln(1/0.97) = 177 such steps.

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
LAG_SHARE = 0.03
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


def next_sleep(delay: float, elapsed: float, cap: float = MAX_DELAY) -> float:
    """The sleep before the next poll: the growing `delay` up to `cap`, or `LAG_SHARE` of the time waited when
    that is longer."""
    return max(min(delay, cap), LAG_SHARE * elapsed)


def report(subject: str, status: str, elapsed: float) -> None:
    to_cli(f"{subject} {status} ({elapsed:.0f} s)")


def wait_for(
    subject: str,
    poll: Callable[[], PollOutcome],
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    cap: float = MAX_DELAY,
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
        delay = next_sleep(delay, elapsed, cap)
        sleep(min(delay, remaining))
        delay = delay * GROWTH
