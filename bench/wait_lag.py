"""Item 1: how late a create returns after the tracker turned ACTIVE, and how many Describe calls it took:
our provider's create (in process) against the peers' polling strategies, all at once on one emulator.

Lag = the moment the create returned minus the emulator's `activeAt` for that tracker.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
from dataclasses import dataclass
from typing import Any

from pulumi_personalize.lifecycle import polling

from . import ours, schedule
from .context import Context
from .measure import Goal, Row, SectionResult, format_number, median
from .report import text_table
from .strategies import PEER_LABELS, Waited, create_and_wait

OURS = "ours"
LAG_GOALS = {2.0: 1.0, 45.0: 3.0}  # T -> the most median lag allowed
CALL_GOALS = {45.0: 25}  # T -> the most Describe calls allowed per create
LAUNCH_TIMEOUT = 30.0
_OURS_LABEL = f"ours ({schedule.label()})"


@dataclass(frozen=True)
class Job:
    strategy: str
    transition: float
    index: int
    group_arn: str

    @property
    def label(self) -> str:
        seconds = f"{self.transition:g}".replace(".", "p")  # names allow letters, digits, - and _
        return f"bench-{self.strategy}-{seconds}s-{self.index}"


def run(ctx: Context) -> SectionResult:
    sizes = ctx.sizes
    ctx.emulator.reset()
    strategies = [OURS, *sizes.peers]
    transitions = sorted({*sizes.transitions, *sizes.lag_curve}, reverse=True)  # the longest start first
    count = len(transitions) * len(strategies) * sizes.parallel_creates
    groups = iter(ctx.active_groups(count, "wait"))
    jobs = [
        Job(strategy, transition, index, next(groups))
        for transition in transitions
        for strategy in strategies
        for index in range(sizes.parallel_creates)
    ]
    ctx.log(
        f"  {len(jobs)} creates at once ({len(strategies)} strategies x T={list(transitions)} x "
        f"{sizes.parallel_creates}); the longest takes {max(transitions):g} s"
    )
    calls_before = ctx.emulator.calls()
    progress = io.StringIO()
    with ours.provider_environment(ctx.emulator.endpoint_url), contextlib.redirect_stderr(progress):
        counter = ours.DescribeCounter()
        waited = _run_jobs(ctx, jobs, counter, max(transitions) * 3 + 60)
    calls_after = ctx.emulator.calls()
    truth = {record["arn"]: record for record in ctx.emulator.resources()}
    measured = [_measure(wait, truth[wait.arn]) for wait in waited]
    counted = sum(len(wait.describes) for wait in waited)
    emulated = calls_after.get("DescribeEventTracker", 0) - calls_before.get("DescribeEventTracker", 0)
    data: dict[str, Any] = {
        "parallel_creates": sizes.parallel_creates,
        "transitions": sorted(transitions),  # every T run
        "row_transitions": list(sizes.transitions),  # the T's with rows in the table (the others: the matrix)
        "describe_calls_counted": counted,
        "describe_calls_seen_by_emulator": emulated,
        "by_strategy": _by_strategy(measured),
        "creates": measured,
        "schedule": {"first_delay": polling.FIRST_DELAY, "growth": polling.GROWTH, "max_delay": polling.MAX_DELAY},
    }
    if counted != emulated:
        raise RuntimeError(f"Describe calls counted ({counted}) differ from the emulator's ({emulated})")
    return SectionResult("wait", "1. Create: wait lag and Describe calls", _rows(data), data, [_matrix(data)])


def _run_jobs(ctx: Context, jobs: list[Job], counter: ours.DescribeCounter, timeout: float) -> list[Waited]:
    """Start each T's jobs once the emulator is set to that T and has seen the previous batch's creates."""
    results: list[Waited] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    client = ctx.personalize()

    def work(job: Job) -> None:
        try:
            waited = _one(job, client, counter, timeout)
        except BaseException as failure:  # reported below, after every thread is done
            with lock:
                failures.append(failure)
            return
        with lock:
            results.append(waited)

    threads: list[threading.Thread] = []
    base = _trackers_created(ctx)
    for transition in dict.fromkeys(job.transition for job in jobs):
        ctx.emulator.set_timings(transition, 0)
        batch = [job for job in jobs if job.transition == transition]
        for job in batch:
            thread = threading.Thread(target=work, args=(job,), name=job.label, daemon=True)
            thread.start()
            threads.append(thread)
        _await_creates(ctx, base + len(threads), failures)
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    if failures:
        raise RuntimeError(f"{len(failures)} creates failed; the first: {failures[0]!r}")
    if len(results) != len(jobs):
        raise RuntimeError(f"only {len(results)} of {len(jobs)} creates finished in {timeout:.0f} s")
    return results


def _trackers_created(ctx: Context) -> int:
    return sum(record["kind"] == "event-tracker" for record in ctx.emulator.resources())


def _await_creates(ctx: Context, expected: int, failures: list[BaseException]) -> None:
    """Wait until the emulator holds `expected` trackers: only then is each one's create time fixed
    (a call is counted before it is handled, so the call counter would race with the next set_timings)."""
    deadline = time.monotonic() + LAUNCH_TIMEOUT
    while time.monotonic() < deadline and not failures:
        if _trackers_created(ctx) >= expected:
            return
        time.sleep(0.02)
    raise RuntimeError(f"the emulator did not create {expected} trackers: {failures[:1]!r}")


def _one(job: Job, client: Any, counter: ours.DescribeCounter, timeout: float) -> Waited:
    if job.strategy == OURS:
        arn, returned_at = ours.create(job.label, job.group_arn)
        return Waited(OURS, job.transition, arn, returned_at, counter.moments(job.label))
    return create_and_wait(client, job.strategy, job.transition, job.label, job.group_arn, timeout)


def _measure(wait: Waited, record: dict[str, Any]) -> dict[str, Any]:
    created, active = record["createdAt"], record["activeAt"]
    if active is None or abs((active - created) - wait.transition) > 1e-3:
        raise RuntimeError(f"{wait.arn}: the emulator says {created} -> {active}, not a {wait.transition} s create")
    return {
        "strategy": wait.strategy,
        "transition": wait.transition,
        "arn": wait.arn,
        "lag": wait.returned_at - active,
        "describe_calls": len(wait.describes),
        "describes_after_create": [round(moment - created, 3) for moment in wait.describes],
        "returned_after_create": round(wait.returned_at - created, 3),
    }


def _by_strategy(measured: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for item in measured:
        summary.setdefault(item["strategy"], {}).setdefault(f"{item['transition']:g}", {})
    for strategy, per_t in summary.items():
        for key in per_t:
            group = [m for m in measured if m["strategy"] == strategy and f"{m['transition']:g}" == key]
            lags = [m["lag"] for m in group]
            calls = [float(m["describe_calls"]) for m in group]
            per_t[key] = {
                "lag_median": median(lags),
                "lag_max": max(lags),
                "calls_median": median(calls),
                "calls_max": max(calls),
            }
    return summary


def _rows(data: dict[str, Any]) -> list[Row]:
    ours_summary = data["by_strategy"][OURS]
    rows: list[Row] = []
    for transition in sorted({*data.get("row_transitions", data["transitions"]), *LAG_GOALS, *CALL_GOALS}):
        stats = ours_summary.get(f"{transition:g}")
        lag_goal, call_goal = LAG_GOALS.get(transition), CALL_GOALS.get(transition)
        if stats is None:
            if lag_goal is not None or call_goal is not None:
                rows.append(Row(f"ours: T={transition:g} s", None, note="T not run at these sizes"))
            continue
        rows.append(
            Row(
                f"ours: lag after ACTIVE, T={transition:g} s (median)",
                stats["lag_median"],
                "s",
                None if lag_goal is None else Goal(lag_goal),
                f"max {format_number(stats['lag_max'])} s",
            )
        )
        rows.append(
            Row(
                f"ours: Describe calls per create, T={transition:g} s (max)",
                stats["calls_max"],
                "",
                None if call_goal is None else Goal(float(call_goal)),
                f"median {format_number(stats['calls_median'])}",
            )
        )
    return rows


def _matrix(data: dict[str, Any]) -> str:
    """Lag (median / max) and Describe calls (median) of each strategy (a column) at each T (a line)."""
    strategies = sorted(data["by_strategy"], key=lambda name: [OURS, *PEER_LABELS, name].index(name))
    header = ["T", *[_OURS_LABEL if name == OURS else PEER_LABELS.get(name, name) for name in strategies]]
    lines: list[list[str]] = []
    for transition in sorted(data["transitions"]):
        key = f"{transition:g}"
        cells = [f"{key} s"]
        for strategy in strategies:
            stats = data["by_strategy"][strategy][key]
            cells.append(
                f"{stats['lag_median']:.2f} / {stats['lag_max']:.2f} s, {format_number(stats['calls_median'])}"
            )
        lines.append(cells)
    return text_table(header, lines) + "\n(each cell: lag after ACTIVE median / max, Describe calls median)"


def explain(ctx: Context, result: SectionResult) -> None:
    """Evidence for a missed wait goal: when each of our Describe calls went out, against ACTIVE."""
    path = ctx.evidence_path("wait-timeline.txt")
    lines = [
        "Our creates: Describe moments, seconds after the emulator's createdAt (ACTIVE at T).",
        f"Schedule (sleep before each Describe): {', '.join(f'{delay:.2f}' for delay in schedule.sleeps(12))} ...",
        "",
    ]
    for item in result.data["creates"]:
        if item["strategy"] != OURS:
            continue
        lines.append(
            f"T={item['transition']:g} s  lag {item['lag']:.2f} s  calls {item['describe_calls']}  "
            f"returned +{item['returned_after_create']:.2f}  describes at {item['describes_after_create']}"
        )
    path.write_text("\n".join(lines) + "\n")
    for row in result.missed:
        row.evidence.append(path.name)
