"""Item 3: `pulumi up` of N trackers, each on its own existing dataset group, every create taking T.

The Python dynamic provider server answers at most 4 calls at once (a 4-thread gRPC pool), so N trackers
take at least ceil(N/4) x T: the floor. Goal: at most (floor + the fixed overhead of item 2) + 10%.
The emulator's timestamps give how many creates really overlapped.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from testkit.stack import Stack

from . import attribution, profiles, schedule
from .context import UP, Context, timed
from .measure import Goal, Row, SectionResult, join_notes, median, slow_runs
from .programs import TRACKERS, configure_trackers

SERVER_THREADS = 4
MARGIN = 1.10


def run(ctx: Context) -> SectionResult:
    transition, repeats = ctx.sizes.scale_transition, ctx.sizes.scale_repeats
    fixed = _fixed_overhead(ctx)
    rows: list[Row] = []
    runs: list[dict[str, Any]] = []
    for count in ctx.sizes.scale_counts:
        tries = sorted((_one_up(ctx, count, transition, fixed) for _ in range(repeats)), key=lambda r: r["seconds"])
        run = {**tries[len(tries) // 2], "all_seconds": [t["seconds"] for t in tries]}  # the median run
        runs.append(run)
        rows.append(
            Row(
                f"pulumi up, {count} tracker{'s' if count > 1 else ''}, T={transition:g} s"
                + (f" (median of {repeats})" if repeats > 1 else ""),
                run["seconds"],
                "s",
                Goal(round(run["budget"], 2)),
                _note(run),
            )
        )
    data = {"transition": transition, "fixed_overhead": fixed, "margin": MARGIN, "repeats": repeats, "runs": runs}
    return SectionResult("scale", "3. Scale: N trackers in one pulumi up", rows, data)


def _note(run: dict[str, Any]) -> str:
    turnarounds = run["slot_turnarounds"]
    return join_notes(
        f"floor {run['floor']:g} s, {run['max_concurrent_creates']} at once, our poll lag at T "
        f"{run['schedule_lag']:.2f} s/wave"
        + (f", ACTIVE -> next create {median(turnarounds):.2f} s" if turnarounds else ""),
        slow_runs(run["all_seconds"]),
    )


def _one_up(ctx: Context, count: int, transition: float, fixed: float) -> dict[str, Any]:
    """A fresh stack of `count` trackers on fresh groups, `up` timed and cut by the emulator's timestamps."""
    ctx.emulator.reset()
    groups = ctx.active_groups(count, f"scale-{count}")
    stack = configure_trackers(ctx.new_stack(f"scale-{count}", TRACKERS), groups)
    ctx.emulator.set_timings(transition, 0)
    seconds, start, end = timed(stack, *UP)
    trackers = [r for r in ctx.emulator.resources() if r["kind"] == "event-tracker"]
    floor = math.ceil(count / SERVER_THREADS) * transition
    first, last = min(r["createdAt"] for r in trackers), max(r["activeAt"] for r in trackers)
    return {
        "trackers": count,
        "seconds": seconds,
        "floor": floor,
        "budget": MARGIN * (floor + fixed),
        "max_concurrent_creates": _max_overlap(trackers),
        "to_first_create": first - start,
        "first_create_to_last_active": last - first,
        "after_last_active": end - last,
        "schedule_lag": schedule.lag_at(transition),
        "slot_turnarounds": _slot_turnarounds(trackers),
        "timeline": sorted((round(r["createdAt"] - start, 3), round(r["activeAt"] - start, 3)) for r in trackers),
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


def _slot_turnarounds(trackers: list[dict[str, Any]]) -> list[float]:
    """For each create that had to wait for a free server thread: seconds from the ACTIVE that freed it."""
    created = sorted(r["createdAt"] for r in trackers)
    active = sorted(r["activeAt"] for r in trackers)
    return [created[i] - active[i - SERVER_THREADS] for i in range(SERVER_THREADS, len(created))]


def _max_overlap(trackers: list[dict[str, Any]]) -> int:
    """The most trackers that were creating (between createdAt and activeAt) at one moment."""
    events = sorted([(r["createdAt"], 1) for r in trackers] + [(r["activeAt"], -1) for r in trackers])
    current = best = 0
    for _moment, step in events:
        current += step
        best = max(best, current)
    return best


def explain(ctx: Context, result: SectionResult) -> None:
    """The create timeline of every run (from the emulator), then a profiled up of the largest missed N."""
    lines = [
        "Seconds after `pulumi up` started: (createdAt, activeAt) of every tracker, from the emulator.",
        f"Our wait's sleeps before each Describe: {schedule.label()}: "
        f"at T={result.data['transition']:g} s its first Describe after ACTIVE comes "
        f"{schedule.lag_at(result.data['transition']):.2f} s late, and a server thread (one of {SERVER_THREADS}) "
        "stays busy until then, so each wave of creates pays that lag once more.",
        "",
    ]
    for run in result.data["runs"]:
        lines += [
            f"N={run['trackers']}: {run['seconds']:.2f} s, the median of {[round(t, 2) for t in run['all_seconds']]} "
            f"(budget {run['budget']:.2f} s, floor {run['floor']:g} s); "
            f"first create +{run['to_first_create']:.2f} s; after last ACTIVE {run['after_last_active']:.2f} s; "
            f"ACTIVE -> next create (s): {[round(t, 2) for t in run['slot_turnarounds']]}",
            *(f"    {created:7.2f} -> {active:7.2f}" for created, active in run["timeline"]),
        ]
    names = [attribution.write(ctx, "scale-timeline.txt", lines)]
    missed_counts = [run["trackers"] for run in result.data["runs"] if run["seconds"] > run["budget"]]
    count = max(missed_counts)
    ctx.emulator.reset()
    groups = ctx.active_groups(count, "scale-profiled")
    ctx.emulator.set_timings(result.data["transition"], 0)

    def trackers(directory: Path) -> Stack:
        return configure_trackers(ctx.new_stack(f"profiled-scale-{count}", TRACKERS, directory), groups)

    names.append(profiles.capture(ctx, f"scale-{count}", [(f"{count} trackers", trackers, UP)]).name)
    for row in result.missed:
        row.evidence.extend(names)
