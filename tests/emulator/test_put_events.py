"""PutEvents (personalize-events, rest-json POST /events): only for ACTIVE trackers, 200 and no body.

The schema checks of events are in test_data_plane.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from mypy_boto3_personalize_events.type_defs import EventTypeDef

from tests.emulator.conftest import SENT_AT, Api, Target, code_of, error_of, raw_call

pytestmark = pytest.mark.live


def clicks(count: int = 1) -> list[EventTypeDef]:
    return [
        {"eventType": "click", "sentAt": SENT_AT, "itemId": f"item-{i}", "properties": '{"page": "home"}'}
        for i in range(count)
    ]


def test_events_for_an_active_tracker_are_accepted_with_an_empty_body(target: Target, api: Api) -> None:
    _, tracking_id = api.events_tracker()
    events = target.events()
    parsed, body = raw_call(
        events, "put_events", trackingId=tracking_id, userId="u1", sessionId="s1", eventList=clicks(2)
    )
    assert parsed["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert body == b""


def test_accepted_events_are_recorded(target: Target, api: Api) -> None:
    emulator = target.require_emulator()
    tracker, tracking_id = api.events_tracker()
    target.events().put_events(trackingId=tracking_id, userId="u1", sessionId="s1", eventList=clicks(3))
    target.events().put_events(trackingId=tracking_id, sessionId="s2", eventList=clicks(1))
    recorded = emulator.events()
    assert [(e["trackingId"], e["userId"], e["sessionId"]) for e in recorded] == [
        (tracking_id, "u1", "s1"),
        (tracking_id, "u1", "s1"),
        (tracking_id, "u1", "s1"),
        (tracking_id, None, "s2"),
    ]
    assert {e["eventTrackerArn"] for e in recorded} == {tracker}
    first = recorded[0]["event"]
    assert (first["eventType"], first["itemId"], first["properties"]) == ("click", "item-0", '{"page": "home"}')
    assert first["sentAt"] == SENT_AT.timestamp()


def test_an_unknown_tracking_id_is_invalid_input(target: Target) -> None:
    error = error_of(
        lambda: target.events().put_events(trackingId="no-such-tracker", sessionId="s", eventList=clicks())
    )
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "no-such-tracker" in error.response["Error"]["Message"]


def test_a_tracker_that_is_not_active_takes_no_events(target: Target, api: Api, widen: Callable[[], None]) -> None:
    group = api.group()
    api.interactions(group)
    widen()
    tracker, tracking_id = api.create_tracker(group)
    events = target.events()

    def put() -> object:
        return events.put_events(trackingId=tracking_id, sessionId="s", eventList=clicks())

    assert code_of(put) == "InvalidInputException"  # CREATE PENDING
    api.wait_tracker(tracker, "ACTIVE")
    put()
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    assert code_of(put) == "InvalidInputException"  # DELETE PENDING
    api.wait_tracker(tracker, None)
    assert code_of(put) == "InvalidInputException"


def test_tracking_ids_are_regional(target: Target, api: Api) -> None:
    _, tracking_id = api.events_tracker()
    elsewhere = target.events(region=target.other_region)
    code = code_of(lambda: elsewhere.put_events(trackingId=tracking_id, sessionId="s", eventList=clicks()))
    assert code == "InvalidInputException"


# The `Event` data type (personalize-events API reference, API_UBS_Event.html), `properties`: "You can't
# use the following case insensitive keywords as the property names: userId, sessionId, eventType,
# timestamp, recommendationId, impression". The member is a JSON object of property names and values.


@pytest.mark.parametrize("key", ["userId", "SESSIONID", "eventtype", "Timestamp", "recommendationId", "impression"])
def test_properties_may_not_use_a_reserved_keyword(target: Target, api: Api, key: str) -> None:
    _, tracking_id = api.events_tracker()
    event: EventTypeDef = {"eventType": "click", "sentAt": SENT_AT, "itemId": "i", "properties": f'{{"{key}": "x"}}'}
    error = error_of(lambda: target.events().put_events(trackingId=tracking_id, sessionId="s", eventList=[event]))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert key in error.response["Error"]["Message"]


@pytest.mark.parametrize("properties", ["[1, 2]", '"page"', "3", "null"])
def test_properties_must_be_a_json_object(target: Target, api: Api, properties: str) -> None:
    _, tracking_id = api.events_tracker()
    event: EventTypeDef = {"eventType": "click", "sentAt": SENT_AT, "itemId": "i", "properties": properties}
    error = error_of(lambda: target.events().put_events(trackingId=tracking_id, sessionId="s", eventList=[event]))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "properties" in error.response["Error"]["Message"]


def test_an_event_sent_twice_is_kept_once(target: Target, api: Api) -> None:
    """ "If you record two events with exactly the same timestamp and identical properties, Amazon
    Personalize keeps only one of the events" (developer guide, "Recording item interaction events")."""
    emulator = target.require_emulator()
    _, tracking_id = api.events_tracker()
    events = target.events()
    same = clicks(1)
    events.put_events(trackingId=tracking_id, userId="u1", sessionId="s1", eventList=same + same)
    events.put_events(trackingId=tracking_id, userId="u1", sessionId="s1", eventList=same)
    assert len(emulator.events()) == 1
    later: EventTypeDef = {**same[0], "sentAt": SENT_AT.replace(second=1)}
    other: EventTypeDef = {**same[0], "properties": '{"page": "cart"}'}
    events.put_events(trackingId=tracking_id, userId="u1", sessionId="s1", eventList=[later, other])
    events.put_events(trackingId=tracking_id, userId="u2", sessionId="s1", eventList=same)
    assert len(emulator.events()) == 4
