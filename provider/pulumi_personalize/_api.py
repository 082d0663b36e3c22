"""One door to the Personalize API: calls by operation name, AWS errors as `AwsCallError`.

Also the shared `find` helper (lookup by ARN, NotFound as a value) and the status vocabulary.
"""

from __future__ import annotations

import re
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ._errors import AwsCallError, UnexpectedResponseError

NOT_FOUND = "ResourceNotFoundException"
ALREADY_EXISTS = "ResourceAlreadyExistsException"
IN_USE = "ResourceInUseException"

ACTIVE = "ACTIVE"
CREATE_FAILED = "CREATE FAILED"
CREATING = ("CREATE PENDING", "CREATE IN_PROGRESS")
DELETING = ("DELETE PENDING", "DELETE IN_PROGRESS")
KNOWN_STATUSES = (*CREATING, ACTIVE, CREATE_FAILED, *DELETING)


def _method_name(operation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


def call(client: Any, operation: str, **parameters: Any) -> dict[str, Any]:
    """Call `operation` (e.g. "DescribeEventTracker"); any failure becomes an `AwsCallError`."""
    try:
        response: dict[str, Any] = getattr(client, _method_name(operation))(**parameters)
    except ClientError as error:
        details = error.response.get("Error", {})
        raise AwsCallError(
            operation, str(details.get("Code") or "UnknownError"), str(details.get("Message") or error)
        ) from None
    except BotoCoreError as error:
        raise AwsCallError(operation, type(error).__name__, str(error)) from None
    except ValueError as error:  # botocore's parsers raise these on a body that is not JSON
        raise UnexpectedResponseError(operation, str(error)) from None
    return response


def find(client: Any, operation: str, member: str, **parameters: Any) -> dict[str, Any] | None:
    """Describe one resource; None when AWS says it does not exist."""
    try:
        response = call(client, operation, **parameters)
    except AwsCallError as error:
        if error.code == NOT_FOUND:
            return None
        raise
    described = response.get(member)
    if not isinstance(described, dict):
        raise UnexpectedResponseError(operation, f"no '{member}' object")
    status = described.get("status")
    if status not in KNOWN_STATUSES:
        raise UnexpectedResponseError(operation, f"unknown status {status!r}")
    return described


def list_tags(client: Any, arn: str) -> dict[str, str]:
    response = call(client, "ListTagsForResource", resourceArn=arn)
    return {tag["tagKey"]: tag.get("tagValue", "") for tag in response.get("tags", [])}


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"tagKey": key, "tagValue": value} for key, value in sorted(tags.items())]


def update_tags(client: Any, arn: str, current: dict[str, str], desired: dict[str, str]) -> None:
    """Move `current` tags to `desired` with the fewest calls: at most one Untag and one Tag."""
    removed = sorted(key for key in current if key not in desired)
    changed = {key: value for key, value in desired.items() if current.get(key) != value}
    if removed:
        call(client, "UntagResource", resourceArn=arn, tagKeys=removed)
    if changed:
        call(client, "TagResource", resourceArn=arn, tags=tag_list(changed))
