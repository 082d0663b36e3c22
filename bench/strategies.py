"""The peers' polling schedules, as the delays slept before each Describe, and a waiter that follows one.

- CDK Provider framework: isComplete runs at once, then every `queryInterval` (default 5 s, backoff rate 1).
- Terraform (helper/retry StateChangeConf): a refresh at once, then 0.2 s doubling up to 10 s.
- AWS samples (Personalize notebooks and scripts): describe, then sleep a fixed 15 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

MAX_POLLS = 1000


def fixed(interval: float) -> Callable[[], Iterator[float]]:
    def schedule() -> Iterator[float]:
        yield 0.0
        for _ in range(MAX_POLLS - 1):
            yield interval

    return schedule


def terraform_backoff() -> Iterator[float]:
    yield 0.0
    wait = 0.1
    for _ in range(MAX_POLLS - 1):
        wait = min(wait * 2, 10.0)
        yield wait


PEERS: dict[str, Callable[[], Iterator[float]]] = {
    "cdk-fixed-5s": fixed(5.0),
    "terraform-backoff-10s": terraform_backoff,
    "aws-samples-fixed-15s": fixed(15.0),
}

PEER_LABELS = {
    "cdk-fixed-5s": "fixed 5 s (CDK Provider framework)",
    "terraform-backoff-10s": "backoff to 10 s (Terraform)",
    "aws-samples-fixed-15s": "fixed 15 s (AWS samples)",
}


@dataclass
class Waited:
    strategy: str
    transition: float
    arn: str
    returned_at: float  # epoch seconds, when the create (and its wait) returned
    describes: list[float]  # epoch seconds of each Describe request


def create_and_wait(client: Any, strategy: str, transition: float, name: str, group_arn: str, timeout: float) -> Waited:
    """Create a tracker, then Describe on the peer's schedule until it is ACTIVE."""
    arn: str = client.create_event_tracker(name=name, datasetGroupArn=group_arn)["eventTrackerArn"]
    deadline = time.monotonic() + timeout
    describes: list[float] = []
    for delay in PEERS[strategy]():
        time.sleep(delay)
        describes.append(time.time())
        status = client.describe_event_tracker(eventTrackerArn=arn)["eventTracker"]["status"]
        if status == "ACTIVE":
            return Waited(strategy, transition, arn, time.time(), describes)
        if status == "CREATE FAILED" or time.monotonic() > deadline:
            raise RuntimeError(f"{strategy}: {arn} is {status} after {len(describes)} Describe calls")
    raise RuntimeError(f"{strategy}: {arn} not ACTIVE after {MAX_POLLS} Describe calls")
