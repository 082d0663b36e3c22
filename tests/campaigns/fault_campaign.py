"""Fault campaign: N trackers (each with its own dataset group, in one stack) through up, refresh, a tag change,
a rename and destroy, round after round, against an emulator subprocess that throttles 20 % of calls, answers
500/503 to 5 %, drops connections and adds latency spikes. The emulator is also killed and restarted with its
state file on the same port, once between two commands and once in the middle of one.

Every step must converge: a failed command may be run again as it was, at most `--max-retries` times (each
counted). After every step the emulator's live resources (control API, status != DELETED) must match the
stack's state (`pulumi stack export`) exactly, and, but after destroy, `pulumi preview --expect-no-changes`
must pass. At the end every file of the project (its .state backend with history and backups) and every CLI
output is scanned for the fake secret key and session token, and `__provider` is checked.

    .venv/bin/python -m tests.campaigns.fault_campaign [--rounds N] [--seed S] [--trackers N]

prints a summary and writes it to tests/campaigns/results/fault_campaign-*.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.campaigns.common import (
    FAULT_KINDS,
    RESULTS_DIR,
    CampaignStack,
    EmulatorProcess,
    Reconciliation,
    RestartCheck,
    error_lines,
    fault_counts,
    forbidden_in_provider,
    loopback_check,
    provider_problems,
    run_campaign,
    scan_for_secrets,
    start_in_background,
    wait_until,
)

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
    before = emulator.mutating_calls()
    log_path = stack.workdir.parent / "restart-during.log"
    with log_path.open("wb") as log:
        process = start_in_background(stack, tuple(record.command), log)
    target = before + max(1, stack.trackers // 2)
    wait_until(lambda: process.poll() is not None or emulator.mutating_calls() >= target, 300)
    if process.poll() is None:
        record.restarts.append(emulator.restart(when, during_command=True))
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
        record.restarts.append(emulator.restart(f"after round {round_} {step}", during_command=False))
    record.reconciliation = stack.reconcile(emulator)
    if step == "destroy":
        if record.reconciliation.in_state or record.reconciliation.live:
            record.reconciliation.mismatched.append(
                f"after destroy: {record.reconciliation.in_state} resources in the state, "
                f"{record.reconciliation.live} live in the emulator"
            )
    elif settings.previews:
        record.preview_no_changes = stack.pulumi("preview", "--expect-no-changes").returncode == 0
    return record


def run_fault_campaign(settings: FaultCampaignSettings, base: Path) -> dict[str, Any]:
    """Run the campaign in `base` (a fresh directory) and return its summary."""
    started = time.monotonic()
    records: list[StepRecord] = []
    with EmulatorProcess(base / "emulator", settings.create_seconds, settings.delete_seconds, settings.spec) as emu:
        loopback = loopback_check(emu)
        stack = CampaignStack(base / "project", emu.endpoint_url, settings.trackers, "pp-faults", "campaign")
        aborted: str | None = None
        for round_ in range(settings.rounds):
            for step in STEPS:
                record = run_step(stack, emu, settings, round_, step)
                records.append(record)
                print(_step_line(record), file=sys.stderr, flush=True)
                if not record.converged:
                    aborted = f"round {round_} {step} did not converge in {record.attempts} runs"
                    break
            if aborted:
                break
        forbidden = forbidden_in_provider(stack, emu.endpoint_url)
        emu.stop()
        calls: Counter[str] = Counter()
        for epoch in emu.epochs:
            calls.update(epoch.calls)
    secrets = scan_for_secrets([base], stack.outputs_text())
    problems = provider_problems(stack.provider_values, forbidden)
    reconciliations = [r.reconciliation for r in records if r.reconciliation is not None]
    retries = [(r, r.attempts - 1) for r in records if r.attempts > 1]
    summary: dict[str, Any] = {
        "campaign": "fault",
        "settings": asdict(settings) | {"spec": settings.spec},
        "workdir": str(base),
        "trials": len(records),
        "steps_by_kind": dict(Counter(r.step for r in records)),
        "pulumi_commands": len(stack.stack.log) + len(stack.other_outputs),
        "retries": sum(count for _, count in retries),
        "retries_by_step": [
            {"round": r.round, "step": r.step, "retries": count, "errors": r.errors} for r, count in retries
        ],
        "not_converged": [f"round {r.round} {r.step}" for r in records if not r.converged],
        "aborted": aborted,
        "faults_injected": fault_counts(emu.epochs),
        "calls_by_operation": dict(sorted(calls.items())),
        "orphans": sum(len(r.orphans) for r in reconciliations),
        "missing": sum(len(r.missing) for r in reconciliations),
        "mismatched": sum(len(r.mismatched) for r in reconciliations),
        "pending_operations": sum(len(r.pending_operations) for r in reconciliations),
        "previews_with_changes": [
            f"round {r.round} {r.step}" for r in records if r.preview_no_changes is False
        ],
        "findings": [
            f"round {r.round} {r.step}: {finding}"
            for r in records
            if r.reconciliation is not None
            for finding in (
                *(f"orphan {x}" for x in r.reconciliation.orphans),
                *(f"missing {x}" for x in r.reconciliation.missing),
                *(f"mismatch {x}" for x in r.reconciliation.mismatched),
                *(f"pending operation {x}" for x in r.reconciliation.pending_operations),
            )
        ],
        "emulator_restarts": [asdict(check) | {"ok": check.ok} for check in emu.restarts],
        "secret_scan": asdict(secrets),
        "provider_check": {
            "problems": problems,
            "distinct_values_by_type": {key: len(values) for key, values in stack.provider_values.items()},
            "forbidden_values_checked": len(forbidden),
        },
        "loopback": loopback,
        "steps": [_step_json(r) for r in records],
        "seconds": round(time.monotonic() - started, 1),
    }
    summary["ok"] = _ok(summary)
    return summary


def _ok(summary: dict[str, Any]) -> bool:
    return bool(
        not summary["not_converged"]
        and summary["orphans"] == summary["missing"] == summary["mismatched"] == summary["pending_operations"] == 0
        and not summary["previews_with_changes"]
        and all(check["ok"] for check in summary["emulator_restarts"])
        and not summary["secret_scan"]["hits"]
        and not summary["provider_check"]["problems"]
        and summary["loopback"]["loopback_only"]
    )


def _step_json(record: StepRecord) -> dict[str, Any]:
    reconciliation = record.reconciliation
    return {
        "round": record.round,
        "step": record.step,
        "attempts": record.attempts,
        "seconds": record.seconds,
        "converged": record.converged,
        "in_state": reconciliation.in_state if reconciliation else None,
        "live": reconciliation.live if reconciliation else None,
        "ok": reconciliation.ok if reconciliation else False,
        "preview_no_changes": record.preview_no_changes,
        "restarts": [check.when for check in record.restarts],
    }


def _step_line(record: StepRecord) -> str:
    reconciliation = record.reconciliation
    state = (
        f"state {reconciliation.in_state}, live {reconciliation.live}, orphans {len(reconciliation.orphans)}, "
        f"missing {len(reconciliation.missing)}, mismatched {len(reconciliation.mismatched)}"
        if reconciliation
        else "not reconciled"
    )
    extra = f", restarts: {', '.join(check.when for check in record.restarts)}" if record.restarts else ""
    return (
        f"fault campaign: round {record.round} {record.step:8} runs {record.attempts} ({record.seconds:.1f} s), "
        f"{state}, preview clean {record.preview_no_changes}{extra}"
    )


def print_summary(summary: dict[str, Any]) -> None:
    faults = summary["faults_injected"]
    lines = [
        f"fault campaign {'OK' if summary['ok'] else 'FAILED'} in {summary['seconds']:.0f} s "
        f"(seed {summary['settings']['seed']}, {summary['settings']['trackers']} trackers, "
        f"{summary['settings']['rounds']} rounds)",
        f"  trials (steps) run: {summary['trials']} {summary['steps_by_kind']}; pulumi commands: "
        f"{summary['pulumi_commands']}",
        f"  requests: {faults['requests']}; faults injected"
        f"{'' if faults['exact'] else ' (lower bound: emulator killed mid-command)'}: "
        + ", ".join(f"{FAULT_KINDS[kind]} {faults[kind]}" for kind in FAULT_KINDS),
        f"  retries needed: {summary['retries']}; not converged: {summary['not_converged'] or 'none'}",
        f"  orphans: {summary['orphans']}, missing: {summary['missing']}, mismatched: {summary['mismatched']}, "
        f"pending operations: {summary['pending_operations']}, previews with changes: "
        f"{len(summary['previews_with_changes'])}",
        "  emulator restarts: "
        + (
            "; ".join(
                f"{r['when']}: {r['resources_before']} -> {r['resources_after']} resources, lost {len(r['lost'])}, "
                f"changed {len(r['changed'])}, same port {r['port_kept']}"
                for r in summary["emulator_restarts"]
            )
            or "none"
        ),
        f"  secret scan: {summary['secret_scan']['files']} files ({summary['secret_scan']['state_files']} in "
        f".state, {summary['secret_scan']['history_and_backup_files']} history/backups), "
        f"{summary['secret_scan']['outputs']} CLI outputs: {len(summary['secret_scan']['hits'])} hits",
        f"  __provider: {summary['provider_check']['problems'] or 'no credentials, no config values'}",
        f"  emulator listening on {summary['loopback']['listening_on']} (loopback only: "
        f"{summary['loopback']['loopback_only']})",
    ]
    lines += [f"  finding: {finding}" for finding in summary["findings"]]
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.campaigns.fault_campaign", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trackers", type=int, default=8)
    parser.add_argument("--max-retries", type=int, default=3)
    parser.add_argument("--no-previews", action="store_true", help="skip preview --expect-no-changes")
    parser.add_argument("--keep", action="store_true", help="keep the working directory even on success")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    arguments = parser.parse_args(argv)
    if arguments.rounds < 1 or arguments.trackers < 1:
        parser.error("--rounds and --trackers must be at least 1")
    settings = FaultCampaignSettings(
        rounds=arguments.rounds,
        trackers=arguments.trackers,
        seed=arguments.seed,
        max_retries=arguments.max_retries,
        previews=not arguments.no_previews,
        restart_during=(1, "rename") if arguments.rounds > 1 else (0, "rename"),
    )
    def run(base: Path) -> dict[str, Any]:
        return run_fault_campaign(settings, base)

    return run_campaign("fault_campaign", run, print_summary, arguments.results_dir, arguments.keep)


if __name__ == "__main__":
    sys.exit(main())
