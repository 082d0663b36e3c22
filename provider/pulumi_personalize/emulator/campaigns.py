"""The rules of campaigns (CreateCampaign ... UpdateCampaign); see docs/emulator.md, "Fidelity ledger"."""

from __future__ import annotations

from typing import Any

from . import clock
from .exceptions import (
    InvalidInputException,
    LimitExceededException,
    ResourceAlreadyExistsException,
    ResourceInUseException,
)
from .operations import BackendCore, mutation, new_lifecycle, start_deletion
from .recommending import Campaign, CampaignUpdate, Deployment, SolutionVersion
from .status import ACTIVE, CREATE_FAILED
from .store import STORE
from .tags import merge_tags

__all__ = ["CampaignOperations"]

# CreateCampaign, solutionVersionArn: "To specify the latest solution version of your solution, specify the ARN of
# your solution in SolutionArn/$LATEST format."
_LATEST = "/$LATEST"


class CampaignOperations(BackendCore):
    """Campaigns of one account and region."""

    # -- campaigns --------------------------------------------------------------------------------

    @mutation
    def create_campaign(
        self,
        name: str,
        solution_version_arn: str,
        min_provisioned_tps: int | None,
        campaign_config: dict[str, Any] | None,
        tags: list[dict[str, str]],
    ) -> Campaign:
        arn = self._arn(f"campaign/{name}")
        self._sweep()
        if arn in self.inventory.campaigns:
            raise ResourceAlreadyExistsException(f"Campaign with ARN {arn} already exists.")
        config = campaign_config or {}
        version = self._deployable(solution_version_arn, config)
        quota = STORE.settings.quotas.campaigns
        if len(self.inventory.campaigns_of_group(version.dataset_group_arn)) >= quota:
            raise LimitExceededException(
                f"Dataset group {version.dataset_group_arn} has {quota} campaigns, its quota; delete one or request a "
                "quota increase."
            )
        campaign = Campaign(
            arn=arn,
            name=name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=new_lifecycle("campaign"),
            tags=merge_tags({}, tags),
            dataset_group_arn=version.dataset_group_arn,
            solution_arn=version.solution_arn,
            # CreateCampaign: "The default minProvisionedTPS is 1."
            deployment=Deployment(version.arn, min_provisioned_tps or 1, config),
        )
        self.inventory.add(campaign, campaign.lifecycle.created_at)
        return campaign

    def describe_campaign(self, arn: str) -> Campaign:
        self._sweep()
        return self.inventory.campaign(arn)

    def list_campaigns(self, solution_arn: str | None) -> list[Campaign]:
        self._sweep()
        return self.inventory.campaigns_of(solution_arn, clock.now())

    @mutation
    def delete_campaign(self, arn: str) -> None:
        start_deletion(self.describe_campaign(arn))

    @mutation
    def update_campaign(
        self,
        arn: str,
        solution_version_arn: str | None,
        min_provisioned_tps: int | None,
        campaign_config: dict[str, Any] | None,
    ) -> Campaign:
        """UpdateCampaign: "the campaign status must be ACTIVE or CREATE FAILED"; the campaign serves its
        deployment until the update is ACTIVE. One update at a time: a resource "whose status is changing" is in
        use ("Requirements for deleting Amazon Personalize resources"; chosen for updates)."""
        campaign = self.describe_campaign(arn)
        now = clock.now()
        status, busy = campaign.status(now), campaign.busy(now)
        if status not in (ACTIVE, CREATE_FAILED) or busy:
            raise ResourceInUseException(
                f"Campaign {arn} is in status {status}{f' and {busy}' if busy else ''}; it must be ACTIVE or CREATE "
                "FAILED, with no update under way."
            )
        current = campaign.deployed(now)
        config = current.campaign_config if campaign_config is None else campaign_config
        version = self._deployable(solution_version_arn or current.solution_version_arn, config)
        deployment = Deployment(version.arn, min_provisioned_tps or current.min_provisioned_tps, config)
        campaign.start_update(
            CampaignUpdate(requested_at=now, seconds=STORE.settings.create_seconds, deployment=deployment), now
        )
        return campaign

    def _deployable(self, solution_version_arn: str, config: dict[str, Any]) -> SolutionVersion:
        """The ACTIVE version a campaign can deploy: the one named, or its solution's latest ACTIVE one for
        ``<solution ARN>/$LATEST``. CampaignConfig, syncWithLatestSolutionVersion: "If you specify True, you must
        specify the ARN of your solution for the SolutionVersionArn parameter. It must be in SolutionArn/$LATEST
        format."."""
        latest = solution_version_arn.endswith(_LATEST)
        if config.get("syncWithLatestSolutionVersion") and not latest:
            raise InvalidInputException(
                f"syncWithLatestSolutionVersion needs solutionVersionArn in SolutionArn{_LATEST} format, not "
                f"{solution_version_arn}."
            )
        now = clock.now()
        if latest:
            solution = self.inventory.solution(solution_version_arn.removesuffix(_LATEST))
            active = [v for v in self.inventory.versions_of(solution.arn) if v.status(now) == ACTIVE]
            if not active:
                raise ResourceInUseException(f"Solution {solution.arn} has no ACTIVE solution version to deploy.")
            return active[-1]
        version = self.inventory.solution_version(solution_version_arn)
        if version.status(now) != ACTIVE:
            raise ResourceInUseException(
                f"Solution version {version.arn} is in status {version.status(now)}; only an ACTIVE one can be "
                "deployed (CreateSolutionVersion: wait until it is ACTIVE before calling CreateCampaign)."
            )
        return version
