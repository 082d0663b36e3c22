"""One resource, one owner, whatever path the engine takes (issue #20).

The invariant (README, "Ownership"): a delete removes a resource only while it is still the incarnation that
this state entry created or took back, and a create takes back only what no state entry can hold (a create
that a crash or a lost answer cut short). Each test walks one engine path through the real CLI, then checks
that every ARN the state holds is alive and that `refresh` drops nothing from the state.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pulumi_personalize.emulator import Emulator

from testkit.stack import GROUP_TYPE, PERSONALIZE_TYPES, SCHEMA_TYPE, TRACKER_TYPE
from tests.aws import OWNER_TAG, all_tags_of, trackers
from tests.harness import Stack

PIPELINE = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
SCHEMA = {
    "type": "record", "name": "Interactions", "namespace": "com.amazonaws.personalize.schema",
    "fields": [{"name": "USER_ID", "type": "string"}, {"name": "ITEM_ID", "type": "string"},
               {"name": "TIMESTAMP", "type": "long"}],
    "version": "1.0",
}

class Events(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__(config.get("componentType") or "shop:index:Events", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        group = personalize.DatasetGroup("events", opts=child)
        schema = personalize.Schema("interactions", schema=SCHEMA, opts=child)
        dataset = personalize.Dataset(
            "interactions", dataset_group_arn=group.dataset_group_arn, dataset_type="Interactions",
            schema_arn=schema.schema_arn, opts=child,
        )
        self.tracker = personalize.EventTracker(
            config.get("trackerName") or "clicks", dataset_group_arn=dataset.dataset_group_arn, opts=child
        )
        self.register_outputs({})

alias = config.get("aliasType")
events = Events("shop", pulumi.ResourceOptions(aliases=[pulumi.Alias(type_=alias)]) if alias else None)
pulumi.export("trackingId", events.tracker.tracking_id)
"""

GROUP_AND_TRACKER = """
import pulumi_personalize as personalize

group = personalize.DatasetGroup("events")
tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn)
"""


def held(stack: Stack) -> dict[str, str]:
    """The Personalize resources this stack's state holds: URN -> ARN."""
    return {r["urn"]: r["id"] for r in stack.resources() if r["type"] in PERSONALIZE_TYPES}


def alive(personalize: Any, arn: str) -> bool:
    """Whether `arn` exists and is not being deleted."""
    kind = arn.split(":")[5].split("/", maxsplit=1)[0]
    operation, key, member = {
        "dataset-group": ("describe_dataset_group", "datasetGroupArn", "datasetGroup"),
        "event-tracker": ("describe_event_tracker", "eventTrackerArn", "eventTracker"),
        "dataset": ("describe_dataset", "datasetArn", "dataset"),
        "schema": ("describe_schema", "schemaArn", "schema"),
    }[kind]
    try:
        described = getattr(personalize, operation)(**{key: arn})[member]
    except personalize.exceptions.ResourceNotFoundException:
        return False
    return not str(described.get("status", "ACTIVE")).startswith("DELETE")


def assert_state_alive_after_refresh(stack: Stack, personalize: Any) -> dict[str, str]:
    """Every ARN the state holds is alive, and a refresh keeps every entry (it finds nothing gone)."""
    before = held(stack)
    dead = [urn for urn, arn in before.items() if not alive(personalize, arn)]
    assert dead == [], f"the state holds resources that are gone: {dead}"
    stack.refresh()
    assert held(stack) == before, "refresh dropped entries: their resources were deleted"
    return before


def pipeline(aws_stack: Callable[..., Stack]) -> Stack:
    stack = aws_stack(PIPELINE, project="shop")
    stack.up()
    return stack


def test_an_alias_reverted_without_it_deletes_nothing_and_says_to_put_the_alias_back(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = pipeline(aws_stack)
    first = held(stack)
    stack.set_config("componentType", "shop:index:Clicks")
    stack.set_config("aliasType", "shop:index:Events")
    stack.up()
    aliased = held(stack)
    assert sorted(aliased.values()) == sorted(first.values())
    stack.pulumi("config", "rm", "componentType")
    stack.pulumi("config", "rm", "aliasType")
    reverted = stack.up(ok=False)
    assert reverted.returncode != 0, reverted.output
    assert "taking back" not in reverted.output, reverted.output
    assert held(stack) == aliased, "a refused create leaves the state as it was"
    assert "alias" in reverted.output and "state rename" in reverted.output, reverted.output
    assert sorted(assert_state_alive_after_refresh(stack, personalize).values()) == sorted(first.values())
    stack.set_config("componentType", "shop:index:Clicks")
    stack.set_config("aliasType", "shop:index:Events")
    # the alias back: the refused run's new component (it has no cloud side) goes, nothing else changes
    planned = json.loads(stack.pulumi("preview", "--json").stdout)["steps"]
    changes = [(step["op"], step["urn"].rsplit("::", 2)[-2]) for step in planned if step["op"] != "same"]
    assert changes == [("delete", "shop:index:Events")], changes
    stack.up()
    assert sorted(assert_state_alive_after_refresh(stack, personalize).values()) == sorted(first.values())
    assert stack.preview_is_empty()


def test_a_state_rename_then_up_of_the_old_program_deletes_nothing(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = pipeline(aws_stack)
    (tracker,) = [r for r in stack.resources() if r["type"] == TRACKER_TYPE]
    stack.pulumi("state", "rename", tracker["urn"], "clicks2", "--yes")
    refused = stack.up(ok=False)
    assert refused.returncode != 0 and "state rename" in refused.output, refused.output
    assert tracker["id"] in assert_state_alive_after_refresh(stack, personalize).values()
    stack.set_config("trackerName", "clicks2")
    assert stack.preview_is_empty()


def test_a_state_move_then_up_of_the_source_leaves_the_moved_resources_to_the_destination(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    source = aws_stack(GROUP_AND_TRACKER, project="shop", stack="a")
    source.up()
    moved = {r["urn"]: r["id"] for r in source.resources() if r["type"] in (GROUP_TYPE, TRACKER_TYPE)}
    source.pulumi("stack", "init", "b")
    source.pulumi("stack", "select", "a")
    source.pulumi("state", "move", "--source", "a", "--dest", "b", *moved, "--yes")
    refused = source.up(ok=False)
    assert refused.returncode != 0 and "state move" in refused.output, refused.output
    assert held(source) == {}
    destination = Stack(source.workdir, source.env, "b")
    destination.pulumi("stack", "select", "b")
    destination.set_config("aws:region", "us-east-1")
    assert sorted(assert_state_alive_after_refresh(destination, personalize).values()) == sorted(moved.values())


def test_replace_of_a_tracker_gives_a_new_live_tracker_and_one_per_group(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = pipeline(aws_stack)
    (tracker,) = [r for r in stack.resources() if r["type"] == TRACKER_TYPE]
    old_id = stack.outputs()["trackingId"]
    stack.pulumi("up", "--yes", "--skip-preview", "--replace", tracker["urn"])
    now = assert_state_alive_after_refresh(stack, personalize)
    assert tracker["id"] not in now.values() and stack.outputs()["trackingId"] != old_id
    assert len(trackers(personalize, tracker["outputs"]["datasetGroupArn"])) == 1
    assert stack.preview_is_empty()


def test_replace_of_a_dataset_group_replaces_it_and_what_lives_in_it(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = pipeline(aws_stack)
    (group,) = [r for r in stack.resources() if r["type"] == GROUP_TYPE]
    stack.pulumi("up", "--yes", "--skip-preview", "--replace", group["urn"])
    assert_state_alive_after_refresh(stack, personalize)
    assert stack.preview_is_empty()
    stack.up()


def test_replace_of_a_schema_is_refused_before_anything_is_touched(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = pipeline(aws_stack)
    (schema,) = [r for r in stack.resources() if r["type"] == SCHEMA_TYPE]
    refused = stack.pulumi("up", "--yes", "--skip-preview", "--replace", schema["urn"], ok=False)
    assert refused.returncode != 0 and "a schema never changes" in refused.output, refused.output
    assert schema["id"] in assert_state_alive_after_refresh(stack, personalize).values()
    assert stack.preview_is_empty()


def test_a_stack_copied_by_export_edit_import_previews_with_no_change(aws_stack: Callable[..., Stack]) -> None:
    stack = pipeline(aws_stack)
    exported = stack.pulumi("stack", "export").stdout
    # the usual recipe: every URN names the new stack (the root stack resource's name too)
    exported = exported.replace("urn:pulumi:test::", "urn:pulumi:copy::").replace(
        "Stack::shop-test", "Stack::shop-copy"
    )
    (stack.workdir / "copy.json").write_text(exported)
    stack.pulumi("stack", "init", "copy")
    stack.set_config("aws:region", "us-east-1")
    stack.pulumi("stack", "import", "--file", "copy.json")
    preview = stack.pulumi("preview", "--expect-no-changes", "--diff", ok=False)
    assert preview.returncode == 0, preview.output


def test_deleted_with_on_a_tracker_is_refused_in_preview_naming_the_option(
    aws_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    stack = aws_stack(
        """
import pulumi
import pulumi_personalize as personalize

group = personalize.DatasetGroup("events")
personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn,
                         opts=pulumi.ResourceOptions(deleted_with=group))
"""
    )
    refused = stack.preview(ok=False)
    assert refused.returncode != 0 and "deleted_with" in refused.output, refused.output
    assert "Traceback" not in refused.output, refused.output
    assert json.loads(json.dumps(emulator.resources())) == []


def test_target_of_a_group_on_a_new_stack_works_with_readmes_stack_identity_urn(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = aws_stack(GROUP_AND_TRACKER, project="shop")
    group = "urn:pulumi:test::shop::pulumi-python:dynamic/personalize:DatasetGroup::events"
    identity = "urn:pulumi:test::shop::pulumi-python:dynamic/personalize:StackIdentity::pulumi-personalize"
    stack.pulumi("up", "--yes", "--skip-preview", "--target", group, "--target", identity)
    assert list(held(stack)) == [group]
    assert_state_alive_after_refresh(stack, personalize)
    stack.up()
    assert_state_alive_after_refresh(stack, personalize)
    assert stack.preview_is_empty()


ADOPTABLE_TRACKER = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
group = personalize.DatasetGroup("events")
tracker = personalize.EventTracker(
    "clicks", dataset_group_arn=group.dataset_group_arn, name=config.get("trackerName"),
    adopt_existing=config.get_bool("adopt") or False,
)
pulumi.export("trackingId", tracker.tracking_id)
"""


def test_after_a_stack_rename_readmes_state_delete_and_adopt_path_takes_the_tracker_back(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = aws_stack(ADOPTABLE_TRACKER, project="shop")
    stack.up()
    before = stack.outputs()["trackingId"]
    stack.pulumi("stack", "rename", "renamed")
    (tracker,) = [r for r in stack.resources() if r["type"] == TRACKER_TYPE]
    stack.pulumi("state", "delete", tracker["urn"], "--yes")
    stack.set_config("trackerName", tracker["outputs"]["name"])
    refused = stack.up(ok=False)
    line = [text for text in refused.output.splitlines() if "PersonalizeError:" in text][-1]
    assert "another resource of this stack created it" in line and "adopt_existing=True" in line, line
    assert line.count(tracker["outputs"]["name"] + ":") == 1, "the subject comes once"
    stack.set_config("adopt", "true")
    stack.up()
    assert stack.outputs()["trackingId"] == before
    assert tracker["id"] in assert_state_alive_after_refresh(stack, personalize).values()
    assert stack.preview_is_empty()


def test_a_refresh_confirms_what_a_killed_run_recorded_but_left_unconfirmed(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = aws_stack(GROUP_AND_TRACKER, project="shop")
    stack.up()
    (tracker,) = [r for r in stack.resources() if r["type"] == TRACKER_TYPE]
    incarnation = tracker["outputs"]["incarnation"]
    confirmed = all_tags_of(personalize, tracker["id"])[OWNER_TAG]
    assert f":{incarnation} " in confirmed, "the deployment that recorded it confirmed it"
    # what a run killed after the state recorded the create, before the provider was stopped, leaves
    unconfirmed = confirmed.replace(f":{incarnation} ", f":c-{incarnation} ")
    personalize.tag_resource(resourceArn=tracker["id"], tags=[{"tagKey": OWNER_TAG, "tagValue": unconfirmed}])
    stack.refresh()
    assert all_tags_of(personalize, tracker["id"])[OWNER_TAG] == confirmed
    stack.pulumi("state", "rename", tracker["urn"], "clicks2", "--yes")
    refused = stack.up(ok=False)
    assert refused.returncode != 0 and "taking back" not in refused.output, refused.output
    assert tracker["id"] in assert_state_alive_after_refresh(stack, personalize).values()
