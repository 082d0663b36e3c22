"""What the lifecycle's diff and read answer, in plain types: the fronts translate them for their SDK.

Kept apart from `steps` so that the native plugin's server can name them without loading the lifecycle (and the
Pulumi SDK with it) before it prints its port.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Properties = dict[str, Any]
DiffKind = Literal["ADD", "ADD_REPLACE", "DELETE", "DELETE_REPLACE", "UPDATE", "UPDATE_REPLACE"]


@dataclass(frozen=True)
class Changes:
    """What a diff found: the changed keys, those of them that replace, and each key's kind of change."""

    changed: list[str]
    replaces: list[str]
    delete_before_replace: bool
    detailed: dict[str, DiffKind]


@dataclass(frozen=True)
class Found:
    """What a read found: the resource's id, its state, and the inputs that state implies."""

    id: str
    outputs: Properties
    inputs: Properties


def detailed_diff(olds: Properties, news: Properties, keys: list[str], replaces: list[str]) -> dict[str, DiffKind]:
    """Each changed key's kind: added, deleted or updated, and whether it replaces."""
    detailed: dict[str, DiffKind] = {}
    for key in keys:
        change = "ADD" if olds.get(key) is None else "DELETE" if news.get(key) is None else "UPDATE"
        detailed[key] = f"{change}_REPLACE" if key in replaces else change  # type: ignore[assignment]
    return detailed
