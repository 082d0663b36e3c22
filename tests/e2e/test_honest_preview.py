"""Previews tell the truth: drift shows which tag keys `up` changes; bookkeeping never shows as a change."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from tests.aws import active_group
from tests.e2e.test_event_tracker import tracker_stack
from tests.harness import Stack


def test_refreshed_tag_drift_shows_in_preview_diff_key_by_key(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = tracker_stack(aws_stack, active_group(personalize, "events"), tags=json.dumps({"team": "recs"}))
    stack.up()
    arn = stack.outputs()["eventTrackerArn"]
    personalize.tag_resource(
        resourceArn=arn, tags=[{"tagKey": "extra", "tagValue": "x"}, {"tagKey": "team", "tagValue": "hacked"}]
    )
    stack.refresh()
    summary = stack.pulumi("preview").stdout
    assert re.search(r"EventTracker\s+clicks\s+update\s+\[diff: ~tags\]", summary), summary
    diff = stack.preview().stdout
    assert re.search(r'^\s*- extra\s*: "x"$', diff, re.MULTILINE), diff
    assert re.search(r'^\s*~ team\s*: "hacked" => "recs"$', diff, re.MULTILINE), diff
    for bookkeeping in ("owner", "autonamePrefix", "timeouts", "adoptExisting"):
        assert not re.search(rf"^\s*[-+~] {bookkeeping}\b", diff, re.MULTILINE), diff


def test_custom_timeouts_or_adopt_existing_alone_change_nothing(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    group = active_group(personalize, "events")
    program = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
personalize.EventTracker(
    "clicks",
    dataset_group_arn=config.require("groupArn"),
    adopt_existing=config.get_bool("adopt") or False,
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create=config.get("create") or "20m")),
)
"""
    stack = aws_stack(program)
    stack.set_config("groupArn", group)
    stack.up()
    stack.set_config("create", "45m")
    stack.set_config("adopt", "true")
    assert stack.preview_is_empty(), stack.log[-1].output
