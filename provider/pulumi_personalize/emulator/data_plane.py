"""The rules of the ``personalize-events`` operations: PutEvents, PutItems, PutUsers and
PutActionInteractions. Accepted records are kept, with the dataset that got them, for ``emu.events()``.
"""

from __future__ import annotations

from typing import Any

from . import clock
from .datasets import Dataset
from .exceptions import InvalidInputException, ResourceInUseException, TrackingIdNotFoundException
from .operations import BackendCore
from .records import (
    ACTION_INTERACTION_MEMBERS,
    EVENT_MEMBERS,
    ITEM_MEMBERS,
    RESERVED_PROPERTIES,
    USER_MEMBERS,
    Members,
    Records,
    check_properties,
    check_records,
)
from .status import ACTIVE
from .store import STORE

__all__ = ["DataPlaneOperations"]


class DataPlaneOperations(BackendCore):
    """What the data plane accepts in one account and region, and the records it keeps."""

    def put_events(self, tracking_id: str, user_id: str | None, session_id: str, events: list[dict[str, Any]]) -> None:
        """Events for an ACTIVE tracker whose dataset group has an ACTIVE Interactions dataset, each
        with the fields of that dataset's schema. InvalidInputException otherwise: the only error the
        model gives PutEvents."""
        self._sweep()
        now = clock.now()
        tracker = self.inventory.tracker_of_tracking_id(tracking_id)
        if tracker is None:
            raise InvalidInputException(f"Tracking ID {tracking_id} does not exist.")
        status = tracker.status(now)
        if status != ACTIVE:
            raise InvalidInputException(
                f"Event tracker {tracker.arn} with tracking ID {tracking_id} is in status {status}; it must be ACTIVE."
            )
        dataset = self.inventory.dataset_of_type(tracker.dataset_group_arn, "Interactions")
        dataset_status = dataset.status(now) if dataset is not None else None
        if dataset is None or dataset_status != ACTIVE:
            state = f"its Interactions dataset is {dataset_status}" if dataset else "it has no Interactions dataset"
            raise InvalidInputException(
                f"Dataset group {tracker.dataset_group_arn} of tracking ID {tracking_id} cannot record events: "
                f"{state}; an ACTIVE one is needed."
            )
        check_properties(events, "eventList", RESERVED_PROPERTIES)
        self._check(dataset, events, "eventList", EVENT_MEMBERS, now)
        sender = {"eventTrackerArn": tracker.arn, "trackingId": tracking_id, "userId": user_id, "sessionId": session_id}
        self._record("PutEvents", dataset, sender, "event", events, now)

    def put_items(self, dataset_arn: str, items: list[dict[str, Any]]) -> None:
        self._put_metadata(dataset_arn, "Items", items, "items", ITEM_MEMBERS, "item")

    def put_users(self, dataset_arn: str, users: list[dict[str, Any]]) -> None:
        self._put_metadata(dataset_arn, "Users", users, "users", USER_MEMBERS, "user")

    def put_action_interactions(self, tracking_id: str, interactions: list[dict[str, Any]]) -> None:
        """Action interactions for the ACTIVE Action_Interactions dataset of a tracking ID."""
        self._sweep()
        now = clock.now()
        dataset = self.inventory.dataset_of_tracking_id(tracking_id)
        if dataset is None:
            raise TrackingIdNotFoundException(tracking_id)
        self._require_active(dataset, now)
        check_properties(interactions, "actionInteractions", RESERVED_PROPERTIES)
        self._check(dataset, interactions, "actionInteractions", ACTION_INTERACTION_MEMBERS, now)
        sender = {"trackingId": tracking_id}
        self._record("PutActionInteractions", dataset, sender, "actionInteraction", interactions, now)

    def _put_metadata(
        self,
        dataset_arn: str,
        dataset_type: str,
        records: Records,
        list_name: str,
        members: Members,
        key: str,
    ) -> None:
        """PutItems and PutUsers: records for an ACTIVE dataset of their type."""
        self._sweep()
        now = clock.now()
        dataset = self.inventory.dataset(dataset_arn)
        if dataset.dataset_type != dataset_type:
            raise InvalidInputException(f"Dataset {dataset_arn} is of type {dataset.dataset_type}, not {dataset_type}.")
        self._require_active(dataset, now)
        self._check(dataset, records, list_name, members, now)
        self._record(f"Put{dataset_type}", dataset, {}, key, records, now)

    @staticmethod
    def _require_active(dataset: Dataset, now: float) -> None:
        status = dataset.status(now)
        if status != ACTIVE:
            raise ResourceInUseException(f"Dataset {dataset.arn} is in status {status}; it must be ACTIVE.")

    def _check(self, dataset: Dataset, records: Records, list_name: str, members: Members, now: float) -> None:
        schema_arn = dataset.schema_at(now)
        check_records(records, list_name, self.inventory.schema(schema_arn).parsed(), schema_arn, members)

    def _record(
        self, operation: str, dataset: Dataset, sender: dict[str, Any], key: str, records: Records, now: float
    ) -> None:
        received = {"receivedAt": now, "account": self.account_id, "region": self.region_name, "operation": operation}
        where = {**received, "datasetArn": dataset.arn, **sender}
        STORE.record_events([{**where, key: record} for record in records])
