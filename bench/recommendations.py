"""Item 11: the emulator trains and serves: a User-Personalization training on 100,000 interactions (10,000 items,
2,000 users), and GetRecommendations over HTTP from a campaign of that model, with a filter.

Goals (issue #24): training <= 2 s; GetRecommendations p50 <= 2 ms and p99 <= 10 ms, with 10,000 items and a
filter. The training is timed where the emulator does it (`training.train`, as CreateSolutionVersion's model is
first used). The requests are timed on one kept-alive HTTP connection to the emulator process, with headers
signed once (the emulator reads the signature's account, and does not verify it): what is measured is the
emulator's answer, not botocore's client work (about 2 ms of CPU a call, measured beside it for reference).
"""

from __future__ import annotations

import datetime
import http.client
import json
import random
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from pulumi_personalize.emulator.training import RECIPES, Interaction, train

from testkit.aws import INTERACTIONS, REGION, active_dataset, active_group, active_tracker, aws_client, wait_status
from testkit.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

from .context import Context
from .measure import Goal, Row, SectionResult, median

RECIPE = "arn:aws:personalize:::recipe/aws-user-personalization"
TRAIN_GOAL, P50_GOAL, P99_GOAL = 2.0, 2.0, 10.0
FILTER = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")'


def history(count: int, items: int, users: int, seed: int = 42) -> list[Interaction]:
    chooser = random.Random(seed)
    return [
        Interaction(
            f"user-{chooser.randrange(users)}",
            f"item-{chooser.randrange(items)}",
            1_700_000_000.0 + index,
            "purchase" if chooser.random() < 0.1 else "click",
        )
        for index in range(count)
    ]


def run(ctx: Context) -> SectionResult:
    sizes = ctx.sizes
    interactions = history(sizes.training_interactions, sizes.catalogue_items, sizes.catalogue_items // 5)
    trainings = []
    for _ in range(3):
        started = time.perf_counter()
        train(RECIPES[RECIPE], interactions)
        trainings.append(time.perf_counter() - started)
    campaign, filter_arn = _deployed(ctx, interactions)
    latencies = _http_latencies(ctx.emulator.endpoint_url, campaign, filter_arn, sizes.runtime_requests)
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    boto3_p50 = _boto3_p50(ctx, campaign, filter_arn)
    label = f"{len(interactions):,} interactions, {sizes.catalogue_items:,} items"
    rows = [
        Row(f"training (user-personalization), {label}", round(median(trainings), 3), "s", Goal(TRAIN_GOAL)),
        Row("GetRecommendations p50 (HTTP, with a filter)", round(p50, 2), "ms", Goal(P50_GOAL)),
        Row("GetRecommendations p99 (HTTP, with a filter)", round(p99, 2), "ms", Goal(P99_GOAL)),
        Row("GetRecommendations p50 through boto3 (for reference)", round(boto3_p50, 2), "ms"),
    ]
    data = {"trainings": trainings, "p50Ms": p50, "p99Ms": p99, "requests": len(latencies)}
    return SectionResult("recommendations", "11. Training and recommendations", rows, data)


def _deployed(ctx: Context, interactions: list[Interaction]) -> tuple[str, str]:
    """A group whose tracker recorded `interactions`, a trained version, its campaign and a filter."""
    ctx.emulator.set_timings(0, 0)
    ctx.emulator.set_train_seconds(0)
    personalize = ctx.personalize()
    group = active_group(personalize, "bench-recommendations")
    active_dataset(personalize, group, "Interactions", INTERACTIONS, "bench-recommendations-interactions")
    tracker = active_tracker(personalize, group, "bench-recommendations")
    tracking_id = personalize.describe_event_tracker(eventTrackerArn=tracker)["eventTracker"]["trackingId"]
    _send(ctx.emulator.endpoint_url, tracking_id, interactions)
    solution = personalize.create_solution(name="bench-for-you", datasetGroupArn=group, recipeArn=RECIPE)
    wait_status(personalize, "describe_solution", "solution", "solutionArn", solution["solutionArn"], "ACTIVE")
    version = personalize.create_solution_version(solutionArn=solution["solutionArn"])["solutionVersionArn"]
    wait_status(personalize, "describe_solution_version", "solutionVersion", "solutionVersionArn", version, "ACTIVE")
    campaign = personalize.create_campaign(name="bench-for-you", solutionVersionArn=version)["campaignArn"]
    wait_status(personalize, "describe_campaign", "campaign", "campaignArn", campaign, "ACTIVE")
    filter_arn = personalize.create_filter(name="bench-not-bought", datasetGroupArn=group, filterExpression=FILTER)
    wait_status(personalize, "describe_filter", "filter", "filterArn", filter_arn["filterArn"], "ACTIVE")
    ctx.shared["trainable"] = (personalize, solution["solutionArn"])
    return campaign, filter_arn["filterArn"]


def _send(endpoint: str, tracking_id: str, interactions: list[Interaction]) -> None:
    """PutEvents, 10 events a call (the API's most), 4 calls at once."""
    by_user: dict[str, list[Interaction]] = {}
    for interaction in interactions:
        by_user.setdefault(interaction.user_id, []).append(interaction)
    batches = [(user, events[i : i + 10]) for user, events in by_user.items() for i in range(0, len(events), 10)]
    client = aws_client("personalize-events", endpoint)

    def put(batch: tuple[str, list[Interaction]]) -> None:
        user, events = batch
        event_list: Any = [
            {
                "eventType": event.event_type,
                "itemId": event.item_id,
                "sentAt": datetime.datetime.fromtimestamp(event.timestamp, datetime.UTC),
            }
            for event in events
        ]
        client.put_events(trackingId=tracking_id, userId=user, sessionId=user, eventList=event_list)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(put, batches))


def _http_latencies(endpoint: str, campaign: str, filter_arn: str, count: int) -> list[float]:
    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port)
    latencies = []
    signed = _signed(endpoint, "{}")
    for index in range(count):
        body = json.dumps({"campaignArn": campaign, "userId": f"user-{index % 500}", "filterArn": filter_arn})
        headers = {**signed, "Content-Length": str(len(body))}
        started = time.perf_counter()
        connection.request("POST", "/recommendations", body=body, headers=headers)
        answer = connection.getresponse()
        payload = answer.read()
        latencies.append(time.perf_counter() - started)
        if answer.status != 200 or not json.loads(payload)["itemList"]:
            raise RuntimeError(f"GetRecommendations answered {answer.status}: {payload[:300]!r}")
    connection.close()
    return latencies


def _signed(endpoint: str, body: str) -> dict[str, str]:
    request = AWSRequest("POST", f"{endpoint}/recommendations", data=body, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY), "personalize", REGION).add_auth(request)
    return dict(request.headers.items())


def _boto3_p50(ctx: Context, campaign: str, filter_arn: str, count: int = 50) -> float:
    runtime = aws_client("personalize-runtime", ctx.emulator.endpoint_url)
    times = []
    for index in range(count):
        started = time.perf_counter()
        runtime.get_recommendations(campaignArn=campaign, userId=f"user-{index}", filterArn=filter_arn)
        times.append(time.perf_counter() - started)
    return median(times) * 1000
