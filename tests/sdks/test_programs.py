"""The TypeScript and Go examples (examples/typescript, examples/go) on the generated SDKs (sdk/), against the
emulator: up creates the four resources and prints the tracking ID, preview shows no change, destroy leaves
nothing. Neither Pulumi's nodejs nor its go language host can be had offline, so both are Automation API inline
programs: their host runs in the program's process, the CLI (.venv/bin/pulumi) runs the engine and the plugin.

Builds are cached: examples/typescript/node_modules is installed (`npm ci`) only when it is missing or older than
the example's package files or sdk/nodejs (a stamp says which), the Go program is built with the Go build cache.
Node.js, npm and Go are required: missing, these tests fail.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pulumi_personalize.emulator import Emulator

from testkit.cli import ROOT, base_environment
from tests.aws import aws_client
from tests.once import shared_directory

TYPESCRIPT = ROOT / "examples" / "typescript"
GO = ROOT / "examples" / "go"
STAMP = TYPESCRIPT / "node_modules" / ".pulumi-personalize-stamp"
BUILD_SECONDS = 600
RUN_SECONDS = 300


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not on PATH: the TypeScript and Go examples need Node.js 20+, npm and Go 1.26+")
    return found


def build(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=BUILD_SECONDS, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed in {cwd} ({done.returncode}):\n{done.stdout}{done.stderr}")


@contextlib.contextmanager
def checkout_lock(name: str) -> Iterator[None]:
    """Held while building into the checkout, against other test runs (and workers) on this same checkout."""
    key = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    with (Path(tempfile.gettempdir()) / f"pulumi-personalize-{key}-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def typescript_inputs() -> str:
    """A digest of what examples/typescript/node_modules is installed from (the SDK is copied in: install-links)."""
    digest = hashlib.sha256()
    sdk = ROOT / "sdk" / "nodejs"
    files = [TYPESCRIPT / name for name in ("package.json", "package-lock.json", ".npmrc")]
    for path in [*files, *sorted(path for path in sdk.rglob("*") if path.is_file())]:
        digest.update(f"{path.relative_to(ROOT)}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_typescript(directory: Path) -> None:
    npm = tool("npm")
    with checkout_lock("typescript"):
        inputs = typescript_inputs()
        if not STAMP.exists() or STAMP.read_text() != inputs:
            STAMP.unlink(missing_ok=True)
            build([npm, "ci", "--no-audit", "--no-fund"], TYPESCRIPT)
            STAMP.write_text(inputs)
        build([npm, "run", "build"], TYPESCRIPT)
    directory.mkdir()


def build_go(directory: Path) -> None:
    go = tool("go")
    directory.mkdir()
    env = {**os.environ, "GOFLAGS": "-mod=readonly", "CGO_ENABLED": "0"}
    build([go, "build", "-o", str(directory / "personalize-go"), "."], GO, env)


@dataclass(frozen=True)
class Program:
    command: list[str]  # a step or more follow: up, preview, destroy


@pytest.fixture(scope="session")
def typescript_program(tmp_path_factory: pytest.TempPathFactory) -> Program:
    shared_directory(tmp_path_factory, "typescript-example", build_typescript)
    return Program([tool("node"), str(TYPESCRIPT / "bin" / "index.js")])


@pytest.fixture(scope="session")
def go_program(tmp_path_factory: pytest.TempPathFactory) -> Program:
    built = shared_directory(tmp_path_factory, "go-example", build_go)
    return Program([str(built / "personalize-go")])


def existing(emulator: Emulator) -> dict[str, list[str]]:
    """What exists in the emulator, by kind: the ARNs."""
    personalize = aws_client("personalize", emulator.endpoint_url)
    return {
        "groups": [group["datasetGroupArn"] for group in personalize.list_dataset_groups()["datasetGroups"]],
        "schemas": [schema["schemaArn"] for schema in personalize.list_schemas()["schemas"]],
        "datasets": [dataset["datasetArn"] for dataset in personalize.list_datasets()["datasets"]],
        "trackers": [tracker["eventTrackerArn"] for tracker in personalize.list_event_trackers()["eventTrackers"]],
    }


@pytest.mark.parametrize("language", ["typescript", "go"])
def test_a_program_on_the_generated_sdk_comes_up_previews_clean_and_goes_away(
    language: str, request: pytest.FixtureRequest, emulator: Emulator, pulumi_cli: Path, tmp_path: Path
) -> None:
    program: Program = request.getfixturevalue(f"{language}_program")
    env = base_environment(tmp_path / ".pulumi-home", tmp_path / "state")
    (tmp_path / "state").mkdir()
    env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url

    def run(*steps: str) -> str:
        done = subprocess.run(
            [*program.command, *steps],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_SECONDS,
            check=False,
        )
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"{language} program, {' '.join(steps)} ({done.returncode}):\n{output}"
        assert "from $PATH" not in output, "the plugin is named in plugins.providers: no ambient-plugin warning"
        return done.stdout

    up = run("up")
    printed = re.search(r"^trackingId: (\S+)$", up, re.MULTILINE)
    assert printed, up
    created = existing(emulator)
    assert [len(arns) for arns in created.values()] == [1, 1, 1, 1], created
    personalize = aws_client("personalize", emulator.endpoint_url)
    tracker = personalize.describe_event_tracker(eventTrackerArn=created["trackers"][0])["eventTracker"]
    assert (tracker["trackingId"], tracker["status"]) == (printed.group(1), "ACTIVE")
    assert tracker["datasetGroupArn"] == created["groups"][0]

    # One run for both (a run starts the program, the CLI and the plugin anew: about 2 s). The program asks for
    # expectNoChanges: a change fails the preview, and destroy does not happen.
    preview_then_destroy = run("preview", "destroy")
    assert re.search(r'^preview: (\{"same":5\}|map\[same:5\])$', preview_then_destroy, re.MULTILINE), (
        preview_then_destroy
    )
    assert existing(emulator) == {"groups": [], "schemas": [], "datasets": [], "trackers": []}
