"""`python -m bench [--quick]`: run every measurement, print the table, write bench/results/latest.json
and its plots (PNG, beside it)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from testkit.cli import ROOT, pulumi_binary
from testkit.emulator_process import EmulatorProcess

from . import cold_start, fleet, long_waits, native, overhead, plots, recommendations, scale, state, tenants, wait_lag
from .context import Context
from .measure import SectionResult
from .report import render, to_json, write_json
from .sizes import FULL, PRESETS, QUICK

DEFAULT_OUT = ROOT / "bench" / "results" / "latest.json"
BENCH_GROUPS_QUOTA = 10_000
# The evidence files sections write beside the JSON, and the plots; a run removes the previous run's first.
EVIDENCE = ("profile-*.txt", "*-attribution.txt", "*-timeline.txt", "state-provider-pickles.txt", *plots.FILES.values())

# In this order: `scale` reuses the overhead measured by `overhead`; `long-waits` the data `recommendations` sent.
SECTIONS: dict[str, ModuleType] = {
    "wait": wait_lag,
    "overhead": overhead,
    "scale": scale,
    "fleet": fleet,
    "state": state,
    "cold-start": cold_start,
    "tenants": tenants,
    "native": native,
    "recommendations": recommendations,  # before long-waits, which trains on its data
    "long-waits": long_waits,
}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument(
        "--quick",
        action="store_const",
        dest="sizes",
        const=QUICK.name,
        help="smaller sizes, under 1.5 minutes (no T=45 s)",
    )
    sizes.add_argument("--sizes", choices=sorted(PRESETS), help="a named preset (smoke: the test suite's)")
    parser.add_argument("--only", help=f"comma-separated sections among {','.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the JSON file (evidence goes beside it)")
    parser.add_argument(
        "--explain",
        action=argparse.BooleanOptionalAction,
        help="capture what limits each missed goal (default: on for full runs, off for --quick and smoke)",
    )
    parser.add_argument(
        "--plots",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"draw PNG plots beside the JSON (default: on; needs matplotlib: {plots.INSTALL})",
    )
    parser.add_argument("--keep-scratch", action="store_true", help="keep the throwaway projects")
    arguments = parser.parse_args(argv)
    arguments.sizes = PRESETS[arguments.sizes or FULL.name]
    if arguments.explain is None:
        arguments.explain = arguments.sizes is FULL
    chosen = arguments.only.split(",") if arguments.only else list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown sections {unknown}; choose among {list(SECTIONS)}")
    arguments.sections = [name for name in SECTIONS if name in chosen]
    return arguments


# Room for every dataset group the bench makes at once (220 in item 1): the emulator applies AWS's default
# quota of 5 active dataset groups per account and region, which a user would raise the same way.
QUOTA_FLAGS = ["--quota", f"dataset-groups={BENCH_GROUPS_QUOTA}"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    pulumi_binary()  # a clear error first when scripts/setup has not run
    if arguments.plots:
        try:
            plots.require()  # before the run, not after it
        except plots.MissingMatplotlib as missing:
            log(f"bench: {missing}")
            return 2
    out: Path = arguments.out.resolve()
    for pattern in EVIDENCE:
        for stale in out.parent.glob(pattern):
            stale.unlink()
    scratch = Path(tempfile.mkdtemp(prefix="pp-bench-"))
    results: list[SectionResult] = []
    started, started_at = time.monotonic(), datetime.now(UTC).isoformat(timespec="seconds")
    try:
        # Dataset groups and trackers ACTIVE (and gone) at once until a section sets other timings.
        with EmulatorProcess(create_seconds=0, delete_seconds=0, flags=QUOTA_FLAGS) as emulator:
            ctx = Context(arguments.sizes, emulator, scratch, out.parent, log)
            for name in arguments.sections:
                section_started = time.monotonic()
                log(f"bench: {name} ...")
                result: SectionResult = SECTIONS[name].run(ctx)
                if result.missed and arguments.explain:
                    log(f"bench: {name}: {len(result.missed)} goal(s) missed, capturing evidence")
                    SECTIONS[name].explain(ctx, result)
                result.data["seconds"] = round(time.monotonic() - section_started, 1)
                results.append(result)
                log(f"bench: {name} done in {result.data['seconds']} s")
    finally:
        if arguments.keep_scratch:
            log(f"bench: projects kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    meta = {
        "sizes": arguments.sizes.name,
        "sections": arguments.sections,
        "explain": arguments.explain,
        "started": started_at,
        "seconds": round(time.monotonic() - started, 1),
    }
    document = to_json(results, meta)
    write_json(out, document)
    print(render(results))
    print(f"\nJSON: {out} ({meta['seconds']} s)")
    if arguments.plots:
        for path in plots.write_all(document, out.parent):
            print(f"plot: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
