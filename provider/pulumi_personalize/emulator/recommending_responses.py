"""Wire format of solutions, solution versions, campaigns and filters (``personalize``, JSON 1.1: the handlers
``responses.PersonalizeEmulatorResponse`` inherits) and of ``personalize-runtime`` (rest-json, ``POST
/recommendations`` and ``POST /personalize-ranking``, signed ``personalize`` like the other two services:
its model's ``signingName``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from moto.core.responses import ActionResult, EmptyResult

from . import clock
from .pagination import paginate
from .resources import Resource
from .solutions import SolutionRequest
from .wire import EmulatorResponse

__all__ = ["PersonalizeRuntimeResponse", "RecommendationResponses"]

R = TypeVar("R", bound=Resource)


def _wire(resource: Resource, now: float) -> dict[str, Any]:
    return resource.wire(now)


class RecommendationResponses(EmulatorResponse):
    """The ``personalize`` operations of solutions, solution versions, campaigns and filters."""

    def _page(
        self, params: dict[str, Any], items: list[R], scope: str, key: str, wire: Callable[[R, float], Any]
    ) -> ActionResult:
        """One page of a List* answer, under ``key``; the token is bound to the listing's filter (``scope``)."""
        page, token = paginate(items, params.get("maxResults"), params.get("nextToken"), scope=scope)
        now = clock.now()
        return ActionResult({key: [wire(item, now) for item in page], "nextToken": token})

    # -- solutions --------------------------------------------------------------------------------

    def create_solution(self) -> ActionResult:
        params = self._input()
        request = SolutionRequest(
            name=params["name"],
            dataset_group_arn=params["datasetGroupArn"],
            recipe_arn=params.get("recipeArn"),
            perform_auto_ml=params.get("performAutoML", False),
            perform_hpo=params.get("performHPO", False),
            perform_auto_training=params.get("performAutoTraining", True),
            event_type=params.get("eventType"),
            solution_config=params.get("solutionConfig", {}),
            tags=params.get("tags", []),
        )
        return ActionResult({"solutionArn": self.personalize_backend.create_solution(request).arn})

    def describe_solution(self) -> ActionResult:
        backend = self.personalize_backend
        solution = backend.describe_solution(self._input()["solutionArn"])
        latest, now = backend.latest_version(solution.arn), clock.now()
        described = {**solution.wire(now), "latestSolutionVersion": latest.summary(now) if latest else None}
        return ActionResult({"solution": described})

    def list_solutions(self) -> ActionResult:
        params = self._input()
        group = params.get("datasetGroupArn")
        solutions = self.personalize_backend.list_solutions(group)
        return self._page(params, solutions, f"ListSolutions:{group or ''}", "solutions", _wire)

    def update_solution(self) -> ActionResult:
        params = self._input()
        arn = params["solutionArn"]
        self.personalize_backend.update_solution(
            arn, params.get("performAutoTraining"), params.get("solutionUpdateConfig", {})
        )
        return ActionResult({"solutionArn": arn})

    def delete_solution(self) -> EmptyResult:
        self.personalize_backend.delete_solution(self._input()["solutionArn"])
        return EmptyResult()

    # -- solution versions ------------------------------------------------------------------------

    def create_solution_version(self) -> ActionResult:
        params = self._input()
        version = self.personalize_backend.create_solution_version(
            params["solutionArn"], params.get("name"), params.get("trainingMode", "FULL"), params.get("tags", [])
        )
        return ActionResult({"solutionVersionArn": version.arn})

    def describe_solution_version(self) -> ActionResult:
        version = self.personalize_backend.describe_solution_version(self._input()["solutionVersionArn"])
        return ActionResult({"solutionVersion": version.wire(clock.now())})

    def list_solution_versions(self) -> ActionResult:
        params = self._input()
        solution = params.get("solutionArn")
        versions = self.personalize_backend.list_solution_versions(solution)
        scope = f"ListSolutionVersions:{solution or ''}"
        return self._page(params, versions, scope, "solutionVersions", lambda version, now: version.summary(now))

    def stop_solution_version_creation(self) -> EmptyResult:
        self.personalize_backend.stop_solution_version_creation(self._input()["solutionVersionArn"])
        return EmptyResult()

    # -- campaigns --------------------------------------------------------------------------------

    def create_campaign(self) -> ActionResult:
        params = self._input()
        campaign = self.personalize_backend.create_campaign(
            name=params["name"],
            solution_version_arn=params["solutionVersionArn"],
            min_provisioned_tps=params.get("minProvisionedTPS"),
            campaign_config=params.get("campaignConfig"),
            tags=params.get("tags", []),
        )
        return ActionResult({"campaignArn": campaign.arn})

    def describe_campaign(self) -> ActionResult:
        campaign = self.personalize_backend.describe_campaign(self._input()["campaignArn"])
        return ActionResult({"campaign": campaign.wire(clock.now())})

    def list_campaigns(self) -> ActionResult:
        params = self._input()
        solution = params.get("solutionArn")
        campaigns = self.personalize_backend.list_campaigns(solution)
        return self._page(params, campaigns, f"ListCampaigns:{solution or ''}", "campaigns", _wire)

    def update_campaign(self) -> ActionResult:
        params = self._input()
        campaign = self.personalize_backend.update_campaign(
            params["campaignArn"],
            params.get("solutionVersionArn"),
            params.get("minProvisionedTPS"),
            params.get("campaignConfig"),
        )
        return ActionResult({"campaignArn": campaign.arn})

    def delete_campaign(self) -> EmptyResult:
        self.personalize_backend.delete_campaign(self._input()["campaignArn"])
        return EmptyResult()

    # -- filters ----------------------------------------------------------------------------------

    def create_filter(self) -> ActionResult:
        params = self._input()
        created = self.personalize_backend.create_filter(
            params["name"], params["datasetGroupArn"], params["filterExpression"], params.get("tags", [])
        )
        return ActionResult({"filterArn": created.arn})

    def describe_filter(self) -> ActionResult:
        described = self.personalize_backend.describe_filter(self._input()["filterArn"])
        return ActionResult({"filter": described.wire(clock.now())})

    def list_filters(self) -> ActionResult:
        """The model names the list ``Filters``, with a capital F."""
        params = self._input()
        group = params.get("datasetGroupArn")
        filters = self.personalize_backend.list_filters(group)
        return self._page(params, filters, f"ListFilters:{group or ''}", "Filters", _wire)

    def delete_filter(self) -> EmptyResult:
        self.personalize_backend.delete_filter(self._input()["filterArn"])
        return EmptyResult()


class PersonalizeRuntimeResponse(EmulatorResponse):
    """``personalize-runtime``: GetRecommendations and GetPersonalizedRanking of campaigns.

    Their answers are written as JSON here, not by moto's serializer: the members are already the model's
    (strings, and doubles for scores), and the serializer's walk over the shapes took 70 % of a request
    (2.3 ms of 3.3 with 25 items, profiled) against the bench goal of 2 ms at p50."""

    SERVICE = "personalize-runtime"

    def __init__(self) -> None:
        super().__init__(service_name=self.SERVICE)

    def get_recommendations(self) -> str:
        params = self._input()
        answer = self.personalize_backend.get_recommendations(
            campaign_arn=params.get("campaignArn"),
            recommender_arn=params.get("recommenderArn"),
            user_id=params.get("userId"),
            item_id=params.get("itemId"),
            num_results=params.get("numResults"),
            filter_arn=params.get("filterArn"),
            filter_values=params.get("filterValues", {}),
        )
        return json.dumps({"itemList": answer.wire(), "recommendationId": answer.recommendation_id})

    def get_personalized_ranking(self) -> str:
        params = self._input()
        answer = self.personalize_backend.get_personalized_ranking(
            campaign_arn=params["campaignArn"],
            user_id=params["userId"],
            input_list=params["inputList"],
            filter_arn=params.get("filterArn"),
            filter_values=params.get("filterValues", {}),
        )
        return json.dumps({"personalizedRanking": answer.wire(), "recommendationId": answer.recommendation_id})
