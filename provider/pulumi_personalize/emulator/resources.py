"""The resources the emulator keeps: dataset groups and event trackers (schemas and datasets are in
``datasets``; solutions, their versions, campaigns and filters in ``recommending``), and their three
faces: the members of the wire shapes, the ground-truth record of ``emu.resources()`` and the stored state.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from .status import TRANSITION_KEYS, Lifecycle, Steps, moments, reached

__all__ = ["DatasetGroup", "EventTracker", "Kind", "Resource", "datetime_of", "sort_key"]

Kind = Literal[
    "dataset-group", "event-tracker", "schema", "dataset", "solution", "solution-version", "campaign", "filter"
]


def datetime_of(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


@dataclass(kw_only=True)
class Resource:
    """What every resource shares: identity, life and tags."""

    KIND: ClassVar[Kind]
    # Deletion is DELETE PENDING until gone, with no DELETE IN_PROGRESS (the DatasetGroup data type).
    DELETE_PENDING_ONLY: ClassVar[bool] = False
    # The ground truth's name of each status's first moment (a kind with statuses of its own adds them).
    STATUS_KEYS: ClassVar[dict[str | None, str]] = TRANSITION_KEYS

    arn: str
    name: str
    account_id: str
    region: str
    lifecycle: Lifecycle
    tags: dict[str, str] = field(default_factory=dict)

    def steps(self) -> Steps:
        """Every (moment, status) of the resource's life, past or planned (None: gone)."""
        return self.lifecycle.transitions(self.DELETE_PENDING_ONLY)

    def status(self, now: float) -> str | None:
        return reached(self.steps(), now)[1]

    def last_updated(self, now: float) -> float:
        return reached(self.steps(), now)[0]

    def busy(self, now: float) -> str | None:
        """What keeps the resource from being deleted besides its status (a dataset's schema update)."""
        return None

    def wire(self, now: float) -> dict[str, Any]:
        """Members shared by the Describe and summary shapes (moto's serializer keeps the modelled ones)."""
        return {
            "name": self.name,
            "status": self.status(now),
            "creationDateTime": datetime_of(self.lifecycle.created_at),
            "lastUpdatedDateTime": datetime_of(self.last_updated(now)),
        }

    def record(self, now: float) -> dict[str, Any]:
        """Ground truth for emu.resources(): identity, current status, tags and transition moments."""
        return {
            "kind": self.KIND,
            "arn": self.arn,
            "name": self.name,
            "account": self.account_id,
            "region": self.region,
            "status": self.status(now) or "DELETED",
            "tags": dict(self.tags),
            "failureReason": None,
            **moments(self.steps(), now, self.STATUS_KEYS),
        }

    def to_state(self) -> dict[str, Any]:
        state = asdict(self)
        state["kind"] = self.KIND
        return state


@dataclass(kw_only=True)
class DatasetGroup(Resource):
    KIND: ClassVar[Kind] = "dataset-group"
    DELETE_PENDING_ONLY: ClassVar[bool] = True

    role_arn: str | None = None
    kms_key_arn: str | None = None
    domain: str | None = None
    failure_reason: str | None = None

    def visible_failure_reason(self, now: float) -> str | None:
        """The failure reason, once the group has reached CREATE FAILED."""
        return self.failure_reason if self.lifecycle.timestamps(now)["failedAt"] is not None else None

    def wire(self, now: float) -> dict[str, Any]:
        return {
            **super().wire(now),
            "datasetGroupArn": self.arn,
            "roleArn": self.role_arn,
            "kmsKeyArn": self.kms_key_arn,
            "domain": self.domain,
            "failureReason": self.visible_failure_reason(now),
        }

    def record(self, now: float) -> dict[str, Any]:
        return {
            **super().record(now),
            "datasetGroupArn": self.arn,
            "trackingId": None,
            "failureReason": self.visible_failure_reason(now),
        }


@dataclass(kw_only=True)
class EventTracker(Resource):
    KIND: ClassVar[Kind] = "event-tracker"

    dataset_group_arn: str
    tracking_id: str

    def wire(self, now: float) -> dict[str, Any]:
        return {
            **super().wire(now),
            "eventTrackerArn": self.arn,
            "accountId": self.account_id,
            "trackingId": self.tracking_id,
            "datasetGroupArn": self.dataset_group_arn,
        }

    def record(self, now: float) -> dict[str, Any]:
        return {
            **super().record(now),
            "datasetGroupArn": self.dataset_group_arn,
            "trackingId": self.tracking_id,
        }


def sort_key(resource: Resource) -> tuple[float, str]:
    """List order: creation order (the ARN breaks ties)."""
    return (resource.lifecycle.created_at, resource.arn)
