"""`pulumi_personalize.iam`: the policies cover every call the provider makes, narrowed where AWS allows it."""

from __future__ import annotations

import fnmatch
import json
import re

import botocore.session
import pytest
from pulumi_personalize import iam
from pulumi_personalize.aws.errors import AwsCallError, next_step
from pulumi_personalize.resources.kind import ResourceKind
from pulumi_personalize.resources.table import KINDS

from tests.harness import ROOT

PROVIDER = ROOT / "provider" / "pulumi_personalize"
OPERATIONS = set(botocore.session.get_session().get_service_model("personalize").operation_names)
REGION, ACCOUNT = "eu-west-1", "111122223333"
# One ARN of each kind, as AWS makes them (a version's ARN is its solution's and an id: no resource type of its own).
ARN_OF = {
    "DatasetGroup": "dataset-group/shop",
    "EventTracker": "event-tracker/0a1b2c3d",
    "Schema": "schema/items",
    "Dataset": "dataset/shop/ITEMS",
    "Solution": "solution/for-you",
    "SolutionVersion": "solution/for-you/0a1b2c3d",
    "Campaign": "campaign/for-you",
    "Filter": "filter/not-bought",
}
# What each kind's `update` calls besides tags (the kinds Personalize changes in place).
UPDATED_BY = {"Dataset": "UpdateDataset", "Solution": "UpdateSolution", "Campaign": "UpdateCampaign"}
TAGS = ("TagResource", "UntagResource", "ListTagsForResource")


def named_operations() -> set[str]:
    """Every Personalize operation named in the provider's code (calls by name, in any of its modules). The
    emulator and this module are not the provider."""
    return {
        word
        for path in PROVIDER.rglob("*.py")
        if "emulator" not in path.relative_to(PROVIDER).parts and path.name != "iam.py"
        for word in re.findall(r"\"([A-Z][A-Za-z]+)\"", path.read_text())
        if word in OPERATIONS
    }


def called_operations() -> set[str]:
    """What the policies must cover: the operations named in the code, and each kind's own."""
    return named_operations().union(*(lifecycle_operations(kind) for kind in KINDS.values()))


def lifecycle_operations(kind: ResourceKind) -> set[str]:
    """What the generic lifecycle calls for a kind on the kind's own ARN: Describe (wait, read, adopt), Delete
    unless Personalize has none (a solution version is forgotten), its in-place update, and tags."""
    verbs = ["Describe", *(["Delete"] if kind.deletable else [])]
    updated = [UPDATED_BY[kind.type_name]] if kind.type_name in UPDATED_BY else []
    return {*(kind.operation(verb) for verb in verbs), *updated, *(TAGS if kind.taggable else ())}


def allows(policy: iam.PolicyDocument, action: str, arn: str) -> bool:
    """Whether an Allow statement of `policy` (this module writes no Deny and only `*` wildcards) grants it."""
    return any(
        action in statement["Action"] and any(fnmatch.fnmatchcase(arn, pattern) for pattern in statement["Resource"])
        for statement in policy["Statement"]
    )


def arn(kind: str) -> str:
    return f"arn:aws:personalize:{REGION}:{ACCOUNT}:{ARN_OF[kind]}"


def test_the_deploy_policy_covers_every_call_the_provider_makes() -> None:
    granted = set(iam.actions(iam.deploy_policy()))
    missing = {f"personalize:{operation}" for operation in called_operations()} - granted
    assert not missing, f"the provider calls these, deploy_policy() does not grant them: {sorted(missing)}"
    group_check = {"ListEventTrackers", "ListDatasets", "ListSolutions", "ListFilters"}
    assert {f"personalize:{operation}" for operation in group_check} <= granted, "the group delete check"
    assert "personalize:ListCampaigns" in granted, "the solution delete check"
    updates = {operation for operation in named_operations() if operation.startswith("Update")}
    assert updates == set(UPDATED_BY.values()), "UPDATED_BY names each kind's update"


def test_every_kind_is_created_and_its_own_calls_are_granted_on_its_arns() -> None:
    assert set(ARN_OF) == set(KINDS), "an ARN for each kind"
    policy = iam.deploy_policy(REGION, ACCOUNT)
    for name, kind in KINDS.items():
        for operation in lifecycle_operations(kind):
            assert allows(policy, f"personalize:{operation}", arn(name)), (operation, arn(name))
        assert any(f"personalize:{kind.operation('Create')}" in s["Action"] for s in policy["Statement"]), name


# The Service Authorization Reference: each Create's required resource types, and what its tags go on.
CREATES: list[tuple[str, tuple[str, ...], str | None]] = [
    ("CreateDatasetGroup", ("DatasetGroup",), "DatasetGroup"),
    ("CreateEventTracker", ("DatasetGroup", "EventTracker"), "EventTracker"),
    ("CreateSchema", ("Schema",), None),  # schemas have no tags
    ("CreateDataset", ("DatasetGroup", "Dataset"), "Dataset"),
    ("CreateSolution", ("DatasetGroup", "Solution"), "Solution"),
    ("CreateSolutionVersion", ("Solution",), "SolutionVersion"),
    ("CreateCampaign", ("Campaign", "SolutionVersion"), "Campaign"),
    ("CreateFilter", ("DatasetGroup", "Filter"), "Filter"),
]


@pytest.mark.parametrize(("operation", "required", "tagged"), CREATES, ids=[row[0] for row in CREATES])
def test_each_create_is_granted_on_every_resource_type_it_requires_and_tags_what_it_makes(
    operation: str, required: tuple[str, ...], tagged: str | None
) -> None:
    policy = iam.deploy_policy(REGION, ACCOUNT)
    for kind in required:
        assert allows(policy, f"personalize:{operation}", arn(kind)), (operation, kind)
    if tagged is not None:  # the tags a Create carries are authorized as TagResource too
        assert allows(policy, "personalize:TagResource", arn(tagged)), operation


def test_the_deploy_policy_fits_a_managed_policy() -> None:
    """IAM's quota for a managed policy is 6,144 characters, whitespace not counted (IAM User Guide, "IAM and AWS
    STS quotas"); the longest partition's ARNs, an account given."""
    written = json.dumps(iam.deploy_policy("us-gov-west-1", ACCOUNT), separators=(",", ":"))
    assert len(written) <= 6144, len(written)


def test_every_action_has_a_reason_and_exists() -> None:
    for permission in iam.PERMISSIONS:
        assert permission.reason
        assert permission.action.removeprefix("personalize:") in OPERATIONS


def test_the_refresh_policy_only_reads_and_reads_every_kind() -> None:
    policy = iam.refresh_policy(REGION, ACCOUNT)
    read = iam.actions(policy)
    assert set(read) < set(iam.actions(iam.deploy_policy()))
    assert all(re.fullmatch(r"personalize:(Describe\w+|ListTagsForResource)", action) for action in read), read
    for name, kind in KINDS.items():  # what a refresh calls: `Lifecycle.read`
        wanted = [kind.operation("Describe"), *(["ListTagsForResource"] if kind.taggable else [])]
        assert all(allows(policy, f"personalize:{operation}", arn(name)) for operation in wanted), name


def test_arns_are_narrowed_to_the_region_and_account_except_where_aws_supports_none() -> None:
    for statement in iam.deploy_policy(REGION, ACCOUNT)["Statement"]:
        if statement["Resource"] == ["*"]:
            assert all(action.startswith("personalize:List") for action in statement["Action"]), statement
            continue
        for arn in statement["Resource"]:
            assert arn.startswith((f"arn:aws:personalize:{REGION}:{ACCOUNT}:", f"arn:aws:iam::{ACCOUNT}:role/")), arn
    pass_role = [s for s in iam.deploy_policy()["Statement"] if s["Action"] == ["iam:PassRole"]]
    assert pass_role[0]["Condition"] == {"StringEquals": {"iam:PassedToService": "personalize.amazonaws.com"}}


def test_the_partition_follows_the_region() -> None:
    resources = [arn for s in iam.refresh_policy("cn-north-1")["Statement"] for arn in s["Resource"]]
    assert all(arn.startswith("arn:aws-cn:personalize:cn-north-1:*:") for arn in resources), resources


@pytest.mark.parametrize("command", ["deploy", "refresh"])
def test_the_command_line_prints_the_policy(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    iam.main([command, "--region", REGION, "--account", ACCOUNT])
    make = iam.deploy_policy if command == "deploy" else iam.refresh_policy
    assert json.loads(capsys.readouterr().out) == make(REGION, ACCOUNT)


def test_an_access_denied_error_says_what_to_grant() -> None:
    arn = f"arn:aws:personalize:{REGION}:{ACCOUNT}:event-tracker/0a1b2c3d"
    message = (
        f"User: arn:aws:iam::{ACCOUNT}:user/ci is not authorized to perform: personalize:DescribeEventTracker on "
        "resource: {arn} because no identity-based policy allows the personalize:DescribeEventTracker action"
    ).replace("{arn}", arn)
    told = str(AwsCallError("DescribeEventTracker", "AccessDeniedException", message).about("event tracker x", "read"))
    assert f"Grant personalize:DescribeEventTracker on {arn} to the provider's credentials" in told
    assert "`python -m pulumi_personalize.iam refresh`" in told and told.endswith("run `pulumi refresh` again.")
    inside = str(AwsCallError("DeleteEventTracker", "AccessDeniedException", message))
    assert f"grant personalize:DescribeEventTracker on {arn}" in inside, "also when told inside another message"
    assert next_step("AccessDeniedException", "create").startswith("Grant that permission to the provider's")
