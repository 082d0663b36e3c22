"""The rules of solution versions (CreateSolutionVersion ... StopSolutionVersionCreation), and the model a version
learned; see docs/emulator.md, "Fidelity ledger"."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

from . import clock
from .exceptions import InvalidInputException, ResourceInUseException
from .operations import mutation, new_lifecycle
from .recommending import Solution, SolutionVersion
from .solutions import SolutionOperations
from .status import ACTIVE
from .store import STORE
from .tags import merge_tags
from .training import RECIPES, Model, minimum_failure, of_event_type, train

__all__ = ["VersionOperations", "trained_model"]

# CreateSolutionVersion, trainingMode: "The UPDATE option can only be used when ... the input solution was trained
# with the User-Personalization recipe or the legacy HRNN-Coldstart recipe" (the emulator has no HRNN recipes).
_UPDATABLE_RECIPES = frozenset({"aws-user-personalization"})


@dataclass(frozen=True)
class _Training:
    """What determines a version's model: recomputed, never stored (the events are in the events file)."""

    version_arn: str
    trained_at: float
    recipe_arn: str
    event_type: str | None
    dataset_arn: str
    data_since: float


@functools.lru_cache(maxsize=64)
def _model(training: _Training) -> Model:
    interactions = STORE.index.interactions(training.dataset_arn, training.data_since, training.trained_at)
    return train(RECIPES[training.recipe_arn], interactions, training.event_type)


def trained_model(version: SolutionVersion) -> Model:
    """The model an ACTIVE version learned from its training data, trained once and kept in memory."""
    return _model(
        _Training(
            version.arn,
            version.trained_at,
            version.recipe_arn,
            version.event_type,
            version.interactions_dataset_arn,
            version.data_since,
        )
    )


class VersionOperations(SolutionOperations):
    """Solutions (``solutions``) and their versions in one account and region."""

    # -- solution versions ------------------------------------------------------------------------

    @mutation
    def create_solution_version(
        self, solution_arn: str, name: str | None, training_mode: str, tags: list[dict[str, str]]
    ) -> SolutionVersion:
        """A version trained on the Interactions its group has now; too few of them and it ends CREATE FAILED
        with the reason ("Amazon Personalize endpoints and quotas": the training minimums)."""
        solution = self.describe_solution(solution_arn)
        now = clock.now()
        if solution.status(now) != ACTIVE:
            raise ResourceInUseException(
                f"Solution {solution_arn} is in status {solution.status(now)}; it must be ACTIVE to be trained."
            )
        self._check_training_mode(solution, training_mode, now)
        dataset = self._interactions_of(self.inventory.dataset_group(solution.dataset_group_arn))
        interactions = STORE.index.interactions(dataset.arn, dataset.lifecycle.created_at, now)
        failure = minimum_failure(of_event_type(interactions, solution.event_type))
        lifecycle = new_lifecycle("solution-version", STORE.settings.train_seconds)
        lifecycle.fails = failure is not None
        version_id = self._new_version_id(solution_arn)
        version = SolutionVersion(
            arn=f"{solution_arn}/{version_id}",
            name=name or version_id,
            account_id=self.account_id,
            region=self.region_name,
            lifecycle=lifecycle,
            tags=merge_tags({}, tags),
            solution_arn=solution_arn,
            dataset_group_arn=solution.dataset_group_arn,
            recipe_arn=solution.recipe_arn,
            event_type=solution.event_type,
            training_mode=training_mode,
            perform_auto_ml=solution.perform_auto_ml,
            perform_hpo=solution.perform_hpo,
            solution_config=solution.settings_at(now)[1],
            interactions_dataset_arn=dataset.arn,
            data_since=dataset.lifecycle.created_at,
            failure_reason=failure,
        )
        self.inventory.add(version, now)
        return version

    def describe_solution_version(self, arn: str) -> SolutionVersion:
        self._sweep()
        return self.inventory.solution_version(arn)

    def list_solution_versions(self, solution_arn: str | None) -> list[SolutionVersion]:
        """ListSolutionVersions models ResourceNotFoundException: an unknown solution is not found."""
        self._sweep()
        if solution_arn is not None:
            self.inventory.solution(solution_arn)
        return self.inventory.versions_of(solution_arn)

    @mutation
    def stop_solution_version_creation(self, arn: str) -> None:
        """StopSolutionVersionCreation: "Stops creating a solution version that is in a state of CREATE_PENDING
        or CREATE IN_PROGRESS"; any other is ResourceInUseException (chosen)."""
        version = self.describe_solution_version(arn)
        now = clock.now()
        if not version.stoppable(now):
            raise ResourceInUseException(
                f"Solution version {arn} is in status {version.status(now)}: only a CREATE PENDING or CREATE "
                "IN_PROGRESS version can be stopped."
            )
        version.stop_requested_at = now

    # -- shared -----------------------------------------------------------------------------------

    def _check_training_mode(self, solution: Solution, training_mode: str, now: float) -> None:
        """CreateSolutionVersion, trainingMode: "The UPDATE option can only be used when you already have an
        active solution version created from the input solution using the FULL option" and a User-Personalization
        recipe. AUTOTRAIN marks the versions automatic training creates (chosen: a caller cannot ask for it)."""
        if training_mode == "AUTOTRAIN":
            raise InvalidInputException("trainingMode AUTOTRAIN is for automatic training; ask for FULL or UPDATE.")
        if training_mode != "UPDATE":
            return
        recipe = RECIPES[solution.recipe_arn]
        if recipe.name not in _UPDATABLE_RECIPES:
            raise InvalidInputException(
                f"trainingMode UPDATE needs a solution of the User-Personalization recipe; {solution.arn} uses "
                f"{recipe.name}."
            )
        versions = self.inventory.versions_of(solution.arn)
        if not any(v.training_mode == "FULL" and v.status(now) == ACTIVE for v in versions):
            raise InvalidInputException(
                f"trainingMode UPDATE needs an ACTIVE version of {solution.arn} trained with trainingMode FULL."
            )

    def _new_version_id(self, solution_arn: str) -> str:
        """A generated 8-hex id after the solution's ARN, as AWS names versions (`solution/<name>/<id>`)."""
        while f"{solution_arn}/{(version_id := secrets.token_hex(4))}" in self.inventory.solution_versions:
            pass
        return version_id
