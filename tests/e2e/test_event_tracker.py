"""EventTracker's whole lifecycle through the real pulumi CLI against the emulator over HTTP."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from pulumi_personalize.emulator import Emulator

from tests.aws import (
    OWNER_TAG,
    REGION,
    active_group,
    active_tracker,
    all_tags_of,
    aws_client,
    live,
    tags_of,
    trackers,
)
from tests.harness import FAKE_SECRET_KEY, FAKE_SESSION_TOKEN, Stack

TRACKER_PROGRAM = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
tracker = personalize.EventTracker(
    "clicks",
    dataset_group_arn=config.require("groupArn"),
    name=config.get("trackerName"),
    tags=config.get_object("tags"),
    adopt_existing=config.get_bool("adopt") or False,
    region=config.get("region"),
)
pulumi.export("trackingId", tracker.tracking_id)
pulumi.export("eventTrackerArn", tracker.event_tracker_arn)
pulumi.export("name", tracker.name)
pulumi.export("status", tracker.status)
pulumi.export("accountId", tracker.account_id)
pulumi.export("tags", tracker.tags)
"""

TRACKER_TYPE = "pulumi-python:dynamic/personalize:EventTracker"


def tracker_stack(aws_stack: Callable[..., Stack], group_arn: str, **config: str) -> Stack:
    stack = aws_stack(TRACKER_PROGRAM)
    stack.set_config("groupArn", group_arn)
    for key, value in config.items():
        stack.set_config(key, value)
    return stack


def tracker_state(stack: Stack) -> dict[str, Any]:
    (resource,) = [r for r in stack.resources() if r["type"] == TRACKER_TYPE]
    return resource


def test_up_exports_the_tracking_id_and_a_second_preview_is_empty(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = active_group(personalize, "events")
    stack = tracker_stack(aws_stack, group, tags=json.dumps({"team": "recs", "costCenter": "42"}))
    stack.up()
    outputs = stack.outputs()
    described = personalize.describe_event_tracker(eventTrackerArn=outputs["eventTrackerArn"])["eventTracker"]
    assert outputs["trackingId"] == described["trackingId"]
    assert outputs["status"] == "ACTIVE"
    assert outputs["name"].startswith("clicks-")
    assert outputs["tags"] == {"team": "recs", "costCenter": "42"}
    all_tags = all_tags_of(personalize, outputs["eventTrackerArn"])
    assert re.fullmatch(
        rf"v2:[0-9a-f]{{16}}:[0-9a-f]{{16}}:{tracker_state(stack)['outputs']['incarnation']} "
        r"urn:pulumi:test::pp-test::pulumi-python:dynamic/personalize:EventTracker::clicks",
        all_tags.pop(OWNER_TAG),
    )
    assert all_tags == {"team": "recs", "costCenter": "42"}
    state = tracker_state(stack)
    assert state["id"] == outputs["eventTrackerArn"]
    assert state["outputs"]["datasetGroupArn"] == group

    assert stack.preview_is_empty()
    stack.up()
    assert stack.outputs()["name"] == outputs["name"], "the autoname must stay the same"
    assert [t["eventTrackerArn"] for t in trackers(personalize, group)] == [outputs["eventTrackerArn"]]


def test_provider_state_is_small_plain_and_holds_no_credentials(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = tracker_stack(aws_stack, active_group(personalize, "events"))
    stack.up()
    provider = tracker_state(stack)["outputs"]["__provider"]
    assert isinstance(provider, str), "the provider holds no secret, so it is stored in the clear"
    assert len(provider) <= 512
    pickled = base64.b64decode(provider)
    assert b"pulumi_personalize.event_tracker" in pickled and b"EventTrackerProvider" in pickled
    everything = stack.state_text() + "".join(result.output for result in stack.log)
    assert FAKE_SECRET_KEY not in everything and FAKE_SESSION_TOKEN not in everything


def test_tag_change_updates_in_place_with_the_fewest_calls(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    stack = tracker_stack(aws_stack, active_group(personalize, "events"), tags=json.dumps({"a": "1", "b": "2"}))
    stack.up()
    arn = stack.outputs()["eventTrackerArn"]
    stack.set_config("tags", json.dumps({"b": "3", "c": "4"}))
    preview = stack.preview()
    assert "~ update" in preview.stdout or "1 to update" in preview.stdout
    assert "replace" not in preview.stdout
    before = emulator.calls()
    stack.up()
    after = emulator.calls()
    assert stack.outputs()["eventTrackerArn"] == arn
    assert tags_of(personalize, arn) == {"b": "3", "c": "4"}
    assert after.get("UntagResource", 0) - before.get("UntagResource", 0) == 1
    assert after.get("TagResource", 0) - before.get("TagResource", 0) == 1
    assert after.get("CreateEventTracker", 0) == before.get("CreateEventTracker", 0)
    assert stack.preview_is_empty()


def test_rename_replaces_deleting_first(aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator) -> None:
    group = active_group(personalize, "events")
    stack = tracker_stack(aws_stack, group, trackerName="first")
    stack.up()
    old_arn = stack.outputs()["eventTrackerArn"]
    stack.set_config("trackerName", "second")
    preview = stack.preview()
    assert "(replace)" in preview.stdout and "1 to replace" in preview.stdout
    assert re.search(r'~ name\s*: "first" => "second"', preview.stdout), "the diff names the property forcing it"
    stack.up()
    outputs = stack.outputs()
    assert outputs["name"] == "second" and outputs["eventTrackerArn"] != old_arn
    assert [t["name"] for t in trackers(personalize, group)] == ["second"]
    lifetimes = {r["name"]: r for r in emulator.resources() if r["kind"] == "event-tracker"}
    assert lifetimes["first"]["deletedAt"] <= lifetimes["second"]["createdAt"], "never two trackers at once"


def test_deleted_out_of_band_refresh_drops_it_and_up_recreates_it(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    group = active_group(personalize, "events")
    stack = tracker_stack(aws_stack, group, trackerName="clicks")
    stack.up()
    arn = stack.outputs()["eventTrackerArn"]
    personalize.delete_event_tracker(eventTrackerArn=arn)
    stack.refresh()
    assert [r for r in stack.resources() if r["type"] == TRACKER_TYPE] == []
    stack.up()
    new_arn = stack.outputs()["eventTrackerArn"]
    assert new_arn != arn
    assert [t["eventTrackerArn"] for t in trackers(personalize, group)] == [new_arn]


def test_tags_changed_outside_pulumi_show_as_drift(aws_stack: Callable[..., Stack], personalize: Any) -> None:
    stack = tracker_stack(aws_stack, active_group(personalize, "events"), tags=json.dumps({"team": "recs"}))
    stack.up()
    arn = stack.outputs()["eventTrackerArn"]
    personalize.tag_resource(resourceArn=arn, tags=[{"tagKey": "intruder", "tagValue": "yes"}])
    stack.refresh()
    assert tracker_state(stack)["outputs"]["tags"] == {"team": "recs", "intruder": "yes"}
    assert not stack.preview_is_empty()
    stack.up()
    assert tags_of(personalize, arn) == {"team": "recs"}
    assert stack.preview_is_empty()


def test_destroy_leaves_the_emulator_without_trackers(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = active_group(personalize, "events")
    stack = tracker_stack(aws_stack, group)
    stack.up()
    stack.destroy()
    assert trackers(personalize, group) == []
    assert live(emulator.resources(), "event-tracker") == []
    personalize.delete_dataset_group(datasetGroupArn=group)  # possible right away: the tracker is gone


def test_existing_tracker_is_named_in_the_error_and_adopted_on_request(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    group = active_group(personalize, "events")
    existing = active_tracker(personalize, group, "legacy")
    stack = tracker_stack(aws_stack, group, trackerName="legacy")
    refused = stack.up(ok=False)
    assert refused.returncode != 0
    assert existing in refused.output and "adopt_existing=True" in refused.output
    stack.set_config("adopt", "true")
    stack.up()
    assert stack.outputs()["eventTrackerArn"] == existing
    assert stack.preview_is_empty()


def test_adoption_never_takes_a_tracker_of_another_name(aws_stack: Callable[..., Stack], personalize: Any) -> None:
    group = active_group(personalize, "events")
    existing = active_tracker(personalize, group, "someone-elses")
    stack = tracker_stack(aws_stack, group, trackerName="mine", adopt="true")
    refused = stack.up(ok=False)
    assert refused.returncode != 0
    assert existing in refused.output and "someone-elses" in refused.output
    assert [t["eventTrackerArn"] for t in trackers(personalize, group)] == [existing]
    assert [r for r in stack.resources() if r["type"] == TRACKER_TYPE] == []


@pytest.mark.parametrize(
    ("config", "property_name"),
    [
        ({"trackerName": "bad name!"}, "name"),
        ({"trackerName": "x" * 64}, "name"),
        ({"groupArn": "arn:aws:s3:::bucket"}, "datasetGroupArn"),
        ({"tags": json.dumps({"aws:reserved": "x"})}, "tags"),
        ({"tags": json.dumps({f"k{i}": "v" for i in range(51)})}, "tags"),
        ({"tags": json.dumps({"k": "v" * 257})}, "tags"),
        ({"region": "not a region"}, "region"),
    ],
)
def test_invalid_input_fails_preview_naming_the_property_without_aws_calls(
    aws_stack: Callable[..., Stack], emulator: Emulator, config: dict[str, str], property_name: str
) -> None:
    stack = tracker_stack(aws_stack, f"arn:aws:personalize:{REGION}:123456789012:dataset-group/events", **config)
    calls_before = sum(emulator.calls().values())
    preview = stack.preview(ok=False)
    assert preview.returncode != 0
    problem = rf"EventTracker resource 'clicks': property {property_name} value .* has a problem: "
    assert re.search(problem, preview.output), preview.output
    assert sum(emulator.calls().values()) == calls_before, "check must not call AWS"


def test_region_and_endpoint_come_from_stack_config(new_stack: Callable[..., Stack], emulator: Emulator) -> None:
    other_region = "eu-west-1"
    personalize = aws_client("personalize", emulator.endpoint_url, region=other_region)
    group = active_group(personalize, "events")
    stack = new_stack(TRACKER_PROGRAM)
    stack.set_config("aws:region", other_region)
    stack.set_config("aws:endpoints[0].personalize", emulator.endpoint_url, path=True)
    stack.set_config("groupArn", group)
    stack.up()
    arn = stack.outputs()["eventTrackerArn"]
    assert f":{other_region}:" in arn
    assert [t["eventTrackerArn"] for t in trackers(personalize, group)] == [arn]


PARALLEL_PROGRAM = """
import pulumi
import pulumi_personalize as personalize

for index, group_arn in enumerate(pulumi.Config().require_object("groups")):
    tracker = personalize.EventTracker(f"clicks-{index}", dataset_group_arn=group_arn)
    pulumi.export(f"trackingId{index}", tracker.tracking_id)
"""


def test_several_trackers_are_created_in_parallel(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    groups = [active_group(personalize, f"events-{index}") for index in range(4)]
    stack = aws_stack(PARALLEL_PROGRAM)
    stack.set_config("groups", json.dumps(groups))
    stack.up()
    outputs = stack.outputs()
    assert len({outputs[f"trackingId{index}"] for index in range(4)}) == 4
    created = sorted((r["createdAt"], r["activeAt"]) for r in emulator.resources() if r["kind"] == "event-tracker")
    assert len(created) == 4
    assert created[-1][0] < created[0][1], "all four creates overlapped: the engine ran them in parallel"
    stack.destroy()
    assert all(trackers(personalize, group) == [] for group in groups)


def test_create_failed_is_a_clear_error_and_leaves_nothing_behind(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = active_group(personalize, "events")
    stack = tracker_stack(aws_stack, group, trackerName="doomed")
    emulator.set_faults("fail-next-tracker=1")
    failed = stack.up(ok=False)
    assert failed.returncode != 0
    assert "event tracker doomed" in failed.output and group in failed.output
    assert "CREATE FAILED" in failed.output and "nothing is left behind" in failed.output
    assert trackers(personalize, group) == []
    assert live(emulator.resources(), "event-tracker") == []
    assert [r for r in stack.resources() if r["type"] == TRACKER_TYPE] == []
    stack.up()  # the fault is spent: the next run succeeds
    assert stack.outputs()["status"] == "ACTIVE"


def test_throttling_and_server_errors_are_retried(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = active_group(personalize, "events")
    stack = tracker_stack(aws_stack, group)
    emulator.set_faults("throttle=0.3;unavailable=0.1;seed=11")
    stack.up()
    stack.refresh()
    stack.destroy()
    emulator.set_faults("")
    assert trackers(personalize, group) == []


def test_a_tag_update_reads_the_tracker_back(aws_stack: Callable[..., Stack], personalize: Any) -> None:
    stack = tracker_stack(aws_stack, active_group(personalize, "events"), tags=json.dumps({"team": "recs"}))
    stack.up()
    exported = json.loads(stack.pulumi("stack", "export").stdout)
    stale = "2001-01-01T00:00:00+00:00"
    for resource in exported["deployment"]["resources"]:
        if resource["type"] == TRACKER_TYPE:
            resource["outputs"]["lastUpdatedDateTime"] = stale
    (stack.workdir / "stale.json").write_text(json.dumps(exported))
    stack.pulumi("stack", "import", "--file", "stale.json")
    stack.set_config("tags", json.dumps({"team": "growth"}))
    stack.up()
    state = tracker_state(stack)["outputs"]
    described = personalize.describe_event_tracker(eventTrackerArn=state["eventTrackerArn"])["eventTracker"]
    assert state["lastUpdatedDateTime"] != stale, "update ends with a read, as Terraform's does"
    assert state["lastUpdatedDateTime"].startswith(described["lastUpdatedDateTime"].date().isoformat())
    assert state["tags"] == {"team": "growth"}
