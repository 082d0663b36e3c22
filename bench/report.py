"""The printed table (each measurement, its goal, met or missed) and bench/results/latest.json."""

from __future__ import annotations

import json
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .measure import SectionResult, format_value

MET = {True: "met", False: "MISSED", None: "-"}


def text_table(header: Sequence[str], lines: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def render(row: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

    return "\n".join([render(header), render(["-" * width for width in widths]), *[render(row) for row in lines]])


def render(sections: Sequence[SectionResult]) -> str:
    lines: list[list[str]] = []
    for section in sections:
        lines.append([section.title, "", "", "", ""])
        for row in section.rows:
            goal = row.goal.text(row.unit) if row.goal is not None else ""
            note = "; ".join(filter(None, [row.note, *(f"see {path}" for path in row.evidence)]))
            lines.append([f"  {row.name}", format_value(row.value, row.unit), goal, MET[row.met], note])
    parts = [text_table(["measurement", "value", "goal", "", "notes"], lines)]
    for section in sections:
        parts.extend(f"\n{section.title}\n{table}" for table in section.tables)
    met = sum(row.met is True for section in sections for row in section.rows)
    missed = sum(row.met is False for section in sections for row in section.rows)
    parts.append(f"\ngoals met: {met}, missed: {missed}")
    return "\n".join(parts)


def to_json(sections: Sequence[SectionResult], meta: dict[str, Any]) -> dict[str, Any]:
    rows = [row for section in sections for row in section.rows]
    return {
        "meta": {**meta, "python": platform.python_version(), "machine": platform.machine()},
        "goals": {
            "met": sum(row.met is True for row in rows),
            "missed": sum(row.met is False for row in rows),
            "missed_rows": [row.name for row in rows if row.met is False],
        },
        "sections": {section.key: section.to_json() for section in sections},
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n")
    temporary.replace(path)
