"""The campaigns' stack: N dataset groups, each with its event tracker, driven through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from testkit.aws import REGION
from testkit.emulator_control import EmulatorControl
from testkit.stack import Result, Stack, new_project
from tests.campaigns.moments import wait_until
from tests.campaigns.reconcile import STATE_KINDS, Reconciliation, reconcile

COMMAND_TIMEOUT = 600.0
PROVIDER_KEY = "__provider"

# N dataset groups, each with its event tracker. Generation 0 means autonamed; tags carry a round marker.
CAMPAIGN_PROGRAM = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
tracker_generation = config.get_int("trackerGeneration") or 0
group_generation = config.get_int("groupGeneration") or 0
marker = config.get("marker") or "initial"
for index in range(config.require_int("trackers")):
    group = personalize.DatasetGroup(
        f"group-{index}",
        name=f"cg{index}-{group_generation}" if group_generation else None,
        domain="ECOMMERCE",
        tags={"campaign": "reliability", "marker": marker},
    )
    tracker = personalize.EventTracker(
        f"tracker-{index}",
        dataset_group_arn=group.dataset_group_arn,
        name=f"ct{index}-{tracker_generation}" if tracker_generation else None,
        tags={"campaign": "reliability", "marker": marker, "index": str(index)},
    )
    pulumi.export(f"trackingId{index}", tracker.tracking_id)
"""


class CampaignStack:
    """A project of N dataset groups with a tracker each, on a local file backend, reaching the emulator."""

    def __init__(self, workdir: Path, endpoint_url: str, trackers: int, project: str, stack: str) -> None:
        self.project = project
        self.trackers = trackers
        self.stack: Stack = new_project(workdir, CAMPAIGN_PROGRAM, project=project, stack=stack)
        self.stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = endpoint_url
        self.stack.set_config("aws:region", REGION)
        self.stack.set_config("trackers", str(trackers))
        self.other_outputs: list[str] = []  # output of commands run in the background (killed ones too)
        self.provider_values: dict[str, set[str]] = {}  # every `__provider` seen, by resource type

    @property
    def workdir(self) -> Path:
        return self.stack.workdir

    def configure(self, **values: str | int) -> None:
        for key, value in values.items():
            self.stack.set_config(key, str(value))

    def pulumi(self, *args: str) -> Result:
        return self.stack.pulumi(*args, ok=False, timeout=COMMAND_TIMEOUT)

    def export(self) -> dict[str, Any]:
        result = self.stack.pulumi("stack", "export", timeout=COMMAND_TIMEOUT)
        exported: dict[str, Any] = json.loads(result.stdout)
        deployment: dict[str, Any] = exported["deployment"]
        return deployment

    def config_values(self) -> list[str]:
        result = self.stack.pulumi("config", "--json", "--show-secrets", timeout=COMMAND_TIMEOUT)
        config: dict[str, dict[str, Any]] = json.loads(result.stdout)
        return [str(entry.get("value")) for entry in config.values() if entry.get("value") is not None]

    def reconcile(self, emulator: EmulatorControl) -> Reconciliation:
        """Compare once no resource is being deleted any more (bounded: twice the delete time, plus 10 s).

        A resource whose deletion was requested (by a killed run, say) and that a refresh dropped from the state
        is still live until the deletion ends; afterwards it must be gone, and everything else must match.
        Every `__provider` seen is kept in `provider_values`.
        """
        settled = wait_until(
            lambda: not any(r["status"].startswith("DELETE ") for r in emulator.resources()),
            2 * emulator.timings()["deleteSeconds"] + 10,
            interval=0.1,
        )
        deployment = self.export()
        ours = [
            resource
            for resource in deployment.get("resources") or []
            if resource.get("type") in STATE_KINDS and resource.get("id")
        ]
        for resource in ours:
            self.provider_values.setdefault(resource["type"], set()).update(
                str(resource.get(section, {}).get(PROVIDER_KEY)) for section in ("inputs", "outputs")
            )
        return reconcile(ours, emulator.live(), deployment.get("pending_operations") or [], settled)

    def outputs_text(self) -> list[str]:
        return [result.output for result in self.stack.log] + self.other_outputs
