"""What a section reports: rows (a measurement, its goal, met or missed) and the raw data behind them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Value = float | bool | None


@dataclass(frozen=True)
class Goal:
    """`value <= limit` (or `value == limit` for yes/no goals)."""

    limit: float | bool
    op: Literal["<=", "=="] = "<="

    def met(self, value: Value) -> bool | None:
        if value is None:
            return None
        if self.op == "==":
            return value == self.limit
        return float(value) <= float(self.limit)

    def text(self, unit: str) -> str:
        if isinstance(self.limit, bool):
            return "yes" if self.limit else "no"
        return f"{self.op} {format_number(self.limit)}{_unit_suffix(unit)}"


@dataclass
class Row:
    name: str
    value: Value
    unit: str = ""
    goal: Goal | None = None
    note: str = ""
    evidence: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool | None:
        return self.goal.met(self.value) if self.goal is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "goal": None if self.goal is None else {"op": self.goal.op, "limit": self.goal.limit},
            "met": self.met,
            "note": self.note,
            "evidence": self.evidence,
        }


@dataclass
class SectionResult:
    key: str  # "wait", "overhead", ...: the key in the JSON
    title: str  # "1. Wait lag and calls"
    rows: list[Row]
    data: dict[str, Any] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)  # extra tables printed under the main one

    @property
    def missed(self) -> list[Row]:
        return [row for row in self.rows if row.met is False]

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "rows": [row.to_json() for row in self.rows], "data": self.data}


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("no values")
    return float(statistics.median(values))


def slow_runs(values: Sequence[float], margin: float = 2.0) -> str:
    """A note on runs slower than the median by more than `margin` seconds (a stalled CLI run), or ""."""
    middle = median(values)
    slow = [value for value in values if value > middle + margin]
    return f"{len(slow)} slow run(s) ({', '.join(f'{v:.1f}' for v in slow)} s) left out by the median" if slow else ""


def join_notes(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def format_number(value: float | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if float(value).is_integer():
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _unit_suffix(unit: str) -> str:
    return f" {unit}" if unit and unit not in ("x",) else ("x" if unit == "x" else "")


def format_value(value: Value, unit: str) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{format_number(value)}{_unit_suffix(unit)}"


def relative_to(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
