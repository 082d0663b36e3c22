"""The emulator's IAM: an identity-based policy evaluated on every call when one is given (docs/emulator.md, "IAM").

Emulator-only (AWS's IAM is not ours to configure from a test): every test skips in live mode.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from mypy_boto3_personalize.type_defs import TagTypeDef
from pulumi_personalize.emulator import Emulator
from pulumi_personalize.emulator.__main__ import main
from pulumi_personalize.emulator.iam import PolicyError
from pulumi_personalize.iam import deploy_policy

from tests.emulator.conftest import DEFAULT_ACCESS_KEY, Target, error_of, one_event, unique
from tests.emulator.recommending_kit import Group, Recs

ACCOUNT = "123456789012"  # moto's, for an access key it does not know (DEFAULT_ACCESS_KEY)
CALLER = f"arn:aws:iam::{ACCOUNT}:user/{DEFAULT_ACCESS_KEY}"
GROUPS = f"arn:aws:personalize:us-east-1:{ACCOUNT}:dataset-group/*"
TRACKERS = f"arn:aws:personalize:us-east-1:{ACCOUNT}:event-tracker/*"
TAG: TagTypeDef = {"tagKey": "team", "tagValue": "recs"}
EXPRESSION = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")'
Policy = dict[str, Any]
Enforce = Callable[[Mapping[str, Any] | Path | None], None]


def allow(actions: list[str], resources: list[str], effect: str = "Allow") -> dict[str, Any]:
    return {"Effect": effect, "Action": actions, "Resource": resources}


def policy(*statements: dict[str, Any]) -> Policy:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def resource_of(target: Target, path: str) -> str:
    """The ARN of a Personalize resource of the suite's account, in the target's region."""
    return f"arn:aws:personalize:{target.region}:{ACCOUNT}:{path}"


@pytest.fixture
def enforce(emu: Emulator) -> Iterator[Enforce]:
    """Set the policy the emulator enforces for this test; the suite's emulator goes back to none after it."""
    yield emu.set_iam_policy
    emu.set_iam_policy(None)


def denial(call: Callable[[], object]) -> tuple[int, str, str]:
    """(HTTP status, error code, message) of a refused call."""
    error = error_of(call)
    return (
        error.response["ResponseMetadata"]["HTTPStatusCode"],
        error.response["Error"]["Code"],
        str(error.response["Error"]["Message"]),
    )


def test_enforcement_is_off_by_default(target: Target, emu: Emulator) -> None:
    client = target.personalize(access_key="AKIAANYONE")
    arn = client.create_dataset_group(name=unique("open"))["datasetGroupArn"]
    assert client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]["datasetGroupArn"] == arn


def test_an_allowed_call_goes_through_and_anything_else_is_denied_as_aws_words_it(
    target: Target, enforce: Enforce
) -> None:
    enforce(policy(allow(["personalize:CreateDatasetGroup", "personalize:DescribeDatasetGroup"], [GROUPS])))
    client = target.personalize()
    name = unique("allowed")
    arn = client.create_dataset_group(name=name)["datasetGroupArn"]
    assert client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]["name"] == name

    assert denial(lambda: client.delete_dataset_group(datasetGroupArn=arn)) == (
        400,
        "AccessDeniedException",
        f"User: {CALLER} is not authorized to perform: personalize:DeleteDatasetGroup on resource: {arn} "
        "because no identity-based policy allows the personalize:DeleteDatasetGroup action",
    )


def test_an_explicit_deny_wins_over_any_allow(target: Target, enforce: Enforce) -> None:
    keep, other = unique("keep"), unique("other")
    enforce(
        policy(
            allow(["personalize:*"], ["*"]),
            allow(["personalize:DeleteDatasetGroup"], [GROUPS.replace("*", keep)], effect="Deny"),
        )
    )
    client = target.personalize()
    kept, deleted = (client.create_dataset_group(name=name)["datasetGroupArn"] for name in (keep, other))

    def active() -> bool:
        described = [client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"] for arn in (kept, deleted)]
        return all(group["status"] == "ACTIVE" for group in described)

    target.wait_until(active, "both groups ACTIVE")
    client.delete_dataset_group(datasetGroupArn=deleted)
    _, code, message = denial(lambda: client.delete_dataset_group(datasetGroupArn=kept))
    assert code == "AccessDeniedException"
    assert message.endswith(f"on resource: {kept} with an explicit deny in an identity-based policy")


def test_wildcards_in_actions_and_resources(target: Target, enforce: Enforce) -> None:
    enforce(
        policy(
            allow(["personalize:createdatasetgroup"], [GROUPS.replace("*", "team-*")]),  # actions ignore case
            allow(["personalize:Describe*"], ["*"]),
        )
    )
    client = target.personalize()
    arn = client.create_dataset_group(name=unique("team"))["datasetGroupArn"]
    assert client.describe_dataset_group(datasetGroupArn=arn)["datasetGroup"]["datasetGroupArn"] == arn
    outside = unique("other")
    _, code, message = denial(lambda: client.create_dataset_group(name=outside))
    assert code == "AccessDeniedException"
    assert f"personalize:CreateDatasetGroup on resource: {GROUPS.replace('*', outside)} " in message
    assert denial(lambda: client.delete_dataset_group(datasetGroupArn=arn))[1] == "AccessDeniedException"


def test_nothing_is_allowed_without_a_statement_and_a_refused_call_changes_nothing(
    target: Target, emu: Emulator, enforce: Enforce
) -> None:
    enforce(policy())
    before = len(emu.resources())
    name = unique("refused")
    message = denial(lambda: target.personalize().create_dataset_group(name=name))[2]
    assert f"personalize:CreateDatasetGroup on resource: {GROUPS.replace('*', name)} because" in message
    assert len(emu.resources()) == before
    assert emu.calls()["CreateDatasetGroup"] >= 1, "refused calls are counted like any other"


def test_the_data_plane_is_evaluated_too(target: Target, enforce: Enforce) -> None:
    """PutEvents supports no resource-level permission: only a statement on "*" allows it."""
    events = target.events()

    def put() -> object:
        return events.put_events(trackingId="unknown-tracking-id", sessionId="s", eventList=one_event())

    enforce(policy(allow(["personalize:PutEvents"], [TRACKERS])))
    assert denial(put)[2].endswith(
        "personalize:PutEvents on resource: * because no identity-based policy allows the personalize:PutEvents action"
    )
    enforce(policy(allow(["personalize:PutEvents"], ["*"])))
    assert denial(put)[1] == "InvalidInputException", "allowed: the call reaches the service"


def test_tags_at_creation_need_tag_resource_too(target: Target, enforce: Enforce) -> None:
    enforce(policy(allow(["personalize:CreateDatasetGroup"], [GROUPS])))
    name = unique("tagged")
    message = denial(
        lambda: target.personalize().create_dataset_group(name=name, tags=[{"tagKey": "team", "tagValue": "recs"}])
    )[2]
    assert f"personalize:TagResource on resource: {GROUPS.replace('*', name)} because" in message


def test_create_event_tracker_needs_its_group_and_a_tracker(target: Target, enforce: Enforce) -> None:
    """Its ARN is generated: before the call, only `event-tracker/*` can stand for it (docs/emulator.md, "IAM")."""
    client = target.personalize()
    group = client.create_dataset_group(name=unique("events"))["datasetGroupArn"]
    target.wait_until(
        lambda: client.describe_dataset_group(datasetGroupArn=group)["datasetGroup"]["status"] == "ACTIVE", "ACTIVE"
    )

    def create() -> str:
        return client.create_event_tracker(name=unique("clicks"), datasetGroupArn=group)["eventTrackerArn"]

    enforce(policy(allow(["personalize:CreateEventTracker"], [GROUPS])))
    assert f"personalize:CreateEventTracker on resource: {TRACKERS} because" in denial(create)[2]
    enforce(policy(allow(["personalize:CreateEventTracker"], [TRACKERS])))
    assert f"personalize:CreateEventTracker on resource: {group} because" in denial(create)[2]
    enforce(policy(allow(["personalize:CreateEventTracker"], [GROUPS, TRACKERS])))
    assert create().startswith(TRACKERS.removesuffix("*"))


def everything_but(action: str, resource: str = "*") -> Policy:
    """Every Personalize action allowed, but `action` on `resource` explicitly denied: a refusal then names the
    resource the emulator checked `action` on."""
    return policy(allow(["personalize:*"], ["*"]), allow([action], [resource], effect="Deny"))


def refused_on(enforce: Enforce, action: str, call: Callable[[], object], resource: str = "*") -> str:
    """The resource a denied `action` was checked on (its message: "... on resource: <ARN> with an explicit
    deny ..."); `call` must need `action`."""
    enforce(everything_but(f"personalize:{action}", resource))
    status, code, message = denial(call)
    assert (status, code) == (400, "AccessDeniedException"), message
    checked = message.split(f"perform: personalize:{action} on resource: ", 1)[1]
    return checked.removesuffix(" with an explicit deny in an identity-based policy")


@pytest.fixture
def deployed(recs: Recs) -> tuple[Group, str, str, str]:
    """A trained group, an ACTIVE solution, version and campaign (made before any policy is enforced)."""
    group = recs.trained_group()
    solution = recs.solution(group.arn)
    version = recs.version(solution)
    return group, solution, version, recs.campaign(version)


def test_solutions_versions_campaigns_and_filters_are_checked_on_the_arn_in_the_request(
    recs: Recs, enforce: Enforce, deployed: tuple[Group, str, str, str]
) -> None:
    """Their Describe, Update, Delete and StopSolutionVersionCreation, and personalize-runtime's two reads of a
    campaign: each on its own resource type (the Service Authorization Reference; a version's ARN is of the
    solution type). A refused call changes nothing, so the deletes are safe to try."""
    group, solution, version, campaign = deployed
    found = recs.filter(group.arn, EXPRESSION)
    client, runtime = recs.client, recs.target_api.target.runtime()
    calls: list[tuple[str, Callable[[], object], str]] = [
        ("DescribeSolution", lambda: client.describe_solution(solutionArn=solution), solution),
        ("UpdateSolution", lambda: client.update_solution(solutionArn=solution, performAutoTraining=False), solution),
        ("DeleteSolution", lambda: client.delete_solution(solutionArn=solution), solution),
        ("DescribeSolutionVersion", lambda: client.describe_solution_version(solutionVersionArn=version), version),
        (
            "StopSolutionVersionCreation",
            lambda: client.stop_solution_version_creation(solutionVersionArn=version),
            version,
        ),
        ("DescribeCampaign", lambda: client.describe_campaign(campaignArn=campaign), campaign),
        ("UpdateCampaign", lambda: client.update_campaign(campaignArn=campaign, minProvisionedTPS=2), campaign),
        ("DeleteCampaign", lambda: client.delete_campaign(campaignArn=campaign), campaign),
        ("DescribeFilter", lambda: client.describe_filter(filterArn=found), found),
        ("DeleteFilter", lambda: client.delete_filter(filterArn=found), found),
        ("GetRecommendations", lambda: runtime.get_recommendations(campaignArn=campaign, userId="u1"), campaign),
        (
            "GetPersonalizedRanking",
            lambda: runtime.get_personalized_ranking(campaignArn=campaign, userId="u1", inputList=["a1"]),
            campaign,
        ),
        ("TagResource", lambda: client.tag_resource(resourceArn=version, tags=[TAG]), version),
    ]
    for action, call, resource in calls:
        assert refused_on(enforce, action, call) == resource, action
    enforce(None)
    assert recs.campaign_status(campaign) == "ACTIVE" and recs.filter_status(found) == "ACTIVE"
    assert recs.client.describe_campaign(campaignArn=campaign)["campaign"]["minProvisionedTPS"] == 1


def test_creates_are_checked_on_every_resource_type_the_reference_requires(
    target: Target, recs: Recs, enforce: Enforce, deployed: tuple[Group, str, str, str]
) -> None:
    """The new resource's ARN (made of its name) first, then what it is made from: CreateSolution and
    CreateFilter their dataset group, CreateCampaign the solution version it serves. CreateSolutionVersion
    requires the solution type only: its solution."""
    group, solution, version, _ = deployed
    name = unique("new")
    creates: list[tuple[str, Callable[[], object], list[str]]] = [
        (
            "CreateSolution",
            lambda: recs.create_solution(group.arn, name=name),
            [resource_of(target, f"solution/{name}"), group.arn],
        ),
        ("CreateSolutionVersion", lambda: recs.create_version(solution), [solution]),
        (
            "CreateCampaign",
            lambda: recs.create_campaign(version, name=name),
            [resource_of(target, f"campaign/{name}"), version],
        ),
        (
            "CreateFilter",
            lambda: recs.create_filter(group.arn, EXPRESSION, name=name),
            [resource_of(target, f"filter/{name}"), group.arn],
        ),
    ]
    for action, create, resources in creates:
        for resource in resources:  # denied on each one in turn: each is checked
            assert refused_on(enforce, action, create, resource) == resource, (action, resource)


def test_a_version_s_tags_are_authorized_on_the_version_it_will_be(
    recs: Recs, enforce: Enforce, deployed: tuple[Group, str, str, str]
) -> None:
    """A version's ARN is its solution's and a generated id: before the call only `<solution ARN>/*` can stand
    for it (as `event-tracker/*` for a tracker; docs/emulator.md, "IAM")."""
    _, solution, _, _ = deployed
    tagged = refused_on(enforce, "TagResource", lambda: recs.create_version(solution, tags=[TAG]))
    assert tagged == f"{solution}/*"
    enforce(everything_but("personalize:TagResource"))
    assert recs.create_version(solution).startswith(f"{solution}/"), "without tags, no TagResource"


def test_the_provider_deploy_policy_serves_the_recommendation_path_but_not_recommendations(
    target: Target, recs: Recs, enforce: Enforce
) -> None:
    """Every call of the provider's lifecycle for the four kinds, with tags, as a stack makes them; the provider
    never asks a campaign for recommendations, so its policy does not allow that."""
    group = recs.trained_group()
    enforce(deploy_policy(target.region, ACCOUNT))
    solution = recs.solution(group.arn, tags=[TAG])
    recs.client.update_solution(solutionArn=solution, performAutoTraining=False)
    version = recs.version(solution, tags=[TAG])
    campaign = recs.campaign(version, tags=[TAG])
    found = recs.create_filter(group.arn, EXPRESSION, tags=[TAG])
    recs.wait(recs.filter_status, found, "ACTIVE")
    for arn in (solution, version, campaign, found):
        recs.client.tag_resource(resourceArn=arn, tags=[{"tagKey": "tier", "tagValue": "gold"}])
        recs.client.untag_resource(resourceArn=arn, tagKeys=["tier"])
        assert recs.client.list_tags_for_resource(resourceArn=arn)["tags"] == [TAG]
    for listed in (
        recs.client.list_solutions(datasetGroupArn=group.arn)["solutions"],
        recs.client.list_solution_versions(solutionArn=solution)["solutionVersions"],
        recs.client.list_campaigns(solutionArn=solution)["campaigns"],
        recs.client.list_filters(datasetGroupArn=group.arn)["Filters"],
    ):
        assert len(listed) == 1
    runtime = recs.target_api.target.runtime()
    message = denial(lambda: runtime.get_recommendations(campaignArn=campaign, userId="u1"))[2]
    assert f"personalize:GetRecommendations on resource: {campaign} because no identity-based policy" in message


def test_the_caller_and_resources_are_in_the_account_of_the_access_key(target: Target, enforce: Enforce) -> None:
    enforce(policy())
    message = denial(lambda: target.personalize(access_key="111122223333").list_dataset_groups())[2]
    assert message.startswith(
        "User: arn:aws:iam::111122223333:user/111122223333 is not authorized to perform: "
        "personalize:ListDatasetGroups on resource: * because"
    )


def test_the_provider_deploy_policy_is_enforceable(target: Target, enforce: Enforce) -> None:
    """Its iam:PassRole statement (with a condition) is about IAM only: it never applies to a Personalize call."""
    enforce(deploy_policy("us-east-1", ACCOUNT))
    client = target.personalize()
    assert client.list_dataset_groups()["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert denial(lambda: target.events().put_events(trackingId="t", sessionId="s", eventList=one_event()))[1] == (
        "AccessDeniedException"
    ), "the provider never sends events"


def test_a_policy_file_is_read_again_when_it_changes(target: Target, enforce: Enforce, tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy(allow(["personalize:List*"], ["*"]))))
    enforce(path)
    client = target.personalize()
    client.list_dataset_groups()
    written = tmp_path / "policy.tmp"
    written.write_text(json.dumps(policy(allow(["personalize:List*"], ["*"], effect="Deny"))))
    os.replace(written, path)
    assert denial(client.list_dataset_groups)[2].endswith("with an explicit deny in an identity-based policy")


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ({**allow(["personalize:*"], ["*"]), "Condition": {"StringEquals": {"aws:RequestTag/team": "x"}}}, "Condition"),
        ({"Effect": "Allow", "Action": ["personalize:*"], "NotResource": ["*"]}, "NotResource"),
        (allow(["personalize:Describe?atasetGroup"], ["*"]), "only the wildcard *"),
        (allow(["personalize:*"], ["*"], effect="Maybe"), "Effect"),
        ({"Effect": "Allow", "Resource": "*"}, "Action or NotAction"),
    ],
)
def test_a_policy_the_emulator_cannot_enforce_faithfully_is_refused(
    enforce: Enforce, statement: dict[str, Any], problem: str
) -> None:
    with pytest.raises(PolicyError, match=problem):
        enforce(policy(statement))


def test_a_bad_policy_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "policy.json"
    path.write_text("{not json")
    with pytest.raises(SystemExit) as exited:
        main(["--iam-policy", str(path)])
    assert exited.value.code == 2
    assert "--iam-policy" in capsys.readouterr().err
