"""Filter: an Amazon Personalize filter, an expression that includes or excludes items (or users) from
recommendations, passed as `filterArn` with GetRecommendations.

Personalize has no UpdateFilter: any change replaces the filter. Its expression is checked during preview with
the documented grammar ("Filter expression structure and elements"), so a typo is named before `up`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..aws.api import listed
from ..aws.settings import AwsTarget
from . import validation as validate
from .declare import rule
from .filter_expression import problem
from .in_group import group_region, in_group
from .kind import CommonArgs, CommonState, Existing, ResourceKind


def _expression(value: Any) -> str | None:
    if not isinstance(value, str):
        return 'must be a string: a filter expression, such as EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")'
    if not 1 <= len(value) <= validate.FILTER_EXPRESSION_MAX:
        return f"must be 1 to {validate.FILTER_EXPRESSION_MAX} characters long (got {len(value)})"
    return problem(value)


@dataclass(frozen=True)
class FilterArgs(CommonArgs):
    """A filter's inputs. Any change replaces the filter (Personalize has no UpdateFilter).

    Attributes:
        dataset_group_arn: The dataset group whose datasets the expression reads.
        filter_expression: The expression, for example `EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN
            ("purchase")` or `INCLUDE ItemID WHERE Items.GENRES IN ($GENRES)`, whose `$` parameters an app fills
            with `filterValues`.
    """

    dataset_group_arn: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=validate.dataset_group_arn)
    )
    filter_expression: str | None = field(
        default=None, metadata=rule(create=True, replaces=True, required=True, validator=_expression)
    )


@dataclass(frozen=True)
class FilterState(CommonState):
    """What Personalize tells of a filter.

    Attributes:
        filter_arn: The filter's ARN (the resource id): what an app passes as `filterArn`.
        failure_reason: Why the filter's creation failed, when its status is CREATE FAILED.
    """

    filter_arn: str | None = None
    failure_reason: str | None = None


def _filter_named(target: AwsTarget, args: CommonArgs) -> Existing | None:
    """The group's filter of the requested name."""
    group = getattr(args, "dataset_group_arn", None)
    for found in listed(target, "ListFilters", "Filters", datasetGroupArn=group):
        if found["name"] == args.name:
            return Existing(found["filterArn"], found["name"], found["status"])
    return None


FILTER = ResourceKind(
    label="filter",
    type_name="Filter",
    args=FilterArgs,
    state=FilterState,
    arn_key="filterArn",
    describe_member="filter",
    find_existing=_filter_named,
    context=in_group,
    implied_region=group_region,
    region_from=("datasetGroupArn",),
)
