"""The one lifecycle behind every Personalize resource: check, diff, create, read, update, delete.

A resource declares its `ResourceKind` (typed inputs and state, and a few functions); this generic provider
does the rest, from small parts: `_check` (preview), `_adoption` (create or claim), `_find`, `_status`,
`_waiters` and `_cleanup` (after a failed create), with every sentence in `_messages`. Each CRUD method turns
the SDK's property bag into the kind's typed declaration first, and raises its errors itself, so the traceback
the CLI shows ends there.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import (
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.runtime import rpc

from . import _messages as say
from . import _ownership as ownership
from . import _validation as validate
from ._adoption import Claim, create_or_claim, progress
from ._api import list_tags, tag_list, update_tags
from ._check import checked, is_unknown
from ._cleanup import clean_up, subject
from ._confirmations import confirm_when_recorded
from ._declare import dump, load
from ._engine_watch import watch_engine
from ._errors import PersonalizeError, told
from ._find import find
from ._incarnation import INCARNATION, held_elsewhere, not_held
from ._operation import running
from ._outputs import implied_inputs, state_of
from ._ownership import new_incarnation
from ._server_diff import answer_with, send_detailed_diffs
from ._server_workers import serve_calls_at_once
from ._settings import AwsTarget, StackAwsConfig
from ._shapes import CREATE_FAILED, DELETING, CommonArgs, ResourceKind
from ._waiters import delete_and_wait, wait_active

Properties = dict[str, Any]
PROVIDER_KEY = "__provider"
READ_SECONDS = 120.0  # a refresh reads each resource with two calls: minutes are plenty


def plain_properties(properties: Properties) -> Properties:
    """Properties as plain values, without `__provider`.

    The engine may send a value that came from another resource as an output value, which the Python
    SDK deserializes into a `pulumi.Output` (its data already resolved), and secrets as wrapped values.
    Providers reason about plain values: a known Output becomes its value, an unknown one rpc.UNKNOWN.
    """
    return {key: _resolved(value) for key, value in properties.items() if key != PROVIDER_KEY}


def _resolved(value: Any) -> Any:
    if isinstance(value, pulumi.Output):
        data = value._data  # the SDK's resolved _OutputData future; no public synchronous accessor exists
        if not data.done() or not data.result().is_known:
            return rpc.UNKNOWN
        return _resolved(data.result().value)
    if rpc.is_rpc_secret(value):
        return _resolved(rpc.unwrap_rpc_secret(value))
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item) for item in value]
    return value


class PersonalizeProvider(ResourceProvider):
    """Generic dynamic provider; subclasses only set `kind`.

    Instances carry no state of their own when pickled (the class is pickled by reference), so
    `__provider` is small, identical on every run, and free of credentials and config.
    """

    kind: ClassVar[ResourceKind]
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        watch_engine()  # only in the provider server: exit when the engine is gone (issue #15)
        serve_calls_at_once()  # only there: as many calls at once as the engine sends (issue #11)
        send_detailed_diffs()  # only there: changed keys and a detailed diff reach the engine (issue #20)
        self._stack = StackAwsConfig.from_config(req.config.get)

    @property
    def stack(self) -> StackAwsConfig:
        return getattr(self, "_stack", None) or StackAwsConfig()

    def __getstate__(self) -> dict[str, Any]:
        return {}  # never pickle what configure() learnt in a provider process

    def check(self, _olds: Properties, news: Properties) -> CheckResult:
        inputs = plain_properties(news)
        failures = checked(self.kind, plain_properties(_olds), inputs, self.stack.default_region)
        return CheckResult(inputs, failures)

    def diff(self, _id: str, _olds: Properties, _news: Properties) -> DiffResult:
        """Replace what AWS cannot change in place (or a resource that failed to create); the rest in place.

        `owner`, `adoptExisting`, `autonamePrefix`, `timeouts` (and a dataset's `relatedInputs`) are the
        provider's own bookkeeping: a change of them alone changes nothing in AWS, so it is no change at all.
        """
        olds, news = plain_properties(_olds), plain_properties(_news)
        replaces = [key for key in self.kind.replace_on_change if olds.get(key) != news.get(key)]
        for key, reason in self.kind.replacements(olds, news).items():
            replaces.append(key)
            progress(f"{self.kind.label} {olds.get('name')} ({_id}): {reason}: it will be replaced")
        if olds.get("status") == CREATE_FAILED:
            replaces.append("status")
            progress(f"{self.kind.label} {olds.get('name')} ({_id}) is {CREATE_FAILED}: it will be replaced")
        in_place = [key for key in (*self.kind.updated_in_place, "tags") if olds.get(key) != news.get(key)]
        answer_with(olds, news, list(dict.fromkeys((*replaces, *in_place))), replaces)
        return DiffResult(
            changes=bool(replaces or in_place),
            replaces=replaces,
            delete_before_replace=bool(replaces) and self.kind.delete_before_replace,
        )

    def create(self, props: Properties) -> CreateResult:
        args = load(self.kind.args, plain_properties(props))
        try:
            with running(self._subject(args), "create", args.seconds("create")):
                arn, outputs = self._create(args)
        except PersonalizeError as error:
            raise told(error, self._subject(args), "create") from None
        return CreateResult(arn, outputs)

    def _create(self, args: CommonArgs) -> tuple[str, Properties]:
        target = self._target(args)
        values = dump(args)
        parameters: Properties = {key: values[key] for key in self.kind.create_parameters if key in values}
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

    def read(self, id_: str, props: Properties) -> ReadResult:
        args = load(self.kind.args, plain_properties(props))
        try:
            with running(self._subject(args), "read", READ_SECONDS):
                target = self._target(args)
                described = find(target, self.kind, id_)
                if described is None or described.status in DELETING:
                    return ReadResult(id_="", outs={})
                tags = self._tags_of(target, id_)
                outputs = state_of(self.kind, args, described, tags, props.get(INCARNATION))
                self._check_holder(target, id_, args, tags.get(validate.OWNER_TAG), props.get(INCARNATION))
        except PersonalizeError as error:
            raise told(error, self._subject(args), "read") from None
        return ReadResult(id_, outputs, inputs=implied_inputs(self.kind, outputs))

    def update(self, _id: str, _olds: Properties, _news: Properties) -> UpdateResult:
        """Tags (and what the kind updates, a dataset's schema) change in place; then the resource is read back,
        as Terraform's Update ends with Read."""
        olds, args = load(self.kind.args, plain_properties(_olds)), load(self.kind.args, plain_properties(_news))
        try:
            with running(self._subject(args), "update", args.seconds("update")):
                incarnation = _olds.get(INCARNATION)
                target, desired = self._target(args), self._all_tags(args, incarnation)
                if self.kind.taggable:
                    update_tags(target, _id, self._all_tags(olds, incarnation), desired)
                self.kind.update(target, _id, olds, args)
                described = find(target, self.kind, _id)
                if described is None:
                    raise PersonalizeError(say.disappeared(self._subject(args), _id, "the update"))
        except PersonalizeError as error:
            raise told(error, self._subject(args), "update") from None
        return UpdateResult(state_of(self.kind, args, described, desired, incarnation))

    def delete(self, _id: str, _props: Properties) -> None:
        """Delete, and wait until it is gone, only while the resource is the one this state entry holds.

        The invariant (README, "Ownership"): whatever the engine did with URNs (a take-back by a new entry after
        a rename, an alias removed, `--replace`), a delete never removes what another entry now holds.
        """
        args = load(self.kind.args, plain_properties(_props))
        try:
            with running(self._subject(args), "delete", args.seconds("delete")):
                target = self._target(args)
                elsewhere = held_elsewhere(target, self.kind, _id, _props.get(INCARNATION))
                if elsewhere:
                    progress(say.left_in_place(self._subject(args), _id, elsewhere))
                    return
                delete_and_wait(target, self.kind, _id, self._subject(args), args.seconds("delete"))
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
        """Where this resource's calls go (clients are built per call by `_api.call`)."""
        region = args.region if isinstance(args.region, str) and not is_unknown(args.region) else None
        region = region or self.stack.default_region()
        if not region:
            raise PersonalizeError(say.NO_REGION)
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
