"""Reading the emulator's transition moments: how many resources were in a transition at the same time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def most_at_once(resources: Iterable[dict[str, Any]], began: str = "createdAt", ended: str = "activeAt") -> int:
    """The most resources that were between their `began` and `ended` moments (emulator epoch seconds) at once.

    Resources without both moments (still in transition, or never in this one) are left out.
    """
    spans = [(r[began], r[ended]) for r in resources if r.get(began) is not None and r.get(ended) is not None]
    events = sorted([(start, 1) for start, _end in spans] + [(end, -1) for _start, end in spans])
    current = best = 0
    for _moment, step in events:
        current += step
        best = max(best, current)
    return best
