"""State and rules of the emulated Amazon Personalize dataset groups and event trackers.

This module is the one place where moto is extended: :class:`EmulatorBackend` subclasses moto's
``PersonalizeBackend`` (so moto's schema operations keep working) and :data:`personalize_backends`
is registered as moto's ``personalize`` backend, so moto's server app routes every request signed
for ``personalize`` here, with the account and region taken from moto's SigV4 handling.

Statuses are never stored: each resource keeps the timestamps of its life (created, delete
requested) and the durations configured when they happened, and its status is computed from the
clock when asked. No background threads are needed and a restart from the state file simply
continues the timeline.
"""

from __future__ import annotations

import base64
import binascii
import functools
import importlib
import json
import os
import secrets
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, Literal, ParamSpec, TypeVar

import moto.personalize
from moto.core.base_backend import BackendDict
from moto.personalize.exceptions import PersonalizeException, ResourceNotFoundException
from moto.personalize.models import PersonalizeBackend
from moto.utilities.utils import get_partition

__all__ = [
    "ACTIVE",
    "CREATE_FAILED",
    "CREATE_IN_PROGRESS",
    "CREATE_PENDING",
    "DELETE_IN_PROGRESS",
    "DELETE_PENDING",
    "STORE",
    "DatasetGroup",
    "EmulatorBackend",
    "EventTracker",
    "InvalidInputException",
    "InvalidNextTokenException",
    "ResourceAlreadyExistsException",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "TooManyTagKeysException",
    "TooManyTagsException",
    "backend_for",
]

CREATE_PENDING = "CREATE PENDING"
CREATE_IN_PROGRESS = "CREATE IN_PROGRESS"
ACTIVE = "ACTIVE"
CREATE_FAILED = "CREATE FAILED"
DELETE_PENDING = "DELETE PENDING"
DELETE_IN_PROGRESS = "DELETE IN_PROGRESS"

MAX_TAGS_PER_RESOURCE = 50
MAX_TAG_KEYS_PER_UNTAG = 50
DEFAULT_MAX_RESULTS = 100
STATE_FILE_VERSION = 1
INJECTED_FAILURE_REASON = "Dataset group creation failed (emulator fault fail-next-dataset-group)."

Kind = Literal["dataset-group", "event-tracker"]


class _ServiceError(PersonalizeException):
    """A Personalize error whose code is the class name (moto's JsonRESTError underneath)."""

    def __init__(self, message: str) -> None:
        super().__init__(type(self).__name__, message)


class InvalidInputException(_ServiceError):
    """A request that breaks the model or a rule about values (tags, JSON, tracking ids)."""


class InvalidNextTokenException(_ServiceError):
    """A nextToken this listing did not issue."""


class ResourceAlreadyExistsException(_ServiceError):
    """A second dataset group of that name, or a second tracker on a dataset group."""


class ResourceInUseException(_ServiceError):
    """A resource whose state forbids the request (still creating, not ACTIVE, still has a tracker)."""


class TooManyTagsException(_ServiceError):
    """More than 50 tags on one resource."""


class TooManyTagKeysException(_ServiceError):
    """More than 50 tag keys in one UntagResource."""


# The name each status's first moment has in resources(); None is "gone".
_TRANSITION_KEYS: dict[str | None, str] = {
    CREATE_PENDING: "createdAt",
    CREATE_IN_PROGRESS: "createInProgressAt",
    ACTIVE: "activeAt",
    CREATE_FAILED: "failedAt",
    DELETE_PENDING: "deleteRequestedAt",
    DELETE_IN_PROGRESS: "deleteInProgressAt",
    None: "deletedAt",
}


@dataclass
class Lifecycle:
    """When a resource was created and deletion requested, and how long each phase lasts.

    Each phase spends half its duration in PENDING and half in IN_PROGRESS.
    """

    created_at: float
    create_seconds: float
    fails: bool
    delete_requested_at: float | None = None
    delete_seconds: float = 0.0

    def transitions(self) -> list[tuple[float, str | None]]:
        """Every (moment, status) of the resource's life, past or planned; None means gone."""
        c = self.created_at
        steps: list[tuple[float, str | None]] = [
            (c, CREATE_PENDING),
            (c + self.create_seconds / 2, CREATE_IN_PROGRESS),
            (c + self.create_seconds, CREATE_FAILED if self.fails else ACTIVE),
        ]
        if self.delete_requested_at is not None:
            d = self.delete_requested_at
            steps += [
                (d, DELETE_PENDING),
                (d + self.delete_seconds / 2, DELETE_IN_PROGRESS),
                (d + self.delete_seconds, None),
            ]
        return steps

    def _reached(self, now: float) -> tuple[float, str | None]:
        steps = self.transitions()
        reached = [step for step in steps if step[0] <= now]
        # A clock behind the creation moment (a state file from another machine) shows the first status.
        return reached[-1] if reached else steps[0]

    def status(self, now: float) -> str | None:
        return self._reached(now)[1]

    def last_updated(self, now: float) -> float:
        return self._reached(now)[0]

    def timestamps(self, now: float) -> dict[str, float | None]:
        """The moment each status was first reached, None for those not (yet) reached."""
        stamps: dict[str, float | None] = dict.fromkeys(_TRANSITION_KEYS.values())
        for moment, status in self.transitions():
            if moment <= now:
                stamps[_TRANSITION_KEYS[status]] = moment
        return stamps


def _datetime(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


@dataclass(kw_only=True)
class Resource:
    """What dataset groups and event trackers share: identity, life and tags."""

    KIND: ClassVar[Kind]

    arn: str
    name: str
    account_id: str
    region: str
    lifecycle: Lifecycle
    tags: dict[str, str] = field(default_factory=dict)

    def status(self, now: float) -> str | None:
        return self.lifecycle.status(now)

    def wire(self, now: float) -> dict[str, Any]:
        """Members shared by the Describe and summary shapes (moto's serializer keeps the modelled ones)."""
        return {
            "name": self.name,
            "status": self.status(now),
            "creationDateTime": _datetime(self.lifecycle.created_at),
            "lastUpdatedDateTime": _datetime(self.lifecycle.last_updated(now)),
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
            **self.lifecycle.timestamps(now),
        }

    def to_state(self) -> dict[str, Any]:
        state = asdict(self)
        state["kind"] = self.KIND
        return state


@dataclass(kw_only=True)
class DatasetGroup(Resource):
    KIND: ClassVar[Kind] = "dataset-group"

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


def _complete_line(line: str) -> dict[str, Any] | None:
    """An event of the events file; None for a blank line or the torn last line of a crash."""
    try:
        event: dict[str, Any] = json.loads(line)
    except ValueError:
        return None
    return event


def _resource_from_state(state: dict[str, Any]) -> Resource:
    state = dict(state)
    kind = state.pop("kind")
    state["lifecycle"] = Lifecycle(**state["lifecycle"])
    cls: type[Resource] = DatasetGroup if kind == DatasetGroup.KIND else EventTracker
    return cls(**state)


R = TypeVar("R", bound=Resource)
T = TypeVar("T")
P = ParamSpec("P")


def paginate(items: list[R], max_results: int | None, next_token: str | None, scope: str) -> tuple[list[R], str | None]:
    """One page of ``items`` (already in list order) and the token of the next page.

    The token names the last item returned rather than an index, so deleting or creating
    resources between pages neither repeats nor skips the others. ``scope`` binds a token to
    the filter it was issued for: a token reused with another filter is invalid. (moto's own
    paginator is not used: it fails when the item a token points at has been deleted.)
    """
    start = 0
    if next_token is not None:
        try:
            decoded = json.loads(base64.urlsafe_b64decode(next_token.encode("ascii")))
            after = (float(decoded["after"][0]), str(decoded["after"][1]))
            valid = decoded["scope"] == scope
        except (ValueError, KeyError, TypeError, IndexError, binascii.Error, UnicodeEncodeError):
            valid = False
        if not valid:
            raise InvalidNextTokenException(f"The next token {next_token} is not valid for this listing.")
        start = sum(1 for item in items if _sort_key(item) <= after)
    limit = max_results or DEFAULT_MAX_RESULTS
    page = items[start : start + limit]
    if start + limit >= len(items):
        return page, None
    token = {"scope": scope, "after": list(_sort_key(page[-1]))}
    return page, base64.urlsafe_b64encode(json.dumps(token).encode()).decode("ascii")


def _sort_key(resource: Resource) -> tuple[float, str]:
    return (resource.lifecycle.created_at, resource.arn)


@dataclass
class Settings:
    """Process-wide knobs: phase durations and the armed 'fail the next N creations' counters."""

    create_seconds: float = 4.0
    delete_seconds: float = 2.0
    fail_next: dict[Kind, int] = field(default_factory=lambda: {"dataset-group": 0, "event-tracker": 0})


class Store:
    """Everything the backends share: the lock, settings, received events and persistence.

    moto keeps backends in a process-global BackendDict, so this is process-global too.
    Every method takes the (re-entrant) lock; responses hold it around a whole request.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.settings = Settings()
        self.state_file: Path | None = None
        self._events: list[dict[str, Any]] = []

    def configure(self, create_seconds: float, delete_seconds: float, state_file: Path | None) -> None:
        with self.lock:
            self.settings = Settings()
            self.set_timings(create_seconds, delete_seconds)
            self.state_file = state_file
            self._clear()
            if state_file is not None and state_file.exists():
                self._load(state_file)

    def set_timings(self, create_seconds: float, delete_seconds: float) -> None:
        if create_seconds < 0 or delete_seconds < 0:
            raise ValueError("phase durations must not be negative")
        with self.lock:
            self.settings.create_seconds = create_seconds
            self.settings.delete_seconds = delete_seconds

    def reset(self) -> None:
        """Forget every resource and event (and the state file's content); keep the timings."""
        with self.lock:
            self._clear()
            self.settings.fail_next = Settings().fail_next
            if self.state_file is not None:
                self._events_file(self.state_file).unlink(missing_ok=True)
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
            if self.settings.fail_next[kind] <= 0:
                return False
            self.settings.fail_next[kind] -= 1
            return True

    def record_events(self, events: list[dict[str, Any]]) -> None:
        with self.lock:
            self._events.extend(events)
            if self.state_file is not None:
                with self._events_file(self.state_file).open("a", encoding="utf-8") as out:
                    out.writelines(json.dumps(event) + "\n" for event in events)

    def events(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(event) for event in self._events]

    def resources(self) -> list[dict[str, Any]]:
        """Every dataset group and event tracker ever created (since the last reset), gone ones too."""
        now = time.time()
        with self.lock:
            everything = [resource for backend in self._backends() for resource in backend.every_resource()]
            return [resource.record(now) for resource in sorted(everything, key=_sort_key)]

    def persist(self) -> None:
        """Write all resources to the state file atomically (temporary file, then rename)."""
        with self.lock:
            if self.state_file is None:
                return
            state = {
                "version": STATE_FILE_VERSION,
                "resources": [r.to_state() for b in self._backends() for r in b.every_resource()],
            }
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.state_file.parent, prefix=self.state_file.name)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(state, out)
            os.replace(temporary, self.state_file)

    def _clear(self) -> None:
        personalize_backends.clear()
        self._events = []

    def _load(self, state_file: Path) -> None:
        state = json.loads(state_file.read_text(encoding="utf-8"))
        if state.get("version") != STATE_FILE_VERSION:
            raise ValueError(f"{state_file}: unsupported state file version {state.get('version')!r}")
        for resource_state in state["resources"]:
            resource = _resource_from_state(resource_state)
            backend_for(resource.account_id, resource.region).restore(resource)
        events_file = self._events_file(state_file)
        if events_file.exists():
            with events_file.open(encoding="utf-8") as lines:
                self._events = [event for line in lines if (event := _complete_line(line)) is not None]

    @staticmethod
    def _events_file(state_file: Path) -> Path:
        return state_file.with_name(state_file.name + ".events.jsonl")

    @staticmethod
    def _backends() -> Iterator[EmulatorBackend]:
        for _, _, backend in personalize_backends.iter_backends():
            assert isinstance(backend, EmulatorBackend)
            yield backend


STORE = Store()


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
        self.dataset_groups: dict[str, DatasetGroup] = {}
        self.event_trackers: dict[str, EventTracker] = {}
        # Resources that have disappeared, kept for the ground truth in STORE.resources().
        self.gone: list[Resource] = []

    @property
    def _url_module(self) -> ModuleType:
        """moto looks for a backend's routes in the ``urls`` module beside its models; ours are in responses."""
        return importlib.import_module(f"{__package__}.responses")

    # -- dataset groups -------------------------------------------------------------------------

    @_mutation
    def create_dataset_group(
        self,
        name: str,
        role_arn: str | None,
        kms_key_arn: str | None,
        domain: str | None,
        tags: list[dict[str, str]],
    ) -> DatasetGroup:
        arn = self._arn(f"dataset-group/{name}")
        self._sweep()
        if arn in self.dataset_groups:
            raise ResourceAlreadyExistsException(f"Dataset group with ARN {arn} already exists.")
        merged_tags = _merge_tags({}, tags)
        lifecycle = self._new_lifecycle("dataset-group")
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
        self.dataset_groups[arn] = group
        return group

    def describe_dataset_group(self, arn: str) -> DatasetGroup:
        self._sweep()
        if arn not in self.dataset_groups:
            raise ResourceNotFoundException(arn)
        return self.dataset_groups[arn]

    @_mutation
    def delete_dataset_group(self, arn: str) -> None:
        group = self.describe_dataset_group(arn)
        trackers = [t.arn for t in self.event_trackers.values() if t.dataset_group_arn == arn]
        if trackers:
            raise ResourceInUseException(
                f"Dataset group {arn} still has event tracker {trackers[0]}; delete it first."
            )
        self._start_deletion(group)

    def list_dataset_groups(self) -> list[DatasetGroup]:
        self._sweep()
        return sorted(self.dataset_groups.values(), key=_sort_key)

    # -- event trackers -------------------------------------------------------------------------

    @_mutation
    def create_event_tracker(self, name: str, dataset_group_arn: str, tags: list[dict[str, str]]) -> EventTracker:
        group = self.describe_dataset_group(dataset_group_arn)
        existing = [t.arn for t in self.event_trackers.values() if t.dataset_group_arn == dataset_group_arn]
        if existing:
            raise ResourceAlreadyExistsException(
                f"Dataset group {dataset_group_arn} already has event tracker {existing[0]}."
            )
        status = group.status(time.time())
        if status != ACTIVE:
            raise ResourceInUseException(
                f"Dataset group {dataset_group_arn} is in status {status}; it must be ACTIVE."
            )
        merged_tags = _merge_tags({}, tags)
        arn = self._new_tracker_arn()
        tracker = EventTracker(
            arn=arn,
            name=name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=self._new_lifecycle("event-tracker"),
            tags=merged_tags,
            dataset_group_arn=dataset_group_arn,
            tracking_id=str(uuid.uuid4()),
        )
        self.event_trackers[arn] = tracker
        return tracker

    def describe_event_tracker(self, arn: str) -> EventTracker:
        self._sweep()
        if arn not in self.event_trackers:
            raise ResourceNotFoundException(arn)
        return self.event_trackers[arn]

    @_mutation
    def delete_event_tracker(self, arn: str) -> None:
        self._start_deletion(self.describe_event_tracker(arn))

    def list_event_trackers(self, dataset_group_arn: str | None) -> list[EventTracker]:
        self._sweep()
        trackers = [
            t for t in self.event_trackers.values() if dataset_group_arn in (None, t.dataset_group_arn)
        ]
        return sorted(trackers, key=_sort_key)

    # -- tags -----------------------------------------------------------------------------------

    @_mutation
    def tag_resource(self, arn: str, tags: list[dict[str, str]]) -> None:
        resource = self._tagged(arn)
        resource.tags = _merge_tags(resource.tags, tags)

    @_mutation
    def untag_resource(self, arn: str, tag_keys: list[str]) -> None:
        resource = self._tagged(arn)
        if len(tag_keys) > MAX_TAG_KEYS_PER_UNTAG:
            raise TooManyTagKeysException(
                f"At most {MAX_TAG_KEYS_PER_UNTAG} tag keys can be removed in one request; got {len(tag_keys)}."
            )
        _refuse_reserved_keys(tag_keys)
        for key in tag_keys:
            resource.tags.pop(key, None)

    def list_tags_for_resource(self, arn: str) -> dict[str, str]:
        return dict(self._tagged(arn).tags)

    # -- data plane -----------------------------------------------------------------------------

    def put_events(self, tracking_id: str, user_id: str | None, session_id: str, events: list[dict[str, Any]]) -> None:
        """Record events sent to an ACTIVE tracker of this account and region."""
        self._sweep()
        now = time.time()
        tracker = next((t for t in self.event_trackers.values() if t.tracking_id == tracking_id), None)
        if tracker is None:
            raise InvalidInputException(f"Tracking ID {tracking_id} does not exist.")
        status = tracker.status(now)
        if status != ACTIVE:
            raise InvalidInputException(
                f"Event tracker {tracker.arn} with tracking ID {tracking_id} is in status {status}; it must be ACTIVE."
            )
        STORE.record_events(
            [
                {
                    "receivedAt": now,
                    "account": self.account_id,
                    "region": self.region_name,
                    "eventTrackerArn": tracker.arn,
                    "trackingId": tracking_id,
                    "userId": user_id,
                    "sessionId": session_id,
                    "event": event,
                }
                for event in events
            ]
        )

    # -- shared ---------------------------------------------------------------------------------

    def every_resource(self) -> Iterable[Resource]:
        return [*self.dataset_groups.values(), *self.event_trackers.values(), *self.gone]

    def restore(self, resource: Resource) -> None:
        """Put back a resource read from the state file (a gone one may share its ARN with a live one)."""
        if resource.status(time.time()) is None:
            self.gone.append(resource)
        elif isinstance(resource, DatasetGroup):
            self.dataset_groups[resource.arn] = resource
        elif isinstance(resource, EventTracker):
            self.event_trackers[resource.arn] = resource

    def _tagged(self, arn: str) -> Resource:
        self._sweep()
        resource = self.dataset_groups.get(arn) or self.event_trackers.get(arn)
        if resource is None:
            raise ResourceNotFoundException(arn)
        return resource

    def _new_lifecycle(self, kind: Kind) -> Lifecycle:
        return Lifecycle(
            created_at=time.time(),
            create_seconds=STORE.settings.create_seconds,
            fails=STORE.take_failure(kind),
        )

    def _new_tracker_arn(self) -> str:
        """``event-tracker/`` and a generated 8-hex id, as on the real service (not the name)."""
        while (arn := self._arn(f"event-tracker/{secrets.token_hex(4)}")) in self.event_trackers:
            pass
        return arn

    def _arn(self, resource: str) -> str:
        partition = get_partition(self.region_name)
        return f"arn:{partition}:personalize:{self.region_name}:{self.account_id}:{resource}"

    @staticmethod
    def _start_deletion(resource: Resource) -> None:
        """Begin the DELETE phases; deleting a resource that is already being deleted changes nothing."""
        now = time.time()
        status = resource.status(now)
        if status in (CREATE_PENDING, CREATE_IN_PROGRESS):
            raise ResourceInUseException(f"{resource.arn} is in status {status} and cannot be deleted yet.")
        if resource.lifecycle.delete_requested_at is None:
            resource.lifecycle.delete_requested_at = now
            resource.lifecycle.delete_seconds = STORE.settings.delete_seconds

    def _sweep(self) -> None:
        """Move resources whose deletion has completed out of the live maps."""
        now = time.time()
        for live in (self.dataset_groups, self.event_trackers):
            for arn in [arn for arn, resource in live.items() if resource.status(now) is None]:
                self.gone.append(live.pop(arn))


def _refuse_reserved_keys(keys: Iterable[str]) -> None:
    reserved = [key for key in keys if key.lower().startswith("aws:")]
    if reserved:
        raise InvalidInputException(f"Tag keys starting with 'aws:' are reserved for AWS use: {reserved[0]}")


def _merge_tags(current: dict[str, str], tags: list[dict[str, str]]) -> dict[str, str]:
    """``current`` updated with ``tags`` in place order, after the tag rules of the developer guide."""
    keys = [tag["tagKey"] for tag in tags]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise InvalidInputException(f"Duplicate tag key in the request: {duplicates[0]}")
    _refuse_reserved_keys(keys)
    merged = {**current, **{tag["tagKey"]: tag["tagValue"] for tag in tags}}
    if len(merged) > MAX_TAGS_PER_RESOURCE:
        raise TooManyTagsException(
            f"A resource can have at most {MAX_TAGS_PER_RESOURCE} tags; this request would leave {len(merged)}."
        )
    return merged


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


personalize_backends = BackendDict(EmulatorBackend, "personalize")
# moto's server app looks the backend of signing name "personalize" up in this module attribute.
vars(moto.personalize)["personalize_backends"] = personalize_backends
