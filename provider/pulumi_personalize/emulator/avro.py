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

__all__ = ["AvroField", "AvroSchema", "alphanumeric", "camel_case", "check_replacement", "parse_schema"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# "Schema data types" (how-it-works-dataset-schema.html): float, double, int, long, string, boolean, null.
_PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "string"})


@dataclass(frozen=True)
class AvroField:
    name: str
    types: frozenset[str]  # the union's branches, "null" included when the field is nullable
    categorical: bool = False  # the Personalize attributes of a string field
    textual: bool = False

    @property
    def nullable(self) -> bool:
        return "null" in self.types

    def attributes(self) -> str:
        """Its type and attributes as a schema says them, for messages."""
        kind = " | ".join(sorted(self.types))
        return " ".join(part for part in (self.categorical and "categorical", self.textual and "textual", kind) if part)


@dataclass(frozen=True)
class AvroSchema:
    name: str
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
    _refuse_alike_names([field.name for field in parsed])
    return AvroSchema(document["name"], tuple(parsed))


def alphanumeric(name: str) -> str:
    """A name as Personalize compares names: its letters and digits, in any case."""
    return re.sub(r"[^A-Za-z0-9]", "", name).lower()


def _refuse_alike_names(names: list[str]) -> None:
    """ "Schema fields must have unique alphanumeric names. For example, you can't add both a
    GENRES_FIELD_1 field and a GENRESFIELD1 field." (developer guide, "Schema formatting requirements").
    Case is ignored too (chosen): a field's ``properties`` key is its camel-case name, so GENRE and
    genre would be one key."""
    seen: dict[str, str] = {}
    for name in names:
        first = seen.setdefault(alphanumeric(name), name)
        if first != name or names.count(name) > 1:
            raise _invalid(
                f"field {name} is defined twice"
                if first == name
                else f"fields {first} and {name} have the same "
                "alphanumeric name (field names must differ in letters or digits, not only in case or underscores)"
            )


def _field(entry: Any, index: int) -> AvroField:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not _NAME.fullmatch(entry["name"]):
        raise _invalid(f"field {index} needs a name made of letters, digits and underscores")
    name, kind = entry["name"], entry.get("type")
    branches: list[Any] = kind if isinstance(kind, list) else [kind]
    if not branches or not all(isinstance(branch, str) and branch in _PRIMITIVES for branch in branches):
        raise _invalid(f"field {name} must have a primitive type or a union of them, not {json.dumps(kind)}")
    return AvroField(name, frozenset(branches), entry.get("categorical") is True, entry.get("textual") is True)


def _invalid(problem: str) -> InvalidInputException:
    return InvalidInputException(f"The schema is not a valid Avro record schema: {problem}.")


def check_replacement(old: AvroSchema, new: AvroSchema, new_arn: str) -> None:
    """A replacement schema keeps every field of the old one with its type and attributes, and every
    field it adds accepts null ("Replacing a dataset's schema to add new columns"); InvalidInputException
    naming the first field that breaks this."""
    for field in old.fields:
        kept = new.field(field.name)
        if kept is None or kept.attributes() != field.attributes():
            raise InvalidInputException(
                f"Schema {new_arn} must keep field {field.name} of the dataset's schema with its type and "
                f"attributes ({field.attributes()}); a replacement schema can only add fields."
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
