"""One trial of the crash campaign: a command interrupted at a drawn moment, then README's recovery."""

from __future__ import annotations

import random
import re
import signal
import time
from dataclasses import dataclass, field
from typing import Any

from testkit.emulator_process import EmulatorProcess
from tests.campaigns.campaign_stack import CampaignStack
from tests.campaigns.interrupt import Interrupted, interrupt
from tests.campaigns.moments import Moment, after_mutations, during_a_create, in_flight
from tests.campaigns.reconcile import Reconciliation
from tests.campaigns.runner import CampaignError
from tests.campaigns.summary import error_lines
from tests.e2e.test_recovery import RECOVERY

KINDS = ("up", "rename", "destroy")
COMMANDS = {
    "up": ("up", "--yes", "--skip-preview"),
    "rename": ("up", "--yes", "--skip-preview"),
    "destroy": ("destroy", "--yes", "--skip-preview"),
}
# README's recovery after an interrupted destroy ends with `pulumi destroy --yes` instead of `pulumi up --yes`.
RECOVERY_AFTER_DESTROY = (*RECOVERY[:-1], ("destroy", "--yes"))
TAKE_BACK = re.compile(r"personalize: taking back .*? \((arn:[^)\s]+)\)")
EXTRA_RUNS = 2  # when the recovery fails: the last command again, so that the campaign can go on


@dataclass
class CrashCampaignSettings:
    trials: int = 21
    trackers: int = 4
    seed: int = 1
    # Personalize creates in 30-45 s and deletes in about 20 s; README's recovery reaches `pulumi up` a few
    # seconds after the kill. A delete longer than that (as on AWS) keeps that race in the campaign.
    create_seconds: float = 1.5
    delete_seconds: float = 8.0
    sigint_trial: int | None = 3  # this trial (an "up") gets one SIGINT during a create instead of SIGKILL
    # this trial (an "up") gets its SIGKILL during a create, whatever the machine's load does to the drawn moments
    kill_during_create_trial: int | None = None
    min_mutations: int = 0  # k is drawn from [min_mutations, all mutating calls of the command]
    startup_delay: float = 2.0  # k = 0: the signal comes up to this long after the start (program starting)
    # k > 0: up to this fraction of the shorter phase after the k-th call, so that it lands before the
    # command ends (the k-th call is followed by at least one whole create or delete phase)
    delay_fraction: float = 0.6


@dataclass
class Trial:
    index: int
    kind: str
    signal: str
    moment: str
    interrupted: Interrupted
    in_flight_at_signal: dict[str, int]
    recovery: list[dict[str, Any]] = field(default_factory=list)
    recovered: bool = False
    extra_runs: int = 0
    taken_back: set[str] = field(default_factory=set)  # ARNs taken back by their ownership tag
    reconciliation: Reconciliation | None = None
    preview_no_changes: bool | None = None
    reset_runs: int = 0  # after a failed trial: runs that brought the stack back for the next trial
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(
            self.recovered
            and self.reconciliation is not None
            and self.reconciliation.ok
            and self.preview_no_changes is not False
            and not self.interrupted.leftover_processes
        )


class Names:
    """Config for each trial: new names for renames (and for every other up), autonames otherwise."""

    def __init__(self) -> None:
        self.generation = 0
        self.ups = 0
        self.renames = 0

    def configure(self, stack: CampaignStack, kind: str, index: int) -> None:
        if kind == "up":
            self.ups += 1
            self.generation += 1
            use = self.generation if self.ups % 2 == 0 else 0
            stack.configure(trackerGeneration=use, groupGeneration=use, marker=f"t{index}")
        elif kind == "rename":
            self.renames += 1
            self.generation += 1
            stack.configure(trackerGeneration=self.generation, marker=f"t{index}")
            if self.renames % 2 == 0:  # every other rename moves the trackers to renamed dataset groups
                stack.configure(groupGeneration=self.generation)


def expected_mutations(kind: str, trackers: int, groups_renamed: bool) -> int:
    """Mutating calls of an uninterrupted command: a delete per resource deleted; a create and the TagResource
    that confirms its incarnation per resource created (a replace does all three)."""
    if kind == "rename":
        return 6 * trackers if groups_renamed else 3 * trackers
    return 2 * trackers if kind == "destroy" else 4 * trackers


def recover(stack: CampaignStack, trial: Trial) -> None:
    """README's recovery as written; if it fails, its last command again (counted), at most EXTRA_RUNS times."""
    commands = RECOVERY_AFTER_DESTROY if trial.kind == "destroy" else RECOVERY
    trial.recovered = True
    for command in commands:
        result = stack.pulumi(*command)
        trial.taken_back.update(TAKE_BACK.findall(result.output))
        trial.recovery.append(
            {"command": " ".join(command), "returncode": result.returncode, "errors": error_lines(result.output)}
        )
        if result.returncode != 0 and command[0] != "cancel":  # cancel fails harmlessly when nothing is locked
            trial.recovered = False
    while not trial.recovered and trial.extra_runs < EXTRA_RUNS:
        trial.extra_runs += 1
        result = stack.pulumi(*commands[-1])
        trial.taken_back.update(TAKE_BACK.findall(result.output))
        trial.recovery.append(
            {
                "command": " ".join(commands[-1]) + " (extra run)",
                "returncode": result.returncode,
                "errors": error_lines(result.output),
            }
        )
        if result.returncode == 0:
            break


@dataclass
class Interruption:
    """How and when a trial interrupts its command."""

    how: signal.Signals
    whole_group: bool
    moment: Moment
    description: str


def choose_interruption(
    emulator: EmulatorProcess, settings: CrashCampaignSettings, kind: str, groups_renamed: bool, rng: random.Random
) -> Interruption:
    """SIGKILL to the process group after a drawn number of mutating calls plus a drawn delay."""
    total = expected_mutations(kind, settings.trackers, groups_renamed)
    count = rng.randint(min(settings.min_mutations, total), total)
    longest = settings.delay_fraction * min(settings.create_seconds, settings.delete_seconds)
    delay = round(rng.uniform(0, settings.startup_delay if count == 0 else longest), 2)
    moment = after_mutations(emulator, count, delay)
    return Interruption(signal.SIGKILL, True, moment, f"{delay} s after mutating call {count} of {total}")


def run_trial(
    stack: CampaignStack,
    emulator: EmulatorProcess,
    settings: CrashCampaignSettings,
    names: Names,
    rng: random.Random,
    index: int,
) -> Trial:
    kind = KINDS[index % len(KINDS)]
    started = time.monotonic()
    names.configure(stack, kind, index)
    if index in (settings.sigint_trial, settings.kill_during_create_trial):
        if kind != "up":
            raise CampaignError(f"a trial during a create must be an up, trial {index} is a {kind}")
        sigint = index == settings.sigint_trial
        how = signal.SIGINT if sigint else signal.SIGKILL
        chosen = Interruption(how, not sigint, during_a_create(emulator), "during a create")
    else:
        groups_renamed = kind == "rename" and names.renames % 2 == 0
        chosen = choose_interruption(emulator, settings, kind, groups_renamed, rng)
    interrupted = interrupt(stack, COMMANDS[kind], chosen.moment, chosen.how, chosen.whole_group)
    trial = Trial(
        index=index,
        kind=kind,
        signal=f"{chosen.how.name} (process group)" if chosen.whole_group else chosen.how.name,
        moment=chosen.description,
        interrupted=interrupted,
        in_flight_at_signal=in_flight(emulator, interrupted.signalled_at) if interrupted.signalled_at else {},
    )
    recover(stack, trial)
    trial.reconciliation = stack.reconcile(emulator)
    if kind == "destroy":
        trial.reconciliation.expect_nothing_left()
    else:
        trial.preview_no_changes = stack.pulumi("preview", "--expect-no-changes").returncode == 0
    if not trial.ok:
        converge(stack, emulator, trial)
    trial.seconds = round(time.monotonic() - started, 1)
    return trial


def converge(stack: CampaignStack, emulator: EmulatorProcess, trial: Trial) -> None:
    """After a failed trial, bring the stack to where its kind should have left it, so that the next trial starts
    from a known place (not part of the checks: counted apart as `reset_runs`)."""
    command = ("destroy" if trial.kind == "destroy" else "up", "--yes", "--skip-preview")
    while trial.reset_runs < 3:
        stack.reconcile(emulator)  # waits for deletions in progress to end
        trial.reset_runs += 1
        if stack.pulumi(*command).returncode == 0:
            return
    raise CampaignError(f"trial {trial.index}: the stack did not converge again after {trial.reset_runs} runs")
