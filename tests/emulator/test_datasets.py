"""Datasets: one per type in an ACTIVE dataset group, on a schema of the group's domain with the fields
the type requires; the status machine of the other resources; tags; UpdateDataset."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from functools import partial

import pytest

from tests.emulator.conftest import (
    INTERACTIONS_FIELDS,
    USERS_FIELDS,
    WIDER_USERS,
    Api,
    Target,
    avro,
    code_of,
    error_of,
    raw_call,
    unique,
)

pytestmark = pytest.mark.live

CREATE = ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"]


def test_dataset_arn_is_built_from_the_group_name_and_the_type(target: Target, api: Api) -> None:
    group_name = unique("grp")
    group = api.group(group_name)
    arn = api.create_dataset(group, api.create_schema(avro(*INTERACTIONS_FIELDS)), "Interactions")
    assert re.fullmatch(rf"arn:aws:personalize:{target.region}:\d{{12}}:dataset/{group_name}/INTERACTIONS", arn), arn


def test_a_dataset_goes_through_the_create_and_delete_phases(
    target: Target, api: Api, widen: Callable[[], None]
) -> None:
    widen()
    arn = api.create_dataset(api.group(), api.create_schema(avro(*USERS_FIELDS)), "Users")
    seen = api.observe(lambda: api.dataset_status(arn), "ACTIVE")
    assert seen[-1] == "ACTIVE"
    if not target.live:
        assert seen == CREATE
    api.client.delete_dataset(datasetArn=arn)
    seen = api.observe(lambda: api.dataset_status(arn), None)
    assert seen[-1] is None
    if not target.live:
        assert seen == ["DELETE PENDING", "DELETE IN_PROGRESS", None]


def test_describe_dataset_has_exactly_the_modelled_members(api: Api) -> None:
    group = api.group()
    schema = api.create_schema(avro(*USERS_FIELDS))
    arn = api.create_dataset(group, schema, "Users", name="people")
    api.wait_dataset(arn, "ACTIVE")
    _, body = raw_call(api.client, "describe_dataset", datasetArn=arn)
    dataset = json.loads(body)["dataset"]
    assert set(dataset) == {
        "name",
        "datasetArn",
        "datasetGroupArn",
        "datasetType",
        "schemaArn",
        "status",
        "creationDateTime",
        "lastUpdatedDateTime",
    }
    assert (dataset["name"], dataset["datasetGroupArn"], dataset["schemaArn"]) == ("people", group, schema)
    assert (dataset["datasetType"], dataset["status"]) == ("Users", "ACTIVE")


def test_an_action_interactions_dataset_has_a_tracking_id(api: Api) -> None:
    fields = (("USER_ID", "string"), ("ACTION_ID", "string"), ("EVENT_TYPE", "string"), ("TIMESTAMP", "long"))
    arn = api.dataset(api.group(), "Action_Interactions", *fields)
    tracking_id = api.client.describe_dataset(datasetArn=arn)["dataset"]["trackingId"]
    assert str(uuid.UUID(tracking_id)) == tracking_id
    assert arn.endswith("/ACTION_INTERACTIONS")


def test_the_dataset_type_is_taken_in_any_case(api: Api) -> None:
    arn = api.create_dataset(api.group(), api.create_schema(avro(*USERS_FIELDS)), "USERS")
    assert arn.endswith("/USERS")
    assert api.client.describe_dataset(datasetArn=arn)["dataset"]["datasetType"] == "Users"


def test_an_unknown_dataset_type_is_invalid(api: Api) -> None:
    schema = api.create_schema(avro(*USERS_FIELDS))
    group = api.group()
    assert code_of(lambda: api.create_dataset(group, schema, "Clicks")) == "InvalidInputException"


def test_the_group_and_schema_must_exist(target: Target, api: Api) -> None:
    prefix = f"arn:aws:personalize:{target.region}:123456789012"
    schema = api.create_schema(avro(*USERS_FIELDS))
    group = api.group()
    missing_group = f"{prefix}:dataset-group/{unique('missing')}"
    assert code_of(lambda: api.create_dataset(missing_group, schema, "Users")) == "ResourceNotFoundException"
    missing_schema = f"{prefix}:schema/{unique('missing')}"
    assert code_of(lambda: api.create_dataset(group, missing_schema, "Users")) == "ResourceNotFoundException"


def test_the_group_must_be_active(api: Api) -> None:
    schema = api.create_schema(avro(*USERS_FIELDS))
    group = api.create_group()
    assert code_of(lambda: api.create_dataset(group, schema, "Users")) == "ResourceInUseException"


def test_one_dataset_of_each_type_per_group(api: Api) -> None:
    group = api.group()
    first = api.create_dataset(group, api.create_schema(avro(*USERS_FIELDS)), "Users")
    error = error_of(lambda: api.create_dataset(group, api.create_schema(avro(*USERS_FIELDS)), "Users"))
    assert error.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    assert first in error.response["Error"]["Message"]
    api.create_dataset(group, api.create_schema(avro(("ITEM_ID", "string"), ("GENRE", "string"))), "Items")


@pytest.mark.parametrize(
    ("group_domain", "schema_domain"), [("ECOMMERCE", None), (None, "ECOMMERCE"), ("ECOMMERCE", "VIDEO_ON_DEMAND")]
)
def test_the_schema_domain_must_be_the_group_domain(
    api: Api, group_domain: str | None, schema_domain: str | None
) -> None:
    group = api.group(**({"domain": group_domain} if group_domain else {}))
    schema = api.create_schema(avro(*INTERACTIONS_FIELDS), **({"domain": schema_domain} if schema_domain else {}))
    assert code_of(lambda: api.create_dataset(group, schema, "Interactions")) == "InvalidInputException"


def test_a_domain_group_takes_a_schema_of_its_domain(api: Api) -> None:
    api.interactions(api.group(domain="VIDEO_ON_DEMAND"), domain="VIDEO_ON_DEMAND")


@pytest.mark.parametrize(
    ("dataset_type", "fields", "missing"),
    [
        ("Interactions", (("USER_ID", "string"), ("ITEM_ID", "string")), "TIMESTAMP"),
        ("Interactions", (("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "string")), "TIMESTAMP"),
        ("Interactions", (("ITEM_ID", "string"), ("TIMESTAMP", "long")), "USER_ID"),
        ("Items", (("GENRE", "string"),), "ITEM_ID"),
        ("Users", (("AGE", "int"),), "USER_ID"),
        ("Actions", (("VALUE_SCORE", "int"),), "ACTION_ID"),
        ("Action_Interactions", (("USER_ID", "string"), ("ACTION_ID", "string"), ("TIMESTAMP", "long")), "EVENT_TYPE"),
    ],
)
def test_the_schema_must_have_the_fields_the_type_requires(
    api: Api, dataset_type: str, fields: tuple[tuple[str, str], ...], missing: str
) -> None:
    group, schema = api.group(), api.create_schema(avro(*fields, name=dataset_type.replace("_", "")))
    error = error_of(lambda: api.create_dataset(group, schema, dataset_type))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert missing in error.response["Error"]["Message"]


def test_interactions_in_a_domain_need_an_event_type(api: Api) -> None:
    group = api.group(domain="ECOMMERCE")
    fields = [field for field in INTERACTIONS_FIELDS if field[0] != "EVENT_TYPE"]
    schema = api.create_schema(avro(*fields), domain="ECOMMERCE")
    error = error_of(lambda: api.create_dataset(group, schema, "Interactions"))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "EVENT_TYPE" in error.response["Error"]["Message"]


def test_items_and_users_need_a_metadata_field(api: Api) -> None:
    group = api.group()
    for dataset_type, key in (("Items", "ITEM_ID"), ("Users", "USER_ID")):
        schema = api.create_schema(avro((key, "string")))
        assert code_of(partial(api.create_dataset, group, schema, dataset_type)) == "InvalidInputException"


def test_datasets_take_tags(api: Api) -> None:
    arn = api.create_dataset(
        api.group(), api.create_schema(avro(*USERS_FIELDS)), "Users", tags=[{"tagKey": "team", "tagValue": "recs"}]
    )
    api.client.tag_resource(resourceArn=arn, tags=[{"tagKey": "env", "tagValue": "test"}])
    api.client.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert api.client.list_tags_for_resource(resourceArn=arn)["tags"] == [{"tagKey": "env", "tagValue": "test"}]


def test_a_dataset_being_created_cannot_be_deleted(api: Api, widen: Callable[[], None]) -> None:
    widen()
    arn = api.create_dataset(api.group(), api.create_schema(avro(*USERS_FIELDS)), "Users")
    assert code_of(lambda: api.client.delete_dataset(datasetArn=arn)) == "ResourceInUseException"


def test_a_group_with_datasets_cannot_be_deleted(api: Api) -> None:
    group = api.group()
    dataset = api.dataset(group, "Users", *USERS_FIELDS)
    error = error_of(lambda: api.client.delete_dataset_group(datasetGroupArn=group))
    assert error.response["Error"]["Code"] == "ResourceInUseException"
    assert dataset in error.response["Error"]["Message"]
    api.client.delete_dataset(datasetArn=dataset)
    assert code_of(lambda: api.client.delete_dataset_group(datasetGroupArn=group)) == "ResourceInUseException"
    api.wait_dataset(dataset, None)
    api.client.delete_dataset_group(datasetGroupArn=group)


def test_the_interactions_dataset_outlives_the_event_tracker(api: Api) -> None:
    group = api.group()
    dataset = api.interactions(group)
    tracker, _ = api.tracker(group)
    error = error_of(lambda: api.client.delete_dataset(datasetArn=dataset))
    assert error.response["Error"]["Code"] == "ResourceInUseException"
    assert tracker in error.response["Error"]["Message"]
    api.client.delete_event_tracker(eventTrackerArn=tracker)
    api.wait_tracker(tracker, None)
    api.client.delete_dataset(datasetArn=dataset)


def test_datasets_of_a_group_come_in_pages(target: Target, api: Api) -> None:
    group = api.group()
    made = [
        api.create_dataset(group, api.create_schema(avro(*USERS_FIELDS)), "Users"),
        api.create_dataset(group, api.create_schema(avro(("ITEM_ID", "string"), ("GENRE", "string"))), "Items"),
    ]
    first = api.client.list_datasets(datasetGroupArn=group, maxResults=1)
    rest = api.client.list_datasets(datasetGroupArn=group, maxResults=1, nextToken=first["nextToken"])
    assert [d["datasetArn"] for d in first["datasets"] + rest["datasets"]] == made
    assert "nextToken" not in rest
    assert set(first["datasets"][0]) == {
        "name",
        "datasetArn",
        "datasetType",
        "status",
        "creationDateTime",
        "lastUpdatedDateTime",
    }
    raw = target.personalize(validate=False)
    assert code_of(partial(raw.list_datasets, nextToken="not-a-token")) == "InvalidNextTokenException"
    assert code_of(partial(raw.list_datasets, maxResults=101)) == "InvalidInputException"
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset-group/never-made"
    assert api.client.list_datasets(datasetGroupArn=missing)["datasets"] == []


# -- UpdateDataset ------------------------------------------------------------------------------------


def test_update_dataset_replaces_the_schema_through_an_update(
    target: Target, api: Api, widen: Callable[[], None]
) -> None:
    arn = api.dataset(api.group(), "Users", *USERS_FIELDS)
    old = api.client.describe_dataset(datasetArn=arn)["dataset"]["schemaArn"]
    new = api.create_schema(avro(*WIDER_USERS))
    widen()
    assert api.client.update_dataset(datasetArn=arn, schemaArn=new)["datasetArn"] == arn
    during = api.client.describe_dataset(datasetArn=arn)["dataset"]
    api.observe(lambda: api.update_status(arn), "ACTIVE")
    after = api.client.describe_dataset(datasetArn=arn)["dataset"]
    assert after["schemaArn"] == new
    update = after["latestDatasetUpdate"]
    assert (update["schemaArn"], update["status"]) == (new, "ACTIVE")
    assert update["creationDateTime"] <= update["lastUpdatedDateTime"] <= after["lastUpdatedDateTime"]
    if not target.live:
        assert (during["status"], during["schemaArn"]) == ("ACTIVE", old)
        assert during["latestDatasetUpdate"]["status"] == "CREATE PENDING"


def test_the_old_schema_is_free_once_the_update_is_done(api: Api) -> None:
    arn = api.dataset(api.group(), "Users", *USERS_FIELDS)
    old = api.client.describe_dataset(datasetArn=arn)["dataset"]["schemaArn"]
    new = api.create_schema(avro(*WIDER_USERS))
    api.client.update_dataset(datasetArn=arn, schemaArn=new)
    api.observe(lambda: api.update_status(arn), "ACTIVE")
    api.client.delete_schema(schemaArn=old)
    error = error_of(lambda: api.client.delete_schema(schemaArn=new))
    assert error.response["Error"]["Code"] == "ResourceInUseException"


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ((("USER_ID", "string"), ("TIER", ["null", "string"])), "AGE"),
        ((("USER_ID", "string"), ("AGE", "long")), "AGE"),
        ((*USERS_FIELDS, ("TIER", "string")), "TIER"),
    ],
)
def test_a_replacement_schema_only_adds_nullable_fields(
    api: Api, fields: tuple[tuple[str, str | list[str]], ...], named: str
) -> None:
    arn = api.dataset(api.group(), "Users", *USERS_FIELDS)
    schema = api.create_schema(avro(*fields))
    error = error_of(lambda: api.client.update_dataset(datasetArn=arn, schemaArn=schema))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert named in error.response["Error"]["Message"]


def test_the_schema_of_an_interactions_dataset_cannot_be_replaced(api: Api) -> None:
    arn = api.interactions(api.group())
    schema = api.create_schema(avro(*INTERACTIONS_FIELDS, ("EVENT_VALUE", ["null", "float"])))
    assert code_of(lambda: api.client.update_dataset(datasetArn=arn, schemaArn=schema)) == "InvalidInputException"


def test_only_an_active_dataset_is_updated_and_an_updating_one_is_kept(api: Api, widen: Callable[[], None]) -> None:
    widen()
    arn = api.create_dataset(api.group(), api.create_schema(avro(*USERS_FIELDS)), "Users")
    new = api.create_schema(avro(*WIDER_USERS))
    assert code_of(lambda: api.client.update_dataset(datasetArn=arn, schemaArn=new)) == "ResourceInUseException"
    api.wait_dataset(arn, "ACTIVE")
    api.client.update_dataset(datasetArn=arn, schemaArn=new)
    assert code_of(lambda: api.client.update_dataset(datasetArn=arn, schemaArn=new)) == "ResourceInUseException"
    assert code_of(lambda: api.client.delete_dataset(datasetArn=arn)) == "ResourceInUseException"
    assert code_of(lambda: api.client.delete_schema(schemaArn=new)) == "ResourceInUseException"


def test_update_dataset_needs_a_known_dataset_and_schema(target: Target, api: Api) -> None:
    prefix = f"arn:aws:personalize:{target.region}:123456789012"
    arn = api.dataset(api.group(), "Users", *USERS_FIELDS)
    schema = api.create_schema(avro(*WIDER_USERS))
    missing_dataset = f"{prefix}:dataset/{unique('missing')}/USERS"
    assert code_of(lambda: api.client.update_dataset(datasetArn=missing_dataset, schemaArn=schema)) == (
        "ResourceNotFoundException"
    )
    missing_schema = f"{prefix}:schema/{unique('missing')}"
    assert code_of(lambda: api.client.update_dataset(datasetArn=arn, schemaArn=missing_schema)) == (
        "ResourceNotFoundException"
    )


# -- Schema formatting requirements (developer guide, "Creating schema JSON files for Amazon Personalize
# schemas", https://docs.aws.amazon.com/personalize/latest/dg/how-it-works-dataset-schema.html) -----------


@pytest.mark.parametrize(
    ("dataset_type", "name"), [("Users", "Items"), ("Items", "Records"), ("Interactions", "Users")]
)
def test_the_record_name_must_match_the_dataset_type(api: Api, dataset_type: str, name: str) -> None:
    fields = {"Users": USERS_FIELDS, "Items": (("ITEM_ID", "string"), ("GENRE", "string"))}
    schema = api.create_schema(avro(*fields.get(dataset_type, INTERACTIONS_FIELDS), name=name))
    error = error_of(lambda: api.create_dataset(api.group(), schema, dataset_type))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert name in error.response["Error"]["Message"]


def test_the_record_name_is_matched_without_case_or_underscores(api: Api) -> None:
    fields = (("USER_ID", "string"), ("ACTION_ID", "string"), ("EVENT_TYPE", "string"), ("TIMESTAMP", "long"))
    group = api.group()
    for dataset_type, name in (("Action_Interactions", "Action_Interactions"), ("Users", "users")):
        schema = api.create_schema(avro(*(fields if dataset_type != "Users" else USERS_FIELDS), name=name))
        api.create_dataset(group, schema, dataset_type)


def categorical(text: str, *names: str) -> str:
    """The schema text with ``"categorical": true`` on these fields."""
    document = json.loads(text)
    for entry in document["fields"]:
        if entry["name"] in names:
            entry["categorical"] = True
    return json.dumps(document)


@pytest.mark.parametrize("field", ["USER_ID", "ITEM_ID", "EVENT_TYPE"])
def test_a_reserved_string_field_cannot_be_categorical(api: Api, field: str) -> None:
    schema = api.create_schema(categorical(avro(*INTERACTIONS_FIELDS), field))
    error = error_of(lambda: api.create_dataset(api.group(), schema, "Interactions"))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert field in error.response["Error"]["Message"]


def test_a_metadata_field_can_be_categorical(api: Api) -> None:
    schema = api.create_schema(categorical(avro(("ITEM_ID", "string"), ("GENRE", "string")), "GENRE"))
    api.create_dataset(api.group(), schema, "Items")


def test_a_replacement_schema_keeps_the_attributes_of_every_field(api: Api) -> None:
    """ "Replacing a dataset's schema": the new schema keeps every field "with the same data type and
    attributes" (https://docs.aws.amazon.com/personalize/latest/dg/updating-dataset-schema.html)."""
    arn = api.dataset(api.group(), "Items", ("ITEM_ID", "string"), ("GENRE", "string"))
    wider = avro(("ITEM_ID", "string"), ("GENRE", "string"), ("TIER", ["null", "string"]))
    schema = api.create_schema(categorical(wider, "GENRE"))
    error = error_of(lambda: api.client.update_dataset(datasetArn=arn, schemaArn=schema))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "GENRE" in error.response["Error"]["Message"]


# -- Domain datasets ("ECOMMERCE datasets and schemas", "VIDEO_ON_DEMAND datasets and schemas": the fields
# a dataset's schema "must include") ---------------------------------------------------------------------

ECOMMERCE_ITEMS = (("ITEM_ID", "string"), ("PRICE", "float"), ("CATEGORY_L1", "string"))
VOD_ITEMS = (("ITEM_ID", "string"), ("GENRES", "string"), ("CREATION_TIMESTAMP", "long"))


def domain_dataset(api: Api, domain: str, dataset_type: str, text: str) -> str:
    schema = api.create_schema(text, domain=domain)
    return api.create_dataset(api.group(domain=domain), schema, dataset_type)


@pytest.mark.parametrize(
    ("domain", "fields", "category"),
    [("ECOMMERCE", ECOMMERCE_ITEMS, "CATEGORY_L1"), ("VIDEO_ON_DEMAND", VOD_ITEMS, "GENRES")],
)
def test_a_domain_items_schema_has_the_fields_its_domain_requires(
    api: Api, domain: str, fields: tuple[tuple[str, str], ...], category: str
) -> None:
    domain_dataset(api, domain, "Items", categorical(avro(*fields), category))
    for missing in fields[1:]:
        text = categorical(avro(*(field for field in fields if field != missing)), category)
        error = error_of(partial(domain_dataset, api, domain, "Items", text))
        assert error.response["Error"]["Code"] == "InvalidInputException"
        assert missing[0] in error.response["Error"]["Message"]


@pytest.mark.parametrize(
    ("domain", "fields", "category"),
    [("ECOMMERCE", ECOMMERCE_ITEMS, "CATEGORY_L1"), ("VIDEO_ON_DEMAND", VOD_ITEMS, "GENRES")],
)
def test_a_required_category_must_be_categorical(
    api: Api, domain: str, fields: tuple[tuple[str, str], ...], category: str
) -> None:
    error = error_of(partial(domain_dataset, api, domain, "Items", avro(*fields)))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert category in error.response["Error"]["Message"]


def test_a_reserved_category_must_be_categorical(api: Api) -> None:
    text = avro(*USERS_FIELDS, ("SUBSCRIPTION_MODEL", ["null", "string"]))
    error = error_of(partial(domain_dataset, api, "VIDEO_ON_DEMAND", "Users", text))
    assert "SUBSCRIPTION_MODEL" in error.response["Error"]["Message"]
    domain_dataset(api, "VIDEO_ON_DEMAND", "Users", categorical(text, "SUBSCRIPTION_MODEL"))


def test_only_items_schemas_take_textual_fields(api: Api) -> None:
    textual = json.loads(avro(*USERS_FIELDS, ("BIO", "string")))
    textual["fields"][-1]["textual"] = True
    error = error_of(lambda: api.create_dataset(api.group(), api.create_schema(json.dumps(textual)), "Users"))
    assert "BIO" in error.response["Error"]["Message"]


@pytest.mark.parametrize(("dataset_type", "key", "most"), [("Users", "USER_ID", 25), ("Items", "ITEM_ID", 100)])
def test_metadata_fields_are_limited(api: Api, dataset_type: str, key: str, most: int) -> None:
    """ "You can add at most 25 metadata fields for a Users schema, 100 metadata fields for an Items schema"
    (custom-datasets-and-schemas.html)."""
    group = api.group()
    fields = [(key, "string"), *((f"M{i}", "int") for i in range(most))]
    api.create_dataset(group, api.create_schema(avro(*fields)), dataset_type)
    wider = api.create_schema(avro(*fields, ("ONE_MORE", "int")))
    error = error_of(lambda: api.create_dataset(api.group(), wider, dataset_type))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert str(most) in error.response["Error"]["Message"]
