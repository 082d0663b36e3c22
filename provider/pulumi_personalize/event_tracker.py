"""EventTracker: an Amazon Personalize event tracker, whose tracking ID feeds PutEvents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi

from . import _validation as validate
from ._api import call, listed
from ._declare import rule
from ._in_group import group_region, in_group
from ._lifecycle import PersonalizeProvider
from ._resource import PersonalizeResource
from ._settings import AwsTarget
from ._shapes import DELETING, CommonArgs, CommonState, Existing, ResourceKind


@dataclass(frozen=True)
class EventTrackerArgs(CommonArgs):
    dataset_group_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.dataset_group_arn)
    )


@dataclass(frozen=True)
class EventTrackerState(CommonState):
    event_tracker_arn: str | None = None
    tracking_id: str | None = None


def _tracker_of_group(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The tracker a dataset group already has (a group holds at most one)."""
    if not isinstance(args, EventTrackerArgs):
        raise TypeError(f"event tracker arguments expected, got {type(args).__name__}")
    found = call(target, "ListEventTrackers", datasetGroupArn=args.dataset_group_arn, maxResults=100)
    for tracker in found.get("eventTrackers", []):
        return Existing(tracker["eventTrackerArn"], tracker["name"], tracker["status"])
    return None


def trackers_holding(target: AwsTarget, group_arn: str) -> list[str]:
    """The group's event tracker, described for an error, unless it is already being deleted (it will go)."""
    return [
        f"event tracker {tracker['name']} ({tracker['eventTrackerArn']}, {tracker['status']})"
        for tracker in listed(target, "ListEventTrackers", "eventTrackers", datasetGroupArn=group_arn)
        if tracker["status"] not in DELETING
    ]


EVENT_TRACKER = ResourceKind(
    label="event tracker",
    type_name="EventTracker",
    args=EventTrackerArgs,
    state=EventTrackerState,
    arn_key="eventTrackerArn",
    describe_member="eventTracker",
    find_existing=_tracker_of_group,
    context=in_group,
    implied_region=group_region,
    region_from=("datasetGroupArn",),
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

    kind = EVENT_TRACKER
    tracking_id: pulumi.Output[str]
    dataset_group_arn: pulumi.Output[str]

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
        arguments = {
            "dataset_group_arn": dataset_group_arn,
            "name": name,
            "tags": tags,
            "region": region,
            "adopt_existing": adopt_existing,
        }
        super().__init__(EventTrackerProvider(), resource_name, arguments, opts)

    @property
    def event_tracker_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
