"""Filters: CreateFilter, DescribeFilter, ListFilters, DeleteFilter (there is no UpdateFilter).

Sources: the API reference pages of CreateFilter, DeleteFilter and of the Filter data type; "Filter expressions"
(filter-expressions.html) for what an expression may say (parsed by pulumi_personalize.resources.filter_expression);
"Amazon Personalize endpoints and quotas" (limits.html) for the filter quota. How a filter changes recommendations
is in test_runtime.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from pulumi_personalize.emulator import Emulator

from tests.emulator.conftest import Target, code_of, error_of, raw_call, unique
from tests.emulator.recommending_kit import Recs

pytestmark = pytest.mark.live

CLICKED = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click")'
CREATE = ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"]


def test_a_filter_goes_through_the_create_and_delete_phases(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    group = recs.group()
    widen()
    name = unique("flt")
    arn = recs.create_filter(group.arn, CLICKED, name=name)
    assert re.fullmatch(rf"arn:aws:personalize:{target.region}:\d{{12}}:filter/{name}", arn), arn
    seen = recs.target_api.observe(lambda: recs.filter_status(arn), "ACTIVE")
    recs.client.delete_filter(filterArn=arn)
    gone = recs.target_api.observe(lambda: recs.filter_status(arn), None)
    if not target.live:
        assert seen == CREATE
        assert gone == ["DELETE PENDING", "DELETE IN_PROGRESS", None]


def test_describe_filter_has_exactly_the_modelled_members(recs: Recs) -> None:
    group = recs.group()
    arn = recs.filter(group.arn, CLICKED)
    _, body = raw_call(recs.client, "describe_filter", filterArn=arn)
    described = recs.client.describe_filter(filterArn=arn)["filter"]
    assert (described["filterArn"], described["datasetGroupArn"]) == (arn, group.arn)
    assert described["filterExpression"] == CLICKED
    assert set(described) - {"ResponseMetadata"} <= {
        "name",
        "filterArn",
        "creationDateTime",
        "lastUpdatedDateTime",
        "datasetGroupArn",
        "failureReason",
        "filterExpression",
        "status",
    }
    assert b"failureReason" not in body


def test_an_invalid_expression_is_refused_saying_why(recs: Recs) -> None:
    group = recs.group()
    error = error_of(lambda: recs.create_filter(group.arn, 'EXCLUDE ItemID WHERE Items.GENRE != "x"'))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    if not recs.target_api.target.live:
        assert "NOT IN" in error.response["Error"]["Message"]


def test_a_filter_needs_a_known_group_and_a_name_of_its_own(target: Target, recs: Recs) -> None:
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset-group/{unique('missing')}"
    assert code_of(lambda: recs.create_filter(missing, CLICKED)) == "ResourceNotFoundException"
    group = recs.group()
    name = unique("flt")
    recs.create_filter(group.arn, CLICKED, name=name)
    assert code_of(lambda: recs.create_filter(group.arn, CLICKED, name=name)) == "ResourceAlreadyExistsException"


def test_a_group_with_a_filter_cannot_be_deleted(recs: Recs) -> None:
    group = recs.group(tracked=False)
    arn = recs.filter(group.arn, CLICKED)
    recs.client.delete_dataset(datasetArn=group.interactions)
    recs.target_api.wait_dataset(group.interactions, None)
    error = error_of(lambda: recs.client.delete_dataset_group(datasetGroupArn=group.arn))
    assert error.response["Error"]["Code"] == "ResourceInUseException"
    assert arn in error.response["Error"]["Message"]
    recs.client.delete_filter(filterArn=arn)
    recs.wait(recs.filter_status, arn, None)
    recs.client.delete_dataset_group(datasetGroupArn=group.arn)


def test_filters_of_a_group_come_in_pages(target: Target, recs: Recs) -> None:
    group, other = recs.group(), recs.group()
    first, second = recs.create_filter(group.arn, CLICKED), recs.create_filter(group.arn, CLICKED)
    recs.create_filter(other.arn, CLICKED)
    page = recs.client.list_filters(datasetGroupArn=group.arn, maxResults=1)
    rest = recs.client.list_filters(datasetGroupArn=group.arn, nextToken=page["nextToken"])
    assert [f["filterArn"] for f in page["Filters"] + rest["Filters"]] == [first, second]
    assert "nextToken" not in rest
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset-group/{unique('missing')}"
    assert recs.client.list_filters(datasetGroupArn=missing)["Filters"] == []


def test_filters_take_tags(recs: Recs) -> None:
    arn = recs.create_filter(recs.group().arn, CLICKED, tags=[{"tagKey": "team", "tagValue": "recs"}])
    assert recs.client.list_tags_for_resource(resourceArn=arn)["tags"] == [{"tagKey": "team", "tagValue": "recs"}]


def test_the_filter_quota_is_per_dataset_group(recs: Recs, emu: Emulator) -> None:
    """limits.html: "Total number of filters" per dataset group, 10 (adjustable)."""
    emu.set_quotas(filters=1)
    group, other = recs.group(), recs.group()
    recs.create_filter(group.arn, CLICKED)
    assert code_of(lambda: recs.create_filter(group.arn, CLICKED)) == "LimitExceededException"
    recs.create_filter(other.arn, CLICKED)
