"""Fixtures shared by the whole suite: the Pulumi CLI, the emulator and ready-to-use stacks."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi_personalize.emulator import Emulator
from pulumi_personalize.emulator.quotas import Quotas

from testkit.emulator_process import EmulatorProcess
from tests import processes
from tests.aws import FAST_CREATE, FAST_DELETE, REGION, aws_client
from tests.harness import PulumiMissingError, Stack, new_project, pulumi_binary

# How long a test's processes get to exit after it: a `pulumi` that was killed leaves its plugins, which notice
# within about 2 s that their engine is gone; one that finished stops them before it exits.
LEFTOVER_GRACE_SECONDS = 10.0


@pytest.fixture(autouse=True)
def _no_leftover_processes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves a process it started (issue #15: killed runs left provider processes forever).

    Every process the test starts inherits PP_TEST_RUN=<id of this test> (tests/processes.py finds them by it).
    Autouse and first in its scope: it runs after the teardown of the test's other fixtures (emulators...).
    """
    run = uuid.uuid4().hex
    monkeypatch.setenv(processes.MARKER, run)
    yield
    leftovers = processes.wait_gone(lambda: processes.marked(run), LEFTOVER_GRACE_SECONDS)
    if leftovers:
        processes.kill(leftovers)
        listed = "\n  ".join(map(str, leftovers))
        pytest.fail(
            f"the test left {len(leftovers)} process(es) running {LEFTOVER_GRACE_SECONDS:.0f} s after it "
            f"(now killed):\n  {listed}"
        )


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
    """The real CLI. Missing means a red test (never a skip): scripts/setup provides it."""
    try:
        return pulumi_binary()
    except PulumiMissingError as missing:
        pytest.fail(str(missing))


@pytest.fixture
def new_stack(pulumi_cli: Path, tmp_path: Path) -> Callable[..., Stack]:
    """Make a project from a program's source and init its stack; any number per test."""
    counter = iter(range(1000))

    def make(program: str, project: str = "pp-test", stack: str = "test") -> Stack:
        return new_project(tmp_path / f"project-{next(counter)}", program, project=project, stack=stack)

    return make


@pytest.fixture(autouse=True)
def _isolated_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's AWS profile or endpoint by accident."""
    for key in list(os.environ):
        if key.startswith("AWS_") and key != "AWS_CONFIG_FILE":
            monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def _emulator_server() -> Iterator[Emulator]:
    """One in-process emulator per test worker, with fast timings; tests reset it."""
    with Emulator(create_seconds=FAST_CREATE, delete_seconds=FAST_DELETE, train_seconds=FAST_CREATE) as server:
        yield server


@pytest.fixture
def emulator(_emulator_server: Emulator) -> Emulator:
    """The worker's emulator, reset, with the service's default quotas (a test that needs more raises them)."""
    _emulator_server.reset()
    _emulator_server.set_quotas(**vars(Quotas()))
    return _emulator_server


@pytest.fixture
def personalize(emulator: Emulator) -> Any:
    """A boto3 personalize client on the emulator, as the test's own view of "AWS"."""
    return aws_client("personalize", emulator.endpoint_url)


@pytest.fixture
def aws_stack(new_stack: Callable[..., Stack], emulator: Emulator) -> Callable[..., Stack]:
    """A stack whose provider reaches the emulator (endpoint from the environment, region from config)."""

    def make(program: str, **kwargs: Any) -> Stack:
        stack = new_stack(program, **kwargs)
        stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url
        stack.set_config("aws:region", REGION)
        return stack

    return make


@pytest.fixture
def emulator_process() -> Iterator[Callable[..., str]]:
    """Start `python -m pulumi_personalize.emulator` with the given flags; returns its endpoint URL."""
    with contextlib.ExitStack() as started:

        def start(*flags: str) -> str:
            return started.enter_context(EmulatorProcess(flags=flags)).endpoint_url

        yield start
