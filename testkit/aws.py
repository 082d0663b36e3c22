"""The tests' and the bench's own view of "AWS": boto3 clients on the emulator and small helpers around them."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3

from testkit.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

REGION = "us-east-1"
FAST_CREATE = 0.4
FAST_DELETE = 0.3


def aws_client(service: str, endpoint_url: str, region: str = REGION) -> Any:
    return boto3.client(  # type: ignore[call-overload]  # the service is chosen at run time
        service,
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=FAKE_ACCESS_KEY,
        aws_secret_access_key=FAKE_SECRET_KEY,
    )


def wait_status(personalize: Any, describe: str, member: str, arn_key: str, arn: str, want: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        described: dict[str, Any] = getattr(personalize, describe)(**{arn_key: arn})[member]
        if described["status"] == want:
            return described
        if time.monotonic() > deadline:
            raise AssertionError(f"{arn} still {described['status']}, wanted {want}")
        time.sleep(0.1)


def wait_gone(personalize: Any, describe: str, arn_key: str, arn: str) -> None:
    """Wait until Describe says ResourceNotFoundException."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            getattr(personalize, describe)(**{arn_key: arn})
        except personalize.exceptions.ResourceNotFoundException:
            return
        time.sleep(0.1)
    raise AssertionError(f"{arn} was not deleted")


def active_group(personalize: Any, name: str) -> str:
    """Create a dataset group out of band and wait until it is ACTIVE; return its ARN."""
    arn: str = personalize.create_dataset_group(name=name)["datasetGroupArn"]
    wait_status(personalize, "describe_dataset_group", "datasetGroup", "datasetGroupArn", arn, "ACTIVE")
    return arn


def active_tracker(personalize: Any, group_arn: str, name: str) -> str:
    arn: str = personalize.create_event_tracker(name=name, datasetGroupArn=group_arn)["eventTrackerArn"]
    wait_status(personalize, "describe_event_tracker", "eventTracker", "eventTrackerArn", arn, "ACTIVE")
    return arn


def trackers(personalize: Any, group_arn: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = personalize.list_event_trackers(datasetGroupArn=group_arn)["eventTrackers"]
    return found


OWNER_TAG = "pulumi-personalize:owner"


def all_tags_of(personalize: Any, arn: str) -> dict[str, str]:
    return {tag["tagKey"]: tag["tagValue"] for tag in personalize.list_tags_for_resource(resourceArn=arn)["tags"]}


def tags_of(personalize: Any, arn: str) -> dict[str, str]:
    """The user's tags: all but the provider's ownership tag."""
    return {key: value for key, value in all_tags_of(personalize, arn).items() if key != OWNER_TAG}


def live(resources: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """Resources of a kind (from `Emulator.resources()`) that still exist."""
    return [r for r in resources if r["kind"] == kind and r["status"] != "DELETED"]


def avro_record(name: str, *fields: tuple[str, str | list[str]]) -> dict[str, Any]:
    """An Avro record schema as Personalize takes it."""
    return {
        "type": "record",
        "name": name,
        "namespace": "com.amazonaws.personalize.schema",
        "fields": [{"name": field, "type": kind} for field, kind in fields],
        "version": "1.0",
    }


INTERACTIONS = avro_record(
    "Interactions", ("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long"), ("EVENT_TYPE", "string")
)
ITEMS = avro_record("Items", ("ITEM_ID", "string"), ("GENRE", "string"))


def active_dataset(
    personalize: Any, group_arn: str, dataset_type: str, schema: dict[str, Any], name: str, schema_name: str = ""
) -> str:
    """Create a schema and a dataset of it out of band and wait until the dataset is ACTIVE; return its ARN."""
    schema_name = schema_name or f"{name}-schema"
    schema_arn = personalize.create_schema(name=schema_name, schema=json.dumps(schema))["schemaArn"]
    arn: str = personalize.create_dataset(
        name=name, datasetGroupArn=group_arn, datasetType=dataset_type, schemaArn=schema_arn
    )["datasetArn"]
    wait_status(personalize, "describe_dataset", "dataset", "datasetArn", arn, "ACTIVE")
    return arn
