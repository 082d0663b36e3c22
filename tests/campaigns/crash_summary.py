"""The crash campaign's summary: its JSON document, the line printed after each trial, the text printed at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tests.campaigns.crash_trial import CrashCampaignSettings, Trial
from tests.campaigns.summary import check_lines, checks_hold, reconciliation_totals


def crash_summary(
    settings: CrashCampaignSettings, base: Path, trials: list[Trial], checks: dict[str, Any], seconds: float
) -> dict[str, Any]:
    """The summary of the trials run in `base`; `checks`: the loopback and leak checks."""
    reconciliations = [t.reconciliation for t in trials if t.reconciliation is not None]
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
        **reconciliation_totals(reconciliations),
        "previews_with_changes": [t.index for t in trials if t.preview_no_changes is False],
        "leftover_processes": {
            t.index: t.interrupted.leftover_processes for t in trials if t.interrupted.leftover_processes
        },
        "sigint": [_sigint_json(t) for t in trials if t.signal == "SIGINT"],
        "findings": [
            f"trial {t.index} ({t.kind}, {t.moment}): {finding}"
            for t in trials
            if t.reconciliation is not None
            for finding in t.reconciliation.findings()
        ],
        **checks,
        "trial_details": [_trial_json(t) for t in trials],
        "seconds": seconds,
    }
    summary["ok"] = bool(all(t.ok for t in trials) and checks_hold(summary) and len(trials) == settings.trials)
    return summary


def _sigint_json(trial: Trial) -> dict[str, Any]:
    return {
        "trial": trial.index,
        "returncode": trial.interrupted.returncode,
        "seconds_to_signal": trial.interrupted.seconds_to_signal,
        "seconds_to_exit": trial.interrupted.seconds_to_exit,
        "in_flight_at_signal": trial.in_flight_at_signal,
        "output_tail": trial.interrupted.output.strip().splitlines()[-6:],
    }


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


def trial_line(trial: Trial) -> str:
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
        *check_lines(summary),
    ]
    lines += [f"  finding: {finding}" for finding in summary["findings"]]
    lines += [
        f"  recovery failure: trial {failure['trial']} ({failure['kind']}, {failure['moment']}): "
        + " | ".join(f"{step['command']} -> {step['returncode']} {step['errors'][:1]}" for step in failure["recovery"])
        for failure in summary["recovery_failures"]
    ]
    print("\n".join(lines))
