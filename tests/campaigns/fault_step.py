"""One step of the fault campaign: a command run until it converges, then the state against the emulator."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from testkit.emulator_process import EmulatorProcess
from tests.campaigns.campaign_stack import CampaignStack
from tests.campaigns.moments import mutating_calls, wait_until
from tests.campaigns.reconcile import Reconciliation
from tests.campaigns.restarts import RestartCheck, restart_and_compare
from tests.campaigns.summary import error_lines

# 20 % throttling, 5 % 500/503, 2 % dropped connections, 5 % latency spikes of 1 s; all operations.
DEFAULT_FAULTS = "throttle=0.2;error=0.025;unavailable=0.025;drop=0.02;spike=0.05@1.0"
STEPS = ("up", "refresh", "tag", "rename", "destroy")
COMMANDS = {
    "up": ("up", "--yes", "--skip-preview"),
    "refresh": ("refresh", "--yes", "--skip-preview"),
    "tag": ("up", "--yes", "--skip-preview"),
    "rename": ("up", "--yes", "--skip-preview"),
    "destroy": ("destroy", "--yes", "--skip-preview"),
}


@dataclass
class FaultCampaignSettings:
    rounds: int = 3
    trackers: int = 8
    seed: int = 1
    max_retries: int = 3
    create_seconds: float = 0.3
    delete_seconds: float = 0.3
    faults: str = DEFAULT_FAULTS
    restart_between: tuple[int, str] | None = (0, "tag")  # kill + restart the emulator after this step
    restart_during: tuple[int, str] | None = (1, "rename")  # ... and in the middle of this one
    previews: bool = True

    @property
    def spec(self) -> str:
        return f"{self.faults};seed={self.seed}"


@dataclass
class StepRecord:
    round: int
    step: str
    command: list[str]
    attempts: int
    seconds: float
    errors: list[str]
    converged: bool
    reconciliation: Reconciliation | None = None
    preview_no_changes: bool | None = None
    restarts: list[RestartCheck] = field(default_factory=list)


def configure(stack: CampaignStack, round_: int, step: str) -> None:
    """The config each step applies: names by generation (0 = autonamed), a marker tag per step."""
    if step == "up":
        stack.configure(trackerGeneration=2 * round_, groupGeneration=2 * round_, marker=f"r{round_}-a")
    elif step == "tag":
        stack.configure(marker=f"r{round_}-b")
    elif step == "rename":  # trackers every round; their dataset groups too (so trackers move) every other one
        stack.configure(trackerGeneration=2 * round_ + 1)
        if round_ % 2 == 1:
            stack.configure(groupGeneration=2 * round_ + 1)


def run_with_restart(stack: CampaignStack, emulator: EmulatorProcess, record: StepRecord, when: str) -> bool:
    """Run the step's command in the background and restart the emulator once it made a few changes."""
    before = mutating_calls(emulator)
    log_path = stack.workdir.parent / "restart-during.log"
    with log_path.open("wb") as log:
        process = stack.stack.start(*record.command, output=log)
    target = before + max(1, stack.trackers // 2)
    wait_until(lambda: process.poll() is not None or mutating_calls(emulator) >= target, 300)
    if process.poll() is None:
        record.restarts.append(restart_and_compare(emulator, when, during_command=True))
    returncode = process.wait(timeout=600)
    output = log_path.read_text(errors="replace")
    log_path.unlink()
    stack.other_outputs.append(output)
    record.attempts += 1
    if returncode != 0:
        record.errors += error_lines(output) or [f"exit code {returncode}"]
    return returncode == 0


def run_step(
    stack: CampaignStack,
    emulator: EmulatorProcess,
    settings: FaultCampaignSettings,
    round_: int,
    step: str,
) -> StepRecord:
    configure(stack, round_, step)
    record = StepRecord(round_, step, list(COMMANDS[step]), 0, 0.0, [], converged=False)
    started = time.monotonic()
    done = False
    if settings.restart_during == (round_, step):
        done = run_with_restart(stack, emulator, record, f"during round {round_} {step}")
    while not done and record.attempts <= settings.max_retries:
        result = stack.pulumi(*COMMANDS[step])
        record.attempts += 1
        done = result.returncode == 0
        if not done:
            record.errors += error_lines(result.output) or [f"exit code {result.returncode}"]
    record.converged = done
    record.seconds = round(time.monotonic() - started, 1)
    if not done:
        return record
    if settings.restart_between == (round_, step):
        record.restarts.append(restart_and_compare(emulator, f"after round {round_} {step}", during_command=False))
    record.reconciliation = stack.reconcile(emulator)
    if step == "destroy":
        record.reconciliation.expect_nothing_left()
    elif settings.previews:
        record.preview_no_changes = stack.pulumi("preview", "--expect-no-changes").returncode == 0
    return record
