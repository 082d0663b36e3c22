"""What the tests of solutions, campaigns, filters and personalize-runtime share: training data sent with
PutEvents, and solutions, versions, campaigns and filters made, waited on and cleaned up in live mode.

The training data is made of three clusters of items; each user interacts with the items of one cluster only,
so that a trained User-Personalization model recommends a user the items of the user's cluster first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mypy_boto3_personalize import PersonalizeClient

from tests.emulator.conftest import SENT_AT, Api, unique

USER_PERSONALIZATION = "arn:aws:personalize:::recipe/aws-user-personalization"
SIMS = "arn:aws:personalize:::recipe/aws-sims"
RANKING = "arn:aws:personalize:::recipe/aws-personalized-ranking"
POPULARITY = "arn:aws:personalize:::recipe/aws-popularity-count"

CLUSTERS = ("a", "b", "c")
ITEMS_PER_CLUSTER = 20
USERS = 30
EVENTS_PER_USER = 40  # 30 x 40 = 1,200 interactions of 30 users: over the training minimums (1,000 and 25)
START = SENT_AT
LATER = SENT_AT + timedelta(days=30)  # after every event of history()


@dataclass(frozen=True)
class Event:
    user_id: str
    item_id: str
    event_type: str = "click"
    sent_at: datetime = START


def item(cluster: str, index: int) -> str:
    return f"{cluster}{index % ITEMS_PER_CLUSTER}"


def cluster_of(user: int) -> str:
    return CLUSTERS[user % len(CLUSTERS)]


def history(users: int = USERS, per_user: int = EVENTS_PER_USER) -> list[Event]:
    """Each user's clicks on the items of the user's cluster, one a minute."""
    return [
        Event(
            f"u{user}", item(cluster_of(user), user + step), sent_at=START + timedelta(minutes=user * per_user + step)
        )
        for user in range(users)
        for step in range(per_user)
    ]


@dataclass
class Group:
    """An ACTIVE dataset group with an ACTIVE Interactions dataset and (unless told otherwise) an ACTIVE event
    tracker."""

    arn: str
    interactions: str
    tracking_id: str | None


@dataclass(frozen=True)
class Deployed:
    group: Group
    solution: str
    version: str
    campaign: str


@dataclass
class Recs:
    target_api: Api
    solutions: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)

    @property
    def client(self) -> PersonalizeClient:
        return self.target_api.client

    # -- data -------------------------------------------------------------------------------------

    def group(self, tracked: bool = True) -> Group:
        api = self.target_api
        arn = api.group()
        interactions = api.interactions(arn)
        return Group(arn, interactions, api.tracker(arn)[1] if tracked else None)

    def send(self, group: Group, events: Iterable[Event]) -> None:
        """PutEvents, up to 10 events of one user a call, in order."""
        client = self.target_api.target.events()
        assert group.tracking_id is not None, "a group without a tracker takes no events"
        batch: list[Event] = []
        for event in [*events, None]:
            if batch and (event is None or event.user_id != batch[0].user_id or len(batch) == 10):
                client.put_events(
                    trackingId=group.tracking_id,
                    userId=batch[0].user_id,
                    sessionId=f"session-{batch[0].user_id}",
                    eventList=[{"eventType": e.event_type, "sentAt": e.sent_at, "itemId": e.item_id} for e in batch],
                )
                batch = []
            if event is not None:
                batch.append(event)

    def trained_group(self) -> Group:
        group = self.group()
        self.send(group, history())
        return group

    # -- solutions and versions -------------------------------------------------------------------

    def create_solution(
        self, group_arn: str, recipe: str | None = USER_PERSONALIZATION, name: str | None = None, **kwargs: Any
    ) -> str:
        """A solution (without automatic training unless asked: it would train every 7 days on AWS)."""
        options: dict[str, Any] = {"performAutoTraining": False, **({"recipeArn": recipe} if recipe else {}), **kwargs}
        arn = self.client.create_solution(name=name or unique("sol"), datasetGroupArn=group_arn, **options)
        self.solutions.append(arn["solutionArn"])
        return arn["solutionArn"]

    def solution(self, group_arn: str, recipe: str = USER_PERSONALIZATION, **kwargs: Any) -> str:
        """An ACTIVE solution."""
        arn = self.create_solution(group_arn, recipe, **kwargs)
        self.wait(self.solution_status, arn, "ACTIVE")
        return arn

    def create_version(self, solution_arn: str, **kwargs: Any) -> str:
        arn: str = self.client.create_solution_version(solutionArn=solution_arn, **kwargs)["solutionVersionArn"]
        return arn

    def version(self, solution_arn: str, **kwargs: Any) -> str:
        """An ACTIVE solution version."""
        arn = self.create_version(solution_arn, **kwargs)
        self.wait(self.version_status, arn, "ACTIVE")
        return arn

    def solution_status(self, arn: str) -> str | None:
        return self._status(lambda: self.client.describe_solution(solutionArn=arn)["solution"]["status"])

    def version_status(self, arn: str) -> str | None:
        return self._status(
            lambda: self.client.describe_solution_version(solutionVersionArn=arn)["solutionVersion"]["status"]
        )

    # -- campaigns and filters --------------------------------------------------------------------

    def create_campaign(self, version_arn: str, **kwargs: Any) -> str:
        name = kwargs.pop("name", None) or unique("cmp")
        arn: str = self.client.create_campaign(name=name, solutionVersionArn=version_arn, **kwargs)["campaignArn"]
        self.campaigns.append(arn)
        return arn

    def campaign(self, version_arn: str, **kwargs: Any) -> str:
        """An ACTIVE campaign."""
        arn = self.create_campaign(version_arn, **kwargs)
        self.wait(self.campaign_status, arn, "ACTIVE")
        return arn

    def deployed(self, recipe: str = USER_PERSONALIZATION) -> Deployed:
        """A trained group and an ACTIVE campaign of a version of this recipe trained on it."""
        group = self.trained_group()
        solution = self.solution(group.arn, recipe)
        version = self.version(solution)
        return Deployed(group, solution, version, self.campaign(version))

    def campaign_status(self, arn: str) -> str | None:
        return self._status(lambda: self.client.describe_campaign(campaignArn=arn)["campaign"]["status"])

    def update_status(self, arn: str) -> str | None:
        update = self.client.describe_campaign(campaignArn=arn)["campaign"].get("latestCampaignUpdate")
        return update["status"] if update else None

    def create_filter(self, group_arn: str, expression: str, **kwargs: Any) -> str:
        name = kwargs.pop("name", None) or unique("flt")
        arn: str = self.client.create_filter(
            name=name, datasetGroupArn=group_arn, filterExpression=expression, **kwargs
        )["filterArn"]
        self.filters.append(arn)
        return arn

    def filter(self, group_arn: str, expression: str) -> str:
        """An ACTIVE filter."""
        arn = self.create_filter(group_arn, expression)
        self.wait(self.filter_status, arn, "ACTIVE")
        return arn

    def filter_status(self, arn: str) -> str | None:
        return self._status(lambda: self.client.describe_filter(filterArn=arn)["filter"]["status"])

    # -- shared -----------------------------------------------------------------------------------

    def _status(self, status_of: Callable[[], str]) -> str | None:
        """The status a Describe answers, or None once it says ResourceNotFoundException."""
        try:
            return status_of()
        except self.client.exceptions.ResourceNotFoundException:
            return None

    def wait(self, status_of: Callable[[str], str | None], arn: str, status: str | None) -> None:
        self.target_api.target.wait_until(lambda: status_of(arn) == status, f"{arn} to be {status}")

    def cleanup(self) -> None:
        """Live mode: campaigns, then solutions (their versions go with them), then filters."""
        for arn in reversed(self.campaigns):
            self._delete(arn, self.campaign_status, lambda a: self.client.delete_campaign(campaignArn=a))
        for arn in reversed(self.solutions):
            self._delete(arn, self.solution_status, lambda a: self.client.delete_solution(solutionArn=a))
        for arn in reversed(self.filters):
            self._delete(arn, self.filter_status, lambda a: self.client.delete_filter(filterArn=a))

    def _delete(self, arn: str, status_of: Callable[[str], str | None], delete: Callable[[str], object]) -> None:
        changing = ("CREATE PENDING", "CREATE IN_PROGRESS")
        self.target_api.target.wait_until(lambda: status_of(arn) not in changing, arn)
        with contextlib.suppress(self.client.exceptions.ResourceNotFoundException):
            if status_of(arn) in ("ACTIVE", "CREATE FAILED"):
                delete(arn)
        self.wait(status_of, arn, None)


def item_ids(answer: dict[str, Any], key: str = "itemList") -> list[str]:
    return [entry["itemId"] for entry in answer[key]]
