"""What a failed create leaves: nothing. The resource it made is deleted, and the error says what happened."""

from __future__ import annotations

from ..aws.errors import PersonalizeError
from ..aws.settings import AwsTarget
from ..resources.kind import CommonArgs, ResourceKind
from . import messages as say
from .operation import running
from .polling import WaitTimeoutError
from .waiters import CreateFailedError, delete_and_wait

CLEANUP_MIN_SECONDS = 5.0


def subject(kind: ResourceKind, args: CommonArgs) -> str:
    """How messages and progress lines name a resource: "event tracker clicks-4f2a1c"."""
    return f"{kind.label} {args.name}"


def clean_up(
    kind: ResourceKind, target: AwsTarget, arn: str, args: CommonArgs, failure: BaseException
) -> BaseException:
    """Delete what a failed create made, so nothing is left behind; the error to raise, saying what to do.

    The delete gets a quarter of the create's time (at least 5 s): a dead endpoint must not double the wait the
    user allowed. When the delete fails too, both failures are told, the create's first.
    """
    what = f"{subject(kind, args)} ({arn}){kind.context(args)}"
    step = "Run `pulumi up` again."
    if isinstance(failure, CreateFailedError):
        what = say.create_failed(what, failure.described.get("failureReason"))
        step = kind.failed_step or "Check the dataset group and the inputs, then run `pulumi up` again."
    elif isinstance(failure, WaitTimeoutError):
        what, step = say.not_active(what, failure.waited, failure.last_status), say.LONGER_CREATE
    else:
        what = f"{what} could not be confirmed ACTIVE: {failure}"
    if not kind.deletable:
        return (
            failure
            if isinstance(failure, KeyboardInterrupt | SystemExit)
            else PersonalizeError(say.failed_and_kept(what, kind.failed_step or step))
        )
    seconds = min(args.seconds("delete"), max(CLEANUP_MIN_SECONDS, args.seconds("create") / 4))
    try:
        with running(subject(kind, args), "delete", seconds):
            delete_and_wait(target, kind, arn, subject(kind, args), seconds)
    except Exception as cleanup_error:
        return PersonalizeError(say.cleanup_failed(what, cleanup_error, kind, arn, step))
    if isinstance(failure, KeyboardInterrupt | SystemExit):
        return failure
    return PersonalizeError(say.cleaned_up(what, step))
