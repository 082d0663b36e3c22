"""Solution: an Amazon Personalize solution, the recipe and training settings its solution versions are trained with.

Personalize changes a solution in place only through UpdateSolution: automatic training on or off, and the
`autoTrainingConfig` and `eventsConfig` of its configuration (API reference, UpdateSolution). Every other input
replaces it, the new one first (its autoname changes with those inputs), which deletes the old one's versions
with it; a solution is not deleted while a campaign serves one of its versions, so the campaign moves to the
new solution's version before the old solution goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..aws.api import call, listed
from ..aws.settings import AwsTarget
from ..lifecycle.waiters import wait_updated
from . import validation as validate
from .aws_shapes import structure
from .declare import rule
from .in_group import group_region, in_group
from .kind import DELETING, CommonArgs, CommonState, Existing, Properties, ResourceKind

FIX_INPUTS = "Fix the inputs, then run `pulumi up` again."
# The parts of `solutionConfig` that UpdateSolution's `solutionUpdateConfig` changes in place (API reference).
UPDATABLE_CONFIG = ("autoTrainingConfig", "eventsConfig")


@dataclass(frozen=True)
class SolutionArgs(CommonArgs):
    """A solution's inputs.

    Attributes:
        dataset_group_arn: The dataset group whose data the solution's versions train on. Changing it replaces the
            solution.
        recipe_arn: The recipe, for example `arn:aws:personalize:::recipe/aws-user-personalization-v2`; left out
            only with `perform_auto_ml`. Changing it replaces the solution.
        perform_auto_ml: Let Personalize choose the recipe (deprecated by AWS; leave false). Changing it replaces
            the solution.
        perform_hpo: Tune the recipe's hyperparameters during training. Changing it replaces the solution.
        perform_auto_training: Train a new solution version on a schedule (AWS's default: true, every 7 days,
            which costs training hours); changed in place (UpdateSolution).
        event_type: Train only on interactions of this event type. Changing it replaces the solution.
        solution_config: The solution's configuration, as AWS's `SolutionConfig` (camelCase members). Its
            `autoTrainingConfig` and `eventsConfig` change in place; any other change replaces the solution.
    """

    dataset_group_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.dataset_group_arn)
    )
    recipe_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, validator=validate.recipe_arn)
    )
    perform_auto_ml: bool | None = field(
        default=None, metadata=rule(create=True, replaces=True, validator=validate.boolean, default=False)
    )
    perform_hpo: bool | None = field(
        default=None, metadata=rule(create=True, replaces=True, validator=validate.boolean, default=False)
    )
    perform_auto_training: bool | None = field(default=None, metadata=rule(create=True, validator=validate.boolean))
    event_type: str | None = field(default=None, metadata=rule(create=True, replaces=True, validator=validate.text))
    solution_config: dict[str, Any] | None = field(
        default=None, metadata=rule(create=True, validator=structure("SolutionConfig"))
    )


@dataclass(frozen=True)
class SolutionState(CommonState):
    """What Personalize tells of a solution.

    Attributes:
        solution_arn: The solution's ARN (the resource id).
    """

    solution_arn: str | None = None


def _solution_named(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The group's solution of the requested name (its ARN is made of the name: names are unique per region)."""
    group = getattr(args, "dataset_group_arn", None)
    for solution in listed(target, "ListSolutions", "solutions", datasetGroupArn=group):
        if solution["name"] == args.name:
            return Existing(solution["solutionArn"], solution["name"], solution["status"])
    return None


def campaigns_of(target: AwsTarget, solution_arn: str) -> list[str]:
    """The campaigns serving one of the solution's versions, unless already being deleted."""
    return [
        f"campaign {campaign['name']} ({campaign['campaignArn']}, {campaign['status']})"
        for campaign in listed(target, "ListCampaigns", "campaigns", solutionArn=solution_arn)
        if campaign["status"] not in DELETING
    ]


def _fixed_config(config: Any) -> dict[str, Any]:
    return {key: value for key, value in dict(config or {}).items() if key not in UPDATABLE_CONFIG}


def _replacements(olds: Properties, news: Properties) -> dict[str, str]:
    if _fixed_config(olds.get("solutionConfig")) == _fixed_config(news.get("solutionConfig")):
        return {}
    return {
        "solutionConfig": (
            f"its solutionConfig changes beyond {' and '.join(UPDATABLE_CONFIG)}, which is all UpdateSolution "
            "changes; its solution versions go with it (train a new one on the new solution)"
        )
    }


def _preview_rules(_olds: Properties, news: Properties) -> list[tuple[str, str]]:
    """CreateSolution: a recipe unless AutoML chooses one (API reference, `recipeArn`)."""
    if news.get("recipeArn") is None and news.get("performAutoML") is not True:
        return [("recipeArn", "is required unless perform_auto_ml is true")]
    return []


def _update(target: AwsTarget, arn: str, olds: CommonArgs, news: CommonArgs) -> None:
    """UpdateSolution with what changed in place, then wait until its latest update is ACTIVE."""
    old, new = _in_place(olds), _in_place(news)
    if old == new:
        return
    call(target, "UpdateSolution", solutionArn=arn, **new)
    subject, seconds = f"solution {news.name}", news.seconds("update")
    wait_updated(
        target, SOLUTION, arn, subject, seconds, lambda _described: "Fix the inputs, then run `pulumi up` again."
    )


def _in_place(args: CommonArgs) -> dict[str, Any]:
    """UpdateSolution's parameters for what `args` asks of the in-place part."""
    config = getattr(args, "solution_config", None) or {}
    parameters: dict[str, Any] = {}
    auto = getattr(args, "perform_auto_training", None)
    if auto is not None:
        parameters["performAutoTraining"] = auto
    updatable = {key: config[key] for key in UPDATABLE_CONFIG if key in config}
    if updatable:
        parameters["solutionUpdateConfig"] = updatable
    return parameters


SOLUTION = ResourceKind(
    label="solution",
    type_name="Solution",
    args=SolutionArgs,
    state=SolutionState,
    arn_key="solutionArn",
    describe_member="solution",
    find_existing=_solution_named,
    context=in_group,
    implied_region=group_region,
    region_from=("datasetGroupArn",),
    users_of=campaigns_of,
    # A new solution first: a campaign moves to its new version in place, then the old solution can go (it is
    # not deleted while a campaign serves one of its versions). Its autoname follows what replaces it.
    delete_before_replace=False,
    autoname_from=("datasetGroupArn", "recipeArn", "performAutoMl", "performHpo", "eventType"),
    preview_rules=_preview_rules,
    replacements=_replacements,
    update=_update,
)
