"""Campaign: an Amazon Personalize campaign, the endpoint an app asks for recommendations (GetRecommendations).

UpdateCampaign changes its solution version, minimum provisioned TPS and configuration in place (API reference,
UpdateCampaign): a retrained version reaches the app under the same campaign ARN, with no config to change.
Only a new name (or region) replaces it, as CloudFormation's only createOnly property is Name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..aws.api import call, listed
from ..aws.settings import AwsTarget
from ..lifecycle.find import Described
from ..lifecycle.waiters import wait_updated
from . import validation as validate
from .aws_shapes import structure
from .declare import rule
from .kind import CommonArgs, CommonState, Existing, ResourceKind
from .solution_version import solution_of_version, solution_region

# Developer guide, "Creating a campaign": a campaign takes minutes to be ACTIVE; an update as long.
CAMPAIGN_SECONDS = {"create": 60 * 60.0, "update": 60 * 60.0, "delete": 30 * 60.0}
IN_PLACE = ("solutionVersionArn", "minProvisionedTPS", "campaignConfig")


@dataclass(frozen=True)
class CampaignArgs(CommonArgs):
    """A campaign's inputs.

    Attributes:
        solution_version_arn: The trained solution version the campaign serves; changed in place (UpdateCampaign),
            so a retrain moves the campaign to the new version under the same ARN.
        min_provisioned_tps: The requests per second Personalize keeps provisioned (and bills) at least; 1 unless
            set. Changed in place.
        campaign_config: The campaign's configuration, as AWS's `CampaignConfig` (camelCase members, such as
            `itemExplorationConfig` or `syncWithLatestSolutionVersion`). Changed in place.
    """

    solution_version_arn: str | None = field(
        default=None, metadata=rule(create=True, required=True, validator=validate.solution_version_arn)
    )
    min_provisioned_tps: int | None = field(
        default=None, metadata=rule(create=True, validator=validate.provisioned_tps, default=1)
    )
    campaign_config: dict[str, Any] | None = field(
        default=None, metadata=rule(create=True, validator=structure("CampaignConfig"))
    )


@dataclass(frozen=True)
class CampaignState(CommonState):
    """What Personalize tells of a campaign.

    Attributes:
        campaign_arn: The campaign's ARN (the resource id): what an app passes to GetRecommendations.
        failure_reason: Why the campaign's creation failed, when its status is CREATE FAILED.
    """

    campaign_arn: str | None = None
    failure_reason: str | None = None


def _campaign_named(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The campaign of the requested name among the solution's (names are unique per account and region)."""
    version = getattr(args, "solution_version_arn", None)
    for campaign in listed(target, "ListCampaigns", "campaigns", solutionArn=solution_of_version(str(version))):
        if campaign["name"] == args.name:
            return Existing(campaign["campaignArn"], campaign["name"], campaign["status"])
    return None


def _update(target: AwsTarget, arn: str, olds: CommonArgs, news: CommonArgs) -> None:
    """UpdateCampaign with the new version, TPS and config, then wait until its latest update is ACTIVE (the
    campaign serves the old version until then: API reference, UpdateCampaign)."""
    old, new = _parameters(olds), _parameters(news)
    if old == new:
        return
    call(target, "UpdateCampaign", campaignArn=arn, **new)

    def failed(described: Described) -> str:
        serving = described.get("solutionVersionArn")
        return f"The campaign still serves {serving}. Fix the inputs, then run `pulumi up` again."

    wait_updated(target, CAMPAIGN, arn, f"campaign {news.name}", news.seconds("update"), failed)


def _parameters(args: CommonArgs) -> dict[str, Any]:
    values = {
        "solutionVersionArn": getattr(args, "solution_version_arn", None),
        "minProvisionedTPS": getattr(args, "min_provisioned_tps", None),
        "campaignConfig": getattr(args, "campaign_config", None),
    }
    return {key: _canonical(key, value) for key, value in values.items() if value is not None}


def _canonical(key: str, value: Any) -> Any:
    """A whole number for the TPS: numbers reach a provider as floats, and the API takes an integer."""
    return int(value) if key in ("minProvisionedTps", "minProvisionedTPS") and isinstance(value, float) else value


CAMPAIGN = ResourceKind(
    label="campaign",
    type_name="Campaign",
    args=CampaignArgs,
    state=CampaignState,
    arn_key="campaignArn",
    describe_member="campaign",
    find_existing=_campaign_named,
    implied_region=solution_region("solutionVersionArn"),
    region_from=("solutionVersionArn",),
    canonical=_canonical,
    update=_update,
    default_seconds=CAMPAIGN_SECONDS,
    poll_cap=1.0,
)
