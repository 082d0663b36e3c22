"""Which state entry holds a resource: the incarnation an entry holds against the one in the ownership tag.

See `lifecycle.ownership` and docs/ownership.md: a delete removes a resource only while it is the incarnation its state
entry created or took back.
"""

from __future__ import annotations

from typing import Any

from ..aws.api import list_tags
from ..aws.errors import NOT_FOUND, AwsCallError
from ..aws.settings import AwsTarget
from ..resources import validation as validate
from ..resources.kind import ResourceKind
from . import ownership
from .adoption import left_by_a_take_back

INCARNATION = "incarnation"  # bookkeeping output: the incarnation this entry created or took back


def not_held(owner_tag: str | None, held: Any) -> str | None:
    """Why a resource tagged `owner_tag` is no longer the one a state entry holding incarnation `held` made.

    None when it still is. An entry made before 0.3.0 (or by `refresh --import-pending-creates`) holds no
    incarnation: its resource is another entry's once a create of 0.3.0 or later took it back and confirmed it.
    """
    found = ownership.parse(owner_tag)
    incarnation = found.incarnation if found is not None else ""
    if held and incarnation != held:
        now = f"incarnation {incarnation}" if incarnation else "no incarnation"
        return f"it is no longer the incarnation this entry holds ({held}; it has {now}): another entry took it back"
    if not held and incarnation and found is not None and not found.creating:
        return f"a later create took it back (incarnation {incarnation}): another entry holds it"
    return None


def held_elsewhere(target: AwsTarget, kind: ResourceKind, arn: str, held: Any) -> str | None:
    """Why another state entry holds `arn` now, for the delete of an entry holding incarnation `held`.

    None: this entry holds it, or it is gone. A schema has no tag: another entry holds it when a create of
    this deployment took it back.
    """
    if not kind.taggable:
        return "a create of this deployment took it back, with the same content" if left_by_a_take_back(arn) else None
    try:
        tags = list_tags(target, arn)
    except AwsCallError as error:
        if error.code == NOT_FOUND:
            return None
        raise
    return not_held(tags.get(validate.OWNER_TAG), held)
