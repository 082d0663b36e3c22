"""Dataset: an Amazon Personalize dataset; the Interactions dataset is where a tracker's events land.

A dataset group holds at most one dataset of each type. An Items or Users dataset moves to another schema in
place (UpdateDataset); Personalize refuses that for the other types, whose schema change is a replacement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from .dynamic.provider import PersonalizeProvider
from .dynamic.related import declared
from .dynamic.resource import PersonalizeResource, given
from .resources.dataset import DATASET


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
        arguments = {**given(DATASET, locals()), "related_inputs": _related_inputs(schema_arn, dataset_group_arn)}
        super().__init__(DatasetProvider(), resource_name, arguments, opts)

    @property
    def dataset_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
