"""The one lifecycle machinery behind every Personalize resource: check, diff, create, read, update, delete.

A resource is described declaratively by a `Kind` (its operation names, inputs and rules); the generic
`PersonalizeProvider` does the rest. Adding a resource means writing a `Kind` and a thin program-side class.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import re
import secrets
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown
from pulumi.runtime import rpc

from . import _ownership as ownership
from . import _validation as validate
from ._api import (
    ACTIVE,
    ALREADY_EXISTS,
    CREATE_FAILED,
    CREATING,
    DELETING,
    call,
    find,
    list_tags,
    tag_list,
    update_tags,
)
from ._engine_watch import watch_engine
from ._errors import IN_USE, NOT_FOUND, AwsCallError, PersonalizeError, told
from ._operation import running
from ._settings import StackAwsConfig, Target
from ._timeouts import DEFAULT_SECONDS
from ._wait import Outcome, WaitTimeoutError, wait_for

READ_SECONDS = 120.0  # a refresh reads each resource with two calls: minutes are plenty
CLEANUP_MIN_SECONDS = 5.0

Inputs = dict[str, Any]
Validator = Callable[[Any], str | None]
PROVIDER_KEY = "__provider"


@dataclass(frozen=True)
class Existing:
    """A resource that already holds the place a create wanted."""

    arn: str
    name: str
    status: str


@dataclass(frozen=True)
class Kind:
    """Everything that differs between Personalize resources."""

    label: str  # "event tracker", used in messages and progress lines
    type_name: str  # "EventTracker": operations are Create/Describe/Delete + type_name
    arn_key: str  # "eventTrackerArn": the id, the Describe/Delete parameter and an output
    describe_member: str  # "eventTracker": the object in the Describe answer
    create_parameters: tuple[str, ...]  # inputs sent to Create (unset ones omitted)
    replace_on_change: tuple[str, ...]  # inputs that AWS cannot change in place
    validators: Mapping[str, Validator]  # rules for the inputs specific to this kind
    required: tuple[str, ...]
    described_outputs: tuple[str, ...]  # members of the description copied to outputs
    find_existing: Callable[[Any, Inputs], Existing | None]  # who blocked a create
    context: Callable[[Inputs], str] = lambda _inputs: ""  # ", in dataset group ..." for messages
    implied_region: Callable[[Inputs], str | None] = lambda _inputs: None
    users_of: Callable[[Any, str], list[str]] = lambda _client, _arn: []  # what blocks a delete
    conflict: str = "already exists"

    def operation(self, verb: str) -> str:
        return f"{verb}{self.type_name}"


_COMMON_VALIDATORS: Mapping[str, Validator] = {
    "name": validate.name,
    "region": validate.region,
    "adoptExisting": validate.boolean,
    "timeouts": validate.timeouts,
}
_COMMON_INPUTS = ("name", "autonamePrefix", "tags", "region", "adoptExisting", "timeouts", "owner")


def _unknown(value: Any) -> bool:
    """A value not known during preview (the SDK deserializes it into `Unknown`, or keeps the sentinel)."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN)


def plain_properties(properties: Inputs) -> Inputs:
    """Properties as plain values, without `__provider`.

    The engine may send a value that came from another resource as an output value, which the Python
    SDK deserializes into a `pulumi.Output` (its data already resolved), and secrets as wrapped values.
    Providers reason about plain values: a known Output becomes its value, an unknown one rpc.UNKNOWN.
    """
    return {key: _plain_value(value) for key, value in properties.items() if key != PROVIDER_KEY}


def _plain_value(value: Any) -> Any:
    if isinstance(value, pulumi.Output):
        data = value._data  # the SDK's resolved _OutputData future; no public synchronous accessor exists
        if not data.done() or not data.result().is_known:
            return rpc.UNKNOWN
        return _plain_value(data.result().value)
    if rpc.is_rpc_secret(value):
        return _plain_value(rpc.unwrap_rpc_secret(value))
    if isinstance(value, dict):
        return {key: _plain_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_value(item) for item in value]
    return value


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def _autoname(prefix: str, owner: str | None) -> str:
    """`prefix-xxxxxx` made valid for Personalize: other characters become '-', at most 63 in all.

    The suffix derives from the owner (project, stack, resource name), so the same resource always gets
    the same name: preview shows the name `up` will use, and a create retried after a crash finds the
    resource it made before. Replacements delete first, so they never need two names at once.
    """
    cleaned = re.sub(r"[^a-zA-Z0-9\-_]", "-", prefix).lstrip("-_") or "personalize"
    suffix = hashlib.sha256(owner.encode()).hexdigest()[:6] if owner else secrets.token_hex(3)
    return f"{cleaned[: validate.NAME_MAX - 7]}-{suffix}"


def _name_for(olds: Inputs, inputs: Inputs) -> str:
    """The autoname: the old one for as long as the resource lives (renames and aliases included).

    A new one derives from the ownership tag, so it is unknown while the stack identity is (the first
    preview of a stack), and a create retried after a crash finds the resource it made before.
    """
    kept = olds.get("name")
    if olds.get("autonamePrefix") is not None and isinstance(kept, str) and kept:
        return kept
    owner = inputs.get("owner")
    if _unknown(owner):
        return rpc.UNKNOWN
    prefix = inputs.get("autonamePrefix")
    prefix = prefix if isinstance(prefix, str) and prefix else "personalize"
    return _autoname(prefix, owner if isinstance(owner, str) else None)


class PersonalizeProvider(ResourceProvider):
    """Generic dynamic provider; subclasses only set `kind`.

    Instances carry no state of their own when pickled (the class is pickled by reference), so
    `__provider` is small, identical on every run, and free of credentials and config.
    """

    kind: ClassVar[Kind]
    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        watch_engine()  # only in the provider server: exit when the engine is gone (issue #15)
        self._stack = StackAwsConfig.from_config(req.config.get)

    @property
    def stack(self) -> StackAwsConfig:
        return getattr(self, "_stack", None) or StackAwsConfig()

    def __getstate__(self) -> dict[str, Any]:
        return {}  # never pickle what configure() learnt in a provider process

    # ----- check and diff: no AWS calls -----

    def check(self, _olds: Inputs, news: Inputs) -> CheckResult:
        olds, inputs = plain_properties(_olds), plain_properties(news)
        failures: list[CheckFailure] = []
        kept_owner = ownership.parse(olds.get("owner"))
        if kept_owner is not None and kept_owner.version == 2:
            inputs["owner"] = olds["owner"]  # who created the resource never changes while it lives
        if inputs.get("name") is None:
            inputs["name"] = _name_for(olds, inputs)
        if inputs.get("tags") is None:
            inputs["tags"] = {}
        inputs.setdefault("adoptExisting", False)
        inputs.setdefault("timeouts", {"create": DEFAULT_SECONDS, "update": DEFAULT_SECONDS, "delete": DEFAULT_SECONDS})
        if inputs.get("region") is None:
            inputs["region"] = self.stack.default_region() or self.kind.implied_region(inputs)
        validators = {**_COMMON_VALIDATORS, **self.kind.validators}
        for key, rule in validators.items():
            value = inputs.get(key)
            if value is None:
                if key in self.kind.required:
                    failures.append(CheckFailure(key, "is required"))
                elif key == "region":
                    failures.append(
                        CheckFailure(
                            key,
                            "no region: set `region=`, `pulumi config set aws:region <region>` or AWS_REGION",
                        )
                    )
                continue
            if _unknown(value):
                continue
            reason = rule(value)
            if reason:
                failures.append(CheckFailure(key, reason))
        tag_reason = validate.tags(inputs["tags"], _unknown) if not _unknown(inputs["tags"]) else None
        if tag_reason:
            failures.append(CheckFailure("tags", tag_reason))
        implied = self.kind.implied_region(inputs)
        region = inputs.get("region")
        if implied and isinstance(region, str) and not _unknown(region) and implied != region:
            failures.append(
                CheckFailure(
                    "region",
                    f"is {region!r} but the dataset group is in {implied!r}: a {self.kind.label} must live in "
                    "the region of its dataset group",
                )
            )
        return CheckResult(inputs, failures)

    def diff(self, _id: str, _olds: Inputs, _news: Inputs) -> DiffResult:
        """Replace what AWS cannot change in place (or a resource that failed to create); tags in place.

        `owner`, `adoptExisting`, `autonamePrefix` and `timeouts` are the provider's own bookkeeping: a
        change of them alone changes nothing in AWS, so it is no change at all.
        """
        olds, news = plain_properties(_olds), plain_properties(_news)
        replaces = [key for key in self.kind.replace_on_change if olds.get(key) != news.get(key)]
        if olds.get("status") == CREATE_FAILED:
            replaces.append("status")
            print(
                f"personalize: {self.kind.label} {olds.get('name')} ({_id}) is {CREATE_FAILED}: it will be replaced",
                file=sys.stderr,
            )
        in_place = olds.get("tags") != news.get("tags")
        return DiffResult(
            changes=bool(replaces or in_place),
            replaces=replaces,
            delete_before_replace=bool(replaces),
        )

    # ----- create -----

    def create(self, props: Inputs) -> CreateResult:
        inputs = plain_properties(props)
        subject = self._subject(inputs)
        try:
            with running(subject, "create", inputs["timeouts"]["create"]):
                return self._create(inputs, subject)
        except PersonalizeError as error:
            raise told(error, subject, "create") from None

    def _create(self, inputs: Inputs, subject: str) -> CreateResult:
        client = self._client(inputs)
        parameters = {key: inputs[key] for key in self.kind.create_parameters if inputs.get(key) is not None}
        tags = self._all_tags(inputs)
        if tags:
            parameters["tags"] = tag_list(tags)
        arn, claim = self._create_or_claim(client, inputs, subject, parameters)
        try:
            described = self._wait_active(client, arn, inputs, subject)
        except BaseException as failure:
            if claim == _Claim.ADOPTED:
                raise
            raise self._clean_up(client, arn, inputs, subject, failure) from None
        if claim != _Claim.CREATED:
            update_tags(client, arn, list_tags(client, arn), tags)
        return CreateResult(arn, self._outputs(inputs, described, tags))

    def _create_or_claim(
        self, client: Any, inputs: Inputs, subject: str, parameters: dict[str, Any]
    ) -> tuple[str, _Claim]:
        """Create; when something holds the place, take it back, adopt it, or say whose it is.

        A blocker that is being deleted (say the old tracker of a rename that a killed run had started to
        delete) is waited for until it is gone. One of our own (same stack identity and URN) that cannot
        serve (CREATE FAILED, or made with other immutable inputs) is deleted. Then the create is tried again.
        """
        for _attempt in range(3):
            try:
                return call(client, self.kind.operation("Create"), **parameters)[self.kind.arn_key], _Claim.CREATED
            except AwsCallError as error:
                if error.code != ALREADY_EXISTS:
                    raise
                existing = self.kind.find_existing(client, inputs)
                if existing is None:
                    raise
            if existing.status in DELETING:
                self._wait_for_blocker(client, existing, inputs, subject)
                continue
            owner = list_tags(client, existing.arn).get(validate.OWNER_TAG)
            if not ownership.same_owner(owner, inputs.get("owner")):
                return self._adopt(client, inputs, subject, existing, owner), _Claim.ADOPTED
            unfit = self._differences(client, existing, inputs)
            if not unfit:
                say(f"taking back {self.kind.label} {existing.name} ({existing.arn}): this resource created it")
                return existing.arn, _Claim.TAKEN_BACK
            say(
                f"deleting {self.kind.label} {existing.name} ({existing.arn}), which this resource created: "
                f"{'; '.join(unfit)}; then creating it again"
            )
            self._delete_and_wait(client, existing.arn, subject, inputs["timeouts"]["create"])
        raise PersonalizeError(
            f"{subject}: cannot create it: its place keeps being taken ({self.kind.conflict}). "
            "Run `pulumi refresh` then `pulumi up` again."
        )

    def _wait_for_blocker(self, client: Any, existing: Existing, inputs: Inputs, subject: str) -> None:
        say(f"{subject} waits for {self.kind.label} {existing.name} ({existing.arn}), {existing.status}, to be gone")
        try:
            self._wait_gone(client, existing.arn, subject, inputs["timeouts"]["create"])
        except WaitTimeoutError as timeout:
            raise PersonalizeError(
                f"{subject}: {self.kind.label} {existing.name} ({existing.arn}) {self.kind.conflict} and was "
                f"still {timeout.last_status} after {timeout.waited:.0f} s. Run `pulumi up` again once it is gone."
            ) from None

    def _differences(self, client: Any, existing: Existing, inputs: Inputs) -> list[str]:
        """Why `existing` cannot stand for the resource these inputs describe (empty: it can)."""
        if existing.status == CREATE_FAILED:
            return [f"it is {CREATE_FAILED}"]
        described = self._describe(client, existing.arn) or {}
        return [
            f"{key}: it has {described.get(key) or None!r}, this stack wants {inputs.get(key) or None!r}"
            for key in self.kind.create_parameters
            if (described.get(key) or None) != (inputs.get(key) or None)
        ]

    def _adopt(self, client: Any, inputs: Inputs, subject: str, existing: Existing, owner_tag: str | None) -> str:
        """Adopt a resource nobody owns, when asked to and when it matches; otherwise say what to do."""
        taken = (
            f"{subject}: cannot create it: {self.kind.label} {existing.name} ({existing.arn}, status "
            f"{existing.status}) {self.kind.conflict}"
        )
        owner = ownership.parse(owner_tag)
        if owner is not None:
            raise PersonalizeError(
                f"{taken}, and it belongs to {owner.describe()}. What another stack (or another resource of this "
                "stack) manages is never taken over: leave it to its owner (choose another name or dataset "
                "group). If that owner no longer manages it, remove it there first (`pulumi state delete "
                f"'<urn>'` in that stack), then its ownership tag (aws personalize untag-resource --resource-arn "
                f"{existing.arn} --tag-keys {validate.OWNER_TAG}), and adopt it."
            )
        if not inputs["adoptExisting"]:
            raise PersonalizeError(
                f"{taken}. To manage it with this stack, set adopt_existing=True on the resource (with "
                f"name={existing.name!r}) and run `pulumi up` again; or delete it, or choose another name."
            )
        unfit = self._differences(client, existing, inputs)
        if unfit:
            raise PersonalizeError(
                f"{taken}, and it is not adopted because it differs from this resource in what cannot change "
                f"in place: {'; '.join(unfit)}. Make the inputs match it, or delete it, then run `pulumi up` again."
            )
        say(f"adopting existing {self.kind.label} {existing.name} ({existing.arn})")
        return existing.arn

    @staticmethod
    def _all_tags(inputs: Inputs) -> dict[str, str]:
        """The user's tags plus the ownership tag."""
        owner = inputs.get("owner")
        return {**inputs["tags"], **({validate.OWNER_TAG: owner} if owner else {})}

    def _wait_active(self, client: Any, arn: str, inputs: Inputs, subject: str) -> dict[str, Any]:
        last: dict[str, Any] = {}

        def poll() -> Outcome:
            described = self._describe(client, arn)
            if described is None:
                raise PersonalizeError(
                    f"{subject} ({arn}) disappeared while it was being created: something deleted it. "
                    "Run `pulumi up` again."
                )
            last.update(described)
            status = described["status"]
            if status == CREATE_FAILED:
                raise _CreateFailedError(described)
            if status in DELETING:
                raise PersonalizeError(
                    f"{subject} ({arn}) is being deleted ({status}) by someone else while it was being created. "
                    "Run `pulumi up` again once it is gone."
                )
            return Outcome(status == ACTIVE, status)

        wait_for(subject, poll, inputs["timeouts"]["create"])
        return last

    def _clean_up(self, client: Any, arn: str, inputs: Inputs, subject: str, failure: BaseException) -> BaseException:
        """Delete what a failed create made, so nothing is left behind; say what happened and what to do."""
        context = self.kind.context(inputs)
        if isinstance(failure, _CreateFailedError):
            reason = failure.described.get("failureReason")
            what = f"{subject} ({arn}){context} ended in status {CREATE_FAILED}" + (f": {reason}" if reason else "")
            step = "Check the dataset group and the inputs, then run `pulumi up` again."
        elif isinstance(failure, WaitTimeoutError):
            what = (
                f"{subject} ({arn}){context} was not ACTIVE after {failure.waited:.0f} s "
                f"(last status {failure.last_status})"
            )
            step = (
                "If Personalize is only slow, give it longer with "
                "ResourceOptions(custom_timeouts=CustomTimeouts(create='40m')) and run `pulumi up` again."
            )
        else:
            what = f"{subject} ({arn}){context} could not be confirmed ACTIVE: {failure}"
            step = "Run `pulumi up` again."
        seconds = _cleanup_seconds(inputs["timeouts"])
        try:
            with running(subject, "delete", seconds):
                self._delete_and_wait(client, arn, subject, seconds)
        except Exception as cleanup_error:  # the original failure matters most; tell both
            return PersonalizeError(
                f"{what}. Deleting it failed too ({cleanup_error}), so it may still exist. It carries this "
                "resource's ownership tag: the next `pulumi up` takes it back (or deletes and recreates it). "
                f"Before a `pulumi destroy`, delete it yourself (aws personalize delete-{self._cli_noun()} "
                f"--{self._cli_arn_flag()} {arn}). {step}"
            )
        if isinstance(failure, KeyboardInterrupt | SystemExit):
            return failure
        return PersonalizeError(f"{what}. It was deleted, so nothing is left behind. {step}")

    # ----- read, update, delete -----

    def read(self, id_: str, props: Inputs) -> ReadResult:
        state = plain_properties(props)
        subject = self._subject(state)
        try:
            with running(subject, "read", READ_SECONDS):
                client = self._client(state)
                described = self._describe(client, id_)
                if described is None or described["status"] in DELETING:
                    return ReadResult(id_="", outs={})
                outputs = self._outputs(state, described, list_tags(client, id_))
        except PersonalizeError as error:
            raise told(error, subject, "read") from None
        return ReadResult(id_, outputs, inputs=self._implied_inputs(outputs))

    def _implied_inputs(self, outputs: Inputs) -> Inputs:
        """The inputs the resource as refreshed implies, so the next diff shows what `up` would change.

        The provider's bookkeeping is kept; tags (and a group's domain, role and KMS key) are what AWS
        has now. A resource that failed to create says so, which is why the next `up` replaces it.
        """
        keys = (*_COMMON_INPUTS, *self.kind.create_parameters)
        inputs = {key: outputs[key] for key in keys if outputs.get(key) is not None}
        if outputs.get("status") == CREATE_FAILED:
            inputs["status"] = CREATE_FAILED
        return inputs

    def update(self, _id: str, _olds: Inputs, _news: Inputs) -> UpdateResult:
        """Tags change in place; then the resource is read back, as Terraform's Update ends with Read."""
        olds, news = plain_properties(_olds), plain_properties(_news)
        subject = self._subject(news)
        timeouts = news.get("timeouts") or {}
        try:
            with running(subject, "update", timeouts.get("update", timeouts.get("create", DEFAULT_SECONDS))):
                client = self._client(news)
                current = self._all_tags({**olds, "tags": olds.get("tags") or {}})
                desired = self._all_tags(news)
                update_tags(client, _id, current, desired)
                described = self._describe(client, _id)
                if described is None:
                    raise PersonalizeError(
                        f"{self.kind.label} {_id} disappeared during the update: something deleted it. Run "
                        "`pulumi refresh`, then `pulumi up`."
                    )
        except PersonalizeError as error:
            raise told(error, subject, "update") from None
        return UpdateResult(self._outputs(news, described, desired))

    def delete(self, _id: str, _props: Inputs) -> None:
        state = plain_properties(_props)
        subject = self._subject(state)
        seconds = (state.get("timeouts") or {}).get("delete", DEFAULT_SECONDS)
        try:
            with running(subject, "delete", seconds):
                self._delete_and_wait(self._client(state), _id, subject, seconds)
        except PersonalizeError as error:
            raise told(error, subject, "delete") from None

    def _delete_and_wait(self, client: Any, arn: str, subject: str, timeout: float) -> None:
        """Delete and wait until Describe says it is gone; a resource still creating is waited for first."""
        delete = self.kind.operation("Delete")

        def attempt() -> Outcome:
            try:
                call(client, delete, **{self.kind.arn_key: arn})
                return Outcome(True, "DELETE PENDING")
            except AwsCallError as error:
                if error.code == NOT_FOUND:
                    return Outcome(True, "gone")
                if error.code != IN_USE:
                    raise
            described = self._describe(client, arn)
            if described is None or described["status"] in DELETING:
                return Outcome(True, "DELETE PENDING")
            if described["status"] not in CREATING:
                users = self.kind.users_of(client, arn)
                if users:
                    raise PersonalizeError(
                        f"{subject} ({arn}) cannot be deleted: it is still used by {'; '.join(users)}. "
                        "Delete those first (or manage them in this stack), then run `pulumi destroy` again."
                    )
            return Outcome(False, described["status"])

        try:
            if not attempt().done:
                wait_for(subject, attempt, timeout)
            self._wait_gone(client, arn, subject, timeout)
        except WaitTimeoutError as error:
            raise PersonalizeError(
                f"{subject} ({arn}) was not deleted after {error.waited:.0f} s (last status "
                f"{error.last_status}). Run `pulumi destroy` (or `pulumi up`) again, or give it longer with "
                "ResourceOptions(custom_timeouts=CustomTimeouts(delete='40m'))."
            ) from None

    # ----- helpers -----

    def _wait_gone(self, client: Any, arn: str, subject: str, timeout: float) -> None:
        """Wait until Describe says `arn` no longer exists (raises WaitTimeoutError)."""

        def gone() -> Outcome:
            described = self._describe(client, arn)
            return Outcome(described is None, described["status"] if described else "gone")

        wait_for(subject, gone, timeout)

    def _client(self, inputs: Inputs) -> Target:
        """Where this resource's calls go (clients are built per call by `_api.call`)."""
        region = inputs.get("region") or self.stack.default_region()
        if not region:
            raise PersonalizeError("no region: set `region=`, aws:region or AWS_REGION.")
        return Target(region, self.stack.endpoint, self.stack.profile)

    def _describe(self, client: Any, arn: str) -> dict[str, Any] | None:
        return find(client, self.kind.operation("Describe"), self.kind.describe_member, **{self.kind.arn_key: arn})

    def _subject(self, inputs: Inputs) -> str:
        return f"{self.kind.label} {inputs.get('name')}"

    def _cli_noun(self) -> str:
        return self.kind.label.replace(" ", "-")

    def _cli_arn_flag(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "-", self.kind.arn_key).lower()

    def _outputs(self, inputs: Inputs, described: dict[str, Any], tags: dict[str, str]) -> Inputs:
        outputs = dict(inputs)
        for member in self.kind.described_outputs:
            outputs[member] = _plain(described.get(member))
        arn = str(described[self.kind.arn_key])
        outputs["accountId"] = described.get("accountId") or arn.split(":")[4]
        outputs["tags"] = {key: value for key, value in tags.items() if key != validate.OWNER_TAG}
        return outputs


def _cleanup_seconds(timeouts: Mapping[str, float]) -> float:
    """Time for deleting what a failed create made: a quarter of the create timeout (5 s at least), at most
    the delete timeout. The create's own time may be spent already (a timeout), and a dead endpoint must
    not double the wait the user allowed."""
    return min(timeouts["delete"], max(CLEANUP_MIN_SECONDS, timeouts["create"] / 4))


class _Claim(enum.Enum):
    """How a create came to hold its resource."""

    CREATED = "created"
    TAKEN_BACK = "taken back"  # this very resource created it before (a crash or a lost answer hid it)
    ADOPTED = "adopted"  # nobody owned it and adopt_existing=True


def say(line: str) -> None:
    """A progress line for the CLI (provider stderr lines reach it as diagnostics)."""
    print(f"personalize: {line}", file=sys.stderr, flush=True)


@dataclass
class _CreateFailedError(Exception):
    described: dict[str, Any] = field(default_factory=dict)
