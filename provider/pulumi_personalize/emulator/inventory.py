"""The dataset groups and event trackers of one backend (one account in one region)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .exceptions import ResourceNotFoundException
from .resources import DatasetGroup, EventTracker, Resource, sort_key

__all__ = ["Inventory"]


@dataclass
class Inventory:
    """Live resources by ARN, and those that have disappeared (kept for the ground truth).

    A deleted resource stays live until :meth:`sweep` sees its deletion completed: the backend
    sweeps first thing in every operation, so each one sees the statuses of one moment.
    """

    dataset_groups: dict[str, DatasetGroup] = field(default_factory=dict)
    event_trackers: dict[str, EventTracker] = field(default_factory=dict)
    gone: list[Resource] = field(default_factory=list)

    def sweep(self, now: float) -> None:
        """Move resources whose deletion has completed out of the live maps."""
        for live in (self.dataset_groups, self.event_trackers):
            for arn in [arn for arn, resource in live.items() if resource.status(now) is None]:
                self.gone.append(live.pop(arn))

    def dataset_group(self, arn: str) -> DatasetGroup:
        if arn not in self.dataset_groups:
            raise ResourceNotFoundException(arn)
        return self.dataset_groups[arn]

    def event_tracker(self, arn: str) -> EventTracker:
        if arn not in self.event_trackers:
            raise ResourceNotFoundException(arn)
        return self.event_trackers[arn]

    def tagged(self, arn: str) -> Resource:
        """The dataset group or event tracker of an ARN."""
        resource = self.dataset_groups.get(arn) or self.event_trackers.get(arn)
        if resource is None:
            raise ResourceNotFoundException(arn)
        return resource

    def trackers(self, dataset_group_arn: str | None = None) -> list[EventTracker]:
        """The live event trackers (of one dataset group), in list order."""
        trackers = self.event_trackers.values()
        return sorted((t for t in trackers if dataset_group_arn in (None, t.dataset_group_arn)), key=sort_key)

    def tracker_of_tracking_id(self, tracking_id: str) -> EventTracker | None:
        return next((t for t in self.event_trackers.values() if t.tracking_id == tracking_id), None)

    def add(self, resource: Resource, now: float) -> None:
        """A new resource, or one read back from the state file (a gone one may share its ARN with a
        live one)."""
        if resource.status(now) is None:
            self.gone.append(resource)
        elif isinstance(resource, DatasetGroup):
            self.dataset_groups[resource.arn] = resource
        elif isinstance(resource, EventTracker):
            self.event_trackers[resource.arn] = resource

    def every_resource(self) -> list[Resource]:
        return [*self.dataset_groups.values(), *self.event_trackers.values(), *self.gone]
