"""Schemas and datasets: their wire members, ground-truth records and stored state (see ``resources``).

A schema has no status on the wire; it is kept as a resource whose phases last no time, so it is
there at once and gone at once. A dataset has the status machine of the other resources plus the
replacement of its schema by UpdateDataset, kept as its :class:`DatasetUpdate`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, ClassVar

from .avro import AvroSchema, parse_schema
from .resources import Kind, Resource, datetime_of
from .status import Update

__all__ = ["Dataset", "DatasetUpdate", "Schema"]


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> AvroSchema:
    return parse_schema(text)


@dataclass(kw_only=True)
class Schema(Resource):
    KIND: ClassVar[Kind] = "schema"

    schema: str
    domain: str | None = None

    def parsed(self) -> AvroSchema:
        return _parsed(self.schema)

    def wire(self, now: float) -> dict[str, Any]:
        return {**super().wire(now), "schemaArn": self.arn, "schema": self.schema, "domain": self.domain}

    def record(self, now: float) -> dict[str, Any]:
        return {**super().record(now), "datasetGroupArn": None, "trackingId": None, "domain": self.domain}


@dataclass(kw_only=True)
class DatasetUpdate(Update):
    """One replacement of a dataset's schema, with the status machine of the other update summaries."""

    schema_arn: str

    def wire(self, now: float) -> dict[str, Any]:
        return {
            "schemaArn": self.schema_arn,
            "status": self.status(now),
            "creationDateTime": datetime_of(self.requested_at),
            "lastUpdatedDateTime": datetime_of(self.last_updated(now)),
        }


@dataclass(kw_only=True)
class Dataset(Resource):
    KIND: ClassVar[Kind] = "dataset"

    dataset_group_arn: str
    dataset_type: str
    schema_arn: str  # the schema before the latest update, if there is one
    tracking_id: str | None = None  # Action_Interactions datasets only
    latest_update: DatasetUpdate | None = None

    def schema_at(self, now: float) -> str:
        """The dataset's schema: the latest update's once it is done."""
        update = self.latest_update
        return update.schema_arn if update is not None and update.done(now) else self.schema_arn

    def schemas(self, now: float) -> set[str]:
        """Every schema the dataset uses now, an unfinished update's included (they cannot be deleted)."""
        update = self.latest_update
        return {self.schema_at(now)} | ({update.schema_arn} if update is not None and not update.done(now) else set())

    def start_update(self, schema_arn: str, now: float, seconds: float) -> None:
        self.schema_arn = self.schema_at(now)
        self.latest_update = DatasetUpdate(schema_arn=schema_arn, requested_at=now, seconds=seconds)

    def busy(self, now: float) -> str | None:
        """The dataset stays ACTIVE while its schema is replaced (the Dataset data type documents no
        update statuses); the update's progress is in latestDatasetUpdate."""
        update = self.latest_update
        return f"its schema update is {update.status(now)}" if update is not None and not update.done(now) else None

    def last_updated(self, now: float) -> float:
        update = self.latest_update
        return max(super().last_updated(now), update.last_updated(now) if update else 0.0)

    def wire(self, now: float) -> dict[str, Any]:
        return {
            **super().wire(now),
            "datasetArn": self.arn,
            "datasetGroupArn": self.dataset_group_arn,
            "datasetType": self.dataset_type,
            "schemaArn": self.schema_at(now),
            "trackingId": self.tracking_id,
            "latestDatasetUpdate": self.latest_update.wire(now) if self.latest_update else None,
        }

    def record(self, now: float) -> dict[str, Any]:
        return {
            **super().record(now),
            "datasetGroupArn": self.dataset_group_arn,
            "trackingId": self.tracking_id,
            "datasetType": self.dataset_type,
            "schemaArn": self.schema_at(now),
        }
