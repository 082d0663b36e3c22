"""The data plane's records (events, items, users, action interactions) against their dataset's schema.

Every field of the schema that cannot be null must come with each record: some as members of the
record (ITEM_ID as ``itemId``, TIMESTAMP as ``sentAt`` ...), every other one as a key of its
``properties`` JSON, in camel case (NUMBER_OF_RATINGS as ``numberOfRatings``: the personalize-events
API reference). A member may also come in ``properties`` under its own name, as the developer guide's
PutEvents examples send ``itemId`` and ``eventValue``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .avro import AvroSchema, camel_case
from .exceptions import InvalidInputException

__all__ = [
    "ACTION_INTERACTION_MEMBERS",
    "EVENT_MEMBERS",
    "ITEM_MEMBERS",
    "RESERVED_PROPERTIES",
    "USER_MEMBERS",
    "Members",
    "Records",
    "check_properties",
    "check_records",
]

Members = Mapping[str, str | None]
Records = list[dict[str, Any]]

# Schema field -> the record member that carries it; None: not asked of a record. USER_ID is not asked
# of events and action interactions: the user may be anonymous, known by the required sessionId.
EVENT_MEMBERS: Members = {
    "USER_ID": None,
    "ITEM_ID": "itemId",
    "EVENT_TYPE": "eventType",
    "TIMESTAMP": "sentAt",
    "EVENT_VALUE": "eventValue",
    "IMPRESSION": "impression",
    "RECOMMENDATION_ID": "recommendationId",
}
ACTION_INTERACTION_MEMBERS: Members = {
    "USER_ID": None,
    "ACTION_ID": "actionId",
    "EVENT_TYPE": "eventType",
    "TIMESTAMP": "timestamp",
    "IMPRESSION": "impression",
    "RECOMMENDATION_ID": "recommendationId",
}
ITEM_MEMBERS: Members = {"ITEM_ID": "itemId"}
USER_MEMBERS: Members = {"USER_ID": "userId"}
# The `Event` and `ActionInteraction` data types, `properties`: "The following can't be included as a keyword
# for properties (case insensitive)" (personalize-events API reference).
RESERVED_PROPERTIES = frozenset({"userid", "sessionid", "eventtype", "timestamp", "recommendationid", "impression"})


def check_properties(records: Records, list_name: str, reserved: frozenset[str]) -> None:
    """InvalidInputException naming the first record whose ``properties`` is not a JSON object (the
    member is "a string map" of property names and values) or uses a reserved keyword, in any case."""
    for index, record in enumerate(records, start=1):
        text = record.get("properties")
        if not isinstance(text, str):
            continue
        properties = json.loads(text)  # JSON text already: the jsonvalue trait is validated first
        where = f"{list_name}.{index}.member.properties"
        if not isinstance(properties, dict):
            raise InvalidInputException(f"{where} must be a JSON object of property names and values.")
        used = sorted(key for key in properties if key.lower() in reserved)
        if used:
            raise InvalidInputException(
                f"{where} uses {used[0]}, a reserved keyword that cannot be a property name (in any case)."
            )


def check_records(records: Records, list_name: str, schema: AvroSchema, schema_arn: str, members: Members) -> None:
    """InvalidInputException naming the first record (``eventList.2``, 1-based) without a field its
    schema requires, and the field."""
    for index, record in enumerate(records, start=1):
        missing = _missing(record, schema, members)
        if missing is not None:
            field, sent_as = missing
            raise InvalidInputException(
                f"{list_name}.{index}.member lacks field {field}, which schema {schema_arn} requires: "
                f"send it as {sent_as}."
            )


def _missing(record: dict[str, Any], schema: AvroSchema, members: Members) -> tuple[str, str] | None:
    properties = _properties(record)
    for field in schema.required():
        member = members.get(field.name, "")
        key = camel_case(field.name)
        if member is None or properties.get(key) is not None:
            continue
        if member and record.get(member) is not None:
            continue
        return field.name, (member if member else f"the properties key {key}")
    return None


def _properties(record: dict[str, Any]) -> dict[str, Any]:
    """The record's properties JSON (validated as JSON text already) when it is an object."""
    text = record.get("properties")
    properties = json.loads(text) if isinstance(text, str) else None
    return properties if isinstance(properties, dict) else {}
