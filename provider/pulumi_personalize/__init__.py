"""Amazon Personalize resources for Pulumi, as Python dynamic resources.

    import pulumi_personalize as personalize

    group = personalize.DatasetGroup("events")
    tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn)

Importing this package never imports moto: the emulator lives in `pulumi_personalize.emulator`.
"""

from ._errors import PersonalizeError
from .dataset_group import DatasetGroup
from .event_tracker import EventTracker

__all__ = ["DatasetGroup", "EventTracker", "PersonalizeError"]
