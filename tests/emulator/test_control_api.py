"""The in-process API and the HTTP control API (emulator only): calls, events, ground truth, reset."""

from __future__ import annotations

import math
import threading
from collections import Counter

import pytest
from mypy_boto3_personalize import PersonalizeClient
from pulumi_personalize.emulator import Emulator

from tests.emulator.conftest import SENT_AT, Api, Target, code_of, control, one_event, unique


def test_health_tells_the_phase_durations(emu: Emulator) -> None:
    emu.set_timings(0.3, 0.1, 0.5)
    assert control(emu, "GET", "health") == (
        200,
        {"status": "ok", "createSeconds": 0.3, "deleteSeconds": 0.1, "trainSeconds": 0.5},
    )


def test_calls_are_counted_per_operation(target: Target, emu: Emulator, api: Api) -> None:
    tracker, tracking_id = api.events_tracker()
    target.events().put_events(trackingId=tracking_id, sessionId="s", eventList=one_event())
    calls = emu.calls()
    assert calls["CreateDatasetGroup"] == calls["CreateEventTracker"] == calls["PutEvents"] == 1
    assert calls["DescribeDatasetGroup"] >= 1 and calls["DescribeEventTracker"] >= 1
    assert control(emu, "GET", "calls") == (200, calls)
    assert tracker


def test_resources_are_the_ground_truth_with_transition_moments(target: Target, emu: Emulator, api: Api) -> None:
    group = api.group(tags=[{"tagKey": "k", "tagValue": "v"}])
    tracker, tracking_id = api.tracker(group)
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    api.wait_tracker(tracker, None)
    by_arn = {r["arn"]: r for r in emu.resources()}
    assert by_arn[group] | {"createdAt": None, "createInProgressAt": None, "activeAt": None} == {
        "kind": "dataset-group",
        "arn": group,
        "name": group.rsplit("/", 1)[1],
        "account": "123456789012",
        "region": target.region,
        "status": "ACTIVE",
        "datasetGroupArn": group,
        "trackingId": None,
        "tags": {"k": "v"},
        "failureReason": None,
        "createdAt": None,
        "createInProgressAt": None,
        "activeAt": None,
        "failedAt": None,
        "deleteRequestedAt": None,
        "deleteInProgressAt": None,
        "deletedAt": None,
    }
    gone = by_arn[tracker]
    assert (gone["kind"], gone["status"], gone["trackingId"], gone["datasetGroupArn"]) == (
        "event-tracker",
        "DELETED",
        tracking_id,
        group,
    )
    moments = [gone[key] for key in ("createdAt", "createInProgressAt", "activeAt", "deleteRequestedAt")]
    assert moments == sorted(moments)
    assert gone["deleteRequestedAt"] < gone["deleteInProgressAt"] < gone["deletedAt"]
    assert control(emu, "GET", "resources") == (200, emu.resources())


def test_resources_span_every_account_and_region(target: Target, emu: Emulator) -> None:
    made = set()
    for region, key in [("us-east-1", "111111111111"), ("eu-west-1", "111111111111"), ("us-east-1", "222222222222")]:
        made.add(target.personalize(region=region, access_key=key).create_dataset_group(name="g")["datasetGroupArn"])
    assert {(r["account"], r["region"]) for r in emu.resources()} == {
        ("111111111111", "us-east-1"),
        ("111111111111", "eu-west-1"),
        ("222222222222", "us-east-1"),
    }
    assert {r["arn"] for r in emu.resources()} == made


def test_regions_without_a_personalize_endpoint_are_served_too(target: Target, emu: Emulator) -> None:
    client = target.personalize(region="eu-south-2")
    assert ":eu-south-2:" in client.create_dataset_group(name="g")["datasetGroupArn"]


def test_events_are_served_over_http(target: Target, emu: Emulator, api: Api) -> None:
    _, tracking_id = api.events_tracker()
    target.events().put_events(trackingId=tracking_id, sessionId="s", eventList=one_event())
    status, events = control(emu, "GET", "events")
    assert status == 200
    assert events == emu.events()
    assert [(e["trackingId"], e["event"]) for e in events] == [
        (tracking_id, {"eventType": "e", "sentAt": SENT_AT.timestamp(), "itemId": "i"})
    ]


def test_reset_forgets_everything(target: Target, emu: Emulator, api: Api) -> None:
    api.create_group()
    emu.set_faults("fail-next-tracker=2;latency=0.01")
    assert control(emu, "POST", "reset") == (200, {})
    assert (emu.resources(), emu.events(), emu.calls()) == ([], [], {})
    assert emu.faults() == {"seed": None, "fail-next-tracker": 0, "fail-next-dataset-group": 0, "rules": []}
    assert api.client.list_dataset_groups()["datasetGroups"] == []


def test_unknown_control_routes(emu: Emulator) -> None:
    assert control(emu, "GET", "nothing")[0] == 404
    assert control(emu, "GET", "reset")[0] == 405


def test_concurrent_requests_keep_the_model_consistent(target: Target, emu: Emulator) -> None:
    emu.set_quotas(dataset_groups=41)
    clients: list[PersonalizeClient] = [target.personalize() for _ in range(8)]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    contested = unique("contested")

    def work(client: PersonalizeClient, index: int) -> None:
        for attempt in range(5):
            names = [contested, f"own-{index}-{attempt}"]
            for name in names:
                try:
                    client.create_dataset_group(name=name)
                    result = "created"
                except client.exceptions.ResourceAlreadyExistsException:
                    result = "exists"
                with lock:
                    outcomes[f"{name == contested}:{result}"] += 1

    threads = [threading.Thread(target=work, args=(client, i)) for i, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == {"True:created": 1, "True:exists": 39, "False:created": 40}
    assert len(emu.resources()) == 41
    assert emu.calls() == {"CreateDatasetGroup": 80}
    assert code_of(lambda: clients[0].create_dataset_group(name=contested)) == "ResourceAlreadyExistsException"


def test_timings_are_read_and_changed_through_the_control_api(emu: Emulator, api: Api) -> None:
    assert control(emu, "GET", "timings") == (200, {"createSeconds": 0.1, "deleteSeconds": 0.1, "trainSeconds": 0.1})
    assert control(emu, "POST", "timings", b'{"createSeconds": 0.3}') == (
        200,
        {"createSeconds": 0.3, "deleteSeconds": 0.1, "trainSeconds": 0.1},
    )
    assert (emu.create_seconds, emu.delete_seconds) == (0.3, 0.1)
    assert control(emu, "GET", "health")[1] == {
        "status": "ok",
        "createSeconds": 0.3,
        "deleteSeconds": 0.1,
        "trainSeconds": 0.1,
    }
    group = api.group()
    (record,) = [r for r in emu.resources() if r["arn"] == group]
    assert record["activeAt"] - record["createdAt"] == pytest.approx(0.3)
    assert control(emu, "POST", "timings", b'{"deleteSeconds": 0, "createSeconds": 2}') == (
        200,
        {"createSeconds": 2.0, "deleteSeconds": 0.0, "trainSeconds": 0.1},
    )
    assert control(emu, "POST", "timings", b'{"trainSeconds": 3}') == (
        200,
        {"createSeconds": 2.0, "deleteSeconds": 0.0, "trainSeconds": 3.0},
    )
    assert emu.train_seconds == 3.0
    assert control(emu, "POST", "timings", b"{}") == (
        200,
        {"createSeconds": 2.0, "deleteSeconds": 0.0, "trainSeconds": 3.0},
    )
    assert control(emu, "GET", "timings") == (200, {"createSeconds": 2.0, "deleteSeconds": 0.0, "trainSeconds": 3.0})


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"fast",
        b"[0, 0]",
        b'{"createSeconds": -1}',
        b'{"createSeconds": "1"}',
        b'{"createSeconds": true}',
        b'{"createSeconds": null}',
        b'{"createSeconds": NaN}',
        b'{"deleteSeconds": Infinity}',
        b'{"deleteSeconds": 1e999}',
        b'{"createSeconds": 1, "deleteSeconds": -1}',
        b'{"createSeconds": 1, "create_seconds": 1}',
        b'{"trainSeconds": -1}',
        b'{"trainSeconds": "6"}',
    ],
)
def test_nonsense_timings_are_refused_and_change_nothing(emu: Emulator, body: bytes) -> None:
    status, answer = control(emu, "POST", "timings", body)
    assert status == 400 and answer["error"]
    assert control(emu, "GET", "timings") == (200, {"createSeconds": 0.1, "deleteSeconds": 0.1, "trainSeconds": 0.1})


def test_timings_have_only_get_and_post(emu: Emulator) -> None:
    assert control(emu, "DELETE", "timings")[0] == 405


@pytest.mark.parametrize("seconds", [math.nan, math.inf, -1.0])
def test_the_in_process_api_refuses_nonsense_timings_too(emu: Emulator, seconds: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        emu.set_timings(seconds, 0)
    with pytest.raises(ValueError, match="finite"):
        emu.set_timings(0, seconds)
    with pytest.raises(ValueError, match="finite"):
        emu.set_timings(0, 0, seconds)
    assert (emu.create_seconds, emu.delete_seconds, emu.train_seconds) == (0.1, 0.1, 0.1)
