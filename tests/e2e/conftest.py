"""The package as users get it, built once per test run: the wheel, and fresh virtualenvs installed from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit import package
from tests.once import shared_directory


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> package.Distributions:
    """The sdist and wheel of `python -m build`, and the wheels of the wheel's dependencies."""
    return package.distributions_in(shared_directory(tmp_path_factory, "distributions", package.build))


def _installed(
    tmp_path_factory: pytest.TempPathFactory, name: str, distributions: package.Distributions, extras: str
) -> Path:
    venv = shared_directory(tmp_path_factory, name, lambda directory: package.install(distributions, directory, extras))
    return venv / "bin" / "python"


@pytest.fixture(scope="session")
def wheel_python(tmp_path_factory: pytest.TempPathFactory, distributions: package.Distributions) -> Path:
    """The python of a fresh virtualenv holding `pulumi-personalize[emulator]` installed from the wheel."""
    return _installed(tmp_path_factory, "venv-emulator", distributions, "emulator")


@pytest.fixture(scope="session")
def other_wheel_python(tmp_path_factory: pytest.TempPathFactory, distributions: package.Distributions) -> Path:
    """Another engineer's (or a CI runner's) virtualenv: `pulumi-personalize` from the wheel, no extra."""
    return _installed(tmp_path_factory, "venv-plain", distributions, "")
