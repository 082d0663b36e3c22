"""Diffs that reach the engine whole: changed keys and a detailed diff, which the dynamic server drops (#20).

Why: `python -m pulumi.dynamic` answers Diff with `changes`, `replaces` and `deleteBeforeReplace` only. Without
`diffs` the engine cannot apply `replace_on_changes` (a tag change stays an update even with
`replace_on_changes=["*"]`), and without a detailed diff `preview --json` has `detailedDiff: null`.

How: the server builds its answer with `proto.DiffResponse(**fields)` right after calling the provider's `diff`,
in the same thread, looking the class up in the `pulumi.runtime.proto` package at each call. In the server only,
that name is given a stand-in that adds what `diff` left for its thread (`answer_with`), then builds the real
message. A provider that left nothing gets the SDK's answer unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from pulumi.runtime import proto
from pulumi.runtime.proto.provider_pb2 import PropertyDiff

from ..process.debug import debug
from ..process.engine_watch import in_dynamic_server

_REAL = proto.DiffResponse
_pending = threading.local()
_lock = threading.Lock()


class _DiffResponseWithDetails:
    """Stands for `proto.DiffResponse` in the dynamic server: the same constants, the same message, plus details."""

    DIFF_UNKNOWN = _REAL.DIFF_UNKNOWN
    DIFF_NONE = _REAL.DIFF_NONE
    DIFF_SOME = _REAL.DIFF_SOME

    def __new__(cls, **fields: Any) -> Any:
        details: tuple[list[str], dict[str, PropertyDiff.Kind.ValueType]] | None = getattr(_pending, "details", None)
        _pending.details = None
        if details is not None:
            changed, detailed = details
            fields.update(
                diffs=changed,
                detailedDiff={key: PropertyDiff(kind=kind, inputDiff=True) for key, kind in detailed.items()},
                hasDetailedDiff=True,
            )
        return _REAL(**fields)


def answer_with(changed: list[str], detailed: Mapping[str, str]) -> None:
    """Leave this thread's Diff answer its `changed` keys and each one's kind of change (`PropertyDiff` names)."""
    _pending.details = (list(changed), {key: PropertyDiff.Kind.Value(kind) for key, kind in detailed.items()})


def send_detailed_diffs() -> bool:
    """In the dynamic provider server only, once: let Diff answers carry details. True when installed."""
    if not in_dynamic_server():
        return False
    with _lock:
        if proto.DiffResponse is _DiffResponseWithDetails:
            return False
        if proto.DiffResponse is not _REAL:
            debug("proto.DiffResponse is not the SDK's: Diff answers keep the SDK's shape")
            return False
        proto.DiffResponse = _DiffResponseWithDetails  # type: ignore[misc]
    return True
