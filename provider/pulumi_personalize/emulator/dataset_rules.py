"""What a dataset asks of its schema, by dataset type and the group's domain, checked at CreateDataset and
UpdateDataset (only then is the dataset type known).

Sources (developer guide): "Custom datasets and schemas" (custom-datasets-and-schemas.html), "ECOMMERCE
datasets and schemas" and its Items page, "VIDEO_ON_DEMAND datasets and schemas" and its Items and Users
pages, and "Schema formatting requirements" (how-it-works-dataset-schema.html): the record's name matches
the dataset type; required fields and reserved keywords have their required data types; "Reserved
categorical string fields must have `categorical` set to `true`, while reserved string fields can't be
categorical"; only Items schemas support the textual attribute; at most 25 metadata fields for Users, 100
for Items, 10 for Actions, 5 for Item interactions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .avro import AvroField, AvroSchema, alphanumeric
from .exceptions import InvalidInputException

__all__ = ["DATASET_TYPES", "canonical_dataset_type", "check_dataset_schema"]

Attribute = Literal["categorical", "textual", ""]


@dataclass(frozen=True)
class FieldRule:
    """A required field's or reserved keyword's data types (any one of them), whether it may also be
    null, and the attribute it must have ("": a string field that cannot be categorical)."""

    types: frozenset[str]
    nullable: bool = False
    attribute: Attribute = ""

    def problem(self, found: AvroField, required: bool) -> str | None:
        kinds = found.types - {"null"}
        if len(kinds) != 1 or not kinds <= self.types or (found.nullable and (required or not self.nullable)):
            expected = " or ".join(sorted(self.types)) + (", optionally null" if self.nullable and not required else "")
            return f"must be of type {expected}, not {found.attributes()}"
        if self.attribute == "categorical" and not found.categorical:
            return 'must be categorical ("categorical": true)'
        if self.attribute == "textual" and not found.textual:
            return 'must be textual ("textual": true)'
        if self.attribute == "" and (found.categorical or found.textual):
            return "is a reserved string field: it cannot be categorical or textual"
        return None


def _rule(*types: str, null: bool = False, attribute: Attribute = "") -> FieldRule:
    return FieldRule(frozenset(types), null, attribute)


_STRING, _LONG, _FLOAT = _rule("string"), _rule("long"), _rule("float")
_CATEGORY, _CATEGORY_OR_NULL = (
    _rule("string", attribute="categorical"),
    _rule("string", null=True, attribute="categorical"),
)
_STRING_OR_NULL, _FLOAT_OR_NULL, _LONG_OR_NULL = (
    _rule("string", null=True),
    _rule("float", null=True),
    _rule("long", null=True),
)
_DESCRIPTION = _rule("string", null=True, attribute="textual")


@dataclass(frozen=True)
class TypeRules:
    required: dict[str, FieldRule]
    reserved: dict[str, FieldRule] = field(default_factory=dict)
    needs_metadata: bool = False
    most_metadata: int = 100


_IDS = {"USER_ID": _STRING, "ITEM_ID": _STRING, "TIMESTAMP": _LONG}
_EVENT_KEYWORDS = {
    "EVENT_VALUE": _FLOAT_OR_NULL,
    "IMPRESSION": _STRING_OR_NULL,
    "RECOMMENDATION_ID": _STRING_OR_NULL,
    "EVENT_ATTRIBUTION_SOURCE": _STRING_OR_NULL,
}
_DOMAIN_INTERACTIONS = TypeRules({**_IDS, "EVENT_TYPE": _STRING}, _EVENT_KEYWORDS, most_metadata=5)
_USERS = TypeRules({"USER_ID": _STRING}, needs_metadata=True, most_metadata=25)
_CATEGORIES = ("CATEGORY_L2", "CATEGORY_L3", "AGE_GROUP", "ADULT", "GENDER")
_VOD_CATEGORIES = ("GENRE_L2", "GENRE_L3", "CONTENT_OWNER", "CONTENT_CLASSIFICATION")

# (dataset type, domain or "") -> its rules; a domain without its own entry takes the custom ones.
_RULES: dict[tuple[str, str], TypeRules] = {
    ("Interactions", ""): TypeRules(_IDS, {"EVENT_TYPE": _STRING, **_EVENT_KEYWORDS}, most_metadata=5),
    ("Interactions", "ECOMMERCE"): _DOMAIN_INTERACTIONS,
    ("Interactions", "VIDEO_ON_DEMAND"): _DOMAIN_INTERACTIONS,
    ("Items", ""): TypeRules({"ITEM_ID": _STRING}, {"CREATION_TIMESTAMP": _LONG}, needs_metadata=True),
    # The ECOMMERCE Items page types CREATION_TIMESTAMP float, its overview table long: both are taken.
    ("Items", "ECOMMERCE"): TypeRules(
        {"ITEM_ID": _STRING, "PRICE": _FLOAT, "CATEGORY_L1": _CATEGORY},
        {
            **dict.fromkeys(_CATEGORIES, _CATEGORY_OR_NULL),
            "PRODUCT_DESCRIPTION": _DESCRIPTION,
            "CREATION_TIMESTAMP": _rule("long", "float"),
        },
    ),
    ("Items", "VIDEO_ON_DEMAND"): TypeRules(
        {"ITEM_ID": _STRING, "CREATION_TIMESTAMP": _LONG, "GENRES": _CATEGORY},
        {
            **dict.fromkeys(_VOD_CATEGORIES, _CATEGORY_OR_NULL),
            "PRODUCT_DESCRIPTION": _DESCRIPTION,
            **dict.fromkeys(("PRICE", "DURATION", "AVERAGE_RATING"), _FLOAT_OR_NULL),
        },
    ),
    ("Users", ""): _USERS,
    ("Users", "VIDEO_ON_DEMAND"): TypeRules(
        {"USER_ID": _STRING}, {"SUBSCRIPTION_MODEL": _CATEGORY_OR_NULL}, needs_metadata=True, most_metadata=25
    ),
    ("Actions", ""): TypeRules(
        {"ACTION_ID": _STRING},
        {
            "CREATION_TIMESTAMP": _LONG,
            "VALUE": _LONG_OR_NULL,
            "TYPE": _STRING_OR_NULL,
            "EXPIRATION_TIMESTAMP": _LONG_OR_NULL,
            "REPEAT_FREQUENCY": _LONG_OR_NULL,
        },
        needs_metadata=True,
        most_metadata=10,
    ),
    ("Action_Interactions", ""): TypeRules(
        {"USER_ID": _STRING, "ACTION_ID": _STRING, "EVENT_TYPE": _STRING, "TIMESTAMP": _LONG},
        {"IMPRESSION": _STRING_OR_NULL, "RECOMMENDATION_ID": _STRING_OR_NULL},
    ),
}
DATASET_TYPES = ("Interactions", "Items", "Users", "Actions", "Action_Interactions")


def canonical_dataset_type(dataset_type: str) -> str:
    """The documented spelling of a dataset type given in any case (CreateDataset takes them case
    insensitively); InvalidInputException for anything else."""
    for known in DATASET_TYPES:
        if known.lower() == dataset_type.lower():
            return known
    raise InvalidInputException(f"Dataset type {dataset_type} is not one of {', '.join(DATASET_TYPES)} (in any case).")


def check_dataset_schema(dataset_type: str, domain: str | None, schema: AvroSchema, schema_arn: str) -> None:
    """InvalidInputException saying the first way the schema does not fit a dataset of this type."""
    problem = _problem(dataset_type, domain, schema)
    if problem is not None:
        where = f" in a {domain} dataset group" if domain else ""
        raise InvalidInputException(
            f"Schema {schema_arn} cannot be used for a dataset of type {dataset_type}{where}: {problem}."
        )


def _problem(dataset_type: str, domain: str | None, schema: AvroSchema) -> str | None:
    if alphanumeric(schema.name) != alphanumeric(dataset_type):
        return (
            f"its record is named {schema.name}, but the record name must match the dataset type "
            f"(name it {dataset_type.replace('_', '')})"
        )
    rules = _RULES.get((dataset_type, domain or "")) or _RULES[(dataset_type, "")]
    for name, rule in rules.required.items():
        found = schema.field(name)
        if found is None:
            return f"it needs field {name} of type {' or '.join(sorted(rule.types))}"
        if (why := rule.problem(found, required=True)) is not None:
            return f"field {name} {why}"
    for name, rule in rules.reserved.items():
        found = schema.field(name)
        if found is not None and (why := rule.problem(found, required=False)) is not None:
            return f"reserved field {name} {why}"
    return _metadata_problem(dataset_type, rules, schema)


def _metadata_problem(dataset_type: str, rules: TypeRules, schema: AvroSchema) -> str | None:
    metadata = [f for f in schema.fields if f.name not in rules.required and f.name not in rules.reserved]
    if rules.needs_metadata and not metadata:
        return "it needs a metadata field (a field neither required nor a reserved keyword)"
    if len(metadata) > rules.most_metadata:
        return f"it has {len(metadata)} metadata fields; a {dataset_type} schema takes at most {rules.most_metadata}"
    textual = next((f.name for f in metadata if f.textual), None)
    if textual is not None and dataset_type != "Items":
        return f"field {textual} is textual, which only an Items schema supports"
    return None
