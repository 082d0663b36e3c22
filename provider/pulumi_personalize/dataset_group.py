"""DatasetGroup: the Amazon Personalize container that event trackers (and datasets) belong to."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi

from .dynamic.provider import PersonalizeProvider
from .dynamic.related import remember
from .dynamic.resource import PersonalizeResource, given
from .resources.dataset_group import DATASET_GROUP


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
        arguments = given(DATASET_GROUP, locals())
        super().__init__(DatasetGroupProvider(), resource_name, arguments, opts)
        remember(self.id, arguments)  # what its datasets check in preview (see `dynamic.related`)

    @property
    def dataset_group_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id.

        Taken from the id rather than the `datasetGroupArn` output: during the preview of an in-place update
        a dynamic resource's outputs are unknown, while its id is known. A tracker on this group would
        otherwise preview as replaced whenever the group's tags change.
        """
        return self.id
