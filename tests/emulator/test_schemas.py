"""Schemas: Avro record text of at most 20,000 characters, unique names, no status, no tags, and no
deletion while a dataset uses them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from tests.emulator.conftest import INTERACTIONS_FIELDS, Api, Target, avro, code_of, error_of, raw_call, unique

pytestmark = pytest.mark.live

INTERACTIONS = avro(*INTERACTIONS_FIELDS)


def test_schema_arn_is_built_from_region_account_and_name(target: Target, api: Api) -> None:
    name = unique("sch")
    arn = api.create_schema(INTERACTIONS, name)
    assert re.fullmatch(rf"arn:aws:personalize:{target.region}:\d{{12}}:schema/{name}", arn), arn


def test_describe_schema_has_the_text_and_no_status(api: Api) -> None:
    arn = api.create_schema(INTERACTIONS, domain="ECOMMERCE")
    _, body = raw_call(api.client, "describe_schema", schemaArn=arn)
    schema = json.loads(body)["schema"]
    assert set(schema) == {"name", "schemaArn", "schema", "domain", "creationDateTime", "lastUpdatedDateTime"}
    assert (schema["schemaArn"], schema["schema"], schema["domain"]) == (arn, INTERACTIONS, "ECOMMERCE")
    assert schema["creationDateTime"] == schema["lastUpdatedDateTime"]


def test_a_schema_without_domain_describes_none(api: Api) -> None:
    arn = api.create_schema(INTERACTIONS)
    assert "domain" not in api.client.describe_schema(schemaArn=arn)["schema"]


def test_schema_names_are_unique_per_account_and_region(target: Target, api: Api) -> None:
    name = unique("sch")
    arn = api.create_schema(INTERACTIONS, name)
    error = error_of(lambda: api.client.create_schema(name=name, schema=INTERACTIONS))
    assert error.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    assert arn in error.response["Error"]["Message"]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        json.dumps({"type": "enum", "name": "E", "symbols": ["A"]}),
        json.dumps({"type": "record", "name": "R", "fields": []}),
        json.dumps({"type": "record", "fields": [{"name": "ITEM_ID", "type": "string"}]}),
        json.dumps({"type": "record", "name": "R", "fields": [{"name": "ITEM_ID", "type": "varchar"}]}),
        # "Schema data types": float, double, int, long, string, boolean, null (no bytes).
        json.dumps({"type": "record", "name": "R", "fields": [{"name": "ITEM_ID", "type": "bytes"}]}),
        json.dumps({"type": "record", "name": "R", "fields": [{"name": "ITEM-ID", "type": "string"}]}),
        avro(("ITEM_ID", "string"), ("ITEM_ID", "string")),
        # "Schema fields must have unique alphanumeric names. For example, you can't add both a
        # GENRES_FIELD_1 field and a GENRESFIELD1 field." (how-it-works-dataset-schema.html)
        avro(("ITEM_ID", "string"), ("GENRES_FIELD_1", "string"), ("GENRESFIELD1", "string")),
        avro(("ITEM_ID", "string"), ("GENRE", "string"), ("genre", "string")),
    ],
)
def test_the_schema_must_be_an_avro_record(api: Api, text: str) -> None:
    assert code_of(lambda: api.client.create_schema(name=unique("sch"), schema=text)) == "InvalidInputException"


def test_the_schema_is_at_most_20000_characters(target: Target, api: Api) -> None:
    longest = avro(*INTERACTIONS_FIELDS, name="R" * (20000 - len(avro(*INTERACTIONS_FIELDS, name=""))))
    assert len(longest) == 20000
    api.create_schema(longest)
    too_long = avro(*INTERACTIONS_FIELDS, name="R" * (20001 - len(avro(*INTERACTIONS_FIELDS, name=""))))
    raw = target.personalize(validate=False)
    error = error_of(lambda: raw.create_schema(name=unique("sch"), schema=too_long))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "'schema'" in error.response["Error"]["Message"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"name": "a b"}, "name"),
        ({"name": "x" * 64}, "name"),
        ({"name": "ok", "domain": "RETAIL"}, "domain"),
        ({"name": "ok", "schema": None}, "schema"),
    ],
)
def test_create_schema_input_is_validated(target: Target, params: dict[str, Any], field: str) -> None:
    raw = target.personalize(validate=False)
    arguments = {"schema": INTERACTIONS, **params}
    error = error_of(lambda: raw.create_schema(**{k: v for k, v in arguments.items() if v is not None}))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert f"'{field}'" in error.response["Error"]["Message"]


def test_a_deleted_schema_is_gone_at_once_and_its_name_free(api: Api) -> None:
    name = unique("sch")
    arn = api.create_schema(INTERACTIONS, name)
    api.client.delete_schema(schemaArn=arn)
    assert code_of(lambda: api.client.describe_schema(schemaArn=arn)) == "ResourceNotFoundException"
    assert code_of(lambda: api.client.delete_schema(schemaArn=arn)) == "ResourceNotFoundException"
    assert api.create_schema(INTERACTIONS, name) == arn


def test_unknown_schemas_are_not_found(target: Target, api: Api) -> None:
    missing = f"arn:aws:personalize:{target.region}:123456789012:schema/{unique('missing')}"
    assert code_of(lambda: api.client.describe_schema(schemaArn=missing)) == "ResourceNotFoundException"
    assert code_of(lambda: api.client.delete_schema(schemaArn=missing)) == "ResourceNotFoundException"


def test_a_schema_used_by_a_dataset_cannot_be_deleted(api: Api, widen: Callable[[], None]) -> None:
    group = api.group()
    dataset = api.interactions(group)
    schema = api.client.describe_dataset(datasetArn=dataset)["dataset"]["schemaArn"]
    widen()
    error = error_of(lambda: api.client.delete_schema(schemaArn=schema))
    assert error.response["Error"]["Code"] == "ResourceInUseException"
    assert dataset in error.response["Error"]["Message"]
    api.client.delete_dataset(datasetArn=dataset)
    assert code_of(lambda: api.client.delete_schema(schemaArn=schema)) == "ResourceInUseException"  # until gone
    api.wait_dataset(dataset, None)
    api.client.delete_schema(schemaArn=schema)


def test_schemas_have_no_tags(target: Target, api: Api) -> None:
    arn = api.create_schema(INTERACTIONS)
    assert code_of(lambda: api.client.list_tags_for_resource(resourceArn=arn)) == "ResourceNotFoundException"


def test_schemas_come_in_pages(target: Target, api: Api) -> None:
    made = [api.create_schema(INTERACTIONS) for _ in range(3)]
    listed: list[str] = []
    token: str | None = None
    while True:
        page = api.client.list_schemas(maxResults=2, **({"nextToken": token} if token else {}))
        assert len(page["schemas"]) <= 2
        listed += [schema["schemaArn"] for schema in page["schemas"]]
        token = page.get("nextToken")
        if not token:
            break
    assert set(made) <= set(listed) and len(listed) == len(set(listed))
    if not target.live:
        assert listed == made
    (summary,) = [s for s in api.client.list_schemas()["schemas"] if s["schemaArn"] == made[0]]
    assert set(summary) == {"name", "schemaArn", "creationDateTime", "lastUpdatedDateTime"}


def test_list_schemas_refuses_bad_tokens_and_sizes(target: Target) -> None:
    raw = target.personalize(validate=False)
    assert code_of(partial(raw.list_schemas, nextToken="not-a-token")) == "InvalidNextTokenException"
    for bad in (0, 101):
        assert code_of(partial(raw.list_schemas, maxResults=bad)) == "InvalidInputException"
