"""Just enough of AWS Step Functions to run the state machines of the amazon-personalize-samples template.

What the sample's definitions use, with the semantics of the Amazon States Language
(https://states-language.net/spec.html): Task, Pass, Map (Iterator, ItemsPath), Parallel (Branches) and Fail
states; InputPath, Parameters (keys ending in `.$` take a path of the input), Result, ResultPath (a path, or
null to keep the input) and ItemsPath, with reference paths of the form `$` or `$.a.b`; Retry (ErrorEquals,
IntervalSeconds, BackoffRate, MaxAttempts, defaults 1 s, 2.0 and 3) and Catch (ErrorEquals, Next,
ResultPath). An error's name is what Lambda reports for a Python exception, its class name;
`States.ALL` matches every error. Map iterations and Parallel branches run one after the other (a valid
schedule for any MaxConcurrency). Anything else in a definition is refused (`NotImplementedError`), never
silently ignored. Retry intervals are multiplied by `time_scale`, so that the sample's 60 s waits take a
fraction of a second against the emulator's short phases.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Invoke = Callable[[str, Any], Any]  # (Task Resource, input) -> result; raises StatesError

KNOWN_FIELDS = {
    "Type",
    "Next",
    "End",
    "Resource",
    "InputPath",
    "Parameters",
    "Result",
    "ResultPath",
    "ItemsPath",
    "Iterator",
    "Branches",
    "MaxConcurrency",
    "Retry",
    "Catch",
    "Error",
    "Cause",
    "Comment",
}


class StatesError(Exception):
    """An error of a state: its name (what Retry and Catch match) and cause."""

    def __init__(self, error: str, cause: str) -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


@dataclass(frozen=True)
class Step:
    """One thing that happened in an execution: a state entered, retried, caught an error, failed."""

    state: str
    event: str  # "entered", "retried <Error>", "caught <Error>", "failed <Error>"


@dataclass
class Execution:
    """A run of a state machine: SUCCEEDED with an output, or FAILED with an error and cause."""

    status: str = "RUNNING"
    output: Any = None
    error: str | None = None
    cause: str | None = None
    history: list[Step] = field(default_factory=list)
    inputs: list[tuple[str, Any]] = field(default_factory=list)  # (state, its input), as each was entered

    def input_of(self, state: str) -> Any:
        """The input of the state's latest entry."""
        return next(data for name, data in reversed(self.inputs) if name == state)

    def entered(self) -> list[str]:
        return [step.state for step in self.history if step.event == "entered"]

    def events_of(self, state: str) -> list[str]:
        return [step.event for step in self.history if step.state == state]


def select(data: Any, path: str) -> Any:
    """The value at a reference path (`$` or `$.a.b`); States.Runtime if it is missing."""
    if path == "$":
        return data
    if not path.startswith("$."):
        raise NotImplementedError(f"path {path!r}")
    value = data
    for key in path[2:].split("."):
        if not isinstance(value, dict) or key not in value:
            raise StatesError("States.Runtime", f"the path {path!r} matches nothing in the input")
        value = value[key]
    return value


def put(data: Any, path: str | None, value: Any) -> Any:
    """The output of ResultPath: the input (null), the value (`$`), or the input with the value at the path."""
    if path is None:
        return data
    if path == "$":
        return value
    if not path.startswith("$.") or not isinstance(data, dict):
        raise StatesError("States.Runtime", f"cannot apply ResultPath {path!r}")
    output = copy.deepcopy(data)
    target = output
    *parents, last = path[2:].split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value
    return output


def parameters(template: Any, data: Any) -> Any:
    """A Parameters template filled in from the input: keys ending in `.$` take the value at their path."""
    if isinstance(template, dict):
        filled: dict[str, Any] = {}
        for key, value in template.items():
            if key.endswith(".$"):
                filled[key[:-2]] = copy.deepcopy(select(data, value))
            else:
                filled[key] = parameters(value, data)
        return filled
    if isinstance(template, list):
        return [parameters(value, data) for value in template]
    return template


def matches(names: list[str], error: str) -> bool:
    return "States.ALL" in names or error in names


class StateMachine:
    """A definition (the parsed JSON of a DefinitionString) and how its Task resources are invoked."""

    def __init__(self, definition: Mapping[str, Any], invoke: Invoke, time_scale: float = 1.0) -> None:
        self.definition = definition
        self.invoke = invoke
        self.time_scale = time_scale

    def run(self, data: Any) -> Execution:
        execution = Execution()
        try:
            execution.output = self._machine(self.definition, data, execution)
            execution.status = "SUCCEEDED"
        except StatesError as failed:
            execution.status, execution.error, execution.cause = "FAILED", failed.error, failed.cause
        return execution

    def _machine(self, machine: Mapping[str, Any], data: Any, execution: Execution) -> Any:
        name: str = machine["StartAt"]
        while True:
            state: Mapping[str, Any] = machine["States"][name]
            unknown = set(state) - KNOWN_FIELDS
            if unknown:
                raise NotImplementedError(f"{name}: {sorted(unknown)}")
            execution.history.append(Step(name, "entered"))
            execution.inputs.append((name, copy.deepcopy(data)))
            try:
                output = self._with_retries(name, state, data, execution)
            except StatesError as error:
                catcher = next((c for c in state.get("Catch", []) if matches(c["ErrorEquals"], error.error)), None)
                if catcher is None:
                    execution.history.append(Step(name, f"failed {error.error}"))
                    raise
                execution.history.append(Step(name, f"caught {error.error}"))
                data = put(data, catcher.get("ResultPath", "$"), {"Error": error.error, "Cause": error.cause})
                name = catcher["Next"]
                continue
            if state.get("End"):
                return output
            data, name = output, state["Next"]

    def _with_retries(self, name: str, state: Mapping[str, Any], data: Any, execution: Execution) -> Any:
        attempts: dict[int, int] = {}
        while True:
            try:
                return self._state(state, data, execution)
            except StatesError as error:
                retriers: list[tuple[int, Mapping[str, Any]]] = list(enumerate(state.get("Retry", [])))
                found = next(((i, r) for i, r in retriers if matches(r["ErrorEquals"], error.error)), None)
                if found is None:
                    raise
                index, retrier = found
                done = attempts.get(index, 0)
                if done >= retrier.get("MaxAttempts", 3):
                    raise
                attempts[index] = done + 1
                execution.history.append(Step(name, f"retried {error.error}"))
                interval = retrier.get("IntervalSeconds", 1) * retrier.get("BackoffRate", 2.0) ** done
                time.sleep(interval * self.time_scale)

    def _state(self, state: Mapping[str, Any], data: Any, execution: Execution) -> Any:
        kind = state["Type"]
        if kind == "Fail":
            raise StatesError(state.get("Error", "States.Fail"), state.get("Cause", ""))
        effective = select(data, state.get("InputPath", "$"))
        if "Parameters" in state:
            if kind == "Map":
                raise NotImplementedError("Map Parameters")
            effective = parameters(state["Parameters"], effective)
        if kind == "Pass":
            result = state.get("Result", effective)
        elif kind == "Task":
            result = self.invoke(state["Resource"], effective)
        elif kind == "Map":
            items = select(effective, state.get("ItemsPath", "$"))
            result = [self._machine(state["Iterator"], item, execution) for item in items]
        elif kind == "Parallel":
            result = [self._machine(branch, effective, execution) for branch in state["Branches"]]
        else:
            raise NotImplementedError(f"state type {kind}")
        return put(data, state.get("ResultPath", "$"), result)
