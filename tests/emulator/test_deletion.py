"""Which resources can be deleted, and the statuses a deletion goes through.

Developer guide, "Requirements for deleting Amazon Personalize resources"
(https://docs.aws.amazon.com/personalize/latest/dg/gs-cleanup.html): only a resource that is ACTIVE or
CREATE FAILED can be deleted; a delete of one already being deleted is ResourceInUseException
(retail-demo-store issue #527 shows the failure on AWS). The DatasetGroup data type lists DELETE PENDING
as a group's only deletion status (API_DatasetGroup.html).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.emulator.conftest import USERS_FIELDS, WIDER_USERS, Api, avro, code_of

pytestmark = pytest.mark.live


def test_a_tracker_being_deleted_cannot_be_deleted_again(api: Api, widen: Callable[[], None]) -> None:
    tracker, _ = api.tracker()
    widen()
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    assert api.tracker_status(tracker) == "DELETE PENDING"
    assert code_of(lambda: api.client.delete_event_tracker(eventTrackerArn=tracker)) == "ResourceInUseException"
    api.wait_tracker(tracker, "DELETE IN_PROGRESS")
    assert code_of(lambda: api.client.delete_event_tracker(eventTrackerArn=tracker)) == "ResourceInUseException"
    api.wait_tracker(tracker, None)
    assert code_of(lambda: api.client.delete_event_tracker(eventTrackerArn=tracker)) == "ResourceNotFoundException"


def test_a_dataset_being_deleted_cannot_be_deleted_again(api: Api, widen: Callable[[], None]) -> None:
    dataset = api.dataset(api.group(), "Users", *USERS_FIELDS)
    widen()
    api.client.delete_dataset(datasetArn=dataset)
    assert api.dataset_status(dataset) == "DELETE PENDING"
    assert code_of(lambda: api.client.delete_dataset(datasetArn=dataset)) == "ResourceInUseException"


def test_a_dataset_group_being_deleted_cannot_be_deleted_again(api: Api, widen: Callable[[], None]) -> None:
    group = api.group()
    widen()
    api.client.delete_dataset_group(datasetGroupArn=group)
    assert code_of(lambda: api.client.delete_dataset_group(datasetGroupArn=group)) == "ResourceInUseException"


def test_a_dataset_group_is_deleted_through_delete_pending_only(api: Api, widen: Callable[[], None]) -> None:
    group = api.group()
    widen()
    api.client.delete_dataset_group(datasetGroupArn=group)
    assert api.observe(lambda: api.group_status(group), None) == ["DELETE PENDING", None]


def test_a_failed_tracker_can_be_deleted(api: Api) -> None:
    emu = api.target.require_emulator()
    emu.set_faults("fail-next-tracker=1")
    tracker, _ = api.create_tracker(api.group())
    api.wait_tracker(tracker, "CREATE FAILED")
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    api.wait_tracker(tracker, None)


def test_a_dataset_keeps_its_status_while_its_schema_is_replaced(api: Api, widen: Callable[[], None]) -> None:
    """The Dataset data type documents CREATE and DELETE statuses only; an update's progress is in
    latestDatasetUpdate (DatasetUpdateSummary)."""
    arn = api.dataset(api.group(), "Users", *USERS_FIELDS)
    new = api.create_schema(avro(*WIDER_USERS))
    widen()
    api.client.update_dataset(datasetArn=arn, schemaArn=new)

    def update_status() -> str | None:
        described = api.client.describe_dataset(datasetArn=arn)["dataset"]
        assert described["status"] == "ACTIVE"
        return described["latestDatasetUpdate"]["status"]

    seen = api.observe(update_status, "ACTIVE")
    assert seen[-1] == "ACTIVE"
    if api.target.emulator is not None:
        assert seen == ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"]


def test_a_dataset_whose_schema_is_being_replaced_cannot_be_deleted(api: Api, widen: Callable[[], None]) -> None:
    arn = api.dataset(api.group(), "Users", *USERS_FIELDS)
    new = api.create_schema(avro(*WIDER_USERS))
    widen()
    api.client.update_dataset(datasetArn=arn, schemaArn=new)
    assert code_of(lambda: api.client.delete_dataset(datasetArn=arn)) == "ResourceInUseException"
