"""Every sentence the provider tells a user about a resource, in one place.

Each names the resource and ends with what to do next. `aws.errors.next_step` words the next step after an
AWS error code; these are the provider's own situations.
"""

from __future__ import annotations

import re

from ..aws.settings import config_key, config_namespace
from ..resources import validation as validate
from ..resources.kind import CREATE_FAILED, Existing, ResourceKind
from .ownership import OwnerTag


def _native() -> bool:
    """Whether this call serves the native plugin (its programs spell inputs in camelCase)."""
    return config_namespace.get() != "aws"


def _adopt_option() -> str:
    return "adoptExisting: true" if _native() else "adopt_existing=True"


def _name_option(name: str) -> str:
    return f"name: {name}" if _native() else f"name={name!r}"


def no_region() -> str:
    return f"no region: set `region=`, `pulumi config set {config_key('region')} <region>` or AWS_REGION"


LONGER_CREATE = (
    "If Personalize is only slow, give it longer with ResourceOptions(custom_timeouts=CustomTimeouts(create='40m')) "
    "and run `pulumi up` again."
)


def article(label: str) -> str:
    """`label` with its indefinite article: "an event tracker", "a dataset group"."""
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def region_mismatch(label: str, region: str, group_region: str) -> str:
    return (
        f"is {region!r} but the dataset group is in {group_region!r}: {article(label)} must live in the region "
        "of its dataset group"
    )


def taken(subject: str, label: str, existing: Existing, conflict: str) -> str:
    return f"{subject}: cannot create it: {label} {existing.name} ({existing.arn}, status {existing.status}) {conflict}"


def owned_by_another(place: str, owner: OwnerTag, arn: str) -> str:
    return (
        f"{place}, and it belongs to {owner.describe()}. What another stack (or another resource of this stack) "
        "manages is never taken over: leave it to its owner (choose another name or dataset group). If that owner "
        "no longer manages it, remove it there first (`pulumi state delete '<urn>'` in that stack), then its "
        f"ownership tag (aws personalize untag-resource --resource-arn {arn} --tag-keys {validate.OWNER_TAG}), "
        "and adopt it."
    )


def owned_by_this_stack(place: str, owner: OwnerTag, name: str) -> str:
    return (
        f"{place}, and another resource of this stack created it ({owner.described}; the URN differs after a "
        "`pulumi stack rename` or a rename without an alias). If that resource's state entry is gone (`pulumi "
        f"state delete`), set {_adopt_option()} on this resource (with {_name_option(name)}) and run `pulumi up` "
        "again; if it still exists, leave the resource to it."
    )


def adopt_on_request(place: str, name: str) -> str:
    return (
        f"{place}. To manage it with this stack, set {_adopt_option()} on the resource (with {_name_option(name)}) and "
        "run `pulumi up` again; or delete it, or choose another name."
    )


def not_adopted(place: str, differences: list[str]) -> str:
    return (
        f"{place}, and it is not adopted because it differs from this resource in what cannot change in place: "
        f"{'; '.join(differences)}. Make the inputs match it, or delete it, then run `pulumi up` again."
    )


def place_keeps_being_taken(subject: str, conflict: str) -> str:
    return (
        f"{subject}: cannot create it: its place keeps being taken ({conflict}). Run `pulumi refresh` then "
        "`pulumi up` again."
    )


def blocker_stays(subject: str, label: str, existing: Existing, conflict: str, status: str, waited: float) -> str:
    return (
        f"{subject}: {label} {existing.name} ({existing.arn}) {conflict} and was still {status} after {waited:.0f} s. "
        "Run `pulumi up` again once it is gone."
    )


def create_failed(what: str, reason: str | None) -> str:
    return f"{what} ended in status {CREATE_FAILED}" + (f": {reason}" if reason else "")


def not_active(what: str, waited: float, status: str) -> str:
    return f"{what} was not ACTIVE after {waited:.0f} s (last status {status})"


def cleaned_up(what: str, step: str) -> str:
    return f"{what}. It was deleted, so nothing is left behind. {step}"


def cleanup_failed(what: str, cleanup_error: Exception, kind: ResourceKind, arn: str, step: str) -> str:
    noun = kind.label.replace(" ", "-")
    arn_flag = re.sub(r"(?<!^)(?=[A-Z])", "-", kind.arn_key).lower()
    return (
        f"{what}. Deleting it failed too ({cleanup_error}), so it may still exist. It carries this resource's "
        "ownership tag: the next `pulumi up` takes it back (or deletes and recreates it). Before a `pulumi "
        f"destroy`, delete it yourself (aws personalize delete-{noun} --{arn_flag} {arn}). {step}"
    )


def disappeared(subject: str, arn: str, during: str) -> str:
    return (
        f"{subject} ({arn}) disappeared during {during}: something deleted it. Run `pulumi refresh`, then `pulumi up`."
    )


def deleted_by_someone(subject: str, arn: str, status: str) -> str:
    return (
        f"{subject} ({arn}) is being deleted ({status}) by someone else while it was being created. Run `pulumi up` "
        "again once it is gone."
    )


def stopped_by_someone(subject: str, arn: str, status: str) -> str:
    return (
        f"{subject} ({arn}) is {status}: someone stopped its training (StopSolutionVersionCreation). Run "
        "`pulumi up` again to train a new one."
    )


def forgotten(subject: str, arn: str) -> str:
    """Why a delete of a solution version removes nothing in AWS (said on delete and on replacement)."""
    return (
        f"{subject} ({arn}) is forgotten, not deleted: Personalize has no API to delete a solution version; it is "
        "deleted with its solution"
    )


def failed_and_kept(what: str, step: str) -> str:
    """A failed create of a kind that cannot be deleted: what is left, and what to do."""
    return (
        f"{what}. It stays in Personalize until its solution is deleted (there is no API to delete it); nothing "
        f"else was left. {step}"
    )


def still_used(subject: str, arn: str, users: list[str]) -> str:
    return (
        f"{subject} ({arn}) cannot be deleted: it is still used by {'; '.join(users)}. Delete those first (or "
        "manage them in this stack), then run `pulumi destroy` (or `pulumi up`) again."
    )


def not_deleted(subject: str, arn: str, waited: float, status: str) -> str:
    return (
        f"{subject} ({arn}) was not deleted after {waited:.0f} s (last status {status}). Run `pulumi destroy` (or "
        "`pulumi up`) again, or give it longer with ResourceOptions(custom_timeouts=CustomTimeouts(delete='40m'))."
    )


def held_by_an_entry(place: str, name: str, taggable: bool) -> str:
    """A create found this very resource's own resource, which a state entry may hold (docs/ownership.md)."""
    how = (
        "and this very resource of this stack created it and a state entry recorded it"
        if taggable
        else "with this very content: this very resource of this stack created it (a schema never changes, so "
        "`--replace` of a schema would make the same one; change its content or name for a new one)"
    )
    return (
        f"{place}, {how}. The state may still hold it under another name or in another stack, so it is not taken "
        "back (the engine would then delete it as the old entry's resource). That happens after `pulumi state "
        "rename` or `pulumi state move` with the program not yet edited to match (edit it), or when an alias is "
        "removed while the state still has the aliased name (put the alias back). Nothing was changed. If no "
        "state entry holds it any more (`pulumi state delete`), "
        f"set {_adopt_option()} (with {_name_option(name)}) for one `pulumi up`."
    )


def left_in_place(subject: str, arn: str, why: str) -> str:
    return f"{subject} ({arn}) is left in place and forgotten by this state entry: {why}"
