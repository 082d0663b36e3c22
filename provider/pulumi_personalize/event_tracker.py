"""EventTracker: an Amazon Personalize event tracker, whose tracking ID feeds PutEvents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from . import _validation as validate
from ._api import call
from ._lifecycle import Existing, Inputs, Kind, PersonalizeProvider
from ._resource import PersonalizeResource, owner, properties


def _tracker_of_group(client: Any, inputs: Inputs) -> Existing | None:
    """The tracker a dataset group already has (a group holds at most one)."""
    found = call(client, "ListEventTrackers", datasetGroupArn=inputs["datasetGroupArn"], maxResults=100)
    for tracker in found.get("eventTrackers", []):
        return Existing(tracker["eventTrackerArn"], tracker["name"], tracker["status"])
    return None


def _group_region(inputs: Inputs) -> str | None:
    match = validate.DATASET_GROUP_ARN.fullmatch(str(inputs.get("datasetGroupArn") or ""))
    return match.group("region") if match else None


EVENT_TRACKER = Kind(
    label="event tracker",
    type_name="EventTracker",
    arn_key="eventTrackerArn",
    describe_member="eventTracker",
    create_parameters=("name", "datasetGroupArn"),
    replace_on_change=("name", "datasetGroupArn", "region"),
    validators={"datasetGroupArn": validate.dataset_group_arn},
    required=("datasetGroupArn",),
    described_outputs=(
        "eventTrackerArn",
        "trackingId",
        "status",
        "accountId",
        "creationDateTime",
        "lastUpdatedDateTime",
    ),
    find_existing=_tracker_of_group,
    context=lambda inputs: f" in dataset group {inputs['datasetGroupArn']}",
    implied_region=_group_region,
    conflict="already belongs to this dataset group (a dataset group has at most one event tracker)",
)


class EventTrackerProvider(PersonalizeProvider):
    kind = EVENT_TRACKER


class EventTracker(PersonalizeResource, module="personalize", name="EventTracker"):
    """An Amazon Personalize event tracker. Its `tracking_id` is what PutEvents needs.

    Create waits until the tracker is ACTIVE; delete waits until it is gone, so its dataset group can be
    deleted right after. Changing `name`, `dataset_group_arn` or `region` replaces it (delete first: a
    dataset group holds one tracker); tags change in place.
    """

    def __init__(
        self,
        resource_name: str,
        dataset_group_arn: pulumi.Input[str],
        name: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            EventTrackerProvider(),
            resource_name,
            properties(
                resource_name,
                name=name,
                tags=tags,
                region=region,
                adopt_existing=adopt_existing,
                opts=opts,
                owner_tag=owner(self._resource_type_name, resource_name, opts),
                specific={"datasetGroupArn": dataset_group_arn},
                outputs=EVENT_TRACKER.described_outputs,
            ),
            opts,
        )

    @property
    def event_tracker_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id

    @property
    def tracking_id(self) -> pulumi.Output[str]:
        return self._output("trackingId")

    @property
    def dataset_group_arn(self) -> pulumi.Output[str]:
        return self._output("datasetGroupArn")
