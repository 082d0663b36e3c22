"""Moments in a running command, read from the emulator: for campaigns to act on them (signal, restart)."""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from collections.abc import Callable

from testkit.emulator_control import EmulatorControl

MUTATING_PREFIXES = ("Create", "Delete", "TagResource", "UntagResource")

Moment = Callable[[subprocess.Popen[bytes]], bool]


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


def mutating_calls(emulator: EmulatorControl) -> int:
    """Calls that change something (Create*, Delete*, TagResource, UntagResource) since the last reset."""
    return sum(count for operation, count in emulator.calls().items() if operation.startswith(MUTATING_PREFIXES))


def after_mutations(emulator: EmulatorControl, count: int, delay: float) -> Moment:
    """A moment: `delay` seconds after the emulator received `count` more mutating calls than now."""
    baseline = mutating_calls(emulator)
    started = time.monotonic()
    reached: list[float] = []

    def moment(_process: subprocess.Popen[bytes]) -> bool:
        if not reached and mutating_calls(emulator) - baseline >= count:
            reached.append(time.monotonic())
        return bool(reached) and time.monotonic() - (reached[0] if count else started) >= delay

    return moment


def during_a_create(emulator: EmulatorControl) -> Moment:
    """A moment: a resource this command created is still being created (CREATE PENDING / IN_PROGRESS)."""
    known = {record["arn"] for record in emulator.resources()}

    def moment(_process: subprocess.Popen[bytes]) -> bool:
        return any(
            record["status"].startswith("CREATE ") and record["arn"] not in known for record in emulator.resources()
        )

    return moment


def in_flight(emulator: EmulatorControl, at: float) -> dict[str, int]:
    """Resources being created or deleted at the moment `at` (epoch seconds), from the emulator's timeline."""
    counts: Counter[str] = Counter()
    for record in emulator.resources():
        if record["createdAt"] <= at and (record["activeAt"] or record["failedAt"] or float("inf")) > at:
            counts[f"{record['kind']} creating"] += 1
        requested = record["deleteRequestedAt"]
        if requested is not None and requested <= at and (record["deletedAt"] or float("inf")) > at:
            counts[f"{record['kind']} deleting"] += 1
    return dict(counts)
