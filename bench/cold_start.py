"""Item 7: cold start of a provider process: how long importing our provider takes beyond what any Python
dynamic provider using boto3 pays anyway (`import boto3, pulumi.dynamic`).

Wall time of fresh interpreters (medians), and `python -X importtime` to attribute the extra to modules:
those only our import brings in, split into ours (pulumi_personalize.*) and others.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from .context import Context
from .measure import Row, SectionResult, median

BASE = "import pulumi.dynamic"
WITH_BOTO3 = "import boto3, pulumi.dynamic"
WITH_OURS = "import boto3, pulumi.dynamic, pulumi_personalize.event_tracker"
OURS_PREFIX = "pulumi_personalize"
FIRST_CLIENT = """
import time
from pulumi_personalize.aws.clients import personalize_client
from pulumi_personalize.aws.settings import AwsTarget
start = time.perf_counter()
personalize_client(AwsTarget("us-east-1", "http://127.0.0.1:9", None))
print(time.perf_counter() - start)
"""


def run(ctx: Context) -> SectionResult:
    repeats = ctx.sizes.import_repeats
    _wall(WITH_OURS)  # warm the page cache and the bytecode cache
    walls = {code: median([_wall(code) for _ in range(repeats)]) for code in (BASE, WITH_BOTO3, WITH_OURS)}
    base_runs = [_import_times(WITH_BOTO3) for _ in range(repeats)]
    ours_runs = [_import_times(WITH_OURS) for _ in range(repeats)]
    extra = [
        {name: times[0] for name, times in ours.items() if name not in base}
        for ours, base in zip(ours_runs, base_runs, strict=True)
    ]
    own = median([sum(us for name, us in run.items() if name.startswith(OURS_PREFIX)) / 1000 for run in extra])
    others = median([sum(us for name, us in run.items() if not name.startswith(OURS_PREFIX)) / 1000 for run in extra])
    boto3 = median([run["boto3"][1] / 1000 for run in base_runs])
    client = median([_first_client() for _ in range(repeats)])
    top = sorted(extra[-1].items(), key=lambda item: -item[1])[:8]
    others_top = [f"{name} {us / 1000:.1f}" for name, us in top if not name.startswith(OURS_PREFIX)][:4]
    rows = [
        Row(
            "python -c 'import boto3, pulumi.dynamic' (wall)",
            walls[WITH_BOTO3] * 1000,
            "ms",
            note=f"without boto3 {walls[BASE] * 1000:.0f} ms",
        ),
        Row(
            "  + import pulumi_personalize.event_tracker (wall)",
            walls[WITH_OURS] * 1000,
            "ms",
            note=f"{(walls[WITH_OURS] - walls[WITH_BOTO3]) * 1000:+.0f} ms (wall times are noisy to a few ms)",
        ),
        Row("  boto3 itself (importtime, cumulative)", boto3, "ms"),
        Row("  our modules (importtime, self)", own, "ms", note="what our provider adds beyond boto3"),
        Row("  other modules only our import brings (self)", others, "ms", note=", ".join(others_top)),
        Row(
            "first boto3 client, built on the first call",
            client * 1000,
            "ms",
            note="session, endpoint data and the personalize model loaded",
        ),
    ]
    data: dict[str, Any] = {
        "repeats": repeats,
        "wall_seconds": walls,
        "boto3_import_ms": boto3,
        "own_modules_ms": own,
        "other_extra_modules_ms": others,
        "top_extra_modules_us": dict(top),
        "first_client_ms": client * 1000,
    }
    return SectionResult("cold-start", "7. Cold start of the provider process", rows, data)


def _wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def _first_client() -> float:
    fake = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_EC2_METADATA_DISABLED": "true"}
    env = {**os.environ, **fake}
    completed = subprocess.run(
        [sys.executable, "-c", FIRST_CLIENT], check=True, capture_output=True, text=True, env=env
    )
    return float(completed.stdout.strip())


def _import_times(code: str) -> dict[str, tuple[int, int]]:
    """(self, cumulative) microseconds of each module's import, from `python -X importtime`."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True, text=True
    )
    times: dict[str, tuple[int, int]] = {}
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        times[name.strip()] = (int(self_us), int(cumulative_us))
    return times


def explain(_ctx: Context, _result: SectionResult) -> None:
    """No goal here to miss."""
