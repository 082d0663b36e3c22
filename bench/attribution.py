"""Attributing a missed ratio: the same command, timed alternately on trackers, on no-ops, and on no-ops
whose module imports boto3 (program and provider process then pay boto3's import as ours do). What the
no-op + boto3 adds over the no-op is boto3's import; what the tracker adds beyond that is ours.
"""

from __future__ import annotations

from testkit.stack import Stack

from .context import Context, timed
from .measure import median


def medians(
    stacks: dict[str, Stack], args: tuple[str, ...], repeats: int, undo: tuple[str, ...] | None = None
) -> dict[str, float]:
    """Median seconds of `pulumi <args>` per stack, rotating which goes first; `undo` runs after each."""
    seconds: dict[str, list[float]] = {kind: [] for kind in stacks}
    kinds = list(stacks)
    for repeat in range(repeats):
        for kind in kinds[repeat % len(kinds) :] + kinds[: repeat % len(kinds)]:
            seconds[kind].append(timed(stacks[kind], *args)[0])
            if undo is not None:
                stacks[kind].pulumi(*undo)
    return {kind: median(values) for kind, values in seconds.items()}


def describe(title: str, times: dict[str, float], tracker: str, noop: str, noop_boto3: str) -> list[str]:
    base = times[noop]
    return [
        title,
        f"  {noop:<28} {times[noop]:6.2f} s",
        f"  {noop_boto3:<28} {times[noop_boto3]:6.2f} s  (+{times[noop_boto3] - base:.2f} s: boto3's import)",
        f"  {tracker:<28} {times[tracker]:6.2f} s  (+{times[tracker] - times[noop_boto3]:.2f} s more: ours)",
        f"  ratio tracker / no-op {times[tracker] / base:.2f}x; without boto3's import "
        f"{(times[tracker] - (times[noop_boto3] - base)) / base:.2f}x",
    ]


def write(ctx: Context, name: str, lines: list[str]) -> str:
    path = ctx.evidence_path(name)
    path.write_text("\n".join(lines) + "\n")
    return path.name
