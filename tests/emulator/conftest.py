"""Fixtures of the emulator's contract tests.

The same tests run against the in-process emulator (the suite's ``emulator`` fixture, fast
timings) or, when ``PERSONALIZE_LIVE_REGION`` is set and boto3 finds credentials, against real
AWS. Tests that need emulator-only control (faults, call counts, ground truth, accounts chosen by
access key) ask ``target.require_emulator()``, which skips in live mode: the only skip allowed.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials, ReadOnlyCredentials
from botocore.exceptions import ClientError
from mypy_boto3_personalize import PersonalizeClient
from mypy_boto3_personalize_events import PersonalizeEventsClient
from mypy_boto3_personalize_events.type_defs import EventTypeDef
from pulumi_personalize.emulator import Emulator

from testkit.emulator_control import EmulatorControl

if TYPE_CHECKING:
    from tests.emulator.recommending_kit import Recs

LIVE_REGION = os.environ.get("PERSONALIZE_LIVE_REGION")
EMULATOR_REGION = "us-east-1"
FAKE_SECRET = "emulator-secret"
DEFAULT_ACCESS_KEY = "AKIAEXAMPLE"
PHASE_SECONDS = 0.1
# For tests that must act inside one phase (PENDING or IN_PROGRESS) even on a loaded machine.
WIDE_PHASE_SECONDS = 1.0
SENT_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _live_credentials() -> ReadOnlyCredentials | None:
    """Resolved once, at import: the suite's autouse fixture hides AWS_* variables from tests."""
    if not LIVE_REGION:
        return None
    credentials: Credentials | None = boto3.Session().get_credentials()
    return credentials.get_frozen_credentials() if credentials else None


LIVE_CREDENTIALS = _live_credentials()


@dataclass(frozen=True)
class Target:
    """Where the contract tests run: the emulator, or real AWS."""

    region: str
    endpoint_url: str | None
    emulator: Emulator | None
    credentials: ReadOnlyCredentials
    timeout: float
    poll: float

    @property
    def live(self) -> bool:
        return self.emulator is None

    @property
    def other_region(self) -> str:
        return "us-west-2" if self.region != "us-west-2" else "us-east-1"

    def require_emulator(self) -> Emulator:
        if self.emulator is None:
            pytest.skip("needs emulator-only control (faults, call counts, ground truth or chosen accounts)")
        return self.emulator

    def client_options(
        self,
        *,
        region: str | None = None,
        access_key: str | None = None,
        validate: bool = True,
        config: Config | None = None,
    ) -> dict[str, Any]:
        """boto3.client arguments; no retries unless ``config`` asks for them."""
        base = Config(parameter_validation=validate, retries={"mode": "standard", "total_max_attempts": 1})
        return {
            "region_name": region or self.region,
            "endpoint_url": self.endpoint_url,
            "aws_access_key_id": access_key or self.credentials.access_key,
            "aws_secret_access_key": self.credentials.secret_key,
            "aws_session_token": self.credentials.token,
            "config": base.merge(config) if config else base,
        }

    def personalize(self, **options: Any) -> PersonalizeClient:
        return boto3.client("personalize", **self.client_options(**options))

    def events(self, **options: Any) -> PersonalizeEventsClient:
        return boto3.client("personalize-events", **self.client_options(**options))

    def runtime(self, **options: Any) -> Any:
        """A personalize-runtime client (Any: the project installs no boto3 stubs for personalize-runtime)."""
        return boto3.client("personalize-runtime", **self.client_options(**options))

    def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + self.timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(self.poll)


@pytest.fixture
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    """Real AWS in live mode; otherwise the suite's (freshly reset) emulator, with 0.1 s phases."""
    if LIVE_REGION and LIVE_CREDENTIALS:
        yield Target(LIVE_REGION, None, None, LIVE_CREDENTIALS, timeout=1800, poll=5)
        return
    emulator: Emulator = request.getfixturevalue("emulator")
    timings = (emulator.create_seconds, emulator.delete_seconds, emulator.train_seconds)
    emulator.set_timings(PHASE_SECONDS, PHASE_SECONDS, PHASE_SECONDS)
    credentials = ReadOnlyCredentials(DEFAULT_ACCESS_KEY, FAKE_SECRET, None)
    yield Target(EMULATOR_REGION, emulator.endpoint_url, emulator, credentials, timeout=10, poll=0.01)
    emulator.set_timings(*timings)


@pytest.fixture
def widen(target: Target) -> Callable[[], None]:
    """Call it to make the next phases long enough to observe or act in reliably on a loaded machine
    (no-op in live mode; the target fixture restores the timings)."""

    def wider() -> None:
        if target.emulator is not None:
            target.emulator.set_timings(WIDE_PHASE_SECONDS, WIDE_PHASE_SECONDS, WIDE_PHASE_SECONDS)

    return wider


@pytest.fixture
def emu(target: Target) -> Emulator:
    """The emulator, for tests of emulator-only control (skipped in live mode)."""
    return target.require_emulator()


def error_of(call: Callable[[], object]) -> ClientError:
    """The ClientError a call raises (failing the test if it succeeds)."""
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value


def code_of(call: Callable[[], object]) -> str:
    code: str = error_of(call).response["Error"]["Code"]
    return code


def raw_call(client: Any, method: str, **params: Any) -> tuple[dict[str, Any], bytes]:
    """A client call with the response body as received on the wire."""
    captured: dict[str, bytes] = {}

    def grab(http_response: Any, **_: Any) -> None:
        captured["body"] = http_response.content

    client.meta.events.register("after-call", grab, unique_id="raw-call")
    try:
        parsed: dict[str, Any] = getattr(client, method)(**params)
    finally:
        client.meta.events.unregister("after-call", unique_id="raw-call")
    return parsed, captured["body"]


def signed_post(target: Target, client: Any, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """A hand-made request, signed like the SDK signs it, to the client's endpoint."""
    url = client.meta.endpoint_url.rstrip("/") + path
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    SigV4Auth(target.credentials, "personalize", client.meta.region_name).add_auth(request)
    prepared = urllib.request.Request(url, data=body, headers=dict(request.headers.items()), method="POST")
    try:
        with urllib.request.urlopen(prepared, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def control(emulator: Emulator, method: str, route: str, body: bytes | None = None) -> tuple[int, Any]:
    """A call to the emulator's control API over HTTP; (status, JSON answer), refusals included."""
    return EmulatorControl(emulator.endpoint_url).send(method, route, body)


def one_event() -> list[EventTypeDef]:
    return [{"eventType": "e", "sentAt": SENT_AT, "itemId": "i"}]


# The fields of the developer guide's minimal Interactions schema (EVENT_TYPE: needed in a domain).
INTERACTIONS_FIELDS: tuple[tuple[str, str | list[str]], ...] = (
    ("USER_ID", "string"),
    ("ITEM_ID", "string"),
    ("EVENT_TYPE", "string"),
    ("TIMESTAMP", "long"),
)

# A Users schema with one metadata field, and the same widened as a replacement schema may widen it.
USERS_FIELDS: tuple[tuple[str, str | list[str]], ...] = (("USER_ID", "string"), ("AGE", "int"))
WIDER_USERS = (*USERS_FIELDS, ("TIER", ["null", "string"]))


def record_name(names: set[str]) -> str:
    """The record name of a schema with these fields: the dataset type it is for, whose name the record's
    must match (developer guide, "Schema formatting requirements")."""
    if "ACTION_ID" in names:
        return "ActionInteractions" if "USER_ID" in names else "Actions"
    if {"USER_ID", "ITEM_ID"} <= names:
        return "Interactions"
    return "Users" if "USER_ID" in names else "Items"


def avro(*fields: tuple[str, str | list[str]], name: str | None = None) -> str:
    """The text of an Avro record schema with these (name, type) fields, named after the dataset type its
    fields are for unless told otherwise."""
    return json.dumps(
        {
            "type": "record",
            "name": record_name({field for field, _ in fields}) if name is None else name,
            "namespace": "com.amazonaws.personalize.schema",
            "fields": [{"name": field, "type": kind} for field, kind in fields],
            "version": "1.0",
        }
    )


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass
class Api:
    """Dataset groups, trackers, schemas and datasets made by a test, waited on, and cleaned up in live
    mode."""

    target: Target
    client: PersonalizeClient
    groups: list[str] = field(default_factory=list)
    trackers: list[str] = field(default_factory=list)
    schemas: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)

    def create_group(self, name: str | None = None, **kwargs: Any) -> str:
        arn = self.client.create_dataset_group(name=name or unique("grp"), **kwargs)["datasetGroupArn"]
        self.groups.append(arn)
        return arn

    def group(self, name: str | None = None, **kwargs: Any) -> str:
        """An ACTIVE dataset group."""
        arn = self.create_group(name, **kwargs)
        self.wait_group(arn, "ACTIVE")
        return arn

    def create_tracker(self, group_arn: str, name: str | None = None, **kwargs: Any) -> tuple[str, str]:
        created = self.client.create_event_tracker(name=name or unique("trk"), datasetGroupArn=group_arn, **kwargs)
        self.trackers.append(created["eventTrackerArn"])
        return created["eventTrackerArn"], created["trackingId"]

    def tracker(self, group_arn: str | None = None, **kwargs: Any) -> tuple[str, str]:
        """An ACTIVE event tracker (on a new ACTIVE group unless one is given)."""
        arn, tracking_id = self.create_tracker(group_arn or self.group(), **kwargs)
        self.wait_tracker(arn, "ACTIVE")
        return arn, tracking_id

    def create_schema(self, schema: str, name: str | None = None, **kwargs: Any) -> str:
        arn = self.client.create_schema(name=name or unique("sch"), schema=schema, **kwargs)["schemaArn"]
        self.schemas.append(arn)
        return arn

    def create_dataset(self, group_arn: str, schema_arn: str, dataset_type: str, **kwargs: Any) -> str:
        name = kwargs.pop("name", None) or unique("ds")
        arn = self.client.create_dataset(
            name=name, datasetGroupArn=group_arn, schemaArn=schema_arn, datasetType=dataset_type, **kwargs
        )["datasetArn"]
        self.datasets.append(arn)
        return arn

    def dataset(self, group_arn: str, dataset_type: str, *fields: tuple[str, str | list[str]], **kwargs: Any) -> str:
        """An ACTIVE dataset of a type, on a new schema of these fields."""
        domain = {"domain": kwargs.pop("domain")} if "domain" in kwargs else {}
        arn = self.create_dataset(group_arn, self.create_schema(avro(*fields), **domain), dataset_type, **kwargs)
        self.wait_dataset(arn, "ACTIVE")
        return arn

    def interactions(self, group_arn: str, *extra: tuple[str, str | list[str]], domain: str | None = None) -> str:
        """An ACTIVE Interactions dataset in the group: what PutEvents needs."""
        options = {"domain": domain} if domain else {}
        return self.dataset(group_arn, "Interactions", *INTERACTIONS_FIELDS, *extra, **options)

    def events_tracker(self, **kwargs: Any) -> tuple[str, str]:
        """An ACTIVE tracker on a new ACTIVE group with an ACTIVE Interactions dataset: events land."""
        group = self.group()
        self.interactions(group)
        return self.tracker(group, **kwargs)

    def dataset_status(self, arn: str) -> str | None:
        try:
            return self.client.describe_dataset(datasetArn=arn)["dataset"]["status"]
        except self.client.exceptions.ResourceNotFoundException:
            return None

    def update_status(self, arn: str) -> str | None:
        """The status of the dataset's latest schema replacement (None before the first)."""
        update = self.client.describe_dataset(datasetArn=arn)["dataset"].get("latestDatasetUpdate")
        return update["status"] if update else None

    def wait_dataset(self, arn: str, status: str | None) -> None:
        self.target.wait_until(lambda: self.dataset_status(arn) == status, f"{arn} to be {status}")

    def group_status(self, arn: str) -> str | None:
        """The status, or None once Describe says ResourceNotFoundException."""
        try:
            return self.client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]["status"]
        except self.client.exceptions.ResourceNotFoundException:
            return None

    def tracker_status(self, arn: str) -> str | None:
        try:
            return self.client.describe_event_tracker(eventTrackerArn=arn)["eventTracker"]["status"]
        except self.client.exceptions.ResourceNotFoundException:
            return None

    def wait_group(self, arn: str, status: str | None) -> None:
        self.target.wait_until(lambda: self.group_status(arn) == status, f"{arn} to be {status}")

    def wait_tracker(self, arn: str, status: str | None) -> None:
        self.target.wait_until(lambda: self.tracker_status(arn) == status, f"{arn} to be {status}")

    def observe(self, status_of: Callable[[], str | None], until: str | None) -> list[str | None]:
        """The distinct statuses seen, in order, polling until ``until`` (None: gone)."""
        seen: list[str | None] = []

        def reached() -> bool:
            status = status_of()
            if not seen or seen[-1] != status:
                seen.append(status)
            return status == until

        self.target.wait_until(reached, f"status {until}")
        return seen

    def cleanup(self) -> None:
        for arn in reversed(self.trackers):
            self._delete(arn, self.tracker_status, lambda a: self.client.delete_event_tracker(eventTrackerArn=a))
        for arn in reversed(self.datasets):
            self._delete(arn, self.dataset_status, lambda a: self.client.delete_dataset(datasetArn=a))
        for arn in reversed(self.schemas):
            with contextlib.suppress(self.client.exceptions.ResourceNotFoundException):
                self.client.delete_schema(schemaArn=arn)
        for arn in reversed(self.groups):
            self._delete(arn, self.group_status, lambda a: self.client.delete_dataset_group(datasetGroupArn=a))

    def _delete(self, arn: str, status_of: Callable[[str], str | None], delete: Callable[[str], object]) -> None:
        """Delete once the resource may be deleted (ACTIVE or CREATE FAILED), unless a test began it."""
        self.target.wait_until(lambda: status_of(arn) not in ("CREATE PENDING", "CREATE IN_PROGRESS"), arn)
        if status_of(arn) in ("ACTIVE", "CREATE FAILED"):
            with contextlib.suppress(self.client.exceptions.ResourceNotFoundException):
                delete(arn)
        self.target.wait_until(lambda: status_of(arn) is None, f"{arn} to be gone")


@pytest.fixture
def api(target: Target) -> Iterator[Api]:
    made = Api(target, target.personalize())
    yield made
    if target.live:  # the emulator is reset before each test instead
        made.cleanup()


@pytest.fixture
def recs(api: Api) -> Iterator[Recs]:
    """Solutions, versions, campaigns and filters (recommending_kit), cleaned up before ``api``'s resources."""
    from tests.emulator.recommending_kit import Recs

    made = Recs(api)
    yield made
    if api.target.live:
        made.cleanup()
