"""SolutionVersion: a trained model of an Amazon Personalize solution (CreateSolutionVersion starts the training).

Personalize has no API to delete a solution version: it is deleted with its solution. A delete therefore
forgets it, and says so. Any change of its inputs trains a new version, made before the old one is forgotten,
so a campaign can move to the new version in place. A retrain is a change of `trigger` (any text, such as a
date or a data snapshot's name) or a new resource name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..aws.api import call, listed
from ..aws.settings import AwsTarget
from . import validation as validate
from .declare import rule
from .kind import CommonArgs, CommonState, Existing, ResourceKind

# "Amazon Personalize endpoints and quotas": training takes from minutes to hours; 12 h before giving up.
TRAINING_SECONDS = {"create": 12 * 3600.0, "update": 20 * 60.0, "delete": 20 * 60.0}
RETRAIN_STEP = (
    "Record more events (PutEvents) or import more history, then retrain: change the version's `trigger` (or "
    "its resource name) and run `pulumi up` again."
)


def _trigger_text(value: Any) -> str | None:
    """Any text; a number is taken as its text (a YAML or JSON config value of 2 is "2")."""
    return None if isinstance(value, str | int | float) and not isinstance(value, bool) else "must be text"


def _canonical(key: str, value: Any) -> Any:
    if key == "trigger" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


@dataclass(frozen=True)
class SolutionVersionArgs(CommonArgs):
    """A solution version's inputs. Any change trains a new version (the old one is forgotten, not deleted).

    Attributes:
        solution_arn: The solution to train.
        training_mode: FULL trains on all the data; UPDATE (User-Personalization recipes) updates the latest
            FULL version with new items and interactions.
        trigger: Any text; changing it trains a new version (a retrain), for example a date or a data snapshot's
            name. Not sent to AWS.
    """

    solution_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.solution_arn)
    )
    training_mode: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, validator=validate.training_mode, default="FULL")
    )
    trigger: str | None = field(default=None, metadata=rule(replaces=True, validator=_trigger_text))


@dataclass(frozen=True)
class SolutionVersionState(CommonState):
    """What Personalize tells of a solution version.

    Attributes:
        solution_version_arn: The solution version's ARN (the resource id): what a campaign serves.
        failure_reason: Why the training failed, when its status is CREATE FAILED.
        training_hours: The training time billed, in hours.
        recipe_arn: The recipe the version was trained with (its solution's).
        dataset_group_arn: The dataset group whose data it was trained on.
    """

    solution_version_arn: str | None = None
    failure_reason: str | None = None
    training_hours: float | None = None
    recipe_arn: str | None = None
    dataset_group_arn: str | None = None


def solution_of_version(arn: str) -> str:
    """The solution's ARN in a version's (`.../solution/<name>/<id>`)."""
    return arn.rsplit("/", 1)[0]


def solution_region(key: str) -> Callable[[Mapping[str, Any]], str | None]:
    """The region in the known solution (or solution version) ARN of input `key`."""

    def region(inputs: Mapping[str, Any]) -> str | None:
        match = validate.SOLUTION_ARN.match(str(inputs.get(key) or ""))
        return match.group("region") if match else None

    return region


def _version_named(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The solution's version of the requested name (ListSolutionVersions' summaries name none: each is
    described)."""
    solution = getattr(args, "solution_arn", None)
    for summary in listed(target, "ListSolutionVersions", "solutionVersions", solutionArn=solution):
        arn = summary["solutionVersionArn"]
        described = call(target, "DescribeSolutionVersion", solutionVersionArn=arn).get("solutionVersion", {})
        if described.get("name") == args.name:
            return Existing(arn, str(args.name), described.get("status", ""))
    return None


SOLUTION_VERSION = ResourceKind(
    label="solution version",
    type_name="SolutionVersion",
    args=SolutionVersionArgs,
    state=SolutionVersionState,
    arn_key="solutionVersionArn",
    describe_member="solutionVersion",
    find_existing=_version_named,
    implied_region=solution_region("solutionArn"),
    region_from=("solutionArn",),
    conflict="is already a version of this solution",
    canonical=_canonical,
    deletable=False,
    delete_before_replace=False,
    # A retrain is a new version of a new name (CreateSolutionVersion refuses a name its solution has); a create
    # retried after a crash derives the same name, and takes its version back.
    autoname_from=("solutionArn", "trainingMode", "trigger"),
    default_seconds=TRAINING_SECONDS,
    poll_cap=1.0,
    failed_step=RETRAIN_STEP,
)
