"""Amazon Personalize resources for Pulumi, as Python dynamic resources.

    import pulumi_personalize as personalize

    group = personalize.DatasetGroup("events")
    schema = personalize.Schema("interactions", schema=INTERACTIONS_AVRO)
    interactions = personalize.Dataset("interactions", dataset_group_arn=group.dataset_group_arn,
                                       dataset_type="Interactions", schema_arn=schema.schema_arn)
    # the Interactions dataset's output: Personalize deletes that dataset only after its group's tracker
    tracker = personalize.EventTracker("clicks", dataset_group_arn=interactions.dataset_group_arn)

Automation API code cannot catch `PersonalizeError` (it is raised in the provider process, and the caller gets
the CLI's `CommandError`): `pulumi_personalize.automation.personalize_errors(error)` reads our errors out of it.
Importing this package never imports moto: the emulator lives in `pulumi_personalize.emulator`.
The version has one source, pyproject.toml; `__version__` reads it from the installed package's metadata.
The names load on first use (`__getattr__`), so importing the package costs nothing until then.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .aws.errors import PersonalizeError
    from .campaign import Campaign
    from .dataset import Dataset
    from .dataset_group import DatasetGroup
    from .event_tracker import EventTracker
    from .recommendation_filter import Filter
    from .schema import Schema
    from .solution import Solution
    from .solution_version import SolutionVersion

# Loaded on first use: the native plugin imports this package too, and must listen within 0.25 s of its start.
_EXPORTS = {
    "Campaign": ".campaign",
    "Dataset": ".dataset",
    "DatasetGroup": ".dataset_group",
    "EventTracker": ".event_tracker",
    "Filter": ".recommendation_filter",
    "PersonalizeError": ".aws.errors",
    "Schema": ".schema",
    "Solution": ".solution",
    "SolutionVersion": ".solution_version",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("pulumi-personalize")
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Campaign",
    "Dataset",
    "DatasetGroup",
    "EventTracker",
    "Filter",
    "PersonalizeError",
    "Schema",
    "Solution",
    "SolutionVersion",
    "__version__",
]
