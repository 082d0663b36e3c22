"""``python -m pulumi_personalize.emulator`` as a separate process, spoken to over HTTP only."""

from __future__ import annotations

import json
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from mypy_boto3_personalize import PersonalizeClient
from mypy_boto3_personalize_events import PersonalizeEventsClient
from pulumi_personalize.emulator.__main__ import main

from testkit.emulator_control import EmulatorControl
from tests.emulator.conftest import INTERACTIONS_FIELDS, avro, code_of, one_event
from tests.emulator.recommending_kit import USER_PERSONALIZATION, history

MODULE = [sys.executable, "-m", "pulumi_personalize.emulator"]
CONSOLE_SCRIPT = Path(sys.executable).with_name("personalize-emulator")


@contextmanager
def running(*args: str, command: list[str] = MODULE, stop: signal.Signals = signal.SIGTERM) -> Iterator[str]:
    """Start the emulator, yield its URL from the first stdout line, stop it and check it exits 0."""
    process = subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, "no 'listening on' line within 30 s"
        line = process.stdout.readline()
        match = re.fullmatch(r"listening on (http://127\.0\.0\.1:(\d+))\n", line)
        assert match is not None, line + process.stderr.read() if process.stderr else line
        assert int(match[2]) > 0
        yield match[1]
    finally:
        process.send_signal(stop)
        returncode = process.wait(timeout=30)
    assert returncode == 0, process.stderr.read() if process.stderr else returncode


def options(url: str) -> dict[str, Any]:
    return {
        "endpoint_url": url,
        "region_name": "eu-west-1",
        "aws_access_key_id": "AKIAEXAMPLE",
        "aws_secret_access_key": "secret",
        "config": Config(retries={"mode": "standard", "total_max_attempts": 1}),
    }


def personalize(url: str) -> PersonalizeClient:
    return boto3.client("personalize", **options(url))


def events(url: str) -> PersonalizeEventsClient:
    return boto3.client("personalize-events", **options(url))


def control(url: str, route: str) -> Any:
    return EmulatorControl(url).request("GET", route)


def interactions(api: PersonalizeClient, group: str) -> str:
    """An Interactions dataset (on a new schema) in the group: what PutEvents needs."""
    schema = api.create_schema(name=f"s-{group.rsplit('/', 1)[1]}", schema=avro(*INTERACTIONS_FIELDS))["schemaArn"]
    created = api.create_dataset(name="d", schemaArn=schema, datasetGroupArn=group, datasetType="Interactions")
    return created["datasetArn"]


def test_zero_seconds_means_active_at_once_and_gone_at_once_over_http() -> None:
    with running("--create-seconds", "0", "--delete-seconds", "0") as url:
        api = personalize(url)
        group = api.create_dataset_group(name="g")["datasetGroupArn"]
        assert api.describe_dataset_group(datasetGroupArn=group)["datasetGroup"]["status"] == "ACTIVE"
        dataset = interactions(api, group)
        created = api.create_event_tracker(name="t", datasetGroupArn=group)
        tracker = created["eventTrackerArn"]
        assert api.describe_event_tracker(eventTrackerArn=tracker)["eventTracker"]["status"] == "ACTIVE"
        events(url).put_events(trackingId=created["trackingId"], sessionId="s", eventList=one_event())
        api.delete_event_tracker(eventTrackerArn=tracker)
        assert code_of(lambda: api.describe_event_tracker(eventTrackerArn=tracker)) == "ResourceNotFoundException"
        api.delete_dataset(datasetArn=dataset)
        api.delete_dataset_group(datasetGroupArn=group)
        assert code_of(lambda: api.describe_dataset_group(datasetGroupArn=group)) == "ResourceNotFoundException"
        assert control(url, "calls")["PutEvents"] == 1
        assert control(url, "health") == {
            "status": "ok",
            "createSeconds": 0.0,
            "deleteSeconds": 0.0,
            "trainSeconds": 6.0,
        }


def test_console_script_chosen_port_and_interrupt() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = ("--host", "127.0.0.1", "--port", str(port))
    with running(*args, command=[str(CONSOLE_SCRIPT)], stop=signal.SIGINT) as url:
        assert url == f"http://127.0.0.1:{port}"
        personalize(url).list_dataset_groups()


def identity(record: dict[str, Any]) -> tuple[Any, ...]:
    return (record["arn"], record["createdAt"], record["trackingId"], record["tags"], record["deletedAt"])


def test_resources_and_events_survive_a_restart_with_a_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state" / "emulator.json"
    args = ("--state-file", str(state), "--create-seconds", "0.2", "--delete-seconds", "0.2")
    with running(*args) as url:
        api = personalize(url)
        group = api.create_dataset_group(name="kept", tags=[{"tagKey": "k", "tagValue": "v"}])["datasetGroupArn"]
        again = api.create_dataset_group(name="again")["datasetGroupArn"]
        time.sleep(0.25)
        interactions(api, group)
        created = api.create_event_tracker(name="t", datasetGroupArn=group)
        api.delete_dataset_group(datasetGroupArn=again)
        time.sleep(0.25)
        api.create_dataset_group(name="again")  # the same ARN as the gone one
        events(url).put_events(trackingId=created["trackingId"], sessionId="s", eventList=one_event())
        before = control(url, "resources")
    assert json.loads(state.read_text())["resources"], "written as it went"
    with running(*args) as url:
        api = personalize(url)
        tracker = api.describe_event_tracker(eventTrackerArn=created["eventTrackerArn"])["eventTracker"]
        assert (tracker["trackingId"], tracker["status"]) == (created["trackingId"], "ACTIVE")
        assert api.list_tags_for_resource(resourceArn=group)["tags"] == [{"tagKey": "k", "tagValue": "v"}]
        assert api.describe_dataset_group(datasetGroupArn=again)["datasetGroup"]["status"] != "DELETE PENDING"
        after = control(url, "resources")
        assert [r["status"] for r in after if r["arn"] == again] == ["DELETED", "ACTIVE"]
        assert [identity(r) for r in after] == [identity(r) for r in before]
        assert [e["trackingId"] for e in control(url, "events")] == [created["trackingId"]]
        api.create_dataset_group(name="after-restart")


def test_a_resource_keeps_its_own_timeline_across_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "emulator.json"
    with running("--state-file", str(state), "--create-seconds", "0.5") as url:
        group = personalize(url).create_dataset_group(name="slow")["datasetGroupArn"]
        (before,) = control(url, "resources")
    with running("--state-file", str(state), "--create-seconds", "9") as url:
        assert personalize(url).describe_dataset_group(datasetGroupArn=group)["datasetGroup"]["status"] == "ACTIVE"
        (after,) = control(url, "resources")
    assert after["createdAt"] == before["createdAt"]
    assert after["activeAt"] - after["createdAt"] == pytest.approx(0.5)


def test_defaults_are_loopback_four_and_two_seconds_and_six_to_train() -> None:
    with running() as url:  # running() checks the loopback address
        assert control(url, "health") == {
            "status": "ok",
            "createSeconds": 4.0,
            "deleteSeconds": 2.0,
            "trainSeconds": 6.0,
        }
        group = personalize(url).create_dataset_group(name="g")["datasetGroupArn"]
        assert personalize(url).describe_dataset_group(datasetGroupArn=group)["datasetGroup"]["status"] == (
            "CREATE PENDING"
        )


def runtime(url: str) -> Any:
    return boto3.client("personalize-runtime", **options(url))


def trained_campaign(url: str) -> str:
    """A campaign of a User-Personalization version trained on the kit's history (emulator timings of 0 s)."""
    api = personalize(url)
    group = api.create_dataset_group(name="recs")["datasetGroupArn"]
    interactions(api, group)
    tracking_id = api.create_event_tracker(name="t", datasetGroupArn=group)["trackingId"]
    sent = history()
    for start in range(0, len(sent), 10):
        batch = sent[start : start + 10]
        events(url).put_events(
            trackingId=tracking_id,
            userId=batch[0].user_id,
            sessionId="s",
            eventList=[{"eventType": e.event_type, "sentAt": e.sent_at, "itemId": e.item_id} for e in batch],
        )
    solution = api.create_solution(name="s", datasetGroupArn=group, recipeArn=USER_PERSONALIZATION)["solutionArn"]
    version = api.create_solution_version(solutionArn=solution)["solutionVersionArn"]
    return api.create_campaign(name="c", solutionVersionArn=version)["campaignArn"]


def test_a_solution_version_trains_for_train_seconds() -> None:
    with running("--create-seconds", "0", "--train-seconds", "0.6") as url:
        assert control(url, "timings")["trainSeconds"] == 0.6
        api = personalize(url)
        group = api.create_dataset_group(name="g")["datasetGroupArn"]
        interactions(api, group)
        solution = api.create_solution(name="s", datasetGroupArn=group, recipeArn=USER_PERSONALIZATION)
        version = api.create_solution_version(solutionArn=solution["solutionArn"])["solutionVersionArn"]
        assert api.describe_solution_version(solutionVersionArn=version)["solutionVersion"]["status"] == (
            "CREATE PENDING"
        )
        time.sleep(0.7)
        (record,) = [r for r in control(url, "resources") if r["arn"] == version]
        assert record["status"] == "CREATE FAILED"  # no events: too few to train on
        assert record["failedAt"] - record["createdAt"] == pytest.approx(0.6)


def test_a_campaign_answers_the_same_after_a_restart(tmp_path: Path) -> None:
    """The state file keeps no model: a version's is trained again from its training data, the events file's."""
    args = ("--state-file", str(tmp_path / "state.json"), "--create-seconds", "0", "--train-seconds", "0")
    with running(*args) as url:
        campaign = trained_campaign(url)
        before = runtime(url).get_recommendations(campaignArn=campaign, userId="u0")["itemList"]
    with running(*args) as url:
        assert runtime(url).get_recommendations(campaignArn=campaign, userId="u0")["itemList"] == before


def test_faults_from_the_command_line() -> None:
    with running("--faults", "throttle=1;ops=ListDatasetGroups") as url:
        assert code_of(lambda: personalize(url).list_dataset_groups()) == "ThrottlingException"
        assert control(url, "faults")["rules"] == [{"ops": ["ListDatasetGroups"], "throttle": 1.0}]


def test_quotas_from_the_command_line() -> None:
    with running("--quota", "dataset-groups=6", "--quota", "schemas=9") as url:
        assert control(url, "quotas") == {
            "dataset-groups": 6,
            "schemas": 9,
            "solutions": 10,
            "campaigns": 5,
            "filters": 10,
        }
        for index in range(6):
            personalize(url).create_dataset_group(name=f"g{index}")
        assert code_of(lambda: personalize(url).create_dataset_group(name="g6")) == "LimitExceededException"


def test_no_quotas_from_the_command_line() -> None:
    """`--no-quotas` lifts every quota, as for a test that makes more than an account's default allows."""
    with running("--no-quotas") as url:
        assert all(value >= 10**9 for value in control(url, "quotas").values())
        for index in range(6):
            personalize(url).create_dataset_group(name=f"g{index}")


def test_no_quotas_and_a_quota_are_exclusive() -> None:
    assert "--no-quotas" in refused("--no-quotas", "--quota", "schemas=9")


@pytest.mark.parametrize(
    "args",
    [["--faults", "throttle=lots"], ["--create-seconds", "-1"], ["--delete-seconds", "-1"], ["--train-seconds", "-1"]],
)
def test_bad_options_are_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert args[0] in capsys.readouterr().err


def test_importing_the_provider_package_does_not_import_moto() -> None:
    probe = "import sys, pulumi_personalize; print(sorted(m for m in sys.modules if m.split('.')[0] == 'moto'))"
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert finished.stdout.strip() == "[]"


def refused(*args: str) -> str:
    """Run the emulator with these options; check it exits 2 at once, with argparse's one-line usage
    error (``personalize-emulator: error: ...``) and no traceback; return that line."""
    try:
        finished = subprocess.run([*MODULE, *args], capture_output=True, text=True, timeout=30, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args} were accepted: the emulator kept running")
    assert finished.returncode == 2, finished.stdout + finished.stderr
    assert finished.stdout == "", "nothing listens"
    assert "Traceback" not in finished.stderr, finished.stderr
    errors = [line for line in finished.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, finished.stderr
    assert errors[0].startswith("personalize-emulator: error: "), finished.stderr
    return errors[0]


@pytest.mark.parametrize(
    "args",
    [
        ["--port", "99999"],
        ["--port", "-1"],
        ["--create-seconds", "nan"],
        ["--create-seconds", "inf"],
        ["--delete-seconds", "nan"],
        ["--delete-seconds", "inf"],
        ["--train-seconds", "nan"],
        ["--faults", "latency=inf"],
        ["--faults", "spike=0.5@nan"],
        ["--quota", "dataset-groups=0"],
        ["--quota", "tenants=3"],
        ["--quota", "schemas"],
    ],
)
def test_nonsense_numbers_are_one_line_usage_errors(args: list[str]) -> None:
    assert args[0] in refused(*args)


STATE_GROUP_ARN = "arn:aws:personalize:eu-west-1:123456789012:dataset-group/g"
VALID_RESOURCE: dict[str, Any] = {
    "kind": "dataset-group",
    "arn": STATE_GROUP_ARN,
    "name": "g",
    "account_id": "123456789012",
    "region": "eu-west-1",
    "lifecycle": {"created_at": 1714564800.0, "create_seconds": 0.0, "fails": False},
    "tags": {},
}


def state_of(*resources: dict[str, Any]) -> bytes:
    return json.dumps({"version": 1, "resources": list(resources)}).encode()


@pytest.mark.parametrize(
    "content",
    [
        b"garbage",
        b"\xff\xfe\x00not text",
        b"",
        b"[]",
        b'{"version": 1}',
        b'{"version": 99, "resources": []}',
        state_of({"kind": "event-tracker"}),
        state_of(VALID_RESOURCE | {"kind": "solution"}),
        state_of(VALID_RESOURCE | {"kind": "schema"}),  # no schema text
        state_of(VALID_RESOURCE | {"name": 7}),
        state_of(VALID_RESOURCE | {"tags": {"k": 1}}),
        state_of(VALID_RESOURCE | {"lifecycle": {"created_at": "soon", "create_seconds": 0, "fails": False}}),
        state_of(VALID_RESOURCE | {"lifecycle": {"created_at": float("nan"), "create_seconds": 0, "fails": False}}),
    ],
)
def test_a_corrupt_state_file_is_a_one_line_usage_error(tmp_path: Path, content: bytes) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(content)
    line = refused("--state-file", str(state))
    assert f"--state-file {state} " in line and "delete it or pass another path" in line
    assert state.read_bytes() == content, "the file is left as it was"


def test_a_state_file_that_cannot_be_read_is_a_one_line_usage_error(tmp_path: Path) -> None:
    assert f"--state-file {tmp_path} " in refused("--state-file", str(tmp_path))


def test_schemas_and_datasets_with_their_updates_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    args = ("--state-file", str(state), "--create-seconds", "0", "--delete-seconds", "0")
    with running(*args) as url:
        api = personalize(url)
        group = api.create_dataset_group(name="g")["datasetGroupArn"]
        first = api.create_schema(name="users", schema=avro(("USER_ID", "string"), ("AGE", "int")))["schemaArn"]
        wider = avro(("USER_ID", "string"), ("AGE", "int"), ("TIER", ["null", "string"]))
        second = api.create_schema(name="users-2", schema=wider, domain="ECOMMERCE")["schemaArn"]
        api.delete_schema(schemaArn=second)
        second = api.create_schema(name="users-2", schema=wider)["schemaArn"]
        dataset = api.create_dataset(
            name="u",
            schemaArn=first,
            datasetGroupArn=group,
            datasetType="Users",
            tags=[{"tagKey": "k", "tagValue": "v"}],
        )["datasetArn"]
        api.update_dataset(datasetArn=dataset, schemaArn=second)
        before = api.describe_dataset(datasetArn=dataset)["dataset"]
    with running(*args) as url:
        api = personalize(url)
        assert api.describe_dataset(datasetArn=dataset)["dataset"] == before
        assert before["schemaArn"] == second and before["latestDatasetUpdate"]["status"] == "ACTIVE"
        assert api.list_tags_for_resource(resourceArn=dataset)["tags"] == [{"tagKey": "k", "tagValue": "v"}]
        assert api.describe_schema(schemaArn=first)["schema"]["schema"] == avro(("USER_ID", "string"), ("AGE", "int"))
        assert code_of(lambda: api.delete_schema(schemaArn=second)) == "ResourceInUseException"
        kinds = [(r["kind"], r["status"]) for r in control(url, "resources")]
        assert kinds == [
            ("dataset-group", "ACTIVE"),
            ("schema", "ACTIVE"),
            ("schema", "DELETED"),
            ("schema", "ACTIVE"),
            ("dataset", "ACTIVE"),
        ]


def test_a_hand_written_state_file_of_the_right_shape_is_loaded(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(state_of(VALID_RESOURCE))
    with running("--state-file", str(state)) as url:
        group = personalize(url).describe_dataset_group(datasetGroupArn=STATE_GROUP_ARN)["datasetGroup"]
        assert (group["name"], group["status"]) == ("g", "ACTIVE")


def test_a_torn_last_line_of_the_events_file_is_skipped_even_inside_a_character(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(state_of(VALID_RESOURCE))
    kept = {"trackingId": "t", "event": {"eventType": "é"}}
    events_file = tmp_path / "state.json.events.jsonl"
    events_file.write_bytes(json.dumps(kept, ensure_ascii=False).encode() + b'\n{"trackingId": "\xc3')
    with running("--state-file", str(state)) as url:
        assert control(url, "events") == [kept]
