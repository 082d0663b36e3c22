"""EventTracker: an Amazon Personalize event tracker, whose tracking ID feeds PutEvents."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi

from .dynamic.provider import PersonalizeProvider
from .dynamic.resource import PersonalizeResource, given
from .resources.event_tracker import EVENT_TRACKER


class EventTrackerProvider(PersonalizeProvider):
    kind = EVENT_TRACKER


class EventTracker(PersonalizeResource, module="personalize", name="EventTracker"):
    """An Amazon Personalize event tracker. Its `tracking_id` is what PutEvents needs.

    Create waits until the tracker is ACTIVE; delete waits until it is gone, so its dataset group can be
    deleted right after. Changing `name`, `dataset_group_arn` or `region` replaces it (delete first: a
    dataset group holds one tracker); tags change in place.
    """

    kind = EVENT_TRACKER
    tracking_id: pulumi.Output[str]
    dataset_group_arn: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        dataset_group_arn: pulumi.Input[str],
        name: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        arguments = given(EVENT_TRACKER, locals())
        super().__init__(EventTrackerProvider(), resource_name, arguments, opts)

    @property
    def event_tracker_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
