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

import functools
import sys
import time
from pathlib import Path
from typing import Any

from testkit.emulator_process import EmulatorProcess
from tests.campaigns.campaign_stack import CampaignStack
from tests.campaigns.fault_step import STEPS, FaultCampaignSettings, StepRecord, run_step
from tests.campaigns.fault_summary import fault_summary, print_summary, step_line
from tests.campaigns.leaks import forbidden_in_provider
from tests.campaigns.loopback import loopback_check
from tests.campaigns.runner import campaign_parser, run_campaign
from tests.campaigns.summary import leak_checks


def run_fault_campaign(settings: FaultCampaignSettings, base: Path) -> dict[str, Any]:
    """Run the campaign in `base` (a fresh directory) and return its summary."""
    started = time.monotonic()
    records: list[StepRecord] = []
    # A dataset group per tracker: the group quota (5 by default, as on AWS) is raised as a user raises it.
    quota = ["--quota", f"dataset-groups={settings.trackers}"]
    emulator = EmulatorProcess(
        base / "emulator", settings.create_seconds, settings.delete_seconds, settings.spec, quota
    )
    with emulator as emu:
        loopback = loopback_check(emu)
        stack = CampaignStack(base / "project", emu.endpoint_url, settings.trackers, "pp-faults", "campaign")
        aborted = run_rounds(stack, emu, settings, records)
        forbidden = forbidden_in_provider(stack, emu.endpoint_url)
        emu.stop()
    checks = {"loopback": loopback, **leak_checks(stack, base, forbidden)}
    seconds = round(time.monotonic() - started, 1)
    return fault_summary(settings, base, stack, records, emu.epochs, aborted, checks, seconds)


def run_rounds(
    stack: CampaignStack, emulator: EmulatorProcess, settings: FaultCampaignSettings, records: list[StepRecord]
) -> str | None:
    """Every step of every round, into `records`; why the campaign stopped early, if it did."""
    for round_ in range(settings.rounds):
        for step in STEPS:
            record = run_step(stack, emulator, settings, round_, step)
            records.append(record)
            print(step_line(record), file=sys.stderr, flush=True)
            if not record.converged:
                return f"round {round_} {step} did not converge in {record.attempts} runs"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = campaign_parser("fault_campaign", __doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--trackers", type=int, default=8)
    parser.add_argument("--max-retries", type=int, default=3)
    parser.add_argument("--no-previews", action="store_true", help="skip preview --expect-no-changes")
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
    run = functools.partial(run_fault_campaign, settings)
    return run_campaign("fault_campaign", run, print_summary, arguments.results_dir, arguments.keep)


if __name__ == "__main__":
    sys.exit(main())
