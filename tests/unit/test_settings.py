"""Where the provider reaches AWS: stack config and environment, in pulumi-aws's formats."""

from __future__ import annotations

import json

import pytest
from pulumi_personalize.aws.settings import StackAwsConfig, personalize_endpoint

URL = "http://127.0.0.1:4599"


@pytest.mark.parametrize(
    "endpoints",
    [
        json.dumps([{"personalize": URL}]),
        json.dumps([{"s3": "http://s3.local"}, {"personalize": URL}]),
        [{"personalize": URL}],
        {"personalize": URL},
    ],
)
def test_personalize_endpoint_in_pulumi_aws_format(endpoints: object) -> None:
    assert personalize_endpoint(endpoints) == URL


@pytest.mark.parametrize("endpoints", [None, "", json.dumps([{"s3": "http://s3.local"}]), "[]"])
def test_no_personalize_endpoint(endpoints: object) -> None:
    assert personalize_endpoint(endpoints) is None


def test_invalid_endpoints_json_says_how_to_set_it() -> None:
    with pytest.raises(ValueError, match=r"aws:endpoints is not valid JSON.*pulumi config set --path"):
        personalize_endpoint("[{")


def test_stack_config_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = {"aws:region": "eu-west-1", "aws:profile": "prod", "aws:endpoints": json.dumps([{"personalize": URL}])}
    stack = StackAwsConfig.from_config(config.get)
    assert stack == StackAwsConfig(region="eu-west-1", profile="prod", endpoint=URL)
    monkeypatch.setenv("AWS_REGION", "us-west-2")
    assert stack.default_region() == "eu-west-1"
    assert StackAwsConfig().default_region() == "us-west-2"
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    assert StackAwsConfig().default_region() == "ap-south-1"
