"""The rules of dataset groups and event trackers: identity, uniqueness, dependencies, isolation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import boto3
import pytest

from tests.emulator.conftest import Api, Target, code_of, error_of, unique

pytestmark = pytest.mark.live

ARN_PREFIX = r"arn:aws:personalize:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"


def test_dataset_group_arn_is_built_from_region_account_and_name(target: Target, api: Api) -> None:
    name = unique("grp")
    arn = api.create_group(name)
    match = re.fullmatch(ARN_PREFIX + r"dataset-group/(?P<name>.+)", arn)
    assert match is not None, arn
    assert (match["region"], match["name"]) == (target.region, name)


def test_event_tracker_arn_ends_in_a_generated_id_and_tracking_id_is_a_uuid(target: Target, api: Api) -> None:
    name = unique("trk")
    arn, tracking_id = api.create_tracker(api.group(), name)
    match = re.fullmatch(ARN_PREFIX + r"event-tracker/(?P<id>[0-9a-f]{8})", arn)
    assert match is not None, arn
    assert match["region"] == target.region
    assert name not in arn
    assert str(uuid.UUID(tracking_id)) == tracking_id


def test_one_event_tracker_per_dataset_group(api: Api) -> None:
    group = api.group()
    first, _ = api.create_tracker(group)
    error = error_of(lambda: api.client.create_event_tracker(name=unique("trk"), datasetGroupArn=group))
    assert error.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    assert first in error.response["Error"]["Message"]


def test_second_tracker_is_refused_while_the_first_is_being_deleted(api: Api, widen: Callable[[], None]) -> None:
    group = api.group()
    first, _ = api.tracker(group)
    widen()
    api.client.delete_event_tracker(eventTrackerArn=first)
    error = error_of(lambda: api.client.create_event_tracker(name=unique("trk"), datasetGroupArn=group))
    assert error.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    api.wait_tracker(first, None)
    api.create_tracker(group)


def test_tracker_needs_an_existing_dataset_group(target: Target, api: Api) -> None:
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset-group/{unique('missing')}"
    code = code_of(lambda: api.client.create_event_tracker(name=unique("trk"), datasetGroupArn=missing))
    assert code == "ResourceNotFoundException"


def test_tracker_needs_an_active_dataset_group(api: Api, widen: Callable[[], None]) -> None:
    widen()
    group = api.create_group()
    assert api.group_status(group) == "CREATE PENDING"
    error = error_of(lambda: api.client.create_event_tracker(name=unique("trk"), datasetGroupArn=group))
    assert error.response["Error"]["Code"] == "ResourceInUseException"
    assert "ACTIVE" in error.response["Error"]["Message"]


def test_tracker_names_need_not_be_unique(api: Api) -> None:
    name = unique("same")
    first, _ = api.create_tracker(api.group(), name)
    second, _ = api.create_tracker(api.group(), name)
    assert first != second


def test_dataset_group_names_are_unique_per_account_and_region(target: Target, api: Api) -> None:
    name = unique("grp")
    api.create_group(name)
    assert code_of(lambda: api.client.create_dataset_group(name=name)) == "ResourceAlreadyExistsException"
    elsewhere = Api(target, target.personalize(region=target.other_region))
    try:
        assert target.other_region in elsewhere.create_group(name)
    finally:
        if target.live:
            elsewhere.cleanup()


def test_dataset_group_names_are_unique_per_account(target: Target, api: Api) -> None:
    target.require_emulator()
    name = unique("grp")
    first = api.create_group(name)
    other_account = target.personalize(access_key="210987654321")
    second = other_account.create_dataset_group(name=name)["datasetGroupArn"]
    assert first.split(":")[4] != second.split(":")[4] == "210987654321"


def test_every_service_on_the_port_sees_the_account_of_a_12_digit_access_key(target: Target) -> None:
    """STS on the same endpoint answers the account Personalize serves: clients that build ARNs from
    GetCallerIdentity (the Step Functions sample's Loader) then find their resources, as on AWS."""
    target.require_emulator()
    sts = boto3.client("sts", **target.client_options(access_key="111122223333"))
    assert sts.get_caller_identity()["Account"] == "111122223333"
    group = target.personalize(access_key="111122223333").create_dataset_group(name=unique("grp"))
    assert group["datasetGroupArn"].split(":")[4] == "111122223333"


def test_dataset_group_name_is_free_again_once_the_group_is_gone(api: Api) -> None:
    name = unique("grp")
    arn = api.group(name)
    api.client.delete_dataset_group(datasetGroupArn=arn)
    assert code_of(lambda: api.client.create_dataset_group(name=name)) == "ResourceAlreadyExistsException"
    api.wait_group(arn, None)
    assert api.create_group(name) == arn


def test_creating_resources_cannot_be_deleted(api: Api, widen: Callable[[], None]) -> None:
    widen()
    group = api.create_group()
    assert code_of(lambda: api.client.delete_dataset_group(datasetGroupArn=group)) == "ResourceInUseException"
    api.wait_group(group, "CREATE IN_PROGRESS")
    assert code_of(lambda: api.client.delete_dataset_group(datasetGroupArn=group)) == "ResourceInUseException"
    api.wait_group(group, "ACTIVE")
    tracker, _ = api.create_tracker(group)
    assert code_of(lambda: api.client.delete_event_tracker(eventTrackerArn=tracker)) == "ResourceInUseException"
    api.wait_tracker(tracker, "CREATE IN_PROGRESS")
    assert code_of(lambda: api.client.delete_event_tracker(eventTrackerArn=tracker)) == "ResourceInUseException"


def test_dataset_group_with_a_tracker_in_any_state_cannot_be_deleted(api: Api, widen: Callable[[], None]) -> None:
    group = api.group()
    widen()
    tracker, _ = api.create_tracker(group)

    def refused() -> None:
        error = error_of(lambda: api.client.delete_dataset_group(datasetGroupArn=group))
        assert error.response["Error"]["Code"] == "ResourceInUseException"
        assert tracker in error.response["Error"]["Message"]

    refused()  # CREATE PENDING
    api.wait_tracker(tracker, "ACTIVE")
    refused()
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    refused()  # DELETE PENDING
    api.wait_tracker(tracker, "DELETE IN_PROGRESS")
    refused()
    api.wait_tracker(tracker, None)
    api.client.delete_dataset_group(datasetGroupArn=group)
    assert api.group_status(group) == "DELETE PENDING"


def test_deleting_a_gone_resource_is_not_found(api: Api) -> None:
    tracker, _ = api.tracker()
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    api.wait_tracker(tracker, None)
    assert code_of(lambda: api.client.delete_event_tracker(eventTrackerArn=tracker)) == "ResourceNotFoundException"


def test_unknown_arns_are_not_found(target: Target, api: Api) -> None:
    prefix = f"arn:aws:personalize:{target.region}:123456789012"
    client = api.client
    calls = [
        lambda: client.describe_dataset_group(datasetGroupArn=f"{prefix}:dataset-group/{unique('none')}"),
        lambda: client.delete_dataset_group(datasetGroupArn=f"{prefix}:dataset-group/{unique('none')}"),
        lambda: client.describe_event_tracker(eventTrackerArn=f"{prefix}:event-tracker/0badf00d"),
        lambda: client.delete_event_tracker(eventTrackerArn=f"{prefix}:event-tracker/0badf00d"),
    ]
    assert [code_of(call) for call in calls] == ["ResourceNotFoundException"] * 4


def test_regions_are_isolated(target: Target, api: Api) -> None:
    group = api.group()
    tracker, _ = api.create_tracker(group)
    elsewhere = target.personalize(region=target.other_region)
    assert code_of(lambda: elsewhere.describe_event_tracker(eventTrackerArn=tracker)) == "ResourceNotFoundException"
    assert code_of(lambda: elsewhere.describe_dataset_group(datasetGroupArn=group)) == "ResourceNotFoundException"
    assert tracker not in [t["eventTrackerArn"] for t in elsewhere.list_event_trackers()["eventTrackers"]]


def test_accounts_are_isolated_and_arns_carry_the_account_of_the_request(target: Target) -> None:
    target.require_emulator()
    alice, bob = target.personalize(access_key="111111111111"), target.personalize(access_key="222222222222")
    group = alice.create_dataset_group(name=unique("grp"))["datasetGroupArn"]
    assert group.split(":")[4] == "111111111111"
    assert code_of(lambda: bob.describe_dataset_group(datasetGroupArn=group)) == "ResourceNotFoundException"
    assert bob.list_dataset_groups()["datasetGroups"] == []
    default = target.personalize().create_dataset_group(name=unique("grp"))["datasetGroupArn"]
    assert default.split(":")[4] == "123456789012", "moto's default account for a non-numeric key"


def test_failed_dataset_group_has_a_failure_reason_and_failed_tracker_has_none(target: Target, api: Api) -> None:
    emulator = target.require_emulator()
    emulator.set_faults("fail-next-dataset-group=1;fail-next-tracker=1")
    failed_group = api.create_group()
    api.wait_group(failed_group, "CREATE FAILED")
    described = api.client.describe_dataset_group(datasetGroupArn=failed_group)["datasetGroup"]
    assert described["failureReason"]
    tracker, _ = api.create_tracker(api.group())
    api.wait_tracker(tracker, "CREATE FAILED")
    assert "failureReason" not in api.client.describe_event_tracker(eventTrackerArn=tracker)["eventTracker"]
    assert code_of(lambda: api.client.create_event_tracker(name="t", datasetGroupArn=failed_group)) == (
        "ResourceInUseException"
    )
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    api.client.delete_dataset_group(datasetGroupArn=failed_group)
    api.wait_group(failed_group, None)
