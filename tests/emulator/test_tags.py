"""Tags: only through ListTagsForResource, changed in place, at most 50, no ``aws:`` keys."""

from __future__ import annotations

import json

import pytest
from mypy_boto3_personalize.type_defs import TagTypeDef

from tests.emulator.conftest import Api, code_of, error_of, raw_call, unique

pytestmark = pytest.mark.live


def tags(count: int, prefix: str = "k") -> list[TagTypeDef]:
    return [{"tagKey": f"{prefix}{i}", "tagValue": f"v{i}"} for i in range(count)]


def tags_of(api: Api, arn: str) -> dict[str, str]:
    listed = api.client.list_tags_for_resource(resourceArn=arn)["tags"]
    return {tag["tagKey"]: tag["tagValue"] for tag in listed}


def test_tags_given_at_creation_are_listed_but_not_described(api: Api) -> None:
    group = api.group(tags=[{"tagKey": "team", "tagValue": "recs"}])
    tracker, _ = api.tracker(group, tags=[{"tagKey": "env", "tagValue": "test"}])
    assert tags_of(api, group) == {"team": "recs"}
    assert tags_of(api, tracker) == {"env": "test"}
    _, body = raw_call(api.client, "describe_event_tracker", eventTrackerArn=tracker)
    assert "tags" not in json.loads(body)["eventTracker"]
    _, body = raw_call(api.client, "describe_dataset_group", datasetGroupArn=group)
    assert "tags" not in json.loads(body)["datasetGroup"]


def test_tag_and_untag_change_tags_in_place(api: Api) -> None:
    tracker, tracking_id = api.tracker(tags=[{"tagKey": "a", "tagValue": "1"}, {"tagKey": "b", "tagValue": "2"}])
    api.client.tag_resource(
        resourceArn=tracker, tags=[{"tagKey": "b", "tagValue": "two"}, {"tagKey": "c", "tagValue": "3"}]
    )
    assert tags_of(api, tracker) == {"a": "1", "b": "two", "c": "3"}
    api.client.untag_resource(resourceArn=tracker, tagKeys=["a", "not-there"])
    assert tags_of(api, tracker) == {"b": "two", "c": "3"}
    described = api.client.describe_event_tracker(eventTrackerArn=tracker)["eventTracker"]
    assert (described["trackingId"], described["status"]) == (tracking_id, "ACTIVE")


def test_at_most_fifty_tags_per_resource(api: Api) -> None:
    assert code_of(lambda: api.client.create_dataset_group(name="too-many", tags=tags(51))) == "TooManyTagsException"
    group = api.group(tags=tags(50))
    assert len(tags_of(api, group)) == 50
    api.client.tag_resource(resourceArn=group, tags=tags(1))  # overwriting k0 keeps 50
    error = error_of(lambda: api.client.tag_resource(resourceArn=group, tags=tags(1, prefix="extra")))
    assert error.response["Error"]["Code"] == "TooManyTagsException"
    assert len(tags_of(api, group)) == 50


def test_keys_starting_with_aws_are_refused(api: Api) -> None:
    reserved: list[TagTypeDef] = [{"tagKey": "aws:owner", "tagValue": "me"}]
    assert code_of(lambda: api.client.create_dataset_group(name="reserved", tags=reserved)) == "InvalidInputException"
    group = api.group()
    assert code_of(lambda: api.client.tag_resource(resourceArn=group, tags=reserved)) == "InvalidInputException"
    assert code_of(lambda: api.client.untag_resource(resourceArn=group, tagKeys=["AWS:owner"])) == (
        "InvalidInputException"
    )
    assert tags_of(api, group) == {}


def test_duplicate_keys_in_one_request_are_refused(api: Api) -> None:
    group = api.group()
    duplicated: list[TagTypeDef] = [{"tagKey": "k", "tagValue": "1"}, {"tagKey": "k", "tagValue": "2"}]
    assert code_of(lambda: api.client.tag_resource(resourceArn=group, tags=duplicated)) == "InvalidInputException"


def test_untag_takes_at_most_fifty_keys(api: Api) -> None:
    group = api.group()
    keys = [f"k{i}" for i in range(51)]
    assert code_of(lambda: api.client.untag_resource(resourceArn=group, tagKeys=keys)) == "TooManyTagKeysException"


def test_tags_of_unknown_resources_are_not_found(api: Api) -> None:
    missing = "arn:aws:personalize:us-east-1:123456789012:event-tracker/0badf00d"
    client = api.client
    calls = [
        lambda: client.list_tags_for_resource(resourceArn=missing),
        lambda: client.tag_resource(resourceArn=missing, tags=tags(1)),
        lambda: client.untag_resource(resourceArn=missing, tagKeys=["k0"]),
    ]
    assert [code_of(call) for call in calls] == ["ResourceNotFoundException"] * 3


@pytest.mark.parametrize("value", ["aws:owner", "AWS:x", "Aws:"])
def test_tag_values_starting_with_aws_are_refused(api: Api, value: str) -> None:
    """Developer guide, "Tagging Amazon Personalize resources": tag keys and values "can't start with aws:"
    (any case: chosen, as for keys)."""
    reserved: list[TagTypeDef] = [{"tagKey": "owner", "tagValue": value}]
    assert (
        code_of(lambda: api.client.create_dataset_group(name=unique("grp"), tags=reserved)) == "InvalidInputException"
    )
    group = api.group()
    assert code_of(lambda: api.client.tag_resource(resourceArn=group, tags=reserved)) == "InvalidInputException"
    assert tags_of(api, group) == {}


def test_a_tag_value_may_contain_aws_after_its_start(api: Api) -> None:
    group = api.group(tags=[{"tagKey": "origin", "tagValue": "from aws:eu"}])
    assert tags_of(api, group) == {"origin": "from aws:eu"}
