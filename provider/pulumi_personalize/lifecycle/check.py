"""Check: defaults, the autoname, the region and every input rule, with no AWS call (it runs in preview).

Check works on the raw property bag on purpose: during preview any value may still be unknown, and a
user's program may pass anything at all; only checked inputs become typed declarations.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from typing import Any

from pulumi.dynamic import CheckFailure
from pulumi.output import Unknown
from pulumi.runtime import rpc

from ..resources import validation as validate
from ..resources.kind import ResourceKind
from . import messages as say
from . import ownership

Properties = dict[str, Any]


def is_unknown(value: Any) -> bool:
    """A value not known during preview (the SDK deserializes it into `Unknown`, or keeps the sentinel)."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN)


def checked(
    kind: ResourceKind, olds: Properties, inputs: Properties, default_region: Callable[[], str | None]
) -> list[CheckFailure]:
    """Fill `inputs` in place with defaults, the autoname and the region; return what breaks a rule."""
    kept_owner = ownership.parse(olds.get("owner"))
    if kept_owner is not None and kept_owner.version == 2:
        inputs["owner"] = olds["owner"]  # who created the resource never changes while it lives
    for key in kind.input_keys:
        if inputs.get(key) is not None and not is_unknown(inputs[key]):
            inputs[key] = kind.canonical(key, inputs[key])
    for key, rule in kind.rules.items():  # first: an autoname may derive from an input AWS defaults
        if inputs.get(key) is None and rule.default is not None:
            inputs[key] = rule.default
    if inputs.get("name") is None:
        inputs["name"] = name_for(kind, olds, inputs)
    if inputs.get("tags") is None and kind.taggable:
        inputs["tags"] = {}
    inputs.setdefault("adoptExisting", False)
    inputs.setdefault("timeouts", dict(kind.default_seconds))
    if inputs.get("region") is None:
        inputs["region"] = _region_for(kind, olds, inputs, default_region)
    related = [CheckFailure(key, reason) for key, reason in kind.preview_rules(olds, inputs)]
    return [*_rule_failures(kind, inputs), *_region_failures(kind, inputs), *related]


def _rule_failures(kind: ResourceKind, inputs: Properties) -> list[CheckFailure]:
    failures: list[CheckFailure] = []
    for key, rule in kind.rules.items():
        value = inputs.get(key)
        if value is None:
            if rule.required:
                failures.append(CheckFailure(key, "is required"))
            elif key == "region":
                failures.append(CheckFailure(key, say.no_region()))
            continue
        reason = None if is_unknown(value) or rule.validator is None else rule.validator(value)
        if reason:
            failures.append(CheckFailure(key, reason))
    tags = inputs.get("tags")
    tag_reason = None if tags is None or is_unknown(tags) else validate.tags(tags, is_unknown)
    return [*failures, *([CheckFailure("tags", tag_reason)] if tag_reason else [])]


def _region_failures(kind: ResourceKind, inputs: Properties) -> list[CheckFailure]:
    implied, region = kind.implied_region(inputs), inputs.get("region")
    if implied and isinstance(region, str) and not is_unknown(region) and implied != region:
        return [CheckFailure("region", say.region_mismatch(kind.label, region, implied))]
    return []


def _region_for(
    kind: ResourceKind, olds: Properties, inputs: Properties, default_region: Callable[[], str | None]
) -> Any:
    """An omitted region: the dataset group ARN's when it is known, unknown while that ARN is unknown (as `up`
    will learn it then), else the stack's default. Preview never refuses what `up` accepts.

    While that ARN is unknown, a resource that exists keeps its region: a campaign whose solution version is
    being retrained stays where it is (an unknown region would read as a replacement in preview)."""
    implied = kind.implied_region(inputs)
    if implied:
        return implied
    if any(is_unknown(inputs.get(key)) for key in kind.region_from):
        kept = olds.get("region")
        return kept if isinstance(kept, str) and kept and not is_unknown(kept) else rpc.UNKNOWN
    return default_region()


def name_for(kind: ResourceKind, olds: Properties, inputs: Properties) -> Any:
    """The autoname: the old one for as long as the resource lives (renames and aliases included); for a kind
    whose replacement is created first (a schema), for as long as its content stays the same.

    A new one derives from the ownership tag, so it is unknown while the stack identity is (the first
    preview of a stack), and a create retried after a crash finds the resource it made before. A kind whose
    replacement is created first (a schema) derives it from its content too: old and new then differ.
    """
    kept = olds.get("name")
    content = [inputs.get(key) for key in kind.autoname_from]
    same_content = content == [olds.get(key) for key in kind.autoname_from]
    if olds.get("autonamePrefix") is not None and isinstance(kept, str) and kept and same_content:
        return kept
    owner = inputs.get("owner")
    if is_unknown(owner) or any(is_unknown(part) for part in content):
        return rpc.UNKNOWN
    if not content:
        return autoname(_prefix(inputs), owner)
    # 16 hex digits: with no tag to tell, a schema is recognised as this resource's by its name alone. Only the
    # owner's key counts: the URN text after it is for people (a stack copied by export, edit and import keeps
    # its names).
    parsed = ownership.parse(owner) if isinstance(owner, str) else None
    key = parsed.key if parsed is not None and parsed.version == 2 else owner
    return autoname(_prefix(inputs), json.dumps([key, *content], sort_keys=True), digits=16)


def _prefix(inputs: Properties) -> str:
    prefix = inputs.get("autonamePrefix")
    return prefix if isinstance(prefix, str) and prefix else "personalize"


def autoname(prefix: str, owner: Any, digits: int = 6) -> str:
    """`prefix-xxxxxx` made valid for Personalize: other characters become '-', at most 63 in all.

    The suffix derives from the ownership tag, so the same resource of the same stack instance always gets
    the same name, and two stack instances never do (docs/ownership.md).
    """
    cleaned = re.sub(r"[^a-zA-Z0-9\-_]", "-", prefix).lstrip("-_") or "personalize"
    suffix = (
        hashlib.sha256(owner.encode()).hexdigest()[:digits]
        if isinstance(owner, str) and owner
        else secrets.token_hex(digits // 2)
    )
    return f"{cleaned[: validate.NAME_MAX - digits - 1]}-{suffix}"
