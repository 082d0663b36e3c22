"""Run an example's program under `pulumi.runtime.set_mocks`, keeping what it exports."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pulumi
import pytest


def run_example(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], dict[str, Any]]:
    """The program's globals and its exports."""
    exports: dict[str, Any] = {}
    monkeypatch.setattr(pulumi, "export", exports.__setitem__)
    return runpy.run_path(str(path), run_name="__main__"), exports
