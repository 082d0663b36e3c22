"""ListDatasetGroups and ListEventTrackers: pages of 1-100, opaque tokens, bad tokens refused."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from tests.emulator.conftest import Api, Target, code_of

pytestmark = pytest.mark.live


def all_pages(list_page: Callable[..., Any], key: str, arn_key: str, **params: Any) -> list[list[str]]:
    pages: list[list[str]] = []
    token: str | None = None
    while True:
        page = list_page(**params, **({"nextToken": token} if token else {}))
        pages.append([item[arn_key] for item in page[key]])
        token = page.get("nextToken")
        if not token:
            return pages


def test_dataset_groups_come_in_pages(target: Target, api: Api) -> None:
    made = {api.create_group() for _ in range(5)}
    pages = all_pages(api.client.list_dataset_groups, "datasetGroups", "datasetGroupArn", maxResults=2)
    listed = [arn for page in pages for arn in page]
    assert made <= set(listed)
    assert len(listed) == len(set(listed)), "no group listed twice"
    assert all(len(page) <= 2 for page in pages)
    if not target.live:
        assert [len(page) for page in pages] == [2, 2, 1]


def test_event_trackers_of_a_dataset_group_come_in_pages(target: Target, api: Api) -> None:
    groups = [api.group() for _ in range(3)]
    trackers = {api.create_tracker(group)[0] for group in groups}
    pages = all_pages(api.client.list_event_trackers, "eventTrackers", "eventTrackerArn", maxResults=1)
    assert trackers <= {arn for page in pages for arn in page}
    for group in groups:
        (only,) = api.client.list_event_trackers(datasetGroupArn=group)["eventTrackers"]
        assert only["eventTrackerArn"] in trackers
        assert set(only) - {"ResponseMetadata"} == {
            "name",
            "eventTrackerArn",
            "status",
            "creationDateTime",
            "lastUpdatedDateTime",
        }


def test_list_summaries_carry_status(api: Api, widen: Callable[[], None]) -> None:
    widen()
    group = api.create_group()
    (summary,) = [g for g in api.client.list_dataset_groups()["datasetGroups"] if g["datasetGroupArn"] == group]
    assert summary["status"] == "CREATE PENDING"


def test_deleting_between_pages_neither_repeats_nor_skips_the_others(target: Target, api: Api) -> None:
    target.require_emulator()  # needs a known, complete listing
    made = [api.group() for _ in range(4)]
    first = api.client.list_dataset_groups(maxResults=2)
    assert [g["datasetGroupArn"] for g in first["datasetGroups"]] == made[:2]
    api.client.delete_dataset_group(datasetGroupArn=made[2])
    api.wait_group(made[2], None)
    rest = api.client.list_dataset_groups(maxResults=2, nextToken=first["nextToken"])
    assert [g["datasetGroupArn"] for g in rest["datasetGroups"]] == [made[3]]
    assert "nextToken" not in rest


def test_max_results_must_be_between_1_and_100(target: Target) -> None:
    raw = target.personalize(validate=False)
    for bad in (0, 101):
        for list_page in (raw.list_dataset_groups, raw.list_event_trackers):
            assert code_of(partial(list_page, maxResults=bad)) == "InvalidInputException"
    raw.list_dataset_groups(maxResults=100)


def test_a_bad_next_token_is_refused(api: Api) -> None:
    api.create_group()
    api.create_group()
    client = api.client
    for token in ("not-a-token", "eyJ0b2tlbiI6IDF9"):
        assert code_of(partial(client.list_dataset_groups, nextToken=token)) == "InvalidNextTokenException"
        assert code_of(partial(client.list_event_trackers, nextToken=token)) == "InvalidNextTokenException"


def test_a_token_is_only_good_for_the_listing_that_issued_it(target: Target, api: Api) -> None:
    target.require_emulator()
    api.create_group()
    api.create_group()
    token = api.client.list_dataset_groups(maxResults=1)["nextToken"]
    assert code_of(lambda: api.client.list_event_trackers(nextToken=token)) == "InvalidNextTokenException"


def test_trackers_of_an_unknown_dataset_group_are_an_empty_list(target: Target, api: Api) -> None:
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset-group/never-made"
    assert api.client.list_event_trackers(datasetGroupArn=missing)["eventTrackers"] == []
