"""Processes a test started, found through /proc, so that the suite fails when a test leaves one running.

Every process a test starts inherits the variable MARKER (set per test by tests/conftest.py) in its initial
environment, which /proc/<pid>/environ keeps for the process's whole life, whoever its parent is by then:
a provider whose `pulumi` was killed is re-parented to init but still carries its test's marker.
Linux only: elsewhere (no /proc) nothing is found and the checks pass.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

MARKER = "PP_TEST_RUN"
PULUMI_PLUGINS = (
    "pulumi.dynamic",
    "pulumi-resource-pulumi-python",
    "pulumi-language-python",
    "pulumi-resource-personalize",
    "pulumi-language-yaml",
)


@dataclass(frozen=True)
class Process:
    pid: int
    command: str

    def __str__(self) -> str:
        return f"{self.pid} {self.command}"


def _live_processes() -> Iterator[tuple[int, Path]]:
    """(pid, /proc/<pid>) of every process but this one."""
    with contextlib.suppress(FileNotFoundError):
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != os.getpid():
                yield int(entry), Path("/proc", entry)


def _command(proc: Path) -> str:
    return proc.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()


def marked(value: str) -> list[Process]:
    """Processes (zombies excluded: their environ reads empty) started with MARKER=value in their environment."""
    needle = f"{MARKER}={value}".encode()
    found: list[Process] = []
    for pid, proc in _live_processes():
        try:
            if needle in proc.joinpath("environ").read_bytes().split(b"\0"):
                found.append(Process(pid, _command(proc)))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def in_session(session: int) -> list[Process]:
    """Processes (not zombies) of a session: `pulumi` started with start_new_session=True and every plugin it
    started, though each plugin runs in its own process group."""
    found: list[Process] = []
    for pid, proc in _live_processes():
        try:
            stat = proc.joinpath("stat").read_text()
            fields = stat[stat.rfind(")") + 2 :].split()  # the name in parentheses may hold spaces
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(Process(pid, _command(proc)))
        except (OSError, IndexError, ValueError):
            continue
    return found


def pulumi_plugins(processes: list[Process]) -> list[Process]:
    return [process for process in processes if any(name in process.command for name in PULUMI_PLUGINS)]


def wait_gone(find: Callable[[], list[Process]], timeout: float) -> list[Process]:
    """Wait up to `timeout` seconds for `find()` to come back empty; what it still finds then."""
    deadline = time.monotonic() + timeout
    while (found := find()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def kill(processes: list[Process]) -> None:
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
