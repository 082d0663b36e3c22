"""DatasetGroup: the Amazon Personalize container that event trackers (and datasets) belong to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from . import _validation as validate
from ._api import DELETING, call
from ._lifecycle import Existing, Inputs, Kind, PersonalizeProvider
from ._resource import PersonalizeResource, owner, properties


def _group_named(client: Any, inputs: Inputs) -> Existing | None:
    """The dataset group of the requested name (names are unique per account and region)."""
    token: str | None = None
    while True:
        page = call(client, "ListDatasetGroups", maxResults=100, **({"nextToken": token} if token else {}))
        for group in page.get("datasetGroups", []):
            if group["name"] == inputs["name"]:
                return Existing(group["datasetGroupArn"], group["name"], group["status"])
        token = page.get("nextToken")
        if not token:
            return None


def _users(client: Any, arn: str) -> list[str]:
    """Event trackers still holding a dataset group (those already being deleted will go by themselves)."""
    found = call(client, "ListEventTrackers", datasetGroupArn=arn, maxResults=100)
    return [
        f"event tracker {tracker['name']} ({tracker['eventTrackerArn']}, {tracker['status']})"
        for tracker in found.get("eventTrackers", [])
        if tracker["status"] not in DELETING
    ]


DATASET_GROUP = Kind(
    label="dataset group",
    type_name="DatasetGroup",
    arn_key="datasetGroupArn",
    describe_member="datasetGroup",
    create_parameters=("name", "domain", "roleArn", "kmsKeyArn"),
    replace_on_change=("name", "domain", "roleArn", "kmsKeyArn", "region"),
    validators={"domain": validate.domain, "roleArn": validate.role_arn, "kmsKeyArn": validate.kms_key_arn},
    required=(),
    described_outputs=(
        "datasetGroupArn",
        "status",
        "domain",
        "roleArn",
        "kmsKeyArn",
        "failureReason",
        "creationDateTime",
        "lastUpdatedDateTime",
    ),
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

    domain: pulumi.Output[str | None]

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
        super().__init__(
            DatasetGroupProvider(),
            resource_name,
            properties(
                resource_name,
                name=name,
                tags=tags,
                region=region,
                adopt_existing=adopt_existing,
                opts=opts,
                owner_tag=owner(self._resource_type_name, resource_name, opts),
                specific={"domain": domain, "roleArn": role_arn, "kmsKeyArn": kms_key_arn},
                outputs=DATASET_GROUP.described_outputs,
            ),
            opts,
        )

    @property
    def dataset_group_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id.

        Taken from the id rather than the `datasetGroupArn` output: during the preview of an in-place update
        a dynamic resource's outputs are unknown, while its id is known. A tracker on this group would
        otherwise preview as replaced whenever the group's tags change.
        """
        return self.id

    @property
    def role_arn(self) -> pulumi.Output[str]:
        return self._output("roleArn")

    @property
    def kms_key_arn(self) -> pulumi.Output[str]:
        return self._output("kmsKeyArn")

    @property
    def failure_reason(self) -> pulumi.Output[str]:
        return self._output("failureReason")
