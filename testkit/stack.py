"""Drive the real `pulumi` CLI on throwaway projects: local file backend, isolated PULUMI_HOME, no network."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from testkit.cli import ROOT, VENV_BIN, base_environment, pulumi_binary

# The provider's resource types as a stack's state names them.
TRACKER_TYPE = "pulumi-python:dynamic/personalize:EventTracker"
GROUP_TYPE = "pulumi-python:dynamic/personalize:DatasetGroup"
SCHEMA_TYPE = "pulumi-python:dynamic/personalize:Schema"
DATASET_TYPE = "pulumi-python:dynamic/personalize:Dataset"
PERSONALIZE_TYPES = (GROUP_TYPE, TRACKER_TYPE, SCHEMA_TYPE, DATASET_TYPE)  # the ones that exist in AWS


@dataclass
class Result:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Stack:
    """A Pulumi project in a temp dir with one stack, driven through the real CLI."""

    workdir: Path
    env: dict[str, str]
    name: str = "test"
    log: list[Result] = field(default_factory=list)

    def command(self, *args: str) -> list[str]:
        return [str(pulumi_binary()), *args, "--non-interactive"]

    def pulumi(self, *args: str, ok: bool = True, timeout: float = 300) -> Result:
        command = self.command(*args)
        completed = subprocess.run(
            command, cwd=self.workdir, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        result = Result(command, completed.returncode, completed.stdout, completed.stderr)
        self.log.append(result)
        if ok and result.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} failed ({result.returncode}):\n{result.output}")
        return result

    def start(self, *args: str, output: IO[bytes] | int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
        """`pulumi <args>` in the background, stdout and stderr to `output`, not waited for (nor logged).

        In a session of its own: `os.killpg(process.pid, ...)` reaches the CLI, its language host and the
        program; the engine starts each plugin in a process group of its own, but within that session.
        """
        return subprocess.Popen(
            self.command(*args),
            cwd=self.workdir,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def write_program(self, source: str) -> None:
        (self.workdir / "__main__.py").write_text(textwrap.dedent(source))

    def up(self, ok: bool = True) -> Result:
        return self.pulumi("up", "--yes", "--skip-preview", ok=ok)

    def preview(self, *extra: str, ok: bool = True) -> Result:
        return self.pulumi("preview", "--diff", *extra, ok=ok)

    def preview_is_empty(self) -> bool:
        """True when `pulumi preview --expect-no-changes` agrees nothing would change."""
        return self.pulumi("preview", "--expect-no-changes", ok=False).returncode == 0

    def refresh(self, ok: bool = True) -> Result:
        return self.pulumi("refresh", "--yes", "--skip-preview", ok=ok)

    def destroy(self, ok: bool = True) -> Result:
        return self.pulumi("destroy", "--yes", "--skip-preview", ok=ok)

    def outputs(self) -> dict[str, Any]:
        result = self.pulumi("stack", "output", "--json", "--show-secrets")
        outputs: dict[str, Any] = json.loads(result.stdout)
        return outputs

    def set_config(self, key: str, value: str, path: bool = False) -> None:
        self.pulumi("config", "set", *(["--path"] if path else []), key, value)

    def resources(self) -> list[dict[str, Any]]:
        """The resources in the stack's state (`pulumi stack export`)."""
        exported = json.loads(self.pulumi("stack", "export").stdout)
        resources: list[dict[str, Any]] = exported["deployment"].get("resources") or []
        return resources

    def state_text(self) -> str:
        return "\n".join(path.read_text() for path in (self.workdir / ".state").rglob("*.json"))


CHECKOUT_VENV = ROOT / ".venv"


def write_pulumi_yaml(workdir: Path, project: str = "pp-test", virtualenv: Path = CHECKOUT_VENV) -> None:
    """Pulumi.yaml of a Python project whose program and dynamic providers run in `virtualenv`."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "Pulumi.yaml").write_text(
        f"name: {project}\nruntime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: {virtualenv}\n"
    )


def new_project(
    workdir: Path, program: str, project: str = "pp-test", stack: str = "test", virtualenv: Path = CHECKOUT_VENV
) -> Stack:
    """A project using `virtualenv` (the checkout's .venv by default), with `stack` initialised on a local file
    backend."""
    write_pulumi_yaml(workdir, project, virtualenv)
    state = workdir / ".state"
    state.mkdir(exist_ok=True)
    created = Stack(workdir, base_environment(workdir / ".pulumi-home", state), stack)
    created.write_program(program)
    created.pulumi("stack", "init", stack)
    return created


def copy_project(source: Path, workdir: Path) -> Path:
    """Copy an example project (without local state) into a test directory."""
    shutil.copytree(source, workdir, ignore=shutil.ignore_patterns(".state", ".pulumi-home", "__pycache__"))
    return workdir


def new_yaml_project(
    workdir: Path, resources: str, stack: str = "test", project: str = "pp-yaml", plugin_dir: Path = VENV_BIN
) -> Stack:
    """A Pulumi YAML project whose `resources:`/`outputs:` text is `resources`, using the plugin
    `pulumi-resource-personalize` in `plugin_dir` (found through `plugins.providers`, as docs/native.md tells)."""
    workdir.mkdir(parents=True, exist_ok=True)
    plugins = f"plugins:\n  providers:\n    - name: personalize\n      path: {plugin_dir}\n"
    header = f"name: {project}\nruntime: yaml\n{plugins}"
    (workdir / "Pulumi.yaml").write_text(header + textwrap.dedent(resources))
    state = workdir / ".state"
    state.mkdir(exist_ok=True)
    created = Stack(workdir, base_environment(workdir / ".pulumi-home", state), stack)
    created.pulumi("stack", "init", stack)
    return created
