"""Amazon Personalize resources for Pulumi, as Python dynamic resources.

    import pulumi_personalize as personalize

    group = personalize.DatasetGroup("events")
    tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn)

Importing this package never imports moto: the emulator lives in `pulumi_personalize.emulator`.
The version has one source, pyproject.toml; `__version__` reads it from the installed package's metadata.
"""

from importlib.metadata import version

from ._errors import PersonalizeError
from .dataset_group import DatasetGroup
from .event_tracker import EventTracker

__version__ = version("pulumi-personalize")

__all__ = ["DatasetGroup", "EventTracker", "PersonalizeError", "__version__"]
