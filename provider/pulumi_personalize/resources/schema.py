"""Schema: an Amazon Personalize schema, the Avro record a dataset's data must follow.

Schemas differ from the other resources: CreateSchema takes no tags and Describe shows no status, and a schema
never changes. Any change replaces it, new one first, so a dataset can move to the new schema in place before
the old one is deleted; its autoname therefore derives from its content as well as from its owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..aws.api import call, listed
from ..aws.settings import AwsTarget
from . import avro
from . import validation as validate
from .declare import rule
from .kind import DELETING, CommonArgs, CommonState, Existing, Properties, ResourceKind


@dataclass(frozen=True)
class SchemaArgs(CommonArgs):
    """A schema's inputs. A schema never changes: any change replaces it, the new one first.

    Attributes:
        schema: The Avro schema, as JSON text: a record whose name and fields suit the dataset type that uses
            it (for example `userId`, `itemId` and `timestamp` for Interactions).
        domain: The domain of a schema for a domain dataset group: ECOMMERCE or VIDEO_ON_DEMAND.
    """

    schema: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=avro.problem)
    )
    domain: str | None = field(default=None, metadata=rule(create=True, replaces=True, validator=validate.domain))


@dataclass(frozen=True)
class SchemaState(CommonState):
    """What Personalize tells of a schema.

    Attributes:
        schema_arn: The schema's ARN (the resource id).
    """

    schema_arn: str | None = None


def _schema_named(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The schema of the requested name (names are unique per account and region)."""
    for schema in listed(target, "ListSchemas", "schemas"):
        if schema["name"] == args.name:
            return Existing(schema["schemaArn"], schema["name"], "ACTIVE")
    return None


def _datasets_using(target: AwsTarget, arn: str) -> list[str]:
    """The datasets whose schema this is (ListDatasets does not show schemas: each is described)."""
    users = []
    for summary in listed(target, "ListDatasets", "datasets"):
        if summary["status"] in DELETING:
            continue
        dataset = call(target, "DescribeDataset", datasetArn=summary["datasetArn"]).get("dataset", {})
        if dataset.get("schemaArn") == arn:
            users.append(f"{summary['datasetType']} dataset {summary['name']} ({summary['datasetArn']})")
    return users


def _canonical(key: str, value: Any) -> Any:
    return avro.canonical(value) if key == "schema" else value


def _same_name_on_replace(olds: Properties, news: Properties) -> list[tuple[str, str]]:
    """A named schema cannot be replaced under its own name: the new one is created before the old is deleted."""
    changed = [key for key in ("schema", "domain") if olds.get(key) != news.get(key)]
    named = olds.get("autonamePrefix") is None and news.get("autonamePrefix") is None
    if not olds.get("name") or olds.get("name") != news.get("name") or not named or not changed:
        return []
    return [
        (
            "name",
            f"schema {news['name']!r} cannot be replaced under the same name: a schema never changes, so a change "
            f"of {' and '.join(changed)} makes a new schema, created before the old one is deleted (datasets move "
            "to it in between) and schema names are unique. Give it another name, or leave `name` unset for an "
            "autoname that follows its content.",
        )
    ]


SCHEMA = ResourceKind(
    label="schema",
    type_name="Schema",
    args=SchemaArgs,
    state=SchemaState,
    arn_key="schemaArn",
    describe_member="schema",
    find_existing=_schema_named,
    users_of=_datasets_using,
    conflict="already exists (schema names are unique in an account and region)",
    taggable=False,
    has_status=False,
    delete_before_replace=False,
    autoname_from=("schema", "domain"),
    canonical=_canonical,
    preview_rules=_same_name_on_replace,
)
