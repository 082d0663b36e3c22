"""Fixtures of the peers' tests: upstream code (tests/peers/vendor/, unmodified) run against the emulator.

Each test gets an emulator of its own, `python -m pulumi_personalize.emulator` in a subprocess spoken to over
HTTP (testkit/emulator_process.py), as moto's server mode and a Lambda function would reach a server: by
endpoint only. The vendored files are not collected as tests themselves: the runners here load them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest

from testkit.emulator_control import EmulatorControl

collect_ignore_glob = ["vendor/*"]


@pytest.fixture
def emulator_url(emulator_process: Callable[..., str]) -> str:
    """A fresh emulator process (fresh state, as moto's `mock_aws` gives each test), with short phases."""
    return emulator_process("--create-seconds", "0.3", "--delete-seconds", "0.6")


@pytest.fixture
def control(emulator_url: str) -> EmulatorControl:
    return EmulatorControl(emulator_url)


@pytest.fixture(autouse=True)
def _root_logger_level() -> Iterator[None]:
    """The samples' Loader sets the root logger to INFO, as Lambda code may; give the suite its level back."""
    level = logging.getLogger().level
    yield
    logging.getLogger().setLevel(level)
