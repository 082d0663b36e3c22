"""Dataset: an Amazon Personalize dataset; the Interactions dataset is where a tracker's events land.

A dataset group holds at most one dataset of each type. An Items or Users dataset moves to another schema in
place (UpdateDataset); Personalize refuses that for the other types, whose schema change is a replacement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..aws.api import call, listed
from ..aws.errors import PersonalizeError
from ..aws.settings import AwsTarget
from ..lifecycle.check import is_unknown
from ..lifecycle.find import find
from ..lifecycle.polling import PollOutcome, WaitTimeoutError, wait_for
from . import avro
from . import validation as validate
from .declare import rule
from .event_tracker import trackers_holding
from .in_group import group_region, in_group
from .kind import ACTIVE, CREATE_FAILED, CommonArgs, CommonState, Existing, Properties, ResourceKind


@dataclass(frozen=True)
class DatasetArgs(CommonArgs):
    """A dataset's inputs.

    Attributes:
        dataset_group_arn: The dataset group that holds the dataset. Changing it replaces the dataset.
        dataset_type: Interactions, Items, Users, Actions or Action_Interactions (one dataset of each type per
            group). Changing it replaces the dataset.
        schema_arn: The dataset's schema. It changes in place (UpdateDataset) to a schema that keeps the data's
            fields.
    """

    dataset_group_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.dataset_group_arn)
    )
    dataset_type: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.dataset_type)
    )
    schema_arn: str | None = field(
        default=None, metadata=rule(create=True, required=True, validator=validate.schema_arn)
    )
    related_inputs: dict[str, Any] | None = None  # bookkeeping, for preview only (see `dynamic.related`)


@dataclass(frozen=True)
class DatasetState(CommonState):
    """What Personalize tells of a dataset.

    Attributes:
        dataset_arn: The dataset's ARN (the resource id).
        tracking_id: The tracking ID of the group's event tracker, when it has one (Interactions datasets).
    """

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
    """The rules between a dataset, its schema and its group, when the program declared them (`dynamic.related`)."""
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
