"""DatasetGroup: the Amazon Personalize container that event trackers (and datasets) belong to."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..aws.api import listed
from ..aws.settings import AwsTarget
from . import validation as validate
from .declare import rule
from .event_tracker import trackers_holding
from .kind import DELETING, CommonArgs, CommonState, Existing, ResourceKind


@dataclass(frozen=True)
class DatasetGroupArgs(CommonArgs):
    """A dataset group's inputs.

    Attributes:
        domain: The domain of a domain dataset group: ECOMMERCE or VIDEO_ON_DEMAND; none for a custom group.
            Changing it replaces the group.
        role_arn: The IAM role Personalize assumes to read the KMS key; only with `kms_key_arn`. Changing it
            replaces the group.
        kms_key_arn: The KMS key that encrypts the group's data. Changing it replaces the group.
    """

    domain: str | None = field(default=None, metadata=rule(create=True, replaces=True, validator=validate.domain))
    role_arn: str | None = field(default=None, metadata=rule(create=True, replaces=True, validator=validate.role_arn))
    kms_key_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, validator=validate.kms_key_arn)
    )


@dataclass(frozen=True)
class DatasetGroupState(CommonState):
    """What Personalize tells of a dataset group.

    Attributes:
        dataset_group_arn: The dataset group's ARN (the resource id).
        failure_reason: Why the group's creation failed, when its status is CREATE FAILED.
    """

    dataset_group_arn: str | None = None
    failure_reason: str | None = None


def _group_named(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The dataset group of the requested name (names are unique per account and region)."""
    for group in listed(target, "ListDatasetGroups", "datasetGroups"):
        if group["name"] == args.name:
            return Existing(group["datasetGroupArn"], group["name"], group["status"])
    return None


def _users(target: AwsTarget, arn: str) -> list[str]:
    """Event trackers, datasets, solutions and filters still holding a dataset group (those being deleted will go
    by themselves)."""
    trackers = trackers_holding(target, arn)
    datasets = [
        f"{dataset['datasetType']} dataset {dataset['name']} ({dataset['datasetArn']}, {dataset['status']})"
        for dataset in listed(target, "ListDatasets", "datasets", datasetGroupArn=arn)
        if dataset["status"] not in DELETING
    ]
    solutions = [
        f"solution {solution['name']} ({solution['solutionArn']}, {solution['status']})"
        for solution in listed(target, "ListSolutions", "solutions", datasetGroupArn=arn)
        if solution["status"] not in DELETING
    ]
    filters = [
        f"filter {found['name']} ({found['filterArn']}, {found['status']})"
        for found in listed(target, "ListFilters", "Filters", datasetGroupArn=arn)
        if found["status"] not in DELETING
    ]
    return trackers + datasets + solutions + filters


DATASET_GROUP = ResourceKind(
    label="dataset group",
    type_name="DatasetGroup",
    args=DatasetGroupArgs,
    state=DatasetGroupState,
    arn_key="datasetGroupArn",
    describe_member="datasetGroup",
    find_existing=_group_named,
    users_of=_users,
)
