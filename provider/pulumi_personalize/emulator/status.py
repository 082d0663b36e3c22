"""The status machine of the resources, and of their updates in place (:class:`Update`).

``CREATE PENDING`` -> ``CREATE IN_PROGRESS`` -> ``ACTIVE`` or ``CREATE FAILED``; after a delete
``DELETE PENDING`` -> ``DELETE IN_PROGRESS`` -> gone, or ``DELETE PENDING`` -> gone for the kinds whose
data type documents no other deletion status (dataset groups). Statuses are never stored: a :class:`Lifecycle`
keeps the moments a resource was created and its deletion requested, with the durations in force
then, and its status is computed from the clock when asked. No background threads are needed and a
restart from the state file simply continues the timeline. A kind with statuses of its own (a solution
version's CREATE STOPPING, ``recommending``) builds its :data:`Steps` from the lifecycle's.
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
    "TRANSITION_KEYS",
    "Lifecycle",
    "Steps",
    "Update",
    "moments",
    "phase_moments",
    "reached",
]

CREATE_PENDING = "CREATE PENDING"
CREATE_IN_PROGRESS = "CREATE IN_PROGRESS"
ACTIVE = "ACTIVE"
CREATE_FAILED = "CREATE FAILED"
DELETE_PENDING = "DELETE PENDING"
DELETE_IN_PROGRESS = "DELETE IN_PROGRESS"

Steps = list[tuple[float, str | None]]  # every (moment, status) of a life, past or planned; None: gone

# The name each status's first moment has in the ground truth (emu.resources()); None is "gone".
TRANSITION_KEYS: dict[str | None, str] = {
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


def reached(steps: Steps, now: float) -> tuple[float, str | None]:
    """The latest step reached by ``now``."""
    passed = [step for step in steps if step[0] <= now]
    # A clock behind the creation moment (a state file from another machine) shows the first status.
    return passed[-1] if passed else steps[0]


def moments(steps: Steps, now: float, keys: dict[str | None, str] = TRANSITION_KEYS) -> dict[str, float | None]:
    """The moment each status of ``keys`` was first reached, None for those not (yet) reached."""
    stamps: dict[str, float | None] = dict.fromkeys(keys.values())
    for moment, status in steps:
        if moment <= now and stamps[keys[status]] is None:
            stamps[keys[status]] = moment
    return stamps


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

    def creation(self) -> Steps:
        """The steps of the creation: PENDING, IN_PROGRESS, then ACTIVE or CREATE FAILED."""
        created = phase_moments(self.created_at, self.create_seconds)
        outcome = CREATE_FAILED if self.fails else ACTIVE
        return list(zip(created, (CREATE_PENDING, CREATE_IN_PROGRESS, outcome), strict=True))

    def deletion(self, pending_only: bool = False) -> Steps:
        """The steps of the deletion, once requested: PENDING (IN_PROGRESS), then gone."""
        if self.delete_requested_at is None:
            return []
        start, in_progress, end = phase_moments(self.delete_requested_at, self.delete_seconds)
        middle: Steps = [] if pending_only else [(in_progress, DELETE_IN_PROGRESS)]
        return [(start, DELETE_PENDING), *middle, (end, None)]

    def transitions(self, pending_only: bool = False) -> Steps:
        """Every (moment, status) of the resource's life, past or planned; None means gone."""
        return self.creation() + self.deletion(pending_only)

    def status(self, now: float, pending_only: bool = False) -> str | None:
        return reached(self.transitions(pending_only), now)[1]

    def last_updated(self, now: float, pending_only: bool = False) -> float:
        return reached(self.transitions(pending_only), now)[0]

    def timestamps(self, now: float, pending_only: bool = False) -> dict[str, float | None]:
        """The moment each status was first reached, None for those not (yet) reached."""
        return moments(self.transitions(pending_only), now)


@dataclass
class Update:
    """An update of a resource in place (UpdateDataset, UpdateSolution, UpdateCampaign): its own
    CREATE PENDING -> CREATE IN_PROGRESS -> ACTIVE, half the duration in each, the statuses the API
    reference gives CampaignUpdateSummary and SolutionUpdateSummary. Updates never fail."""

    requested_at: float
    seconds: float

    def _reached(self, now: float) -> int:
        """0 while pending, 1 in progress, 2 once done."""
        return sum(1 for moment in phase_moments(self.requested_at, self.seconds)[1:] if moment <= now)

    def done(self, now: float) -> bool:
        return self._reached(now) == 2

    def status(self, now: float) -> str:
        return (CREATE_PENDING, CREATE_IN_PROGRESS, ACTIVE)[self._reached(now)]

    def last_updated(self, now: float) -> float:
        return phase_moments(self.requested_at, self.seconds)[self._reached(now)]
