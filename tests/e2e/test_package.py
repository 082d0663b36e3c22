"""The package as users get it (issue #13): the sdist and the wheel, installed into a fresh virtualenv, running a
stack through the CLI with nothing from the checkout."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pulumi_personalize

from testkit.emulator_process import EmulatorProcess
from testkit.package import Distributions
from tests.aws import FAST_CREATE, FAST_DELETE, REGION, live
from tests.fixtures.make_release_fixture import PROGRAM
from tests.harness import ROOT, new_project

PACKAGE = "pulumi_personalize"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_version_has_one_source() -> None:
    """pyproject.toml's version is the package's (from its metadata), and CHANGELOG.md has an entry for it."""
    assert pulumi_personalize.__version__ == version("pulumi-personalize") == VERSION
    assert f"\n## {VERSION}\n" in (ROOT / "CHANGELOG.md").read_text()
    written = [path for path in (ROOT / "provider").rglob("*.py") if f'"{VERSION}"' in path.read_text()]
    assert written == [], "the version is written in pyproject.toml only"


def test_twine_accepts_the_sdist_and_the_wheel(distributions: Distributions) -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", distributions.sdist, distributions.wheel],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert distributions.wheel.name == f"{PACKAGE}-{VERSION}-py3-none-any.whl"


def test_the_wheel_holds_the_typed_package_and_no_test_or_bench_code(distributions: Distributions) -> None:
    names = distributions.names()
    info = f"{PACKAGE}-{VERSION}.dist-info/"
    assert f"{PACKAGE}/py.typed" in names
    assert f"{PACKAGE}/emulator/__main__.py" in names
    assert [name for name in names if not name.startswith((f"{PACKAGE}/", info))] == []
    assert [name for name in names if any(part in name for part in ("test", "bench", "conftest"))] == []
    modules = {name for name in names if name.endswith(".py")}
    provider = ROOT / "provider" / PACKAGE
    source = {f"{PACKAGE}/{path.relative_to(provider)}" for path in provider.rglob("*.py")}
    assert modules == source, "every module of provider/, nothing else"


def test_a_stack_runs_from_the_wheel_in_a_fresh_virtualenv(wheel_python: Path, tmp_path: Path) -> None:
    """up, stack output and destroy with the program, its provider and the emulator all from the wheel's venv."""
    venv = wheel_python.parent.parent
    site = subprocess.run(
        [wheel_python, "-c", "import sys, pulumi_personalize as p; print(p.__file__); print(*sys.path, sep='\\n')"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    assert Path(site[0]).is_relative_to(venv), site[0]
    assert not [entry for entry in site[1:] if entry and Path(entry).is_relative_to(ROOT)], "no checkout on sys.path"

    program = PROGRAM + 'pulumi.export("packageFile", personalize.__file__)\n'
    stack = new_project(tmp_path / "project", program, project="pp-wheel", virtualenv=venv)
    stack.env.pop("PYTHONPATH", None)
    with EmulatorProcess(create_seconds=FAST_CREATE, delete_seconds=FAST_DELETE, python=wheel_python) as emulator:
        stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url
        stack.set_config("aws:region", REGION)
        stack.up()
        outputs = stack.outputs()
        assert Path(outputs["packageFile"]).is_relative_to(venv), "the program imported the wheel's package"
        tracking_id = stack.pulumi("stack", "output", "trackingId").stdout.strip()
        trackers = live(emulator.resources(), "event-tracker")
        assert [tracker["trackingId"] for tracker in trackers] == [tracking_id] == [outputs["trackingId"]]
        stack.destroy()
        assert emulator.live() == []
