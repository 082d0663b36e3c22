"""Items 4 and 5: a stack of N unchanged trackers (N dataset groups made out of band) against a stack of
N no-op dynamic resources: `pulumi preview` (AWS calls: none; time), then `pulumi refresh` (calls per
tracker; time). The emulator's call counters are the ground truth for calls. The rows' times are at
N = `sizes.fleet`; `sizes.fleet_curve` adds more N's (a table, the plot), and the calls goals are judged
at the worst N.
"""

from __future__ import annotations

from typing import Any

from testkit.stack import Stack

from . import attribution, profiles
from .context import PREVIEW_UNCHANGED, REFRESH, UP, Context, profile_into, timed
from .measure import Goal, Row, SectionResult, join_notes, median, slow_runs
from .programs import NOOPS, NOOPS_WITH_BOTO3, TRACKERS, configure_noops, configure_trackers
from .report import text_table

PREVIEW_RATIO_GOAL = 1.2
REFRESH_CALLS_GOAL = 2.0


def run(ctx: Context) -> SectionResult:
    count = ctx.sizes.fleet
    measured = {n: _measure(ctx, n) for n in sorted({count, *ctx.sizes.fleet_curve})}
    headline = measured[count]
    previews, refreshes = headline["previews"], headline["refreshes"]
    preview, refresh = headline["preview_medians"], headline["refresh_medians"]
    # The calls goals hold at any N: judged at the worst N measured.
    counts = "/".join(str(n) for n in measured)
    preview_calls = max(m["preview_calls_max"] for m in measured.values())
    refresh_calls = max(m["refresh_calls_per_tracker"] for m in measured.values())
    refresh_ops = refreshes["tracker"][-1]["calls"]
    rows = [
        Row(f"preview, {counts} unchanged trackers: AWS calls (max)", float(preview_calls), "", Goal(0.0)),
        Row(f"preview, {count} trackers (median)", preview["tracker"], "s", note=_slow(previews["tracker"])),
        Row(f"preview, {count} no-op resources (median)", preview["noop"], "s", note=_slow(previews["noop"])),
        Row("preview ratio trackers / no-ops", preview["tracker"] / preview["noop"], "x", Goal(PREVIEW_RATIO_GOAL)),
        Row(
            f"refresh, {counts} trackers: AWS calls per tracker",
            refresh_calls,
            "",
            Goal(REFRESH_CALLS_GOAL),
            (f"at N={count}: " if len(measured) > 1 else "") + ", ".join(f"{op} {n}" for op, n in refresh_ops.items()),
        ),
        Row(f"refresh, {count} trackers (median)", refresh["tracker"], "s", note=_slow(refreshes["tracker"])),
        Row(
            f"refresh, {count} no-op resources (median)",
            refresh["noop"],
            "s",
            note=join_notes(f"ratio {refresh['tracker'] / refresh['noop']:.2f}x", _slow(refreshes["noop"])),
        ),
    ]
    data: dict[str, Any] = {
        "resources": count,
        **{key: value for key, value in headline.items() if key != "resources"},
        "by_count": list(measured.values()),  # every N, the rows' one included
    }
    tables = [_by_count_table(data["by_count"])] if len(measured) > 1 else []
    return SectionResult("fleet", f"4-5. Preview and refresh of {count} trackers", rows, data, tables)


def _measure(ctx: Context, count: int) -> dict[str, Any]:
    """Stacks of `count` trackers and `count` no-ops, up, then previewed and refreshed in turn."""
    ctx.emulator.reset()
    groups = ctx.active_groups(count, f"fleet-{count}")
    stacks = {
        "tracker": configure_trackers(ctx.new_stack(f"fleet-{count}-trackers", TRACKERS), groups),
        "noop": configure_noops(ctx.new_stack(f"fleet-{count}-noops", NOOPS), count),
    }
    setup = {kind: timed(stack, *UP)[0] for kind, stack in stacks.items()}
    ctx.log(f"  {count} trackers up in {setup['tracker']:.1f} s, {count} no-ops in {setup['noop']:.1f} s")
    previews = _repeat(ctx, stacks, PREVIEW_UNCHANGED)
    refreshes = _repeat(ctx, stacks, REFRESH)
    return {
        "resources": count,
        "up_seconds": setup,
        "previews": previews,
        "refreshes": refreshes,
        "preview_medians": {kind: median([run["seconds"] for run in runs]) for kind, runs in previews.items()},
        "refresh_medians": {kind: median([run["seconds"] for run in runs]) for kind, runs in refreshes.items()},
        "preview_calls_max": max(sum(run["calls"].values()) for run in previews["tracker"]),
        "refresh_calls_per_tracker": max(sum(run["calls"].values()) for run in refreshes["tracker"]) / count,
    }


def _by_count_table(measured: list[dict[str, Any]]) -> str:
    header = ["N", "preview trackers / no-ops", "refresh trackers / no-ops", "AWS calls per tracker: preview, refresh"]
    lines = [
        [
            str(m["resources"]),
            f"{m['preview_medians']['tracker']:.2f} / {m['preview_medians']['noop']:.2f} s",
            f"{m['refresh_medians']['tracker']:.2f} / {m['refresh_medians']['noop']:.2f} s",
            f"{m['preview_calls_max'] / m['resources']:g}, {m['refresh_calls_per_tracker']:g}",
        ]
        for m in measured
    ]
    return text_table(header, lines) + "\n(medians; calls: the worst run)"


def _slow(runs: list[dict[str, Any]]) -> str:
    return slow_runs([run["seconds"] for run in runs])


def _repeat(ctx: Context, stacks: dict[str, Stack], args: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """Run `pulumi <args>` on each stack, alternating which goes first; seconds and AWS calls of each."""
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in stacks}
    for repeat in range(ctx.sizes.fleet_repeats):
        order = list(stacks) if repeat % 2 == 0 else list(reversed(stacks))
        for kind in order:
            before = ctx.emulator.calls()
            seconds = timed(stacks[kind], *args)[0]
            runs[kind].append({"seconds": seconds, "calls": calls_between(before, ctx.emulator.calls())})
    return runs


def calls_between(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Calls per operation made between two `calls()` snapshots (operations with none left out)."""
    return {op: after[op] - before.get(op, 0) for op in sorted(after) if after[op] - before.get(op, 0)}


def explain(ctx: Context, result: SectionResult) -> None:
    """Preview (and refresh) timed beside a no-op + boto3 fleet, then profiled once per stack."""
    missed = {row.name for row in result.missed}
    count = result.data["resources"]
    ctx.emulator.reset()
    groups = ctx.active_groups(count, "fleet-attribution")
    stacks = {
        "trackers": configure_trackers(ctx.new_stack("attribution-trackers", TRACKERS), groups),
        "no-ops": configure_noops(ctx.new_stack("attribution-noops", NOOPS), count),
        "no-ops + boto3 import": configure_noops(ctx.new_stack("attribution-noops-boto3", NOOPS_WITH_BOTO3), count),
    }
    for stack in stacks.values():
        stack.pulumi(*UP)
    repeats = max(3, ctx.sizes.fleet_repeats)
    commands = [PREVIEW_UNCHANGED] + ([REFRESH] if any(name.startswith("refresh") for name in missed) else [])
    lines: list[str] = []
    for args in commands:
        times = attribution.medians(stacks, args, repeats)
        lines += [
            *attribution.describe(f"pulumi {args[0]} of {count} resources, median of {repeats}:", times, *stacks),
            "",
        ]
    names = [attribution.write(ctx, "fleet-attribution.txt", lines)]

    def profiled(kind: str) -> profiles.StackMaker:
        return lambda directory: profile_into(stacks[kind], directory)

    runs = [(f"{kind} {args[0]}", profiled(kind), args) for args in commands for kind in ("trackers", "no-ops")]
    names.append(profiles.capture(ctx, "fleet", runs).name)
    for row in result.missed:
        row.evidence.extend(names)
