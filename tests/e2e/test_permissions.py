"""Least privilege, proven (issue #12): the policies of `pulumi_personalize.iam` through the real CLI, against an
emulator enforcing them.

- `deploy_policy()` carries a stack through its whole life: up (with adoption), tag change, rename, refresh,
  crash and take-back, destroy.
- Without any one of its actions, a run fails at the first step needing it, naming the action, the resource and
  what to grant; once the action is granted again, `up` converges with nothing orphaned.
- `refresh_policy()` refreshes, and `up` fails at its first write; plain `preview` needs no permission at all.

Every resource we ship: dataset groups, event trackers, schemas and datasets (an Items schema swapped in place,
an adopted Interactions dataset).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi_personalize.iam import PolicyDocument, Statement, actions, deploy_policy, refresh_policy

from testkit.aws import ITEMS, active_dataset, avro_record
from testkit.emulator_process import EmulatorProcess
from testkit.stack import PERSONALIZE_TYPES
from tests.aws import FAST_CREATE, FAST_DELETE, REGION, active_group, active_tracker, aws_client
from tests.e2e.test_recovery import kill_when, recover
from tests.harness import Result, Stack

ACCOUNT = "123456789012"  # the emulator's account for the suite's fake access key
DEPLOY = deploy_policy(REGION, ACCOUNT)
ARN = f"arn:aws:personalize:{REGION}:{ACCOUNT}:"
DENY_ALL: dict[str, Any] = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}

PROGRAM = """
import pulumi
import pulumi_personalize as personalize

group = personalize.DatasetGroup("events", name="events", tags={group_tags!r})
items_schema = personalize.Schema("items", name={schema_name!r}, schema={items!r})
personalize.Dataset(
    "items", dataset_group_arn=group.dataset_group_arn, dataset_type="Items", schema_arn=items_schema.schema_arn,
    tags={group_tags!r},
)
tracker = personalize.EventTracker(
    "clicks", name={tracker_name!r}, dataset_group_arn=group.dataset_group_arn, tags={{"team": "recs"}}
)
if {adopt!r}:  # a group, its tracker, a schema and a dataset made outside Pulumi, which nobody owns
    adopted = personalize.DatasetGroup("adopted", name="adopted", adopt_existing=True)
    personalize.EventTracker(
        "adopted-clicks", name="adopted-clicks", dataset_group_arn=adopted.dataset_group_arn, adopt_existing=True
    )
    schema = personalize.Schema("adopted-schema", name="adopted-schema", schema={interactions!r}, adopt_existing=True)
    personalize.Dataset(
        "adopted-interactions", name="adopted-interactions", dataset_group_arn=adopted.dataset_group_arn,
        dataset_type="Interactions", schema_arn=schema.schema_arn, adopt_existing=True,
    )
if {late!r}:
    personalize.DatasetGroup("late", name="late")
pulumi.export("trackingId", tracker.tracking_id)
"""
INTERACTIONS = avro_record("Interactions", ("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long"))
WIDER_ITEMS = avro_record("Items", ("ITEM_ID", "string"), ("GENRE", "string"), ("PRICE", ["null", "float"]))


def program(
    group_tags: dict[str, str],
    tracker_name: str = "clicks",
    adopt: bool = False,
    late: bool = False,
    wider: bool = False,
) -> str:
    return PROGRAM.format(
        group_tags=group_tags,
        tracker_name=tracker_name,
        adopt=adopt,
        late=late,
        items=WIDER_ITEMS if wider else ITEMS,
        schema_name="items-schema-2" if wider else "items-schema",
        interactions=INTERACTIONS,
    )


# The lifecycle, one `up` per step: what each asks of AWS.
FIRST_UP = program({"team": "recs", "tier": "gold"}, adopt=True)  # creates (with tags), waits, adopts
# a tag removed and one changed (group and dataset), the tracker renamed, the Items schema swapped, the adopted
# ones dropped
CHANGES = program({"team": "ml"}, "clicks-2", wider=True)
STEPS = {"first up": FIRST_UP, "changes": CHANGES}

GROUPS = rf"{ARN}dataset-group/(events|adopted)"
SCHEMAS = rf"{ARN}schema/(items-schema|items-schema-2|adopted-schema)"
DATASETS = rf"{ARN}dataset/(events/ITEMS|adopted/INTERACTIONS)"
TRACKERS = rf"{ARN}event-tracker/([0-9a-f]{{8}}|\*)"
# Where the lifecycle first needs each action of deploy_policy(), and the resource it is refused on.
FIRST_NEED = {
    "personalize:CreateDatasetGroup": ("first up", GROUPS),
    "personalize:DescribeDatasetGroup": ("first up", GROUPS),
    "personalize:ListDatasetGroups": ("first up", r"\*"),
    "personalize:CreateEventTracker": ("first up", rf"{ARN}event-tracker/\*"),
    "personalize:DescribeEventTracker": ("first up", rf"{ARN}event-tracker/[0-9a-f]{{8}}"),
    "personalize:ListEventTrackers": ("first up", r"\*"),
    "personalize:CreateSchema": ("first up", SCHEMAS),
    "personalize:DescribeSchema": ("first up", SCHEMAS),
    "personalize:ListSchemas": ("first up", r"\*"),
    "personalize:CreateDataset": ("first up", f"({DATASETS}|{GROUPS})"),
    "personalize:DescribeDataset": ("first up", DATASETS),
    "personalize:ListDatasets": ("first up", r"\*"),
    "personalize:TagResource": ("first up", f"({GROUPS}|{TRACKERS}|{DATASETS})"),
    "personalize:ListTagsForResource": ("first up", f"({GROUPS}|{TRACKERS}|{DATASETS})"),
    "personalize:UntagResource": ("changes", rf"{ARN}(dataset-group/events|dataset/events/ITEMS)"),
    "personalize:UpdateDataset": ("changes", rf"{ARN}dataset/events/ITEMS"),
    "personalize:DeleteEventTracker": ("changes", rf"{ARN}event-tracker/[0-9a-f]{{8}}"),
    "personalize:DeleteDataset": ("changes", rf"{ARN}dataset/adopted/INTERACTIONS"),
    "personalize:DeleteSchema": ("changes", SCHEMAS),
    "personalize:DeleteDatasetGroup": ("changes", rf"{ARN}dataset-group/adopted"),
}
# The rest of deploy_policy(), and why this lifecycle does not call it.
NOT_IN_THIS_LIFECYCLE = {
    "iam:PassRole": "only for a DatasetGroup with role_arn; the emulator does not emulate IAM roles",
}


def without(policy: PolicyDocument, action: str) -> PolicyDocument:
    """The policy with one action taken out of every statement (statements left empty are dropped)."""
    kept: list[Statement] = []
    for statement in policy["Statement"]:
        remaining = [other for other in statement["Action"] if other != action]
        if remaining:
            kept.append({**statement, "Action": remaining})
    return {"Version": policy["Version"], "Statement": kept}


@pytest.fixture
def enforcing(tmp_path: Path) -> Iterator[EmulatorProcess]:
    """An emulator in a process of its own enforcing deploy_policy() (switch it with `set_iam_policy`)."""
    with EmulatorProcess(
        tmp_path / "emulator", create_seconds=FAST_CREATE, delete_seconds=FAST_DELETE, iam_policy=DEPLOY
    ) as emulator:
        yield emulator


def stack_on(new_stack: Callable[..., Stack], emulator: EmulatorProcess, source: str) -> Stack:
    stack = new_stack(source)
    stack.env.update(AWS_ENDPOINT_URL_PERSONALIZE=emulator.endpoint_url, AWS_REGION=REGION)
    return stack


def make_adoptable(emulator: EmulatorProcess) -> None:
    """What FIRST_UP adopts, made outside Pulumi (the policy in force must allow it)."""
    personalize = aws_client("personalize", emulator.endpoint_url)
    group = active_group(personalize, "adopted")
    active_dataset(personalize, group, "Interactions", INTERACTIONS, "adopted-interactions", "adopted-schema")
    active_tracker(personalize, group, "adopted-clicks")


def orphans_and_missing(stack: Stack, emulator: EmulatorProcess) -> tuple[set[str], set[str]]:
    """What exists without the stack holding it, and what the stack holds that does not exist."""
    existing = {resource["arn"] for resource in emulator.live()}
    held = {resource["id"] for resource in stack.resources() if resource["type"] in PERSONALIZE_TYPES}
    return existing - held, held - existing


def first_failure(stack: Stack) -> tuple[str, Result]:
    """Run the lifecycle's steps until one fails: its name and its result (a step that passes is not enough)."""
    for name, source in STEPS.items():
        stack.write_program(source)
        result = stack.up(ok=False)
        if result.returncode != 0:
            return name, result
    raise AssertionError(f"every step passed: {result.output}")


def test_every_action_of_the_deploy_policy_is_proven_here_or_said_why_not() -> None:
    proven, not_here = set(FIRST_NEED), set(NOT_IN_THIS_LIFECYCLE)
    assert proven.isdisjoint(not_here)
    assert proven | not_here == set(actions(DEPLOY))


def test_the_deploy_policy_carries_a_stack_through_its_whole_life(
    new_stack: Callable[..., Stack], enforcing: EmulatorProcess
) -> None:
    make_adoptable(enforcing)
    stack = stack_on(new_stack, enforcing, FIRST_UP)
    first = stack.up().output
    assert "adopting existing dataset group adopted" in first and "adopting existing dataset adopted" in first
    stack.write_program(CHANGES)  # tag change, rename (replace), schema swap, and the adopted ones deleted
    stack.up()
    stack.refresh()
    assert stack.preview_is_empty()

    stack.write_program(program({"team": "ml"}, "clicks-2", late=True, wider=True))  # a group, killed creating
    enforcing.set_timings(create_seconds=3.0, delete_seconds=FAST_DELETE)  # long enough to be killed mid-create
    personalize = aws_client("personalize", enforcing.endpoint_url)
    kill_when(
        stack,
        ("up", "--yes", "--skip-preview"),
        lambda: any(group["name"] == "late" for group in personalize.list_dataset_groups()["datasetGroups"]),
    )
    enforcing.set_timings(FAST_CREATE, FAST_DELETE)
    recover(stack)
    assert "taking back dataset group late" in stack.log[-1].output, stack.log[-1].output
    assert orphans_and_missing(stack, enforcing) == (set(), set())

    stack.destroy()
    assert enforcing.live() == []


@pytest.mark.parametrize("action", sorted(FIRST_NEED))
def test_without_one_action_a_run_fails_naming_it_and_granting_it_back_converges(
    action: str, new_stack: Callable[..., Stack], enforcing: EmulatorProcess
) -> None:
    step, resource = FIRST_NEED[action]
    make_adoptable(enforcing)
    enforcing.set_iam_policy(without(DEPLOY, action))
    stack = stack_on(new_stack, enforcing, FIRST_UP)
    step_failed, result = first_failure(stack)
    assert step_failed == step, result.output
    granted = re.search(rf"grant {action} on (\S+) to the provider's credentials", result.output, re.IGNORECASE)
    assert granted is not None, result.output
    assert re.fullmatch(resource, granted[1]), granted[1]
    assert f"is not authorized to perform: {action} on resource: {granted[1]}" in result.output
    assert "python -m pulumi_personalize.iam deploy" in result.output

    enforcing.set_iam_policy(DEPLOY)
    stack.up()
    assert orphans_and_missing(stack, enforcing) == (set(), set())


def test_the_refresh_policy_refreshes_and_up_fails_at_its_first_write(
    new_stack: Callable[..., Stack], enforcing: EmulatorProcess
) -> None:
    stack = stack_on(new_stack, enforcing, program({"team": "recs"}))
    stack.up()
    enforcing.set_iam_policy(refresh_policy(REGION, ACCOUNT))
    stack.refresh()
    stack.preview("--refresh")
    before = enforcing.live()

    stack.write_program(program({"team": "ml"}))
    failed = stack.up(ok=False)
    assert failed.returncode != 0
    assert f"Grant personalize:TagResource on {ARN}dataset-group/events to the provider's credentials" in (
        failed.output
    ), failed.output
    assert enforcing.live() == before, "nothing changed"


def test_plain_preview_needs_no_permission_at_all(new_stack: Callable[..., Stack], enforcing: EmulatorProcess) -> None:
    enforcing.set_iam_policy(DENY_ALL)
    stack = stack_on(new_stack, enforcing, program({"team": "recs"}))
    stack.preview()  # a new stack: everything to create
    enforcing.set_iam_policy(DEPLOY)
    stack.up()
    enforcing.set_iam_policy(DENY_ALL)
    stack.write_program(program({"team": "ml"}, tracker_name="clicks-2", late=True))
    calls = enforcing.calls()
    preview = stack.preview()
    assert "replace" in preview.stdout and "+ " in preview.stdout, preview.stdout
    assert enforcing.calls() == calls, "no Personalize call at all"
