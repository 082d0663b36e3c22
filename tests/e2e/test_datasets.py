"""Schema and Dataset through the real pulumi CLI against the emulator: events that land (issue #10)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_personalize.emulator import Emulator

from testkit.aws import (
    INTERACTIONS,
    ITEMS,
    active_dataset,
    active_group,
    avro_record,
    aws_client,
    live,
    wait_gone,
    wait_status,
)
from tests.harness import Stack

PIPELINE = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
domain = config.get("domain")
group = personalize.DatasetGroup("events", domain=domain)
schema = personalize.Schema("interactions", schema=config.require_object("schema"), domain=domain,
                            name=config.get("schemaName"))
dataset = personalize.Dataset(
    "interactions",
    dataset_group_arn=group.dataset_group_arn,
    dataset_type=config.get("datasetType") or "Interactions",
    schema_arn=schema.schema_arn,
    tags=config.get_object("tags"),
)
if config.get_bool("withTracker") is not False:
    # from the dataset: the tracker follows its Interactions dataset (Personalize deletes the tracker first)
    tracker = personalize.EventTracker("clicks", dataset_group_arn=dataset.dataset_group_arn)
    pulumi.export("trackingId", tracker.tracking_id)
pulumi.export("datasetArn", dataset.dataset_arn)
pulumi.export("datasetStatus", dataset.status)
pulumi.export("schemaArn", schema.schema_arn)
pulumi.export("datasetGroupArn", group.dataset_group_arn)
"""

DATASET_ONLY = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
dataset = personalize.Dataset(
    "interactions",
    dataset_group_arn=config.require("groupArn"),
    dataset_type="Interactions",
    schema_arn=config.require("schemaArn"),
    name=config.get("datasetName"),
    adopt_existing=config.get_bool("adopt") or False,
)
pulumi.export("datasetArn", dataset.dataset_arn)
"""

GROUP_ONLY = """
import pulumi_personalize as personalize

personalize.DatasetGroup("events", name="shop-events")
"""

DOMAIN_INTERACTIONS = INTERACTIONS
CUSTOM_FIELDS = (("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long"))
CUSTOM_INTERACTIONS = avro_record("Interactions", *CUSTOM_FIELDS)
WIDER_INTERACTIONS = avro_record("Interactions", *CUSTOM_FIELDS, ("EVENT_VALUE", ["null", "float"]))


def pipeline(aws_stack: Callable[..., Stack], schema: dict[str, Any], **config: str) -> Stack:
    stack = aws_stack(PIPELINE)
    stack.set_config("schema", json.dumps(schema))
    for key, value in config.items():
        stack.set_config(key, value)
    return stack


def click(item: str | None) -> dict[str, Any]:
    event: dict[str, Any] = {"eventType": "click", "sentAt": 1_700_000_000}
    if item is not None:
        event["itemId"] = item
    return event


def test_the_pipeline_comes_up_events_land_in_its_dataset_and_it_goes_away(
    aws_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    stack = pipeline(aws_stack, DOMAIN_INTERACTIONS, domain="ECOMMERCE", tags=json.dumps({"team": "recs"}))
    stack.up()
    outputs = stack.outputs()
    assert outputs["datasetStatus"] == "ACTIVE"
    events = aws_client("personalize-events", emulator.endpoint_url)
    events.put_events(trackingId=outputs["trackingId"], sessionId="s1", userId="alice", eventList=[click("book-1")])
    with pytest.raises(ClientError) as refused:
        events.put_events(trackingId=outputs["trackingId"], sessionId="s1", userId="alice", eventList=[click(None)])
    assert refused.value.response["Error"]["Code"] == "InvalidInputException"
    assert "itemId" in refused.value.response["Error"]["Message"]
    landed = emulator.events()
    assert [event.get("datasetArn") for event in landed] == [outputs["datasetArn"]]
    assert stack.preview_is_empty()
    stack.destroy()
    resources = emulator.resources()
    assert [r for r in resources if r["status"] != "DELETED"] == []


def test_a_schema_missing_a_required_field_fails_preview_naming_it_with_no_aws_call(
    aws_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    stack = pipeline(aws_stack, CUSTOM_INTERACTIONS, domain="ECOMMERCE")
    before = sum(emulator.calls().values())
    result = stack.preview(ok=False)
    assert result.returncode != 0
    assert "schemaArn" in result.output and "EVENT_TYPE (string) is missing" in result.output
    assert "ECOMMERCE" in result.output
    assert sum(emulator.calls().values()) == before, "preview must not call AWS"


def test_a_schema_that_is_not_an_avro_record_fails_preview_naming_the_field(
    aws_stack: Callable[..., Stack],
) -> None:
    broken = avro_record("Interactions", ("USER_ID", "string"), ("ITEM_ID", "varchar"), ("TIMESTAMP", "long"))
    result = pipeline(aws_stack, broken).preview(ok=False)
    assert result.returncode != 0
    assert "ITEM_ID" in result.output and "varchar" in result.output


def test_a_second_dataset_of_a_type_is_refused_naming_the_first(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    group = active_group(personalize, "shop")
    first = active_dataset(personalize, group, "Interactions", CUSTOM_INTERACTIONS, "first-interactions")
    schema = personalize.create_schema(name="second-schema", schema=json.dumps(CUSTOM_INTERACTIONS))["schemaArn"]
    stack = aws_stack(DATASET_ONLY)
    stack.set_config("groupArn", group)
    stack.set_config("schemaArn", schema)
    result = stack.up(ok=False)
    assert result.returncode != 0
    assert first in result.output and "one dataset of each type" in result.output
    datasets = live(emulator.resources(), "dataset")
    assert [d["arn"] for d in datasets] == [first]


def test_an_items_schema_is_swapped_in_place_and_the_old_one_deleted_after(
    aws_stack: Callable[..., Stack], personalize: Any, emulator: Emulator
) -> None:
    stack = pipeline(aws_stack, ITEMS, datasetType="Items")
    stack.up()
    before = stack.outputs()
    wider = avro_record("Items", ("ITEM_ID", "string"), ("GENRE", "string"), ("PRICE", ["null", "float"]))
    stack.set_config("schema", json.dumps(wider))
    preview = stack.preview()
    assert "+-pulumi-python:dynamic/personalize:Schema: (replace)" in preview.output
    assert "~ pulumi-python:dynamic/personalize:Dataset: (update)" in preview.output
    stack.up()
    after = stack.outputs()
    assert after["datasetArn"] == before["datasetArn"], "the dataset was updated in place"
    assert after["schemaArn"] != before["schemaArn"]
    described = personalize.describe_dataset(datasetArn=after["datasetArn"])["dataset"]
    assert described["schemaArn"] == after["schemaArn"] and described["status"] == "ACTIVE"
    assert emulator.calls().get("UpdateDataset") == 1
    with pytest.raises(ClientError) as gone:
        personalize.describe_schema(schemaArn=before["schemaArn"])
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert stack.preview_is_empty()


def test_a_schema_that_drops_a_field_fails_preview_of_an_in_place_swap(aws_stack: Callable[..., Stack]) -> None:
    stack = pipeline(aws_stack, ITEMS, datasetType="Items")
    stack.up()
    stack.set_config("schema", json.dumps(avro_record("Items", ("ITEM_ID", "string"), ("COLOR", ["null", "string"]))))
    result = stack.preview(ok=False)
    assert result.returncode != 0 and "field GENRE (string) must be kept" in result.output


def test_an_interactions_schema_change_replaces_the_dataset_and_says_why(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = pipeline(aws_stack, CUSTOM_INTERACTIONS)
    stack.up()
    before = stack.outputs()
    stack.set_config("schema", json.dumps(WIDER_INTERACTIONS))
    preview = stack.preview()
    assert "replaces the schema of Items and Users datasets only" in preview.output
    assert "its data is lost" in preview.output, preview.output
    steps = json.loads(stack.pulumi("preview", "--json").stdout)["steps"]
    reasons = {(step["urn"].split("::")[2], tuple(step.get("replaceReasons") or ())) for step in steps}
    assert ("pulumi-python:dynamic/personalize:Dataset", ("schemaArn",)) in reasons, reasons
    stack.up()
    after = stack.outputs()
    assert after["trackingId"] != before["trackingId"]
    described = personalize.describe_dataset(datasetArn=after["datasetArn"])["dataset"]
    assert described["schemaArn"] == after["schemaArn"] != before["schemaArn"]
    assert stack.preview_is_empty()


def test_a_named_schema_cannot_be_replaced_under_its_name_and_preview_says_so(aws_stack: Callable[..., Stack]) -> None:
    stack = pipeline(aws_stack, CUSTOM_INTERACTIONS, schemaName="clicks-schema")
    stack.up()
    stack.set_config("schema", json.dumps(WIDER_INTERACTIONS))
    result = stack.preview(ok=False)
    assert result.returncode != 0
    assert "cannot be replaced under the same name" in result.output and "another name" in result.output


def test_a_group_delete_blocked_by_a_dataset_outside_the_stack_names_it(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = aws_stack(GROUP_ONLY)
    stack.up()
    (group,) = [g["datasetGroupArn"] for g in personalize.list_dataset_groups()["datasetGroups"]]
    outsider = active_dataset(personalize, group, "Interactions", CUSTOM_INTERACTIONS, "outsider")
    result = stack.destroy(ok=False)
    assert result.returncode != 0
    assert outsider in result.output and "Interactions dataset outsider" in result.output
    personalize.delete_dataset(datasetArn=outsider)
    stack.destroy()


def test_an_existing_dataset_is_adopted_on_request_and_refused_otherwise(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    group = active_group(personalize, "shop")
    existing = active_dataset(personalize, group, "Interactions", CUSTOM_INTERACTIONS, "clicks")
    schema = personalize.describe_dataset(datasetArn=existing)["dataset"]["schemaArn"]
    stack = aws_stack(DATASET_ONLY)
    for key, value in {"groupArn": group, "schemaArn": schema, "datasetName": "clicks"}.items():
        stack.set_config(key, value)
    refused = stack.up(ok=False)
    assert refused.returncode != 0 and "adopt_existing=True" in refused.output
    stack.set_config("adopt", "true")
    stack.up()
    assert stack.outputs()["datasetArn"] == existing
    assert stack.preview_is_empty()


def test_refresh_forgets_a_schema_and_dataset_deleted_out_of_band_and_up_makes_them_again(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = pipeline(aws_stack, CUSTOM_INTERACTIONS, withTracker="false")
    stack.up()
    before = stack.outputs()
    personalize.delete_dataset(datasetArn=before["datasetArn"])
    wait_gone(personalize, "describe_dataset", "datasetArn", before["datasetArn"])
    personalize.delete_schema(schemaArn=before["schemaArn"])
    stack.refresh()
    kinds = {r["type"].rsplit(":", 1)[-1] for r in stack.resources()}
    assert "Dataset" not in kinds and "Schema" not in kinds and "DatasetGroup" in kinds
    stack.up()
    after = stack.outputs()
    assert personalize.describe_dataset(datasetArn=after["datasetArn"])["dataset"]["status"] == "ACTIVE"
    assert stack.preview_is_empty()


SCHEMA_ONLY = """
import pulumi
import pulumi_personalize as personalize

schema = personalize.Schema("interactions", schema=pulumi.Config().require_object("schema"))
pulumi.export("schemaArn", schema.schema_arn)
"""


def test_a_schema_used_by_a_dataset_outside_the_stack_is_not_deleted_and_the_error_names_it(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = aws_stack(SCHEMA_ONLY)
    stack.set_config("schema", json.dumps(CUSTOM_INTERACTIONS))
    stack.up()
    schema = stack.outputs()["schemaArn"]
    group = active_group(personalize, "shop")
    user = personalize.create_dataset(name="user", datasetGroupArn=group, datasetType="Interactions", schemaArn=schema)
    result = stack.destroy(ok=False)
    assert result.returncode != 0
    assert user["datasetArn"] in result.output and "Interactions dataset user" in result.output
    wait_status(personalize, "describe_dataset", "dataset", "datasetArn", user["datasetArn"], "ACTIVE")
    personalize.delete_dataset(datasetArn=user["datasetArn"])
    stack.destroy()
