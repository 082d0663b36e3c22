"""check and diff of the generic lifecycle: validation, autonaming and honest diffs, without AWS."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime import rpc
from pulumi_personalize.dataset_group import DatasetGroupProvider
from pulumi_personalize.event_tracker import EventTrackerProvider

GROUP = "arn:aws:personalize:us-east-1:123456789012:dataset-group/events"


def tracker_inputs(**overrides: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "datasetGroupArn": GROUP,
        "name": None,
        "autonamePrefix": "clicks",
        "tags": None,
        "region": "us-east-1",
        "adoptExisting": False,
        "timeouts": {"create": 1200.0, "delete": 1200.0},
    }
    inputs.update(overrides)
    return inputs


def failures(provider: Any, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, str]:
    return {failure.property: failure.reason for failure in provider.check(olds, news).failures}


def test_valid_inputs_pass_and_get_an_autoname() -> None:
    result = EventTrackerProvider().check({}, tracker_inputs())
    assert result.failures == []
    assert result.inputs["name"].startswith("clicks-")
    assert len(result.inputs["name"]) == len("clicks-") + 6
    assert result.inputs["tags"] == {}


def test_autoname_is_kept_from_the_previous_inputs() -> None:
    first = EventTrackerProvider().check({}, tracker_inputs()).inputs
    again = EventTrackerProvider().check(first, tracker_inputs()).inputs
    assert again["name"] == first["name"]


def test_autoname_derives_from_the_owner_so_a_retried_create_finds_its_resource() -> None:
    first = EventTrackerProvider().check({}, tracker_inputs(owner="proj/dev/clicks")).inputs["name"]
    again = EventTrackerProvider().check({}, tracker_inputs(owner="proj/dev/clicks")).inputs["name"]
    other = EventTrackerProvider().check({}, tracker_inputs(owner="proj/prod/clicks")).inputs["name"]
    assert first == again
    assert first != other


def test_autoname_is_made_valid_from_any_resource_name() -> None:
    name = EventTrackerProvider().check({}, tracker_inputs(autonamePrefix="_my tracker/" + "x" * 80)).inputs["name"]
    assert failures(EventTrackerProvider(), {}, tracker_inputs(name=name)) == {}
    assert len(name) <= 63


@pytest.mark.parametrize(
    ("overrides", "prop"),
    [
        ({"name": ""}, "name"),
        ({"name": "-starts-with-dash"}, "name"),
        ({"name": "has space"}, "name"),
        ({"name": "x" * 64}, "name"),
        ({"datasetGroupArn": None}, "datasetGroupArn"),
        ({"datasetGroupArn": "arn:aws:personalize:us-east-1:123456789012:event-tracker/abc"}, "datasetGroupArn"),
        ({"region": "moon-1"}, "region"),
        ({"region": "eu-west-1"}, "region"),  # the dataset group is in us-east-1
        ({"tags": {"aws:x": "1"}}, "tags"),
        ({"tags": {"AWS:x": "1"}}, "tags"),
        ({"tags": {"": "1"}}, "tags"),
        ({"tags": {"k" * 129: "1"}}, "tags"),
        ({"tags": {"k": "v" * 257}}, "tags"),
        ({"tags": {"k": "semi;colon"}}, "tags"),
        ({"tags": {f"k{i}": "v" for i in range(50)}}, "tags"),
        ({"tags": {"pulumi-personalize:owner": "someone"}}, "tags"),
        ({"tags": {"k": 1}}, "tags"),
        ({"adoptExisting": "yes"}, "adoptExisting"),
        ({"timeouts": {"create": -1, "delete": 1}}, "timeouts"),
    ],
)
def test_each_invalid_input_is_a_failure_naming_its_property(overrides: dict[str, Any], prop: str) -> None:
    found = failures(EventTrackerProvider(), {}, tracker_inputs(**overrides))
    assert list(found) == [prop], found


@pytest.mark.parametrize("unknown", [rpc.UNKNOWN, Unknown()])  # type: ignore[no-untyped-call]
def test_unknown_values_pass_during_preview(unknown: Any) -> None:
    inputs = tracker_inputs(datasetGroupArn=unknown, tags={"team": unknown}, name=unknown)
    assert failures(EventTrackerProvider(), {}, inputs) == {}
    assert failures(EventTrackerProvider(), {}, tracker_inputs(tags=unknown)) == {}


def test_tag_limits_accept_the_edges() -> None:
    tags = {f"k{i}": "v" for i in range(47)} | {"k" * 128: "v" * 256, "unicodé é:/=+-@_.": ""}
    assert len(tags) == 49  # the 50th tag of AWS's limit is the provider's ownership tag
    assert failures(EventTrackerProvider(), {}, tracker_inputs(tags=tags)) == {}


def test_region_defaults_to_stack_config_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    assert EventTrackerProvider().check({}, tracker_inputs(region=None)).inputs["region"] == "us-east-1"
    monkeypatch.delenv("AWS_REGION")
    group_region = EventTrackerProvider().check({}, tracker_inputs(region=None)).inputs["region"]
    assert group_region == "us-east-1", "with nothing configured, the dataset group's region is used"


def test_dataset_group_rules() -> None:
    base = {
        "name": "events",
        "autonamePrefix": None,
        "tags": {},
        "region": "us-east-1",
        "adoptExisting": False,
        "timeouts": {"create": 60.0, "delete": 60.0},
        "domain": None,
        "roleArn": None,
        "kmsKeyArn": None,
    }
    assert failures(DatasetGroupProvider(), {}, base) == {}
    assert list(failures(DatasetGroupProvider(), {}, base | {"domain": "RETAIL"})) == ["domain"]
    assert list(failures(DatasetGroupProvider(), {}, base | {"roleArn": "role"})) == ["roleArn"]
    assert list(failures(DatasetGroupProvider(), {}, base | {"kmsKeyArn": "key"})) == ["kmsKeyArn"]


def outputs_of(inputs: dict[str, Any]) -> dict[str, Any]:
    return inputs | {
        "eventTrackerArn": "arn:aws:personalize:us-east-1:123456789012:event-tracker/0a1b2c3d",
        "trackingId": "00000000-0000-0000-0000-000000000000",
        "status": "ACTIVE",
        "__provider": "old-pickle",
    }


def checked(**overrides: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = EventTrackerProvider().check({}, tracker_inputs(name="clicks", **overrides)).inputs
    return inputs


def test_nothing_changed_is_no_diff_even_if_the_provider_pickle_changed() -> None:
    olds = outputs_of(checked())
    news = checked() | {"__provider": "new-pickle"}
    diff = EventTrackerProvider().diff("id", olds, news)
    assert diff.changes is False and diff.replaces == []


@pytest.mark.parametrize(
    ("change", "prop"),
    [
        ({"name": "other"}, "name"),
        ({"datasetGroupArn": GROUP.replace("events", "other")}, "datasetGroupArn"),
    ],
)
def test_replacements_name_their_property_and_delete_first(change: dict[str, Any], prop: str) -> None:
    diff = EventTrackerProvider().diff("id", outputs_of(checked()), checked() | change)
    assert diff.changes is True and diff.replaces == [prop] and diff.delete_before_replace is True


def test_tags_update_in_place() -> None:
    diff = EventTrackerProvider().diff("id", outputs_of(checked()), checked(tags={"a": "b"}))
    assert diff.changes is True and diff.replaces == [] and diff.delete_before_replace is False


def test_unknown_replacement_property_during_preview_is_a_replacement() -> None:
    diff = EventTrackerProvider().diff("id", outputs_of(checked()), checked() | {"datasetGroupArn": rpc.UNKNOWN})
    assert diff.replaces == ["datasetGroupArn"]
