"""The fault campaign in small (one round, two trackers, an emulator restart) and the checks it relies on."""

from __future__ import annotations

import base64
import pickle
import socket
import time
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

from testkit.emulator_process import EmulatorProcess
from tests.campaigns.fault_campaign import run_fault_campaign
from tests.campaigns.fault_step import FaultCampaignSettings
from tests.campaigns.injected_faults import fault_counts
from tests.campaigns.leaks import provider_problems, scan_for_secrets
from tests.campaigns.loopback import listening_addresses, loopback_check
from tests.harness import FAKE_SECRET_KEY, FAKE_SESSION_TOKEN

pytestmark = pytest.mark.e2e


def test_fault_campaign_converges_and_an_emulator_restart_loses_nothing(tmp_path: Path) -> None:
    # The restart in the middle of a command is in the full script only: the provider's backoff on the refused
    # connections makes it last 5 to 25 s.
    settings = FaultCampaignSettings(rounds=1, trackers=2, seed=7, restart_between=(0, "tag"), restart_during=None)
    summary = run_fault_campaign(settings, tmp_path)
    context = {key: summary[key] for key in ("findings", "not_converged", "retries_by_step", "emulator_restarts")}

    assert summary["trials"] == 5 and not summary["not_converged"], context
    counts = {key: summary[key] for key in ("orphans", "missing", "mismatched", "pending_operations")}
    assert counts == dict.fromkeys(counts, 0), context
    assert summary["previews_with_changes"] == [], context
    for step in summary["steps"]:
        expected = 0 if step["step"] == "destroy" else 2 * settings.trackers
        assert (step["in_state"], step["live"]) == (expected, expected), step
    (restart,) = summary["emulator_restarts"]
    assert restart["when"] == "after round 0 tag" and restart["port_kept"], restart
    assert restart["resources_before"] == restart["resources_after"] == 2 * settings.trackers, restart
    assert restart["lost"] == restart["changed"] == [], restart
    faults = summary["faults_injected"]
    assert faults["exact"] and faults["requests"] > 50 and faults["throttle"] > 0, faults
    scan = summary["secret_scan"]
    assert scan["hits"] == [] and scan["history_and_backup_files"] > 0 and scan["outputs"] >= 15, scan
    assert summary["provider_check"]["problems"] == []
    assert summary["provider_check"]["distinct_values_by_type"] == {
        "pulumi-python:dynamic/personalize:DatasetGroup": 1,
        "pulumi-python:dynamic/personalize:EventTracker": 1,
    }
    assert summary["loopback"]["loopback_only"] and summary["loopback"]["listening_on"] == ["127.0.0.1"]
    assert summary["ok"]


def test_fault_counts_replayed_from_the_calls_are_the_faults_a_client_saw(tmp_path: Path) -> None:
    spec = "throttle=0.2;error=0.05;unavailable=0.05;drop=0.05;spike=0.05@2.0;seed=5"
    seen = dict.fromkeys(("throttle", "error", "unavailable", "drop", "spike"), 0)
    codes = {"ThrottlingException": "throttle", "InternalFailure": "error", "ServiceUnavailable": "unavailable"}
    with EmulatorProcess(tmp_path, create_seconds=0, delete_seconds=0, faults=spec) as emulator:
        client: Any = boto3.client(
            "personalize",
            region_name="us-east-1",
            endpoint_url=emulator.endpoint_url,
            aws_access_key_id="AKIAEXAMPLE",
            aws_secret_access_key="not-a-secret",
            config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
        )
        for _ in range(60):  # one after another: the draws are then taken in this order
            started = time.monotonic()
            try:
                client.list_dataset_groups()
            except ClientError as error:
                seen[codes[error.response["Error"]["Code"]]] += 1
            except ConnectionClosedError:
                seen["drop"] += 1
            # Else milliseconds, but the first request carries the client's and the emulator's first-use cost:
            # 0.2 s on a quiet machine, 0.8 s on a loaded one (counted as a spike under a 0.4 s threshold once).
            if time.monotonic() - started >= 1.5:
                seen["spike"] += 1
    replayed = fault_counts(emulator.epochs)
    assert replayed["requests"] == 60 and replayed["exact"]
    assert {kind: replayed[kind] for kind in seen} == seen
    assert all(seen.values()), f"with this seed every kind of fault happens: {seen}"


def test_emulator_binds_to_loopback_by_default(tmp_path: Path) -> None:
    with EmulatorProcess(tmp_path, create_seconds=0, delete_seconds=0) as emulator:  # no --host given
        check = loopback_check(emulator)
    assert check["listening_on"] == ["127.0.0.1"] and check["loopback_only"], check


def test_listening_addresses_reads_the_address_really_bound() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.2", 0))  # another loopback address: the reader must tell them apart
        listener.listen()
        assert listening_addresses(listener.getsockname()[1]) == ["127.0.0.2"]


def test_secret_scan_finds_secrets_as_text_and_base64_anywhere(tmp_path: Path) -> None:
    history = tmp_path / ".state" / ".pulumi" / "history" / "stack"
    history.mkdir(parents=True)
    (history / "clean.json").write_text('{"nothing": "here"}')
    for offset in range(3):  # every alignment of the secret inside base64 text
        encoded = base64.b64encode(b"x" * offset + FAKE_SECRET_KEY.encode()).decode()
        (history / f"checkpoint-{offset}.json").write_text(f'{{"blob": "{encoded}"}}')
    scan = scan_for_secrets([tmp_path], [f"error: token {FAKE_SESSION_TOKEN}", "all good"])
    assert scan.files == 4 and scan.state_files == 4 and scan.history_and_backup_files == 4
    assert sorted(scan.hits) == sorted(
        [f"secret access key in {history / f'checkpoint-{offset}.json'}" for offset in range(3)]
        + ["session token in CLI output #0"]
    )


def test_provider_check_flags_credentials_config_and_differing_values() -> None:
    clean = base64.b64encode(pickle.dumps(("pulumi_personalize.event_tracker", "EventTrackerProvider"))).decode()
    leaky = base64.b64encode(pickle.dumps(("pulumi_personalize.event_tracker", FAKE_SECRET_KEY, "us-east-1"))).decode()
    forbidden = {"secret access key": FAKE_SECRET_KEY, "config value 'us-east-1'": "us-east-1"}
    assert provider_problems({"tracker": {clean}}, forbidden) == []
    problems = provider_problems({"tracker": {clean, leaky}}, forbidden)
    assert problems == [
        "tracker: 2 different __provider values (expected one)",
        "tracker: __provider holds the secret access key",
        "tracker: __provider holds the config value 'us-east-1'",
    ]
