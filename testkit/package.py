"""The package as users get it: the sdist and wheel `python -m build` makes, installed into fresh virtualenvs.

Installs never use the checkout (no editable install, no source on `sys.path`). Their dependencies come from
a wheelhouse downloaded once per build, pinned to the versions of the interpreter running this code (the
checkout's .venv): the wheel is what is under test, not the newest releases of its dependencies, and each
virtualenv then installs offline in seconds.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from testkit.cli import ROOT

PIP_SECONDS = 600.0


@dataclass(frozen=True)
class Distributions:
    sdist: Path
    wheel: Path
    wheelhouse: Path  # the wheel's dependencies (its extras' too), as wheels: what installs need, offline

    def names(self) -> list[str]:
        """The paths inside the wheel."""
        with zipfile.ZipFile(self.wheel) as archive:
            return archive.namelist()


def _run(*command: str | Path, cwd: Path = ROOT) -> str:
    completed = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=PIP_SECONDS, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({completed.returncode}):\n{completed.stderr}")
    return completed.stdout


def build(directory: Path, extras: str = "emulator") -> Distributions:
    """`python -m build` of the checkout into `directory/dist`, and the wheelhouse of the wheel with `extras`."""
    _run(sys.executable, "-m", "build", "--outdir", directory / "dist", ROOT)
    wheel = distributions_in(directory).wheel
    constraints = directory / "constraints.txt"
    constraints.write_text(_run(sys.executable, "-m", "pip", "freeze", "--exclude-editable"))
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--wheel-dir",
        directory / "wheelhouse",
        "--constraint",
        constraints,
        f"{wheel}[{extras}]",
    )
    return distributions_in(directory)


def distributions_in(directory: Path) -> Distributions:
    """What `build(directory)` made (possibly in another process)."""
    (sdist,) = (directory / "dist").glob("*.tar.gz")
    (wheel,) = (directory / "dist").glob("*.whl")
    return Distributions(sdist, wheel, directory / "wheelhouse")


def install(distributions: Distributions, venv: Path, extras: str = "") -> Path:
    """A fresh virtualenv at `venv` with the wheel (and `extras`) installed from the wheelhouse; its python.

    `--no-compile` and one import of what a stack's processes use: bytecode for those modules only, written
    once here rather than for every file of the dependencies (which doubles the install time), and rather than
    by each of the many processes a fleet starts at once.
    """
    _run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    requirement = f"{distributions.wheel}[{extras}]" if extras else str(distributions.wheel)
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-compile",
        "--no-index",
        "--find-links",
        distributions.wheelhouse,
        requirement,
        cwd=venv,
    )
    _run(python, "-c", "import boto3, pulumi.automation, pulumi.dynamic, pulumi_personalize", cwd=venv)
    return python
