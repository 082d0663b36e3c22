"""The ownership tag: which Pulumi resource of which stack instance created a Personalize resource.

Format (tag `pulumi-personalize:owner`, documented in README, "Ownership"):

- version 2: `v2:<stack identity>:<URN digest> <URN>`. The stack identity is random, made once per stack
  instance by its `StackIdentity` resource and kept in the stack's state; the URN digest is the first 16
  hex digits of SHA-256 of the resource's full URN. Together they name one resource of one stack
  instance: two stacks with the same organization, project and stack names on different backends have
  different identities, and two resources of one stack have different URNs. The URN after the space
  is only for people (tag values hold at most 256 characters, some URN characters are replaced by '_').
- version 1 (release 0.1.0): `<project>/<stack>/[<parent name>/]<resource name>`. It cannot tell two
  stack instances apart, so it is recognised (and named in errors) but never trusted for a take-back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from . import _validation as validate

_VERSION_2 = "v2"


@dataclass(frozen=True)
class OwnerTag:
    """A parsed ownership tag."""

    version: int
    key: str  # what must match exactly for a take-back: "v2:<identity>:<digest>"; empty for version 1
    identity: str  # the stack identity; empty for version 1
    described: str  # the URN (version 2) or the path (version 1), for messages

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
    if len(parts) == 3 and parts[0] == _VERSION_2:
        return OwnerTag(2, head, parts[1], described)
    return OwnerTag(1, "", "", value)


def same_owner(found: str | None, ours: str | None) -> bool:
    """Whether a resource tagged `found` was created by the resource whose tag value is `ours`.

    Only version 2 tags prove it: their stack identity and URN digest must both match.
    """
    mine, theirs = parse(ours), parse(found)
    return mine is not None and theirs is not None and mine.version == 2 and mine.key == theirs.key
