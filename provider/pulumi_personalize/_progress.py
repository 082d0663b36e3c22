"""Lines for the CLI: a dynamic provider's stderr lines reach it as diagnostics of the stack.

Each line goes out in one write: the provider's calls run in many threads at once (issue #11), and `print`
writes a text and its newline separately, so two threads' lines could merge into one.
"""

from __future__ import annotations

import sys


def to_cli(line: str, prefix: str = "personalize") -> None:
    """Write `<prefix>: <line>` and its newline to stderr at once."""
    sys.stderr.write(f"{prefix}: {line}\n")
    sys.stderr.flush()
