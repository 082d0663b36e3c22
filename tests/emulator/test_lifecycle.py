"""Status machines: the real status strings, in order, and the timestamps that go with them."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from pulumi_personalize.emulator import Emulator
from pulumi_personalize.emulator.inventory import Inventory

from tests.emulator.conftest import Api, Target, raw_call

pytestmark = pytest.mark.live

Widen = Callable[[], None]
CREATE = ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"]
DELETE = ["DELETE PENDING", "DELETE IN_PROGRESS", None]


def in_order(seen: Sequence[str | None], expected: Sequence[str | None]) -> bool:
    """Whether ``seen`` is ``expected`` with some (never the last) statuses unobserved."""
    positions = [expected.index(status) for status in seen if status in expected]
    return len(positions) == len(seen) and positions == sorted(positions) and seen[-1] == expected[-1]


def test_dataset_group_is_created_through_pending_and_in_progress(target: Target, api: Api, widen: Widen) -> None:
    widen()
    arn = api.create_group()
    seen = api.observe(lambda: api.group_status(arn), "ACTIVE")
    assert in_order(seen, CREATE), seen
    assert seen[0] == "CREATE PENDING"
    if not target.live:
        assert seen == CREATE


def test_event_tracker_is_created_through_pending_and_in_progress(target: Target, api: Api, widen: Widen) -> None:
    group = api.group()
    widen()
    arn, _ = api.create_tracker(group)
    seen = api.observe(lambda: api.tracker_status(arn), "ACTIVE")
    assert in_order(seen, CREATE), seen
    assert seen[0] == "CREATE PENDING"
    if not target.live:
        assert seen == CREATE


def test_event_tracker_is_deleted_through_pending_and_in_progress(target: Target, api: Api, widen: Widen) -> None:
    arn, _ = api.tracker()
    widen()
    api.client.delete_event_tracker(eventTrackerArn=arn)
    seen = api.observe(lambda: api.tracker_status(arn), None)
    assert in_order(seen, DELETE), seen
    assert seen[0] == "DELETE PENDING"
    if not target.live:
        assert seen == DELETE
    with pytest.raises(api.client.exceptions.ResourceNotFoundException):
        api.client.describe_event_tracker(eventTrackerArn=arn)


def test_last_updated_moves_with_transitions_and_creation_time_stays(api: Api, widen: Widen) -> None:
    group = api.group()
    widen()
    arn, _ = api.create_tracker(group)
    first = api.client.describe_event_tracker(eventTrackerArn=arn)["eventTracker"]
    assert first["status"] == "CREATE PENDING"
    assert first["lastUpdatedDateTime"] == first["creationDateTime"]
    api.wait_tracker(arn, "ACTIVE")
    active = api.client.describe_event_tracker(eventTrackerArn=arn)["eventTracker"]
    assert active["creationDateTime"] == first["creationDateTime"]
    assert active["lastUpdatedDateTime"] > first["lastUpdatedDateTime"]
    api.client.delete_event_tracker(eventTrackerArn=arn)
    deleting = api.client.describe_event_tracker(eventTrackerArn=arn)["eventTracker"]
    assert deleting["lastUpdatedDateTime"] > active["lastUpdatedDateTime"]


def test_each_phase_is_spent_half_pending_half_in_progress(target: Target, api: Api) -> None:
    emulator = target.require_emulator()
    tracker, _ = api.tracker()
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    api.wait_tracker(tracker, None)
    create, delete = emulator.create_seconds, emulator.delete_seconds
    for record in emulator.resources():
        assert record["createInProgressAt"] - record["createdAt"] == pytest.approx(create / 2)
        assert record["activeAt"] - record["createdAt"] == pytest.approx(create)
    (gone,) = [r for r in emulator.resources() if r["arn"] == tracker]
    assert gone["deleteInProgressAt"] - gone["deleteRequestedAt"] == pytest.approx(delete / 2)
    assert gone["deletedAt"] - gone["deleteRequestedAt"] == pytest.approx(delete)


def test_describe_event_tracker_has_exactly_the_modelled_members_as_epoch_seconds(target: Target, api: Api) -> None:
    group = api.group()
    arn, tracking_id = api.tracker(group)
    _, body = raw_call(api.client, "describe_event_tracker", eventTrackerArn=arn)
    tracker = json.loads(body)["eventTracker"]
    assert set(tracker) == {
        "name",
        "eventTrackerArn",
        "accountId",
        "trackingId",
        "datasetGroupArn",
        "status",
        "creationDateTime",
        "lastUpdatedDateTime",
    }
    assert "failureReason" not in tracker
    assert "tags" not in tracker
    assert isinstance(tracker["creationDateTime"], int | float)
    assert isinstance(tracker["lastUpdatedDateTime"], int | float)
    assert (tracker["trackingId"], tracker["datasetGroupArn"], tracker["status"]) == (tracking_id, group, "ACTIVE")
    assert tracker["accountId"] == arn.split(":")[4]


def test_describe_dataset_group_shows_the_optional_members_it_was_given(api: Api) -> None:
    role = "arn:aws:iam::123456789012:role/personalize"
    arn = api.group(domain="ECOMMERCE", roleArn=role)
    _, body = raw_call(api.client, "describe_dataset_group", datasetGroupArn=arn)
    group = json.loads(body)["datasetGroup"]
    assert set(group) >= {"name", "datasetGroupArn", "status", "creationDateTime", "lastUpdatedDateTime"}
    assert set(group) <= {*group, "roleArn", "kmsKeyArn", "domain", "failureReason"}
    assert "failureReason" not in group
    assert (group["domain"], group["roleArn"], group["status"]) == ("ECOMMERCE", role, "ACTIVE")
    assert isinstance(group["creationDateTime"], int | float)


class _SteppedTime:
    """The `time` module as the emulator's modules see it, with a wall clock the test sets."""

    def __init__(self, moment: float) -> None:
        self.moment = moment

    def time(self) -> float:
        return self.moment

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.mark.parametrize("operation", ["describe_dataset_group", "list_dataset_groups"])
def test_an_answer_is_one_moment_even_when_a_deletion_ends_while_it_is_made(
    api: Api, emu: Emulator, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    """A CI run under load saw DescribeDataset answer a dataset with no status: the deletion had ended between
    the sweep of gone resources and the status in the answer. The clock here jumps past the deletion's end right
    after the sweep: the answer still shows the resource as it was when the request came, never without a status;
    the next request finds it gone."""
    arn = api.group()
    api.client.delete_dataset_group(datasetGroupArn=arn)
    (record,) = [r for r in emu.resources() if r["arn"] == arn]
    clock = _SteppedTime(record["deleteRequestedAt"])
    for module in [m for name, m in sys.modules.items() if name.startswith("pulumi_personalize.emulator")]:
        if getattr(module, "time", None) is time:
            monkeypatch.setattr(module, "time", clock)
    sweep = Inventory.sweep

    def sweep_then_jump(inventory: Inventory, now: float) -> None:
        sweep(inventory, now)
        clock.moment = record["deleteRequestedAt"] + 10

    monkeypatch.setattr(Inventory, "sweep", sweep_then_jump)

    def status() -> str | None:
        """The status answered, "gone" when the group is not found or not listed."""
        if operation == "describe_dataset_group":
            return api.group_status(arn) or "gone"
        listed = api.client.list_dataset_groups()["datasetGroups"]
        return next((group.get("status") for group in listed if group.get("datasetGroupArn") == arn), "gone")

    assert [status(), status()] == ["DELETE PENDING", "gone"]
