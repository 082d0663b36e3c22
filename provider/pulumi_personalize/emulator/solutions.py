"""The rules of solutions (CreateSolution ... UpdateSolution); see docs/emulator.md, "Fidelity ledger". Their
versions are in ``versions``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import clock
from .datasets import Dataset
from .exceptions import (
    InvalidInputException,
    LimitExceededException,
    ResourceAlreadyExistsException,
    ResourceInUseException,
    ResourceNotFoundException,
)
from .operations import BackendCore, mutation, new_lifecycle, start_deletion
from .recommending import Solution, SolutionUpdate, SolutionVersion
from .resources import DatasetGroup
from .status import ACTIVE
from .store import STORE
from .tags import merge_tags
from .training import RECIPES, Recipe

__all__ = ["SolutionOperations", "SolutionRequest"]

# CreateSolution, performAutoML: "Amazon Personalize analyzes your training data and selects the optimal
# USER_PERSONALIZATION recipe"; the emulator picks the first of autoMLConfig.recipeList it knows, else this one.
_AUTO_ML_RECIPE = "arn:aws:personalize:::recipe/aws-user-personalization"


@dataclass(frozen=True)
class SolutionRequest:
    """The members of a CreateSolution request the emulator keeps."""

    name: str
    dataset_group_arn: str
    recipe_arn: str | None
    perform_auto_ml: bool
    perform_hpo: bool
    perform_auto_training: bool
    event_type: str | None
    solution_config: dict[str, Any]
    tags: list[dict[str, str]]


class SolutionOperations(BackendCore):
    """Solutions and their versions in one account and region."""

    # -- solutions --------------------------------------------------------------------------------

    @mutation
    def create_solution(self, request: SolutionRequest) -> Solution:
        arn = self._arn(f"solution/{request.name}")
        self._sweep()
        if arn in self.inventory.solutions:
            raise ResourceAlreadyExistsException(f"Solution with ARN {arn} already exists.")
        group = self.inventory.dataset_group(request.dataset_group_arn)
        self._require_active_group(group)
        recipe = _recipe(request)
        self._interactions_of(group)
        quota = STORE.settings.quotas.solutions
        if len(self.inventory.solutions_of(group.arn)) >= quota:
            raise LimitExceededException(
                f"Dataset group {group.arn} has {quota} solutions, its quota; delete one or request a quota increase."
            )
        solution = Solution(
            arn=arn,
            name=request.name,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=new_lifecycle("solution"),
            tags=merge_tags({}, request.tags),
            dataset_group_arn=group.arn,
            recipe_arn=recipe.arn,
            perform_auto_ml=request.perform_auto_ml,
            perform_hpo=request.perform_hpo,
            perform_auto_training=request.perform_auto_training,
            event_type=request.event_type,
            solution_config=request.solution_config,
        )
        self.inventory.add(solution, solution.lifecycle.created_at)
        return solution

    def describe_solution(self, arn: str) -> Solution:
        self._sweep()
        return self.inventory.solution(arn)

    def latest_version(self, solution_arn: str) -> SolutionVersion | None:
        versions = self.inventory.versions_of(solution_arn)
        return versions[-1] if versions else None

    def list_solutions(self, dataset_group_arn: str | None) -> list[Solution]:
        self._sweep()
        return self.inventory.solutions_of(dataset_group_arn)

    @mutation
    def delete_solution(self, arn: str) -> None:
        """Deletes "all versions of a solution and the Solution object itself" (DeleteSolution)."""
        solution = self.describe_solution(arn)
        now = clock.now()
        campaigns = self.inventory.campaigns_of(arn, clock.now())
        if campaigns:
            raise ResourceInUseException(f"Solution {arn} is deployed by campaign {campaigns[0].arn}; delete it first.")
        versions = self.inventory.versions_of(arn)
        training = next((version for version in versions if version.training(now)), None)
        if training is not None:
            raise ResourceInUseException(
                f"Solution {arn} has version {training.arn} in status {training.status(now)}; wait until it ends."
            )
        start_deletion(solution)
        for version in versions:
            version.lifecycle.delete_requested_at = solution.lifecycle.delete_requested_at
            version.lifecycle.delete_seconds = solution.lifecycle.delete_seconds

    @mutation
    def update_solution(self, arn: str, perform_auto_training: bool | None, update_config: dict[str, Any]) -> None:
        """UpdateSolution: "A solution update can be in one of the following states: CREATE PENDING > CREATE
        IN_PROGRESS > ACTIVE -or- CREATE FAILED"; the solution keeps its settings until the update is ACTIVE."""
        solution = self.describe_solution(arn)
        now = clock.now()
        status, busy = solution.status(now), solution.busy(now)
        if status != ACTIVE or busy:
            raise ResourceInUseException(
                f"Solution {arn} is in status {status}{f' and {busy}' if busy else ''}; it must be ACTIVE, with no "
                "update under way."
            )
        current, _ = solution.settings_at(now)
        update = SolutionUpdate(
            requested_at=now,
            seconds=STORE.settings.create_seconds,
            perform_auto_training=current if perform_auto_training is None else perform_auto_training,
            update_config=update_config,
        )
        solution.start_update(update, now)

    # -- shared -----------------------------------------------------------------------------------

    @staticmethod
    def _require_active_group(group: DatasetGroup) -> None:
        status = group.status(clock.now())
        if status != ACTIVE:
            raise ResourceInUseException(f"Dataset group {group.arn} is in status {status}; it must be ACTIVE.")

    def _interactions_of(self, group: DatasetGroup) -> Dataset:
        """The group's ACTIVE Interactions dataset: CreateDataset, "Only the Item interactions dataset is
        required in order to train a model (also referred to as creating a solution)"."""
        dataset = self.inventory.dataset_of_type(group.arn, "Interactions")
        status = dataset.status(clock.now()) if dataset is not None else None
        if dataset is None or status != ACTIVE:
            state = f"its Interactions dataset is {status}" if dataset else "it has no Interactions dataset"
            raise InvalidInputException(
                f"Dataset group {group.arn} cannot train a model: {state}; an ACTIVE one is needed."
            )
        return dataset


def _recipe(request: SolutionRequest) -> Recipe:
    """The recipe a solution trains with. CreateSolution, performAutoML: "When set to true ... you must omit
    recipeArn"; recipeArn: "This is required when performAutoML is false"."""
    if request.perform_auto_ml:
        if request.recipe_arn is not None:
            raise InvalidInputException("recipeArn must be omitted when performAutoML is true.")
        listed = request.solution_config.get("autoMLConfig", {}).get("recipeList", [])
        known = [arn for arn in listed if arn in RECIPES and RECIPES[arn].recipe_type == "USER_PERSONALIZATION"]
        return RECIPES[known[0] if known else _AUTO_ML_RECIPE]
    if request.recipe_arn is None:
        raise InvalidInputException("recipeArn is required when performAutoML is false.")
    if request.recipe_arn not in RECIPES:
        raise ResourceNotFoundException(request.recipe_arn)
    return RECIPES[request.recipe_arn]
