"""Item 3: `pulumi up` of N trackers, each on its own existing dataset group, every create taking T; a destroy.

The provider lets the dynamic provider server run every call the engine sends (issue #11: the SDK's pool has
4 threads), so with `--parallel N` (at least 64) all creates run at once: one wave, up to N = 256. Goal, for
every N and for the destroy of `scale_destroy` trackers (each delete taking T): time <= 1.1 x (T + the fixed
overhead of item 2) + 1 s. The emulator's timestamps give how many transitions really overlapped. The same up
with the engine's default `--parallel` is reported without a goal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from testkit.stack import Stack
from testkit.timeline import most_at_once

from . import attribution, profiles, schedule
from .context import DESTROY, UP, Context, timed
from .measure import Goal, Row, SectionResult, join_notes, median, slow_runs
from .programs import TRACKERS, configure_trackers

PARALLEL = ("--parallel", "64")


def parallel_for(count: int) -> tuple[str, ...]:
    """`--parallel N` for N trackers, at least 64 (issue #26: as many at once as `--parallel` says)."""
    return ("--parallel", str(max(64, count)))


MARGIN = 1.10
SLACK_SECONDS = 1.0
CREATING, DELETING = ("createdAt", "activeAt"), ("deleteRequestedAt", "deletedAt")


def run(ctx: Context) -> SectionResult:
    transition, repeats = ctx.sizes.scale_transition, ctx.sizes.scale_repeats
    fixed = _fixed_overhead(ctx)
    budget = MARGIN * (transition + fixed) + SLACK_SECONDS
    runs = [_median_up(ctx, count, repeats) for count in ctx.sizes.scale_counts]
    label = f"T={transition:g} s" + (f" (median of {repeats})" if repeats > 1 else "")
    rows = [_up_row(run, label, budget) for run in runs]
    data: dict[str, Any] = {"transition": transition, "fixed_overhead": fixed, "budget": budget, "runs": runs}
    if ctx.sizes.scale_destroy:
        data["destroy"] = _destroy(ctx, ctx.sizes.scale_destroy)
        rows.append(_destroy_row(data["destroy"], transition, budget))
    if ctx.sizes.scale_default_parallel:
        data["default_parallel"] = _one_up(ctx, ctx.sizes.scale_default_parallel, ())
        rows.append(_up_row(data["default_parallel"], f"T={transition:g} s, default --parallel", None))
    return SectionResult("scale", "3. Scale: N trackers in one pulumi up (--parallel max(64, N))", rows, data)


def _up_row(run: dict[str, Any], label: str, budget: float | None) -> Row:
    count = run["trackers"]
    note = join_notes(
        f"{run['at_once']} at once, first create +{run['to_first']:.2f} s, "
        f"our poll lag at T {schedule.lag_at(run['transition']):.2f} s",
        slow_runs(run.get("all_seconds", [run["seconds"]])),
    )
    goal = Goal(round(budget, 2)) if budget is not None else None
    return Row(f"pulumi up, {count} tracker{'s' if count > 1 else ''}, {label}", run["seconds"], "s", goal, note)


def _destroy_row(run: dict[str, Any], transition: float, budget: float) -> Row:
    name = f"pulumi destroy, {run['trackers']} trackers, T={transition:g} s"
    note = f"{run['at_once']} at once, first delete +{run['to_first']:.2f} s"
    return Row(name, run["seconds"], "s", Goal(round(budget, 2)), note)


def _median_up(ctx: Context, count: int, repeats: int) -> dict[str, Any]:
    tries = sorted((_one_up(ctx, count, parallel_for(count)) for _ in range(repeats)), key=lambda r: r["seconds"])
    return {**tries[len(tries) // 2], "all_seconds": [t["seconds"] for t in tries]}


def _trackers_stack(ctx: Context, count: int, label: str) -> Stack:
    """A fresh stack of `count` trackers on fresh ACTIVE groups (the emulator reset first)."""
    ctx.emulator.reset()
    groups = ctx.active_groups(count, label)
    return configure_trackers(ctx.new_stack(label, TRACKERS), groups)


def _one_up(ctx: Context, count: int, parallel: tuple[str, ...]) -> dict[str, Any]:
    """`up` of `count` trackers, creates taking T, timed and cut by the emulator's timestamps."""
    stack = _trackers_stack(ctx, count, f"scale-{count}")
    ctx.emulator.set_timings(ctx.sizes.scale_transition, 0)
    seconds, start, _end = timed(stack, *UP, *parallel)
    return {**_cut(ctx, count, seconds, start, CREATING), "parallel": list(parallel)}


def _destroy(ctx: Context, count: int) -> dict[str, Any]:
    """`destroy` of `count` trackers (created at once first, untimed), deletes taking T."""
    stack = _trackers_stack(ctx, count, f"scale-destroy-{count}")
    ctx.emulator.set_timings(0, 0)
    stack.pulumi(*UP, *PARALLEL)
    ctx.emulator.set_timings(0, ctx.sizes.scale_transition)
    seconds, start, _end = timed(stack, *DESTROY, *PARALLEL)
    return _cut(ctx, count, seconds, start, DELETING)


def _cut(ctx: Context, count: int, seconds: float, start: float, moments: tuple[str, str]) -> dict[str, Any]:
    """A timed run's numbers: how many transitions overlapped, when the first began, the timeline."""
    began, ended = moments
    trackers = [r for r in ctx.emulator.resources() if r["kind"] == "event-tracker" and r.get(ended)]
    return {
        "trackers": count,
        "transition": ctx.sizes.scale_transition,
        "seconds": seconds,
        "at_once": most_at_once(trackers, began, ended),
        "to_first": min(r[began] for r in trackers) - start,
        "timeline": sorted((round(r[began] - start, 3), round(r[ended] - start, 3)) for r in trackers),
    }


def _fixed_overhead(ctx: Context) -> float:
    """Item 2's median tracker up; measured here (a single up) when item 2 did not run."""
    if "overhead_seconds" not in ctx.shared:
        ctx.log("  (overhead not measured yet: one tracker up with T=0)")
        (group,) = ctx.active_groups(1, "scale-overhead")
        stack = configure_trackers(ctx.new_stack("scale-overhead", TRACKERS), [group])
        ctx.shared["overhead_seconds"] = median([timed(stack, *UP)[0]])
    fixed: float = ctx.shared["overhead_seconds"]
    return fixed


def explain(ctx: Context, result: SectionResult) -> None:
    """Every run's timeline (from the emulator), then a profiled up of the largest N that missed its goal."""
    lines = [
        "Seconds after the command started: (begin, end) of every tracker's transition, from the emulator.",
        f"Our wait polls {schedule.label()}: at T={result.data['transition']:g} s its Describe after ACTIVE comes "
        f"{schedule.lag_at(result.data['transition']):.2f} s late.",
        "",
    ]
    runs = [*result.data["runs"], *filter(None, [result.data.get("destroy"), result.data.get("default_parallel")])]
    for run in runs:
        lines += [
            f"N={run['trackers']} {_command(run)}: {run['seconds']:.2f} s "
            f"(budget {result.data['budget']:.2f} s), {run['at_once']} at once, first +{run['to_first']:.2f} s",
            *(f"    {began:7.2f} -> {ended:7.2f}" for began, ended in run["timeline"]),
        ]
    names = [attribution.write(ctx, "scale-timeline.txt", lines)]
    missed = [run["trackers"] for run in result.data["runs"] if run["seconds"] > result.data["budget"]]
    if missed:
        names.append(_profile(ctx, max(missed), result.data["transition"]))
    for row in result.missed:
        row.evidence.extend(names)


def _command(run: dict[str, Any]) -> str:
    if "parallel" not in run:
        return f"destroy {' '.join(PARALLEL)}"
    return f"up {' '.join(run['parallel']) or 'with the default --parallel'}"


def _profile(ctx: Context, count: int, transition: float) -> str:
    ctx.emulator.reset()
    groups = ctx.active_groups(count, "scale-profiled")
    ctx.emulator.set_timings(transition, 0)

    def trackers(directory: Path) -> Stack:
        return configure_trackers(ctx.new_stack(f"profiled-scale-{count}", TRACKERS, directory), groups)

    return profiles.capture(ctx, f"scale-{count}", [(f"{count} trackers", trackers, (*UP, *PARALLEL))]).name
