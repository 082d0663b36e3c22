"""The fault campaign's summary: its JSON document, the line printed after each step, the text printed at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from testkit.emulator_process import FaultEpoch
from tests.campaigns.campaign_stack import CampaignStack
from tests.campaigns.fault_step import FaultCampaignSettings, StepRecord
from tests.campaigns.injected_faults import FAULT_KINDS, fault_counts
from tests.campaigns.summary import check_lines, checks_hold, reconciliation_totals


def fault_summary(
    settings: FaultCampaignSettings,
    base: Path,
    stack: CampaignStack,
    records: list[StepRecord],
    epochs: list[FaultEpoch],
    aborted: str | None,
    checks: dict[str, Any],
    seconds: float,
) -> dict[str, Any]:
    """The summary of the steps run in `base`, the emulator's lives, and `checks` (loopback, leaks)."""
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
        "faults_injected": fault_counts(epochs),
        "calls_by_operation": dict(sorted(sum((Counter(epoch.calls) for epoch in epochs), Counter()).items())),
        **reconciliation_totals(reconciliations),
        "previews_with_changes": [f"round {r.round} {r.step}" for r in records if r.preview_no_changes is False],
        "findings": [
            f"round {r.round} {r.step}: {finding}"
            for r in records
            if r.reconciliation is not None
            for finding in r.reconciliation.findings()
        ],
        "emulator_restarts": [asdict(check) | {"ok": check.ok} for r in records for check in r.restarts],
        **checks,
        "steps": [_step_json(r) for r in records],
        "seconds": seconds,
    }
    summary["ok"] = bool(
        not summary["not_converged"]
        and summary["orphans"] == summary["missing"] == summary["mismatched"] == summary["pending_operations"] == 0
        and not summary["previews_with_changes"]
        and all(check["ok"] for check in summary["emulator_restarts"])
        and checks_hold(summary)
    )
    return summary


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


def step_line(record: StepRecord) -> str:
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
        *check_lines(summary),
    ]
    lines += [f"  finding: {finding}" for finding in summary["findings"]]
    print("\n".join(lines))
