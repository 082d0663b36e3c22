"""A `pulumi` process killed mid-operation, then README's recovery commands: nothing orphaned or lost."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from typing import Any

from tests import processes
from tests.aws import active_group, aws_client, trackers
from tests.e2e.test_event_tracker import TRACKER_PROGRAM, TRACKER_TYPE
from tests.harness import Stack

# A provider or language host notices within about 2 s that its engine is gone (1 s checks, two refusals).
PLUGINS_EXIT_SECONDS = 6.0

# README's recovery, exactly as written there.
RECOVERY = (
    ("cancel", "--yes"),
    ("refresh", "--yes", "--clear-pending-creates"),
    ("up", "--yes"),
)


def kill_when(stack: Stack, command: tuple[str, ...], ready: Callable[[], bool]) -> None:
    """Run `pulumi <command>` and SIGKILL its process group as soon as `ready()` holds."""
    process = stack.start(*command)
    deadline = time.monotonic() + 60
    while not ready():
        assert process.poll() is None, "pulumi finished before the moment to kill it"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def recover(stack: Stack) -> None:
    for command in RECOVERY:
        stack.pulumi(*command, ok=command[0] != "cancel")  # cancel fails harmlessly when nothing is locked


def stack_trackers(stack: Stack) -> list[str]:
    return [r["id"] for r in stack.resources() if r["type"] == TRACKER_TYPE and "id" in r]


def slow_tracker_stack(new_stack: Callable[..., Stack], endpoint: str, group: str) -> Stack:
    stack = new_stack(TRACKER_PROGRAM)
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = endpoint
    stack.set_config("aws:region", "us-east-1")
    stack.set_config("groupArn", group)
    return stack


def test_killed_during_create_then_recovery_takes_the_tracker_back(
    new_stack: Callable[..., Stack], emulator_process: Callable[..., str]
) -> None:
    endpoint = emulator_process("--create-seconds", "4", "--delete-seconds", "0.5")
    personalize: Any = aws_client("personalize", endpoint)
    group = active_group(personalize, "events")
    stack = slow_tracker_stack(new_stack, endpoint, group)
    kill_when(stack, ("up", "--yes", "--skip-preview"), lambda: bool(trackers(personalize, group)))
    (orphan,) = trackers(personalize, group)
    recover(stack)
    assert [t["eventTrackerArn"] for t in trackers(personalize, group)] == [orphan["eventTrackerArn"]]
    assert stack_trackers(stack) == [orphan["eventTrackerArn"]], "0 orphans, 0 missing"
    assert stack.preview_is_empty()


def test_killed_during_destroy_then_destroy_again_finishes(
    new_stack: Callable[..., Stack], emulator_process: Callable[..., str]
) -> None:
    endpoint = emulator_process("--create-seconds", "0.2", "--delete-seconds", "4")
    personalize: Any = aws_client("personalize", endpoint)
    group = active_group(personalize, "events")
    stack = slow_tracker_stack(new_stack, endpoint, group)
    stack.up()
    kill_when(
        stack,
        ("destroy", "--yes", "--skip-preview"),
        lambda: any(t["status"].startswith("DELETE") for t in trackers(personalize, group)),
    )
    stack.pulumi("cancel", "--yes")
    stack.destroy()
    assert trackers(personalize, group) == []
    assert stack_trackers(stack) == []


def test_a_killed_pulumi_leaves_no_provider_or_language_host_running(
    new_stack: Callable[..., Stack], emulator_process: Callable[..., str]
) -> None:
    """Issue #15: the engine runs each plugin in its own process group, so SIGKILL of `pulumi` (even of its
    whole group) left the dynamic provider and the language host running forever. They must notice and exit."""
    endpoint = emulator_process("--create-seconds", "4", "--delete-seconds", "0.5")
    personalize: Any = aws_client("personalize", endpoint)
    group = active_group(personalize, "events")
    stack = slow_tracker_stack(new_stack, endpoint, group)
    kill_when(stack, ("up", "--yes", "--skip-preview"), lambda: bool(trackers(personalize, group)))
    assert trackers(personalize, group)[0]["status"] != "ACTIVE", "killed mid-create"

    this_test = os.environ[processes.MARKER]
    left = processes.wait_gone(lambda: processes.pulumi_plugins(processes.marked(this_test)), PLUGINS_EXIT_SECONDS)
    processes.kill(left)
    assert left == [], f"still running {PLUGINS_EXIT_SECONDS} s after the kill: {[str(p) for p in left]}"
