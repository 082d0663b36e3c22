"""Our polling schedule (pulumi_personalize._wait), worked out: its sleeps, and how late it sees a transition."""

from __future__ import annotations

from pulumi_personalize import _wait

LIMIT = 10_000


def sleeps(count: int) -> list[float]:
    """The sleeps before each of the first `count` Describe calls: none before the first."""
    delays, delay = [0.0], _wait.FIRST_DELAY
    while len(delays) < count:
        delays.append(delay)
        delay = min(delay * _wait.GROWTH, _wait.MAX_DELAY)
    return delays[:count]


def lag_at(transition: float) -> float:
    """How long after a `transition`-second create the first Describe comes (no request latency)."""
    moment = 0.0
    for delay in sleeps(LIMIT):
        moment += delay
        if moment >= transition:
            return moment - transition
    raise ValueError(f"no Describe within {LIMIT} polls of T={transition}")


def label() -> str:
    return f"at once, then {_wait.FIRST_DELAY:g} s x{_wait.GROWTH:g} up to {_wait.MAX_DELAY:g} s"
