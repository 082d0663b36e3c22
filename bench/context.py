"""What every section gets: the sizes, the emulator, a scratch directory, where evidence goes, stacks."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from testkit.aws import REGION, active_group, aws_client
from testkit.cli import ROOT
from testkit.emulator_process import EmulatorProcess
from testkit.stack import Stack, new_project

from .sizes import Sizes

PROFILING_PATH = ROOT / "bench" / "profiling"


@dataclass
class Context:
    sizes: Sizes
    emulator: EmulatorProcess  # timings changed, counters and resources read through its control API
    scratch: Path  # throwaway projects live here
    results_dir: Path  # latest.json and the evidence of missed goals
    log: Callable[[str], None] = lambda message: print(message, file=sys.stderr, flush=True)
    shared: dict[str, Any] = field(default_factory=dict)  # numbers one section hands to a later one
    _projects: int = 0

    def new_stack(self, label: str, program: str, profile_dir: Path | None = None) -> Stack:
        """A project on the local file backend whose provider reaches the emulator.

        With `profile_dir`, every Python process of its runs writes cProfile files there (see profiling/).
        """
        self._projects += 1
        stack = new_project(self.scratch / f"{self._projects:03d}-{label}", program, project="pp-bench")
        stack.env.update(
            AWS_ENDPOINT_URL_PERSONALIZE=self.emulator.endpoint_url,
            AWS_REGION=REGION,
            PYTHONPATH=str(ROOT),
        )
        if profile_dir is not None:
            profile_into(stack, profile_dir)
        return stack

    def active_groups(self, count: int, prefix: str) -> list[str]:
        """`count` dataset groups, ACTIVE at once (the emulator's create time is set to 0 first)."""
        self.emulator.set_timings(0, 0)
        client = self.personalize()
        return [active_group(client, f"{prefix}-{index}") for index in range(count)]

    def personalize(self) -> Any:
        """A boto3 personalize client on the emulator (the bench's own view of "AWS")."""
        return aws_client("personalize", self.emulator.endpoint_url)

    def evidence_path(self, name: str) -> Path:
        self.results_dir.mkdir(parents=True, exist_ok=True)
        return self.results_dir / name


def profile_into(stack: Stack, directory: Path) -> Stack:
    """From now on, every Python process of the stack's runs writes cProfile files into `directory`."""
    paths = [path for path in stack.env.get("PYTHONPATH", "").split(os.pathsep) if path and path != str(PROFILING_PATH)]
    stack.env["PYTHONPATH"] = os.pathsep.join([str(PROFILING_PATH), *paths])
    stack.env["BENCH_PROFILE_DIR"] = str(directory)
    return stack


def timed(stack: Stack, *args: str) -> tuple[float, float, float]:
    """Run `pulumi <args>` (it must succeed); (seconds taken, epoch start, epoch end)."""
    start_epoch, start = time.time(), time.perf_counter()
    stack.pulumi(*args)
    elapsed = time.perf_counter() - start
    return elapsed, start_epoch, start_epoch + elapsed


UP = ("up", "--yes", "--skip-preview")
DESTROY = ("destroy", "--yes", "--skip-preview")
REFRESH = ("refresh", "--yes", "--skip-preview")
PREVIEW_UNCHANGED = ("preview", "--expect-no-changes")
