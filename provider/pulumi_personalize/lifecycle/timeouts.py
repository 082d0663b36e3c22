"""Create, update and delete timeouts, taken from `ResourceOptions(custom_timeouts=...)` in the program.

The Python dynamic provider server ignores the customTimeouts the engine sends, so the resource passes
them to the provider as an input (`timeouts`, in seconds) and the provider enforces them itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pulumi

DEFAULT_SECONDS = 20 * 60.0
STEPS = ("create", "update", "delete")
STEP_SECONDS: Mapping[str, float] = dict.fromkeys(STEPS, DEFAULT_SECONDS)
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")


def parse_duration(text: str) -> float:
    """Seconds in a Go-style duration such as "20m", "1h30m" or "45s"."""
    compact = text.strip()
    parts = _DURATION.findall(compact)
    if not compact or "".join(number + unit for number, unit in parts) != compact:
        raise ValueError(f"invalid duration {text!r}: use a form such as '20m', '1h30m' or '90s'")
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def from_options(opts: pulumi.ResourceOptions | None, defaults: Mapping[str, float] = STEP_SECONDS) -> dict[str, float]:
    """The `timeouts` input for a resource: create, update and delete seconds (the kind's `defaults` where the
    program sets none)."""
    custom = opts.custom_timeouts if opts is not None else None
    chosen = {
        "create": custom.create if custom is not None else None,
        "update": custom.update if custom is not None else None,
        "delete": custom.delete if custom is not None else None,
    }
    try:
        return {key: parse_duration(text) if text else defaults[key] for key, text in chosen.items()}
    except ValueError as error:  # a clean error for the program, naming the option (no traceback)
        raise pulumi.RunError(f"ResourceOptions(custom_timeouts=...): {error}") from None
