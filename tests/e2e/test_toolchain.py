"""The toolchain itself: the CLI scripts/setup chose runs a Python program with a dynamic resource, offline.

scripts/setup takes an official `pulumi` of PULUMI_MIN_VERSION or later from PATH, else builds PULUMI_VERSION
(tools/pulumi), and records its choice in .venv/pulumi-toolchain: the CLI is checked against that choice.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.harness import ROOT, Stack

SETUP = ROOT / "scripts" / "setup"
RECORD = "pulumi-toolchain"
TOOLS = ("pulumi", "pulumi-language-python", "pulumi-language-python-exec", "pulumi-resource-pulumi-python")

NO_OP_PROGRAM = """
import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class Echo(ResourceProvider):
    def create(self, props):
        return CreateResult("echo-1", {"value": props["value"] + "!"})


class Thing(Resource):
    def __init__(self, name, value):
        super().__init__(Echo(), name, {"value": value}, None)


thing = Thing("thing", "hello")
pulumi.export("value", thing.value)
"""


def setup_setting(name: str) -> str:
    """A version scripts/setup sets (PULUMI_VERSION: the one it builds; PULUMI_MIN_VERSION: an official one's)."""
    match = re.search(rf"^{name}=(\S+)$", SETUP.read_text(), re.MULTILINE)
    assert match is not None, f"scripts/setup sets no {name}"
    return match[1]


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.removeprefix("v").split("-")[0]))


def toolchain_problems(venv: Path) -> list[str]:
    """How the CLI linked into `venv` differs from what scripts/setup chose and accepts; [] when it does not."""
    record = venv / RECORD
    if not record.exists():
        return [f"{record} is missing: run scripts/setup"]
    chosen = dict(line.split("=", 1) for line in record.read_text().splitlines() if "=" in line)
    problems = [
        f"{tool} links to {(venv / 'bin' / tool).resolve()}, not into {chosen['dir']}"
        for tool in TOOLS
        if (venv / "bin" / tool).resolve().parent != Path(chosen["dir"]).resolve()
    ]
    version = subprocess.run([venv / "bin" / "pulumi", "version"], capture_output=True, text=True, check=True)
    have = version.stdout.strip()
    if have != f"v{chosen['version']}":
        problems.append(f"pulumi reports {have!r}, setup recorded {chosen['version']}")
    if chosen["source"] == "built" and have != f"v{setup_setting('PULUMI_VERSION')}":
        problems.append(f"our build reports {have!r}, scripts/setup pins {setup_setting('PULUMI_VERSION')}")
    if chosen["source"] == "official" and version_key(have) < version_key(setup_setting("PULUMI_MIN_VERSION")):
        problems.append(f"official pulumi {have} is older than {setup_setting('PULUMI_MIN_VERSION')}")
    if chosen["source"] not in ("built", "official"):
        problems.append(f"unknown source {chosen['source']!r} in {record}")
    return problems


def test_cli_is_the_one_setup_chose_at_a_version_it_accepts(pulumi_cli: Path) -> None:
    assert toolchain_problems(pulumi_cli.parent.parent) == []


def fake_official_pulumi(directory: Path, version: str) -> Path:
    """An "official install" of `pulumi` at `version`: the four executables scripts/setup looks for."""
    directory.mkdir()
    for tool in TOOLS:
        (directory / tool).write_text(f"#!/bin/sh\necho v{version}\n")
        (directory / tool).chmod(0o755)
    return directory


def test_setup_takes_another_official_version_and_the_check_accepts_it(tmp_path: Path) -> None:
    """A user with an official pulumi other than the pinned one (but recent enough) gets a green suite."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(SETUP, checkout / "scripts" / "setup")
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    venv = checkout / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(ROOT / ".venv" / "bin" / "python")
    # The stamp of an installed .venv: setup then leaves it alone and only chooses the CLI.
    (venv / ".installed-from").write_text(hashlib.sha256((checkout / "pyproject.toml").read_bytes()).hexdigest())
    official = fake_official_pulumi(tmp_path / "official", "3.200.0")
    env = {**os.environ, "PATH": f"{official}{os.pathsep}/usr/bin{os.pathsep}/bin"}
    setup = subprocess.run(
        ["bash", str(checkout / "scripts" / "setup")], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert setup.returncode == 0, setup.stderr
    assert (venv / RECORD).read_text().splitlines()[1:] == [
        "source=official",
        f"dir={official.resolve()}",
        "version=3.200.0",
    ]
    assert toolchain_problems(venv) == []


def test_dynamic_resource_up_output_destroy(new_stack: Callable[..., Stack]) -> None:
    stack = new_stack(NO_OP_PROGRAM)
    up = stack.up()
    assert "1 created" in up.stdout or "2 created" in up.stdout
    assert stack.outputs() == {"value": "hello!"}
    assert stack.preview_is_empty()
    stack.destroy()
    assert stack.resources() == []


def test_yaml_program_runs_on_the_yaml_host_setup_linked(pulumi_cli: Path, tmp_path: Path) -> None:
    """scripts/setup links pulumi-language-yaml beside the CLI: a YAML program (only outputs) goes up offline."""
    from tests.harness import base_environment

    assert (pulumi_cli.parent / "pulumi-language-yaml").exists(), "no .venv/bin/pulumi-language-yaml: run scripts/setup"
    workdir = tmp_path / "yaml-project"
    (workdir / ".state").mkdir(parents=True)
    (workdir / "Pulumi.yaml").write_text("name: pp-yaml\nruntime: yaml\noutputs:\n  greeting: hello\n")
    stack = Stack(workdir, base_environment(workdir / ".pulumi-home", workdir / ".state"))
    stack.pulumi("stack", "init", stack.name)
    stack.pulumi("up", "--yes")
    assert stack.pulumi("stack", "output", "greeting").stdout.strip() == "hello"
