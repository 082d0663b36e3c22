"""The status machine of dataset groups and event trackers.

``CREATE PENDING`` -> ``CREATE IN_PROGRESS`` -> ``ACTIVE`` or ``CREATE FAILED``; after a delete
``DELETE PENDING`` -> ``DELETE IN_PROGRESS`` -> gone, or ``DELETE PENDING`` -> gone for the kinds whose
data type documents no other deletion status (dataset groups). Statuses are never stored: a :class:`Lifecycle`
keeps the moments a resource was created and its deletion requested, with the durations in force
then, and its status is computed from the clock when asked. No background threads are needed and a
restart from the state file simply continues the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTIVE",
    "CREATE_FAILED",
    "CREATE_IN_PROGRESS",
    "CREATE_PENDING",
    "DELETE_IN_PROGRESS",
    "DELETE_PENDING",
    "Lifecycle",
    "phase_moments",
]

CREATE_PENDING = "CREATE PENDING"
CREATE_IN_PROGRESS = "CREATE IN_PROGRESS"
ACTIVE = "ACTIVE"
CREATE_FAILED = "CREATE FAILED"
DELETE_PENDING = "DELETE PENDING"
DELETE_IN_PROGRESS = "DELETE IN_PROGRESS"

# The name each status's first moment has in the ground truth (emu.resources()); None is "gone".
_TRANSITION_KEYS: dict[str | None, str] = {
    CREATE_PENDING: "createdAt",
    CREATE_IN_PROGRESS: "createInProgressAt",
    ACTIVE: "activeAt",
    CREATE_FAILED: "failedAt",
    DELETE_PENDING: "deleteRequestedAt",
    DELETE_IN_PROGRESS: "deleteInProgressAt",
    None: "deletedAt",
}


def phase_moments(start: float, seconds: float) -> tuple[float, float, float]:
    """When a phase of ``seconds`` begun at ``start`` enters PENDING, IN_PROGRESS and its end."""
    return start, start + seconds / 2, start + seconds


@dataclass
class Lifecycle:
    """When a resource was created and deletion requested, and how long each phase lasts.

    Each phase spends half its duration in PENDING and half in IN_PROGRESS; with ``pending_only`` (a
    kind whose deletion has no IN_PROGRESS status), the whole deletion is DELETE PENDING.
    """

    created_at: float
    create_seconds: float
    fails: bool
    delete_requested_at: float | None = None
    delete_seconds: float = 0.0

    def transitions(self, pending_only: bool = False) -> list[tuple[float, str | None]]:
        """Every (moment, status) of the resource's life, past or planned; None means gone."""
        created = phase_moments(self.created_at, self.create_seconds)
        outcome = CREATE_FAILED if self.fails else ACTIVE
        steps: list[tuple[float, str | None]] = list(
            zip(created, (CREATE_PENDING, CREATE_IN_PROGRESS, outcome), strict=True)
        )
        if self.delete_requested_at is not None:
            start, in_progress, end = phase_moments(self.delete_requested_at, self.delete_seconds)
            steps.append((start, DELETE_PENDING))
            if not pending_only:
                steps.append((in_progress, DELETE_IN_PROGRESS))
            steps.append((end, None))
        return steps

    def _reached(self, now: float, pending_only: bool) -> tuple[float, str | None]:
        steps = self.transitions(pending_only)
        reached = [step for step in steps if step[0] <= now]
        # A clock behind the creation moment (a state file from another machine) shows the first status.
        return reached[-1] if reached else steps[0]

    def status(self, now: float, pending_only: bool = False) -> str | None:
        return self._reached(now, pending_only)[1]

    def last_updated(self, now: float, pending_only: bool = False) -> float:
        return self._reached(now, pending_only)[0]

    def timestamps(self, now: float, pending_only: bool = False) -> dict[str, float | None]:
        """The moment each status was first reached, None for those not (yet) reached."""
        stamps: dict[str, float | None] = dict.fromkeys(_TRANSITION_KEYS.values())
        for moment, status in self.transitions(pending_only):
            if moment <= now:
                stamps[_TRANSITION_KEYS[status]] = moment
        return stamps
