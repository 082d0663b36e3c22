"""Personalize schemas: the Avro record a schema's text must be, and what each dataset type asks of it.

A schema is checked as an Avro ``record`` when it is created; what a dataset type needs (its required
fields, their types, at least one metadata field) is checked when a dataset is created with it or
moved to it (UpdateDataset), as only then is the dataset type known. The rules are the developer
guide's "Custom datasets and schemas" and "Replacing a dataset's schema" pages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .exceptions import InvalidInputException

__all__ = [
    "DATASET_TYPES",
    "AvroField",
    "AvroSchema",
    "camel_case",
    "canonical_dataset_type",
    "check_dataset_schema",
    "check_replacement",
    "parse_schema",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})


@dataclass(frozen=True)
class AvroField:
    name: str
    types: frozenset[str]  # the union's branches, "null" included when the field is nullable

    @property
    def nullable(self) -> bool:
        return "null" in self.types


@dataclass(frozen=True)
class AvroSchema:
    fields: tuple[AvroField, ...]

    def field(self, name: str) -> AvroField | None:
        return next((field for field in self.fields if field.name == name), None)

    def required(self) -> list[AvroField]:
        """The fields that cannot be null: every record must give them."""
        return [field for field in self.fields if not field.nullable]


def parse_schema(text: str) -> AvroSchema:
    """The fields of an Avro record schema; InvalidInputException saying what is wrong otherwise."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise _invalid(f"it is not JSON ({error})") from error
    if not isinstance(document, dict) or document.get("type") != "record":
        raise _invalid('it must be a JSON object with "type": "record"')
    if not isinstance(document.get("name"), str) or not _NAME.fullmatch(document["name"]):
        raise _invalid('the record needs a "name" made of letters, digits and underscores')
    fields = document.get("fields")
    if not isinstance(fields, list) or not fields:
        raise _invalid('the record needs a non-empty "fields" list')
    parsed = [_field(entry, index) for index, entry in enumerate(fields, start=1)]
    names = [field.name for field in parsed]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise _invalid(f"field {twice[0]} is defined twice")
    return AvroSchema(tuple(parsed))


def _field(entry: Any, index: int) -> AvroField:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not _NAME.fullmatch(entry["name"]):
        raise _invalid(f"field {index} needs a name made of letters, digits and underscores")
    name, kind = entry["name"], entry.get("type")
    branches: list[Any] = kind if isinstance(kind, list) else [kind]
    if not branches or not all(isinstance(branch, str) and branch in _PRIMITIVES for branch in branches):
        raise _invalid(f"field {name} must have a primitive type or a union of them, not {json.dumps(kind)}")
    return AvroField(name, frozenset(branches))


def _invalid(problem: str) -> InvalidInputException:
    return InvalidInputException(f"The schema is not a valid Avro record schema: {problem}.")


@dataclass(frozen=True)
class _TypeRules:
    """What a dataset type asks of its schema: required fields with their one type, reserved keywords
    (neither required nor metadata), and whether one metadata field at least is needed."""

    required: dict[str, str]
    reserved: frozenset[str]
    needs_metadata: bool
    domain_required: dict[str, str]


_STRING, _LONG = "string", "long"
_RULES: dict[str, _TypeRules] = {
    "Interactions": _TypeRules(
        {"USER_ID": _STRING, "ITEM_ID": _STRING, "TIMESTAMP": _LONG},
        frozenset({"EVENT_TYPE", "EVENT_VALUE", "IMPRESSION", "RECOMMENDATION_ID", "EVENT_ATTRIBUTION_SOURCE"}),
        needs_metadata=False,
        domain_required={"EVENT_TYPE": _STRING},
    ),
    "Items": _TypeRules({"ITEM_ID": _STRING}, frozenset({"CREATION_TIMESTAMP"}), True, {}),
    "Users": _TypeRules({"USER_ID": _STRING}, frozenset(), True, {}),
    "Actions": _TypeRules(
        {"ACTION_ID": _STRING},
        frozenset({"CREATION_TIMESTAMP", "VALUE", "TYPE", "EXPIRATION_TIMESTAMP", "REPEAT_FREQUENCY"}),
        needs_metadata=True,
        domain_required={},
    ),
    "Action_Interactions": _TypeRules(
        {"USER_ID": _STRING, "ACTION_ID": _STRING, "EVENT_TYPE": _STRING, "TIMESTAMP": _LONG},
        frozenset({"IMPRESSION", "RECOMMENDATION_ID"}),
        needs_metadata=False,
        domain_required={},
    ),
}
DATASET_TYPES = tuple(_RULES)


def canonical_dataset_type(dataset_type: str) -> str:
    """The documented spelling of a dataset type given in any case (CreateDataset takes them case
    insensitively); InvalidInputException for anything else."""
    for known in DATASET_TYPES:
        if known.lower() == dataset_type.lower():
            return known
    raise InvalidInputException(f"Dataset type {dataset_type} is not one of {', '.join(DATASET_TYPES)} (in any case).")


def check_dataset_schema(dataset_type: str, domain: str | None, schema: AvroSchema, schema_arn: str) -> None:
    """InvalidInputException naming the first required field the schema lacks (or has with another
    type), or saying it has no metadata field when the dataset type needs one."""
    rules = _RULES[dataset_type]
    required = {**rules.required, **(rules.domain_required if domain else {})}
    for name, kind in required.items():
        field = schema.field(name)
        if field is None or field.types != {kind}:
            raise InvalidInputException(
                f"Schema {schema_arn} cannot be used for a dataset of type {dataset_type}"
                f"{f' in a {domain} dataset group' if domain else ''}: it needs field {name} of type {kind}."
            )
    metadata = [f for f in schema.fields if f.name not in required and f.name not in rules.reserved]
    if rules.needs_metadata and not metadata:
        raise InvalidInputException(
            f"Schema {schema_arn} cannot be used for a dataset of type {dataset_type}: it needs a metadata field."
        )


def check_replacement(old: AvroSchema, new: AvroSchema, new_arn: str) -> None:
    """A replacement schema keeps every field of the old one with its type, and every field it adds
    accepts null; InvalidInputException naming the first field that breaks this."""
    for field in old.fields:
        kept = new.field(field.name)
        if kept is None or kept.types != field.types:
            raise InvalidInputException(
                f"Schema {new_arn} must keep field {field.name} of the dataset's schema with its type "
                f"({' | '.join(sorted(field.types))}); a replacement schema can only add fields."
            )
    for field in new.fields:
        if old.field(field.name) is None and not field.nullable:
            raise InvalidInputException(
                f'Field {field.name} added by schema {new_arn} must accept null (a union with "null").'
            )


def camel_case(field_name: str) -> str:
    """The ``properties`` key of a schema field: NUMBER_OF_RATINGS is numberOfRatings."""
    first, *rest = field_name.lower().split("_")
    return first + "".join(word.capitalize() for word in rest)
