"""Before the provider server exits at once (`engine_watch.exit_without_teardown`), let the program exit first.

Why: when a step fails (a check, a create...), the engine does not wait for the program to finish. It closes
its plugins in two phases: resource providers first (each gets SIGINT and up to 5 s to exit), then language
hosts. Killing the language host sends SIGINT to its process group, and the Python program is in it, still
unwinding from the failed registration. Python raises KeyboardInterrupt wherever the program is (a log RPC,
`executor.shutdown`), and the CLI shows its ~100-line traceback below the real error. The frames are all
the SDK's, grpc's and the standard library's. A provider that tears its interpreter down (0.2 s with boto3
loaded) gives the program that time. Our fast exit (issue #11) ends phase one within milliseconds: without
this wait, about one failed preview in seven printed that traceback.

How: the program is the process running `pulumi-language-python-exec` with `--engine <address>`, the same
engine address this server was given. We wait while one runs, `WAIT_SECONDS` at most, polling /proc. After
a successful command the program has already exited: one scan of /proc, about a millisecond. Without /proc
(macOS) we do not wait.
"""

from __future__ import annotations

import time
from pathlib import Path

PROGRAM_EXEC = "pulumi-language-python-exec"
WAIT_SECONDS = 2.0  # well within the engine's 5 s before SIGKILL; a program unwinds in tens of milliseconds
POLL_SECONDS = 0.005
PROC = Path("/proc")


def programs_of(engine: str, proc: Path = PROC) -> list[int]:
    """The PIDs of the Python programs run for the engine at `engine` (host:port)."""
    found: list[int] = []
    for entry in proc.iterdir() if proc.is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        words = [word.decode(errors="replace") for word in argv]
        if any(word.endswith(PROGRAM_EXEC) for word in words) and _engine_of(words) == engine:
            found.append(int(entry.name))
    return found


def _engine_of(words: list[str]) -> str | None:
    if "--engine" not in words[:-1]:
        return None
    return words[words.index("--engine") + 1]


def wait_for_programs(engine: str, timeout: float = WAIT_SECONDS, proc: Path = PROC) -> bool:
    """Wait until no program of the engine at `engine` runs (True), or `timeout` seconds passed (False)."""
    deadline = time.monotonic() + timeout
    while programs_of(engine, proc):
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True
