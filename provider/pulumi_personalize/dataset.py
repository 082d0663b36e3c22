"""Dataset: an Amazon Personalize dataset; the Interactions dataset is where a tracker's events land.

A dataset group holds at most one dataset of each type. An Items or Users dataset moves to another schema in
place (UpdateDataset); Personalize refuses that for the other types, whose schema change is a replacement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi

from . import _avro as avro
from . import _validation as validate
from ._api import call, listed
from ._check import is_unknown
from ._declare import rule
from ._errors import PersonalizeError
from ._find import find
from ._in_group import group_region, in_group
from ._lifecycle import PersonalizeProvider
from ._related import declared
from ._resource import PersonalizeResource
from ._settings import AwsTarget
from ._shapes import ACTIVE, CREATE_FAILED, CommonArgs, CommonState, Existing, Properties, ResourceKind
from ._wait import PollOutcome, WaitTimeoutError, wait_for
from .event_tracker import trackers_holding


@dataclass(frozen=True)
class DatasetArgs(CommonArgs):
    dataset_group_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.dataset_group_arn)
    )
    dataset_type: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.dataset_type)
    )
    schema_arn: str | None = field(
        default=None, metadata=rule(create=True, required=True, validator=validate.schema_arn)
    )
    related_inputs: dict[str, Any] | None = None  # bookkeeping, for preview only (see `_related`)


@dataclass(frozen=True)
class DatasetState(CommonState):
    dataset_arn: str | None = None
    tracking_id: str | None = None


def _same_type(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The group's dataset of the requested type (a dataset group holds at most one of each)."""
    if not isinstance(args, DatasetArgs):
        raise TypeError(f"dataset arguments expected, got {type(args).__name__}")
    for dataset in listed(target, "ListDatasets", "datasets", datasetGroupArn=args.dataset_group_arn):
        if str(dataset.get("datasetType", "")).lower() == str(args.dataset_type).lower():
            return Existing(dataset["datasetArn"], dataset["name"], dataset["status"])
    return None


def _users(target: AwsTarget, arn: str) -> list[str]:
    """What keeps a dataset from being deleted: for the Interactions dataset, its group's event tracker
    (Personalize deletes the tracker first: "Requirements for deleting Amazon Personalize resources")."""
    dataset = call(target, "DescribeDataset", datasetArn=arn).get("dataset", {})
    if _canonical("datasetType", dataset.get("datasetType")) != "Interactions":
        return []
    return trackers_holding(target, dataset["datasetGroupArn"])


def _canonical(key: str, value: Any) -> Any:
    """Dataset types are case-insensitive in the API; keep the documented spelling ("INTERACTIONS" too)."""
    if key == "datasetType" and isinstance(value, str):
        return next((each for each in avro.DATASET_TYPES if each.lower() == value.lower()), value)
    return value


def _replacements(olds: Properties, news: Properties) -> dict[str, str]:
    kind = olds.get("datasetType")
    if olds.get("schemaArn") == news.get("schemaArn") or kind in avro.SCHEMA_REPLACEABLE:
        return {}
    reason = (
        f"its schema changes, and Personalize replaces the schema of {' and '.join(avro.SCHEMA_REPLACEABLE)} "
        f"datasets only (this one's type is {kind}); its data is lost: the new dataset starts empty (import the "
        "history again; the events recorded so far are gone)"
    )
    if kind == "Interactions":
        reason += (
            "; Personalize deletes an Interactions dataset only after its group's event tracker, which is "
            "replaced with it (a new tracking ID) when it takes `dataset_group_arn` from this dataset"
        )
    return {"schemaArn": reason}


def _known(related: Any, key: str) -> Any:
    value = related.get(key) if isinstance(related, Mapping) else None
    return None if value is None or is_unknown(value) else value


def _preview_rules(olds: Properties, news: Properties) -> list[tuple[str, str]]:
    """The rules between a dataset, its schema and its group, when the program declared them (`_related`)."""
    related, kind = news.get("relatedInputs"), news.get("datasetType")
    text, schema_domain, group_domain = (_known(related, key) for key in ("schema", "schemaDomain", "groupDomain"))
    failures: list[tuple[str, str]] = []
    if schema_domain is not None and group_domain is not None and schema_domain != group_domain:
        failures.append(("schemaArn", _domains_differ(schema_domain, group_domain)))
    text = avro.canonical(text) if text is not None else None
    if not isinstance(kind, str) or validate.dataset_type(kind) or text is None or avro.problem(text):
        return failures
    lacking = avro.missing(text, kind, schema_domain or avro.CUSTOM)
    if lacking:
        where = f" in the {schema_domain} domain" if schema_domain else ""
        failures.append(("schemaArn", f"the schema does not fit a dataset of type {kind}{where}: {'; '.join(lacking)}"))
    old_text = _known(olds.get("relatedInputs"), "schema")
    if old_text is not None and olds.get("schemaArn") != news.get("schemaArn") and kind in avro.SCHEMA_REPLACEABLE:
        old_text = avro.canonical(old_text)
        unkept = [] if avro.problem(old_text) else avro.not_kept(old_text, text)
        if unkept:
            failures.append(("schemaArn", f"the new schema cannot replace the old one in place: {'; '.join(unkept)}"))
    return failures


def _domains_differ(schema_domain: str, group_domain: str) -> str:
    return (
        f"the schema's domain is {schema_domain or 'none'} but the dataset group's is {group_domain or 'none'}: "
        "a dataset's schema must have its dataset group's domain (none for a custom dataset group)"
    )


def _replace_schema(target: AwsTarget, arn: str, olds: CommonArgs, news: CommonArgs) -> None:
    """UpdateDataset, then wait until the dataset uses the new schema and is ACTIVE."""
    old_schema, new_schema = getattr(olds, "schema_arn", None), getattr(news, "schema_arn", None)
    if old_schema == new_schema:
        return
    call(target, "UpdateDataset", datasetArn=arn, schemaArn=new_schema)
    subject = f"dataset {news.name}"

    def poll() -> PollOutcome:
        described = find(target, DATASET, arn)
        if described is None:
            raise PersonalizeError(
                f"{subject} ({arn}) disappeared while its schema was replaced. Run `pulumi refresh`."
            )
        update = described.get("latestDatasetUpdate") or {}
        if update.get("status") == CREATE_FAILED:
            raise PersonalizeError(
                f"{subject} ({arn}): replacing its schema by {new_schema} failed: {update.get('failureReason')}. "
                "Check that the new schema keeps every field of the old one, then run `pulumi up` again."
            )
        status = str(update.get("status") or described.status)
        done = described.status == ACTIVE and status == ACTIVE and described.get("schemaArn") == new_schema
        return PollOutcome(done, f"schema update {status}")

    try:
        wait_for(subject, poll, news.seconds("update"))
    except WaitTimeoutError as timeout:
        raise PersonalizeError(
            f"{subject} ({arn}): its schema update was still {timeout.last_status} after {timeout.waited:.0f} s. "
            "Run `pulumi refresh`, then `pulumi up` again."
        ) from None


DATASET = ResourceKind(
    label="dataset",
    type_name="Dataset",
    args=DatasetArgs,
    state=DatasetState,
    arn_key="datasetArn",
    describe_member="dataset",
    find_existing=_same_type,
    context=in_group,
    implied_region=group_region,
    region_from=("datasetGroupArn",),
    conflict="is already this dataset group's dataset of that type (a dataset group holds one dataset of each type)",
    users_of=_users,
    canonical=_canonical,
    preview_rules=_preview_rules,
    replacements=_replacements,
    update=_replace_schema,
)


class DatasetProvider(PersonalizeProvider):
    kind = DATASET


def _related_inputs(schema_arn: Any, dataset_group_arn: Any) -> dict[str, Any]:
    """What the program declared for this dataset's schema and group ("" for "no domain")."""
    schema, group = declared(schema_arn), declared(dataset_group_arn)
    related: dict[str, Any] = {}
    if schema is not None:
        related.update(schema=schema.get("schema"), schemaDomain=schema.get("domain") or "")
    if group is not None:
        related["groupDomain"] = group.get("domain") or ""
    return related


class Dataset(PersonalizeResource, module="personalize", name="Dataset"):
    """An Amazon Personalize dataset of one of five types; the Interactions one receives a tracker's events.

    Create waits until it is ACTIVE; delete waits until it is gone. Checked during preview against its schema
    and dataset group when they are resources of the same program. Changing the name, type, group or region
    replaces it (delete first); a new schema is an in-place UpdateDataset for Items and Users datasets (the new
    schema keeps every old field) and a replacement for the others; tags change in place.
    """

    kind = DATASET
    dataset_type: pulumi.Output[str]
    dataset_group_arn: pulumi.Output[str]
    schema_arn: pulumi.Output[str]
    tracking_id: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        dataset_group_arn: pulumi.Input[str],
        dataset_type: pulumi.Input[str],
        schema_arn: pulumi.Input[str],
        name: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        arguments = {
            "dataset_group_arn": dataset_group_arn,
            "dataset_type": dataset_type,
            "schema_arn": schema_arn,
            "name": name,
            "tags": tags,
            "region": region,
            "adopt_existing": adopt_existing,
            "related_inputs": _related_inputs(schema_arn, dataset_group_arn),
        }
        super().__init__(DatasetProvider(), resource_name, arguments, opts)

    @property
    def dataset_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
