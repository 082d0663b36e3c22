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


REPLACED_ON_TAGS = """
import json
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
tracker = personalize.EventTracker(
    "clicks", dataset_group_arn=config.require("groupArn"), tags=json.loads(config.get("tags") or "{}"),
    opts=pulumi.ResourceOptions(replace_on_changes=["tags"]),
)
pulumi.export("trackingId", tracker.tracking_id)
"""


def preview_steps(stack: Stack) -> dict[str, dict[str, Any]]:
    """`preview --json` steps by resource type."""
    steps = json.loads(stack.pulumi("preview", "--json").stdout)["steps"]
    return {step["urn"].split("::")[2]: step for step in steps}


def test_replace_on_changes_of_tags_replaces_and_the_json_preview_gives_the_detailed_diff_and_reasons(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = aws_stack(REPLACED_ON_TAGS)
    stack.set_config("groupArn", active_group(personalize, "events"))
    stack.up()
    before = stack.outputs()["trackingId"]
    stack.set_config("tags", json.dumps({"team": "recs"}))
    step = preview_steps(stack)["pulumi-python:dynamic/personalize:EventTracker"]
    assert step["op"] == "replace", step
    assert step["diffReasons"] == ["tags"] and step["replaceReasons"] == ["tags"], step
    assert step["detailedDiff"] == {"tags": {"kind": "update-replace", "inputDiff": True}}, step
    stack.up()
    assert stack.outputs()["trackingId"] != before
    assert stack.preview_is_empty()
