"""Provider methods called directly against the in-process emulator, and against malformed answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi_personalize.aws import api
from pulumi_personalize.aws.errors import PersonalizeError
from pulumi_personalize.emulator import Emulator
from pulumi_personalize.event_tracker import EventTrackerProvider

from testkit.aws import FAST_CREATE, FAST_DELETE
from tests.aws import REGION, active_group, trackers


def configured(endpoint: str) -> EventTrackerProvider:
    provider = EventTrackerProvider()
    config = {"aws:region": REGION, "aws:endpoints": json.dumps([{"personalize": endpoint}])}
    provider.configure(ConfigureRequest(Config(config, "proj")))
    return provider


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUNITTEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "unit-test")


def tracker_props(provider: EventTrackerProvider, group: str, name: str) -> dict[str, Any]:
    inputs: dict[str, Any] = provider.check(
        {},
        {"datasetGroupArn": group, "name": name, "tags": {"t": "1"}, "owner": "proj/dev/" + name},
    ).inputs
    return inputs


@pytest.mark.usefixtures("credentials")
def test_create_read_delete_round_trip(emulator: Emulator, personalize: Any) -> None:
    provider = configured(emulator.endpoint_url)
    group = active_group(personalize, "events")
    created = provider.create(tracker_props(provider, group, "clicks"))
    assert created.outs is not None
    assert created.outs["status"] == "ACTIVE" and created.outs["tags"] == {"t": "1"}
    read = provider.read(created.id, created.outs)
    assert read.id == created.id and read.outs == created.outs
    provider.delete(created.id, created.outs)
    assert trackers(personalize, group) == []
    gone = provider.read(created.id, created.outs)
    assert gone.id == "" and gone.outs == {}
    provider.delete(created.id, created.outs)  # already gone: success


@pytest.mark.usefixtures("credentials")
def test_delete_while_still_creating_waits_then_deletes(emulator: Emulator, personalize: Any) -> None:
    provider = configured(emulator.endpoint_url)
    group = active_group(personalize, "events")
    emulator.set_timings(create_seconds=3.0, delete_seconds=FAST_DELETE)  # still creating on a loaded machine
    try:
        arn = personalize.create_event_tracker(name="young", datasetGroupArn=group)["eventTrackerArn"]
    finally:
        emulator.set_timings(FAST_CREATE, FAST_DELETE)  # the tracker keeps its 3 s
    provider.delete(arn, {"name": "young", "region": REGION, "timeouts": {"create": 60, "delete": 60}})
    assert trackers(personalize, group) == []
    assert emulator.calls().get("DeleteEventTracker", 0) >= 2, "the first delete was refused (still creating)"


class FakeClient:
    """A personalize client whose DescribeEventTracker answers what a test wants."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def describe_event_tracker(self, **_: Any) -> Any:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        ({"eventTracker": {"status": "HALF BAKED"}}, "unknown status 'HALF BAKED'"),
        ({}, "no 'eventTracker' object"),
        (ValueError("Expecting value: line 1 column 1 (char 0)"), "Expecting value"),
    ],
)
def test_malformed_answers_are_clear_errors(monkeypatch: pytest.MonkeyPatch, answer: Any, detail: str) -> None:
    monkeypatch.setattr(api, "personalize_client", lambda _target, _timeout: FakeClient(answer))
    with pytest.raises(PersonalizeError) as raised:
        EventTrackerProvider().read(
            "arn:aws:personalize:us-east-1:123456789012:event-tracker/0a1b2c3d",
            {
                "name": "clicks",
                "region": REGION,
            },
        )
    assert detail in str(raised.value)
    assert str(raised.value).startswith("event tracker clicks: DescribeEventTracker returned an unexpected answer")


def test_a_missing_profile_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    provider = EventTrackerProvider()
    provider.configure(ConfigureRequest(Config({"aws:region": REGION, "aws:profile": "nosuch"}, "proj")))
    with pytest.raises(PersonalizeError, match=r"event tracker clicks: cannot set up the AWS client: .*nosuch"):
        provider.read("arn:aws:personalize:us-east-1:123456789012:event-tracker/0a1b2c3d", {"name": "clicks"})
