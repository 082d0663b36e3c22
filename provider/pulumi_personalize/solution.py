"""Solution: an Amazon Personalize solution, the recipe and training settings its solution versions are trained with.

Personalize changes a solution in place only through UpdateSolution: automatic training on or off, and the
`autoTrainingConfig` and `eventsConfig` of its configuration. Every other input replaces it (delete first), which
deletes its solution versions with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from .dynamic.provider import PersonalizeProvider
from .dynamic.resource import PersonalizeResource, given
from .resources.solution import SOLUTION


class SolutionProvider(PersonalizeProvider):
    kind = SOLUTION


class Solution(PersonalizeResource, module="personalize", name="Solution"):
    """An Amazon Personalize solution: what a `SolutionVersion` trains.

    Create waits until it is ACTIVE. `perform_auto_training` and the `autoTrainingConfig`/`eventsConfig` parts of
    `solution_config` change in place (UpdateSolution); any other change replaces it. Left unset,
    `perform_auto_training` is AWS's default (true: a new version every 7 days, billed); set it to false to train
    only when the program says so. A solution is not deleted while a campaign serves one of its versions.
    """

    kind = SOLUTION
    dataset_group_arn: pulumi.Output[str]
    recipe_arn: pulumi.Output[str | None]
    perform_auto_training: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        dataset_group_arn: pulumi.Input[str],
        recipe_arn: pulumi.Input[str] | None = None,
        perform_auto_ml: pulumi.Input[bool] = False,
        perform_hpo: pulumi.Input[bool] = False,
        perform_auto_training: pulumi.Input[bool] | None = None,
        event_type: pulumi.Input[str] | None = None,
        solution_config: pulumi.Input[Mapping[str, Any]] | None = None,
        name: pulumi.Input[str] | None = None,
        tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(SolutionProvider(), resource_name, given(SOLUTION, locals()), opts)

    @property
    def solution_arn(self) -> pulumi.Output[str]:
        """The ARN, which is the resource id (known during the preview of an update, unlike the outputs)."""
        return self.id
