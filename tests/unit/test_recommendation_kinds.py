"""check and diff of Solution, SolutionVersion, Campaign and Filter, without AWS: what replaces, what changes in
place, what a retrain does, and the AWS spelling of their members."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_personalize.campaign import CampaignProvider
from pulumi_personalize.recommendation_filter import FilterProvider
from pulumi_personalize.resources.declare import aws_member
from pulumi_personalize.solution import SolutionProvider
from pulumi_personalize.solution_version import SolutionVersionProvider

GROUP = "arn:aws:personalize:us-east-1:123456789012:dataset-group/shop"
SOLUTION = "arn:aws:personalize:us-east-1:123456789012:solution/for-you-1a2b3c"
VERSION = f"{SOLUTION}/9f8e7d6c"
RECIPE = "arn:aws:personalize:::recipe/aws-user-personalization"
OWNER = "v2:0123456789abcdef:fedcba9876543210 urn:pulumi:dev::shop::x::model"


def checked(provider: Any, olds: dict[str, Any], **inputs: Any) -> dict[str, Any]:
    result = provider.check(olds, {"autonamePrefix": "model", "owner": OWNER, **inputs})
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def failures(provider: Any, **inputs: Any) -> dict[str, str]:
    result = provider.check({}, {"autonamePrefix": "x", "region": "us-east-1", **inputs})
    return {failure.property: failure.reason for failure in result.failures}


def test_aws_spells_some_members_in_capitals_that_the_state_spells_as_aws_native() -> None:
    assert aws_member("minProvisionedTps") == "minProvisionedTPS"
    assert aws_member("performAutoMl") == "performAutoML"
    assert aws_member("performHpo") == "performHPO"
    assert aws_member("datasetGroupArn") == "datasetGroupArn"


def test_a_retrain_is_a_new_version_of_a_new_name_made_first_and_the_old_one_forgotten(
    capsys: pytest.CaptureFixture[str],
) -> None:
    provider = SolutionVersionProvider()
    first = checked(provider, {}, solutionArn=SOLUTION, trigger="1")
    assert first["trainingMode"] == "FULL", "AWS's default is made visible in the state"
    again = checked(provider, first, solutionArn=SOLUTION, trigger="1")
    assert again["name"] == first["name"]
    retrain = checked(provider, first, solutionArn=SOLUTION, trigger="2")
    assert retrain["name"] != first["name"], "CreateSolutionVersion refuses a name its solution already has"
    diff = provider.diff(VERSION, {**first, "solutionVersionArn": VERSION}, retrain)
    assert diff.replaces == ["name", "trigger"] and diff.delete_before_replace is False
    assert "forgotten, not deleted" in capsys.readouterr().err


def test_a_campaign_moves_to_a_new_version_its_tps_and_config_in_place_and_only_a_new_name_replaces() -> None:
    provider = CampaignProvider()
    olds = checked(provider, {}, solutionVersionArn=VERSION)
    assert olds["minProvisionedTps"] == 1
    news = checked(
        provider,
        olds,
        solutionVersionArn=f"{SOLUTION}/0a0b0c0d",
        minProvisionedTps=3.0,
        campaignConfig={"syncWithLatestSolutionVersion": True},
    )
    diff = provider.diff("arn", olds, news)
    assert diff.changes and diff.replaces == [], "all three in place"
    renamed = provider.diff("arn", olds, {**olds, "name": "another"})
    assert renamed.replaces == ["name"] and renamed.delete_before_replace is True


def test_a_solution_changes_auto_training_in_place_and_other_config_by_a_new_solution_first() -> None:
    provider = SolutionProvider()
    olds = checked(provider, {}, datasetGroupArn=GROUP, recipeArn=RECIPE, performAutoTraining=True)
    in_place = checked(
        provider,
        olds,
        datasetGroupArn=GROUP,
        recipeArn=RECIPE,
        performAutoTraining=False,
        solutionConfig={"autoTrainingConfig": {"schedulingExpression": "rate(3 days)"}},
    )
    diff = provider.diff(SOLUTION, olds, in_place)
    assert diff.changes and diff.replaces == []
    assert in_place["name"] == olds["name"]
    other = checked(
        provider, olds, datasetGroupArn=GROUP, recipeArn=RECIPE, solutionConfig={"eventValueThreshold": "3"}
    )
    diff = provider.diff(SOLUTION, olds, other)
    assert diff.replaces == ["solutionConfig"] and diff.delete_before_replace is False
    recipe = checked(provider, olds, datasetGroupArn=GROUP, recipeArn=f"{RECIPE}-v2")
    assert recipe["name"] != olds["name"], "a replacement made first needs a name of its own"


def test_preview_names_the_bad_input_of_each_kind() -> None:
    assert "recipeArn" in failures(SolutionProvider(), datasetGroupArn=GROUP)
    assert (
        "has no member 'bad'"
        in failures(SolutionProvider(), datasetGroupArn=GROUP, recipeArn=RECIPE, solutionConfig={"bad": 1})[
            "solutionConfig"
        ]
    )
    assert "trainingMode" in failures(SolutionVersionProvider(), solutionArn=SOLUTION, trainingMode="PARTIAL")
    assert "solutionArn" in failures(SolutionVersionProvider(), solutionArn=GROUP)
    assert (
        "whole number"
        in failures(CampaignProvider(), solutionVersionArn=VERSION, minProvisionedTps=0)["minProvisionedTps"]
    )
    assert "solutionVersionArn" in failures(CampaignProvider(), solutionVersionArn=SOLUTION)
    reason = failures(
        FilterProvider(),
        datasetGroupArn=GROUP,
        filterExpression='EXCLUDE ItemID WHERE Interactions.EVENT_TYPE INN ("a")',
    )["filterExpression"]
    assert "INN" in reason
    assert (
        failures(
            FilterProvider(),
            datasetGroupArn=GROUP,
            filterExpression='EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("a")',
        )
        == {}
    )
