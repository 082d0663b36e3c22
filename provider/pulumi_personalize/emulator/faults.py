"""Fault injection: what the emulator does wrong on purpose, and how that is written down.

A spec is a list of rules separated by ``|``; a rule is ``key=value`` items separated by ``;``::

    throttle=0.2;error=0.05;drop=0.01;spike=0.05@2.0;ops=DescribeEventTracker,CreateEventTracker
    | latency=0.1 | fail-next-tracker=1;seed=7

Per-request keys (a rule applies to the operations in its ``ops``, or to all without ``ops``):

- ``throttle=P``     answer ThrottlingException (HTTP 400) with probability P
- ``error=P``        answer InternalFailure (HTTP 500) with probability P
- ``unavailable=P``  answer ServiceUnavailable (HTTP 503) with probability P
- ``drop=P``         close the connection without any response with probability P
- ``latency=S``      add S seconds before answering
- ``spike=P@S``      add S seconds with probability P

Global keys, allowed in any rule: ``seed=N`` (reproducible draws), ``fail-next-tracker=N`` and
``fail-next-dataset-group=N`` (the next N creations end in CREATE FAILED).

The JSON form has the same keys: ``{"seed": 7, "fail-next-tracker": 1, "rules": [{"ops":
["DescribeEventTracker"], "throttle": 0.2, "spike": {"probability": 0.05, "seconds": 2.0}}]}``.
"""

from __future__ import annotations

import functools
import json
import math
import random
import threading
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import botocore.session

__all__ = ["Decision", "FaultInjector", "FaultSpec", "FaultSpecError", "Rule", "parse_spec"]

Outcome = Literal["pass", "drop", "throttle", "error", "unavailable"]
# The failure keys, in the order a request's single draw is compared with them.
_FAILURES: tuple[Outcome, ...] = ("drop", "throttle", "error", "unavailable")
_GLOBAL_KEYS = ("seed", "fail-next-tracker", "fail-next-dataset-group")


class FaultSpecError(ValueError):
    """A fault spec that cannot be understood."""


@functools.cache
def _known_operations() -> frozenset[str]:
    session = botocore.session.get_session()
    return frozenset(
        name
        for service in ("personalize", "personalize-events", "personalize-runtime")
        for name in session.get_service_model(service).operation_names
    )


@dataclass(frozen=True)
class Rule:
    ops: frozenset[str] | None = None
    throttle: float = 0.0
    error: float = 0.0
    unavailable: float = 0.0
    drop: float = 0.0
    latency: float = 0.0
    spike_probability: float = 0.0
    spike_seconds: float = 0.0

    def applies_to(self, operation: str) -> bool:
        return self.ops is None or operation in self.ops

    def to_json(self) -> dict[str, Any]:
        rule: dict[str, Any] = {} if self.ops is None else {"ops": sorted(self.ops)}
        rule |= {key: getattr(self, key) for key in (*_FAILURES, "latency") if getattr(self, key)}
        if self.spike_probability:
            rule["spike"] = {"probability": self.spike_probability, "seconds": self.spike_seconds}
        return rule


@dataclass(frozen=True)
class FaultSpec:
    rules: tuple[Rule, ...] = ()
    seed: int | None = None
    fail_next_tracker: int = 0
    fail_next_dataset_group: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "fail-next-tracker": self.fail_next_tracker,
            "fail-next-dataset-group": self.fail_next_dataset_group,
            "rules": [rule.to_json() for rule in self.rules],
        }

    @classmethod
    def from_json(cls, data: Any) -> FaultSpec:
        if not isinstance(data, dict):
            raise FaultSpecError("a JSON fault spec must be an object")
        unknown = set(data) - {*_GLOBAL_KEYS, "rules"}
        if unknown:
            raise FaultSpecError(f"unknown fault spec keys: {sorted(unknown)}")
        rules = data.get("rules") or []
        if not isinstance(rules, list):
            raise FaultSpecError("'rules' must be a list")
        return cls(
            rules=tuple(_rule_from_json(rule) for rule in rules),
            seed=_integer("seed", data["seed"]) if data.get("seed") is not None else None,
            fail_next_tracker=_count("fail-next-tracker", data.get("fail-next-tracker", 0)),
            fail_next_dataset_group=_count("fail-next-dataset-group", data.get("fail-next-dataset-group", 0)),
        )


def _rule_from_json(data: Any) -> Rule:
    if not isinstance(data, dict):
        raise FaultSpecError("each rule must be an object")
    unknown = set(data) - {"ops", *_FAILURES, "latency", "spike"}
    if unknown:
        raise FaultSpecError(f"unknown rule keys: {sorted(unknown)}")
    rule = Rule(
        throttle=_probability("throttle", data.get("throttle", 0.0)),
        error=_probability("error", data.get("error", 0.0)),
        unavailable=_probability("unavailable", data.get("unavailable", 0.0)),
        drop=_probability("drop", data.get("drop", 0.0)),
        latency=_seconds("latency", data.get("latency", 0.0)),
    )
    if "ops" in data:
        ops = data["ops"]
        if not isinstance(ops, list) or not all(isinstance(op, str) for op in ops):
            raise FaultSpecError("'ops' must be a list of operation names")
        rule = replace(rule, ops=_operations(ops))
    if "spike" in data:
        spike = data["spike"]
        if not isinstance(spike, dict) or set(spike) != {"probability", "seconds"}:
            raise FaultSpecError('\'spike\' must be {"probability": P, "seconds": S}')
        rule = replace(
            rule,
            spike_probability=_probability("spike", spike["probability"]),
            spike_seconds=_seconds("spike", spike["seconds"]),
        )
    if sum(getattr(rule, key) for key in _FAILURES) > 1:
        raise FaultSpecError("the failure probabilities of a rule add up to more than 1")
    return rule


def parse_spec(text: str) -> FaultSpec:
    """A fault spec from its string form, or from its JSON form if it starts with ``{``."""
    text = text.strip()
    if text.startswith("{"):
        try:
            return FaultSpec.from_json(json.loads(text))
        except ValueError as error:
            raise FaultSpecError(f"invalid JSON fault spec: {error}") from error
    globals_: dict[str, Any] = {}
    rules: list[dict[str, Any]] = []
    for chunk in filter(None, (part.strip() for part in text.split("|"))):
        rule: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in chunk.split(";"))):
            key, equals, value = (part.strip() for part in item.partition("="))
            if not equals:
                raise FaultSpecError(f"expected key=value, got {item!r}")
            target = globals_ if key in _GLOBAL_KEYS else rule
            if key in target:
                raise FaultSpecError(f"{key!r} given twice")
            target[key] = _string_value(key, value)
        if rule:
            rules.append(rule)
    return FaultSpec.from_json({**globals_, "rules": rules})


def _string_value(key: str, value: str) -> Any:
    """The JSON value an item of the string form stands for."""
    try:
        if key == "ops":
            return [op.strip() for op in value.split(",") if op.strip()]
        if key == "spike":
            probability, at, seconds = value.partition("@")
            if not at:
                raise FaultSpecError("spike must be written P@SECONDS")
            return {"probability": float(probability), "seconds": float(seconds)}
        if key in _GLOBAL_KEYS:
            return int(value)
        return float(value)
    except ValueError as error:
        raise FaultSpecError(f"invalid value for {key!r}: {value!r}") from error


def _number(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FaultSpecError(f"{key!r} must be a number")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float
        number = math.inf
    if not math.isfinite(number):
        raise FaultSpecError(f"{key!r} must be a finite number")
    return number


def _probability(key: str, value: Any) -> float:
    probability = _number(key, value)
    if not 0.0 <= probability <= 1.0:
        raise FaultSpecError(f"{key!r} must be a probability between 0 and 1")
    return probability


def _seconds(key: str, value: Any) -> float:
    seconds = _number(key, value)
    if seconds < 0:
        raise FaultSpecError(f"{key!r} must not be negative")
    return seconds


def _integer(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FaultSpecError(f"{key!r} must be an integer")
    return value


def _count(key: str, value: Any) -> int:
    count = _integer(key, value)
    if count < 0:
        raise FaultSpecError(f"{key!r} must not be negative")
    return count


def _operations(ops: list[str]) -> frozenset[str]:
    unknown = sorted(set(ops) - _known_operations())
    if unknown:
        raise FaultSpecError(f"unknown operations in 'ops': {unknown}")
    return frozenset(ops)


@dataclass(frozen=True)
class Decision:
    """What to do with one request: wait ``delay`` seconds, then pass it on or fail it."""

    outcome: Outcome = "pass"
    delay: float = 0.0


@dataclass
class FaultInjector:
    """Draws the fate of each request from a spec; thread safe, reproducible with a seed."""

    spec: FaultSpec = field(default_factory=FaultSpec)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(self.spec.seed)

    def decide(self, operation: str) -> Decision:
        outcome: Outcome = "pass"
        delay = 0.0
        with self._lock:
            for rule in self.spec.rules:
                if not rule.applies_to(operation):
                    continue
                delay += rule.latency
                if rule.spike_probability and self._random.random() < rule.spike_probability:
                    delay += rule.spike_seconds
                if outcome == "pass":
                    outcome = self._draw_failure(rule)
        return Decision(outcome=outcome, delay=delay)

    def _draw_failure(self, rule: Rule) -> Outcome:
        if not any(getattr(rule, key) for key in _FAILURES):
            return "pass"
        draw = self._random.random()
        threshold = 0.0
        for key in _FAILURES:
            threshold += getattr(rule, key)
            if draw < threshold:
                return key
        return "pass"
