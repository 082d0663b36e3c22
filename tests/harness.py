"""Drive the real `pulumi` CLI on throwaway projects: local file backend, isolated PULUMI_HOME, no network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PASSPHRASE = "correct horse battery staple"
FAKE_ACCESS_KEY = "AKIAPPTESTKEYEXAMPLE"
FAKE_SECRET_KEY = "pp-secret-DO-NOT-LEAK-7f3a9c1e2b4d"
FAKE_SESSION_TOKEN = "pp-session-DO-NOT-LEAK-5e8b0a6d"


class PulumiMissingError(RuntimeError):
    pass


def pulumi_binary() -> Path:
    """The CLI that scripts/setup linked into .venv/bin; a clear error when setup has not run."""
    binary = VENV_BIN / "pulumi"
    if not binary.exists():
        raise PulumiMissingError(f"{binary} is missing: run scripts/setup (it builds or finds the Pulumi CLI)")
    return binary


def base_environment(home: Path, backend: Path) -> dict[str, str]:
    """An environment for the CLI that reaches no network and holds distinctive fake AWS credentials."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "PULUMI_"))}
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        PULUMI_HOME=str(home),
        PULUMI_BACKEND_URL=backend.as_uri(),
        PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="true",
        AWS_ACCESS_KEY_ID=FAKE_ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=FAKE_SECRET_KEY,
        AWS_SESSION_TOKEN=FAKE_SESSION_TOKEN,
        AWS_EC2_METADATA_DISABLED="true",
        NO_COLOR="1",
    )
    return env


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

    def pulumi(self, *args: str, ok: bool = True, timeout: float = 300) -> Result:
        command = [str(pulumi_binary()), *args, "--non-interactive"]
        completed = subprocess.run(
            command, cwd=self.workdir, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        result = Result(command, completed.returncode, completed.stdout, completed.stderr)
        self.log.append(result)
        if ok and result.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} failed ({result.returncode}):\n{result.output}")
        return result

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


def new_project(workdir: Path, program: str, project: str = "pp-test", stack: str = "test") -> Stack:
    """A project using the checkout's .venv, with `stack` initialised on a local file backend."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "Pulumi.yaml").write_text(
        f"name: {project}\n"
        "runtime:\n"
        "  name: python\n"
        "  options:\n"
        "    toolchain: pip\n"
        f"    virtualenv: {ROOT / '.venv'}\n"
    )
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
