"""Amazon Personalize resources for Pulumi, as Python dynamic resources.

    import pulumi_personalize as personalize

    group = personalize.DatasetGroup("events")
    schema = personalize.Schema("interactions", schema=INTERACTIONS_AVRO)
    dataset = personalize.Dataset("interactions", dataset_group_arn=group.dataset_group_arn,
                                  dataset_type="Interactions", schema_arn=schema.schema_arn)
    tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn)

Importing this package never imports moto: the emulator lives in `pulumi_personalize.emulator`.
The version has one source, pyproject.toml; `__version__` reads it from the installed package's metadata.
"""

from importlib.metadata import version

from ._errors import PersonalizeError
from .dataset import Dataset
from .dataset_group import DatasetGroup
from .event_tracker import EventTracker
from .schema import Schema

__version__ = version("pulumi-personalize")

__all__ = ["Dataset", "DatasetGroup", "EventTracker", "PersonalizeError", "Schema", "__version__"]
