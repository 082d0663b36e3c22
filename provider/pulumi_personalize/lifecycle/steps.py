"""The one lifecycle behind every Personalize resource, whichever front serves it: check, diff, create, read,
update, delete.

A resource declares its `ResourceKind` (typed inputs and state, and a few functions, in `resources/`); this
generic lifecycle does the rest, from small parts: `check` (preview), `adoption` (create or claim), `find`,
`status`, `waiters` and `cleanup` (after a failed create), with every sentence in `messages`. It takes and
returns plain values (unknowns are `rpc.UNKNOWN`): the dynamic front (`dynamic.provider`) and the native plugin
(`native.provider`) only translate their SDK's requests and answers. Each step turns the property bag into the
kind's typed declaration first, and raises its errors itself as `PersonalizeError`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pulumi.dynamic import CheckFailure

from ..aws.api import list_tags, tag_list, update_tags
from ..aws.errors import PersonalizeError, told
from ..aws.settings import AwsTarget, StackAwsConfig
from ..resources import validation as validate
from ..resources.declare import aws_member, dump, load
from ..resources.kind import CREATE_FAILED, DELETING, CommonArgs, ResourceKind
from . import messages as say
from . import ownership
from .adoption import Claim, create_or_claim, progress
from .answers import Changes, Found, Properties, detailed_diff
from .check import checked, is_unknown, name_for
from .cleanup import clean_up, subject
from .confirmations import confirm_when_recorded
from .find import find
from .incarnation import INCARNATION, held_elsewhere, not_held
from .operation import running, side_call
from .outputs import implied_inputs, state_of
from .ownership import new_incarnation
from .waiters import delete_and_wait, wait_active

READ_SECONDS = 120.0  # a refresh reads each resource with two calls: minutes are plenty


def _incarnation_in(tags: dict[str, str]) -> str | None:
    """The incarnation the ownership tag names, if any."""
    found = ownership.parse(tags.get(validate.OWNER_TAG))
    return found.incarnation if found is not None and found.incarnation else None


class Lifecycle:
    """The steps of one kind of resource, with the stack's AWS settings (instances are cheap: one per call)."""

    def __init__(self, kind: ResourceKind, stack: StackAwsConfig) -> None:
        self.kind = kind
        self.stack = stack

    def check(self, olds: Properties, news: Properties) -> tuple[Properties, list[CheckFailure]]:
        return news, checked(self.kind, olds, news, self.stack.default_region)

    def diff(self, id_: str, olds: Properties, news: Properties) -> Changes:
        """Replace what AWS cannot change in place (or a resource that failed to create); the rest in place.

        `owner`, `adoptExisting`, `autonamePrefix`, `timeouts` (and a dataset's `relatedInputs`) are the
        provider's own bookkeeping: a change of them alone changes nothing in AWS, so it is no change at all.
        """
        replaces = [key for key in self.kind.replace_on_change if olds.get(key) != news.get(key)]
        for key, reason in self.kind.replacements(olds, news).items():
            replaces.append(key)
            progress(f"{self.kind.label} {olds.get('name')} ({id_}): {reason}: it will be replaced")
        if replaces and not self.kind.deletable:
            old = f"{self.kind.label} {olds.get('name')}"
            progress(f"{say.forgotten(old, id_)}; the new one is made first")
        if olds.get("status") == CREATE_FAILED:
            replaces.append("status")
            progress(f"{self.kind.label} {olds.get('name')} ({id_}) is {CREATE_FAILED}: it will be replaced")
        in_place = [key for key in (*self.kind.updated_in_place, "tags") if olds.get(key) != news.get(key)]
        changed = list(dict.fromkeys((*replaces, *in_place)))
        return Changes(
            changed,
            replaces,
            delete_before_replace=bool(replaces) and self.kind.delete_before_replace,
            detailed=detailed_diff(olds, news, changed, replaces),
        )

    def create(self, props: Properties) -> tuple[str, Properties]:
        if props.get("name") is None:  # left to create (the native front, on a new stack): as check would name it
            props = {**props, "name": name_for(self.kind, {}, props)}
        args = load(self.kind.args, props)
        try:
            with running(self._subject(args), "create", args.seconds("create")):
                return self._create(args)
        except PersonalizeError as error:
            raise told(error, self._subject(args), "create") from None

    def _create(self, args: CommonArgs) -> tuple[str, Properties]:
        target = self._target(args)
        values = dump(args)
        parameters: Properties = {  # canonical: a number comes back from the engine as a float
            aws_member(key): self.kind.canonical(key, values[key])
            for key in self.kind.create_parameters
            if key in values
        }
        incarnation = new_incarnation() if self.kind.taggable and ownership.carries_incarnation(args.owner) else None
        creating = self._all_tags(args, incarnation, creating=True)
        if creating:
            parameters["tags"] = tag_list(creating)
        arn, claim = create_or_claim(target, self.kind, args, parameters)
        try:
            described = wait_active(target, self.kind, arn, self._subject(args), args.seconds("create"))
        except BaseException as failure:
            if claim == Claim.ADOPTED:
                raise
            raise clean_up(self.kind, target, arn, args, failure) from None
        if claim != Claim.CREATED and self.kind.taggable:  # our tags, and the new incarnation, still creating
            update_tags(target, arn, list_tags(target, arn), creating)
        if incarnation and args.owner:
            confirm_when_recorded(target, arn, ownership.with_incarnation(args.owner, incarnation))
        return arn, state_of(self.kind, args, described, self._all_tags(args, incarnation), incarnation)

    def read(self, id_: str, props: Properties) -> Found | None:
        """The resource as AWS describes it, or None when it is gone (or going).

        A read with no properties at all is an import (`pulumi import`): the entry then holds the incarnation it
        found, and its inputs are where and what it found (its name and region included).
        """
        args, importing = load(self.kind.args, props), not props
        try:
            with running(self._subject(args), "read", READ_SECONDS):
                target = self._target(args)
                tagged = side_call(list_tags, target, id_) if self.kind.taggable else None
                described = find(target, self.kind, id_)
                if described is None or described.status in DELETING:
                    return None
                if importing:
                    args = replace(args, name=described.get("name"), region=target.region)
                tags = tagged.result() if tagged is not None else {}
                held = _incarnation_in(tags) if importing else props.get(INCARNATION)
                outputs = state_of(self.kind, args, described, tags, held)
                self._check_holder(target, id_, args, tags.get(validate.OWNER_TAG), held)
        except PersonalizeError as error:
            raise told(error, self._subject(args), "read") from None
        return Found(id_, outputs, implied_inputs(self.kind, outputs))

    def update(self, id_: str, old_props: Properties, new_props: Properties) -> Properties:
        """Tags (and what the kind updates, a dataset's schema) change in place; then the resource is read back,
        as Terraform's Update ends with Read."""
        olds, args = load(self.kind.args, old_props), load(self.kind.args, new_props)
        try:
            with running(self._subject(args), "update", args.seconds("update")):
                incarnation = old_props.get(INCARNATION)
                target, desired = self._target(args), self._all_tags(args, incarnation)
                if self.kind.taggable:
                    update_tags(target, id_, self._all_tags(olds, incarnation), desired)
                self.kind.update(target, id_, olds, args)
                described = find(target, self.kind, id_)
                if described is None:
                    raise PersonalizeError(say.disappeared(self._subject(args), id_, "the update"))
        except PersonalizeError as error:
            raise told(error, self._subject(args), "update") from None
        return state_of(self.kind, args, described, desired, incarnation)

    def delete(self, id_: str, props: Properties) -> None:
        """Delete, and wait until it is gone, only while the resource is the one this state entry holds.

        The invariant (docs/ownership.md): whatever the engine did with URNs (a take-back by a new entry after
        a rename, an alias removed, `--replace`), a delete never removes what another entry now holds.
        """
        args = load(self.kind.args, props)
        try:
            with running(self._subject(args), "delete", args.seconds("delete")):
                target = self._target(args)
                if not self.kind.deletable:
                    progress(say.forgotten(self._subject(args), id_))
                    return
                elsewhere = held_elsewhere(target, self.kind, id_, props.get(INCARNATION))
                if elsewhere:
                    progress(say.left_in_place(self._subject(args), id_, elsewhere))
                    return
                delete_and_wait(target, self.kind, id_, self._subject(args), args.seconds("delete"))
        except PersonalizeError as error:
            raise told(error, self._subject(args), "delete") from None

    def _check_holder(self, target: AwsTarget, arn: str, args: CommonArgs, owner_tag: str | None, held: Any) -> None:
        """On a read: say when another entry took the resource back; confirm the entry's own incarnation if a
        killed run left it unconfirmed (this entry proves the state recorded it)."""
        if not self.kind.taggable:
            return
        why = not_held(owner_tag, held)
        if why:
            progress(f"{self._subject(args)} ({arn}): {why}; a delete of this entry will leave it in place")
        found = ownership.parse(owner_tag)
        if held and found is not None and found.creating and found.incarnation == held and args.owner:
            confirm_when_recorded(target, arn, ownership.with_incarnation(args.owner, held))

    def _target(self, args: CommonArgs) -> AwsTarget:
        """Where this resource's calls go (clients are built per call by `api.call`)."""
        region = args.region if isinstance(args.region, str) and not is_unknown(args.region) else None
        region = region or self.stack.default_region()
        if not region:
            raise PersonalizeError(say.no_region())
        return AwsTarget(region, self.stack.endpoint, self.stack.profile)

    def _subject(self, args: CommonArgs) -> str:
        return subject(self.kind, args)

    def _all_tags(self, args: CommonArgs, incarnation: str | None, creating: bool = False) -> dict[str, str]:
        """The user's tags plus the ownership tag carrying `incarnation` (none for a kind without tags)."""
        if not self.kind.taggable:
            return {}
        owner = (
            {validate.OWNER_TAG: ownership.with_incarnation(args.owner, incarnation, creating)} if args.owner else {}
        )
        return {**(args.tags or {}), **owner}

    def _tags_of(self, target: AwsTarget, arn: str) -> dict[str, str]:
        return list_tags(target, arn) if self.kind.taggable else {}
