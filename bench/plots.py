"""The bench's pictures: PNG plots of a run's JSON document (`report.to_json`), written beside the JSON.

One function per figure, each reading its section's `data` (the same dict in memory or loaded back):
`wait_lag` (item 1), `scale_up` (item 3), `fleet_costs` (items 4 and 5). Measured points are markers; a line
worked out from a polling schedule is labelled a model.

matplotlib is a bench extra (`pip install 'pulumi-personalize[bench]'`), imported here only when a figure is
drawn (the Agg backend, no pyplot state), so the rest of the bench runs without it.
`python -m bench.plots [JSON]` redraws the plots of an existing run (default: bench/results/latest.json).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import schedule
from .fleet import PREVIEW_RATIO_GOAL, REFRESH_CALLS_GOAL
from .scale import MARGIN, SLACK_SECONDS
from .strategies import PEER_LABELS, PEERS
from .wait_lag import CALL_GOALS, LAG_GOALS, OURS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

INSTALL = "pip install 'pulumi-personalize[bench]'"
FILES = {"wait": "wait-lag.png", "scale": "scale-up.png", "fleet": "fleet-preview-refresh.png"}
DPI = 110
GOAL_COLOUR = "tab:red"
COLOURS = {
    OURS: "tab:blue",
    "cdk-fixed-5s": "tab:orange",
    "terraform-backoff-10s": "tab:green",
    "aws-samples-fixed-15s": "tab:purple",
}
NOOP_COLOUR = "tab:gray"


class MissingMatplotlib(RuntimeError):
    """matplotlib is not installed, and plots were asked for."""


def require() -> None:
    """Fail at once (before a long run) when the plots cannot be drawn."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as missing:
        raise MissingMatplotlib(f"the bench's plots need matplotlib: {INSTALL} (or pass --no-plots)") from missing


def write_all(document: Mapping[str, Any], directory: Path) -> list[Path]:
    """Every figure whose section is in the document, into `directory`; the paths written."""
    require()
    drawers: dict[str, Callable[[Mapping[str, Any], Path, Mapping[str, Any]], None]] = {
        "wait": wait_lag,
        "scale": scale_up,
        "fleet": fleet_costs,
    }
    written: list[Path] = []
    for key, draw in drawers.items():
        if key in document["sections"]:
            path = directory / FILES[key]
            draw(document["sections"][key]["data"], path, document["meta"])
            written.append(path)
    return written


# Item 1 -------------------------------------------------------------------------------------------------


def poll_moments(strategy: str, until: float) -> list[float]:
    """Seconds after the create at which a strategy's Describe calls go out (no request latency), past `until`."""
    sleeps: Iterable[float] = schedule.sleeps(schedule.LIMIT) if strategy == OURS else PEERS[strategy]()
    moments = list(itertools.accumulate(sleeps))
    end = bisect.bisect_left(moments, until)
    if end >= len(moments):
        raise ValueError(f"{strategy}: no Describe at or after {until} s")
    return moments[: end + 1]


def model_lag(moments: Sequence[float], low: float, high: float) -> tuple[list[float], list[float]]:
    """The lag after ACTIVE of a schedule polling at `moments`, for T in [low, high]: exact sawtooth vertices."""
    xs: list[float] = []
    ys: list[float] = []
    for before, moment in itertools.pairwise(moments):
        start, end = max(before, low), min(moment, high)
        if start < end:
            xs += [start, end]
            ys += [moment - start, moment - end]
    return xs, ys


def model_calls(moments: Sequence[float], low: float, high: float) -> tuple[list[float], list[float]]:
    """Describe calls until a schedule sees ACTIVE, for T in [low, high] (a step function, steps after)."""
    xs, ys = [low], [float(bisect.bisect_left(moments, low) + 1)]
    for index, moment in enumerate(moments):
        if low < moment < high:
            xs.append(moment)
            ys.append(float(index + 2))  # just past a poll moment, the next poll is the one that sees ACTIVE
    xs.append(high)
    ys.append(ys[-1])
    return xs, ys


def wait_lag(data: Mapping[str, Any], path: Path, meta: Mapping[str, Any]) -> None:
    """Lag after ACTIVE and Describe calls against T: ours and the peers' strategies, measured and modelled."""
    from matplotlib.lines import Line2D

    by_strategy: Mapping[str, Mapping[str, Mapping[str, float]]] = data["by_strategy"]
    transitions = sorted(float(t) for t in data["transitions"])
    low, high = min(transitions), max(transitions)
    creates = int(data["parallel_creates"])
    figure = _figure(13, 8.5)
    lag_axes, calls_axes = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    strategies = [name for name in COLOURS if name in by_strategy] + [n for n in by_strategy if n not in COLOURS]
    handles: list[Any] = []
    for strategy in strategies:
        colour = COLOURS.get(strategy, "black")
        moments = poll_moments(strategy, high)
        ours = strategy == OURS
        model = {"color": colour, "linestyle": "--", "linewidth": 1.6 if ours else 1.0, "alpha": 0.9 if ours else 0.55}
        lag_axes.plot(*model_lag(moments, low, high), **model, zorder=2.5 if ours else 2)
        calls_axes.step(*model_calls(moments, low, high), where="post", **model)
        points = sorted((float(key), stats) for key, stats in by_strategy[strategy].items())
        ts = [t for t, _ in points]
        lags = [stats["lag_median"] for _, stats in points]
        above = [stats["lag_max"] - stats["lag_median"] for _, stats in points]
        lag_axes.errorbar(
            ts, lags, yerr=[[0.0] * len(ts), above], color=colour, marker="o", linestyle="none", capsize=3, zorder=3
        )
        calls_axes.plot(ts, [stats["calls_median"] for _, stats in points], color=colour, marker="o", linestyle="none")
        label = f"ours ({schedule.label()})" if strategy == OURS else PEER_LABELS.get(strategy, strategy)
        handles.append(Line2D([], [], color=colour, marker="o", linestyle="--", label=label))
    lag_goals = [(t, limit) for t, limit in LAG_GOALS.items() if low <= t <= high]
    call_goals = [(t, float(limit)) for t, limit in CALL_GOALS.items() if low <= t <= high]
    _goal_marks(lag_axes, lag_goals, "s")
    _goal_marks(calls_axes, call_goals, "")
    handles += [
        Line2D([], [], color="black", marker="o", linestyle="none", label=f"measured: median of {creates} (bar: max)"),
        Line2D([], [], color="black", linestyle="--", linewidth=1, label="model: the schedule's poll moments"),
    ]
    if lag_goals or call_goals:
        handles.append(_goal_handle("goal for ours (at most)", marker="v"))
    figure.legend(handles=handles, loc="outside right upper", fontsize="small")
    lag_axes.set_title("Create: how late each strategy returns after the tracker turned ACTIVE")
    lag_axes.set_ylabel("lag after ACTIVE (s)")
    lag_axes.set_ylim(bottom=0)
    calls_axes.set_title("Describe calls per create", fontsize="medium")
    calls_axes.set_ylabel("Describe calls")
    calls_axes.set_ylim(bottom=0)
    calls_axes.set_xlabel("T: the tracker's create transition (s)")
    calls_axes.set_xlim(0, high + 1)
    for axes in (lag_axes, calls_axes):
        axes.grid(alpha=0.3)
    _save(figure, path, meta, "the model leaves out request latency, which adds up over a schedule's polls")


def _goal_marks(axes: Axes, goals: Sequence[tuple[float, float]], unit: str) -> None:
    for t, limit in goals:
        axes.plot([t], [limit], marker="v", markersize=10, color=GOAL_COLOUR, linestyle="none", zorder=4)
        axes.annotate(
            f"goal ≤ {limit:g}{' ' + unit if unit else ''}",
            (t, limit),
            textcoords="offset points",
            xytext=(-8, 8),
            ha="right",
            color=GOAL_COLOUR,
            fontsize="small",
        )


# Item 3 -------------------------------------------------------------------------------------------------


def scale_up(data: Mapping[str, Any], path: Path, meta: Mapping[str, Any]) -> None:
    """`pulumi up` time against N trackers (all at once), beside T and T + the fixed overhead, and the goal."""
    transition, fixed, budget = float(data["transition"]), float(data["fixed_overhead"]), float(data["budget"])
    runs: Sequence[Mapping[str, Any]] = data["runs"]
    counts = [int(run["trackers"]) for run in runs]
    figure = _figure(9, 6)
    axes = figure.subplots()
    repeats = max(len(run.get("all_seconds", [run["seconds"]])) for run in runs)
    axes.plot(
        counts,
        [run["seconds"] for run in runs],
        color=COLOURS[OURS],
        marker="o",
        label="pulumi up --parallel 64" + (f" (median of {repeats})" if repeats > 1 else ""),
        zorder=3,
    )
    if repeats > 1:
        xs = [int(run["trackers"]) for run in runs for _ in run["all_seconds"]]
        ys = [seconds for run in runs for seconds in run["all_seconds"]]
        axes.plot(xs, ys, color=COLOURS[OURS], marker=".", linestyle="none", alpha=0.5, label="each run")
    for run in runs:
        axes.annotate(
            "all at once" if run["at_once"] == run["trackers"] else f"{run['at_once']} at once",
            (run["trackers"], run["seconds"]),
            textcoords="offset points",
            xytext=(0, -16),
            ha="center",
            fontsize="x-small",
            color=COLOURS[OURS],
        )
    extra = {key: data[key] for key in ("default_parallel", "destroy") if data.get(key)}
    if "default_parallel" in extra:
        run = extra["default_parallel"]
        axes.plot(
            [run["trackers"]],
            [run["seconds"]],
            color="tab:orange",
            marker="s",
            linestyle="none",
            label=f"pulumi up, the engine's default --parallel ({run['at_once']} at once: no goal)",
        )
    if "destroy" in extra:
        run = extra["destroy"]
        axes.plot(
            [run["trackers"]],
            [run["seconds"]],
            color="tab:green",
            marker="D",
            linestyle="none",
            label="pulumi destroy --parallel 64 (deletes taking T)",
        )
    axes.axhline(
        budget, color=GOAL_COLOUR, linestyle="--", label=f"goal: {MARGIN:g} x (T + overhead) + {SLACK_SECONDS:g} s"
    )
    axes.axhline(
        transition + fixed,
        color="black",
        linestyle="-.",
        linewidth=1,
        label=f"T + fixed overhead ({fixed:.2f} s: 1 tracker up with T=0, item 2)",
    )
    axes.axhline(transition, color="black", linestyle=":", linewidth=1, label="T: one create's transition")
    for value in (budget, transition + fixed, transition):
        axes.annotate(
            f"{value:.2f} s",
            (1, value),
            xycoords=("axes fraction", "data"),
            xytext=(4, -3),
            textcoords="offset points",
            fontsize="x-small",
            va="center",
        )
    every = sorted({*counts, *(int(run["trackers"]) for run in extra.values())})
    axes.set_xscale("log", base=2)
    axes.set_xticks(every)
    axes.set_xticklabels([str(n) for n in every])
    axes.minorticks_off()
    axes.set_xlim(min(every) / 1.4, max(every) * 1.4)
    top = max([budget, *(run["seconds"] for run in [*runs, *extra.values()])])
    axes.set_ylim(0, top * 1.3)
    axes.set_title(f"pulumi up of N trackers, each create taking T = {transition:g} s")
    axes.set_xlabel("N: trackers in the stack (log scale)")
    axes.set_ylabel("wall time of the command (s)")
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", fontsize="small", framealpha=0.95)
    _save(figure, path, meta, "every tracker on its own existing dataset group; each N a fresh stack")


# Items 4 and 5 ------------------------------------------------------------------------------------------


def fleet_costs(data: Mapping[str, Any], path: Path, meta: Mapping[str, Any]) -> None:
    """Preview and refresh time against N, trackers beside no-op dynamic resources, and AWS calls per tracker."""
    measured: Sequence[Mapping[str, Any]] = sorted(data.get("by_count") or [data], key=lambda m: int(m["resources"]))
    counts = [int(m["resources"]) for m in measured]
    figure = _figure(15, 5.2)
    preview_axes, refresh_axes, calls_axes = figure.subplots(1, 3)
    for axes, key, medians, what in (
        (preview_axes, "previews", "preview_medians", "pulumi preview --expect-no-changes"),
        (refresh_axes, "refreshes", "refresh_medians", "pulumi refresh"),
    ):
        repeats = max(len(m[key]["tracker"]) for m in measured)
        for kind, colour, label in (("tracker", COLOURS[OURS], "trackers"), ("noop", NOOP_COLOUR, "no-op resources")):
            axes.plot(counts, [m[medians][kind] for m in measured], color=colour, marker="o", label=f"{label} (median)")
            xs = [int(m["resources"]) for m in measured for _ in m[key][kind]]
            ys = [run["seconds"] for m in measured for run in m[key][kind]]
            axes.plot(xs, ys, color=colour, marker=".", linestyle="none", alpha=0.5)
        axes.set_title(f"{what}\n(median of {repeats}; dots: each run)", fontsize="medium")
        axes.set_ylabel("wall time of the command (s)")
    goal = [PREVIEW_RATIO_GOAL * m["preview_medians"]["noop"] for m in measured]
    preview_axes.plot(
        counts,
        goal,
        color=GOAL_COLOUR,
        linestyle="--",
        marker="_",
        markersize=14,
        label=f"goal: ≤ {PREVIEW_RATIO_GOAL:g} x the no-ops'",
    )
    refresh_axes.text(0.98, 0.02, "no goal on time", transform=refresh_axes.transAxes, ha="right", fontsize="small")
    preview_calls = [
        max(sum(run["calls"].values()) for run in m["previews"]["tracker"]) / m["resources"] for m in measured
    ]
    refresh_calls = [
        max(sum(run["calls"].values()) for run in m["refreshes"]["tracker"]) / m["resources"] for m in measured
    ]
    calls_axes.plot(counts, refresh_calls, color=COLOURS[OURS], marker="o", label="refresh (the worst run)")
    calls_axes.plot(counts, preview_calls, color="tab:cyan", marker="s", label="preview (the worst run)")
    calls_axes.axhline(
        REFRESH_CALLS_GOAL, color=GOAL_COLOUR, linestyle="--", label=f"refresh goal: ≤ {REFRESH_CALLS_GOAL:g}"
    )
    calls_axes.axhline(0, color=GOAL_COLOUR, linestyle=":", label="preview goal: 0")
    calls_axes.set_ylim(-0.2, max(REFRESH_CALLS_GOAL, *refresh_calls) + 1)
    calls_axes.set_title("AWS calls per tracker\n(the emulator's counters)", fontsize="medium")
    calls_axes.set_ylabel("calls per tracker")
    for axes in (preview_axes, refresh_axes, calls_axes):
        axes.set_xlabel("N: resources in the stack")
        axes.set_xticks(counts)
        axes.set_xlim(0, max(counts) * 1.08)
        axes.grid(alpha=0.3)
        axes.legend(loc="best", fontsize="small", framealpha=0.95)
    for axes in (preview_axes, refresh_axes):
        axes.set_ylim(0, axes.dataLim.y1 * 1.15)  # the goal marks too, which autoscaling may leave on the edge
    only = f" (measured at N={counts[0]} only)" if len(counts) == 1 else ""
    figure.suptitle(f"Preview and refresh of N unchanged trackers, beside N no-op dynamic resources{only}")
    _save(figure, path, meta, "the trackers' dataset groups made out of band; every tracker unchanged")


# Shared -------------------------------------------------------------------------------------------------


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    figure = Figure(figsize=(width, height), layout=ConstrainedLayoutEngine(rect=(0, 0.03, 1, 0.97)))
    FigureCanvasAgg(figure)
    return figure


def _goal_handle(label: str, marker: str) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], color=GOAL_COLOUR, marker=marker, linestyle="none", markersize=9, label=label)


def _save(figure: Figure, path: Path, meta: Mapping[str, Any], note: str) -> None:
    run = f"python -m bench, {meta.get('sizes', '?')} sizes, {meta.get('started', '?')}"
    where = f"Python {meta.get('python', '?')} on {meta.get('machine', '?')}"
    figure.text(0.005, 0.005, f"{run}; {where}; {note}", fontsize="x-small", color="dimgray", va="bottom")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    figure.savefig(temporary, format="png", dpi=DPI, metadata={"Software": None})
    temporary.replace(path)


def main(argv: list[str] | None = None) -> int:
    from .__main__ import DEFAULT_OUT

    parser = argparse.ArgumentParser(prog="python -m bench.plots", description="Redraw the plots of a bench run.")
    parser.add_argument("json", nargs="?", type=Path, default=DEFAULT_OUT, help="the run's JSON (plots go beside it)")
    arguments = parser.parse_args(argv)
    try:
        written = write_all(json.loads(arguments.json.read_text()), arguments.json.resolve().parent)
    except MissingMatplotlib as missing:
        print(f"bench: {missing}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
