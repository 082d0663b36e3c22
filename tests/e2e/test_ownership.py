"""Ownership: a stack takes back only what this very stack instance created, and adopts only what nobody owns.

Each test is a scenario that once lost somebody's resources (issue #14), through the real CLI.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

from pulumi_personalize.emulator import Emulator
from pulumi_personalize.lifecycle import ownership

from tests.aws import OWNER_TAG, active_group, all_tags_of, live, trackers, wait_status
from tests.e2e.test_dataset_group import GROUP_PROGRAM, GROUP_TYPE
from tests.e2e.test_event_tracker import TRACKER_TYPE
from tests.harness import Stack

SHOP_PROGRAM = """
import pulumi
import pulumi_personalize as personalize

group = personalize.DatasetGroup("events", domain="ECOMMERCE")
tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn)
pulumi.export("datasetGroupArn", group.dataset_group_arn)
pulumi.export("trackingId", tracker.tracking_id)
"""


def shop_dev(aws_stack: Callable[..., Stack], program: str = SHOP_PROGRAM) -> Stack:
    """Stack `dev` of project `shop`, on a file backend of its own (each call: another engineer)."""
    return aws_stack(program, project="shop", stack="dev")


def test_same_named_stacks_on_two_backends_never_take_or_destroy_each_others_resources(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    alice, bob = shop_dev(aws_stack), shop_dev(aws_stack)
    alice.up()
    alices = alice.outputs()
    bob_up = bob.up()
    assert "taking back" not in bob_up.output, bob_up.output
    bobs = bob.outputs()
    assert bobs["datasetGroupArn"] != alices["datasetGroupArn"]
    assert bobs["trackingId"] != alices["trackingId"]
    bob.destroy()
    described = personalize.describe_dataset_group(datasetGroupArn=alices["datasetGroupArn"])["datasetGroup"]
    assert described["status"] == "ACTIVE"
    assert [t["status"] for t in trackers(personalize, alices["datasetGroupArn"])] == ["ACTIVE"]
    alice.refresh()
    assert alice.outputs() == alices
    assert alice.preview_is_empty()


def test_two_components_of_different_types_with_the_same_name_get_a_group_each(
    aws_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    stack = aws_stack(
        """
import pulumi
import pulumi_personalize as personalize

class Web(pulumi.ComponentResource):
    def __init__(self, name):
        super().__init__("shop:web:Shop", name)
        self.group = personalize.DatasetGroup("events", opts=pulumi.ResourceOptions(parent=self))

class Mobile(pulumi.ComponentResource):
    def __init__(self, name):
        super().__init__("shop:mobile:Shop", name)
        self.group = personalize.DatasetGroup("events", opts=pulumi.ResourceOptions(parent=self))

pulumi.export("web", Web("shop").group.dataset_group_arn)
pulumi.export("mobile", Mobile("shop").group.dataset_group_arn)
"""
    )
    result = stack.up()
    assert "taking back" not in result.output, result.output
    outputs = stack.outputs()
    assert outputs["web"] != outputs["mobile"]
    assert len(live(emulator.resources(), "dataset-group")) == 2


def test_adoption_refuses_a_mismatch_listing_each_difference_and_changes_nothing(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    existing = personalize.create_dataset_group(name="shop", domain="ECOMMERCE")["datasetGroupArn"]
    stack = aws_stack(GROUP_PROGRAM)
    for key, value in {"groupName": "shop", "domain": "VIDEO_ON_DEMAND", "adopt": "true"}.items():
        stack.set_config(key, value)
    failed = stack.up(ok=False)
    assert failed.returncode != 0
    assert re.search(r"domain: .*'ECOMMERCE'.*'VIDEO_ON_DEMAND'", failed.output), failed.output
    assert "not adopted" in failed.output
    assert all_tags_of(personalize, existing) == {}, "a refused adoption leaves the resource as it was"
    assert [r for r in stack.resources() if r["type"] == GROUP_TYPE] == []


def test_an_alias_keeps_the_autoname_and_the_tracker(aws_stack: Callable[..., Stack], personalize: Any) -> None:
    group = active_group(personalize, "events")
    program = """
import pulumi
import pulumi_personalize as personalize

tracker = personalize.EventTracker("{name}", dataset_group_arn=pulumi.Config().require("groupArn"){opts})
pulumi.export("trackingId", tracker.tracking_id)
pulumi.export("name", tracker.name)
"""
    stack = aws_stack(program.format(name="t", opts=""))
    stack.set_config("groupArn", group)
    stack.up()
    before = stack.outputs()
    stack.write_program(
        program.format(name="clicks", opts=', opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="t")])')
    )
    preview = stack.preview().stdout
    assert "replace" not in preview and "~ name" not in preview, preview
    stack.up()
    assert stack.outputs() == before
    assert stack.preview_is_empty()


def test_our_own_create_failed_tracker_left_by_a_crash_is_deleted_and_recreated(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = active_group(personalize, "events")
    stack = aws_stack(tracker_on(group))
    stack.up()
    (state,) = [r for r in stack.resources() if r["type"] == TRACKER_TYPE]
    first = state["id"]
    owner = all_tags_of(personalize, first)[OWNER_TAG]
    # What a hard kill can leave: our tracker, out of state, in CREATE FAILED.
    stack.pulumi("state", "delete", state["urn"], "--yes")
    failed = replace_with_a_failed_tracker(personalize, emulator, first, state["outputs"]["name"], owner)
    stack.up()
    (now,) = trackers(personalize, group)
    assert now["status"] == "ACTIVE" and now["eventTrackerArn"] != failed
    assert stack.outputs()["trackingId"]
    assert stack.preview_is_empty()


def test_a_tracker_refresh_records_as_create_failed_is_replaced_and_the_preview_says_why(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = active_group(personalize, "events")
    stack = aws_stack(tracker_on(group))
    stack.up()
    exported = json.loads(stack.pulumi("stack", "export").stdout)
    (state,) = [r for r in exported["deployment"]["resources"] if r["type"] == TRACKER_TYPE]
    # The state points at a failed tracker (as after `refresh --import-pending-creates` of a killed create: the
    # tracker has this resource's ownership tag with an unconfirmed incarnation, the entry has none).
    killed_create = ownership.with_incarnation(state["inputs"]["owner"], "0123456789abcdef", creating=True)
    failed = replace_with_a_failed_tracker(personalize, emulator, state["id"], state["outputs"]["name"], killed_create)
    del state["outputs"]["incarnation"]
    text = json.dumps(exported).replace(state["id"], failed)
    (stack.workdir / "edited.json").write_text(text)
    stack.pulumi("stack", "import", "--file", "edited.json")
    stack.refresh()
    preview = stack.preview().output
    assert "(replace)" in preview and "CREATE FAILED" in preview, preview
    stack.up()
    (now,) = trackers(personalize, group)
    assert now["status"] == "ACTIVE" and now["eventTrackerArn"] != failed
    assert stack.preview_is_empty()


def test_a_resource_another_stack_owns_is_refused_naming_that_owner_even_with_adopt_existing(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    alice = aws_stack(GROUP_PROGRAM, project="shop", stack="dev")
    alice.set_config("groupName", "shared")
    alice.up()
    bob = aws_stack(GROUP_PROGRAM, project="shop", stack="prod")
    bob.set_config("groupName", "shared")
    bob.set_config("adopt", "true")
    refused = bob.up(ok=False)
    assert refused.returncode != 0
    assert "urn:pulumi:dev::shop::pulumi-python:dynamic/personalize:DatasetGroup::events" in refused.output
    assert "adopt_existing" not in refused.output, "never invite a second stack to manage it"
    assert alice.preview_is_empty()
    assert [r for r in bob.resources() if r["type"] == GROUP_TYPE] == []


def tracker_on(group: str) -> str:
    return f"""
import pulumi
import pulumi_personalize as personalize

tracker = personalize.EventTracker("clicks", dataset_group_arn="{group}")
pulumi.export("trackingId", tracker.tracking_id)
"""


def replace_with_a_failed_tracker(personalize: Any, emulator: Emulator, arn: str, name: str, owner: str | None) -> str:
    """Delete the tracker `arn` out of band and put a CREATE FAILED one of the same name in its group."""
    group = personalize.describe_event_tracker(eventTrackerArn=arn)["eventTracker"]["datasetGroupArn"]
    personalize.delete_event_tracker(eventTrackerArn=arn)
    deadline = time.monotonic() + 30
    while trackers(personalize, group):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    emulator.set_faults("fail-next-tracker=1")
    tags = [{"tagKey": OWNER_TAG, "tagValue": owner}] if owner else []
    failed: str = personalize.create_event_tracker(name=name, datasetGroupArn=group, tags=tags)["eventTrackerArn"]
    wait_status(personalize, "describe_event_tracker", "eventTracker", "eventTrackerArn", failed, "CREATE FAILED")
    emulator.set_faults(None)
    return failed
