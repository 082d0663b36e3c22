"""Look a resource up by its ARN; "not found" is a value (None), not an error."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..aws.api import call
from ..aws.errors import NOT_FOUND, AwsCallError, UnexpectedResponseError
from ..aws.settings import AwsTarget
from ..resources.kind import ACTIVE, KNOWN_STATUSES, ResourceKind


@dataclass(frozen=True)
class Described:
    """A Describe answer's resource object, its dates as ISO text."""

    status: str
    members: Mapping[str, Any]

    def get(self, key: str) -> Any:
        value = self.members.get(key)
        return value.isoformat() if isinstance(value, datetime.datetime) else value


def find(target: AwsTarget, kind: ResourceKind, arn: str) -> Described | None:
    """Describe one resource; None when AWS says it does not exist."""
    operation = kind.operation("Describe")
    try:
        response = call(target, operation, **{kind.arn_key: arn})
    except AwsCallError as error:
        if error.code == NOT_FOUND:
            return None
        raise
    members = response.get(kind.describe_member)
    if not isinstance(members, dict):
        raise UnexpectedResponseError(operation, f"no '{kind.describe_member}' object")
    status = members.get("status") if kind.has_status else ACTIVE  # a schema is usable once it exists
    if status not in KNOWN_STATUSES:
        raise UnexpectedResponseError(operation, f"unknown status {status!r}")
    return Described(str(status), {key: kind.canonical(key, value) for key, value in members.items()})
