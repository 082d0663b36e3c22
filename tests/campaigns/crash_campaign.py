"""Crash campaign: `pulumi up`, a rename and `pulumi destroy` killed at random moments, then README's recovery.

Each trial runs one command on a stack of N dataset groups with a tracker each and interrupts it: SIGKILL to
the whole `pulumi` process group (the CLI, its language host, the program and the dynamic provider) at a
random moment, or, once, a single SIGINT (one Ctrl-C) to the `pulumi` process only while a create is in
progress. The moment is drawn as "after the k-th mutating call the emulator received (Create*, Delete*,
TagResource, UntagResource), plus a random delay", with k from 0 (the program is still starting) to all of
the command's mutating calls, so that it lands anywhere in the command, but mostly where things happen.

Then README's recovery, exactly as written there:

    pulumi cancel --yes
    pulumi refresh --yes --clear-pending-creates
    pulumi up --yes            # or pulumi destroy --yes when the interrupted command was a destroy

and the checks: 0 orphans (live in the emulator, not in the state), 0 missing (in the state, not live),
nothing else differing (tags, names, tracking IDs, ownership tag), no pending operation left, and
`pulumi preview --expect-no-changes` passes (after a destroy: the state holds nothing and nothing is live).
Trials cycle up -> rename -> destroy, so each starts from what the previous one left.

The emulator creates in 1.5 s and deletes in 8 s by default: like on AWS (about 20 s), a delete outlasts the
few seconds README's recovery takes to reach `pulumi up`. `--delete-seconds 1` removes that race.

    .venv/bin/python -m tests.campaigns.crash_campaign [--trials N] [--seed S] [--trackers N] [--delete-seconds S]

prints a summary and writes it to tests/campaigns/results/crash_campaign-*.json.
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.campaigns.common import (
    RESULTS_DIR,
    CampaignError,
    CampaignStack,
    EmulatorProcess,
    Interrupted,
    Reconciliation,
    error_lines,
    forbidden_in_provider,
    interrupt,
    loopback_check,
    provider_problems,
    run_campaign,
    scan_for_secrets,
)
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
    """Mutating calls of an uninterrupted command: a create or a delete per resource, both for a replace."""
    if kind == "rename":
        return 4 * trackers if groups_renamed else 2 * trackers
    return 2 * trackers


def after_mutations(emulator: EmulatorProcess, count: int, delay: float) -> Callable[[subprocess.Popen[bytes]], bool]:
    """A moment: `delay` seconds after the emulator received `count` more mutating calls than now."""
    baseline = emulator.mutating_calls()
    started = time.monotonic()
    reached: list[float] = []

    def moment(_process: subprocess.Popen[bytes]) -> bool:
        if not reached and emulator.mutating_calls() - baseline >= count:
            reached.append(time.monotonic())
        return bool(reached) and time.monotonic() - (reached[0] if count else started) >= delay

    return moment


def during_a_create(emulator: EmulatorProcess) -> Callable[[subprocess.Popen[bytes]], bool]:
    """A moment: a resource this command created is still being created (CREATE PENDING / IN_PROGRESS)."""
    known = {record["arn"] for record in emulator.resources()}

    def moment(_process: subprocess.Popen[bytes]) -> bool:
        return any(
            record["status"].startswith("CREATE ") and record["arn"] not in known for record in emulator.resources()
        )

    return moment


def in_flight(emulator: EmulatorProcess, at: float) -> dict[str, int]:
    """Resources being created or deleted at the moment `at` (epoch seconds), from the emulator's timeline."""
    counts: Counter[str] = Counter()
    for record in emulator.resources():
        if record["createdAt"] <= at and (record["activeAt"] or record["failedAt"] or float("inf")) > at:
            counts[f"{record['kind']} creating"] += 1
        requested = record["deleteRequestedAt"]
        if requested is not None and requested <= at and (record["deletedAt"] or float("inf")) > at:
            counts[f"{record['kind']} deleting"] += 1
    return dict(counts)


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
    groups_renamed = kind == "rename" and names.renames % 2 == 0
    if index == settings.sigint_trial:
        if kind != "up":
            raise CampaignError(f"the SIGINT trial must be an up, trial {index} is a {kind}")
        how, whole_group, moment, description = signal.SIGINT, False, during_a_create(emulator), "during a create"
    else:
        total = expected_mutations(kind, settings.trackers, groups_renamed)
        count = rng.randint(min(settings.min_mutations, total), total)
        longest = settings.delay_fraction * min(settings.create_seconds, settings.delete_seconds)
        delay = round(rng.uniform(0, settings.startup_delay if count == 0 else longest), 2)
        how, whole_group = signal.SIGKILL, True
        moment = after_mutations(emulator, count, delay)
        description = f"{delay} s after mutating call {count} of {total}"
    signal_time: list[float] = []

    def timed(process: subprocess.Popen[bytes]) -> bool:
        if moment(process):
            signal_time.append(time.time())
            return True
        return False

    interrupted = interrupt(stack, COMMANDS[kind], timed, how, whole_group, emulator)
    trial = Trial(
        index=index,
        kind=kind,
        signal=f"{how.name} (process group)" if whole_group else how.name,
        moment=description,
        interrupted=interrupted,
        in_flight_at_signal=in_flight(emulator, signal_time[0]) if interrupted.signal_sent else {},
    )
    recover(stack, trial)
    trial.reconciliation = stack.reconcile(emulator)
    if kind == "destroy":
        if trial.reconciliation.in_state or trial.reconciliation.live:
            trial.reconciliation.mismatched.append(
                f"after destroy: {trial.reconciliation.in_state} resources in the state, "
                f"{trial.reconciliation.live} live in the emulator"
            )
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


def run_crash_campaign(settings: CrashCampaignSettings, base: Path) -> dict[str, Any]:
    started = time.monotonic()
    rng = random.Random(settings.seed)
    names = Names()
    trials: list[Trial] = []
    with EmulatorProcess(base / "emulator", settings.create_seconds, settings.delete_seconds) as emu:
        loopback = loopback_check(emu)
        stack = CampaignStack(base / "project", emu.endpoint_url, settings.trackers, "pp-crashes", "campaign")
        for index in range(settings.trials):
            trial = run_trial(stack, emu, settings, names, rng, index)
            trials.append(trial)
            print(_trial_line(trial), file=sys.stderr, flush=True)
        forbidden = forbidden_in_provider(stack, emu.endpoint_url)
    secrets = scan_for_secrets([base], stack.outputs_text())
    problems = provider_problems(stack.provider_values, forbidden)
    reconciliations = [t.reconciliation for t in trials if t.reconciliation is not None]
    sigint = [t for t in trials if t.signal == "SIGINT"]
    summary: dict[str, Any] = {
        "campaign": "crash",
        "settings": asdict(settings),
        "workdir": str(base),
        "trials": len(trials),
        "trials_by_kind_and_signal": dict(Counter(f"{t.kind} {t.signal}" for t in trials)),
        "interrupted": sum(1 for t in trials if t.interrupted.signal_sent),
        "finished_before_the_signal": [t.index for t in trials if not t.interrupted.signal_sent],
        "in_flight_at_signal": dict(sum((Counter(t.in_flight_at_signal) for t in trials), Counter())),
        "recovery_failures": [
            {"trial": t.index, "kind": t.kind, "moment": t.moment, "recovery": t.recovery}
            for t in trials
            if not t.recovered or t.extra_runs
        ],
        "retries": sum(t.extra_runs for t in trials),
        "reset_runs": sum(t.reset_runs for t in trials),
        "taken_back": sum(len(t.taken_back) for t in trials),
        "orphans": sum(len(r.orphans) for r in reconciliations),
        "missing": sum(len(r.missing) for r in reconciliations),
        "mismatched": sum(len(r.mismatched) for r in reconciliations),
        "pending_operations": sum(len(r.pending_operations) for r in reconciliations),
        "previews_with_changes": [t.index for t in trials if t.preview_no_changes is False],
        "leftover_processes": {
            t.index: t.interrupted.leftover_processes for t in trials if t.interrupted.leftover_processes
        },
        "sigint": [
            {
                "trial": t.index,
                "returncode": t.interrupted.returncode,
                "seconds_to_signal": t.interrupted.seconds_to_signal,
                "seconds_to_exit": t.interrupted.seconds_to_exit,
                "in_flight_at_signal": t.in_flight_at_signal,
                "output_tail": t.interrupted.output.strip().splitlines()[-6:],
            }
            for t in sigint
        ],
        "findings": [
            f"trial {t.index} ({t.kind}, {t.moment}): {finding}"
            for t in trials
            if t.reconciliation is not None
            for finding in (
                *(f"orphan {x}" for x in t.reconciliation.orphans),
                *(f"missing {x}" for x in t.reconciliation.missing),
                *(f"mismatch {x}" for x in t.reconciliation.mismatched),
                *(f"pending operation {x}" for x in t.reconciliation.pending_operations),
            )
        ],
        "secret_scan": asdict(secrets),
        "provider_check": {
            "problems": problems,
            "distinct_values_by_type": {key: len(values) for key, values in stack.provider_values.items()},
            "forbidden_values_checked": len(forbidden),
        },
        "loopback": loopback,
        "trial_details": [_trial_json(t) for t in trials],
        "seconds": round(time.monotonic() - started, 1),
    }
    summary["ok"] = bool(
        all(t.ok for t in trials)
        and not secrets.hits
        and not problems
        and loopback["loopback_only"]
        and len(trials) == settings.trials
    )
    return summary


def _trial_json(trial: Trial) -> dict[str, Any]:
    interrupted = asdict(trial.interrupted)
    interrupted.pop("output")
    return {
        "index": trial.index,
        "kind": trial.kind,
        "signal": trial.signal,
        "moment": trial.moment,
        "interrupted": interrupted,
        "in_flight_at_signal": trial.in_flight_at_signal,
        "recovery": trial.recovery,
        "taken_back": sorted(trial.taken_back),
        "reconciliation": asdict(trial.reconciliation) if trial.reconciliation else None,
        "preview_no_changes": trial.preview_no_changes,
        "reset_runs": trial.reset_runs,
        "seconds": trial.seconds,
        "ok": trial.ok,
    }


def _trial_line(trial: Trial) -> str:
    reconciliation = trial.reconciliation
    assert reconciliation is not None
    sent = trial.interrupted.signal_sent or "nothing (finished first)"
    return (
        f"crash campaign: trial {trial.index:2} {trial.kind:7} {trial.moment}: sent {sent} after "
        f"{trial.interrupted.seconds_to_signal:.1f} s, in flight {trial.in_flight_at_signal}; recovery "
        f"{'ok' if trial.recovered else 'FAILED'} (+{trial.extra_runs}), taken back {len(trial.taken_back)}; state "
        f"{reconciliation.in_state}, live {reconciliation.live}, orphans {len(reconciliation.orphans)}, missing "
        f"{len(reconciliation.missing)}, mismatched {len(reconciliation.mismatched)}, preview clean "
        f"{trial.preview_no_changes} ({trial.seconds:.0f} s)"
    )


def print_summary(summary: dict[str, Any]) -> None:
    lines = [
        f"crash campaign {'OK' if summary['ok'] else 'FAILED'} in {summary['seconds']:.0f} s "
        f"(seed {summary['settings']['seed']}, {summary['settings']['trackers']} trackers, emulator create "
        f"{summary['settings']['create_seconds']} s, delete {summary['settings']['delete_seconds']} s)",
        f"  trials: {summary['trials']} {summary['trials_by_kind_and_signal']}; interrupted: {summary['interrupted']}"
        f", finished before the signal: {summary['finished_before_the_signal'] or 'none'}",
        f"  in flight when signalled (resource-moments): {summary['in_flight_at_signal']}",
        f"  recoveries that failed: {len(summary['recovery_failures'])}, extra runs needed: {summary['retries']}, "
        f"resources taken back by their ownership tag: {summary['taken_back']}; runs to bring the stack back "
        f"after failed trials: {summary['reset_runs']}",
        f"  orphans: {summary['orphans']}, missing: {summary['missing']}, mismatched: {summary['mismatched']}, "
        f"pending operations: {summary['pending_operations']}, previews with changes: "
        f"{summary['previews_with_changes'] or 'none'}, leftover processes: {summary['leftover_processes'] or 'none'}",
        "  SIGINT: "
        + "; ".join(
            f"trial {s['trial']}: exit {s['returncode']} {s['seconds_to_exit'] - s['seconds_to_signal']:.1f} s after "
            f"the signal, in flight {s['in_flight_at_signal']}"
            for s in summary["sigint"]
        ),
        f"  secret scan: {summary['secret_scan']['files']} files ({summary['secret_scan']['state_files']} in "
        f".state, {summary['secret_scan']['history_and_backup_files']} history/backups), "
        f"{summary['secret_scan']['outputs']} CLI outputs: {len(summary['secret_scan']['hits'])} hits",
        f"  __provider: {summary['provider_check']['problems'] or 'no credentials, no config values'}",
        f"  emulator listening on {summary['loopback']['listening_on']} (loopback only: "
        f"{summary['loopback']['loopback_only']})",
    ]
    lines += [f"  finding: {finding}" for finding in summary["findings"]]
    lines += [
        f"  recovery failure: trial {failure['trial']} ({failure['kind']}, {failure['moment']}): "
        + " | ".join(f"{step['command']} -> {step['returncode']} {step['errors'][:1]}" for step in failure["recovery"])
        for failure in summary["recovery_failures"]
    ]
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.campaigns.crash_campaign", description=__doc__)
    parser.add_argument("--trials", type=int, default=21, help="at least 4: one of them is the SIGINT trial")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trackers", type=int, default=4)
    parser.add_argument("--create-seconds", type=float, default=1.5, help="emulator: time to ACTIVE")
    parser.add_argument("--delete-seconds", type=float, default=8.0, help="emulator: time to gone")
    parser.add_argument("--keep", action="store_true", help="keep the working directory even on success")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    arguments = parser.parse_args(argv)
    if arguments.trials < 4 or arguments.trackers < 1:
        parser.error("--trials must be at least 4 and --trackers at least 1")
    settings = CrashCampaignSettings(
        trials=arguments.trials,
        trackers=arguments.trackers,
        seed=arguments.seed,
        create_seconds=arguments.create_seconds,
        delete_seconds=arguments.delete_seconds,
    )
    def run(base: Path) -> dict[str, Any]:
        return run_crash_campaign(settings, base)

    return run_campaign("crash_campaign", run, print_summary, arguments.results_dir, arguments.keep)


if __name__ == "__main__":
    sys.exit(main())
