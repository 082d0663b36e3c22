"""The Pulumi programs the bench runs; config `groups` (a JSON list of ARNs) or `count` sizes them."""

from __future__ import annotations

import json

from testkit.stack import Stack

TRACKERS = """
import pulumi
import pulumi_personalize as personalize

for index, group_arn in enumerate(pulumi.Config().require_object("groups")):
    personalize.EventTracker(f"clicks-{index}", dataset_group_arn=group_arn)
"""

NOOPS = """
import pulumi
from bench.noop import Noop

for index in range(pulumi.Config().require_int("count")):
    Noop(f"noop-{index}", value=f"v{index}")
"""

NOOPS_WITH_BOTO3 = NOOPS.replace("bench.noop", "bench.noop_boto3")

GROUP_TRACKER_AND_NOOP = """
import pulumi
import pulumi_personalize as personalize
from bench.noop import Noop

group = personalize.DatasetGroup("events")
personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn)
Noop("noop", value="v")
"""

NOOP_TYPE = "pulumi-python:dynamic:Resource"


def configure_trackers(stack: Stack, groups: list[str]) -> Stack:
    stack.set_config("groups", json.dumps(groups))
    return stack


def configure_noops(stack: Stack, count: int) -> Stack:
    stack.set_config("count", str(count))
    return stack
