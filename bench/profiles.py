"""Evidence for a missed goal: a profiled rerun of a `pulumi` command, summarised per Python process.

The rerun's projects put profiling/ first on PYTHONPATH, so the program and the dynamic provider server each
write cProfile files (one per thread); the summary shows, per process, how long the big imports took (the
cumulative time of their package's module code) and the top functions by cumulative time.
"""

from __future__ import annotations

import io
import pstats
import sys
import sysconfig
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from testkit.cli import ROOT
from testkit.stack import Stack

from .context import Context

PACKAGES = ("boto3", "botocore", "pulumi", "grpc", "dill", "pulumi_personalize", "bench", "google.protobuf")
TOP = 30
TOP_OWN = 15
# Functions whose own time is waiting, not work: left out of the own-time listing.
WAITS = ("acquire", "'poll'", "'select'", "'get' of '_queue", "time.sleep", "_blocking", "_serve", "'recv", "'accept'")

StackMaker = Callable[[Path], Stack]  # builds a ready project whose runs write profiles to the given dir


def capture(ctx: Context, name: str, runs: Sequence[tuple[str, StackMaker, tuple[str, ...]]]) -> Path:
    """Profile each (label, stack maker, pulumi arguments) once; write profile-<name>.txt; return its path."""
    parts = [
        f"Profiled reruns for '{name}' (cProfile in every Python process; times include profiling overhead).",
        "Per process: import time of the big packages (cumulative seconds of their package's module code, "
        "first import only, nested imports included: pulumi_personalize includes boto3), then the top "
        f"{TOP} functions by cumulative time over all threads (waits included: idle threads show up too).",
    ]
    for label, make, args in runs:
        directory = ctx.scratch / "profiles" / f"{name}-{label}"
        stack = make(directory)
        ctx.log(f"  profiling {label}: pulumi {' '.join(args)}")
        stack.pulumi(*args)
        parts.append(f"\n{'#' * 100}\n# {label}: pulumi {' '.join(args)}\n{'#' * 100}")
        parts.append(summarise(directory))
    path = ctx.evidence_path(f"profile-{name}.txt")
    path.write_text("\n".join(parts) + "\n")
    return path


def summarise(directory: Path) -> str:
    by_process: defaultdict[str, list[Path]] = defaultdict(list)
    for file in sorted(directory.glob("*.prof")):
        role, pid = file.name.split("-")[:2]
        by_process[f"{role} (pid {pid})"].append(file)
    if not by_process:
        return "(no profiles were written)"
    sections = []
    for process, files in sorted(by_process.items()):
        stats = pstats.Stats(*(str(file) for file in files), stream=io.StringIO())
        imports = _import_times(stats)
        listing = io.StringIO()
        stats.stream = listing  # type: ignore[attr-defined]  # pstats writes its report to this stream
        stats.sort_stats("cumulative").print_stats(TOP)
        sections.append(
            f"\n== {process}: {len(files)} threads ==\n"
            f"imports: {', '.join(f'{name} {seconds:.3f} s' for name, seconds in imports) or 'none seen'}\n"
            + _shorten("\n".join(line for line in listing.getvalue().splitlines() if ".prof" not in line))
            + f"\ntop {TOP_OWN} by own time (waits left out: {', '.join(WAITS)}):\n"
            + _shorten(_own_time(stats))
        )
    return "\n".join(sections)


def _import_times(stats: pstats.Stats) -> list[tuple[str, float]]:
    found: dict[str, float] = {}
    table = stats.stats  # type: ignore[attr-defined]  # {(file, line, function): (cc, nc, tt, ct, callers)}
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in table.items():
        if function != "<module>" or not filename.endswith("__init__.py"):
            continue
        package = ".".join(Path(filename).parent.parts[-2:]) if "google" in filename else Path(filename).parent.name
        if package in PACKAGES:
            found[package] = max(found.get(package, 0.0), float(cumulative))
    return sorted(found.items(), key=lambda item: -item[1])


def _own_time(stats: pstats.Stats) -> str:
    table = stats.stats  # type: ignore[attr-defined]  # {(file, line, function): (cc, nc, tt, ct, callers)}
    entries = [
        (float(tottime), int(calls), _function_name(key)) for key, (_cc, calls, tottime, _ct, _callers) in table.items()
    ]
    busy = [entry for entry in entries if not any(wait in entry[2] for wait in WAITS)]
    lines = [f"  {tottime:8.3f} s {calls:8d} calls  {name}" for tottime, calls, name in sorted(busy, reverse=True)]
    return "\n".join(lines[:TOP_OWN])


def _function_name(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    return function if filename == "~" and line == 0 else f"{filename}:{line}({function})"


def _shorten(text: str) -> str:
    for prefix in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"], str(ROOT), sys.prefix):
        text = text.replace(prefix + "/", "")
    return text
