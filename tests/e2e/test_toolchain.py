"""The toolchain itself: the pinned CLI runs a Python program with a dynamic resource, offline."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.harness import Stack

PINNED = "v3.274.1"

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


def test_cli_reports_the_pinned_version(pulumi_cli: Path) -> None:
    version = subprocess.run([str(pulumi_cli), "version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == PINNED


def test_dynamic_resource_up_output_destroy(new_stack: Callable[..., Stack]) -> None:
    stack = new_stack(NO_OP_PROGRAM)
    up = stack.up()
    assert "1 created" in up.stdout or "2 created" in up.stdout
    assert stack.outputs() == {"value": "hello!"}
    assert stack.preview_is_empty()
    stack.destroy()
    assert stack.resources() == []
