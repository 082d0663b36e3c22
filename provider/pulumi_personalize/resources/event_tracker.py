"""EventTracker: an Amazon Personalize event tracker, whose tracking ID feeds PutEvents."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..aws.api import call, listed
from ..aws.settings import AwsTarget
from . import validation as validate
from .declare import rule
from .in_group import group_region, in_group
from .kind import DELETING, CommonArgs, CommonState, Existing, ResourceKind


@dataclass(frozen=True)
class EventTrackerArgs(CommonArgs):
    """An event tracker's inputs.

    Attributes:
        dataset_group_arn: The dataset group whose Interactions dataset receives the tracker's events (a dataset
            group has at most one event tracker). Changing it replaces the tracker.
    """

    dataset_group_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.dataset_group_arn)
    )


@dataclass(frozen=True)
class EventTrackerState(CommonState):
    """What Personalize tells of an event tracker.

    Attributes:
        event_tracker_arn: The event tracker's ARN (the resource id).
        tracking_id: The ID that PutEvents takes (`trackingId`): what an app needs to stream its events.
    """

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
