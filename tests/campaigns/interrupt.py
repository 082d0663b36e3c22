"""A `pulumi` command run in the background and killed or interrupted at a chosen moment."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass

from tests import processes
from tests.campaigns.campaign_stack import COMMAND_TIMEOUT, CampaignStack
from tests.campaigns.moments import Moment

LEFTOVER_SECONDS = 15.0  # the plugins of a killed `pulumi` exit about 2 s after it (issue #15)


@dataclass
class Interrupted:
    """A pulumi command that was killed or interrupted (or that finished before the moment came)."""

    command: list[str]
    signal_sent: str | None
    seconds_to_signal: float
    signalled_at: float | None  # epoch seconds, to compare with the emulator's timeline
    returncode: int
    seconds_to_exit: float
    leftover_processes: list[str]
    output: str


def interrupt(
    stack: CampaignStack,
    command: tuple[str, ...],
    moment: Moment,
    how: signal.Signals,
    whole_group: bool,
    exit_timeout: float = 180.0,
) -> Interrupted:
    """Run `pulumi <command>` in its own session; once `moment()` holds, send `how` to the pulumi process (or
    to its process group), wait for it to exit, and wait for every process of its session to be gone.

    The session, not the process group: the engine starts each plugin in a process group of its own, so a
    killed group leaves the plugins, which must notice that their engine is gone and exit (issue #15).
    `moment` sees the process (it may finish first: then nothing is sent). Processes left in the session after
    LEFTOVER_SECONDS are listed in the result (then killed, so the campaign can go on).
    """
    output_path = stack.workdir.parent / f"interrupted-{time.monotonic_ns()}.log"
    with output_path.open("wb") as output:
        process = stack.stack.start(*command, output=output)
    started = time.monotonic()
    _wait_for(process, moment, started + COMMAND_TIMEOUT)
    signal_sent: str | None = None
    signalled_at: float | None = None
    seconds_to_signal = time.monotonic() - started
    if process.poll() is None:  # nothing between the moment and the signal: the moment is what the signal hits
        signalled_at = time.time()
        if whole_group:
            os.killpg(process.pid, how)
        else:
            os.kill(process.pid, how)
        signal_sent = how.name
    returncode = _wait_or_kill(process, exit_timeout)
    seconds_to_exit = time.monotonic() - started
    left = processes.wait_gone(lambda: processes.in_session(process.pid), LEFTOVER_SECONDS)
    processes.kill(left)
    processes.wait_gone(lambda: processes.in_session(process.pid), 30)
    text = output_path.read_text(errors="replace")
    output_path.unlink()
    stack.other_outputs.append(text)
    return Interrupted(
        command=list(command),
        signal_sent=signal_sent,
        seconds_to_signal=round(seconds_to_signal, 2),
        signalled_at=signalled_at,
        returncode=returncode,
        seconds_to_exit=round(seconds_to_exit, 2),
        leftover_processes=[str(leftover) for leftover in left],
        output=text,
    )


def _wait_for(process: subprocess.Popen[bytes], moment: Moment, deadline: float) -> None:
    """Until `moment` holds, the process exits or the deadline passes."""
    while process.poll() is None and not moment(process):
        if time.monotonic() > deadline:
            return
        time.sleep(0.02)


def _wait_or_kill(process: subprocess.Popen[bytes], timeout: float) -> int:
    """Its exit code; one that has not exited within `timeout` seconds is killed with its process group."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait(timeout=30)
