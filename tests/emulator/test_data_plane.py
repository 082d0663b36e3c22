"""The data plane against the datasets: PutEvents needs an ACTIVE Interactions dataset and events with
its schema's fields; PutItems, PutUsers and PutActionInteractions fill their datasets."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from mypy_boto3_personalize_events.type_defs import ActionInteractionTypeDef, EventTypeDef

from tests.emulator.conftest import (
    INTERACTIONS_FIELDS,
    SENT_AT,
    Api,
    Target,
    avro,
    code_of,
    error_of,
    raw_call,
    unique,
)

pytestmark = pytest.mark.live

ACTION_INTERACTIONS_FIELDS: tuple[tuple[str, str | list[str]], ...] = (
    ("USER_ID", "string"),
    ("ACTION_ID", "string"),
    ("EVENT_TYPE", "string"),
    ("TIMESTAMP", "long"),
)


def click(**members: object) -> EventTypeDef:
    event: EventTypeDef = {"eventType": "click", "sentAt": SENT_AT, "itemId": "item-1"}
    event.update(members)  # type: ignore[typeddict-item]
    return event


def test_events_need_an_interactions_dataset(target: Target, api: Api) -> None:
    group = api.group()
    _, tracking_id = api.tracker(group)
    error = error_of(lambda: target.events().put_events(trackingId=tracking_id, sessionId="s", eventList=[click()]))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert group in error.response["Error"]["Message"]


def test_events_need_an_active_interactions_dataset(target: Target, api: Api, widen: Callable[[], None]) -> None:
    group = api.group()
    _, tracking_id = api.tracker(group)
    widen()
    api.create_dataset(group, api.create_schema(avro(*INTERACTIONS_FIELDS)), "Interactions")
    code = code_of(lambda: target.events().put_events(trackingId=tracking_id, sessionId="s", eventList=[click()]))
    assert code == "InvalidInputException"


def test_accepted_events_name_the_dataset_they_landed_in(target: Target, api: Api) -> None:
    emulator = target.require_emulator()
    group = api.group()
    dataset = api.interactions(group)
    tracker, tracking_id = api.tracker(group)
    target.events().put_events(
        trackingId=tracking_id, userId="u", sessionId="s", eventList=[click(), click(itemId="item-2")]
    )
    recorded = emulator.events()
    assert [(e["operation"], e["datasetArn"], e["eventTrackerArn"]) for e in recorded] == [
        ("PutEvents", dataset, tracker)
    ] * 2


def test_an_event_without_a_required_field_is_invalid_and_named(target: Target, api: Api) -> None:
    group = api.group()
    api.interactions(group)
    _, tracking_id = api.tracker(group)
    events: list[EventTypeDef] = [click(), {"eventType": "click", "sentAt": SENT_AT}]
    error = error_of(lambda: target.events().put_events(trackingId=tracking_id, sessionId="s", eventList=events))
    message = error.response["Error"]["Message"]
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "eventList.2" in message and "ITEM_ID" in message and "itemId" in message


def test_required_fields_map_to_members_or_camel_case_properties(target: Target, api: Api) -> None:
    emulator = target.require_emulator()
    group = api.group()
    api.interactions(group, ("EVENT_VALUE", "float"), ("NUMBER_OF_RATINGS", "int"), ("PAGE", ["null", "string"]))
    _, tracking_id = api.tracker(group)
    events = target.events()

    def put(*event_list: EventTypeDef) -> object:
        return events.put_events(trackingId=tracking_id, sessionId="s", eventList=list(event_list))

    full = click(eventValue=4.0, properties=json.dumps({"numberOfRatings": 12}))
    put(full)
    error = error_of(lambda: put(click(properties=json.dumps({"numberOfRatings": 12}))))
    assert "EVENT_VALUE" in error.response["Error"]["Message"]
    error = error_of(lambda: put(full, click(eventValue=4.0)))
    message = error.response["Error"]["Message"]
    assert "eventList.2" in message and "NUMBER_OF_RATINGS" in message and "numberOfRatings" in message
    # The developer guide's examples send itemId and eventValue inside properties.
    put(
        {
            "eventType": "rating",
            "sentAt": SENT_AT,
            "properties": json.dumps({"itemId": "movie_ten", "eventValue": 3, "numberOfRatings": 13}),
        }
    )
    assert len(emulator.events()) == 2


def test_put_items_and_put_users_fill_their_datasets(target: Target, api: Api) -> None:
    emulator = target.require_emulator()
    group = api.group()
    items = api.dataset(group, "Items", ("ITEM_ID", "string"), ("GENRE", "string"), ("PRICE", ["null", "float"]))
    users = api.dataset(group, "Users", ("USER_ID", "string"), ("AGE", ["null", "int"]))
    events = target.events()
    _, body = raw_call(
        events, "put_items", datasetArn=items, items=[{"itemId": "i1", "properties": json.dumps({"genre": "sf"})}]
    )
    assert body == b""
    events.put_users(datasetArn=users, users=[{"userId": "u1"}, {"userId": "u2", "properties": '{"age": 7}'}])
    recorded = [(e["operation"], e["datasetArn"]) for e in emulator.events()]
    assert recorded == [("PutItems", items), ("PutUsers", users), ("PutUsers", users)]
    assert emulator.events()[0]["item"] == {"itemId": "i1", "properties": '{"genre": "sf"}'}
    error = error_of(lambda: events.put_items(datasetArn=items, items=[{"itemId": "i2"}]))
    message = error.response["Error"]["Message"]
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "items.1" in message and "GENRE" in message and "genre" in message


def test_put_items_needs_an_active_items_dataset(target: Target, api: Api, widen: Callable[[], None]) -> None:
    group = api.group()
    users = api.dataset(group, "Users", ("USER_ID", "string"), ("AGE", "int"))
    events = target.events()
    code = code_of(lambda: events.put_items(datasetArn=users, items=[{"itemId": "i"}]))
    assert code == "InvalidInputException"
    missing = users.replace("/USERS", "/ITEMS")
    code = code_of(lambda: events.put_items(datasetArn=missing, items=[{"itemId": "i"}]))
    assert code == "ResourceNotFoundException"
    widen()
    items = api.create_dataset(group, api.create_schema(avro(("ITEM_ID", "string"), ("GENRE", "string"))), "Items")
    props = json.dumps({"genre": "sf"})
    code = code_of(lambda: events.put_items(datasetArn=items, items=[{"itemId": "i", "properties": props}]))
    assert code == "ResourceInUseException"


def test_action_interactions_go_to_the_dataset_of_their_tracking_id(target: Target, api: Api) -> None:
    emulator = target.require_emulator()
    group = api.group()
    dataset = api.dataset(group, "Action_Interactions", *ACTION_INTERACTIONS_FIELDS, ("CHANNEL", "string"))
    tracking_id = api.client.describe_dataset(datasetArn=dataset)["dataset"]["trackingId"]
    events = target.events()
    when = datetime(2024, 5, 1, tzinfo=UTC)
    interaction: ActionInteractionTypeDef = {
        "actionId": "a1",
        "sessionId": "s",
        "timestamp": when,
        "eventType": "Taken",
    }
    with_channel: ActionInteractionTypeDef = {**interaction, "properties": '{"channel": "email"}'}
    events.put_action_interactions(trackingId=tracking_id, actionInteractions=[with_channel])
    (recorded,) = emulator.events()
    assert (recorded["operation"], recorded["datasetArn"], recorded["trackingId"]) == (
        "PutActionInteractions",
        dataset,
        tracking_id,
    )
    error = error_of(lambda: events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction]))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "CHANNEL" in error.response["Error"]["Message"]
    code = code_of(lambda: events.put_action_interactions(trackingId=unique("t"), actionInteractions=[interaction]))
    assert code == "ResourceNotFoundException"


def test_action_interaction_properties_may_not_use_a_reserved_keyword(target: Target, api: Api) -> None:
    """The `ActionInteraction` data type, `properties`: the same case insensitive keywords as events'."""
    dataset = api.dataset(api.group(), "Action_Interactions", *ACTION_INTERACTIONS_FIELDS)
    tracking_id = api.client.describe_dataset(datasetArn=dataset)["dataset"]["trackingId"]
    interaction: ActionInteractionTypeDef = {
        "actionId": "a1",
        "sessionId": "s",
        "timestamp": datetime(2024, 5, 1, tzinfo=UTC),
        "eventType": "Taken",
        "properties": '{"EventType": "x"}',
    }
    events = target.events()
    error = error_of(lambda: events.put_action_interactions(trackingId=tracking_id, actionInteractions=[interaction]))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "EventType" in error.response["Error"]["Message"]


def test_data_plane_calls_are_counted_by_operation(target: Target, api: Api) -> None:
    emulator = target.require_emulator()
    events = target.events()
    arn = f"arn:aws:personalize:{target.region}:123456789012:dataset/g/ITEMS"
    for call in (
        lambda: events.put_items(datasetArn=arn, items=[{"itemId": "i"}]),
        lambda: events.put_users(datasetArn=arn, users=[{"userId": "u"}]),
        lambda: events.put_action_interactions(
            trackingId="t",
            actionInteractions=[{"actionId": "a", "sessionId": "s", "timestamp": SENT_AT, "eventType": "e"}],
        ),
    ):
        code_of(call)
    assert emulator.calls() == {"PutItems": 1, "PutUsers": 1, "PutActionInteractions": 1}
