"""The state file: every resource, written atomically after each change and read back on start,
and its companion ``PATH.events.jsonl``, one accepted event a line.

A state file is checked as a whole when it is read (JSON, version, the shape of every resource),
so a corrupt one is refused with a :class:`StateFileError` before anything is loaded.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import tempfile
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .datasets import Dataset, DatasetUpdate, Schema
from .recommending import Campaign, CampaignUpdate, Deployment, Filter, Solution, SolutionUpdate, SolutionVersion
from .resources import DatasetGroup, EventTracker, Resource
from .status import Lifecycle

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["STATE_FILE_VERSION", "StateFile", "StateFileError"]

STATE_FILE_VERSION = 1

T = TypeVar("T", bound="DataclassInstance")

_KINDS: dict[str, type[Resource]] = {
    cls.KIND: cls for cls in (DatasetGroup, EventTracker, Schema, Dataset, Solution, SolutionVersion, Campaign, Filter)
}
# Records nested in a resource, stored as JSON objects.
_NESTED = (Lifecycle, DatasetUpdate, SolutionUpdate, CampaignUpdate, Deployment)


class StateFileError(ValueError):
    """A state file that cannot be loaded; the message names it and what to do."""


class _Malformed(ValueError):
    """What is wrong inside a state file (becomes a StateFileError naming the file)."""


@dataclass(frozen=True)
class StateFile:
    path: Path

    @property
    def events_path(self) -> Path:
        return self.path.with_name(self.path.name + ".events.jsonl")

    def load(self) -> tuple[list[Resource], list[dict[str, Any]]]:
        """The stored resources and events (none if there is no state file yet); StateFileError if
        either file cannot be read or the state is not one this emulator wrote."""
        if not self.path.exists():
            return [], []
        try:
            resources = _resources(json.loads(self.path.read_text(encoding="utf-8")))
            return resources, self._events()
        except json.JSONDecodeError as error:
            raise self._error(f"not JSON: {error}") from error
        except (OSError, ValueError) as error:
            raise self._error(str(error)) from error

    def save(self, resources: Iterable[Resource]) -> None:
        """Write all resources atomically (a temporary file in the same directory, then a rename)."""
        state = {"version": STATE_FILE_VERSION, "resources": [resource.to_state() for resource in resources]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(state, out)
        os.replace(temporary, self.path)

    def append_events(self, events: list[dict[str, Any]]) -> None:
        with self.events_path.open("a", encoding="utf-8") as out:
            out.writelines(json.dumps(event) + "\n" for event in events)

    def forget_events(self) -> None:
        self.events_path.unlink(missing_ok=True)

    def _error(self, problem: str) -> StateFileError:
        problem = " ".join(problem.split())  # one line
        return StateFileError(f"{self.path} cannot be loaded ({problem}): delete it or pass another path")

    def _events(self) -> list[dict[str, Any]]:
        if not self.events_path.exists():
            return []
        with self.events_path.open("rb") as lines:
            return [event for line in lines if (event := _complete_line(line)) is not None]


def _complete_line(line: bytes) -> dict[str, Any] | None:
    """An event of the events file; None for a blank line or the torn last line of a crash."""
    try:
        event: dict[str, Any] = json.loads(line.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError too: a torn line may end inside a character
        return None
    return event


def _resources(state: Any) -> list[Resource]:
    if not isinstance(state, dict) or not isinstance(state.get("resources"), list):
        raise _Malformed('not a state file: expected {"version": 1, "resources": [...]}')
    if state.get("version") != STATE_FILE_VERSION:
        raise _Malformed(f"unsupported state file version {state.get('version')!r}")
    return [_resource(entry, f"resources[{index}]") for index, entry in enumerate(state["resources"])]


def _resource(entry: Any, where: str) -> Resource:
    kind = entry.get("kind") if isinstance(entry, dict) else None
    if not isinstance(kind, str) or kind not in _KINDS:
        raise _Malformed(f"{where} is not a resource of a kind the emulator keeps ({', '.join(_KINDS)})")
    fields = {key: value for key, value in entry.items() if key != "kind"}
    return _build(_KINDS[kind], fields, where)


def _build(cls: type[T], data: Any, where: str) -> T:
    """``cls(**data)``, once every member is one of its dataclass fields and of the field's type."""
    if not isinstance(data, dict):
        raise _Malformed(f"{where} is not an object")
    fields = {field.name: field for field in dataclasses.fields(cls) if field.init}
    required = {name for name, field in fields.items() if _required(field)}
    for problem, names in (("unknown", set(data) - set(fields)), ("missing", required - set(data))):
        if names:
            raise _Malformed(f"{where}: {problem} member {sorted(names)[0]!r}")
    hints = typing.get_type_hints(cls)
    values = {name: _value(value, hints[name], f"{where}.{name}") for name, value in data.items()}
    return cls(**values)


def _required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _value(value: Any, hint: Any, where: str) -> Any:
    nested = next((cls for cls in _NESTED if hint is cls or cls in typing.get_args(hint)), None)
    if nested is not None and (value is not None or hint is nested):
        return _build(nested, value, where)
    if not _fits(value, hint):
        raise _Malformed(f"{where} has the wrong type: {value!r}")
    return value


def _fits(value: Any, hint: Any) -> bool:
    """Whether a JSON value is of a field's type (str, bool, int, finite float, None, their unions, dicts; Any is
    a request member kept as it was received, such as a solutionConfig)."""
    if hint is Any:
        return True
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in args)
    if origin is dict:
        return isinstance(value, dict) and all(_fits(k, args[0]) and _fits(v, args[1]) for k, v in value.items())
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool) and _finite(value)
    if hint is type(None):
        return value is None
    return type(value) is hint


def _finite(number: float) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an integer beyond any float
        return False
