"""The rules of ``personalize-runtime``: GetRecommendations and GetPersonalizedRanking of a campaign, answered by
the model its deployed solution version learned (``solutions.trained_model``), through its filter (``filtering``).

A user's events recorded since the version was trained count at once: "Recording real-time events to influence
recommendations" (developer guide, recording-events.html) for User-Personalization, and filters take new
interactions into account within seconds ("Filtering recommendations and user segments", filter.html).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi_personalize.resources.filter_expression import FilterExpression

from . import clock
from .avro import camel_case
from .exceptions import InvalidInputException, RecommenderNotFoundException
from .filtering import FilterData, item_predicate
from .operations import BackendCore
from .recommending import Campaign, SolutionVersion
from .status import ACTIVE
from .store import STORE
from .training import RECIPES, Interaction, Recipe, Scored
from .versions import trained_model

__all__ = ["Answer", "RuntimeOperations"]

# GetRecommendations, numResults: "The default is 25. ... Otherwise, the maximum is 500."; GetPersonalizedRanking,
# inputList: "The maximum is 500."
DEFAULT_RESULTS = 25
MAX_RESULTS = 500


@dataclass(frozen=True)
class Answer:
    """Scored items and the ID of the recommendation (``RID-`` and a UUID, as AWS answers: 40 characters, the
    length PutEvents' recommendationId takes)."""

    items: list[Scored]
    recommendation_id: str

    @staticmethod
    def of(items: list[Scored]) -> Answer:
        return Answer(items, f"RID-{uuid.uuid4()}")

    def wire(self) -> list[dict[str, Any]]:
        """PredictedItem: ``score`` left out for an item the model has no score for (a ranked unknown item)."""
        return [
            {"itemId": item.item_id, **({"score": item.score} if item.score is not None else {})} for item in self.items
        ]


class _FieldNamed(Mapping[str, Mapping[str, Any]]):
    """Items' (or users') properties keyed by their schema field names (GENRES, not genres): what filters read.
    Converted per record when read, so a request pays only for the records its filter looks at."""

    def __init__(self, records: Mapping[str, Mapping[str, Any]], names: Mapping[str, str]) -> None:
        self._records = records
        self._names = names  # properties key -> schema field name

    def __getitem__(self, record_id: str) -> Mapping[str, Any]:
        return {self._names.get(key, key): value for key, value in self._records[record_id].items()}

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


class RuntimeOperations(BackendCore):
    """What a campaign of one account and region answers."""

    def get_recommendations(
        self,
        campaign_arn: str | None,
        recommender_arn: str | None,
        user_id: str | None,
        item_id: str | None,
        num_results: int | None,
        filter_arn: str | None,
        filter_values: Mapping[str, str],
    ) -> Answer:
        """GetRecommendations: "USER_PERSONALIZATION - userId required, itemId not used; RELATED_ITEMS - itemId
        required, userId not used. Campaigns that are backed by a solution created using a recipe of type
        PERSONALIZED_RANKING use the GetPersonalizedRanking API."."""
        if (campaign_arn is None) == (recommender_arn is None):
            raise InvalidInputException("Give a campaignArn or a recommenderArn (one of them).")
        if campaign_arn is None:
            raise RecommenderNotFoundException(str(recommender_arn))
        campaign, version, recipe = self._serving(campaign_arn)
        if recipe.recipe_type == "PERSONALIZED_RANKING":
            raise InvalidInputException(
                f"Campaign {campaign_arn} deploys {recipe.name}, a PERSONALIZED_RANKING recipe: use "
                "GetPersonalizedRanking."
            )
        needed = {"USER_PERSONALIZATION": ("userId", user_id), "RELATED_ITEMS": ("itemId", item_id)}[recipe.recipe_type]
        if needed[1] is None:
            raise InvalidInputException(f"{needed[0]} is required: campaign {campaign_arn} deploys {recipe.name}.")
        count = DEFAULT_RESULTS if num_results is None else num_results
        if count > MAX_RESULTS:
            raise InvalidInputException(f"numResults is {count}; the maximum is {MAX_RESULTS}.")
        related = recipe.recipe_type == "RELATED_ITEMS"
        allowed = self._allowed(campaign, filter_arn, filter_values, user_id, item_id if related else None)
        subject = user_id if not related else None
        items = trained_model(version).recommend(
            subject, item_id if related else None, self._recent(version, subject), allowed, count
        )
        return Answer.of(items)

    def get_personalized_ranking(
        self,
        campaign_arn: str,
        user_id: str,
        input_list: list[str],
        filter_arn: str | None,
        filter_values: Mapping[str, str],
    ) -> Answer:
        """GetPersonalizedRanking: "The solution backing the campaign must have been created using a recipe of type
        PERSONALIZED_RANKING"; the filter removes items from the ranking."""
        campaign, version, recipe = self._serving(campaign_arn)
        if recipe.recipe_type != "PERSONALIZED_RANKING":
            raise InvalidInputException(
                f"Campaign {campaign_arn} deploys {recipe.name}, a {recipe.recipe_type} recipe: GetPersonalizedRanking "
                "needs a PERSONALIZED_RANKING one."
            )
        if len(input_list) > MAX_RESULTS:
            raise InvalidInputException(f"inputList has {len(input_list)} items; the maximum is {MAX_RESULTS}.")
        allowed = self._allowed(campaign, filter_arn, filter_values, user_id, None)
        ranked = trained_model(version).rank(user_id, self._recent(version, user_id), input_list)
        return Answer.of([item for item in ranked if allowed(item.item_id)])

    def _serving(self, campaign_arn: str) -> tuple[Campaign, SolutionVersion, Recipe]:
        """An ACTIVE campaign ("Wait until the status of the campaign is ACTIVE before asking the campaign for
        recommendations", CreateCampaign) and the version it deploys now."""
        self._sweep()
        campaign = self.inventory.campaign(campaign_arn)
        now = clock.now()
        status = campaign.status(now)
        if status != ACTIVE:
            raise InvalidInputException(f"Campaign {campaign_arn} is in status {status}; it must be ACTIVE.")
        version = self.inventory.solution_version(campaign.deployed(now).solution_version_arn)
        return campaign, version, RECIPES[version.recipe_arn]

    def _recent(self, version: SolutionVersion, user_id: str | None) -> list[Interaction]:
        """The user's interactions recorded after the version's training window."""
        if user_id is None:
            return []
        after = math.nextafter(version.trained_at, math.inf)
        return STORE.index.user_interactions(version.interactions_dataset_arn, user_id, after)

    def _allowed(
        self,
        campaign: Campaign,
        filter_arn: str | None,
        filter_values: Mapping[str, str],
        user_id: str | None,
        current_item: str | None,
    ) -> Callable[[str], bool]:
        """The filter's test of an item for this request; every item passes without a filter."""
        if filter_arn is None:
            return lambda _item_id: True
        expression = self._active_filter(campaign, filter_arn)
        data = FilterData(
            items=self._metadata(campaign.dataset_group_arn, "Items"),
            users=self._metadata(campaign.dataset_group_arn, "Users"),
            user_interactions=self._user_interactions(campaign.dataset_group_arn, user_id),
            user_id=user_id,
        )
        try:
            return item_predicate(expression, data, filter_values, current_item)
        except ValueError as error:  # FilterValueError, or a filter of users or actions
            raise InvalidInputException(f"Filter {filter_arn} cannot be applied: {error}.") from None

    def _active_filter(self, campaign: Campaign, filter_arn: str) -> FilterExpression:
        """GetRecommendations, filterArn: "When using this parameter, be sure the filter resource is ACTIVE."; a
        filter reads its own dataset group's data, so it must be the campaign's group's (inferred)."""
        found = self.inventory.filter(filter_arn)
        status = found.status(clock.now())
        if status != ACTIVE:
            raise InvalidInputException(f"Filter {filter_arn} is in status {status}; it must be ACTIVE.")
        if found.dataset_group_arn != campaign.dataset_group_arn:
            raise InvalidInputException(
                f"Filter {filter_arn} is of dataset group {found.dataset_group_arn}, not of campaign {campaign.arn}'s "
                f"({campaign.dataset_group_arn})."
            )
        return found.parsed()

    def _metadata(self, dataset_group_arn: str, dataset_type: str) -> Mapping[str, Mapping[str, Any]]:
        """The Items (or Users) records PutItems (or PutUsers) sent the group's dataset of that type, by id."""
        dataset = self.inventory.dataset_of_type(dataset_group_arn, dataset_type)
        if dataset is None:
            return {}
        schema = self.inventory.schema(dataset.schema_at(clock.now())).parsed()
        names = {camel_case(field.name): field.name for field in schema.fields}
        return _FieldNamed(STORE.index.metadata(dataset.arn, dataset.lifecycle.created_at), names)

    def _user_interactions(self, dataset_group_arn: str, user_id: str | None) -> list[Interaction]:
        """Every interaction of the user in the group's Interactions dataset, those since training included."""
        dataset = self.inventory.dataset_of_type(dataset_group_arn, "Interactions")
        if dataset is None or user_id is None:
            return []
        return STORE.index.user_interactions(dataset.arn, user_id, dataset.lifecycle.created_at)
