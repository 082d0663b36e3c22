"""Multi-region stacks: an omitted tracker region follows its dataset group, in preview as in `up`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi_personalize.emulator import Emulator

from tests.aws import active_group, aws_client
from tests.harness import Stack

TWO_REGIONS = """
import pulumi
import pulumi_personalize as personalize

home = personalize.DatasetGroup("home")
away = personalize.DatasetGroup("away", region="eu-west-1")
tracker = personalize.EventTracker("clicks", dataset_group_arn=away.dataset_group_arn)
pulumi.export("home", home.dataset_group_arn)
pulumi.export("trackerArn", tracker.event_tracker_arn)
pulumi.export("trackerRegion", tracker.region)
"""


def eu_stack(new_stack: Callable[..., Stack], emulator: Emulator, program: str, region: str | None) -> Stack:
    stack = new_stack(program)
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url
    if region:
        stack.set_config("aws:region", region)
    return stack


def test_groups_in_two_regions_and_a_tracker_following_its_group(
    new_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    stack = eu_stack(new_stack, emulator, TWO_REGIONS, "us-east-1")
    stack.preview()
    stack.up()
    outputs = stack.outputs()
    assert ":us-east-1:" in outputs["home"]
    assert ":eu-west-1:" in outputs["trackerArn"] and outputs["trackerRegion"] == "eu-west-1"
    assert stack.preview_is_empty()


def test_no_default_region_at_all(new_stack: Callable[..., Stack], emulator: Emulator) -> None:
    program = "\n".join(line for line in TWO_REGIONS.splitlines() if "home" not in line)
    stack = eu_stack(new_stack, emulator, program, None)
    stack.preview()
    stack.up()
    assert stack.outputs()["trackerRegion"] == "eu-west-1"


def test_a_known_group_arn_from_another_stack_sets_the_region(
    new_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    eu: Any = aws_client("personalize", emulator.endpoint_url, region="eu-west-1")
    group = active_group(eu, "elsewhere")
    program = f"""
import pulumi
import pulumi_personalize as personalize

tracker = personalize.EventTracker("clicks", dataset_group_arn="{group}")
pulumi.export("trackerRegion", tracker.region)
"""
    stack = eu_stack(new_stack, emulator, program, "us-east-1")
    stack.preview()
    stack.up()
    assert stack.outputs()["trackerRegion"] == "eu-west-1"
    assert [t["status"] for t in eu.list_event_trackers(datasetGroupArn=group)["eventTrackers"]] == ["ACTIVE"]


def test_a_region_that_contradicts_the_group_fails_preview_in_good_english(
    new_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    group = "arn:aws:personalize:eu-west-1:123456789012:dataset-group/events"
    program = f"""
import pulumi_personalize as personalize

personalize.EventTracker("clicks", dataset_group_arn="{group}", region="us-east-1")
"""
    failed = eu_stack(new_stack, emulator, program, "us-east-1").preview(ok=False)
    assert failed.returncode != 0
    assert (
        "property region value {us-east-1} has a problem: is 'us-east-1' but the dataset group is in 'eu-west-1': "
        "an event tracker must live in the region of its dataset group" in failed.output
    ), failed.output
