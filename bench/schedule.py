"""Our polling schedule (`lifecycle.polling`), worked out: its sleeps, and how late it sees a transition."""

from __future__ import annotations

from pulumi_personalize.lifecycle import polling

LIMIT = 10_000


def sleeps(count: int) -> list[float]:
    """The sleeps before each of the first `count` Describe calls: none before the first."""
    delays, delay = [0.0], polling.FIRST_DELAY
    while len(delays) < count:
        delays.append(delay)
        delay = min(delay * polling.GROWTH, polling.MAX_DELAY)
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
    return f"at once, then {polling.FIRST_DELAY:g} s x{polling.GROWTH:g} up to {polling.MAX_DELAY:g} s"
