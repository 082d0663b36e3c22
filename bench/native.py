"""Item 9: the native plugin: its start to the port it listens on, its first answer, and a no-change preview of
the root stack written in YAML (native plugin) against the same stack in Python (dynamic resources), measured in
one run, with the plugin launches each command makes.

Launches are counted by a wrapper put first in `plugins.providers`: it appends a line to a file, then runs the
real plugin.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import struct_pb2

from testkit.aws import INTERACTIONS as INTERACTIONS_SCHEMA
from testkit.cli import VENV_BIN
from testkit.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY
from testkit.stack import Stack, new_yaml_project

from .context import Context, timed
from .measure import Goal, Row, SectionResult, median

PLUGIN = VENV_BIN / "pulumi-resource-personalize"
START_GOAL_SECONDS = 0.25
PREVIEW_RATIO_GOAL = 1.2
INTERACTIONS = json.dumps(INTERACTIONS_SCHEMA)
ROOT_STACK_YAML = f"""
config:
  personalize:region: us-east-1
variables:
  tags:
    project: pulumi-personalize
    stack: ${{pulumi.stack}}
resources:
  events:
    type: personalize:index:DatasetGroup
    properties:
      tags: ${{tags}}
  interactions-schema:
    type: personalize:index:Schema
    properties:
      schema: '{INTERACTIONS}'
  interactions:
    type: personalize:index:Dataset
    properties:
      datasetGroupArn: ${{events.datasetGroupArn}}
      datasetType: Interactions
      schemaArn: ${{interactions-schema.schemaArn}}
      tags: ${{tags}}
  clicks:
    type: personalize:index:EventTracker
    properties:
      datasetGroupArn: ${{interactions.datasetGroupArn}}
      tags: ${{tags}}
outputs:
  trackingId: ${{clicks.trackingId}}
  eventTrackerArn: ${{clicks.eventTrackerArn}}
"""
LAUNCHER = """#!/bin/sh
echo "$@" >> {log}
exec {plugin} "$@"
"""


def run(ctx: Context) -> SectionResult:
    repeats = ctx.sizes.import_repeats
    starts = [_start_to_port(ctx.emulator.endpoint_url) for _ in range(repeats)]
    to_port = median([port for port, _read in starts])
    to_read = median([read for _port, read in starts])
    ctx.emulator.set_timings(0.2, 0.2)
    python = ctx.new_stack("root-python", (Path(__file__).parents[1] / "__main__.py").read_text())
    yaml_stack, launches = _yaml_stack(ctx)
    python.up()
    yaml_stack.pulumi("up", "--yes", "--skip-preview")
    timed(python, "preview")  # warm both once
    timed(yaml_stack, "preview")
    launches.write_text("")
    python_seconds = median([timed(python, "preview")[0] for _ in range(repeats)])
    yaml_seconds = median([timed(yaml_stack, "preview")[0] for _ in range(repeats)])
    per_preview = len(launches.read_text().splitlines()) / repeats
    launches.write_text("")
    yaml_stack.pulumi("up", "--yes", "--skip-preview")
    per_up = len(launches.read_text().splitlines())
    python.destroy()
    yaml_stack.destroy()
    ratio = yaml_seconds / python_seconds
    rows = [
        Row("plugin start to its port", to_port * 1000, "ms", Goal(START_GOAL_SECONDS * 1000)),
        Row("  to its first answered Read", to_read * 1000, "ms", note="Configure, then a Read (AWS call)"),
        Row("no-change preview, root stack in Python (dynamic)", python_seconds, "s"),
        Row(
            "no-change preview, root stack in YAML (native)",
            yaml_seconds,
            "s",
            note=f"{ratio:.2f}x the Python stack's",
        ),
        Row("  YAML / Python", ratio, "x", Goal(PREVIEW_RATIO_GOAL)),
        Row(
            "plugin launches per YAML preview",
            per_preview,
            "",
            note="the YAML host loads the package schema from one, the engine's default provider is another",
        ),
        Row("plugin launches per YAML `up --skip-preview`", per_up, ""),
    ]
    data: dict[str, Any] = {
        "repeats": repeats,
        "start_to_port_seconds": [port for port, _read in starts],
        "start_to_first_read_seconds": [read for _port, read in starts],
        "preview_seconds": {"python": python_seconds, "yaml": yaml_seconds},
        "launches": {"preview": per_preview, "up": per_up},
    }
    return SectionResult("native", "9. The native plugin", rows, data)


def _yaml_stack(ctx: Context) -> tuple[Stack, Path]:
    """The root stack in YAML, its plugin launched through a counting wrapper."""
    workdir = ctx.scratch / "root-yaml"
    wrapper_dir = workdir / "plugin"
    wrapper_dir.mkdir(parents=True)
    launches = workdir / "launches.txt"
    launches.write_text("")
    wrapper = wrapper_dir / PLUGIN.name
    wrapper.write_text(LAUNCHER.format(log=launches, plugin=PLUGIN))
    wrapper.chmod(0o755)
    stack = new_yaml_project(workdir, ROOT_STACK_YAML, plugin_dir=wrapper_dir)
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = ctx.emulator.endpoint_url
    return stack, launches


def _start_to_port(endpoint_url: str) -> tuple[float, float]:
    """Seconds from the plugin's start to its port line, and to its first answered Read."""
    from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

    engine = socket.socket()
    engine.bind(("127.0.0.1", 0))
    engine.listen()
    env = {
        "PATH": str(VENV_BIN),
        "AWS_ENDPOINT_URL_PERSONALIZE": endpoint_url,
        "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
    }
    start = time.perf_counter()
    plugin = subprocess.Popen(
        [str(PLUGIN), f"127.0.0.1:{engine.getsockname()[1]}"], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert plugin.stdout is not None
        port = plugin.stdout.readline().strip()
        listening = time.perf_counter() - start
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            config = struct_pb2.Struct()
            config.update({"region": "us-east-1", "stackIdentity": "0123456789abcdef"})
            stub.Configure(provider_pb2.ConfigureRequest(args=config), timeout=30)
            props = struct_pb2.Struct()
            props.update({"region": "us-east-1"})
            missing = "arn:aws:personalize:us-east-1:123456789012:dataset-group/missing"
            urn = "urn:pulumi:b::b::personalize:index:DatasetGroup::g"
            stub.Read(provider_pb2.ReadRequest(urn=urn, id=missing, properties=props), timeout=30)
        return listening, time.perf_counter() - start
    finally:
        plugin.send_signal(2)
        plugin.wait(timeout=10)
        engine.close()


def explain(_ctx: Context, _result: SectionResult) -> None:
    """The numbers are their own explanation: start-up is import time (see cold-start), preview is the engine's."""
