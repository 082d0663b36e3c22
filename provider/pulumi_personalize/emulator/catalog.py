"""The rules of schemas and datasets (CreateSchema ... UpdateDataset); see docs/emulator.md, "Fidelity ledger"."""

from __future__ import annotations

import uuid

from . import clock
from .avro import check_replacement, parse_schema
from .dataset_rules import canonical_dataset_type, check_dataset_schema
from .datasets import Dataset, Schema
from .exceptions import (
    InvalidInputException,
    LimitExceededException,
    ResourceAlreadyExistsException,
    ResourceInUseException,
)
from .operations import BackendCore, mutation, new_lifecycle, start_deletion
from .resources import DatasetGroup, sort_key
from .status import ACTIVE
from .store import STORE
from .tags import merge_tags

__all__ = ["CatalogOperations"]

# The developer guide: "you must delete the event tracker before you can delete the dataset".
_TRACKED_TYPE = "Interactions"


class CatalogOperations(BackendCore):
    """Schemas and datasets of one account in one region."""

    # -- schemas ----------------------------------------------------------------------------------

    @mutation
    def create_schema(self, name: str, schema: str, domain: str | None) -> Schema:
        arn = self._arn(f"schema/{name}")
        self._sweep()
        if arn in self.inventory.schemas:
            raise ResourceAlreadyExistsException(f"Schema with ARN {arn} already exists.")
        parse_schema(schema)
        quota = STORE.settings.quotas.schemas
        if len(self.inventory.schemas) >= quota:
            raise LimitExceededException(
                f"This account has {quota} schemas in {self.region_name}, its quota; delete one or request a quota "
                "increase."
            )
        created = Schema(
            arn=arn,
            name=name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=new_lifecycle("schema", create_seconds=0.0),
            schema=schema,
            domain=domain,
        )
        self.inventory.add(created, created.lifecycle.created_at)
        return created

    def describe_schema(self, arn: str) -> Schema:
        self._sweep()
        return self.inventory.schema(arn)

    @mutation
    def delete_schema(self, arn: str) -> None:
        schema = self.describe_schema(arn)
        users = self.inventory.datasets_using(arn, clock.now())
        if users:
            raise ResourceInUseException(f"Schema {arn} is used by dataset {users[0].arn}; delete it first.")
        start_deletion(schema, delete_seconds=0.0)
        self._sweep()

    def list_schemas(self) -> list[Schema]:
        self._sweep()
        return sorted(self.inventory.schemas.values(), key=sort_key)

    # -- datasets ---------------------------------------------------------------------------------

    @mutation
    def create_dataset(
        self, name: str, schema_arn: str, dataset_group_arn: str, dataset_type: str, tags: list[dict[str, str]]
    ) -> Dataset:
        self._sweep()
        group = self.inventory.dataset_group(dataset_group_arn)
        schema = self.inventory.schema(schema_arn)
        kind = canonical_dataset_type(dataset_type)
        status = group.status(clock.now())
        if status != ACTIVE:
            raise ResourceInUseException(f"Dataset group {dataset_group_arn} is in status {status}; it must be ACTIVE.")
        existing = self.inventory.dataset_of_type(dataset_group_arn, kind)
        if existing is not None:
            raise ResourceAlreadyExistsException(
                f"Dataset group {dataset_group_arn} already has a {kind} dataset: {existing.arn}."
            )
        _check_fits(group, schema, kind)
        dataset = Dataset(
            arn=self._arn(f"dataset/{group.name}/{kind.upper()}"),
            name=name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=new_lifecycle("dataset"),
            tags=merge_tags({}, tags),
            dataset_group_arn=dataset_group_arn,
            dataset_type=kind,
            schema_arn=schema_arn,
            tracking_id=str(uuid.uuid4()) if kind == "Action_Interactions" else None,
        )
        self.inventory.add(dataset, dataset.lifecycle.created_at)
        return dataset

    def describe_dataset(self, arn: str) -> Dataset:
        self._sweep()
        return self.inventory.dataset(arn)

    @mutation
    def delete_dataset(self, arn: str) -> None:
        """DeleteDataset: "You can't delete a dataset if an associated DatasetImportJob or SolutionVersion is in
        the CREATE PENDING or IN PROGRESS state." (a version of any solution of the group trains on its datasets)."""
        dataset = self.describe_dataset(arn)
        trackers = self.inventory.trackers(dataset.dataset_group_arn)
        if dataset.dataset_type == _TRACKED_TYPE and trackers:
            raise ResourceInUseException(
                f"Dataset {arn} receives the events of event tracker {trackers[0].arn}; delete the tracker first."
            )
        now = clock.now()
        versions = self.inventory.versions_of_group(dataset.dataset_group_arn)
        training = next((version for version in versions if version.training(now)), None)
        if training is not None:
            raise ResourceInUseException(
                f"Dataset {arn} is being trained on by solution version {training.arn} ({training.status(now)})."
            )
        start_deletion(dataset)

    def list_datasets(self, dataset_group_arn: str | None) -> list[Dataset]:
        self._sweep()
        return self.inventory.datasets_of(dataset_group_arn)

    @mutation
    def update_dataset(self, arn: str, schema_arn: str) -> Dataset:
        """Replace the dataset's schema: only Items and Users datasets, only by adding nullable fields."""
        dataset = self.describe_dataset(arn)
        schema = self.inventory.schema(schema_arn)
        now = clock.now()
        if dataset.dataset_type not in ("Items", "Users"):
            raise InvalidInputException(
                f"The schema of a {dataset.dataset_type} dataset cannot be replaced (only an Items or Users dataset's)."
            )
        status, busy = dataset.status(now), dataset.busy(now)
        if status != ACTIVE or busy:
            raise ResourceInUseException(
                f"Dataset {arn} is in status {status}{f' and {busy}' if busy else ''}; it must be ACTIVE, with no "
                "schema update under way."
            )
        group = self.inventory.dataset_group(dataset.dataset_group_arn)
        _check_fits(group, schema, dataset.dataset_type)
        check_replacement(self.inventory.schema(dataset.schema_at(now)).parsed(), schema.parsed(), schema_arn)
        dataset.start_update(schema_arn, now, STORE.settings.create_seconds)
        return dataset


def _check_fits(group: DatasetGroup, schema: Schema, dataset_type: str) -> None:
    """A schema fits a dataset of a type in a group: the group's domain (or none) and the type's fields."""
    if schema.domain != group.domain:
        raise InvalidInputException(
            f"Schema {schema.arn} has domain {schema.domain or 'none'} but dataset group {group.arn} has domain "
            f"{group.domain or 'none'}: they must be the same."
        )
    check_dataset_schema(dataset_type, group.domain, schema.parsed(), schema.arn)
