"""Slow transitions: progress lines in the CLI and custom_timeouts, against an emulator process."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.aws import active_group, aws_client, trackers
from tests.harness import Stack

SLOW_PROGRAM = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
timeout = config.get("createTimeout")
tracker = personalize.EventTracker(
    "clicks",
    dataset_group_arn=config.require("groupArn"),
    name="slow",
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create=timeout)) if timeout else None,
)
pulumi.export("trackingId", tracker.tracking_id)
"""


def slow_stack(new_stack: Callable[..., Stack], endpoint: str, **config: str) -> Stack:
    stack = new_stack(SLOW_PROGRAM)
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = endpoint
    stack.set_config("aws:region", "us-east-1")
    for key, value in config.items():
        stack.set_config(key, value)
    return stack


def test_long_create_prints_progress_lines(
    new_stack: Callable[..., Stack], emulator_process: Callable[..., str]
) -> None:
    endpoint = emulator_process("--create-seconds", "9", "--delete-seconds", "0")
    group = active_group(aws_client("personalize", endpoint), "events")
    stack = slow_stack(new_stack, endpoint, groupArn=group)
    up = stack.up()
    progress = re.findall(r"personalize: event tracker slow (CREATE PENDING|CREATE IN_PROGRESS) \((\d+) s\)", up.output)
    assert progress, up.output
    assert all(int(seconds) >= 5 for _status, seconds in progress)
    assert len(progress) <= 3, "no spam: a line on status change or every 20 s"


def test_custom_create_timeout_is_enforced_and_cleans_up(
    new_stack: Callable[..., Stack], emulator_process: Callable[..., str]
) -> None:
    endpoint = emulator_process("--create-seconds", "6", "--delete-seconds", "0.5")
    personalize = aws_client("personalize", endpoint)
    group = active_group(personalize, "events")
    stack = slow_stack(new_stack, endpoint, groupArn=group, createTimeout="2s")
    failed = stack.up(ok=False)
    assert failed.returncode != 0
    assert "was not ACTIVE after 2 s" in failed.output
    assert "nothing is left behind" in failed.output and "custom_timeouts" in failed.output
    assert trackers(personalize, group) == []
