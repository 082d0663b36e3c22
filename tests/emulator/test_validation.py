"""Input validation from the botocore model: InvalidInputException naming the field.

The SDK's own validation is switched off (``parameter_validation=False``) so that the service's
answer is what is tested.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from tests.emulator.conftest import Api, Target, error_of, signed_post

pytestmark = pytest.mark.live

GOOD_ARN = "arn:aws:personalize:us-east-1:123456789012:dataset-group/g"


@pytest.fixture
def raw(target: Target) -> Any:
    return target.personalize(validate=False)


@pytest.fixture
def raw_events(target: Target) -> Any:
    return target.events(validate=False)


def invalid(call: Callable[[], object], field: str) -> str:
    """Assert the call fails with InvalidInputException naming ``field``; return the message."""
    error = error_of(call)
    message: str = error.response["Error"]["Message"]
    assert error.response["Error"]["Code"] == "InvalidInputException", message
    assert f"'{field}'" in message, message
    return message


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 64}, "name"),
        ({"name": "-starts-with-dash"}, "name"),
        ({"name": "ends-with-a-bang!"}, "name"),  # the pattern constrains the whole name
        ({"name": 123}, "name"),
        ({"name": "ok", "domain": "RETAIL"}, "domain"),
        ({"name": "ok", "roleArn": "arn:aws:iam::1:role/r"}, "roleArn"),
        ({"name": "ok", "tags": [{"tagKey": "k" * 129, "tagValue": "v"}]}, "tags.1.member.tagKey"),
        ({"name": "ok", "tags": [{"tagKey": "k", "tagValue": "no#hash"}]}, "tags.1.member.tagValue"),
        ({"name": "ok", "tags": [{"tagKey": "k"}]}, "tags.1.member.tagValue"),
        ({"name": "ok", "tags": [{"tagKey": f"k{i}", "tagValue": "v"} for i in range(201)]}, "tags"),
    ],
)
def test_create_dataset_group_input_is_validated(raw: Any, params: dict[str, Any], field: str) -> None:
    invalid(lambda: raw.create_dataset_group(**params), field)


def test_the_longest_valid_name_is_accepted(api: Api) -> None:
    api.create_group("n" * 63)


def test_every_violation_is_listed(raw: Any) -> None:
    message = invalid(lambda: raw.create_dataset_group(name="a b", domain="RETAIL"), "name")
    assert message.startswith("2 validation errors detected: ")
    assert "'domain'" in message


@pytest.mark.parametrize(
    ("operation", "params", "field"),
    [
        ("create_event_tracker", {"datasetGroupArn": GOOD_ARN}, "name"),
        ("create_event_tracker", {"name": "t"}, "datasetGroupArn"),
        ("create_event_tracker", {"name": "t", "datasetGroupArn": "arn:aws:s3:::bucket"}, "datasetGroupArn"),
        ("create_event_tracker", {"name": "t", "datasetGroupArn": GOOD_ARN + "x" * 256}, "datasetGroupArn"),
        ("describe_event_tracker", {}, "eventTrackerArn"),
        ("delete_event_tracker", {"eventTrackerArn": "tracker"}, "eventTrackerArn"),
        ("describe_dataset_group", {"datasetGroupArn": ""}, "datasetGroupArn"),
        ("list_event_trackers", {"datasetGroupArn": "group"}, "datasetGroupArn"),
        ("list_event_trackers", {"maxResults": "ten"}, "maxResults"),
        ("tag_resource", {"resourceArn": GOOD_ARN}, "tags"),
        ("untag_resource", {"resourceArn": GOOD_ARN, "tagKeys": [""]}, "tagKeys.1.member"),
        ("list_tags_for_resource", {}, "resourceArn"),
    ],
)
def test_every_operation_validates_its_input(raw: Any, operation: str, params: dict[str, Any], field: str) -> None:
    invalid(lambda: getattr(raw, operation)(**params), field)


def event(**overrides: Any) -> dict[str, Any]:
    return {"eventType": "click", "sentAt": 1_700_000_000, **overrides}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sessionId": "s", "eventList": [event()]}, "trackingId"),
        ({"trackingId": "t", "eventList": [event()]}, "sessionId"),
        ({"trackingId": "t", "sessionId": "s"}, "eventList"),
        ({"trackingId": "t", "sessionId": "s", "eventList": []}, "eventList"),
        ({"trackingId": "t", "sessionId": "s", "eventList": [event()] * 11}, "eventList"),
        ({"trackingId": "t" * 257, "sessionId": "s", "eventList": [event()]}, "trackingId"),
        ({"trackingId": "t", "userId": "", "sessionId": "s", "eventList": [event()]}, "userId"),
        ({"trackingId": "t", "sessionId": "s", "eventList": [{"sentAt": 1}]}, "eventList.1.member.eventType"),
        ({"trackingId": "t", "sessionId": "s", "eventList": [{"eventType": "x"}]}, "eventList.1.member.sentAt"),
        (
            {"trackingId": "t", "sessionId": "s", "eventList": [event(), event(properties="{not json")]},
            "eventList.2.member.properties",
        ),
        (
            {"trackingId": "t", "sessionId": "s", "eventList": [event(properties="x" * 1025)]},
            "eventList.1.member.properties",
        ),
        (
            {"trackingId": "t", "sessionId": "s", "eventList": [event(impression=[])]},
            "eventList.1.member.impression",
        ),
        (
            {"trackingId": "t", "sessionId": "s", "eventList": [event(recommendationId="r" * 41)]},
            "eventList.1.member.recommendationId",
        ),
        (
            {"trackingId": "t", "sessionId": "s", "eventList": [event(metricAttribution={})]},
            "eventList.1.member.metricAttribution.eventAttributionSource",
        ),
    ],
)
def test_put_events_input_is_validated(raw_events: Any, params: dict[str, Any], field: str) -> None:
    invalid(lambda: raw_events.put_events(**params), field)


def test_sensitive_values_are_not_echoed(raw_events: Any) -> None:
    message = invalid(
        lambda: raw_events.put_events(
            trackingId="t", userId="u" * 300, sessionId="s", eventList=[event(itemId="secret-item" * 30)]
        ),
        "userId",
    )
    assert "secret-item" not in message
    assert "uuuu" not in message


def test_a_body_that_is_not_json_is_a_serialization_error(target: Target) -> None:
    client = target.personalize()
    headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonPersonalize.ListDatasetGroups"}
    status, body = signed_post(target, client, "/", b"{not json", headers)
    assert status == 400
    assert json.loads(body)["__type"].endswith("SerializationException")


def test_an_unsigned_request_is_refused(target: Target) -> None:
    url = target.personalize().meta.endpoint_url
    headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonPersonalize.ListDatasetGroups"}
    request = urllib.request.Request(url, data=b"{}", headers=headers, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    assert refused.value.headers["x-amzn-ErrorType"].startswith("MissingAuthenticationToken")


def test_an_unknown_operation_is_refused(target: Target) -> None:
    client = target.personalize()
    headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonPersonalize.MakeCoffee"}
    status, body = signed_post(target, client, "/", b"{}", headers)
    assert status == 400
    assert json.loads(body)["__type"].endswith("UnknownOperationException")
