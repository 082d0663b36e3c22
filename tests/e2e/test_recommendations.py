"""The custom recommendation path through the real CLI against the emulator: Solution, SolutionVersion (the
training), Campaign and Filter, with GetRecommendations answering from what was trained (issue #24).

Each resource: create and wait, no-op preview, tags in place, the campaign's in-place update on a retrain,
replacement, refresh after an out-of-band delete, a failed training with its clear error, and destroy in
dependency order with nothing left.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_personalize.emulator import Emulator

from testkit.aws import INTERACTIONS, active_dataset
from tests.aws import active_group, active_tracker, aws_client, tags_of
from tests.harness import Stack

PROGRAM = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
tags = config.get_object("tags") or {}
solution = personalize.Solution(
    "for-you",
    dataset_group_arn=config.require("groupArn"),
    recipe_arn=config.get("recipe") or "arn:aws:personalize:::recipe/aws-user-personalization",
    perform_auto_training=False,
    tags=tags,
)
version = personalize.SolutionVersion(
    "model", solution_arn=solution.solution_arn, trigger=config.get("training"), tags=tags
)
campaign = personalize.Campaign(
    "for-you", solution_version_arn=version.solution_version_arn, tags=tags,
    min_provisioned_tps=int(config.get("tps") or 1),
)
not_bought = personalize.Filter(
    "not-bought",
    dataset_group_arn=config.require("groupArn"),
    filter_expression=config.get("expression") or 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")',
    tags=tags,
)
pulumi.export("solutionArn", solution.solution_arn)
pulumi.export("solutionVersionArn", version.solution_version_arn)
pulumi.export("versionStatus", version.status)
pulumi.export("campaignArn", campaign.campaign_arn)
pulumi.export("filterArn", not_bought.filter_arn)
"""
TYPE = "pulumi-python:dynamic/personalize:"
USERS, ITEMS, PER_USER = 40, 60, 26  # 1,040 interactions, each user with 26: above the training minimums


def record_history(emulator: Emulator, group: str, users: int = USERS, per_user: int = PER_USER) -> str:
    """A tracker for the group, and a seeded history sent through it with PutEvents; the tracking ID."""
    personalize = aws_client("personalize", emulator.endpoint_url)
    events = aws_client("personalize-events", emulator.endpoint_url)
    tracker = active_tracker(personalize, group, "clicks")
    tracking_id = str(personalize.describe_event_tracker(eventTrackerArn=tracker)["eventTracker"]["trackingId"])
    chooser = random.Random(3)
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    for user in range(users):
        batch = [
            {
                "eventType": "purchase" if step % 5 == 0 else "click",
                "itemId": f"item-{chooser.randrange(user % 3, ITEMS, 3)}",
                "sentAt": start + datetime.timedelta(minutes=user * 100 + step),
            }
            for step in range(per_user)
        ]
        for first in range(0, len(batch), 10):
            events.put_events(
                trackingId=tracking_id,
                userId=f"user-{user}",
                sessionId=f"s-{user}",
                eventList=batch[first : first + 10],
            )
    return tracking_id


def group_with_history(emulator: Emulator, name: str, **history: int) -> str:
    personalize = aws_client("personalize", emulator.endpoint_url)
    group = active_group(personalize, name)
    active_dataset(personalize, group, "Interactions", INTERACTIONS, f"{name}-interactions")
    record_history(emulator, group, **history)
    return group


def recommendation_stack(aws_stack: Callable[..., Stack], emulator: Emulator, group: str, **config: str) -> Stack:
    stack = aws_stack(PROGRAM)
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME"] = emulator.endpoint_url
    stack.set_config("groupArn", group)
    for key, value in config.items():
        stack.set_config(key, value)
    return stack


def recommended(emulator: Emulator, campaign: str, user: str, **request: Any) -> list[str]:
    runtime = aws_client("personalize-runtime", emulator.endpoint_url)
    answer = runtime.get_recommendations(campaignArn=campaign, userId=user, **request)
    return [item["itemId"] for item in answer["itemList"]]


def test_the_path_trains_serves_a_filtered_campaign_and_a_retrain_moves_it_in_place(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = group_with_history(emulator, "shop")
    stack = recommendation_stack(aws_stack, emulator, group, tags=json.dumps({"team": "recs"}))
    stack.up()
    first = stack.outputs()
    assert first["versionStatus"] == "ACTIVE"
    described = personalize.describe_campaign(campaignArn=first["campaignArn"])["campaign"]
    assert described["status"] == "ACTIVE" and described["solutionVersionArn"] == first["solutionVersionArn"]
    items = recommended(emulator, first["campaignArn"], "user-1")
    assert len(items) == 25, "GetRecommendations' default numResults is 25"
    bought = {
        event["event"]["itemId"]
        for event in emulator.events()
        if event.get("userId") == "user-1" and event["event"]["eventType"] == "purchase"
    }
    filtered = recommended(emulator, first["campaignArn"], "user-1", filterArn=first["filterArn"])
    assert filtered and not bought & set(filtered), "the filter excludes what user-1 bought"
    assert bought & set(items), "without the filter, user-1's purchases are among the recommendations"
    for key in ("solutionArn", "solutionVersionArn", "campaignArn", "filterArn"):
        assert tags_of(personalize, first[key]) == {"team": "recs"}, key
    assert stack.preview_is_empty()

    stack.set_config("tags", json.dumps({"team": "growth"}))
    preview = stack.preview()
    assert "replace" not in preview.output, preview.output
    stack.up()
    for key in ("solutionArn", "solutionVersionArn", "campaignArn", "filterArn"):
        assert tags_of(personalize, first[key]) == {"team": "growth"}, key

    stack.set_config("training", "2")
    steps = json.loads(stack.pulumi("preview", "--json").stdout)["steps"]
    operations: dict[str, set[str]] = {}
    for step in steps:
        if step["op"] != "same":
            operations.setdefault(step["urn"].split("::")[2].removeprefix(TYPE), set()).add(step["op"])
    assert operations == {"SolutionVersion": {"replace"}, "Campaign": {"update"}}, operations
    preview = stack.preview()
    assert "~ pulumi-python:dynamic/personalize:Campaign: (update)" in preview.output, preview.output
    stack.up()
    second = stack.outputs()
    assert second["campaignArn"] == first["campaignArn"], "the campaign moved in place"
    assert second["solutionVersionArn"] != first["solutionVersionArn"]
    described = personalize.describe_campaign(campaignArn=second["campaignArn"])["campaign"]
    assert described["solutionVersionArn"] == second["solutionVersionArn"]
    old = personalize.describe_solution_version(solutionVersionArn=first["solutionVersionArn"])["solutionVersion"]
    assert old["status"] == "ACTIVE", "the old version is forgotten, not deleted (there is no API to delete it)"
    assert stack.preview_is_empty()

    result = stack.destroy()
    assert "forgotten, not deleted" in result.output
    for kind in ("solution", "campaign", "filter", "solution-version"):
        assert not [r for r in emulator.resources() if r["kind"] == kind and r["status"] != "DELETED"], kind


def test_a_training_without_enough_interactions_fails_up_with_the_numbers_and_what_to_do(
    aws_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    group = group_with_history(emulator, "small", users=3, per_user=3)
    stack = recommendation_stack(aws_stack, emulator, group)
    result = stack.up(ok=False)
    assert result.returncode != 0
    assert "CREATE FAILED" in result.output and "1,000" in result.output and "has 9" in result.output, result.output
    assert "change the version's `trigger`" in result.output
    # the solution is still the stack's: destroy removes it, and its failed version with it
    stack.destroy()
    assert not [r for r in emulator.resources() if r["kind"] == "solution" and r["status"] != "DELETED"]


def test_a_filter_expression_error_fails_preview_naming_where_with_no_aws_call(
    aws_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    group = active_group(aws_client("personalize", emulator.endpoint_url), "typo")
    stack = recommendation_stack(
        aws_stack, emulator, group, expression='EXCLUDE ItemID WHERE Interactions.EVENT_TYPE INN ("purchase")'
    )
    before = sum(emulator.calls().values())
    result = stack.preview(ok=False)
    assert result.returncode != 0 and "filterExpression" in result.output and "INN" in result.output, result.output
    assert sum(emulator.calls().values()) == before, "preview must not call AWS"


def test_a_filter_change_replaces_it_and_a_deleted_campaign_is_recreated_after_refresh(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = group_with_history(emulator, "drift")
    stack = recommendation_stack(aws_stack, emulator, group)
    stack.up()
    first = stack.outputs()
    stack.set_config("expression", 'INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")')
    steps = json.loads(stack.pulumi("preview", "--json").stdout)["steps"]
    reasons = {step["urn"].split("::")[2]: step.get("replaceReasons") for step in steps if step["op"] != "same"}
    assert reasons.get(f"{TYPE}Filter") == ["filterExpression"], reasons
    stack.up()
    described = personalize.describe_filter(filterArn=stack.outputs()["filterArn"])["filter"]
    assert described["filterExpression"] == 'INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")'
    filters = [r for r in emulator.resources() if r["kind"] == "filter"]
    assert [r["status"] for r in filters] == ["DELETED", "ACTIVE"], "replaced: the old filter deleted first"

    personalize.delete_campaign(campaignArn=first["campaignArn"])
    stack.refresh()
    assert not [r for r in stack.resources() if r["type"] == f"{TYPE}Campaign"]
    stack.up()
    assert stack.outputs()["campaignArn"] == first["campaignArn"], "recreated under its name"
    assert stack.preview_is_empty()
    stack.destroy()


def test_a_new_recipe_makes_a_new_solution_first_the_campaign_follows_in_place_then_the_old_one_goes(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = group_with_history(emulator, "recipe")
    stack = recommendation_stack(aws_stack, emulator, group)
    stack.up()
    first = stack.outputs()
    stack.set_config("recipe", "arn:aws:personalize:::recipe/aws-user-personalization-v2")
    steps = json.loads(stack.pulumi("preview", "--json").stdout)["steps"]
    reasons = {step["urn"].split("::")[2]: step.get("replaceReasons") for step in steps if step["op"] == "replace"}
    assert reasons.get(f"{TYPE}Solution") == ["name", "recipeArn"], reasons  # the new one is named anew
    stack.up()
    second = stack.outputs()
    assert second["campaignArn"] == first["campaignArn"] and second["solutionArn"] != first["solutionArn"]
    described = personalize.describe_campaign(campaignArn=second["campaignArn"])["campaign"]
    assert described["solutionVersionArn"] == second["solutionVersionArn"]
    with pytest.raises(ClientError) as gone:
        personalize.describe_solution(solutionArn=first["solutionArn"])
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert recommended(emulator, second["campaignArn"], "user-2"), "the campaign serves the new model"
    assert stack.preview_is_empty()
    stack.destroy()
