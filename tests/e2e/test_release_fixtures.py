"""Stacks made by every earlier release keep working: import, preview with no changes, a tag update, destroy.

Each `tests/fixtures/release-*/` holds a stack exported by that release and the emulator state it refers
to (made by tests/fixtures/make_release_fixture.py; the policy is in CONTRIBUTING.md).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.aws import aws_client, tags_of
from tests.fixtures.make_release_fixture import FIXTURES, PROJECT, STACK
from tests.harness import Stack

RELEASES = sorted(path for path in FIXTURES.glob("release-*") if path.is_dir())
STACK_IDENTITY_TYPE = "pulumi-python:dynamic/personalize:StackIdentity"


def preview_steps(stack: Stack) -> list[dict[str, Any]]:
    """The steps `pulumi preview --json` plans."""
    steps: list[dict[str, Any]] = json.loads(stack.pulumi("preview", "--json").stdout).get("steps") or []
    return steps


def allowed_creates(exported: dict[str, Any]) -> set[str]:
    """What a preview may add to an old stack: the stack identity, for releases made before it existed."""
    types = {resource["type"] for resource in exported["deployment"]["resources"]}
    return set() if STACK_IDENTITY_TYPE in types else {STACK_IDENTITY_TYPE}


@pytest.mark.parametrize("release", RELEASES, ids=[path.name for path in RELEASES])
def test_a_stack_made_by_an_earlier_release_previews_clean_updates_tags_and_destroys(
    release: Path,
    new_stack: Callable[..., Stack],
    emulator_process: Callable[..., str],
    tmp_path: Path,
) -> None:
    state_file = tmp_path / "emulator-state.json"
    shutil.copy(release / "emulator-state.json", state_file)
    endpoint = emulator_process("--state-file", str(state_file), "--create-seconds", "0.2", "--delete-seconds", "0.2")
    stack = new_stack((release / "program.txt").read_text(), project=PROJECT, stack=STACK)
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = endpoint
    stack.set_config("aws:region", "us-east-1")
    exported = json.loads((release / "stack.json").read_text())
    stack.pulumi("stack", "import", "--file", str(release / "stack.json"))

    steps = preview_steps(stack)
    changed = [(step["op"], step["urn"]) for step in steps if step["op"] != "same"]
    assert all(op == "create" for op, _urn in changed), changed
    assert {urn.rsplit("::", 2)[-2] for _op, urn in changed} <= allowed_creates(exported), changed

    stack.set_config("team", "growth")
    result = stack.pulumi("up", "--yes", "--diff")
    assert "replace" not in result.stdout, result.stdout
    personalize = aws_client("personalize", endpoint)
    outputs = stack.outputs()
    group = outputs["datasetGroupArn"]
    assert tags_of(personalize, group) == {"team": "growth"}
    (tracker,) = personalize.list_event_trackers(datasetGroupArn=group)["eventTrackers"]
    assert tags_of(personalize, tracker["eventTrackerArn"]) == {"team": "growth"}
    assert (
        outputs["trackingId"]
        == personalize.describe_event_tracker(eventTrackerArn=tracker["eventTrackerArn"])["eventTracker"]["trackingId"]
    ), "the tracker was kept, not replaced"
    assert stack.preview_is_empty()

    stack.destroy()
    assert personalize.list_dataset_groups()["datasetGroups"] == []
