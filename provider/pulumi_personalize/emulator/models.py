"""The rules of the emulated Amazon Personalize, and their registration with moto.

This module is the one place where moto is extended: :class:`EmulatorBackend` is a moto backend
(``operations.BackendCore``) that replaces moto's own Personalize backend, whose schemas follow none
of the service's rules, and :data:`personalize_backends` is registered as moto's ``personalize`` backend, so
moto's server app routes every request signed for ``personalize`` here (to the routes of ``urls``,
beside this module, as for moto's own services), with the account and region taken from moto's
SigV4 handling.
"""

from __future__ import annotations

import secrets
import uuid

import moto.personalize
from moto.core.base_backend import BackendDict

from . import clock
from .campaigns import CampaignOperations
from .catalog import CatalogOperations
from .data_plane import DataPlaneOperations
from .exceptions import LimitExceededException, ResourceAlreadyExistsException, ResourceInUseException
from .filters import FilterOperations
from .operations import mutation, new_lifecycle, start_deletion
from .resources import DatasetGroup, EventTracker, Resource, sort_key
from .runtime import RuntimeOperations
from .status import ACTIVE
from .store import STORE
from .tags import check_untag, merge_tags
from .versions import VersionOperations

__all__ = ["STORE", "EmulatorBackend", "backend_for", "personalize_backends"]

INJECTED_FAILURE_REASON = "Dataset group creation failed (emulator fault fail-next-dataset-group)."


class EmulatorBackend(
    CatalogOperations, DataPlaneOperations, VersionOperations, CampaignOperations, FilterOperations, RuntimeOperations
):
    """One account in one region: dataset groups, event trackers and tags here, schemas and datasets
    (``catalog``), the data plane (``data_plane``), solutions (``solutions``) and their versions
    (``versions``), campaigns (``campaigns``), filters (``filters``), personalize-runtime (``runtime``)."""

    # -- dataset groups -------------------------------------------------------------------------

    @mutation
    def create_dataset_group(
        self, name: str, role_arn: str | None, kms_key_arn: str | None, domain: str | None, tags: list[dict[str, str]]
    ) -> DatasetGroup:
        arn = self._arn(f"dataset-group/{name}")
        self._sweep()
        if arn in self.inventory.dataset_groups:
            raise ResourceAlreadyExistsException(f"Dataset group with ARN {arn} already exists.")
        quota = STORE.settings.quotas.dataset_groups
        if len(self.inventory.dataset_groups) >= quota:
            raise LimitExceededException(
                f"This account has {quota} active dataset groups in {self.region_name}, its quota; delete one or "
                "request a quota increase."
            )
        merged_tags = merge_tags({}, tags)
        lifecycle = new_lifecycle("dataset-group")
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

    @mutation
    def delete_dataset_group(self, arn: str) -> None:
        """DeleteDatasetGroup: "you must delete the following: All associated event trackers. All associated
        solutions. All datasets in the dataset group."; and its filters (chosen: a filter belongs to its group)."""
        group = self.describe_dataset_group(arn)
        trackers = self.inventory.trackers(arn)
        if trackers:
            raise ResourceInUseException(
                f"Dataset group {arn} still has event tracker {trackers[0].arn}; delete it first."
            )
        for kind, members in (
            ("solution", self.inventory.solutions_of(arn)),
            ("filter", self.inventory.filters_of(arn)),
        ):
            if members:
                raise ResourceInUseException(f"Dataset group {arn} still has {kind} {members[0].arn}; delete it first.")
        datasets = self.inventory.datasets_of(arn)
        if datasets:
            names = ", ".join(dataset.arn for dataset in datasets)
            raise ResourceInUseException(f"Dataset group {arn} still has datasets {names}; delete them first.")
        start_deletion(group)

    def list_dataset_groups(self) -> list[DatasetGroup]:
        self._sweep()
        return sorted(self.inventory.dataset_groups.values(), key=sort_key)

    # -- event trackers -------------------------------------------------------------------------

    @mutation
    def create_event_tracker(self, name: str, dataset_group_arn: str, tags: list[dict[str, str]]) -> EventTracker:
        group = self.describe_dataset_group(dataset_group_arn)
        existing = self.inventory.trackers(dataset_group_arn)
        if existing:
            raise ResourceAlreadyExistsException(
                f"Dataset group {dataset_group_arn} already has event tracker {existing[0].arn}."
            )
        status = group.status(clock.now())
        if status != ACTIVE:
            raise ResourceInUseException(f"Dataset group {dataset_group_arn} is in status {status}; it must be ACTIVE.")
        merged_tags = merge_tags({}, tags)
        tracker = EventTracker(
            arn=self._new_tracker_arn(),
            name=name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=new_lifecycle("event-tracker"),
            tags=merged_tags,
            dataset_group_arn=dataset_group_arn,
            tracking_id=str(uuid.uuid4()),
        )
        self.inventory.add(tracker, tracker.lifecycle.created_at)
        return tracker

    def describe_event_tracker(self, arn: str) -> EventTracker:
        self._sweep()
        return self.inventory.event_tracker(arn)

    @mutation
    def delete_event_tracker(self, arn: str) -> None:
        start_deletion(self.describe_event_tracker(arn))

    def list_event_trackers(self, dataset_group_arn: str | None) -> list[EventTracker]:
        self._sweep()
        return self.inventory.trackers(dataset_group_arn)

    # -- tags -----------------------------------------------------------------------------------

    @mutation
    def tag_resource(self, arn: str, tags: list[dict[str, str]]) -> None:
        resource = self._tagged(arn)
        resource.tags = merge_tags(resource.tags, tags)

    @mutation
    def untag_resource(self, arn: str, tag_keys: list[str]) -> None:
        resource = self._tagged(arn)
        check_untag(tag_keys)
        for key in tag_keys:
            resource.tags.pop(key, None)

    def list_tags_for_resource(self, arn: str) -> dict[str, str]:
        return dict(self._tagged(arn).tags)

    # -- shared ---------------------------------------------------------------------------------

    def _tagged(self, arn: str) -> Resource:
        self._sweep()
        return self.inventory.tagged(arn)

    def _new_tracker_arn(self) -> str:
        """``event-tracker/`` and a generated 8-hex id, as on the real service (not the name)."""
        while (arn := self._arn(f"event-tracker/{secrets.token_hex(4)}")) in self.inventory.event_trackers:
            pass
        return arn


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
        backend_for(resource.account_id, resource.region).inventory.add(resource, clock.now())


personalize_backends = BackendDict(EmulatorBackend, "personalize")
# moto's server app looks the backend of signing name "personalize" up in this module attribute.
vars(moto.personalize)["personalize_backends"] = personalize_backends
STORE.attach(_AllBackends())
