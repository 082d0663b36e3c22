"""Campaigns: CreateCampaign ... UpdateCampaign, their status machines, latestCampaignUpdate, and the rules of
what a campaign deploys.

Sources: the API reference pages of CreateCampaign, UpdateCampaign, DeleteCampaign and of the Campaign,
CampaignConfig and CampaignUpdateSummary data types; "Requirements for deleting Amazon Personalize resources"
(gs-cleanup.html); "Amazon Personalize endpoints and quotas" (limits.html) for the campaign quota.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from pulumi_personalize.emulator import Emulator

from tests.emulator.conftest import Target, code_of, error_of, unique
from tests.emulator.recommending_kit import POPULARITY, Recs, item_ids

pytestmark = pytest.mark.live

CREATE = ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"]


def test_a_campaign_goes_through_the_create_and_delete_phases(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    version = recs.version(recs.solution(recs.trained_group().arn))
    widen()
    name = unique("cmp")
    arn = recs.create_campaign(version, name=name)
    assert re.fullmatch(rf"arn:aws:personalize:{target.region}:\d{{12}}:campaign/{name}", arn), arn
    seen = recs.target_api.observe(lambda: recs.campaign_status(arn), "ACTIVE")
    recs.client.delete_campaign(campaignArn=arn)
    gone = recs.target_api.observe(lambda: recs.campaign_status(arn), None)
    if not target.live:
        assert seen == CREATE
        assert gone == ["DELETE PENDING", "DELETE IN_PROGRESS", None]


def test_describe_campaign_has_its_version_min_tps_and_config(recs: Recs) -> None:
    version = recs.version(recs.solution(recs.trained_group().arn))
    config = {"itemExplorationConfig": {"explorationWeight": "0.3"}, "enableMetadataWithRecommendations": False}
    arn = recs.campaign(version, minProvisionedTPS=2, campaignConfig=config)
    described = recs.client.describe_campaign(campaignArn=arn)["campaign"]
    assert (described["solutionVersionArn"], described["minProvisionedTPS"]) == (version, 2)
    assert described["campaignConfig"]["itemExplorationConfig"] == {"explorationWeight": "0.3"}
    assert "latestCampaignUpdate" not in described
    default = recs.client.describe_campaign(campaignArn=recs.create_campaign(version))["campaign"]
    assert default["minProvisionedTPS"] == 1  # CreateCampaign: "The default minProvisionedTPS is 1."


def test_a_campaign_deploys_an_active_version(target: Target, recs: Recs, widen: Callable[[], None]) -> None:
    solution = recs.solution(recs.trained_group().arn)
    missing = f"{solution}/{unique('v')}"
    assert code_of(lambda: recs.create_campaign(missing)) == "ResourceNotFoundException"
    widen()
    training = recs.create_version(solution)
    assert code_of(lambda: recs.create_campaign(training)) == "ResourceInUseException"


def test_a_campaign_name_is_unique(recs: Recs) -> None:
    version = recs.version(recs.solution(recs.trained_group().arn))
    name = unique("cmp")
    recs.create_campaign(version, name=name)
    assert code_of(lambda: recs.create_campaign(version, name=name)) == "ResourceAlreadyExistsException"


def test_update_campaign_moves_to_a_new_version_under_the_same_arn(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    deployed = recs.deployed()
    campaign, first = deployed.campaign, deployed.version
    second = recs.version(deployed.solution)
    widen()
    answer = recs.client.update_campaign(campaignArn=campaign, solutionVersionArn=second, minProvisionedTPS=3)
    assert answer["campaignArn"] == campaign
    during = recs.client.describe_campaign(campaignArn=campaign)["campaign"]
    assert (during["status"], during["solutionVersionArn"]) == ("ACTIVE", first)
    update = during["latestCampaignUpdate"]
    assert (update["solutionVersionArn"], update["minProvisionedTPS"]) == (second, 3)
    seen = recs.target_api.observe(lambda: recs.update_status(campaign), "ACTIVE")
    after = recs.client.describe_campaign(campaignArn=campaign)["campaign"]
    assert (after["campaignArn"], after["solutionVersionArn"], after["minProvisionedTPS"]) == (campaign, second, 3)
    if not target.live:
        assert seen == CREATE


def test_the_campaign_serves_its_old_version_until_the_update_is_active(recs: Recs, widen: Callable[[], None]) -> None:
    """UpdateCampaign: "You can still get recommendations from a campaign while an update is in progress."."""
    deployed = recs.deployed()
    campaign = deployed.campaign
    runtime = recs.target_api.target.runtime()
    before = item_ids(runtime.get_recommendations(campaignArn=campaign, userId="u0"))
    second = recs.version(deployed.solution)
    widen()
    recs.client.update_campaign(campaignArn=campaign, solutionVersionArn=second)
    assert item_ids(runtime.get_recommendations(campaignArn=campaign, userId="u0")) == before


def test_an_update_may_deploy_another_solution_s_version_which_then_cannot_be_deleted(recs: Recs) -> None:
    """UpdateCampaign documents no rule against another solution's version (the SDKs' summary: "deploying a new
    solution"); the new solution is then the one in use ("Requirements for deleting Amazon Personalize
    resources")."""
    deployed = recs.deployed()
    popular_solution = recs.solution(deployed.group.arn, POPULARITY)
    popular = recs.version(popular_solution)
    recs.client.update_campaign(campaignArn=deployed.campaign, solutionVersionArn=popular)
    recs.wait(recs.update_status, deployed.campaign, "ACTIVE")
    assert code_of(lambda: recs.client.delete_solution(solutionArn=popular_solution)) == "ResourceInUseException"
    listed = recs.client.list_campaigns(solutionArn=popular_solution)["campaigns"]
    assert [campaign["campaignArn"] for campaign in listed] == [deployed.campaign]


def test_one_update_at_a_time_and_no_delete_during_it(recs: Recs, widen: Callable[[], None]) -> None:
    campaign = recs.deployed().campaign
    widen()
    recs.client.update_campaign(campaignArn=campaign, minProvisionedTPS=2)
    assert code_of(lambda: recs.client.update_campaign(campaignArn=campaign, minProvisionedTPS=3)) == (
        "ResourceInUseException"
    )
    assert code_of(lambda: recs.client.delete_campaign(campaignArn=campaign)) == "ResourceInUseException"
    recs.wait(recs.update_status, campaign, "ACTIVE")
    recs.client.update_campaign(campaignArn=campaign, minProvisionedTPS=3)


def test_a_campaign_being_created_cannot_be_updated(recs: Recs, widen: Callable[[], None]) -> None:
    version = recs.version(recs.solution(recs.trained_group().arn))
    widen()
    campaign = recs.create_campaign(version)
    assert code_of(lambda: recs.client.update_campaign(campaignArn=campaign, minProvisionedTPS=2)) == (
        "ResourceInUseException"
    )


def test_latest_deploys_the_newest_active_version(recs: Recs) -> None:
    """CreateCampaign, solutionVersionArn: "specify the ARN of your solution in SolutionArn/$LATEST format. You
    must use this format if you set syncWithLatestSolutionVersion to True"."""
    solution = recs.solution(recs.trained_group().arn)
    recs.version(solution)
    newest = recs.version(solution)
    synced = {"syncWithLatestSolutionVersion": True}
    error = error_of(lambda: recs.create_campaign(newest, campaignConfig=synced))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    campaign = recs.campaign(f"{solution}/$LATEST", campaignConfig=synced)
    described = recs.client.describe_campaign(campaignArn=campaign)["campaign"]
    assert described["solutionVersionArn"] == newest
    assert described["campaignConfig"]["syncWithLatestSolutionVersion"] is True


def test_a_deployed_solution_cannot_be_deleted(recs: Recs) -> None:
    deployed = recs.deployed()
    solution, campaign = deployed.solution, deployed.campaign
    error = error_of(lambda: recs.client.delete_solution(solutionArn=solution))
    assert error.response["Error"]["Code"] == "ResourceInUseException"
    assert campaign in error.response["Error"]["Message"]
    listed = recs.client.list_campaigns(solutionArn=solution)["campaigns"]
    assert [(c["campaignArn"], c["status"]) for c in listed] == [(campaign, "ACTIVE")]
    recs.client.delete_campaign(campaignArn=campaign)
    recs.wait(recs.campaign_status, campaign, None)
    recs.client.delete_solution(solutionArn=solution)


def test_campaigns_take_tags(recs: Recs) -> None:
    version = recs.version(recs.solution(recs.trained_group().arn))
    campaign = recs.create_campaign(version, tags=[{"tagKey": "team", "tagValue": "recs"}])
    assert recs.client.list_tags_for_resource(resourceArn=campaign)["tags"] == [{"tagKey": "team", "tagValue": "recs"}]


def test_the_campaign_quota_is_per_dataset_group(recs: Recs, emu: Emulator) -> None:
    """limits.html: "Total number of active campaigns" per dataset group, 5 (adjustable)."""
    emu.set_quotas(campaigns=1)
    version = recs.version(recs.solution(recs.trained_group().arn))
    recs.create_campaign(version)
    assert code_of(lambda: recs.create_campaign(version)) == "LimitExceededException"
