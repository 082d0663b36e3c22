"""examples/aws (the production template) under Pulumi's mocks: the aws plugin cannot run here, so this
checks the wiring between pulumi-aws resources and ours, and the stack's exports."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest
from pulumi_personalize.iam import deploy_policy

from tests.harness import ROOT
from tests.unit.example_program import run_example

EXAMPLE = ROOT / "examples" / "aws" / "__main__.py"
ACCOUNT = "123456789012"
REGION = "eu-west-1"


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self.registered[args.name] = args
        outputs = dict(args.inputs)
        prefix = "arn:aws"
        computed = {
            "aws:iam/role:Role": {"arn": f"{prefix}:iam::{ACCOUNT}:role/{args.name}", "name": args.name},
            "aws:iam/policy:Policy": {"arn": f"{prefix}:iam::{ACCOUNT}:policy/{args.name}"},
            "aws:kms/key:Key": {"arn": f"{prefix}:kms:us-east-1:{ACCOUNT}:key/{args.name}"},
            "aws:s3/bucket:Bucket": {"arn": f"{prefix}:s3:::{args.name}-bucket", "bucket": f"{args.name}-bucket"},
            "pulumi-python:dynamic/personalize:DatasetGroup": {
                "datasetGroupArn": f"{prefix}:personalize:us-east-1:{ACCOUNT}:dataset-group/{args.name}",
                "status": "ACTIVE",
            },
            "pulumi-python:dynamic/personalize:EventTracker": {
                "eventTrackerArn": f"{prefix}:personalize:us-east-1:{ACCOUNT}:event-tracker/0a1b2c3d",
                "trackingId": "6f1c3d2e-0000-4000-8000-000000000001",
                "status": "ACTIVE",
            },
        }
        outputs.update(computed.get(args.typ, {}))
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        """The SDK accepts a plain dict (its annotation only names the tuple form)."""
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:user/ci", "userId": "ci", "id": ACCOUNT}
        if args.token == "aws:index/getRegion:getRegion":
            return {"region": REGION, "name": REGION, "id": REGION, "description": "Europe (Ireland)", "endpoint": ""}
        return {}


@pytest.fixture
def mocks() -> Mocks:
    registered = Mocks()
    pulumi.runtime.set_mocks(registered, project="personalize-production", stack="prod", preview=False)
    return registered


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_production_template_wires_role_key_group_and_tracker(
    mocks: Mocks, monkeypatch: pytest.MonkeyPatch
) -> pulumi.Output[None]:
    program, exports = run_example(EXAMPLE, monkeypatch)

    def check(values: list[Any]) -> None:
        role_arn, key_arn, group_arn, tracking_id, exported = values
        group = mocks.registered["events"].inputs
        tracker = mocks.registered["clicks"].inputs
        assert group["roleArn"] == role_arn and group["kmsKeyArn"] == key_arn
        assert group["domain"] == "ECOMMERCE"
        assert tracker["datasetGroupArn"] == group_arn
        assert tracker["timeouts"] == {"create": 1800.0, "update": 1200.0, "delete": 1800.0}, "custom_timeouts arrive"
        assert exported == [tracking_id, group_arn, role_arn]

    return pulumi.Output.all(
        program["role"].arn,
        program["key"].arn,
        program["group"].dataset_group_arn,
        program["tracker"].tracking_id,
        pulumi.Output.all(exports["trackingId"], exports["datasetGroupArn"], exports["personalizeRoleArn"]),
    ).apply(check)


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_the_deploy_role_is_allowed_exactly_the_deploy_policy(
    mocks: Mocks, monkeypatch: pytest.MonkeyPatch
) -> pulumi.Output[None]:
    program, exports = run_example(EXAMPLE, monkeypatch)

    def check(values: list[Any]) -> None:
        role_name, policy_arn, attached_role, attached_policy, role_arn, exported = values
        policy = mocks.registered["deploy-policy"]
        assert policy.typ == "aws:iam/policy:Policy"
        assert json.loads(policy.inputs["policy"]) == deploy_policy(REGION, ACCOUNT), "narrowed to region and account"
        assert (attached_role, attached_policy) == (role_name, policy_arn)
        assert exported == role_arn

    attachment = program["deploy_attachment"]
    return pulumi.Output.all(
        program["deployer"].name,
        program["deploy"].arn,
        attachment.role,
        attachment.policy_arn,
        program["deployer"].arn,
        exports["deployRoleArn"],
    ).apply(check)
