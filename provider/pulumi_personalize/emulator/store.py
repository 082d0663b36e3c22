"""What every backend shares: the lock, the phase durations, the armed failures, the received
events (and their index, ``event_index``) and the state file.

moto keeps backends in a process-global BackendDict, so the :data:`STORE` is process-global too.
It reaches the backends only through :class:`Backends`, which ``models`` attaches when it
registers them with moto. Every method takes the (re-entrant) lock; responses hold it around a
whole request.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import clock
from .event_index import EventIndex
from .persistence import StateFile
from .quotas import Quotas
from .resources import Kind, Resource, sort_key

__all__ = ["STORE", "Backends", "Settings", "Store", "check_seconds"]


class Backends(Protocol):
    """Every account and region's backend, as the store needs them."""

    def clear(self) -> None: ...

    def resources(self) -> list[Resource]:
        """Every resource of every backend, gone ones too."""
        ...

    def restore(self, resource: Resource) -> None: ...


def check_seconds(name: str, seconds: float) -> float:
    """A phase duration: a finite number of seconds, not negative (ValueError otherwise)."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{name} must be a finite number of seconds, not negative; got {seconds!r}")
    return seconds


@dataclass
class Settings:
    """Process-wide knobs: phase durations, service quotas and the armed 'fail the next N creations' counters."""

    create_seconds: float = 4.0
    delete_seconds: float = 2.0
    train_seconds: float = 6.0  # CreateSolutionVersion: from CREATE PENDING to ACTIVE (or CREATE FAILED)
    quotas: Quotas = field(default_factory=Quotas)
    fail_next: dict[Kind, int] = field(default_factory=lambda: {"dataset-group": 0, "event-tracker": 0})


class Store:
    """The shared state of the backends; see the module documentation."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.settings = Settings()
        self.state_file: StateFile | None = None
        self._events: list[dict[str, Any]] = []
        self._event_keys: set[str] = set()
        self.index = EventIndex()
        self._backends: Backends | None = None

    def attach(self, backends: Backends) -> None:
        self._backends = backends

    @property
    def backends(self) -> Backends:
        if self._backends is None:
            raise RuntimeError("no backends attached: import pulumi_personalize.emulator.models first")
        return self._backends

    def configure(
        self, create_seconds: float, delete_seconds: float, state_file: Path | None, train_seconds: float
    ) -> None:
        """Start afresh with these durations and what the state file holds (StateFileError, with
        nothing changed, if it cannot be loaded)."""
        check_seconds("createSeconds", create_seconds)
        check_seconds("deleteSeconds", delete_seconds)
        check_seconds("trainSeconds", train_seconds)
        stored = StateFile(state_file) if state_file is not None else None
        resources, events = stored.load() if stored is not None else ([], [])
        with self.lock:
            self.settings = Settings()
            self.set_timings(create_seconds, delete_seconds, train_seconds)
            self.state_file = stored
            self.backends.clear()
            for resource in resources:
                self.backends.restore(resource)
            self._events = events
            self._event_keys = {key for key in map(_duplicate_key, events) if key is not None}
            self.index = EventIndex(events)

    def set_timings(self, create_seconds: float, delete_seconds: float, train_seconds: float | None = None) -> None:
        """The phase durations from now on; the training time stays as it is unless given."""
        check_seconds("createSeconds", create_seconds)
        check_seconds("deleteSeconds", delete_seconds)
        if train_seconds is not None:
            check_seconds("trainSeconds", train_seconds)
        with self.lock:
            self.settings.create_seconds = create_seconds
            self.settings.delete_seconds = delete_seconds
            if train_seconds is not None:
                self.settings.train_seconds = train_seconds

    def set_quotas(self, wanted: dict[str, int]) -> Quotas:
        """Raise (or lower) quotas by name; ValueError, with nothing changed, for a bad one."""
        with self.lock:
            self.settings.quotas = self.settings.quotas.raised(wanted)
            return self.settings.quotas

    def reset(self) -> None:
        """Forget every resource and event (and the state file's content); keep the timings and quotas."""
        with self.lock:
            self.backends.clear()
            self._events = []
            self._event_keys = set()
            self.index = EventIndex()
            self.settings.fail_next = Settings().fail_next
            if self.state_file is not None:
                self.state_file.forget_events()
            self.persist()

    def arm_failures(self, dataset_groups: int, event_trackers: int) -> None:
        with self.lock:
            self.settings.fail_next = {"dataset-group": dataset_groups, "event-tracker": event_trackers}

    def armed_failures(self) -> dict[Kind, int]:
        with self.lock:
            return dict(self.settings.fail_next)

    def take_failure(self, kind: Kind) -> bool:
        """Whether the resource being created must end in CREATE FAILED (consumes one armed failure)."""
        with self.lock:
            if self.settings.fail_next.get(kind, 0) <= 0:
                return False
            self.settings.fail_next[kind] -= 1
            return True

    def record_events(self, events: list[dict[str, Any]]) -> None:
        """Keep these records, but an event already kept once (see ``_duplicate_key``)."""
        with self.lock:
            events = [event for event in events if self._is_new(event)]
            self._events.extend(events)
            self.index.add(events)
            if self.state_file is not None:
                self.state_file.append_events(events)

    def _is_new(self, event: dict[str, Any]) -> bool:
        key = _duplicate_key(event)
        if key is None:
            return True
        known = key in self._event_keys
        self._event_keys.add(key)
        return not known

    def events(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(event) for event in self._events]

    def resources(self) -> list[dict[str, Any]]:
        """Every resource ever created (since the last reset), gone ones too."""
        now = clock.now()
        with self.lock:
            return [resource.record(now) for resource in sorted(self.backends.resources(), key=sort_key)]

    def persist(self) -> None:
        """Write all resources to the state file, if there is one."""
        with self.lock:
            if self.state_file is not None:
                self.state_file.save(self.backends.resources())


def _duplicate_key(record: dict[str, Any]) -> str | None:
    """What makes two PutEvents events one: "If you record two events with exactly the same timestamp and
    identical properties, Amazon Personalize keeps only one of the events" (developer guide, "Recording item
    interaction events"). Chosen: the same dataset, user and session, and the same event but for its
    ``eventId`` (an identifier, not a property). Other records (items, users) are always kept."""
    event = record.get("event")
    if not isinstance(event, dict):
        return None
    content = {key: value for key, value in event.items() if key != "eventId"}
    return json.dumps(
        [record.get("datasetArn"), record.get("userId"), record.get("sessionId"), content], sort_keys=True
    )


STORE = Store()
