"""Schema: an Amazon Personalize schema, the Avro record a dataset's data must follow.

Schemas differ from the other resources: CreateSchema takes no tags and Describe shows no status, and a schema
never changes. Any change replaces it, new one first, so a dataset can move to the new schema in place before
the old one is deleted; its autoname therefore derives from its content as well as from its owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi

from . import _avro as avro
from . import _validation as validate
from ._api import call, listed
from ._declare import rule
from ._lifecycle import PersonalizeProvider
from ._related import remember
from ._resource import PersonalizeResource
from ._settings import AwsTarget
from ._shapes import DELETING, CommonArgs, CommonState, Existing, Properties, ResourceKind


@dataclass(frozen=True)
class SchemaArgs(CommonArgs):
    schema: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=avro.problem)
    )
    domain: str | None = field(default=None, metadata=rule(create=True, replaces=True, validator=validate.domain))


@dataclass(frozen=True)
class SchemaState(CommonState):
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


class SchemaProvider(PersonalizeProvider):
    kind = SCHEMA


class Schema(PersonalizeResource, module="personalize", name="Schema"):
    """An Amazon Personalize schema: an Avro record, given as JSON text or a mapping, stored as compact JSON.

    Checked during preview (a record, at most 20,000 characters, known types). Any change replaces it, the new
    schema first; a schema still used by a dataset is not deleted, and the error names the dataset.
    """

    kind = SCHEMA
    schema: pulumi.Output[str]
    domain: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        schema: pulumi.Input[str | Mapping[str, Any]],
        domain: pulumi.Input[str] | None = None,
        name: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        arguments = {
            # compact JSON already in the program: a mapping would otherwise reach unit tests' mocks as a dict
            "schema": pulumi.Output.from_input(schema).apply(avro.canonical),
            "domain": domain,
            "name": name,
            "region": region,
            "adopt_existing": adopt_existing,
        }
        super().__init__(SchemaProvider(), resource_name, arguments, opts)
        remember(self.id, arguments)

    @property
    def schema_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
