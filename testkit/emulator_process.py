"""`python -m pulumi_personalize.emulator` in a process of its own, spoken to through its control API only.

In its own process the emulator shares no GIL (nor moto's process-wide state) with what is tested or measured.
Given a directory, it keeps its state file and its log there, so that `restart()` brings it back on the same
port with every resource it had.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from testkit.emulator_control import EmulatorControl

START_SECONDS = 30.0
STOP_SECONDS = 30.0
LISTENING = "listening on "


class EmulatorProcessError(RuntimeError):
    """The emulator did not start, or did not exit cleanly when asked to."""


@dataclass
class FaultEpoch:
    """One life of an emulator process: its fault spec and the requests it counted (hence its fault draws)."""

    spec: str | None
    calls: dict[str, int]
    exact: bool  # False when the process was killed while requests were in flight

    @property
    def requests(self) -> int:
        return sum(self.calls.values())


class EmulatorProcess(EmulatorControl):
    """The emulator's command line in a subprocess; a context manager that starts and stops it.

    `flags` are further command-line options (`--port` is this class's business); `python` is the interpreter
    whose installed package runs (this one by default: the checkout's); without a directory, its
    log goes to this process's stderr. Each life's counted calls (the counters start again with the process)
    are kept in `epochs`, with its fault spec. With `iam_policy` it enforces that IAM policy, kept in a file
    (in `directory`, else a temporary one) that `set_iam_policy` rewrites: the emulator follows at its next call.
    """

    def __init__(
        self,
        directory: Path | None = None,
        create_seconds: float | None = None,
        delete_seconds: float | None = None,
        faults: str | None = None,
        flags: Sequence[str] = (),
        python: Path | str = sys.executable,
        iam_policy: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(endpoint_url="")
        self.python = str(python)
        self.faults = faults
        self.flags = [
            *([] if create_seconds is None else ["--create-seconds", str(create_seconds)]),
            *([] if delete_seconds is None else ["--delete-seconds", str(delete_seconds)]),
            *([] if faults is None else ["--faults", faults]),
            *flags,
        ]
        self.log_file: Path | None = None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self.log_file = directory / "emulator.log"
            self.flags += ["--state-file", str(directory / "emulator-state.json")]
        self.iam_policy_file: Path | None = None
        if iam_policy is not None:
            self.iam_policy_file = Path(directory or tempfile.mkdtemp(prefix="emulator-iam-")) / "iam-policy.json"
            self.set_iam_policy(iam_policy)
            self.flags += ["--iam-policy", str(self.iam_policy_file)]
        self.port = 0
        self.process: subprocess.Popen[str] | None = None
        self.epochs: list[FaultEpoch] = []

    def start(self) -> str:
        """Start on `self.port` (0 the first time: any free port, then kept) and wait for its first line."""
        command = [self.python, "-m", "pulumi_personalize.emulator", "--port", str(self.port), *self.flags]
        deadline = time.monotonic() + START_SECONDS
        while True:
            with contextlib.ExitStack() as files:  # the child keeps its own handle on the log
                log = None if self.log_file is None else files.enter_context(self.log_file.open("a"))
                process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
            line = _first_line(process, deadline)
            if line.startswith(f"{LISTENING}http://"):
                break
            process.kill()
            process.wait(timeout=STOP_SECONDS)
            if self.port == 0 or time.monotonic() > deadline:  # a restart retries until its port is free again
                raise EmulatorProcessError(f"the emulator did not start: {line!r}; see {self.log_file or 'stderr'}")
            time.sleep(0.2)
        self.process = process
        self.endpoint_url = line.removeprefix(LISTENING).strip()
        self.port = int(self.endpoint_url.rsplit(":", 1)[1])
        return self.endpoint_url

    def set_iam_policy(self, policy: Mapping[str, Any]) -> None:
        """Enforce another IAM policy from the next call on (the emulator must have started with one)."""
        if self.iam_policy_file is None:
            raise EmulatorProcessError("the emulator was started without an IAM policy (iam_policy=...)")
        written = self.iam_policy_file.with_suffix(".tmp")
        written.write_text(json.dumps(policy))
        os.replace(written, self.iam_policy_file)  # atomic: the emulator never reads half a policy

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=STOP_SECONDS)
        self.process = None

    def restart(self, exact: bool = True) -> None:
        """SIGKILL it and start it again with the same options on the same port.

        The calls counted so far close its life; `exact=False` when requests were in flight.
        """
        self._close_epoch(exact)
        self.kill()
        self.start()

    def stop(self) -> None:
        """SIGTERM and expect a clean exit; the calls counted so far close the last life."""
        if self.process is None:
            return
        self._close_epoch(exact=True)
        self.process.send_signal(signal.SIGTERM)
        returncode = self.process.wait(timeout=STOP_SECONDS)
        self.process = None
        if returncode != 0:
            raise EmulatorProcessError(
                f"the emulator exited with {returncode} on SIGTERM; see {self.log_file or 'stderr'}"
            )

    def _close_epoch(self, exact: bool) -> None:
        self.epochs.append(FaultEpoch(self.faults, self.calls(), exact))

    def __enter__(self) -> EmulatorProcess:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            try:
                self.stop()
            except (EmulatorProcessError, OSError, subprocess.TimeoutExpired):
                if self.process is not None:
                    self.kill()


def _first_line(process: subprocess.Popen[str], deadline: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], max(0.1, deadline - time.monotonic()))
    return process.stdout.readline() if ready else ""
