"""Pages of ListDatasetGroups and ListEventTrackers, and their opaque tokens.

moto's own paginator is not used: it fails when the item a token points at has been deleted.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TypeVar

from .exceptions import InvalidNextTokenException
from .resources import Resource, sort_key

__all__ = ["DEFAULT_MAX_RESULTS", "paginate"]

DEFAULT_MAX_RESULTS = 100

R = TypeVar("R", bound=Resource)


def paginate(items: list[R], max_results: int | None, next_token: str | None, scope: str) -> tuple[list[R], str | None]:
    """One page of ``items`` (already in list order) and the token of the next page.

    The token names the last item returned rather than an index, so deleting or creating
    resources between pages neither repeats nor skips the others. ``scope`` binds a token to
    the filter it was issued for: a token reused with another filter is invalid.
    """
    start = 0
    if next_token is not None:
        after = _decode(next_token, scope)
        start = sum(1 for item in items if sort_key(item) <= after)
    limit = max_results or DEFAULT_MAX_RESULTS
    page = items[start : start + limit]
    if start + limit >= len(items):
        return page, None
    token = {"scope": scope, "after": list(sort_key(page[-1]))}
    return page, base64.urlsafe_b64encode(json.dumps(token).encode()).decode("ascii")


def _decode(next_token: str, scope: str) -> tuple[float, str]:
    """The sort key of the last item a token's page returned; InvalidNextTokenException unless
    this listing issued it."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(next_token.encode("ascii")))
        after = (float(decoded["after"][0]), str(decoded["after"][1]))
        if decoded["scope"] == scope:
            return after
    except (ValueError, KeyError, TypeError, IndexError, binascii.Error, UnicodeEncodeError):
        pass
    raise InvalidNextTokenException(f"The next token {next_token} is not valid for this listing.")
