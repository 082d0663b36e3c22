"""SolutionVersion: a trained model of an Amazon Personalize solution; creating one is a training.

Personalize has no API to delete a solution version (it is deleted with its solution), so a delete forgets it.
A retrain is a change of `trigger` (or a new resource name): a new version, trained before the old is forgotten.
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi

from .dynamic.provider import PersonalizeProvider
from .dynamic.resource import PersonalizeResource, given
from .resources.solution_version import SOLUTION_VERSION


class SolutionVersionProvider(PersonalizeProvider):
    kind = SOLUTION_VERSION


class SolutionVersion(PersonalizeResource, module="personalize", name="SolutionVersion"):
    """A solution version: create trains it and waits until it is ACTIVE (12 hours allowed unless
    custom_timeouts say otherwise); a training that ends CREATE FAILED fails `up` with AWS's reason.

    Any input change trains a new version first (a campaign then moves to it in place); change `trigger` to
    retrain. A delete forgets the version: Personalize deletes it with its solution.
    """

    kind = SOLUTION_VERSION
    solution_arn: pulumi.Output[str]
    training_mode: pulumi.Output[str]
    failure_reason: pulumi.Output[str | None]
    training_hours: pulumi.Output[float | None]

    def __init__(
        self,
        resource_name: str,
        solution_arn: pulumi.Input[str],
        training_mode: pulumi.Input[str] = "FULL",
        trigger: pulumi.Input[str] | None = None,
        name: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        arguments = given(
            SOLUTION_VERSION, {"region": None, "adopt_existing": False, **locals()}
        )  # region: its solution's
        super().__init__(SolutionVersionProvider(), resource_name, arguments, opts)

    @property
    def solution_version_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
