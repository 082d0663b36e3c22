"""Team state on Pulumi's self-managed S3 backend (issue #13): two working copies share one stack.

The bucket is on moto's S3 server on loopback (testkit/s3_backend.py). The copies are a laptop and a CI runner,
each with its own virtualenv installed from the wheel and its own PULUMI_HOME; the stack's config file
(Pulumi.<stack>.yaml: settings and the passphrase's salt) is the only file they share, as git would share it.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pulumi_personalize.emulator import Emulator

from testkit.cli import base_environment
from testkit.emulator_control import EmulatorControl
from testkit.s3_backend import S3Backend
from testkit.stack import GROUP_TYPE, TRACKER_TYPE, write_pulumi_yaml
from tests.aws import REGION
from tests.e2e.test_recovery import kill_when, recover
from tests.fixtures.make_release_fixture import PROGRAM
from tests.harness import Stack

PROJECT = "pp-team"
STACK = "test"
UP = ("up", "--yes", "--skip-preview")
# Pulumi's words when the self-managed backend finds another run's lock file (pkg/backend/diy/lock.go).
LOCKED = "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock"

Team = Callable[[str], tuple[Stack, Stack]]


@pytest.fixture
def s3_backend() -> Iterator[S3Backend]:
    with S3Backend() as backend:
        yield backend


def working_copy(workdir: Path, backend: S3Backend, virtualenv: Path, emulator_endpoint: str) -> Stack:
    write_pulumi_yaml(workdir, PROJECT, virtualenv)
    stack = Stack(workdir, base_environment(workdir / ".pulumi-home", backend.url), STACK)
    stack.write_program(PROGRAM)
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator_endpoint
    return stack


def share_config(source: Stack, target: Stack) -> None:
    """What a commit and a pull do: the stack's config file reaches the other working copy."""
    name = f"Pulumi.{STACK}.yaml"
    shutil.copyfile(source.workdir / name, target.workdir / name)


@pytest.fixture
def team(s3_backend: S3Backend, wheel_python: Path, other_wheel_python: Path, tmp_path: Path) -> Team:
    """(laptop, ci): the laptop creates the stack in the bucket, the CI runner selects it."""

    def make(emulator_endpoint: str) -> tuple[Stack, Stack]:
        laptop = working_copy(tmp_path / "laptop", s3_backend, wheel_python.parent.parent, emulator_endpoint)
        ci = working_copy(tmp_path / "ci", s3_backend, other_wheel_python.parent.parent, emulator_endpoint)
        laptop.pulumi("stack", "init", STACK)
        laptop.set_config("aws:region", REGION)
        share_config(laptop, ci)
        ci.pulumi("stack", "select", STACK)
        return laptop, ci

    return make


def assert_no_orphans(emulator: EmulatorControl, stack: Stack) -> None:
    """What exists in "AWS" is exactly what the shared state holds: a dataset group and its tracker."""
    managed = [r["id"] for r in stack.resources() if r["type"] in (GROUP_TYPE, TRACKER_TYPE)]
    assert sorted(r["arn"] for r in emulator.live()) == sorted(managed)
    assert len(managed) == 2


def test_a_stack_made_on_one_copy_previews_no_change_on_the_other(team: Team, emulator: Emulator) -> None:
    laptop, ci = team(emulator.endpoint_url)
    laptop.up()
    assert ci.preview_is_empty()
    assert ci.outputs() == laptop.outputs()

    ci.set_config("team", "ci")
    ci.up()
    share_config(ci, laptop)
    assert laptop.preview_is_empty()
    assert_no_orphans(EmulatorControl(emulator.endpoint_url), laptop)


def test_an_up_while_the_other_copy_runs_one_is_refused_by_the_lock_then_succeeds(
    team: Team, s3_backend: S3Backend, emulator_process: Callable[..., str], tmp_path: Path
) -> None:
    endpoint = emulator_process("--create-seconds", "3", "--delete-seconds", "0.3")
    laptop, ci = team(endpoint)
    with (tmp_path / "laptop-up.log").open("wb") as log:
        running = laptop.start(*UP, output=log)
        wait_for(lambda: bool(s3_backend.locks()), running)
        ci.set_config("team", "ci")
        refused = ci.up(ok=False)
        assert refused.returncode != 0
        assert LOCKED in refused.output
        assert running.wait(timeout=120) == 0, (tmp_path / "laptop-up.log").read_text()
    assert s3_backend.locks() == []
    ci.up()
    share_config(ci, laptop)
    assert laptop.preview_is_empty()
    assert_no_orphans(EmulatorControl(endpoint), ci)


def test_two_ups_at_once_at_least_one_backs_out_nothing_is_lost_and_a_retry_succeeds(
    team: Team, s3_backend: S3Backend, emulator: Emulator, tmp_path: Path
) -> None:
    """The self-managed lock is not atomic (write a lock file, then list the others): of two runs started
    together, one is refused, or both back out. Never do both go on."""
    copies = team(emulator.endpoint_url)
    logs = [tmp_path / f"{copy.workdir.name}-up.log" for copy in copies]
    with logs[0].open("wb") as first, logs[1].open("wb") as second:
        runs = [copies[0].start(*UP, output=first), copies[1].start(*UP, output=second)]
        codes = [run.wait(timeout=120) for run in runs]
    outputs = [log.read_text() for log in logs]
    backed_out = [copy for copy, code in zip(copies, codes, strict=True) if code != 0]
    assert backed_out, outputs
    for code, output in zip(codes, outputs, strict=True):
        assert code == 0 or LOCKED in output, output
    assert s3_backend.locks() == []
    for copy in backed_out:
        copy.up()
    assert all(copy.preview_is_empty() for copy in copies)
    assert_no_orphans(EmulatorControl(emulator.endpoint_url), copies[0])


def test_a_run_killed_on_one_copy_is_recovered_from_the_other_with_no_orphan(
    team: Team, s3_backend: S3Backend, emulator_process: Callable[..., str]
) -> None:
    endpoint = emulator_process("--create-seconds", "2", "--delete-seconds", "0.3")
    emulator = EmulatorControl(endpoint)
    laptop, ci = team(endpoint)
    kill_when(laptop, UP, lambda: any(r["kind"] == "event-tracker" for r in emulator.live()))
    assert s3_backend.locks(), "the killed run left its lock in the bucket"
    recover(ci)  # README's recovery commands, from the other copy
    assert s3_backend.locks() == []
    assert_no_orphans(emulator, ci)
    assert ci.preview_is_empty()
    assert laptop.preview_is_empty()


def wait_for(condition: Callable[[], bool], running: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll `condition` while `running` runs; fail if it ends first or the time is up."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert running.poll() is None, "the run ended before the condition held"
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.05)
