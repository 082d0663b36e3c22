"""The examples, each exercised as a user would run it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pulumi_personalize.emulator import Emulator

from testkit.aws import INTERACTIONS, active_dataset
from testkit.emulator_control import EmulatorControl
from tests.aws import REGION, active_group, active_tracker
from tests.e2e.test_event_tracker import TRACKER_PROGRAM
from tests.harness import ROOT, Stack, base_environment, copy_project


def test_consumer_stack_reads_the_tracking_id_through_a_stack_reference(
    aws_stack: Callable[..., Stack], personalize: Any, tmp_path: Path
) -> None:
    producer = aws_stack(TRACKER_PROGRAM, project="pp-producer", stack="prod")
    producer.set_config("groupArn", active_group(personalize, "events"))
    producer.up()
    tracking_id = producer.outputs()["trackingId"]

    workdir = copy_project(ROOT / "examples" / "consumer", tmp_path / "consumer")
    pulumi_yaml = workdir / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("../../.venv", str(ROOT / ".venv")))
    consumer = Stack(workdir, dict(producer.env), "app")  # same backend as the producer
    consumer.pulumi("stack", "init", "app")
    consumer.set_config("producer", "organization/pp-producer/prod")
    consumer.up()
    outputs = consumer.outputs()
    assert outputs["appEnvironment"] == {"PERSONALIZE_TRACKING_ID": tracking_id}
    assert json.loads(outputs["appConfig"]) == {"personalize": {"trackingId": tracking_id}}


def group_with_interactions(personalize: Any) -> tuple[str, str]:
    """(group ARN, dataset ARN): a dataset group with an ACTIVE Interactions dataset, what PutEvents needs."""
    group = active_group(personalize, "events")
    return group, active_dataset(personalize, group, "Interactions", INTERACTIONS, "events-interactions")


def run_app(env: dict[str, str], *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / "app" / "send_events.py"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_app_sends_events_with_the_tracking_id_from_the_stack_output(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group, dataset = group_with_interactions(personalize)
    stack = aws_stack(TRACKER_PROGRAM)
    stack.set_config("groupArn", group)
    stack.up()
    env = dict(stack.env) | {"AWS_ENDPOINT_URL_PERSONALIZE_EVENTS": emulator.endpoint_url, "AWS_REGION": REGION}
    sent = run_app(env, "--user", "alice", "--item", "book-1", "--item", "book-2", "--stack-dir", str(stack.workdir))
    assert sent.returncode == 0, sent.stderr
    assert "sent 2 event(s)" in sent.stdout
    tracking_id = stack.outputs()["trackingId"]
    received = emulator.events()  # one entry per event
    assert [(e["datasetArn"], e["trackingId"], e["userId"], e["event"]["itemId"]) for e in received] == [
        (dataset, tracking_id, "alice", "book-1"),
        (dataset, tracking_id, "alice", "book-2"),
    ]


def test_app_takes_the_tracking_id_from_the_environment_and_refuses_an_unknown_one(
    personalize: Any, emulator: Emulator, tmp_path: Path
) -> None:
    env = base_environment(tmp_path / "home", tmp_path / "state") | {
        "AWS_ENDPOINT_URL_PERSONALIZE_EVENTS": emulator.endpoint_url,
        "AWS_REGION": REGION,
        "PERSONALIZE_TRACKING_ID": "00000000-0000-4000-8000-000000000000",
    }
    refused = run_app(env, "--item", "x")
    assert_one_error_line(refused, "00000000-0000-4000-8000-000000000000", "does not exist", "--tracking-id")
    assert emulator.events() == []


def assert_one_error_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """What an example owes its users on a mistake: a non-zero exit and one clear line, no traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def app_environment(tmp_path: Path, emulator: Emulator) -> dict[str, str]:
    return base_environment(tmp_path / "home", tmp_path / "state") | {
        "AWS_ENDPOINT_URL_PERSONALIZE_EVENTS": emulator.endpoint_url,
        "AWS_REGION": REGION,
        "PERSONALIZE_TRACKING_ID": "00000000-0000-4000-8000-000000000000",
    }


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--item", ""), ("--item", "1 to 256 characters", "not 0")),
        (("--item", "ok", "--item", "i" * 300), ("--item", "1 to 256 characters", "not 300")),
        (("--user", ""), ("--user", "1 to 256 characters", "not 0")),
        (("--session", "s" * 257), ("--session", "1 to 256 characters", "not 257")),
        (("--event", "{itemId: 1}"), ("--event is not JSON", "{itemId: 1}")),
        (("--event", '["book-1"]'), ("--event must be a JSON object", '["book-1"]')),
    ],
    ids=["empty item", "300-character item", "empty user", "257-character session", "event not JSON", "event list"],
)
def test_app_refuses_what_put_events_would_refuse_before_calling_it(
    emulator: Emulator, tmp_path: Path, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    refused = run_app(app_environment(tmp_path, emulator), *args)
    assert_one_error_line(refused, *fragments)
    assert emulator.calls().get("PutEvents", 0) == 0, "checked before any AWS call"


def test_app_says_the_region_may_be_wrong_when_the_tracking_id_is_unknown_there(
    personalize: Any, emulator: Emulator, tmp_path: Path
) -> None:
    arn = active_tracker(personalize, group_with_interactions(personalize)[0], "clicks")
    tracking_id = personalize.describe_event_tracker(eventTrackerArn=arn)["eventTracker"]["trackingId"]
    env = app_environment(tmp_path, emulator) | {"PERSONALIZE_TRACKING_ID": tracking_id}
    refused = run_app(env, "--region", "eu-west-1")
    assert_one_error_line(refused, tracking_id, "eu-west-1", "--region")
    assert run_app(env, "--region", REGION).returncode == 0, "the right region works"


def test_app_explains_a_region_that_is_no_region_name(emulator: Emulator, tmp_path: Path) -> None:
    assert_one_error_line(
        run_app(app_environment(tmp_path, emulator), "--region", "us east 1"), "'us east 1'", "--region"
    )


def test_app_explains_an_endpoint_it_cannot_reach(emulator: Emulator, tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    env = app_environment(tmp_path, emulator) | {"AWS_ENDPOINT_URL_PERSONALIZE_EVENTS": f"http://127.0.0.1:{port}"}
    assert_one_error_line(run_app(env), f"http://127.0.0.1:{port}", "--region", "AWS_ENDPOINT_URL")


def test_root_stack_readme_path_up_twice_then_down(tmp_path: Path) -> None:
    """README's main command on a copy of the checkout: up prints the tracking ID, twice is harmless; in between,
    the app's events land in the stack's Interactions dataset, and one its schema refuses is explained."""
    # The copy shares the checkout's .venv: bring it up to date first, so setup in the copy finds it ready.
    subprocess.run([str(ROOT / "scripts" / "setup")], check=True, capture_output=True, timeout=1800)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("Pulumi.yaml", "Pulumi.local.yaml", "__main__.py", "pyproject.toml"):
        (checkout / name).write_bytes((ROOT / name).read_bytes())
    for folder in ("scripts", "tools"):
        copy_project(ROOT / folder, checkout / folder)
    (checkout / ".venv").symlink_to(ROOT / ".venv")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "PULUMI_"))}

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def in_local_env(*command: str) -> subprocess.CompletedProcess[str]:
        """`command` as README runs the app after `scripts/up`: `source scripts/local-env && ...`."""
        return run("bash", "-c", 'source scripts/local-env && "$@"', "local-env", *command)

    try:
        first = run("scripts/up")
        assert first.returncode == 0, first.stderr
        # Its own emulator, never one a user's `scripts/up` left running (issue #22; tests/e2e/test_local_workflow.py)
        assert "up: starting the Personalize emulator on a free port" in first.stderr, first.stderr
        tracking_id = re.fullmatch(r"trackingId: ([0-9a-f-]{36})\n", first.stdout)
        assert tracking_id, first.stdout
        second = run("scripts/up")
        assert second.returncode == 0, second.stderr
        assert second.stdout == first.stdout
        assert "6 unchanged" in second.stderr  # the stack, its StackIdentity, group, schema, dataset and tracker
        assert_events_land_in_the_interactions_dataset(checkout, in_local_env, tracking_id.group(1))
    finally:
        down = run("scripts/down")
    assert down.returncode == 0, down.stderr
    assert "emulator stopped" in down.stderr
    state = json.loads((checkout / ".emulator" / "state.json").read_text())
    assert tracking_id.group(1) in json.dumps(state), "the state file recorded the tracker"
    again = run("scripts/down")
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stderr


def assert_events_land_in_the_interactions_dataset(
    checkout: Path, in_local_env: Callable[..., subprocess.CompletedProcess[str]], tracking_id: str
) -> None:
    """examples/app against the root stack: its events land in the stack's Interactions dataset, and an event
    without the itemId the schema requires is refused with the emulator's message (nothing lands)."""
    app = [sys.executable, str(ROOT / "examples" / "app" / "send_events.py"), "--stack-dir", str(checkout)]
    bought = json.dumps({"itemId": "book-2", "eventType": "purchase", "properties": {"eventValue": 12.5}})
    sent = in_local_env(*app, "--user", "alice", "--item", "book-1", "--event", bought)
    assert sent.returncode == 0, sent.stderr
    assert "sent 2 event(s) for user alice" in sent.stdout
    outputs = json.loads(in_local_env("pulumi", "stack", "output", "--json", "--stack", "local").stdout)
    # The app's endpoint (scripts/local-env) is the emulator `scripts/up` started.
    emulator = EmulatorControl(in_local_env("printenv", "AWS_ENDPOINT_URL_PERSONALIZE_EVENTS").stdout.strip())
    landed = [
        (e["datasetArn"], e["trackingId"], e["userId"], e["event"]["itemId"], e["event"]["eventType"])
        for e in emulator.request("GET", "events")
    ]
    dataset = outputs["interactionsDatasetArn"]
    assert landed == [
        (dataset, tracking_id, "alice", "book-1", "click"),
        (dataset, tracking_id, "alice", "book-2", "purchase"),
    ]

    refused = in_local_env(*app, "--event", '{"eventType": "click"}')
    assert refused.returncode == 1
    assert_one_error_line(refused, "InvalidInputException", "ITEM_ID", "itemId", tracking_id)
    assert len(emulator.request("GET", "events")) == len(landed), "a refused event does not land"


def test_the_recommendations_loop_runs_the_readme_way(tmp_path: Path) -> None:
    """`python examples/recommendations/loop.py`: its own emulator, both `up`s, recommendations with and
    without the filter, a retrain that moves the campaign in place, and destroy."""
    examples = tmp_path / "examples"
    workdir = copy_project(ROOT / "examples" / "recommendations", examples / "recommendations")
    copy_project(ROOT / "examples" / "app", examples / "app")
    pulumi_yaml = workdir / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("../../.venv", str(ROOT / ".venv")))
    env = base_environment(tmp_path / "home", tmp_path / "state")
    done = subprocess.run(
        [sys.executable, str(workdir / "loop.py")], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(re.fullmatch(r"sent 1500 events through tracking ID [0-9a-f-]{36}", line) for line in lines), lines
    unfiltered = next(line for line in lines if line.startswith("  user-1: ")).split()[1:]
    filtered = next(line for line in lines if line.startswith("  user-1, filter not-bought: ")).split()[3:]
    assert len(unfiltered) == 5 and len(filtered) == 5 and unfiltered != filtered, lines
    assert any(re.match(r"retrained: \S+ -> \S+; campaign \S+ moved in place", line) for line in lines), lines
    assert lines[-1] == "destroyed"
