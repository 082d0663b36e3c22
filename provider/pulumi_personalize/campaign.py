"""Campaign: an Amazon Personalize campaign, the endpoint an app asks for recommendations (GetRecommendations).

Its solution version, minimum TPS and configuration change in place (UpdateCampaign): a retrain reaches the app
under the same campaign ARN.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from .dynamic.provider import PersonalizeProvider
from .dynamic.resource import PersonalizeResource, given
from .resources.campaign import CAMPAIGN


class CampaignProvider(PersonalizeProvider):
    kind = CAMPAIGN


class Campaign(PersonalizeResource, module="personalize", name="Campaign"):
    """A campaign serving a solution version. Create waits until it is ACTIVE; an update (a new version, TPS or
    config) waits until the campaign's latest update is ACTIVE, the campaign serving the old version meanwhile.
    Changing `name` or `region` replaces it; tags change in place.
    """

    kind = CAMPAIGN
    solution_version_arn: pulumi.Output[str]
    min_provisioned_tps: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        solution_version_arn: pulumi.Input[str],
        min_provisioned_tps: pulumi.Input[int] = 1,
        campaign_config: pulumi.Input[Mapping[str, Any]] | None = None,
        name: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(CampaignProvider(), resource_name, given(CAMPAIGN, locals()), opts)

    @property
    def campaign_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
