"""Personalize schemas, read with no AWS call: the Avro record they must be, and the fields each dataset needs.

Sources (cited in README, "Schema and Dataset"): CreateSchema in the API reference (an Avro schema in JSON, at
most 20,000 characters); the developer guide's "Schemas" page (a record with `fields`, each a `name` and a
`type`, the types string, int, long, float, double, boolean and null, optionally in a union with null) and its
per-domain requirement pages (ECOMMERCE-datasets-and-schemas, VIDEO-ON-DEMAND-datasets-and-schemas, and the
custom dataset pages); "Replacing a dataset's schema" (updating-dataset-schema) for what a replacement keeps.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SCHEMA_MAX = 20_000
PRIMITIVES = ("string", "int", "long", "float", "double", "boolean", "null")
DATASET_TYPES = ("Interactions", "Items", "Users", "Actions", "Action_Interactions")
CUSTOM = ""  # the requirements of a dataset group without a domain

STRING, LONG, FLOAT = "string", "long", "float"
_INTERACTIONS = {"USER_ID": STRING, "ITEM_ID": STRING, "TIMESTAMP": LONG}
_IN_A_DOMAIN = {**_INTERACTIONS, "EVENT_TYPE": STRING}
# (dataset type, domain) -> the fields a schema must have, with their type.
REQUIRED: dict[tuple[str, str], dict[str, str]] = {
    ("Interactions", CUSTOM): _INTERACTIONS,
    ("Interactions", "ECOMMERCE"): _IN_A_DOMAIN,
    ("Interactions", "VIDEO_ON_DEMAND"): _IN_A_DOMAIN,
    ("Items", CUSTOM): {"ITEM_ID": STRING},
    ("Items", "ECOMMERCE"): {"ITEM_ID": STRING, "PRICE": FLOAT, "CATEGORY_L1": STRING},
    ("Items", "VIDEO_ON_DEMAND"): {"ITEM_ID": STRING, "GENRES": STRING, "CREATION_TIMESTAMP": LONG},
    ("Users", CUSTOM): {"USER_ID": STRING},
    ("Actions", CUSTOM): {"ACTION_ID": STRING},
    ("Action_Interactions", CUSTOM): {"USER_ID": STRING, "ACTION_ID": STRING, "TIMESTAMP": LONG, "EVENT_TYPE": STRING},
}
# The dataset types whose schema an UpdateDataset may replace (updating-dataset-schema: "You can't replace the
# schema of an Item interactions dataset, an Action interactions dataset, or an Actions dataset").
SCHEMA_REPLACEABLE = ("Items", "Users")


# Required fields that must carry "categorical": true (ECOMMERCE and VIDEO_ON_DEMAND Items pages); every other
# required string field is a reserved string field, which "can't be categorical" (schema formatting requirements).
CATEGORICAL = ("CATEGORY_L1", "GENRES")


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]  # the primitive types it accepts ("null" among them when it may be null)
    categorical: bool = False


class AvroError(ValueError):
    """The text is not an Avro record schema that Personalize accepts; the message names the field."""


def canonical(value: Any) -> Any:
    """A schema as compact JSON text with sorted keys (field order kept): what is sent and what is compared.

    Sorted keys because a mapping's order does not survive the engine. A value that is not JSON is left as it
    is, for `problem` to report.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, Mapping):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return value


def fields(text: str) -> tuple[Field, ...]:
    """The record's fields (raises AvroError)."""
    try:
        record = json.loads(text)
    except ValueError as error:
        raise AvroError(f"is not JSON: {error}") from None
    if not isinstance(record, dict) or record.get("type") != "record":
        raise AvroError('must be an Avro record: a JSON object with "type": "record"')
    if not isinstance(record.get("name"), str) or not record["name"]:
        raise AvroError('must name its record ("name": "Interactions", for example)')
    declared = record.get("fields")
    if not isinstance(declared, list) or not declared:
        raise AvroError('must list its fields ("fields": [{"name": "USER_ID", "type": "string"}, ...])')
    found = tuple(_field(index, item) for index, item in enumerate(declared))
    seen: dict[str, str] = {}
    for field in found:
        first = seen.setdefault(alphanumeric(field.name), field.name)
        if first == field.name and [f.name for f in found].count(first) > 1:
            raise AvroError(f"declares field {first} twice")
        if first != field.name:
            raise AvroError(
                f"declares fields {first} and {field.name}, whose alphanumeric names are the same: Personalize needs "
                "field names that differ in letters or digits"
            )
    return found


def alphanumeric(name: str) -> str:
    """A name as Personalize compares field and record names: letters and digits, in any case."""
    return "".join(char for char in name if char.isalnum()).lower()


def record_name(text: str) -> str:
    """The name of a record schema `text` (that `fields` accepts)."""
    return str(json.loads(text)["name"])


def _field(index: int, item: Any) -> Field:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
        raise AvroError(f"field #{index + 1} must be an object with a name and a type")
    kind = item.get("type")
    types = tuple(kind) if isinstance(kind, list) else (kind,)
    unknown = [each for each in types if each not in PRIMITIVES]
    if unknown or not types:
        raise AvroError(
            f"field {item['name']}: type {kind!r} is not one Personalize takes ({', '.join(PRIMITIVES)}, or a "
            'union such as ["null", "string"])'
        )
    return Field(item["name"], tuple(str(each) for each in types), item.get("categorical") is True)


def problem(value: Any) -> str | None:
    """Why `value` (canonical text) is not a schema Personalize takes; None when it is."""
    if not isinstance(value, str):
        return "must be an Avro record schema, as JSON text or a mapping"
    if len(value) > SCHEMA_MAX:
        return f"is {len(value)} characters as compact JSON; Personalize takes at most {SCHEMA_MAX}"
    try:
        fields(value)
    except AvroError as error:
        return str(error)
    return None


def missing(text: str, dataset_type: str, domain: str) -> list[str]:
    """The required fields `text` lacks (or types wrongly) for a dataset of that type in that domain."""
    required = REQUIRED.get((dataset_type, domain)) or REQUIRED.get((dataset_type, CUSTOM), {})
    declared = {field.name: field for field in fields(text)}
    reasons = []
    name = record_name(text)
    if alphanumeric(name) != alphanumeric(dataset_type):
        reasons.append(f"its record is named {name}: name it {dataset_type.replace('_', '')}, after the dataset type")
    for name, kind in required.items():
        field = declared.get(name)
        if field is None:
            reasons.append(f"field {name} ({kind}) is missing")
        elif kind not in field.types:
            reasons.append(f"field {name} must be of type {kind}, not {' | '.join(field.types)}")
        elif field.categorical != (name in CATEGORICAL):
            must = "must be categorical" if name in CATEGORICAL else "cannot be categorical"
            reasons.append(
                f'field {name} {must} ("categorical": true)' if name in CATEGORICAL else f"field {name} {must}"
            )
    if dataset_type == "Users" and len(declared) < 2:
        reasons.append("a Users schema needs at least one metadata field besides USER_ID")
    return reasons


def not_kept(old_text: str, new_text: str) -> list[str]:
    """What a replacement schema fails to keep of the old one: every old field with its types, and new fields
    that allow null (updating-dataset-schema)."""
    old = {field.name: field for field in fields(old_text)}
    new = {field.name: field for field in fields(new_text)}
    reasons = [
        f"field {name} ({' | '.join(field.types)}) must be kept as it is"
        for name, field in old.items()
        if name not in new or new[name].types != field.types
    ]
    reasons += [
        f"new field {name} must allow null"
        for name, field in new.items()
        if name not in old and "null" not in field.types
    ]
    return reasons
