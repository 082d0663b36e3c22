"""The suite's helpers for driving the real `pulumi` CLI on throwaway projects (see testkit/stack.py).

Their code lives in testkit/, which the benchmarks (bench/) share; tests keep importing them from here.
"""

from __future__ import annotations

from testkit.cli import ROOT, VENV_BIN, PulumiMissingError, base_environment, pulumi_binary
from testkit.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, FAKE_SESSION_TOKEN, PASSPHRASE
from testkit.stack import Result, Stack, copy_project, new_project, new_yaml_project

__all__ = [
    "FAKE_ACCESS_KEY",
    "FAKE_SECRET_KEY",
    "FAKE_SESSION_TOKEN",
    "PASSPHRASE",
    "ROOT",
    "VENV_BIN",
    "PulumiMissingError",
    "Result",
    "Stack",
    "base_environment",
    "copy_project",
    "new_project",
    "new_yaml_project",
    "pulumi_binary",
]
