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

import functools
import random
import sys
import time
from pathlib import Path
from typing import Any

from testkit.emulator_process import EmulatorProcess
from tests.campaigns.campaign_stack import CampaignStack
from tests.campaigns.crash_summary import crash_summary, print_summary, trial_line
from tests.campaigns.crash_trial import CrashCampaignSettings, Names, Trial, run_trial
from tests.campaigns.leaks import forbidden_in_provider
from tests.campaigns.loopback import loopback_check
from tests.campaigns.runner import campaign_parser, run_campaign
from tests.campaigns.summary import leak_checks


def run_crash_campaign(settings: CrashCampaignSettings, base: Path) -> dict[str, Any]:
    """Run the campaign in `base` (a fresh directory) and return its summary."""
    started = time.monotonic()
    rng = random.Random(settings.seed)
    names = Names()
    trials: list[Trial] = []
    # A rename replaces every dataset group: the old ones count against the group quota (5 by default, as on
    # AWS) until they are gone, so the quota is raised to twice the groups, as a user who renames them must.
    quota = ["--quota", f"dataset-groups={2 * settings.trackers}"]
    with EmulatorProcess(base / "emulator", settings.create_seconds, settings.delete_seconds, flags=quota) as emu:
        loopback = loopback_check(emu)
        stack = CampaignStack(base / "project", emu.endpoint_url, settings.trackers, "pp-crashes", "campaign")
        for index in range(settings.trials):
            trial = run_trial(stack, emu, settings, names, rng, index)
            trials.append(trial)
            print(trial_line(trial), file=sys.stderr, flush=True)
        forbidden = forbidden_in_provider(stack, emu.endpoint_url)
    checks = {"loopback": loopback, **leak_checks(stack, base, forbidden)}
    return crash_summary(settings, base, trials, checks, round(time.monotonic() - started, 1))


def main(argv: list[str] | None = None) -> int:
    parser = campaign_parser("crash_campaign", __doc__)
    parser.add_argument("--trials", type=int, default=21, help="at least 4: one of them is the SIGINT trial")
    parser.add_argument("--trackers", type=int, default=4)
    parser.add_argument("--create-seconds", type=float, default=1.5, help="emulator: time to ACTIVE")
    parser.add_argument("--delete-seconds", type=float, default=8.0, help="emulator: time to gone")
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
    run = functools.partial(run_crash_campaign, settings)
    return run_campaign("crash_campaign", run, print_summary, arguments.results_dir, arguments.keep)


if __name__ == "__main__":
    sys.exit(main())
