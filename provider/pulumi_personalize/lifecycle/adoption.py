"""Create, or claim the resource that holds the place: take back our own, adopt what nobody owns, refuse the rest.

See docs/ownership.md (ownership and adoption). Our own means the ownership tag names this very resource of this
very stack instance (`ownership.same_owner`); a version 1 tag never proves that.
"""

from __future__ import annotations

import datetime
import enum
import threading
import time
from typing import Any

from ..aws.api import call, list_tags
from ..aws.errors import AwsCallError, PersonalizeError
from ..aws.settings import AwsTarget
from ..resources import validation as validate
from ..resources.declare import aws_member, dump
from ..resources.kind import CREATE_FAILED, DELETING, CommonArgs, Existing, ResourceKind
from . import messages as say
from . import ownership
from .cleanup import subject
from .find import Described, find
from .polling import WaitTimeoutError
from .progress import to_cli
from .waiters import delete_and_wait, wait_gone

ALREADY_EXISTS = "ResourceAlreadyExistsException"
ATTEMPTS = 3
CLOCK_SKEW_SECONDS = 1.0  # between this machine and AWS, when telling a schema made by this very create


class Claim(enum.Enum):
    """How a create came to hold its resource."""

    CREATED = "created"
    TAKEN_BACK = "taken back"  # this very resource created it before (a crash or a lost answer hid it)
    ADOPTED = "adopted"  # nobody owned it and adopt_existing=True


def progress(line: str) -> None:
    """A line for the CLI (a dynamic provider's stderr lines reach it as diagnostics)."""
    to_cli(line)


def create_or_claim(
    target: AwsTarget, kind: ResourceKind, args: CommonArgs, parameters: dict[str, Any]
) -> tuple[str, Claim]:
    """Create; when something holds the place, take it back, adopt it, or say whose it is.

    A blocker that is being deleted (say the old tracker of a rename that a killed run had started to
    delete) is waited for until it is gone. One of our own that cannot serve (CREATE FAILED, or made with
    other immutable inputs) is deleted. Then the create is tried again.
    """
    started = time.time()
    for _attempt in range(ATTEMPTS):
        try:
            return call(target, kind.operation("Create"), **parameters)[kind.arn_key], Claim.CREATED
        except AwsCallError as error:
            if error.code != ALREADY_EXISTS:
                raise
            existing = kind.find_existing(target, args)
            if existing is None:
                raise
        if existing.status in DELETING:
            _wait_for_blocker(target, kind, args, existing)
            continue
        owner = list_tags(target, existing.arn).get(validate.OWNER_TAG) if kind.taggable else None
        if not _ours(kind, args, owner):
            return _adopt(target, kind, args, existing, owner), Claim.ADOPTED
        if _take_back_or_clear(target, kind, args, existing, _recorded(target, kind, owner, existing, started)):
            return existing.arn, Claim.TAKEN_BACK
    raise PersonalizeError(say.place_keeps_being_taken(subject(kind, args), kind.conflict))


def _take_back_or_clear(
    target: AwsTarget, kind: ResourceKind, args: CommonArgs, existing: Existing, recorded: bool
) -> bool:
    """Our own resource holds the place: True when it is taken back; False when it was deleted (it could not
    serve, and no state entry holds it), for the create to be tried again. Refused, before anything is touched,
    when a state entry may hold it (`_recorded`) and adopt_existing does not say otherwise."""
    who = subject(kind, args)
    if recorded and not args.adopt_existing:
        place = say.taken(who, kind.label, existing, kind.conflict)
        raise PersonalizeError(say.held_by_an_entry(place, existing.name, kind.taggable))
    unfit = differences(target, kind, args, existing)
    if recorded and unfit:
        raise PersonalizeError(say.not_adopted(say.taken(who, kind.label, existing, kind.conflict), unfit))
    if not unfit:
        progress(f"taking back {kind.label} {existing.name} ({existing.arn}): {_why_ours(kind, recorded)}")
        with _lock:
            _taken_back.add(existing.arn)
        return True
    progress(
        f"deleting {kind.label} {existing.name} ({existing.arn}), which this resource created: "
        f"{'; '.join(unfit)}; then creating it again"
    )
    delete_and_wait(target, kind, existing.arn, who, args.seconds("create"))
    return False


def _ours(kind: ResourceKind, args: CommonArgs, owner_tag: str | None) -> bool:
    """Whether this very resource made the one in its place: its ownership tag says so or, for a kind without
    tags (a schema), its autoname does: it derives from this resource's ownership tag value (`lifecycle.check`)."""
    if kind.taggable:
        return ownership.same_owner(owner_tag, args.owner)
    return args.autoname_prefix is not None and ownership.parse(args.owner) is not None


def _recorded(target: AwsTarget, kind: ResourceKind, owner_tag: str | None, existing: Existing, started: float) -> bool:
    """Whether a state entry may hold our own `existing`: its create confirmed it, or predates incarnations.

    A CREATE FAILED one serves no entry: it may be deleted and made again. A schema has no tag to tell: only one
    made since this create started (its own attempt, whose answer was lost) is known to be held by no entry.
    """
    if existing.status == CREATE_FAILED:
        return False
    if not kind.taggable:
        described = find(target, kind, existing.arn)
        made = described.members.get("creationDateTime") if described is not None else None
        return not isinstance(made, datetime.datetime) or made.timestamp() < started - CLOCK_SKEW_SECONDS
    parsed = ownership.parse(owner_tag)
    return parsed is not None and not parsed.creating


def _why_ours(kind: ResourceKind, recorded: bool) -> str:
    if recorded:
        return "this resource created it, and adopt_existing=True says no state entry holds it any more"
    return "this resource created it, and no state entry recorded it (its create was cut short)"


_lock = threading.Lock()
_taken_back: set[str] = set()  # ARNs this provider process took back (one process serves a whole deployment)


def left_by_a_take_back(arn: str) -> bool:
    """Whether a create of this deployment took `arn` back: another state entry now holds it.

    Why: a schema's take-back (there is no tag to carry an incarnation) and the delete of the entry that held it
    before (the old entry of a `--replace`, a rename or an alias removed) come in one deployment, served by one
    provider process.
    """
    with _lock:
        return arn in _taken_back


def differences(target: AwsTarget, kind: ResourceKind, args: CommonArgs, existing: Existing) -> list[str]:
    """Why `existing` cannot stand for the resource `args` describe (empty: it can)."""
    if existing.status == CREATE_FAILED:
        return [f"it is {CREATE_FAILED}"]
    described = find(target, kind, existing.arn)
    wanted = dump(args)
    return [
        f"{key}: it has {_value(described, key)!r}, this stack wants {_wanted(kind, wanted, key)!r}"
        for key in kind.create_parameters
        if _value(described, key) != _wanted(kind, wanted, key)
    ]


def _value(described: Described | None, key: str) -> Any:
    """The member as Describe spells it (`performAutoML` for `performAutoMl`); empty text or maps are none
    (false stays false)."""
    value = described.get(aws_member(key)) if described is not None else None
    return None if value in ("", {}, []) else value


def _wanted(kind: ResourceKind, wanted: dict[str, Any], key: str) -> Any:
    value = kind.canonical(key, wanted.get(key))
    return None if value in ("", {}, []) else value


def _wait_for_blocker(target: AwsTarget, kind: ResourceKind, args: CommonArgs, existing: Existing) -> None:
    who = subject(kind, args)
    progress(f"{who} waits for {kind.label} {existing.name} ({existing.arn}), {existing.status}, to be gone")
    try:
        wait_gone(target, kind, existing.arn, who, args.seconds("create"))
    except WaitTimeoutError as timeout:
        raise PersonalizeError(
            say.blocker_stays(who, kind.label, existing, kind.conflict, timeout.last_status, timeout.waited)
        ) from None


def _adopt(target: AwsTarget, kind: ResourceKind, args: CommonArgs, existing: Existing, owner_tag: str | None) -> str:
    """Adopt a resource nobody owns, or another resource of this very stack instance owned (after a `pulumi stack
    rename` or a rename without an alias its URN differs), when asked to and when it matches; otherwise say what
    to do. Adopting gives it a new incarnation: the entry that held it, if any, then only forgets it."""
    place = say.taken(subject(kind, args), kind.label, existing, kind.conflict)
    owner, ours = ownership.parse(owner_tag), ownership.parse(args.owner)
    this_stack = owner is not None and ours is not None and owner.version == 2 and owner.identity == ours.identity
    if owner is not None and not this_stack:
        raise PersonalizeError(say.owned_by_another(place, owner, existing.arn))
    if not args.adopt_existing:
        refused = say.owned_by_this_stack(place, owner, existing.name) if owner else None
        raise PersonalizeError(refused or say.adopt_on_request(place, existing.name))
    unfit = differences(target, kind, args, existing)
    if unfit:
        raise PersonalizeError(say.not_adopted(place, unfit))
    progress(f"adopting existing {kind.label} {existing.name} ({existing.arn})")
    return existing.arn
