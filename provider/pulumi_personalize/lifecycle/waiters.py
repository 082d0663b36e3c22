"""Waiting for a resource to reach a state (terraform-provider-aws's `wait` helpers), and deleting one.

Each wait names its pending and target states: a status outside both ends the wait with an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..aws.api import call
from ..aws.errors import IN_USE, NOT_FOUND, AwsCallError, PersonalizeError
from ..aws.settings import AwsTarget
from ..resources.kind import ACTIVE, BUSY, CREATE_FAILED, DELETING, STOPPED, STOPPING, ResourceKind
from . import messages as say
from .find import Described, find
from .polling import PollOutcome, WaitTimeoutError, wait_for
from .status import GONE, status


@dataclass
class CreateFailedError(Exception):
    """The resource ended in CREATE FAILED."""

    described: Described


def wait_active(target: AwsTarget, kind: ResourceKind, arn: str, subject: str, seconds: float) -> Described:
    """Wait from CREATING to ACTIVE (raises CreateFailedError, WaitTimeoutError or PersonalizeError)."""
    last: list[Described] = []

    def poll() -> PollOutcome:
        described = find(target, kind, arn)
        if described is None:
            raise PersonalizeError(say.disappeared(subject, arn, "its creation"))
        last.append(described)
        if described.status == CREATE_FAILED:
            raise CreateFailedError(described)
        if described.status in DELETING:
            raise PersonalizeError(say.deleted_by_someone(subject, arn, described.status))
        if described.status in (STOPPING, STOPPED):
            raise PersonalizeError(say.stopped_by_someone(subject, arn, described.status))
        return PollOutcome(described.status == ACTIVE, described.status)

    wait_for(subject, poll, seconds, cap=kind.poll_cap)
    return last[-1]


def wait_updated(
    target: AwsTarget, kind: ResourceKind, arn: str, subject: str, seconds: float, failed: Callable[[Described], str]
) -> None:
    """Wait until the resource and its `latest<Type>Update` are ACTIVE (UpdateSolution, UpdateCampaign: the
    update has its own status machine); `failed` says what a CREATE FAILED update means."""
    member = f"latest{kind.type_name}Update"

    def poll() -> PollOutcome:
        described = find(target, kind, arn)
        if described is None:
            raise PersonalizeError(f"{subject} ({arn}) disappeared while it was updated. Run `pulumi refresh`.")
        update: Mapping[str, Any] = described.get(member) or {}
        now = str(update.get("status") or described.status)
        if now == CREATE_FAILED:
            reason = update.get("failureReason")
            raise PersonalizeError(
                f"{subject} ({arn}): {kind.operation('Update')} failed: {reason}. {failed(described)}"
            )
        return PollOutcome(described.status == ACTIVE and now == ACTIVE, f"update {now}")

    try:
        wait_for(subject, poll, seconds, cap=kind.poll_cap)
    except WaitTimeoutError as timeout:
        raise PersonalizeError(
            f"{subject} ({arn}): its update was still {timeout.last_status} after {timeout.waited:.0f} s. Run "
            "`pulumi refresh`, then `pulumi up` again (or allow longer: custom_timeouts update)."
        ) from None


def wait_gone(target: AwsTarget, kind: ResourceKind, arn: str, subject: str, seconds: float) -> None:
    """Wait until Describe says the resource no longer exists (raises WaitTimeoutError)."""

    def poll() -> PollOutcome:
        now = status(target, kind, arn)
        return PollOutcome(now == GONE, now)

    wait_for(subject, poll, seconds)


def delete_and_wait(target: AwsTarget, kind: ResourceKind, arn: str, subject: str, seconds: float) -> None:
    """Delete and wait until it is gone; a resource still creating (or updating) is waited for, then deleted."""

    def attempt() -> PollOutcome:
        try:
            call(target, kind.operation("Delete"), **{kind.arn_key: arn})
            return PollOutcome(True, "DELETE PENDING")
        except AwsCallError as error:
            if error.code == NOT_FOUND:
                return PollOutcome(True, GONE)
            if error.code != IN_USE:
                raise
        now = status(target, kind, arn)
        if now == GONE or now in DELETING:
            return PollOutcome(True, now)
        if now not in BUSY:
            users = kind.users_of(target, arn)
            if users:
                raise PersonalizeError(say.still_used(subject, arn, users))
        return PollOutcome(False, now)

    try:
        if not attempt().done:
            wait_for(subject, attempt, seconds)
        wait_gone(target, kind, arn, subject, seconds)
    except WaitTimeoutError as error:
        raise PersonalizeError(say.not_deleted(subject, arn, error.waited, error.last_status)) from None
