"""examples/fleet (issue #13): a stack per tenant, deployed concurrently with the Automation API, as a user runs
it: `python fleet.py up ...` from a virtualenv installed from the wheel, into one backend."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from pulumi_personalize.emulator import Emulator

from tests.aws import live
from tests.harness import ROOT, Result, Stack, base_environment, copy_project

TENANTS = [f"tenant{number}" for number in range(1, 9)]


def test_the_fleet_deploys_eight_tenant_stacks_at_once_and_destroys_them(
    wheel_python: Path, emulator: Emulator, tmp_path: Path
) -> None:
    example = copy_project(ROOT / "examples" / "fleet", tmp_path / "fleet")
    pulumi_yaml = example / "tenant" / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("../../../.venv", str(wheel_python.parent.parent)))
    (tmp_path / "state").mkdir()
    env = base_environment(tmp_path / "home", tmp_path / "state")
    env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url
    emulator.set_quotas(dataset_groups=len(TENANTS))  # a dataset group per tenant, as examples/fleet/README.md says
    backend = Stack(example / "tenant", env)  # the CLI on the fleet's backend, to list its stacks

    def fleet(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(wheel_python), str(example / "fleet.py"), *args, *TENANTS]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        return done

    tracking_ids = json.loads(fleet("up", "--parallel", str(len(TENANTS))).stdout)
    trackers = live(emulator.resources(), "event-tracker")
    assert tracking_ids == {tracker["tags"]["tenant"]: tracker["trackingId"] for tracker in trackers}
    assert sorted(tracking_ids) == sorted(TENANTS)
    assert sorted(group["tags"]["tenant"] for group in live(emulator.resources(), "dataset-group")) == sorted(TENANTS)
    listed = json.loads(backend.pulumi("stack", "ls", "--json").stdout)
    assert sorted(stack["name"] for stack in listed) == sorted(f"tenant-{tenant}" for tenant in TENANTS)

    fleet("destroy")
    assert live(emulator.resources(), "event-tracker") == live(emulator.resources(), "dataset-group") == []
    assert json.loads(backend.pulumi("stack", "ls", "--json").stdout) == []


def fleet_run(wheel_python: Path, tmp_path: Path, emulator: Emulator) -> tuple[Callable[..., Result], Stack]:
    """`python fleet.py <args>` as a user runs it (not checked), and the CLI on the fleet's backend."""
    example = copy_project(ROOT / "examples" / "fleet", tmp_path / "fleet")
    pulumi_yaml = example / "tenant" / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("../../../.venv", str(wheel_python.parent.parent)))
    (tmp_path / "state").mkdir()
    env = base_environment(tmp_path / "home", tmp_path / "state")
    env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url

    def run(*args: str) -> Result:
        command = [str(wheel_python), str(example / "fleet.py"), *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        return Result(command, done.returncode, done.stdout, done.stderr)

    return run, Stack(example / "tenant", env)


def test_a_bad_tenant_name_is_one_error_line_naming_it_and_nothing_starts(
    wheel_python: Path, emulator: Emulator, tmp_path: Path
) -> None:
    """Issue #22: `fleet.py up acme 'bad!'` printed the CLI's CommandError traceback (from `pulumi stack select`)."""
    fleet, backend = fleet_run(wheel_python, tmp_path, emulator)
    failed = fleet("up", "acme", "bad!")
    assert failed.returncode == 1, failed.output
    assert failed.stdout == ""
    [line] = failed.stderr.splitlines()
    assert line.startswith("error: tenant 'bad!': "), line
    assert "letters, digits, '-' and '_'" in line, line
    # Nothing started: no stack for the valid tenant either, and nothing in "AWS".
    assert json.loads(backend.pulumi("stack", "ls", "--json").stdout) == []
    assert live(emulator.resources(), "dataset-group") == []

    assert fleet("destroy", "bad!").stderr.splitlines() == [line]


def test_a_tenant_that_fails_to_deploy_is_one_line_with_our_error_and_the_others_deploy(
    wheel_python: Path, emulator: Emulator, tmp_path: Path
) -> None:
    """The fleet reads our error out of the Automation API's CommandError (pulumi_personalize.automation)."""
    fleet, _ = fleet_run(wheel_python, tmp_path, emulator)
    emulator.set_quotas(dataset_groups=1)  # two tenants, room for one group
    failed = fleet("up", "--parallel", "1", "acme", "globex")
    assert failed.returncode == 1, failed.output
    assert "Traceback" not in failed.stderr, failed.stderr
    deployed = json.loads(failed.stdout)
    [line] = failed.stderr.splitlines()
    [tenant] = {"acme", "globex"} - set(deployed)
    assert line.startswith(f"error: tenant '{tenant}': dataset group events-"), line
    assert "CreateDatasetGroup failed with LimitExceededException" in line, line
    assert line.endswith("then run `pulumi up` again."), line
