"""`pulumi_personalize.iam`: the policies cover every call the provider makes, narrowed where AWS allows it."""

from __future__ import annotations

import importlib
import json
import re

import botocore.session
import pytest
from pulumi_personalize import iam
from pulumi_personalize.aws.errors import AwsCallError, next_step
from pulumi_personalize.resources.kind import ResourceKind

from tests.harness import ROOT

PROVIDER = ROOT / "provider" / "pulumi_personalize"
OPERATIONS = set(botocore.session.get_session().get_service_model("personalize").operation_names)
REGION, ACCOUNT = "eu-west-1", "111122223333"


def called_operations() -> set[str]:
    """Every Personalize operation named in the provider's code (calls by name, and each kind's Create, Describe
    and Delete): what the policies must cover. The emulator and this module are not the provider."""
    named = {
        word
        for path in PROVIDER.glob("*.py")
        if path.name != "iam.py"
        for word in re.findall(r"\"([A-Z][A-Za-z]+)\"", path.read_text())
        if word in OPERATIONS
    }
    kinds = [value for path in PROVIDER.glob("*.py") if not path.stem.startswith("__") for value in _kinds(path.stem)]
    return named | {kind.operation(verb) for kind in kinds for verb in ("Create", "Describe", "Delete")}


def _kinds(module: str) -> list[ResourceKind]:
    loaded = importlib.import_module(f"pulumi_personalize.{module}")
    return [value for value in vars(loaded).values() if isinstance(value, ResourceKind)]


def test_the_deploy_policy_covers_every_call_the_provider_makes() -> None:
    granted = set(iam.actions(iam.deploy_policy()))
    missing = {f"personalize:{operation}" for operation in called_operations()} - granted
    assert not missing, f"the provider calls these, deploy_policy() does not grant them: {sorted(missing)}"
    assert {"personalize:ListEventTrackers", "personalize:ListDatasets"} <= granted, "the group delete check"


def test_every_action_has_a_reason_and_exists() -> None:
    for permission in iam.PERMISSIONS:
        assert permission.reason
        assert permission.action.removeprefix("personalize:") in OPERATIONS


def test_the_refresh_policy_only_reads() -> None:
    read = iam.actions(iam.refresh_policy())
    assert set(read) < set(iam.actions(iam.deploy_policy()))
    assert all(re.fullmatch(r"personalize:(Describe\w+|ListTagsForResource)", action) for action in read), read


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
