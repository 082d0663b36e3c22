"""One door to the Personalize API: calls by operation name, AWS errors as `AwsCallError`, retries bounded by
the operation's time left; and the tag helpers every resource shares."""

from __future__ import annotations

import itertools
import random
import re
import time
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from ..lifecycle.operation import current
from .clients import attempt_seconds, personalize_client
from .errors import (
    AwsCallError,
    EndpointUnreachableError,
    PersonalizeError,
    UnexpectedResponseError,
)
from .settings import AwsTarget, endpoint_origin

MAX_ATTEMPTS = 8  # as botocore's standard mode; the operation's time left may stop retries sooner
BACKOFF_FIRST = 0.25
BACKOFF_MAX = 5.0
_THROTTLING = {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"}
_CONNECTION_ERRORS = (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)


def _method_name(operation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


def call(target: AwsTarget, operation: str, **parameters: Any) -> dict[str, Any]:
    """Call `operation` (e.g. "DescribeEventTracker"); any failure becomes an `AwsCallError`.

    Throttling, 5xx answers and connection failures are retried with jittered backoff, at most
    MAX_ATTEMPTS attempts and only while the current operation has time left; each attempt's timeouts
    fit in that time too, so a silent endpoint fails within the operation's timeout, naming the endpoint.
    """
    operation_now = current()
    for attempt in itertools.count(1):
        left = operation_now.left() if operation_now else None
        client = _client(target, attempt_seconds(left))
        try:
            response: dict[str, Any] = getattr(client, _method_name(operation))(**parameters)
            return response
        except ClientError as error:
            failure, retry = _client_error(operation, error)
        except _CONNECTION_ERRORS as error:
            failure, retry = (
                EndpointUnreachableError(operation, client.meta.endpoint_url, endpoint_origin(target), str(error)),
                True,
            )
        except BotoCoreError as error:
            raise AwsCallError(operation, type(error).__name__, str(error)) from None
        except ValueError as error:  # botocore's parsers raise these on a body that is not JSON
            raise UnexpectedResponseError(operation, str(error)) from None
        delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
        left = operation_now.left() if operation_now else None
        if not retry or attempt >= MAX_ATTEMPTS or (left is not None and left <= delay):
            raise failure
        if operation_now:
            operation_now.report(f"{operation}: {failure.code}, retrying")
        time.sleep(delay)
    raise AssertionError("unreachable")  # itertools.count never ends


def _client(target: AwsTarget, timeout: float) -> Any:
    try:
        return personalize_client(target, timeout)
    except BotoCoreError as error:  # e.g. a profile that does not exist
        raise PersonalizeError(
            f"cannot set up the AWS client: {error}. Check aws:profile / AWS_PROFILE and the AWS config files."
        ) from None


def _client_error(operation: str, error: ClientError) -> tuple[AwsCallError, bool]:
    """The error as ours, and whether it is worth retrying (throttling, a 5xx answer)."""
    details = error.response.get("Error", {})
    code = str(details.get("Code") or "UnknownError")
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
    failure = AwsCallError(operation, code, str(details.get("Message") or error))
    return failure, status >= 500 or code in _THROTTLING


def listed(target: AwsTarget, operation: str, member: str, **parameters: Any) -> Iterator[dict[str, Any]]:
    """Every item of a List operation's `member`, page after page."""
    token: str | None = None
    while True:
        page = call(target, operation, maxResults=100, **parameters, **({"nextToken": token} if token else {}))
        yield from page.get(member, [])
        token = page.get("nextToken")
        if not token:
            return


def list_tags(target: AwsTarget, arn: str) -> dict[str, str]:
    response = call(target, "ListTagsForResource", resourceArn=arn)
    return {tag["tagKey"]: tag.get("tagValue", "") for tag in response.get("tags", [])}


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"tagKey": key, "tagValue": value} for key, value in sorted(tags.items())]


def update_tags(target: AwsTarget, arn: str, current: dict[str, str], desired: dict[str, str]) -> None:
    """Move `current` tags to `desired` with the fewest calls: at most one Untag and one Tag."""
    removed = sorted(key for key in current if key not in desired)
    changed = {key: value for key, value in desired.items() if current.get(key) != value}
    if removed:
        call(target, "UntagResource", resourceArn=arn, tagKeys=removed)
    if changed:
        call(target, "TagResource", resourceArn=arn, tags=tag_list(changed))
