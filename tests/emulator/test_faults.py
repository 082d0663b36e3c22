"""Fault injection (emulator only): throttles, 5xx, dropped connections, latency, failed creations."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ConnectionClosedError
from pulumi_personalize.emulator import Emulator
from pulumi_personalize.emulator.faults import FaultInjector, FaultSpec, FaultSpecError, Rule, parse_spec

from tests.emulator.conftest import Api, Target, code_of, control, error_of, one_event

GROUP = "arn:aws:personalize:us-east-1:123456789012:dataset-group/none"


def retrying(target: Target, attempts: int) -> Any:
    return target.personalize(config=Config(retries={"mode": "standard", "total_max_attempts": attempts}))


def test_throttling_is_sent_as_aws_does_and_standard_retries_recognise_it(target: Target, emu: Emulator) -> None:
    emu.set_faults("throttle=1;ops=ListDatasetGroups")
    error = error_of(lambda: retrying(target, 3).list_dataset_groups())
    assert error.response["Error"]["Code"] == "ThrottlingException"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert emu.calls() == {"ListDatasetGroups": 3}


@pytest.mark.parametrize(
    ("kind", "status", "code"), [("error", 500, "InternalFailure"), ("unavailable", 503, "ServiceUnavailable")]
)
def test_server_errors_are_retried(target: Target, emu: Emulator, kind: str, status: int, code: str) -> None:
    emu.set_faults(f"{kind}=1")
    error = error_of(lambda: retrying(target, 2).describe_dataset_group(datasetGroupArn=GROUP))
    assert (error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]) == (code, status)
    assert emu.calls() == {"DescribeDatasetGroup": 2}


def test_a_dropped_connection_gets_no_response(target: Target, emu: Emulator) -> None:
    emu.set_faults("drop=1;ops=PutEvents")
    with pytest.raises(ConnectionClosedError):
        target.events().put_events(trackingId="t", sessionId="s", eventList=one_event())
    assert emu.calls() == {"PutEvents": 1}


def test_faults_apply_only_to_the_listed_operations(target: Target, emu: Emulator) -> None:
    emu.set_faults("throttle=1;ops=DescribeEventTracker,CreateEventTracker")
    client = target.personalize()
    client.list_dataset_groups()
    assert code_of(lambda: client.create_event_tracker(name="t", datasetGroupArn=GROUP)) == "ThrottlingException"


def test_latency_is_added_fixed_or_in_spikes(target: Target, emu: Emulator) -> None:
    client = target.personalize()

    def seconds() -> float:
        start = time.monotonic()
        client.list_dataset_groups()
        return time.monotonic() - start

    emu.set_faults("latency=0.3")
    assert seconds() >= 0.3
    emu.set_faults("spike=1@0.3")
    assert seconds() >= 0.3
    emu.set_faults("spike=0@5")
    assert seconds() < 1


def test_the_next_n_trackers_end_in_create_failed(emu: Emulator, api: Api, widen: Callable[[], None]) -> None:
    emu.set_faults("fail-next-tracker=1")
    group = api.group()
    widen()
    failed, _ = api.create_tracker(group)
    seen = api.observe(lambda: api.tracker_status(failed), "CREATE FAILED")
    assert seen == ["CREATE PENDING", "CREATE IN_PROGRESS", "CREATE FAILED"]
    assert emu.faults()["fail-next-tracker"] == 0
    api.client.delete_event_tracker(eventTrackerArn=failed)
    api.wait_tracker(failed, None)
    healthy, _ = api.tracker(group)
    (record,) = [r for r in emu.resources() if r["arn"] == failed]
    assert record["failedAt"] is not None and record["activeAt"] is None
    assert api.tracker_status(healthy) == "ACTIVE"


def test_the_next_n_dataset_groups_end_in_create_failed_with_a_reason(emu: Emulator, api: Api) -> None:
    emu.set_faults("fail-next-dataset-group=2")
    groups = [api.create_group() for _ in range(3)]
    for arn, status in zip(groups, ["CREATE FAILED", "CREATE FAILED", "ACTIVE"], strict=True):
        api.wait_group(arn, status)
    described = [api.client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"] for arn in groups]
    reasons = [group.get("failureReason") for group in described]
    assert reasons[0] and reasons[1] and reasons[2] is None


def test_a_seed_makes_runs_reproducible(target: Target, emu: Emulator) -> None:
    client = target.personalize()

    def run() -> list[bool]:
        emu.set_faults("seed=42;throttle=0.5")
        outcomes = []
        for _ in range(30):
            try:
                client.list_dataset_groups()
                outcomes.append(True)
            except client.exceptions.ClientError:
                outcomes.append(False)
        return outcomes

    first = run()
    assert 0 < sum(first) < 30
    assert run() == first


def test_rates_are_honoured() -> None:
    injector = FaultInjector(parse_spec("seed=1;throttle=0.2;error=0.1;unavailable=0.1;drop=0.05"))
    outcomes: Counter[str] = Counter(injector.decide("DescribeEventTracker").outcome for _ in range(20_000))
    for outcome, rate in {"throttle": 0.2, "error": 0.1, "unavailable": 0.1, "drop": 0.05, "pass": 0.55}.items():
        assert outcomes[outcome] / 20_000 == pytest.approx(rate, abs=0.015)


def test_rules_combine_latency_and_first_failure() -> None:
    injector = FaultInjector(parse_spec("latency=0.1 | latency=0.2;throttle=1;ops=PutEvents | error=1"))
    assert injector.decide("PutEvents") == injector.decide("PutEvents")
    decision = injector.decide("PutEvents")
    assert decision.outcome == "throttle"
    assert decision.delay == pytest.approx(0.3)
    assert injector.decide("ListDatasetGroups").outcome == "error"


def test_the_string_and_json_forms_are_equivalent() -> None:
    text = (
        "throttle=0.2;error=0.05;unavailable=0.01;drop=0.01;latency=0.1;spike=0.05@2.0;"
        "ops=DescribeEventTracker,CreateEventTracker | fail-next-tracker=1;fail-next-dataset-group=2;seed=7"
    )
    spec = parse_spec(text)
    assert spec == FaultSpec(
        rules=(
            Rule(
                ops=frozenset({"DescribeEventTracker", "CreateEventTracker"}),
                throttle=0.2,
                error=0.05,
                unavailable=0.01,
                drop=0.01,
                latency=0.1,
                spike_probability=0.05,
                spike_seconds=2.0,
            ),
        ),
        seed=7,
        fail_next_tracker=1,
        fail_next_dataset_group=2,
    )
    assert FaultSpec.from_json(spec.to_json()) == spec
    assert parse_spec(str(spec.to_json()).replace("'", '"').replace("None", "null")) == spec
    assert parse_spec("") == FaultSpec()


@pytest.mark.parametrize(
    "text",
    [
        "throttle=2",
        "throttle=0.6;error=0.6",
        "slow=1",
        "throttle",
        "ops=MakeCoffee;throttle=1",
        "spike=0.5",
        "latency=-1",
        "seed=1|seed=2",
        "fail-next-tracker=-1",
        '{"rules": [{"throttle": "high"}]}',
        "{not json",
    ],
)
def test_invalid_specs_are_refused(text: str) -> None:
    with pytest.raises(FaultSpecError):
        parse_spec(text)


def test_faults_are_set_and_read_through_the_control_api(target: Target, emu: Emulator) -> None:
    status, spec = control(emu, "POST", "faults", b"throttle=1;ops=ListDatasetGroups;fail-next-tracker=3")
    assert status == 200
    assert spec["rules"] == [{"ops": ["ListDatasetGroups"], "throttle": 1.0}]
    assert control(emu, "GET", "faults") == (200, spec)
    assert code_of(lambda: target.personalize().list_dataset_groups()) == "ThrottlingException"
    status, spec = control(emu, "POST", "faults", b'{"rules": [], "fail-next-dataset-group": 1}')
    assert (status, spec["rules"], spec["fail-next-dataset-group"]) == (200, [], 1)
    target.personalize().list_dataset_groups()
    status, answer = control(emu, "POST", "faults", b"throttle=7")
    assert status == 400 and "probability" in answer["error"]


def test_faulted_and_invalid_requests_are_counted(target: Target, emu: Emulator) -> None:
    emu.set_faults("throttle=1;ops=DescribeEventTracker")
    client, raw = target.personalize(), target.personalize(validate=False)
    code_of(lambda: client.describe_event_tracker(eventTrackerArn=GROUP))
    code_of(lambda: raw.create_dataset_group(name="bad name"))
    client.list_dataset_groups()
    assert emu.calls() == {"DescribeEventTracker": 1, "CreateDatasetGroup": 1, "ListDatasetGroups": 1}


@pytest.mark.parametrize(
    "text",
    [
        "latency=nan",
        "latency=inf",
        "spike=0.5@inf",
        "spike=nan@1",
        "throttle=nan",
        '{"rules": [{"latency": NaN}]}',
        '{"rules": [{"latency": 1e999}]}',
        '{"rules": [{"latency": 1' + "0" * 400 + "}]}",
    ],
)
def test_numbers_that_are_not_finite_are_refused(text: str) -> None:
    with pytest.raises(FaultSpecError, match="finite"):
        parse_spec(text)


def test_a_latency_that_is_not_finite_is_refused_by_the_control_api(emu: Emulator) -> None:
    status, answer = control(emu, "POST", "faults", b'{"rules": [{"latency": Infinity}]}')
    assert status == 400 and "finite" in answer["error"]
    assert control(emu, "GET", "faults")[1]["rules"] == []
