"""personalize-runtime: GetRecommendations and GetPersonalizedRanking (rest-json, POST /recommendations and POST
/personalize-ranking, signed "personalize"), on the emulator's endpoint.

Sources: the API reference pages of GetRecommendations and GetPersonalizedRanking (the runtime's model, botocore's
personalize-runtime 2018-05-22); "Recording real-time events to influence recommendations" (recording-events.html);
"Filtering recommendations and user segments" (filter.html) and "Filter expressions" (filter-expressions.html).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from mypy_boto3_personalize_events.type_defs import ItemTypeDef

from tests.emulator.conftest import Target, error_of, signed_post, unique
from tests.emulator.recommending_kit import (
    CLUSTERS,
    ITEMS_PER_CLUSTER,
    LATER,
    RANKING,
    SIMS,
    Event,
    Recs,
    item,
    item_ids,
)

pytestmark = pytest.mark.live

CATALOG = len(CLUSTERS) * ITEMS_PER_CLUSTER  # 60 items


def code_and_message(call: Callable[[], object]) -> tuple[str, str]:
    error = error_of(call).response["Error"]
    return error["Code"], error["Message"]


def test_recommendations_default_to_25_and_take_at_most_500(target: Target, recs: Recs) -> None:
    campaign = recs.deployed().campaign
    runtime = target.runtime()
    answer = runtime.get_recommendations(campaignArn=campaign, userId="u0")
    assert len(answer["itemList"]) == 25
    assert re.fullmatch(r"RID-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", answer["recommendationId"])
    scores = [entry["score"] for entry in answer["itemList"]]
    assert scores == sorted(scores, reverse=True)  # "sorted in descending order by prediction score"
    assert len(runtime.get_recommendations(campaignArn=campaign, userId="u0", numResults=500)["itemList"]) == CATALOG
    assert len(runtime.get_recommendations(campaignArn=campaign, userId="u0", numResults=3)["itemList"]) == 3
    code, _ = code_and_message(lambda: runtime.get_recommendations(campaignArn=campaign, userId="u0", numResults=501))
    assert code == "InvalidInputException"


def test_a_user_gets_the_items_of_the_user_s_cluster_first(target: Target, recs: Recs) -> None:
    campaign = recs.deployed().campaign
    for user in ("u0", "u1", "u2"):
        top = item_ids(target.runtime().get_recommendations(campaignArn=campaign, userId=user, numResults=10))
        assert {each[0] for each in top} == {CLUSTERS[int(user[1:]) % len(CLUSTERS)]}, (user, top)


def test_a_user_s_new_events_change_recommendations_without_retraining(target: Target, recs: Recs) -> None:
    """recording-events.html: real-time events influence User-Personalization recommendations at once."""
    deployed = recs.deployed()
    runtime = target.runtime()
    before = item_ids(runtime.get_recommendations(campaignArn=deployed.campaign, userId="u0", numResults=10))
    assert {each[0] for each in before} == {"a"}
    recs.send(deployed.group, [Event("u0", item("b", i), sent_at=LATER + timedelta(seconds=i)) for i in range(12)])
    after = item_ids(runtime.get_recommendations(campaignArn=deployed.campaign, userId="u0", numResults=10))
    assert {each[0] for each in after} == {"b"}, after


def test_a_version_keeps_what_it_learned_when_other_users_send_events(target: Target, recs: Recs) -> None:
    deployed = recs.deployed()
    runtime = target.runtime()
    before = runtime.get_recommendations(campaignArn=deployed.campaign, userId="u0")["itemList"]
    mixed = [
        Event(f"new{user}", item(CLUSTERS[step % 2], step), sent_at=LATER + timedelta(seconds=step))
        for user in range(5)
        for step in range(20)
    ]
    recs.send(deployed.group, mixed)
    assert runtime.get_recommendations(campaignArn=deployed.campaign, userId="u0")["itemList"] == before


def test_a_filter_applies_to_the_events_sent_after_training_too(target: Target, recs: Recs) -> None:
    deployed = recs.deployed()
    clicked = recs.filter(deployed.group.arn, 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")')
    runtime = target.runtime()
    kept = item_ids(runtime.get_recommendations(campaignArn=deployed.campaign, userId="u0", filterArn=clicked))
    trained = {event.item_id for event in _history_of("u0")}
    assert kept and not trained & set(kept)
    new = kept[0]
    recs.send(deployed.group, [Event("u0", new, sent_at=LATER)])
    again = item_ids(runtime.get_recommendations(campaignArn=deployed.campaign, userId="u0", filterArn=clicked))
    assert new not in again


def _history_of(user: str) -> list[Event]:
    from tests.emulator.recommending_kit import history

    return [event for event in history() if event.user_id == user]


def test_a_filter_reads_item_metadata_and_its_values(target: Target, recs: Recs) -> None:
    deployed = recs.deployed()
    api = recs.target_api
    items = api.dataset(deployed.group.arn, "Items", ("ITEM_ID", "string"), ("GENRE", "string"))
    catalog: list[ItemTypeDef] = [
        {"itemId": item(c, i), "properties": json.dumps({"genre": c.upper()})} for c in CLUSTERS for i in range(20)
    ]
    for start in range(0, len(catalog), 10):
        target.events().put_items(datasetArn=items, items=catalog[start : start + 10])
    genre = recs.filter(deployed.group.arn, "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")
    runtime = target.runtime()
    answer = runtime.get_recommendations(
        campaignArn=deployed.campaign, userId="u0", filterArn=genre, filterValues={"GENRE": '"C"'}
    )
    assert item_ids(answer) and {each[0] for each in item_ids(answer)} == {"c"}
    code, _ = code_and_message(
        lambda: runtime.get_recommendations(campaignArn=deployed.campaign, userId="u0", filterArn=genre)
    )
    assert code == "InvalidInputException"  # an INCLUDE expression needs a value for each of its parameters


def test_a_filter_must_be_active_and_of_the_campaign_s_group(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    deployed = recs.deployed()
    other = recs.filter(recs.group().arn, 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")')
    runtime = target.runtime()

    def ask(arn: str) -> object:
        return runtime.get_recommendations(campaignArn=deployed.campaign, userId="u0", filterArn=arn)

    assert code_and_message(lambda: ask(other))[0] == "InvalidInputException"
    widen()
    pending = recs.create_filter(deployed.group.arn, 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("view")')
    assert code_and_message(lambda: ask(pending))[0] == "InvalidInputException"


def test_user_personalization_needs_a_user_id(target: Target, recs: Recs) -> None:
    campaign = recs.deployed().campaign
    code, message = code_and_message(lambda: target.runtime().get_recommendations(campaignArn=campaign))
    assert code == "InvalidInputException"
    if not target.live:
        assert "userId" in message


def test_related_items_need_an_item_and_never_recommend_it(target: Target, recs: Recs) -> None:
    campaign = recs.deployed(SIMS).campaign
    runtime = target.runtime()
    assert code_and_message(lambda: runtime.get_recommendations(campaignArn=campaign, userId="u0"))[0] == (
        "InvalidInputException"
    )
    related = item_ids(runtime.get_recommendations(campaignArn=campaign, itemId="a0", numResults=10))
    assert "a0" not in related
    assert {each[0] for each in related} == {"a"}


def test_a_ranking_campaign_ranks_and_does_not_recommend(target: Target, recs: Recs) -> None:
    campaign = recs.deployed(RANKING).campaign
    runtime = target.runtime()
    assert code_and_message(lambda: runtime.get_recommendations(campaignArn=campaign, userId="u0"))[0] == (
        "InvalidInputException"
    )
    ranked = runtime.get_personalized_ranking(campaignArn=campaign, userId="u0", inputList=["b1", "a1", "never-seen"])
    assert [entry["itemId"] for entry in ranked["personalizedRanking"]] == ["a1", "b1", "never-seen"]
    assert "score" not in ranked["personalizedRanking"][-1]  # an item the model was not trained on goes last
    assert ranked["recommendationId"].startswith("RID-")
    too_many = [f"i{n}" for n in range(501)]
    assert (
        code_and_message(
            lambda: runtime.get_personalized_ranking(campaignArn=campaign, userId="u0", inputList=too_many)
        )[0]
        == "InvalidInputException"
    )


def test_only_a_ranking_campaign_ranks(target: Target, recs: Recs) -> None:
    campaign = recs.deployed().campaign
    call = lambda: target.runtime().get_personalized_ranking(campaignArn=campaign, userId="u0", inputList=["a1"])  # noqa: E731
    assert code_and_message(call)[0] == "InvalidInputException"


def test_an_unknown_campaign_is_not_found_and_a_creating_one_is_not_ready(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    runtime = target.runtime()
    missing = f"arn:aws:personalize:{target.region}:123456789012:campaign/{unique('missing')}"
    error = error_of(lambda: runtime.get_recommendations(campaignArn=missing, userId="u0"))
    assert (error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]) == (
        "ResourceNotFoundException",
        404,
    )
    version = recs.version(recs.solution(recs.trained_group().arn))
    widen()
    creating = recs.create_campaign(version)
    assert code_and_message(lambda: runtime.get_recommendations(campaignArn=creating, userId="u0"))[0] == (
        "InvalidInputException"
    )


def test_a_recommender_arn_is_not_found(target: Target) -> None:
    recommender = f"arn:aws:personalize:{target.region}:123456789012:recommender/{unique('missing')}"
    code, message = code_and_message(
        lambda: target.runtime().get_recommendations(recommenderArn=recommender, userId="u0")
    )
    assert code == "ResourceNotFoundException"
    if not target.live:
        assert "recommenders" in message


def test_the_runtime_answers_json_with_a_request_id(target: Target, recs: Recs) -> None:
    emulator = target.require_emulator()
    campaign = recs.deployed().campaign
    runtime = target.runtime()
    body = json.dumps({"campaignArn": campaign, "userId": "u0", "numResults": 2}).encode()
    status, answer = signed_post(target, runtime, "/recommendations", body, {"Content-Type": "application/json"})
    assert status == 200
    parsed: dict[str, Any] = json.loads(answer)
    assert len(parsed["itemList"]) == 2 and set(parsed) == {"itemList", "recommendationId"}
    assert emulator.calls()["GetRecommendations"] == 1
