"""Item 2: the fixed cost of `pulumi up` with one tracker whose transitions are instant (create and delete
seconds 0), against one no-op dynamic resource, alternating in the same run; medians of a few repeats.

Each up is cut into phases with ground truth: the emulator's createdAt/activeAt for the tracker, the
`createdAt` the no-op provider records for itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pulumi_personalize.lifecycle import polling

from testkit.stack import Stack

from . import attribution, profiles
from .context import DESTROY, UP, Context, timed
from .measure import Goal, Row, SectionResult, join_notes, median, slow_runs
from .programs import NOOP_TYPE, NOOPS, NOOPS_WITH_BOTO3, TRACKERS, configure_noops, configure_trackers

RATIO_GOAL = 1.3


def run(ctx: Context) -> SectionResult:
    ctx.emulator.reset()
    (group,) = ctx.active_groups(1, "overhead")
    stacks = {
        "tracker": configure_trackers(ctx.new_stack("overhead-tracker", TRACKERS), [group]),
        "noop": configure_noops(ctx.new_stack("overhead-noop", NOOPS), 1),
    }
    if ctx.sizes.warm_up:
        for stack in stacks.values():
            stack.pulumi(*UP)
            stack.pulumi(*DESTROY)
    runs: dict[str, list[dict[str, float]]] = {"tracker": [], "noop": []}
    for repeat in range(ctx.sizes.overhead_repeats):
        order = list(stacks) if repeat % 2 == 0 else list(reversed(stacks))
        for kind in order:
            seconds, start, end = timed(stacks[kind], *UP)
            moment = _tracker_moments(ctx, start, end) if kind == "tracker" else _noop_moments(stacks[kind])
            runs[kind].append({"seconds": seconds, **_phases(start, end, *moment)})
        for stack in stacks.values():
            stack.pulumi(*DESTROY)
    summary = {kind: {key: median([run[key] for run in values]) for key in values[0]} for kind, values in runs.items()}
    tracker, noop = summary["tracker"], summary["noop"]
    ctx.shared["overhead_seconds"] = tracker["seconds"]
    ratio = tracker["seconds"] / noop["seconds"]
    rows = [
        Row(
            f"pulumi up, 1 tracker, T=0 (median of {len(runs['tracker'])})",
            tracker["seconds"],
            "s",
            note=join_notes(_phase_note(tracker), slow_runs([run["seconds"] for run in runs["tracker"]])),
        ),
        Row(
            f"pulumi up, 1 no-op resource (median of {len(runs['noop'])})",
            noop["seconds"],
            "s",
            note=join_notes(_phase_note(noop), slow_runs([run["seconds"] for run in runs["noop"]])),
        ),
        Row("ratio tracker / no-op", ratio, "x", Goal(RATIO_GOAL)),
    ]
    data: dict[str, Any] = {"runs": runs, "medians": summary, "ratio": ratio}
    return SectionResult("overhead", "2. Fixed overhead of pulumi up", rows, data)


def _tracker_moments(ctx: Context, start: float, end: float) -> tuple[float, float]:
    (record,) = [r for r in ctx.emulator.resources() if r["kind"] == "event-tracker" and start <= r["createdAt"] <= end]
    return record["createdAt"], record["activeAt"]


def _noop_moments(stack: Stack) -> tuple[float, float]:
    (resource,) = [r for r in stack.resources() if r["type"] == NOOP_TYPE]
    created = float(resource["outputs"]["createdAt"])
    return created, created


def _phases(start: float, end: float, created: float, active: float) -> dict[str, float]:
    """Seconds from the start of `pulumi up` to the create call, in the create, and after it until the end."""
    return {"to_create": created - start, "in_create": active - created, "after_create": end - active}


def _phase_note(phases: dict[str, float]) -> str:
    return (
        f"to create {phases['to_create']:.2f} s, AWS {phases['in_create']:.2f} s, "
        f"after ACTIVE/create {phases['after_create']:.2f} s"
    )


def explain(ctx: Context, result: SectionResult) -> None:
    """Time the no-op + boto3 yardstick beside the tracker and the no-op, then profile one up of each."""
    ctx.emulator.reset()
    (group,) = ctx.active_groups(1, "overhead-attribution")
    stacks = {
        "tracker (T=0)": configure_trackers(ctx.new_stack("attribution-tracker", TRACKERS), [group]),
        "no-op": configure_noops(ctx.new_stack("attribution-noop", NOOPS), 1),
        "no-op + boto3 import": configure_noops(ctx.new_stack("attribution-noop-boto3", NOOPS_WITH_BOTO3), 1),
    }
    repeats = max(3, ctx.sizes.overhead_repeats)
    times = attribution.medians(stacks, UP, repeats, undo=DESTROY)
    phases = result.data["medians"]
    lines = [
        *attribution.describe(f"pulumi up of 1 resource, median of {repeats}:", times, *stacks),
        "",
        "Phases of the measured runs (medians; ground truth: emulator createdAt/activeAt, the no-op's createdAt):",
        f"  tracker: {_phase_note(phases['tracker'])}",
        f"  no-op:   {_phase_note(phases['noop'])}",
        "Our create describes the tracker at once, then sleeps from "
        f"{polling.FIRST_DELAY} s: with T=0 the 'after ACTIVE' phase is that Describe, "
        "the engine's own finish (the no-op's) and the provider process's exit.",
    ]
    names = [attribution.write(ctx, "overhead-attribution.txt", lines)]

    (profiled_group,) = ctx.active_groups(1, "overhead-profiled")

    def tracker(directory: Path) -> Stack:
        return configure_trackers(ctx.new_stack("profiled-tracker", TRACKERS, directory), [profiled_group])

    def noop(directory: Path) -> Stack:
        return configure_noops(ctx.new_stack("profiled-noop", NOOPS, directory), 1)

    names.append(profiles.capture(ctx, "overhead", [("tracker", tracker, UP), ("noop", noop, UP)]).name)
    for row in result.missed:
        row.evidence.extend(names)
