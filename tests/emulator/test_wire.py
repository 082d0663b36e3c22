"""Wire details that tools read: request IDs, Content-Type, and nothing moto-specific in the headers.

AWS's JSON 1.1 services answer ``Content-Type: application/x-amz-json-1.1`` (the protocol's media type,
botocore's ``json`` protocol) and rest-json ones ``application/json``; every answer carries an
``x-amzn-RequestId`` that is a UUID (as public captures of AWS JSON services show).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.emulator.conftest import SENT_AT, Api, Target, code_of, error_of

pytestmark = pytest.mark.live


def headers_of(client: Any, call: Any) -> dict[str, str]:
    """The HTTP headers of the answer to ``call()`` (made with ``client``), errors included."""
    seen: dict[str, str] = {}

    def grab(http_response: Any, **_: Any) -> None:
        seen.update({key.lower(): value for key, value in http_response.headers.items()})

    client.meta.events.register("after-call", grab, unique_id="wire-headers")
    client.meta.events.register("after-call-error", grab, unique_id="wire-headers-error")
    try:
        call()
    except client.exceptions.ClientError:
        pass
    finally:
        client.meta.events.unregister("after-call", unique_id="wire-headers")
        client.meta.events.unregister("after-call-error", unique_id="wire-headers-error")
    return seen


def request_id(headers: dict[str, str]) -> str:
    value = headers["x-amzn-requestid"]
    assert str(uuid.UUID(value)) == value
    return value


def test_control_plane_answers_are_amz_json_with_a_uuid_request_id(target: Target, api: Api) -> None:
    first = headers_of(api.client, api.client.list_dataset_groups)
    second = headers_of(api.client, api.client.list_dataset_groups)
    assert first["content-type"] == "application/x-amz-json-1.1"
    assert request_id(first) != request_id(second)
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset-group/none"
    error = headers_of(api.client, lambda: api.client.describe_dataset_group(datasetGroupArn=missing))
    assert error["content-type"] == "application/x-amz-json-1.1"
    assert error["x-amzn-errortype"].startswith("ResourceNotFoundException")
    request_id(error)
    assert "status" not in error


def test_put_events_success_is_an_empty_json_answer(target: Target, api: Api) -> None:
    _, tracking_id = api.events_tracker()
    events = target.events()
    event: Any = {"eventType": "click", "sentAt": SENT_AT, "itemId": "i"}
    headers = headers_of(events, lambda: events.put_events(trackingId=tracking_id, sessionId="s", eventList=[event]))
    assert headers["content-type"] == "application/json"
    assert headers["content-length"] == "0"
    request_id(headers)
    assert (
        code_of(lambda: events.put_events(trackingId="none", sessionId="s", eventList=[event]))
        == "InvalidInputException"
    )


def test_data_plane_errors_have_the_http_status_their_model_gives(target: Target, api: Api) -> None:
    """personalize-events model: ResourceNotFoundException is HTTP 404, ResourceInUseException 409,
    InvalidInputException 400."""
    events = target.events()
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset/none/ITEMS"
    error = error_of(lambda: events.put_items(datasetArn=missing, items=[{"itemId": "i"}]))
    assert (error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]) == (
        "ResourceNotFoundException",
        404,
    )
    event: Any = {"eventType": "click", "sentAt": SENT_AT, "itemId": "i"}
    error = error_of(lambda: events.put_events(trackingId="none", sessionId="s", eventList=[event]))
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
