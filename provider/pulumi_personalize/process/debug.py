"""Debug lines of the provider process: on stderr when the user asked Pulumi for plugin logs, else to `logging`.

Why both: a dynamic provider has no engine connection, and the CLI shows every stderr line of it as an info
diagnostic of the stack, so a line meant for debugging cannot simply go to stderr. `pulumi up -v=9
--logtostderr --logflow` passes `-v=9` to every plugin: then it does. Otherwise it goes to the
`pulumi_personalize` logger at DEBUG level, which Python drops unless someone configures logging.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from ..lifecycle.progress import to_cli

LOGGER = logging.getLogger("pulumi_personalize")


def plugin_verbosity(argv: Sequence[str]) -> int:
    """The `-v=N` the engine passed to this plugin (0 without one)."""
    levels = [int(arg[3:]) for arg in argv if arg.startswith("-v=") and arg[3:].isdigit()]
    return max(levels, default=0)


def debug(line: str, argv: Sequence[str] | None = None) -> None:
    if plugin_verbosity(sys.argv[1:] if argv is None else argv) > 0:
        to_cli(line, prefix="pulumi-personalize")
    else:
        LOGGER.debug(line)
