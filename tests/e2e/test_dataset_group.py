"""DatasetGroup and a tracker on it, through the real pulumi CLI against the emulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pulumi_personalize.emulator import Emulator

from tests.aws import active_tracker, live, tags_of, trackers
from tests.harness import Stack

GROUP_PROGRAM = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
group = personalize.DatasetGroup(
    "events",
    name=config.get("groupName"),
    domain=config.get("domain"),
    tags=config.get_object("tags"),
    adopt_existing=config.get_bool("adopt") or False,
)
pulumi.export("datasetGroupArn", group.dataset_group_arn)
pulumi.export("status", group.status)
if config.get_bool("withTracker"):
    tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn)
    pulumi.export("trackingId", tracker.tracking_id)
"""

GROUP_TYPE = "pulumi-python:dynamic/personalize:DatasetGroup"


def group_stack(aws_stack: Callable[..., Stack], **config: str) -> Stack:
    stack = aws_stack(GROUP_PROGRAM)
    for key, value in config.items():
        stack.set_config(key, value)
    return stack


def test_group_and_tracker_come_up_together_and_go_away_in_order(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    stack = group_stack(aws_stack, withTracker="true", domain="ECOMMERCE")
    stack.preview()  # the tracker's group ARN is unknown during this preview: check must let it pass
    stack.up()
    outputs = stack.outputs()
    group = personalize.describe_dataset_group(datasetGroupArn=outputs["datasetGroupArn"])["datasetGroup"]
    assert group["status"] == "ACTIVE" and group["domain"] == "ECOMMERCE"
    assert [t["status"] for t in trackers(personalize, outputs["datasetGroupArn"])] == ["ACTIVE"]
    assert stack.preview_is_empty()
    stack.destroy()
    assert live(emulator.resources(), "event-tracker") == []
    assert live(emulator.resources(), "dataset-group") == []


def test_group_tags_update_in_place_and_domain_change_replaces(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = group_stack(aws_stack, groupName="events", tags=json.dumps({"team": "recs"}))
    stack.up()
    arn = stack.outputs()["datasetGroupArn"]
    stack.set_config("tags", json.dumps({"team": "search"}))
    stack.up()
    assert stack.outputs()["datasetGroupArn"] == arn
    assert tags_of(personalize, arn) == {"team": "search"}
    stack.set_config("domain", "VIDEO_ON_DEMAND")
    preview = stack.preview()
    assert "(replace)" in preview.stdout and "domain" in preview.stdout
    stack.up()
    described = personalize.describe_dataset_group(datasetGroupArn=stack.outputs()["datasetGroupArn"])
    assert described["datasetGroup"]["domain"] == "VIDEO_ON_DEMAND"


def test_create_failed_reports_the_failure_reason_and_cleans_up(
    aws_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    stack = group_stack(aws_stack, groupName="doomed")
    emulator.set_faults("fail-next-dataset-group=1")
    failed = stack.up(ok=False)
    assert failed.returncode != 0
    failure_reasons = [r["failureReason"] for r in emulator.resources() if r["kind"] == "dataset-group"]
    assert failure_reasons and failure_reasons[0]
    assert "dataset group doomed" in failed.output and "CREATE FAILED" in failed.output
    assert failure_reasons[0] in failed.output
    assert live(emulator.resources(), "dataset-group") == []


def test_delete_refused_by_a_foreign_tracker_names_it(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    stack = group_stack(aws_stack, groupName="shared")
    stack.up()
    arn = stack.outputs()["datasetGroupArn"]
    foreign = active_tracker(personalize, arn, "someone-elses")
    refused = stack.destroy(ok=False)
    assert refused.returncode != 0
    assert foreign in refused.output and "someone-elses" in refused.output
    assert [r["id"] for r in stack.resources() if r["type"] == GROUP_TYPE] == [arn], "still in state"
    personalize.delete_event_tracker(eventTrackerArn=foreign)
    stack.destroy()
    assert live(emulator.resources(), "dataset-group") == []


def test_existing_group_is_adopted_only_on_request(aws_stack: Callable[..., Stack], personalize: Any) -> None:
    existing = personalize.create_dataset_group(name="legacy")["datasetGroupArn"]
    stack = group_stack(aws_stack, groupName="legacy")
    refused = stack.up(ok=False)
    assert existing in refused.output and "adopt_existing=True" in refused.output
    stack.set_config("adopt", "true")
    stack.up()
    assert stack.outputs()["datasetGroupArn"] == existing
    assert stack.preview_is_empty()


def test_a_tag_change_on_the_group_previews_as_an_update_and_never_as_a_replace_of_its_tracker(
    aws_stack: Callable[..., Stack],
) -> None:
    stack = group_stack(aws_stack, withTracker="true", tags=json.dumps({"team": "recs"}))
    stack.up()
    stack.set_config("tags", json.dumps({"team": "growth"}))
    preview = stack.preview().stdout
    assert "EventTracker: (replace)" not in preview, preview
    assert "~ pulumi-python:dynamic/personalize:DatasetGroup: (update)" in preview, preview
    assert "1 to update" in preview and "to replace" not in preview, preview


def test_every_documented_output_of_a_group_is_readable_in_python(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = aws_stack(
        """
import pulumi
import pulumi_personalize as personalize

group = personalize.DatasetGroup("events", domain="ECOMMERCE", tags={"team": "recs"})
for attribute in ("dataset_group_arn", "name", "domain", "role_arn", "kms_key_arn", "status", "failure_reason",
                  "tags", "region", "account_id", "creation_date_time", "last_updated_date_time"):
    pulumi.export(attribute, getattr(group, attribute))
"""
    )
    stack.up()
    outputs = stack.outputs()
    described = personalize.describe_dataset_group(datasetGroupArn=outputs["dataset_group_arn"])["datasetGroup"]
    assert outputs["account_id"] == outputs["dataset_group_arn"].split(":")[4] == "123456789012"
    assert outputs["name"] == described["name"] and outputs["status"] == "ACTIVE"
    assert outputs["domain"] == "ECOMMERCE" and outputs["tags"] == {"team": "recs"}
    assert outputs["creation_date_time"].startswith(described["creationDateTime"].date().isoformat())
