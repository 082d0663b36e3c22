"""The IAM policies the provider needs, as plain policy documents (`json.dumps` them, or hand them to pulumi-aws).

- `deploy_policy()`: everything `pulumi up`, `pulumi refresh` and `pulumi destroy` call, for every resource of
  this package (dataset groups, event trackers, schemas, datasets, solutions, solution versions, campaigns,
  filters): tags, in-place updates (UpdateDataset, UpdateSolution, UpdateCampaign), adoption and take-back after
  a crash (the List calls that find what holds a name), the clean-up of a CREATE FAILED create, and the delete
  checks that name what still uses a dataset group, a schema or a solution.
- `refresh_policy()`: read-only, for `pulumi refresh` and `pulumi preview --refresh`. A plain `pulumi preview`
  makes no AWS call at all and needs no permission.

On the command line: `python -m pulumi_personalize.iam deploy|refresh [--region R] [--account A]` prints the JSON.

Resource ARNs are narrowed wherever Personalize supports resource-level permissions, from the Service
Authorization Reference, "Actions, resources, and condition keys for Amazon Personalize"
(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonpersonalize.html):

- Describe/Delete/Update act on their own resource type (datasetGroup*, eventTracker*, schema*, dataset*,
  solution*, campaign*, filter*); CreateDatasetGroup and CreateSchema on the new resource; CreateEventTracker
  needs both datasetGroup* and eventTracker*, CreateDataset both datasetGroup* and dataset*, CreateSolution both
  datasetGroup* and solution*, CreateFilter both datasetGroup* and filter*, CreateCampaign both campaign* and
  solution* (the solution version it serves).
- Solution versions have no resource type of their own: CreateSolutionVersion and DescribeSolutionVersion act on
  solution*, and a version's ARN (`solution/<solution name>/<id>`) is matched by the solution pattern
  (`solution/*`), tags included. There is no DeleteSolutionVersion: DeleteSolution deletes a solution "including
  all versions of the solution", and a SolutionVersion's delete only forgets it (no call, no permission).
- TagResource, UntagResource and ListTagsForResource take the taggable types (schemas have no tags).
- Every List action (ListDatasetGroups, ListEventTrackers, ListSchemas, ListDatasets, ListSolutions,
  ListSolutionVersions, ListCampaigns, ListFilters) has no resource type: it needs "*".
- The API operations table of the same page: every Create but CreateSchema (CreateDatasetGroup,
  CreateEventTracker, CreateDataset, CreateSolution, CreateSolutionVersion, CreateCampaign, CreateFilter) also
  authorizes personalize:TagResource (for the tags it carries), and CreateDatasetGroup iam:PassRole with
  `iam:PassedToService` = personalize.amazonaws.com (for `role_arn`).

Every action, with why the provider calls it, is in `PERMISSIONS`; the two policies are made from it.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict

ALL = "*"
PERSONALIZE_SERVICE = "personalize.amazonaws.com"
# A solution version is tagged as a solution: its ARN is under `solution/` (see the module docstring).
TAGGABLE = ("dataset-group", "event-tracker", "dataset", "solution", "campaign", "filter")


class Statement(TypedDict):
    """One statement of an identity-based policy (the members this module writes)."""

    Sid: str
    Effect: Literal["Allow", "Deny"]
    Action: list[str]
    Resource: list[str]
    Condition: NotRequired[dict[str, dict[str, str]]]


class PolicyDocument(TypedDict):
    Version: str
    Statement: list[Statement]


@dataclass(frozen=True)
class Permission:
    """One action the provider calls, what it acts on, and why.

    `resources` are Personalize resource types (`dataset-group`, ...; their ARNs are built for the region and
    account asked for) or "*" where the action supports no resource-level permission. `refresh`: `pulumi refresh`
    (and `preview --refresh`) calls it too.
    """

    action: str
    resources: tuple[str, ...]
    reason: str
    refresh: bool = False


def describe_reason(update: str = "") -> str:
    """Why the provider describes a kind with a status (and, for one updated in place, waits for `update`)."""
    also = f" and for an {update} to be ACTIVE" if update else ""
    return (
        f"up: wait until ACTIVE (or CREATE FAILED){also}, compare one to adopt or take back; refresh: read it; "
        "destroy: wait until it is gone"
    )


# The reasons most kinds share.
DESCRIBE = describe_reason()
DELETE = "destroy and replace; delete a create that ended CREATE FAILED or timed out, or our own that cannot serve"

PERMISSIONS: tuple[Permission, ...] = (
    # dataset groups
    Permission("personalize:CreateDatasetGroup", ("dataset-group",), "up: create a DatasetGroup"),
    Permission("personalize:DescribeDatasetGroup", ("dataset-group",), DESCRIBE, refresh=True),
    Permission("personalize:DeleteDatasetGroup", ("dataset-group",), DELETE),
    Permission(
        "personalize:ListDatasetGroups",
        (ALL,),
        "up: find the dataset group holding a name (ResourceAlreadyExists) to adopt it or take it back",
    ),
    # event trackers
    Permission(
        "personalize:CreateEventTracker", ("dataset-group", "event-tracker"), "up: create an EventTracker in a group"
    ),
    Permission("personalize:DescribeEventTracker", ("event-tracker",), DESCRIBE, refresh=True),
    Permission("personalize:DeleteEventTracker", ("event-tracker",), DELETE),
    Permission(
        "personalize:ListEventTrackers",
        (ALL,),
        "up: find the tracker a dataset group already holds, to adopt it or take it back; destroy: name the "
        "trackers still using a dataset group that cannot be deleted",
    ),
    # schemas (no tags)
    Permission("personalize:CreateSchema", ("schema",), "up: create a Schema"),
    Permission(
        "personalize:DescribeSchema",
        ("schema",),
        "up: compare one to adopt or take back; refresh: read it; destroy: wait until it is gone",
        refresh=True,
    ),
    Permission("personalize:DeleteSchema", ("schema",), "destroy and replace (a new schema replaces an old one)"),
    Permission("personalize:ListSchemas", (ALL,), "up: find the schema holding a name, to adopt it or take it back"),
    # datasets
    Permission("personalize:CreateDataset", ("dataset-group", "dataset"), "up: create a Dataset in a group"),
    Permission(
        "personalize:DescribeDataset",
        ("dataset",),
        "up: wait until ACTIVE (or CREATE FAILED) and for a schema update; refresh: read it; destroy: wait until "
        "it is gone, and find the datasets still using a schema",
        refresh=True,
    ),
    Permission("personalize:UpdateDataset", ("dataset",), "up: give a dataset a new schema in place"),
    Permission("personalize:DeleteDataset", ("dataset",), DELETE),
    Permission(
        "personalize:ListDatasets",
        (ALL,),
        "up: find the dataset of a type a group already holds, to adopt it or take it back; destroy: name the "
        "datasets still using a dataset group or a schema",
    ),
    # solutions
    Permission("personalize:CreateSolution", ("dataset-group", "solution"), "up: create a Solution in a group"),
    Permission(
        "personalize:DescribeSolution",
        ("solution",),
        describe_reason("UpdateSolution"),
        refresh=True,
    ),
    Permission(
        "personalize:UpdateSolution",
        ("solution",),
        "up: turn automatic training on or off, change its autoTrainingConfig or eventsConfig, in place",
    ),
    Permission(
        "personalize:DeleteSolution",
        ("solution",),
        f"{DELETE} (its solution versions go with it)",
    ),
    Permission(
        "personalize:ListSolutions",
        (ALL,),
        "up: find the solution holding a name in a group, to adopt it or take it back; destroy: name the "
        "solutions still using a dataset group",
    ),
    # solution versions: authorized on their solution (no resource type of their own), never deleted
    Permission(
        "personalize:CreateSolutionVersion",
        ("solution",),
        "up: train a SolutionVersion of a solution (a retrain trains a new one)",
    ),
    Permission(
        "personalize:DescribeSolutionVersion",
        ("solution",),
        "up: wait until the training is ACTIVE (or CREATE FAILED), and find the version of a solution holding "
        "a name (its summaries name none) to adopt it or take it back; refresh: read it",
        refresh=True,
    ),
    Permission(
        "personalize:ListSolutionVersions",
        (ALL,),
        "up: list a solution's versions, to find the one holding a name (adopt it or take it back)",
    ),
    # campaigns
    Permission(
        "personalize:CreateCampaign",
        ("campaign", "solution"),
        "up: create a Campaign serving a solution version (whose ARN is of the solution type)",
    ),
    Permission(
        "personalize:DescribeCampaign",
        ("campaign",),
        describe_reason("UpdateCampaign"),
        refresh=True,
    ),
    Permission(
        "personalize:UpdateCampaign",
        ("campaign",),
        "up: move a campaign to a new solution version (a retrain), TPS or config, in place",
    ),
    Permission("personalize:DeleteCampaign", ("campaign",), DELETE),
    Permission(
        "personalize:ListCampaigns",
        (ALL,),
        "up: find the campaign holding a name among a solution's, to adopt it or take it back; destroy: name the "
        "campaigns still serving a version of a solution that cannot be deleted",
    ),
    # filters (no UpdateFilter: a change replaces one)
    Permission("personalize:CreateFilter", ("dataset-group", "filter"), "up: create a Filter in a group"),
    Permission("personalize:DescribeFilter", ("filter",), DESCRIBE, refresh=True),
    Permission("personalize:DeleteFilter", ("filter",), DELETE),
    Permission(
        "personalize:ListFilters",
        (ALL,),
        "up: find the filter holding a name in a group, to adopt it or take it back; destroy: name the filters "
        "still using a dataset group",
    ),
    # tags
    Permission(
        "personalize:TagResource",
        TAGGABLE,
        "up: the tags a Create carries (AWS authorizes them as TagResource too), tag changes, the ownership tag "
        "of a resource adopted or taken back, and the confirmation of a create's incarnation",
    ),
    Permission("personalize:UntagResource", TAGGABLE, "up: remove tags"),
    Permission(
        "personalize:ListTagsForResource",
        TAGGABLE,
        "refresh: read the tags; up: read the ownership tag of what holds a create's place (adopt or take back); "
        "destroy: check that a resource is still the incarnation its state entry holds before deleting it",
        refresh=True,
    ),
)

PASS_ROLE_REASON = (
    "up: a DatasetGroup with role_arn (CreateDatasetGroup passes that role to Personalize; only to "
    "personalize.amazonaws.com)"
)


def partition_of(region: str) -> str:
    """The ARN partition of a region ("aws" for "*")."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def resource_arn(resource: str, region: str = ALL, account: str = ALL) -> str:
    """The ARN pattern of a Personalize resource type in a region and account, or "*"."""
    if resource == ALL:
        return ALL
    return f"arn:{partition_of(region)}:personalize:{region}:{account}:{resource}/*"


def deploy_policy(region: str = ALL, account: str = ALL) -> PolicyDocument:
    """What `pulumi up`, `refresh` and `destroy` need for every resource of this package."""
    pass_role: Statement = {
        "Sid": "PassRoleToPersonalize",
        "Effect": "Allow",
        "Action": ["iam:PassRole"],
        "Resource": [f"arn:{partition_of(region)}:iam::{account}:role/*"],
        "Condition": {"StringEquals": {"iam:PassedToService": PERSONALIZE_SERVICE}},
    }
    return _document([*_statements(PERMISSIONS, region, account), pass_role])


def refresh_policy(region: str = ALL, account: str = ALL) -> PolicyDocument:
    """Read-only: what `pulumi refresh` and `pulumi preview --refresh` need (plain `preview` needs nothing)."""
    return _document(_statements([p for p in PERMISSIONS if p.refresh], region, account))


def actions(policy: PolicyDocument) -> list[str]:
    """Every action a policy allows, in its order."""
    return [action for statement in policy["Statement"] for action in statement["Action"]]


def _statements(permissions: Sequence[Permission], region: str, account: str) -> list[Statement]:
    """One statement per set of resource types, in the order they first appear."""
    grouped: dict[tuple[str, ...], list[str]] = {}
    for permission in permissions:
        grouped.setdefault(permission.resources, []).append(permission.action)
    return [
        {
            "Sid": _sid(resources),
            "Effect": "Allow",
            "Action": granted,
            "Resource": [resource_arn(resource, region, account) for resource in resources],
        }
        for resources, granted in grouped.items()
    ]


def _sid(resources: tuple[str, ...]) -> str:
    """ "DatasetGroupEventTracker", or "NoResourceLevelPermissions" for "*" (Sids are alphanumeric)."""
    if resources == (ALL,):
        return "NoResourceLevelPermissions"
    return "".join(part.capitalize() for resource in resources for part in resource.split("-"))


def _document(statements: list[Statement]) -> PolicyDocument:
    return {"Version": "2012-10-17", "Statement": statements}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m pulumi_personalize.iam",
        description="Print the IAM policy the pulumi-personalize provider needs, as JSON.",
    )
    parser.add_argument(
        "command", choices=("deploy", "refresh"), help="deploy: up, refresh and destroy; refresh: read-only"
    )
    parser.add_argument("--region", default=ALL, help="narrow the ARNs to this region (default: any)")
    parser.add_argument("--account", default=ALL, help="narrow the ARNs to this account id (default: any)")
    arguments = parser.parse_args(argv)
    make = deploy_policy if arguments.command == "deploy" else refresh_policy
    print(json.dumps(make(arguments.region, arguments.account), indent=2))


if __name__ == "__main__":
    main()
