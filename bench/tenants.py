"""Item 8: a fleet of tenant stacks (examples/fleet) deployed at once against the same stacks one after another.

`python examples/fleet/fleet.py up <K tenants> --parallel K`, then the same with `--parallel 1`, each timed as a
user runs it (the sequential preparation of the stacks included), each followed by an untimed `destroy`.
Dataset groups and trackers take T (the scale section's) to become ACTIVE. The emulator's creation moments
tell how many tracker creates overlapped: each stack has its own provider process, so a fleet is not bound
by one process's 4 calls at once.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from testkit.aws import REGION
from testkit.cli import ROOT, base_environment
from testkit.timeline import most_at_once as max_overlap

from .context import Context
from .measure import Row, SectionResult


def run(ctx: Context) -> SectionResult:
    count, transition = ctx.sizes.tenants, ctx.sizes.scale_transition
    tenants = [f"tenant{number}" for number in range(1, count + 1)]
    example = _example(ctx.scratch / "tenants")
    env = base_environment(ctx.scratch / "tenants-home", _state(ctx.scratch / "tenants-state"))
    env.update(AWS_ENDPOINT_URL_PERSONALIZE=ctx.emulator.endpoint_url, AWS_REGION=REGION)
    ctx.emulator.set_timings(transition, 0)
    runs: dict[str, dict[str, Any]] = {}
    for label, parallel in (("at once", count), ("one after another", 1)):
        ctx.emulator.reset()
        seconds = _fleet(example, env, "up", tenants, parallel)
        trackers = [r for r in ctx.emulator.resources() if r["kind"] == "event-tracker"]
        runs[label] = {"parallel": parallel, "seconds": seconds, "max_concurrent_creates": max_overlap(trackers)}
        _fleet(example, env, "destroy", tenants, parallel)
        ctx.log(f"  {count} tenant stacks {label}: {seconds:.1f} s")
    fleet, sequential = runs["at once"], runs["one after another"]
    rows = [
        Row(
            f"fleet of {count} tenant stacks, up at once (T={transition:g} s)",
            fleet["seconds"],
            "s",
            note=f"at most {fleet['max_concurrent_creates']} tracker creates overlapped",
        ),
        Row(f"the same {count} stacks, one after another", sequential["seconds"], "s"),
        Row("one after another / at once", sequential["seconds"] / fleet["seconds"], "x"),
    ]
    data = {"tenants": count, "transition": transition, "runs": runs}
    return SectionResult("tenants", f"8. A fleet of {count} tenant stacks (examples/fleet)", rows, data)


def _example(workdir: Path) -> Path:
    """examples/fleet copied (its stack config files are written beside the program), on the checkout's .venv."""
    shutil.copytree(ROOT / "examples" / "fleet", workdir, ignore=shutil.ignore_patterns("Pulumi.tenant-*.yaml"))
    pulumi_yaml = workdir / "tenant" / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("../../../.venv", str(ROOT / ".venv")))
    return workdir


def _state(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _fleet(example: Path, env: dict[str, str], command: str, tenants: list[str], parallel: int) -> float:
    """Seconds `fleet.py <command>` took; it must succeed."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(example / "fleet.py"), command, *tenants, "--parallel", str(parallel)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    )
    return time.perf_counter() - start


def explain(_ctx: Context, _result: SectionResult) -> None:
    """No goal here to miss."""
