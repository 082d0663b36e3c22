"""Filter: an Amazon Personalize filter (`filterArn` of GetRecommendations); any change replaces it."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi

from .dynamic.provider import PersonalizeProvider
from .dynamic.resource import PersonalizeResource, given
from .resources.recommendation_filter import FILTER


class FilterProvider(PersonalizeProvider):
    kind = FILTER


class Filter(PersonalizeResource, module="personalize", name="Filter"):
    """A filter of a dataset group's recommendations. Its expression is checked during preview with the
    documented grammar; any change replaces it (Personalize has no UpdateFilter); tags change in place.
    """

    kind = FILTER
    dataset_group_arn: pulumi.Output[str]
    filter_expression: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        dataset_group_arn: pulumi.Input[str],
        filter_expression: pulumi.Input[str],
        name: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(FilterProvider(), resource_name, given(FILTER, locals()), opts)

    @property
    def filter_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
