"""The native plugin on the engine's other paths: a killed `pulumi`, `customTimeouts`, and a stack moved from the
dynamic front to native resources (`state delete` + `import`, as docs/native.md tells)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pulumi_personalize.emulator import Emulator

from testkit.aws import active_group, trackers
from tests import processes
from tests.aws import REGION, aws_client
from tests.e2e.test_recovery import PLUGINS_EXIT_SECONDS, kill_when, recover
from tests.harness import Stack, new_yaml_project

TRACKER_TYPE = "personalize:index:EventTracker"


def tracker_program(group: str, create_timeout: str = "") -> str:
    options = f"    options:\n      customTimeouts:\n        create: {create_timeout}\n" if create_timeout else ""
    return (
        f"config:\n  personalize:region: {REGION}\nresources:\n  tracker:\n    type: {TRACKER_TYPE}\n"
        f"    properties:\n      datasetGroupArn: {group}\n{options}outputs:\n  trackingId: ${{tracker.trackingId}}\n"
    )


def yaml_tracker_stack(
    workdir: Path, emulator_process: Callable[..., str], create: str, delete: str, create_timeout: str = ""
) -> tuple[Stack, Any, str]:
    """A YAML stack of one tracker on a fresh group of an emulator whose creates and deletes take `create` and
    `delete` seconds: the stack, a personalize client on that emulator, and the group's ARN."""
    endpoint = emulator_process("--create-seconds", create, "--delete-seconds", delete)
    personalize: Any = aws_client("personalize", endpoint)
    group = active_group(personalize, "events")
    stack = new_yaml_project(workdir, tracker_program(group, create_timeout))
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = endpoint
    return stack, personalize, group


def test_a_killed_pulumi_leaves_no_plugin_and_recovery_takes_the_tracker_back(
    tmp_path: Path, pulumi_cli: Path, emulator_process: Callable[..., str]
) -> None:
    stack, personalize, group = yaml_tracker_stack(tmp_path / "killed", emulator_process, "4", "0.5")
    kill_when(stack, ("up", "--yes", "--skip-preview"), lambda: bool(trackers(personalize, group)))
    assert trackers(personalize, group)[0]["status"] != "ACTIVE", "killed mid-create"
    this_test = os.environ[processes.MARKER]
    ours = lambda: [p for p in processes.marked(this_test) if "pulumi-resource-personalize" in p.command]  # noqa: E731
    left = processes.wait_gone(ours, PLUGINS_EXIT_SECONDS)
    # Pulumi's YAML host checks its engine every 5 minutes (rpcutil.Healthcheck in pulumi-yaml's main.go): not ours.
    processes.kill(processes.pulumi_plugins(processes.marked(this_test)))
    assert left == [], f"still running {PLUGINS_EXIT_SECONDS} s after the kill: {[str(p) for p in left]}"

    (orphan,) = trackers(personalize, group)
    recover(stack)
    assert [t["eventTrackerArn"] for t in trackers(personalize, group)] == [orphan["eventTrackerArn"]]
    assert [r["id"] for r in stack.resources() if r["type"] == TRACKER_TYPE] == [orphan["eventTrackerArn"]]
    assert stack.preview_is_empty()
    stack.destroy()
    assert trackers(personalize, group) == []


def test_custom_timeouts_bound_the_create_and_leave_nothing_behind(
    tmp_path: Path, pulumi_cli: Path, emulator_process: Callable[..., str]
) -> None:
    stack, personalize, group = yaml_tracker_stack(
        tmp_path / "timeout", emulator_process, "6", "0.2", create_timeout="2s"
    )
    failed = stack.pulumi("up", "--yes", "--skip-preview", ok=False)
    assert failed.returncode != 0
    assert "event tracker tracker-" in failed.output and "2 s" in failed.output, failed.output
    assert "Traceback" not in failed.output
    assert trackers(personalize, group) == [], "the timed-out create deleted what it made"


DYNAMIC_PROGRAM = """
import pulumi
import pulumi_personalize as personalize

group = personalize.DatasetGroup("events")
tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn)
pulumi.export("groupArn", group.dataset_group_arn)
pulumi.export("trackerArn", tracker.event_tracker_arn)
pulumi.export("trackingId", tracker.tracking_id)
"""


def test_a_dynamic_stack_moves_to_native_resources_with_state_delete_and_import(
    aws_stack: Callable[..., Stack], emulator: Emulator, tmp_path: Path
) -> None:
    dynamic = aws_stack(DYNAMIC_PROGRAM)
    dynamic.up()
    before = dynamic.outputs()
    dynamic.pulumi("state", "delete", "--all", "--yes", "--force")
    assert dynamic.resources() == []

    native = new_yaml_project(tmp_path / "native", f"config:\n  personalize:region: {REGION}\n", stack="moved")
    native.env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url
    native.pulumi("import", "personalize:index:DatasetGroup", "events", before["groupArn"], "--yes")
    native.pulumi("import", "personalize:index:EventTracker", "clicks", before["trackerArn"], "--yes")
    native.pulumi("state", "unprotect", "--all", "--yes")
    personalize = aws_client("personalize", emulator.endpoint_url)
    tracker_name = personalize.describe_event_tracker(eventTrackerArn=before["trackerArn"])["eventTracker"]["name"]
    group_name = before["groupArn"].rsplit("/", 1)[1]
    pasted = (  # what `pulumi import` printed, with the tracker's group as a reference
        f"resources:\n  events:\n    type: personalize:index:DatasetGroup\n    properties:\n      name: {group_name}\n"
        f"      region: {REGION}\n  clicks:\n    type: personalize:index:EventTracker\n    properties:\n"
        f"      datasetGroupArn: ${{events.datasetGroupArn}}\n      name: {tracker_name}\n      region: {REGION}\n"
    )
    (native.workdir / "Pulumi.yaml").write_text((native.workdir / "Pulumi.yaml").read_text() + pasted)
    assert native.preview_is_empty(), native.pulumi("preview", "--diff").output
    native.pulumi("up", "--yes")
    native.destroy()
    assert personalize.list_dataset_groups()["datasetGroups"] == []


def test_a_long_create_shows_progress_lines_under_its_resource(
    tmp_path: Path, pulumi_cli: Path, emulator_process: Callable[..., str]
) -> None:
    """The engine hides a plugin's stderr: the lines go to its log service, and the CLI prints them under the
    resource (with its status and the time waited)."""
    stack, _client, _group = yaml_tracker_stack(tmp_path / "progress", emulator_process, "7", "0.2")
    up = stack.pulumi("up", "--yes", "--skip-preview")
    section = up.stdout.split(f"{TRACKER_TYPE} (tracker):", 1)
    assert len(section) == 2, up.stdout
    assert "event tracker tracker-" in section[1] and "CREATE" in section[1] and " s)" in section[1], up.stdout
    stack.destroy()


def test_adopt_existing_takes_over_an_unowned_group_reached_through_personalize_endpoints(
    tmp_path: Path, pulumi_cli: Path, emulator: Emulator
) -> None:
    """`adoptExisting` works as for the dynamic front, and the endpoint can come from `personalize:endpoints`."""
    personalize = aws_client("personalize", emulator.endpoint_url)
    group = active_group(personalize, "shared-events")
    program = (
        f"config:\n  personalize:region: {REGION}\nresources:\n  events:\n    type: personalize:index:DatasetGroup\n"
        "    properties:\n      name: shared-events\n      adoptExisting: true\n      tags:\n        team: recs\n"
    )
    stack = new_yaml_project(tmp_path / "adopt", program)
    stack.set_config("personalize:endpoints[0].personalize", emulator.endpoint_url, path=True)
    stack.pulumi("up", "--yes", "--skip-preview")
    (resource,) = [r for r in stack.resources() if r["type"] == "personalize:index:DatasetGroup"]
    assert resource["id"] == group
    assert personalize.list_tags_for_resource(resourceArn=group)["tags"] != []
    assert stack.preview_is_empty()
    stack.destroy()
    assert personalize.list_dataset_groups()["datasetGroups"] == []


def test_replace_needs_delete_before_replace_and_changes_nothing_without_it(
    tmp_path: Path, pulumi_cli: Path, emulator_process: Callable[..., str]
) -> None:
    """`--replace` skips Diff, so the engine creates first unless the resource has `deleteBeforeReplace` (the
    dynamic front sets it by itself; a native program sets the option): without it the create finds the group's
    tracker, which its entry holds, and stops with nothing changed; with it the tracker is really replaced."""
    stack, personalize, group = yaml_tracker_stack(tmp_path / "replace", emulator_process, "0.3", "0.3")
    stack.pulumi("up", "--yes", "--skip-preview")
    (urn,) = [r["urn"] for r in stack.resources() if r["type"] == TRACKER_TYPE]
    (before,) = [t["eventTrackerArn"] for t in trackers(personalize, group)]
    refused = stack.pulumi("up", "--yes", "--skip-preview", "--replace", urn, ok=False)
    assert refused.returncode != 0 and "adoptExisting: true" in refused.output, refused.output
    assert [t["eventTrackerArn"] for t in trackers(personalize, group)] == [before], "nothing changed"

    pulumi_yaml = stack.workdir / "Pulumi.yaml"
    options = "    options:\n      deleteBeforeReplace: true\n    properties:\n"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("    properties:\n", options))
    stack.pulumi("up", "--yes", "--skip-preview", "--replace", urn)
    (after,) = [t["eventTrackerArn"] for t in trackers(personalize, group)]
    assert after != before and [r["id"] for r in stack.resources() if r["type"] == TRACKER_TYPE] == [after]
    stack.destroy()
    assert trackers(personalize, group) == []
