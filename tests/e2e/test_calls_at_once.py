"""Many trackers at once (issue #11): the provider server runs every call the engine sends, not 4 at a time.

Proof from the emulator's own timestamps, no timing threshold: the creates (and the deletes) overlap when
each of them starts before any of them ends. Each transition takes a few seconds, far longer than the engine
takes to send the calls; with the SDK's four threads, at most four can overlap whatever the timing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pulumi_personalize.emulator import Emulator

from testkit.timeline import most_at_once
from tests.aws import FAST_CREATE, FAST_DELETE, active_group
from tests.harness import Stack

TRACKERS = """
import pulumi
import pulumi_personalize as personalize

for index, group_arn in enumerate(pulumi.Config().require_object("groups")):
    personalize.EventTracker(f"clicks-{index}", dataset_group_arn=group_arn)
"""

MANY = 16
HUNDREDS = 128  # past the 64 threads the provider used to stop at (issue #26)
TRANSITION_SECONDS = 5.0  # far longer than the engine takes to send 16 calls
PARALLEL = ("--parallel", "32")  # the engine's default here is 4 x 2 cores


@pytest.fixture
def slow_emulator(emulator: Emulator) -> Iterator[Emulator]:
    """The suite's emulator, its trackers taking TRANSITION_SECONDS to create and to delete; then fast again.
    Each tracker has a dataset group of its own: the group quota is raised as a user would raise it."""
    emulator.set_quotas(dataset_groups=HUNDREDS)
    try:
        yield emulator
    finally:
        emulator.set_timings(FAST_CREATE, FAST_DELETE)


def trackers_stack(aws_stack: Callable[..., Stack], personalize: Any, count: int, label: str) -> Stack:
    """A stack of `count` trackers, each on its own dataset group (ACTIVE, made out of band)."""
    groups = [active_group(personalize, f"{label}-{index}") for index in range(count)]
    stack = aws_stack(TRACKERS)
    stack.set_config("groups", json.dumps(groups))
    return stack


def trackers(emulator: Emulator) -> list[dict[str, Any]]:
    return [r for r in emulator.resources() if r["kind"] == "event-tracker"]


def test_sixteen_trackers_are_created_and_deleted_all_at_once(
    aws_stack: Callable[..., Stack], slow_emulator: Emulator, personalize: Any
) -> None:
    stack = trackers_stack(aws_stack, personalize, MANY, "many")
    slow_emulator.set_timings(TRANSITION_SECONDS, TRANSITION_SECONDS)
    stack.pulumi("up", "--yes", "--skip-preview", *PARALLEL)
    assert most_at_once(trackers(slow_emulator)) == MANY
    stack.pulumi("destroy", "--yes", "--skip-preview", *PARALLEL)
    assert most_at_once(trackers(slow_emulator), "deleteRequestedAt", "deletedAt") == MANY


def test_the_opt_out_keeps_the_sdks_four_threads(
    aws_stack: Callable[..., Stack], slow_emulator: Emulator, personalize: Any
) -> None:
    stack = trackers_stack(aws_stack, personalize, 6, "few")
    stack.env["PULUMI_PERSONALIZE_SERVER_THREADS"] = "4"
    slow_emulator.set_timings(2.0, FAST_DELETE)
    stack.pulumi("up", "--yes", "--skip-preview", *PARALLEL)
    assert most_at_once(trackers(slow_emulator)) == 4
    stack.destroy()


def test_128_trackers_are_created_at_once_with_only_parallel_128(
    aws_stack: Callable[..., Stack], slow_emulator: Emulator, personalize: Any
) -> None:
    """No PULUMI_PARALLEL, no variable of ours: the engine's `--parallel` alone bounds the calls at once."""
    stack = trackers_stack(aws_stack, personalize, HUNDREDS, "hundreds")
    slow_emulator.set_timings(10.0, FAST_DELETE)  # far longer than the engine takes to send 128 calls
    stack.pulumi("up", "--yes", "--skip-preview", "--parallel", str(HUNDREDS))
    assert most_at_once(trackers(slow_emulator)) == HUNDREDS
    stack.pulumi("destroy", "--yes", "--skip-preview", "--parallel", str(HUNDREDS))
