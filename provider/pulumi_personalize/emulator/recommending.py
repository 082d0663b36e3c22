"""Solutions, solution versions, campaigns and filters: their wire members, ground-truth records and stored
state (see ``resources``); their rules are in ``solutions`` and ``campaigns``.

A solution and a campaign have the status machine of the other resources, and each keeps its latest
update in place (UpdateSolution, UpdateCampaign) as a :class:`~.status.Update`. A solution version trains
for the configured training time and can be stopped (StopSolutionVersionCreation); it has no deletion
of its own: it goes with its solution (DeleteSolution: "Deletes all versions of a solution and the
Solution object itself").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pulumi_personalize.resources.filter_expression import FilterExpression, parse

from .resources import Kind, Resource, datetime_of
from .status import ACTIVE, CREATE_FAILED, CREATE_IN_PROGRESS, CREATE_PENDING, TRANSITION_KEYS, Steps, Update

__all__ = [
    "CREATE_STOPPED",
    "CREATE_STOPPING",
    "Campaign",
    "CampaignUpdate",
    "Deployment",
    "Filter",
    "Solution",
    "SolutionUpdate",
    "SolutionVersion",
]

# The SolutionVersion data type, status: "CREATE STOPPING", "CREATE STOPPED" (StopSolutionVersionCreation
# spells them with underscores; the data type's spelling is the one Describe answers).
CREATE_STOPPING = "CREATE STOPPING"
CREATE_STOPPED = "CREATE STOPPED"


def _under_way(update: Update | None, now: float) -> str | None:
    return f"its update is {update.status(now)}" if update is not None and not update.done(now) else None


def _update_wire(update: Update, now: float) -> dict[str, Any]:
    return {
        "status": update.status(now),
        "creationDateTime": datetime_of(update.requested_at),
        "lastUpdatedDateTime": datetime_of(update.last_updated(now)),
    }


@dataclass(kw_only=True)
class SolutionUpdate(Update):
    """One UpdateSolution: the automatic training switch and the solutionUpdateConfig it sets."""

    perform_auto_training: bool
    update_config: dict[str, Any]

    def wire(self, now: float) -> dict[str, Any]:
        return {
            **_update_wire(self, now),
            "performAutoTraining": self.perform_auto_training,
            "solutionUpdateConfig": self.update_config,
        }


@dataclass(kw_only=True)
class Solution(Resource):
    KIND: ClassVar[Kind] = "solution"

    dataset_group_arn: str
    recipe_arn: str  # the recipe trained with: the request's, or the one AutoML picks
    perform_auto_ml: bool = False
    perform_hpo: bool = False
    # "The default is True and the solution automatically creates new solution versions every 7 days."
    perform_auto_training: bool = True
    event_type: str | None = None
    solution_config: dict[str, Any] = field(default_factory=dict)  # before the latest update, if there is one
    latest_update: SolutionUpdate | None = None

    def settings_at(self, now: float) -> tuple[bool, dict[str, Any]]:
        """performAutoTraining and solutionConfig: the latest update's once it is done."""
        update = self.latest_update
        if update is None or not update.done(now):
            return self.perform_auto_training, self.solution_config
        return update.perform_auto_training, {**self.solution_config, **update.update_config}

    def start_update(self, update: SolutionUpdate, now: float) -> None:
        self.perform_auto_training, self.solution_config = self.settings_at(now)
        self.latest_update = update

    def busy(self, now: float) -> str | None:
        """Developer guide, "Requirements for deleting Amazon Personalize resources": a resource whose status
        is changing cannot be deleted, "This includes the latestSolutionUpdate status for a solution"."""
        return _under_way(self.latest_update, now)

    def last_updated(self, now: float) -> float:
        update = self.latest_update
        return max(super().last_updated(now), update.last_updated(now) if update else 0.0)

    def wire(self, now: float) -> dict[str, Any]:
        """The Solution shape but latestSolutionVersion, which the versions give (``solutions``)."""
        auto_training, config = self.settings_at(now)
        return {
            **super().wire(now),
            "solutionArn": self.arn,
            "datasetGroupArn": self.dataset_group_arn,
            "recipeArn": self.recipe_arn,
            "performAutoML": self.perform_auto_ml,
            "performHPO": self.perform_hpo,
            "performAutoTraining": auto_training,
            "eventType": self.event_type,
            "solutionConfig": config or None,
            "autoMLResult": {"bestRecipeArn": self.recipe_arn} if self.perform_auto_ml else None,
            "latestSolutionUpdate": self.latest_update.wire(now) if self.latest_update else None,
        }

    def record(self, now: float) -> dict[str, Any]:
        return {**super().record(now), "datasetGroupArn": self.dataset_group_arn, "trackingId": None}


@dataclass(kw_only=True)
class SolutionVersion(Resource):
    """A trained model. Its training data is the Interactions its dataset group's Interactions dataset had
    at the version's creation (``interactions_dataset_arn``, from ``data_since``, its creation, to the
    version's); what training learns is recomputed from them (``serving``), never stored."""

    KIND: ClassVar[Kind] = "solution-version"
    STATUS_KEYS: ClassVar[dict[str | None, str]] = {
        **TRANSITION_KEYS,
        CREATE_STOPPING: "stoppingAt",
        CREATE_STOPPED: "stoppedAt",
    }

    solution_arn: str
    dataset_group_arn: str
    recipe_arn: str
    event_type: str | None
    training_mode: str
    perform_auto_ml: bool
    perform_hpo: bool
    solution_config: dict[str, Any]
    interactions_dataset_arn: str
    data_since: float
    failure_reason: str | None = None
    stop_requested_at: float | None = None

    @property
    def trained_at(self) -> float:
        """The end of the training window: what came later is not in the model."""
        return self.lifecycle.created_at

    def steps(self) -> Steps:
        """Training (stopped or not), then gone with the solution: the data type lists no deletion status."""
        return self._training() + self.lifecycle.deletion()[-1:]

    def _training(self) -> Steps:
        """StopSolutionVersionCreation: "CREATE_PENDING > CREATE_STOPPED or CREATE_IN_PROGRESS >
        CREATE_STOPPING > CREATE_STOPPED"; stopping lasts until training would have ended (chosen)."""
        created, stop = self.lifecycle.creation(), self.stop_requested_at
        if stop is None:
            return created
        before = [step for step in created if step[0] <= stop]
        if before[-1][1] == CREATE_PENDING:
            return [*before, (stop, CREATE_STOPPED)]
        return [*before, (stop, CREATE_STOPPING), (created[-1][0], CREATE_STOPPED)]

    def stoppable(self, now: float) -> bool:
        return self.stop_requested_at is None and self.status(now) in (CREATE_PENDING, CREATE_IN_PROGRESS)

    def training(self, now: float) -> bool:
        """Whether the version's status is changing: it keeps its solution (DeleteSolution: "You can't delete a
        solution if an associated SolutionVersion is in the CREATE PENDING or IN PROGRESS state") and the datasets
        it trains on (DeleteDataset); CREATE STOPPING is changing too (inferred)."""
        return self.status(now) in (CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_STOPPING)

    def visible_failure_reason(self, now: float) -> str | None:
        return self.failure_reason if self.status(now) == CREATE_FAILED else None

    def training_hours(self, now: float) -> float | None:
        """ "This field is visible only after Amazon Personalize successfully trains a model" (the model);
        the training time the emulator took."""
        return self.lifecycle.create_seconds / 3600 if self.status(now) == ACTIVE else None

    def summary(self, now: float) -> dict[str, Any]:
        """The SolutionVersionSummary shape (ListSolutionVersions, a solution's latestSolutionVersion)."""
        return {
            "solutionVersionArn": self.arn,
            "status": self.status(now),
            "trainingMode": self.training_mode,
            "trainingType": "MANUAL",
            "creationDateTime": datetime_of(self.lifecycle.created_at),
            "lastUpdatedDateTime": datetime_of(self.last_updated(now)),
            "failureReason": self.visible_failure_reason(now),
        }

    def wire(self, now: float) -> dict[str, Any]:
        return {
            **super().wire(now),
            **self.summary(now),
            "solutionArn": self.solution_arn,
            "datasetGroupArn": self.dataset_group_arn,
            "recipeArn": self.recipe_arn,
            "eventType": self.event_type,
            "performAutoML": self.perform_auto_ml,
            "performHPO": self.perform_hpo,
            "solutionConfig": self.solution_config or None,
            "trainingHours": self.training_hours(now),
        }

    def record(self, now: float) -> dict[str, Any]:
        return {
            **super().record(now),
            "datasetGroupArn": self.dataset_group_arn,
            "trackingId": None,
            "solutionArn": self.solution_arn,
            "failureReason": self.visible_failure_reason(now),
        }


@dataclass
class Deployment:
    """What a campaign deploys: a solution version, its minimum TPS and its configuration."""

    solution_version_arn: str
    min_provisioned_tps: int
    campaign_config: dict[str, Any]

    def wire(self) -> dict[str, Any]:
        return {
            "solutionVersionArn": self.solution_version_arn,
            "minProvisionedTPS": self.min_provisioned_tps,
            "campaignConfig": self.campaign_config or None,
        }


@dataclass(kw_only=True)
class CampaignUpdate(Update):
    """One UpdateCampaign: the deployment it asks for, members not given taken from the campaign's."""

    deployment: Deployment

    def wire(self, now: float) -> dict[str, Any]:
        return {**_update_wire(self, now), **self.deployment.wire()}


@dataclass(kw_only=True)
class Campaign(Resource):
    KIND: ClassVar[Kind] = "campaign"

    dataset_group_arn: str
    solution_arn: str
    # The deployment before the latest update, if there is one (UpdateCampaign: "The campaign will use the
    # previous solution version and campaign configuration ... until the latest campaign update status is
    # Active").
    deployment: Deployment
    latest_update: CampaignUpdate | None = None

    def deployed(self, now: float) -> Deployment:
        """What the campaign serves now: its deployment, or the latest update's once that is done."""
        update = self.latest_update
        return update.deployment if update is not None and update.done(now) else self.deployment

    def start_update(self, update: CampaignUpdate, now: float) -> None:
        self.deployment = self.deployed(now)
        self.latest_update = update

    def solutions(self, now: float) -> set[str]:
        """The solutions whose versions the campaign deploys now, an unfinished update's included: an update may
        deploy another solution's version (UpdateCampaign documents no restriction; the SDKs' summary: "deploying
        a new solution")."""
        update = self.latest_update
        deployments = [
            self.deployed(now),
            *([update.deployment] if update is not None and not update.done(now) else []),
        ]
        return {deployment.solution_version_arn.rsplit("/", 1)[0] for deployment in deployments}

    def busy(self, now: float) -> str | None:
        return _under_way(self.latest_update, now)

    def last_updated(self, now: float) -> float:
        update = self.latest_update
        return max(super().last_updated(now), update.last_updated(now) if update else 0.0)

    def wire(self, now: float) -> dict[str, Any]:
        return {
            **super().wire(now),
            **self.deployed(now).wire(),
            "campaignArn": self.arn,
            "latestCampaignUpdate": self.latest_update.wire(now) if self.latest_update else None,
        }

    def record(self, now: float) -> dict[str, Any]:
        return {
            **super().record(now),
            "datasetGroupArn": self.dataset_group_arn,
            "trackingId": None,
            "solutionArn": self.solution_arn,
            "solutionVersionArn": self.deployed(now).solution_version_arn,
        }


@functools.lru_cache(maxsize=256)
def _parsed(expression: str) -> FilterExpression:
    return parse(expression)


@dataclass(kw_only=True)
class Filter(Resource):
    KIND: ClassVar[Kind] = "filter"

    dataset_group_arn: str
    filter_expression: str

    def parsed(self) -> FilterExpression:
        return _parsed(self.filter_expression)

    def wire(self, now: float) -> dict[str, Any]:
        return {
            **super().wire(now),
            "filterArn": self.arn,
            "datasetGroupArn": self.dataset_group_arn,
            "filterExpression": self.filter_expression,
        }

    def record(self, now: float) -> dict[str, Any]:
        return {**super().record(now), "datasetGroupArn": self.dataset_group_arn, "trackingId": None}
