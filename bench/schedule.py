"""Our polling schedule (`lifecycle.polling`), worked out: its sleeps, and how late it sees a transition."""

from __future__ import annotations

from pulumi_personalize.lifecycle import polling

LIMIT = 10_000


def sleeps(count: int, cap: float = polling.MAX_DELAY) -> list[float]:
    """The sleeps before each of the first `count` Describe calls: none before the first (no request latency)."""
    delays, delay, waited = [0.0], polling.FIRST_DELAY, 0.0
    while len(delays) < count:
        delay = polling.next_sleep(delay, waited, cap)
        delays.append(delay)
        waited += delay
        delay *= polling.GROWTH
    return delays[:count]


def seen_at(transition: float, cap: float = polling.MAX_DELAY) -> tuple[float, int]:
    """When the first Describe at or after a `transition`-second operation comes, and how many there were."""
    moment = 0.0
    for calls, delay in enumerate(sleeps(LIMIT, cap), start=1):
        moment += delay
        if moment >= transition:
            return moment, calls
    raise ValueError(f"no Describe within {LIMIT} polls of T={transition}")


def lag_at(transition: float) -> float:
    """How long after a `transition`-second create the first Describe comes (no request latency)."""
    return seen_at(transition)[0] - transition


def label() -> str:
    return f"at once, then {polling.FIRST_DELAY:g} s x{polling.GROWTH:g} up to {polling.MAX_DELAY:g} s"
