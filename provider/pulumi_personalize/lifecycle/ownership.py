"""The ownership tag: which Pulumi resource of which stack instance created a Personalize resource.

Format (tag `pulumi-personalize:owner`, documented in docs/ownership.md):

- version 2: `v2:<stack identity>:<URN digest> <URN>`. The stack identity is random, made once per stack
  instance by its `StackIdentity` resource and kept in the stack's state; the URN digest is the first 16
  hex digits of SHA-256 of the resource's full URN. Together they name one resource of one stack
  instance: two stacks with the same organization, project and stack names on different backends have
  different identities, and two resources of one stack have different URNs. The URN after the space
  is only for people (tag values hold at most 256 characters, some URN characters are replaced by '_').
  Since 0.3.0 the head may end with a fourth part, the **incarnation** (`v2:<identity>:<digest>:<incarnation>`):
  16 random hex digits made anew by every create and every take-back and recorded in the state entry as the
  `incarnation` output. A create writes it as `c-<hex>` (creating); it is confirmed (`<hex>`) once the engine
  recorded it (`lifecycle.confirmations`). So a resource whose incarnation is still `c-...` was made by a create
  that no finished deployment recorded (a crash, a lost answer): only such a one is taken back.
  A delete removes a resource only while its incarnation is the one its state entry holds (docs/ownership.md).
- version 1 (release 0.1.0): `<project>/<stack>/[<parent name>/]<resource name>`. It cannot tell two
  stack instances apart, so it is recognised (and named in errors) but never trusted for a take-back.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from ..resources import validation as validate

_VERSION_2 = "v2"
_CREATING = "c-"
INCARNATION_BYTES = 8


@dataclass(frozen=True)
class OwnerTag:
    """A parsed ownership tag."""

    version: int
    key: str  # what must match exactly for a take-back: "v2:<identity>:<digest>"; empty for version 1
    identity: str  # the stack identity; empty for version 1
    described: str  # the URN (version 2) or the path (version 1), for messages
    incarnation: str = ""  # empty: tagged before 0.3.0, or by a version 1 tag
    creating: bool = False  # the create that wrote it has not confirmed it (no state entry recorded it)

    def describe(self) -> str:
        if self.version == 1:
            return f"{self.described} (tagged by pulumi-personalize 0.1, which cannot tell stack instances apart)"
        return f"{self.described} (stack identity {self.identity})"


def tag_value(identity: str, urn: str) -> str:
    """The version 2 tag value of the resource `urn` in the stack instance `identity`."""
    digest = hashlib.sha256(urn.encode()).hexdigest()[:16]
    return f"{_VERSION_2}:{identity}:{digest} {validate.as_tag_text(urn)}"[: validate.TAG_VALUE_MAX]


def parse(value: str | None) -> OwnerTag | None:
    """The owner a tag value names; None when there is no tag."""
    if not value:
        return None
    head, _, described = value.partition(" ")
    parts = head.split(":")
    if len(parts) in (3, 4) and parts[0] == _VERSION_2:
        incarnation = parts[3] if len(parts) == 4 else ""
        creating = incarnation.startswith(_CREATING)
        return OwnerTag(2, ":".join(parts[:3]), parts[1], described, incarnation.removeprefix(_CREATING), creating)
    return OwnerTag(1, "", "", value)


def new_incarnation() -> str:
    """A fresh incarnation, for a create or a take-back."""
    return secrets.token_hex(INCARNATION_BYTES)


def carries_incarnation(value: str | None) -> bool:
    """Whether an ownership tag value can carry an incarnation (a version 2 one)."""
    owner = parse(value)
    return owner is not None and owner.version == 2


def with_incarnation(value: str, incarnation: str | None, creating: bool = False) -> str:
    """The tag value `value` (a version 2 owner, without incarnation) carrying `incarnation`.

    A version 1 value, or no incarnation (an entry made before 0.3.0), is left as it is.
    """
    owner = parse(value)
    if owner is None or owner.version != 2 or not incarnation:
        return value
    head = f"{owner.key}:{_CREATING if creating else ''}{incarnation}"
    return f"{head} {owner.described}"[: validate.TAG_VALUE_MAX]


def same_owner(found: str | None, ours: str | None) -> bool:
    """Whether a resource tagged `found` was created by the resource whose tag value is `ours`.

    Only version 2 tags prove it: their stack identity and URN digest must both match.
    """
    mine, theirs = parse(ours), parse(found)
    return mine is not None and theirs is not None and mine.version == 2 and mine.key == theirs.key
