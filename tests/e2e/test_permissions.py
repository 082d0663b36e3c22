"""Least privilege, proven (issue #12): the policies of `pulumi_personalize.iam` through the real CLI, against an
emulator enforcing them.

- `deploy_policy()` carries a stack through its whole life: up (with adoption), tag change, rename, retrain,
  refresh, crash and take-back, destroy.
- Without any one of its actions, a run fails at the first step needing it, naming the action, the resource and
  what to grant; once the action is granted again, `up` converges with nothing orphaned.
- `refresh_policy()` refreshes, and `up` fails at its first write; plain `preview` needs no permission at all.

Every resource we ship: dataset groups, event trackers, schemas and datasets (an Items schema swapped in place,
an adopted Interactions dataset), and solutions, solution versions, campaigns and filters on a dataset group made
outside Pulumi with enough PutEvents history to train on (a retrain moves the campaign in place, UpdateSolution
turns automatic training on; an adopted solution, campaign and filter are deleted, their version with them).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi_personalize.iam import PolicyDocument, Statement, actions, deploy_policy, refresh_policy

from testkit.aws import INTERACTIONS as TRAINED_INTERACTIONS
from testkit.aws import ITEMS, active_dataset, avro_record, wait_status
from testkit.emulator_process import EmulatorProcess
from testkit.stack import PERSONALIZE_TYPES
from tests.aws import FAST_CREATE, FAST_DELETE, REGION, active_group, active_tracker, aws_client
from tests.e2e.test_recovery import kill_when, recover
from tests.harness import Result, Stack

ACCOUNT = "123456789012"  # the emulator's account for the suite's fake access key
DEPLOY = deploy_policy(REGION, ACCOUNT)
ARN = f"arn:aws:personalize:{REGION}:{ACCOUNT}:"
DENY_ALL: dict[str, Any] = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
TRAINED = f"{ARN}dataset-group/trained"  # made outside Pulumi with a history to train on (`make_trained`)
RECIPE = "arn:aws:personalize:::recipe/aws-user-personalization"
EXPRESSION = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")'
TRAIN_SECONDS = 0.5  # the emulator's training time (a create or delete phase takes FAST_CREATE, FAST_DELETE)

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
solution = personalize.Solution(
    "recs", name="recs", dataset_group_arn={trained!r}, recipe_arn={recipe!r},
    perform_auto_training={auto_training!r}, tags={{"team": "recs"}},
)
version = personalize.SolutionVersion(
    "model", solution_arn=solution.solution_arn, trigger={trigger!r}, tags={{"team": "recs"}}
)
personalize.Campaign("recs", name="recs", solution_version_arn=version.solution_version_arn, tags={{"team": "recs"}})
personalize.Filter(
    "not-bought", name="not-bought", dataset_group_arn={trained!r}, filter_expression={expression!r},
    tags={{"team": "recs"}},
)
if {adopt!r}:  # made outside Pulumi, which nobody owns: a group, its tracker, a schema and a dataset...
    adopted = personalize.DatasetGroup("adopted", name="adopted", adopt_existing=True)
    schema = personalize.Schema("adopted-schema", name="adopted-schema", schema={interactions!r}, adopt_existing=True)
    dataset = personalize.Dataset(
        "adopted-interactions", name="adopted-interactions", dataset_group_arn=adopted.dataset_group_arn,
        dataset_type="Interactions", schema_arn=schema.schema_arn, adopt_existing=True,
    )
    personalize.EventTracker(  # it feeds the dataset: deleted before it (AWS refuses the other order)
        "adopted-clicks", name="adopted-clicks", dataset_group_arn=adopted.dataset_group_arn, adopt_existing=True,
        opts=pulumi.ResourceOptions(depends_on=[dataset]),
    )
    # ... and, in the trained group, a solution, a campaign serving its version (a version is never adopted: it
    # goes with its solution) and a filter
    adopted_solution = personalize.Solution(
        "adopted-solution", name="adopted-solution", dataset_group_arn={trained!r}, recipe_arn={recipe!r},
        perform_auto_training=False, adopt_existing=True,
    )
    personalize.Campaign(
        "adopted-campaign", name="adopted-campaign", adopt_existing=True,
        solution_version_arn=pulumi.Config().require("adoptedVersion"),
        opts=pulumi.ResourceOptions(depends_on=[adopted_solution]),
    )
    personalize.Filter(
        "adopted-filter", name="adopted-filter", dataset_group_arn={trained!r}, filter_expression={expression!r},
        adopt_existing=True,
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
    trained: int = 1,
) -> str:
    """The stack's program; `trained`: how many times its model was trained (each one more retrains it, and from
    the second on the solution trains automatically too)."""
    return PROGRAM.format(
        group_tags=group_tags,
        tracker_name=tracker_name,
        adopt=adopt,
        late=late,
        items=WIDER_ITEMS if wider else ITEMS,
        schema_name="items-schema-2" if wider else "items-schema",
        interactions=INTERACTIONS,
        trained=TRAINED,
        recipe=RECIPE,
        expression=EXPRESSION,
        auto_training=trained > 1,
        trigger=str(trained),
    )


# The lifecycle, one `up` per step: what each asks of AWS.
FIRST_UP = program({"team": "recs", "tier": "gold"}, adopt=True)  # creates (with tags), trains, waits, adopts
# a tag removed and one changed (group and dataset), the tracker renamed, the Items schema swapped, a retrain with
# automatic training turned on, the adopted ones dropped
CHANGES = program({"team": "ml"}, "clicks-2", wider=True, trained=2)
STEPS = {"first up": FIRST_UP, "changes": CHANGES}
# a group created and a retrain, both killed half-way (README's recovery then takes the group back)
KILLED = program({"team": "ml"}, "clicks-2", late=True, wider=True, trained=3)
KILLED_SECONDS = 3.0  # long enough to be killed creating, or training


def killed_then_recovered(stack: Stack, emulator: EmulatorProcess) -> None:
    """KILLED's `up`, killed once its group and its version are being made (neither recorded), then README's
    recovery."""
    stack.write_program(KILLED)
    emulator.request("POST", "timings", json.dumps(timings(KILLED_SECONDS, KILLED_SECONDS)).encode())
    before = {resource["arn"] for resource in emulator.resources()}

    def both_begun() -> bool:  # the emulator's ground truth: IAM does not apply to it
        begun = {resource["kind"] for resource in emulator.resources() if resource["arn"] not in before}
        return {"dataset-group", "solution-version"} <= begun

    kill_when(stack, ("up", "--yes", "--skip-preview"), both_begun)
    emulator.request("POST", "timings", json.dumps(timings(FAST_CREATE, TRAIN_SECONDS)).encode())
    recover(stack)


def timings(create: float, train: float) -> dict[str, float]:
    return {"createSeconds": create, "deleteSeconds": FAST_DELETE, "trainSeconds": train}


GROUPS = rf"{ARN}dataset-group/(events|adopted)"
SCHEMAS = rf"{ARN}schema/(items-schema|items-schema-2|adopted-schema)"
DATASETS = rf"{ARN}dataset/(events/ITEMS|adopted/INTERACTIONS)"
TRACKERS = rf"{ARN}event-tracker/([0-9a-f]{{8}}|\*)"
SOLUTIONS = rf"{ARN}solution/(recs|adopted-solution)"
VERSIONS = rf"{ARN}solution/recs/([0-9a-f]{{8}}|\*)"  # `/*`: the version a create will make (docs/emulator.md)
CAMPAIGNS = rf"{ARN}campaign/(recs|adopted-campaign)"
FILTERS = rf"{ARN}filter/(not-bought|adopted-filter)"
TAGGED = f"({GROUPS}|{TRACKERS}|{DATASETS}|{SOLUTIONS}|{VERSIONS}|{CAMPAIGNS}|{FILTERS})"
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
    "personalize:CreateSolution": ("first up", SOLUTIONS),
    "personalize:DescribeSolution": ("first up", SOLUTIONS),
    "personalize:ListSolutions": ("first up", r"\*"),
    "personalize:CreateSolutionVersion": ("first up", rf"{ARN}solution/recs"),  # authorized on its solution
    "personalize:DescribeSolutionVersion": ("first up", VERSIONS),
    "personalize:CreateCampaign": ("first up", CAMPAIGNS),
    "personalize:DescribeCampaign": ("first up", CAMPAIGNS),
    "personalize:ListCampaigns": ("first up", r"\*"),
    "personalize:CreateFilter": ("first up", FILTERS),
    "personalize:DescribeFilter": ("first up", FILTERS),
    "personalize:ListFilters": ("first up", r"\*"),
    "personalize:TagResource": ("first up", TAGGED),
    "personalize:ListTagsForResource": ("first up", TAGGED),
    "personalize:UntagResource": ("changes", rf"{ARN}(dataset-group/events|dataset/events/ITEMS)"),
    "personalize:UpdateDataset": ("changes", rf"{ARN}dataset/events/ITEMS"),
    "personalize:UpdateSolution": ("changes", rf"{ARN}solution/recs"),
    "personalize:UpdateCampaign": ("changes", rf"{ARN}campaign/recs"),
    "personalize:DeleteEventTracker": ("changes", rf"{ARN}event-tracker/[0-9a-f]{{8}}"),
    "personalize:DeleteDataset": ("changes", rf"{ARN}dataset/adopted/INTERACTIONS"),
    "personalize:DeleteSchema": ("changes", SCHEMAS),
    "personalize:DeleteDatasetGroup": ("changes", rf"{ARN}dataset-group/adopted"),
    "personalize:DeleteCampaign": ("changes", rf"{ARN}campaign/adopted-campaign"),
    "personalize:DeleteSolution": ("changes", rf"{ARN}solution/adopted-solution"),
    "personalize:DeleteFilter": ("changes", rf"{ARN}filter/adopted-filter"),
}
# The rest of deploy_policy(), and why this lifecycle does not call it.
NOT_IN_THIS_LIFECYCLE = {
    "iam:PassRole": "only for a DatasetGroup with role_arn; the emulator does not emulate IAM roles",
    # A version is never adopted: only a CreateSolutionVersion answered ResourceAlreadyExists (the retry of a
    # create cut short, of the same name) lists its solution's versions, and the emulator accepts a name twice.
    "personalize:ListSolutionVersions": "only to take back a version whose create was cut short (see above)",
}
# Training needs 1,000 interactions, and 25 users with 2 or more ("Amazon Personalize endpoints and quotas").
HISTORY_USERS, HISTORY_EACH = 40, 26
HISTORY_START = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
# The types of the stack's resources that exist in AWS.
HELD_TYPES = (
    *PERSONALIZE_TYPES,
    *(f"pulumi-python:dynamic/personalize:{kind}" for kind in ("Solution", "SolutionVersion", "Campaign", "Filter")),
)
# What is made outside Pulumi needs PutEvents too (deploy_policy() has none: the provider sends no events).
SETUP: PolicyDocument = {
    "Version": DEPLOY["Version"],
    "Statement": [
        *DEPLOY["Statement"],
        {"Sid": "History", "Effect": "Allow", "Action": ["personalize:PutEvents"], "Resource": ["*"]},
    ],
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
        tmp_path / "emulator",
        create_seconds=FAST_CREATE,
        delete_seconds=FAST_DELETE,
        flags=["--train-seconds", str(TRAIN_SECONDS)],
        iam_policy=DEPLOY,
    ) as emulator:
        yield emulator


def stack_on(new_stack: Callable[..., Stack], emulator: EmulatorProcess, source: str) -> Stack:
    stack = new_stack(source)
    stack.env.update(AWS_ENDPOINT_URL_PERSONALIZE=emulator.endpoint_url, AWS_REGION=REGION)
    return stack


def make_trained(emulator: EmulatorProcess) -> frozenset[str]:
    """The trained group: an Interactions dataset, a tracker and a history sent through it (PutEvents). The
    answer: what it made, which the stack uses and never holds."""
    emulator.set_iam_policy(SETUP)
    personalize = aws_client("personalize", emulator.endpoint_url)
    group = active_group(personalize, "trained")
    dataset = active_dataset(personalize, group, "Interactions", TRAINED_INTERACTIONS, "trained-interactions")
    tracker = active_tracker(personalize, group, "trained-clicks")
    record_history(emulator, personalize.describe_event_tracker(eventTrackerArn=tracker)["eventTracker"]["trackingId"])
    emulator.set_iam_policy(DEPLOY)
    schema = personalize.describe_dataset(datasetArn=dataset)["dataset"]["schemaArn"]
    return frozenset({group, dataset, tracker, schema})


def record_history(emulator: EmulatorProcess, tracking_id: str) -> None:
    """HISTORY_EACH clicks (every fifth a purchase) of each of HISTORY_USERS users, ten a PutEvents call."""
    events = aws_client("personalize-events", emulator.endpoint_url)
    for user in range(HISTORY_USERS):
        for first in range(0, HISTORY_EACH, 10):
            batch = [
                {
                    "eventType": "purchase" if step % 5 == 0 else "click",
                    "itemId": f"item-{(user + step) % 50}",
                    "sentAt": HISTORY_START + datetime.timedelta(minutes=user * HISTORY_EACH + step),
                }
                for step in range(first, min(first + 10, HISTORY_EACH))
            ]
            events.put_events(trackingId=tracking_id, userId=f"user-{user}", sessionId=f"s-{user}", eventList=batch)


def make_adoptable(emulator: EmulatorProcess, stack: Stack) -> frozenset[str]:
    """The trained group (`make_trained`'s answer), and what FIRST_UP adopts, made outside Pulumi
    (deploy_policy() allows it); the stack's config names the version the adopted campaign serves."""
    outside = make_trained(emulator)
    personalize = aws_client("personalize", emulator.endpoint_url)
    group = active_group(personalize, "adopted")
    active_dataset(personalize, group, "Interactions", INTERACTIONS, "adopted-interactions", "adopted-schema")
    active_tracker(personalize, group, "adopted-clicks")
    solution = personalize.create_solution(
        name="adopted-solution", datasetGroupArn=TRAINED, recipeArn=RECIPE, performAutoTraining=False
    )["solutionArn"]
    wait_status(personalize, "describe_solution", "solution", "solutionArn", solution, "ACTIVE")
    version = personalize.create_solution_version(name="adopted-version", solutionArn=solution)["solutionVersionArn"]
    wait_status(personalize, "describe_solution_version", "solutionVersion", "solutionVersionArn", version, "ACTIVE")
    personalize.create_campaign(name="adopted-campaign", solutionVersionArn=version)
    personalize.create_filter(name="adopted-filter", datasetGroupArn=TRAINED, filterExpression=EXPRESSION)
    stack.set_config("adoptedVersion", version)
    return outside


def orphans_and_missing(stack: Stack, emulator: EmulatorProcess, outside: frozenset[str]) -> tuple[set[str], set[str]]:
    """What exists without the stack holding it, and what the stack holds that does not exist. What was made
    outside Pulumi for the stack to use is neither, nor are the versions of a solution it holds (a retrain
    forgets the old one: it goes with its solution)."""
    held = {resource["id"] for resource in stack.resources() if resource["type"] in HELD_TYPES}
    existing = {
        resource["arn"]
        for resource in emulator.live()
        if resource["arn"] in held or not (resource["kind"] == "solution-version" and resource["solutionArn"] in held)
    }
    return existing - held - outside, held - existing


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
    assert {step for step, _ in FIRST_NEED.values()} == set(STEPS), "each step is the first to need an action"


def test_the_deploy_policy_carries_a_stack_through_its_whole_life(
    new_stack: Callable[..., Stack], enforcing: EmulatorProcess
) -> None:
    stack = stack_on(new_stack, enforcing, FIRST_UP)
    outside = make_adoptable(enforcing, stack)
    first = stack.up().output
    for adopted in ("dataset group", "dataset", "solution", "campaign", "filter"):
        assert f"adopting existing {adopted} adopted" in first, first
    stack.write_program(CHANGES)  # tag change, rename (replace), schema swap, retrain, the adopted ones deleted
    changed = stack.up().output
    assert "forgotten, not deleted" in changed, "the retrain's old version"
    stack.refresh()
    assert stack.preview_is_empty()

    killed_then_recovered(stack, enforcing)
    assert "taking back dataset group late" in stack.log[-1].output, stack.log[-1].output
    assert orphans_and_missing(stack, enforcing, outside) == (set(), set())

    stack.destroy()
    assert {resource["arn"] for resource in enforcing.live()} == outside, "the versions went with their solution"


@pytest.mark.parametrize("action", sorted(FIRST_NEED))
def test_without_one_action_a_run_fails_naming_it_and_granting_it_back_converges(
    action: str, new_stack: Callable[..., Stack], enforcing: EmulatorProcess
) -> None:
    step, resource = FIRST_NEED[action]
    stack = stack_on(new_stack, enforcing, FIRST_UP)
    outside = make_adoptable(enforcing, stack)
    enforcing.set_iam_policy(without(DEPLOY, action))
    step_failed, result = first_failure(stack)
    assert step_failed == step, result.output
    granted = re.search(rf"grant {action} on (\S+) to the provider's credentials", result.output, re.IGNORECASE)
    assert granted is not None, result.output
    assert re.fullmatch(resource, granted[1]), granted[1]
    assert f"is not authorized to perform: {action} on resource: {granted[1]}" in result.output
    assert "python -m pulumi_personalize.iam deploy" in result.output

    enforcing.set_iam_policy(DEPLOY)
    stack.up()
    assert orphans_and_missing(stack, enforcing, outside) == (set(), set())


def test_the_refresh_policy_refreshes_and_up_fails_at_its_first_write(
    new_stack: Callable[..., Stack], enforcing: EmulatorProcess
) -> None:
    make_trained(enforcing)
    stack = stack_on(new_stack, enforcing, program({"team": "recs"}))
    stack.up()
    enforcing.set_iam_policy(refresh_policy(REGION, ACCOUNT))
    stack.refresh()  # every kind read: Describe* and ListTagsForResource
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
    make_trained(enforcing)
    enforcing.set_iam_policy(DENY_ALL)
    stack = stack_on(new_stack, enforcing, program({"team": "recs"}))
    stack.preview()  # a new stack: everything to create
    enforcing.set_iam_policy(DEPLOY)
    stack.up()
    enforcing.set_iam_policy(DENY_ALL)
    stack.write_program(program({"team": "ml"}, tracker_name="clicks-2", late=True, trained=2))
    calls = enforcing.calls()
    preview = stack.preview()
    assert "replace" in preview.stdout and "+ " in preview.stdout, preview.stdout
    assert enforcing.calls() == calls, "no Personalize call at all"
