"""DatasetGroup: the Amazon Personalize container that event trackers (and datasets) belong to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi

from . import _validation as validate
from ._api import listed
from ._declare import rule
from ._lifecycle import PersonalizeProvider
from ._related import remember
from ._resource import PersonalizeResource
from ._settings import AwsTarget
from ._shapes import DELETING, CommonArgs, CommonState, Existing, ResourceKind
from .event_tracker import trackers_holding


@dataclass(frozen=True)
class DatasetGroupArgs(CommonArgs):
    domain: str | None = field(default=None, metadata=rule(create=True, replaces=True, validator=validate.domain))
    role_arn: str | None = field(default=None, metadata=rule(create=True, replaces=True, validator=validate.role_arn))
    kms_key_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, validator=validate.kms_key_arn)
    )


@dataclass(frozen=True)
class DatasetGroupState(CommonState):
    dataset_group_arn: str | None = None
    failure_reason: str | None = None


def _group_named(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The dataset group of the requested name (names are unique per account and region)."""
    for group in listed(target, "ListDatasetGroups", "datasetGroups"):
        if group["name"] == args.name:
            return Existing(group["datasetGroupArn"], group["name"], group["status"])
    return None


def _users(target: AwsTarget, arn: str) -> list[str]:
    """Event trackers and datasets still holding a dataset group (those being deleted will go by themselves)."""
    trackers = trackers_holding(target, arn)
    datasets = [
        f"{dataset['datasetType']} dataset {dataset['name']} ({dataset['datasetArn']}, {dataset['status']})"
        for dataset in listed(target, "ListDatasets", "datasets", datasetGroupArn=arn)
        if dataset["status"] not in DELETING
    ]
    return trackers + datasets


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


class DatasetGroupProvider(PersonalizeProvider):
    kind = DATASET_GROUP


class DatasetGroup(PersonalizeResource, module="personalize", name="DatasetGroup"):
    """An Amazon Personalize dataset group.

    Create waits until it is ACTIVE (a CREATE FAILED group is deleted and its failureReason reported);
    delete waits until it is gone. Changing name, domain, role, KMS key or region replaces it.
    """

    kind = DATASET_GROUP
    domain: pulumi.Output[str | None]
    role_arn: pulumi.Output[str | None]
    kms_key_arn: pulumi.Output[str | None]
    failure_reason: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        name: pulumi.Input[str] | None = None,
        domain: pulumi.Input[str] | None = None,
        role_arn: pulumi.Input[str] | None = None,
        kms_key_arn: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        arguments = {
            "name": name,
            "domain": domain,
            "role_arn": role_arn,
            "kms_key_arn": kms_key_arn,
            "tags": tags,
            "region": region,
            "adopt_existing": adopt_existing,
        }
        super().__init__(DatasetGroupProvider(), resource_name, arguments, opts)
        remember(self.id, arguments)  # what its datasets check in preview (see `_related`)

    @property
    def dataset_group_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id.

        Taken from the id rather than the `datasetGroupArn` output: during the preview of an in-place update
        a dynamic resource's outputs are unknown, while its id is known. A tracker on this group would
        otherwise preview as replaced whenever the group's tags change.
        """
        return self.id
