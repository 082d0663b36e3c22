"""The rules of the emulated Amazon Personalize, and their registration with moto.

This module is the one place where moto is extended: :class:`EmulatorBackend` subclasses moto's
``PersonalizeBackend`` (so moto's schema operations keep working) and :data:`personalize_backends`
is registered as moto's ``personalize`` backend, so moto's server app routes every request signed
for ``personalize`` here (to the routes of ``urls``, beside this module, as for moto's own
services), with the account and region taken from moto's SigV4 handling.
"""

from __future__ import annotations

import functools
import secrets
import time
import uuid
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import moto.personalize
from moto.core.base_backend import BackendDict
from moto.personalize.models import PersonalizeBackend
from moto.utilities.utils import get_partition

from .exceptions import (
    InvalidInputException,
    ResourceAlreadyExistsException,
    ResourceInUseException,
)
from .inventory import Inventory
from .resources import DatasetGroup, EventTracker, Kind, Resource, sort_key
from .status import ACTIVE, CREATE_IN_PROGRESS, CREATE_PENDING, Lifecycle
from .store import STORE
from .tags import check_untag, merge_tags

__all__ = ["STORE", "EmulatorBackend", "backend_for", "personalize_backends"]

INJECTED_FAILURE_REASON = "Dataset group creation failed (emulator fault fail-next-dataset-group)."

T = TypeVar("T")
P = ParamSpec("P")


def _mutation(method: Callable[P, T]) -> Callable[P, T]:
    """Run a backend method under the store lock and persist the state once it succeeded."""

    @functools.wraps(method)
    def persisted(*args: P.args, **kwargs: P.kwargs) -> T:
        with STORE.lock:
            result = method(*args, **kwargs)
            STORE.persist()
            return result

    return persisted


class EmulatorBackend(PersonalizeBackend):
    """Dataset groups and event trackers of one account in one region, on top of moto's schemas."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.inventory = Inventory()

    # -- dataset groups -------------------------------------------------------------------------

    @_mutation
    def create_dataset_group(
        self, name: str, role_arn: str | None, kms_key_arn: str | None, domain: str | None, tags: list[dict[str, str]]
    ) -> DatasetGroup:
        arn = self._arn(f"dataset-group/{name}")
        self._sweep()
        if arn in self.inventory.dataset_groups:
            raise ResourceAlreadyExistsException(f"Dataset group with ARN {arn} already exists.")
        merged_tags = merge_tags({}, tags)
        lifecycle = _new_lifecycle("dataset-group")
        group = DatasetGroup(
            arn=arn,
            name=name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=lifecycle,
            tags=merged_tags,
            role_arn=role_arn,
            kms_key_arn=kms_key_arn,
            domain=domain,
            failure_reason=INJECTED_FAILURE_REASON if lifecycle.fails else None,
        )
        self.inventory.add(group, lifecycle.created_at)
        return group

    def describe_dataset_group(self, arn: str) -> DatasetGroup:
        self._sweep()
        return self.inventory.dataset_group(arn)

    @_mutation
    def delete_dataset_group(self, arn: str) -> None:
        group = self.describe_dataset_group(arn)
        trackers = self.inventory.trackers(arn)
        if trackers:
            raise ResourceInUseException(
                f"Dataset group {arn} still has event tracker {trackers[0].arn}; delete it first."
            )
        _start_deletion(group)

    def list_dataset_groups(self) -> list[DatasetGroup]:
        self._sweep()
        return sorted(self.inventory.dataset_groups.values(), key=sort_key)

    # -- event trackers -------------------------------------------------------------------------

    @_mutation
    def create_event_tracker(self, name: str, dataset_group_arn: str, tags: list[dict[str, str]]) -> EventTracker:
        group = self.describe_dataset_group(dataset_group_arn)
        existing = self.inventory.trackers(dataset_group_arn)
        if existing:
            raise ResourceAlreadyExistsException(
                f"Dataset group {dataset_group_arn} already has event tracker {existing[0].arn}."
            )
        status = group.status(time.time())
        if status != ACTIVE:
            raise ResourceInUseException(f"Dataset group {dataset_group_arn} is in status {status}; it must be ACTIVE.")
        merged_tags = merge_tags({}, tags)
        tracker = EventTracker(
            arn=self._new_tracker_arn(),
            name=name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=_new_lifecycle("event-tracker"),
            tags=merged_tags,
            dataset_group_arn=dataset_group_arn,
            tracking_id=str(uuid.uuid4()),
        )
        self.inventory.add(tracker, tracker.lifecycle.created_at)
        return tracker

    def describe_event_tracker(self, arn: str) -> EventTracker:
        self._sweep()
        return self.inventory.event_tracker(arn)

    @_mutation
    def delete_event_tracker(self, arn: str) -> None:
        _start_deletion(self.describe_event_tracker(arn))

    def list_event_trackers(self, dataset_group_arn: str | None) -> list[EventTracker]:
        self._sweep()
        return self.inventory.trackers(dataset_group_arn)

    # -- tags -----------------------------------------------------------------------------------

    @_mutation
    def tag_resource(self, arn: str, tags: list[dict[str, str]]) -> None:
        resource = self._tagged(arn)
        resource.tags = merge_tags(resource.tags, tags)

    @_mutation
    def untag_resource(self, arn: str, tag_keys: list[str]) -> None:
        resource = self._tagged(arn)
        check_untag(tag_keys)
        for key in tag_keys:
            resource.tags.pop(key, None)

    def list_tags_for_resource(self, arn: str) -> dict[str, str]:
        return dict(self._tagged(arn).tags)

    # -- data plane -----------------------------------------------------------------------------

    def put_events(self, tracking_id: str, user_id: str | None, session_id: str, events: list[dict[str, Any]]) -> None:
        """Record events sent to an ACTIVE tracker of this account and region."""
        self._sweep()
        now = time.time()
        tracker = self.inventory.tracker_of_tracking_id(tracking_id)
        if tracker is None:
            raise InvalidInputException(f"Tracking ID {tracking_id} does not exist.")
        status = tracker.status(now)
        if status != ACTIVE:
            raise InvalidInputException(
                f"Event tracker {tracker.arn} with tracking ID {tracking_id} is in status {status}; it must be ACTIVE."
            )
        received = {"receivedAt": now, "account": self.account_id, "region": self.region_name}
        sender = {"eventTrackerArn": tracker.arn, "trackingId": tracking_id, "userId": user_id, "sessionId": session_id}
        STORE.record_events([{**received, **sender, "event": event} for event in events])

    # -- shared ---------------------------------------------------------------------------------

    def _tagged(self, arn: str) -> Resource:
        self._sweep()
        return self.inventory.tagged(arn)

    def _new_tracker_arn(self) -> str:
        """``event-tracker/`` and a generated 8-hex id, as on the real service (not the name)."""
        while (arn := self._arn(f"event-tracker/{secrets.token_hex(4)}")) in self.inventory.event_trackers:
            pass
        return arn

    def _arn(self, resource: str) -> str:
        partition = get_partition(self.region_name)
        return f"arn:{partition}:personalize:{self.region_name}:{self.account_id}:{resource}"

    def _sweep(self) -> None:
        self.inventory.sweep(time.time())


def _new_lifecycle(kind: Kind) -> Lifecycle:
    settings = STORE.settings
    return Lifecycle(created_at=time.time(), create_seconds=settings.create_seconds, fails=STORE.take_failure(kind))


def _start_deletion(resource: Resource) -> None:
    """Begin the DELETE phases; deleting a resource that is already being deleted changes nothing."""
    now = time.time()
    status = resource.status(now)
    if status in (CREATE_PENDING, CREATE_IN_PROGRESS):
        raise ResourceInUseException(f"{resource.arn} is in status {status} and cannot be deleted yet.")
    if resource.lifecycle.delete_requested_at is None:
        resource.lifecycle.delete_requested_at = now
        resource.lifecycle.delete_seconds = STORE.settings.delete_seconds


def backend_for(account_id: str, region: str) -> EmulatorBackend:
    """The backend of an account and region, for any region name (moto only pre-registers
    the regions where botocore knows a Personalize endpoint)."""
    with STORE.lock:
        account = personalize_backends[account_id]
        if region not in account:
            account.regions.append(region)
        backend = account[region]
    assert isinstance(backend, EmulatorBackend)
    return backend


class _AllBackends:
    """Every account and region's backend, as the store sees them (see store.Backends)."""

    @staticmethod
    def clear() -> None:
        personalize_backends.clear()

    @staticmethod
    def resources() -> list[Resource]:
        resources: list[Resource] = []
        for _, _, backend in personalize_backends.iter_backends():
            assert isinstance(backend, EmulatorBackend)
            resources += backend.inventory.every_resource()
        return resources

    @staticmethod
    def restore(resource: Resource) -> None:
        backend_for(resource.account_id, resource.region).inventory.add(resource, time.time())


personalize_backends = BackendDict(EmulatorBackend, "personalize")
# moto's server app looks the backend of signing name "personalize" up in this module attribute.
vars(moto.personalize)["personalize_backends"] = personalize_backends
STORE.attach(_AllBackends())
