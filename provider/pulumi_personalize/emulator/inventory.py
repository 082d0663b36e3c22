"""The resources of one backend (one account in one region): dataset groups, event trackers, schemas,
datasets, solutions and their versions, campaigns and filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from .datasets import Dataset, Schema
from .exceptions import ResourceNotFoundException
from .recommending import Campaign, Filter, Solution, SolutionVersion
from .resources import DatasetGroup, EventTracker, Kind, Resource, sort_key

__all__ = ["Inventory"]

R = TypeVar("R", bound=Resource)
G = TypeVar("G", EventTracker, Dataset, Solution, SolutionVersion, Campaign, Filter)


@dataclass
class Inventory:
    """Live resources by ARN, and those that have disappeared (kept for the ground truth).

    A deleted resource stays live until :meth:`sweep` sees its deletion completed: the backend
    sweeps first thing in every operation, so each one sees the statuses of one moment.
    """

    dataset_groups: dict[str, DatasetGroup] = field(default_factory=dict)
    event_trackers: dict[str, EventTracker] = field(default_factory=dict)
    schemas: dict[str, Schema] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    solutions: dict[str, Solution] = field(default_factory=dict)
    solution_versions: dict[str, SolutionVersion] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    filters: dict[str, Filter] = field(default_factory=dict)
    gone: list[Resource] = field(default_factory=list)

    def _live_maps(self) -> dict[Kind, dict[str, Any]]:
        return {
            "dataset-group": self.dataset_groups,
            "event-tracker": self.event_trackers,
            "schema": self.schemas,
            "dataset": self.datasets,
            "solution": self.solutions,
            "solution-version": self.solution_versions,
            "campaign": self.campaigns,
            "filter": self.filters,
        }

    def sweep(self, now: float) -> None:
        """Move resources whose deletion has completed out of the live maps."""
        for live in self._live_maps().values():
            for arn in [arn for arn, resource in live.items() if resource.status(now) is None]:
                self.gone.append(live.pop(arn))

    def dataset_group(self, arn: str) -> DatasetGroup:
        return _find(self.dataset_groups, arn)

    def event_tracker(self, arn: str) -> EventTracker:
        return _find(self.event_trackers, arn)

    def schema(self, arn: str) -> Schema:
        return _find(self.schemas, arn)

    def dataset(self, arn: str) -> Dataset:
        return _find(self.datasets, arn)

    def solution(self, arn: str) -> Solution:
        return _find(self.solutions, arn)

    def solution_version(self, arn: str) -> SolutionVersion:
        return _find(self.solution_versions, arn)

    def campaign(self, arn: str) -> Campaign:
        return _find(self.campaigns, arn)

    def filter(self, arn: str) -> Filter:
        return _find(self.filters, arn)

    def tagged(self, arn: str) -> Resource:
        """The resource of an ARN, of a kind that takes tags (schemas have none)."""
        resource: Resource | None = next(
            (live[arn] for kind, live in self._live_maps().items() if kind != "schema" and arn in live), None
        )
        if resource is None:
            raise ResourceNotFoundException(arn)
        return resource

    def trackers(self, dataset_group_arn: str | None = None) -> list[EventTracker]:
        """The live event trackers (of one dataset group), in list order."""
        return _of_group(self.event_trackers, dataset_group_arn)

    def datasets_of(self, dataset_group_arn: str | None = None) -> list[Dataset]:
        """The live datasets (of one dataset group), in list order."""
        return _of_group(self.datasets, dataset_group_arn)

    def solutions_of(self, dataset_group_arn: str | None = None) -> list[Solution]:
        return _of_group(self.solutions, dataset_group_arn)

    def filters_of(self, dataset_group_arn: str | None = None) -> list[Filter]:
        return _of_group(self.filters, dataset_group_arn)

    def versions_of(self, solution_arn: str | None = None) -> list[SolutionVersion]:
        """The live versions (of one solution), in list order."""
        live = self.solution_versions.values()
        return sorted((v for v in live if solution_arn in (None, v.solution_arn)), key=sort_key)

    def versions_of_group(self, dataset_group_arn: str) -> list[SolutionVersion]:
        return _of_group(self.solution_versions, dataset_group_arn)

    def campaigns_of(self, solution_arn: str | None, now: float) -> list[Campaign]:
        """The live campaigns (deploying a version of one solution), in list order."""
        live = self.campaigns.values()
        return sorted((c for c in live if solution_arn is None or solution_arn in c.solutions(now)), key=sort_key)

    def campaigns_of_group(self, dataset_group_arn: str) -> list[Campaign]:
        return _of_group(self.campaigns, dataset_group_arn)

    def dataset_of_type(self, dataset_group_arn: str, dataset_type: str) -> Dataset | None:
        return next((d for d in self.datasets_of(dataset_group_arn) if d.dataset_type == dataset_type), None)

    def datasets_using(self, schema_arn: str, now: float) -> list[Dataset]:
        return sorted((d for d in self.datasets.values() if schema_arn in d.schemas(now)), key=sort_key)

    def tracker_of_tracking_id(self, tracking_id: str) -> EventTracker | None:
        return next((t for t in self.event_trackers.values() if t.tracking_id == tracking_id), None)

    def dataset_of_tracking_id(self, tracking_id: str) -> Dataset | None:
        return next((d for d in self.datasets.values() if d.tracking_id == tracking_id), None)

    def add(self, resource: Resource, now: float) -> None:
        """A new resource, or one read back from the state file (a gone one may share its ARN with a
        live one)."""
        if resource.status(now) is None:
            self.gone.append(resource)
        else:
            self._live_maps()[resource.KIND][resource.arn] = resource

    def every_resource(self) -> list[Resource]:
        return [resource for live in self._live_maps().values() for resource in live.values()] + self.gone


def _find(live: dict[str, R], arn: str) -> R:
    if arn not in live:
        raise ResourceNotFoundException(arn)
    return live[arn]


def _of_group(live: dict[str, G], dataset_group_arn: str | None) -> list[G]:
    return sorted((r for r in live.values() if dataset_group_arn in (None, r.dataset_group_arn)), key=sort_key)
