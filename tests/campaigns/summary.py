"""What both campaigns' summaries hold: errors from CLI output, reconciliation totals, the leak and loopback checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tests.campaigns.campaign_stack import CampaignStack
from tests.campaigns.leaks import provider_problems, scan_for_secrets
from tests.campaigns.reconcile import Reconciliation

_ERROR_NOISE = ("Traceback (most recent call last)", "error: update failed", "Resource monitor has terminated")


def error_lines(output: str, limit: int = 3) -> list[str]:
    """The distinct lines of a CLI output that say what went wrong: the exceptions' own lines first, the last
    raised first (of chained exceptions, the provider's own message), then the CLI's error lines."""
    lines = [line.strip() for line in output.splitlines()]
    candidates = [
        line
        for line in lines
        if re.search(r"(error|Error|Exception): ", line) and not any(noise in line for noise in _ERROR_NOISE)
    ]
    raised = [line for line in reversed(candidates) if "Error: " in line or "Exception: " in line]
    ordered = raised + [line for line in candidates if line not in raised]
    return [line[:400] for line in dict.fromkeys(ordered)][:limit]


def reconciliation_totals(reconciliations: Iterable[Reconciliation]) -> dict[str, int]:
    """Orphans, missing, mismatched and pending operations, added up over every reconciliation."""
    totals = dict.fromkeys(("orphans", "missing", "mismatched", "pending_operations"), 0)
    for reconciliation in reconciliations:
        for key in totals:
            totals[key] += len(getattr(reconciliation, key))
    return totals


def leak_checks(stack: CampaignStack, base: Path, forbidden: Mapping[str, str]) -> dict[str, Any]:
    """The secret scan of every file under `base` and every CLI output, and the check of every `__provider`."""
    return {
        "secret_scan": asdict(scan_for_secrets([base], stack.outputs_text())),
        "provider_check": {
            "problems": provider_problems(stack.provider_values, forbidden),
            "distinct_values_by_type": {key: len(values) for key, values in stack.provider_values.items()},
            "forbidden_values_checked": len(forbidden),
        },
    }


def checks_hold(summary: Mapping[str, Any]) -> bool:
    """No secret found, no `__provider` problem, the emulator on loopback only."""
    return bool(
        not summary["secret_scan"]["hits"]
        and not summary["provider_check"]["problems"]
        and summary["loopback"]["loopback_only"]
    )


def check_lines(summary: Mapping[str, Any]) -> list[str]:
    """The summary's lines about the leak and loopback checks, as the campaigns print them."""
    scan = summary["secret_scan"]
    return [
        f"  secret scan: {scan['files']} files ({scan['state_files']} in .state, "
        f"{scan['history_and_backup_files']} history/backups), {scan['outputs']} CLI outputs: "
        f"{len(scan['hits'])} hits",
        f"  __provider: {summary['provider_check']['problems'] or 'no credentials, no config values'}",
        f"  emulator listening on {summary['loopback']['listening_on']} (loopback only: "
        f"{summary['loopback']['loopback_only']})",
    ]
