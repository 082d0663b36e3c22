"""check and diff of Schema and Dataset: preview validation with no AWS call, autonames, honest diffs."""

from __future__ import annotations

import json
from typing import Any

from pulumi.runtime import rpc
from pulumi_personalize.dataset import DatasetProvider
from pulumi_personalize.schema import SchemaProvider

from testkit.aws import INTERACTIONS, ITEMS, avro_record

GROUP = "arn:aws:personalize:us-east-1:123456789012:dataset-group/events"
SCHEMA = "arn:aws:personalize:us-east-1:123456789012:schema/clicks"
OWNER = "v2:0123456789abcdef:0123456789abcdef urn:pulumi:dev::shop::personalize:Schema::interactions"


def schema_inputs(schema: Any, **overrides: Any) -> dict[str, Any]:
    inputs = {"schema": schema, "autonamePrefix": "interactions", "owner": OWNER, "region": "us-east-1"}
    return {**inputs, **overrides}


def dataset_inputs(**overrides: Any) -> dict[str, Any]:
    inputs = {
        "datasetGroupArn": GROUP,
        "datasetType": "Interactions",
        "schemaArn": SCHEMA,
        "autonamePrefix": "interactions",
        "owner": OWNER,
        "relatedInputs": {},
    }
    return {**inputs, **overrides}


def failures(provider: Any, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, str]:
    return {failure.property: failure.reason for failure in provider.check(olds, news).failures}


def test_a_schema_is_stored_as_compact_json_whatever_its_spelling() -> None:
    as_text = SchemaProvider().check({}, schema_inputs(json.dumps(INTERACTIONS, indent=4))).inputs
    as_mapping = SchemaProvider().check({}, schema_inputs(dict(reversed(list(INTERACTIONS.items()))))).inputs
    assert as_text["schema"] == as_mapping["schema"] == json.dumps(INTERACTIONS, sort_keys=True, separators=(",", ":"))
    assert as_text["name"] == as_mapping["name"]
    assert "tags" not in as_text


def test_a_schema_autoname_follows_its_content_and_owner() -> None:
    first = SchemaProvider().check({}, schema_inputs(INTERACTIONS)).inputs
    wider = avro_record("Interactions", ("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long"))
    second = SchemaProvider().check(first, schema_inputs(wider)).inputs
    other_owner = SchemaProvider().check({}, schema_inputs(INTERACTIONS, owner=OWNER.replace("0123", "4567"))).inputs
    assert first["name"].startswith("interactions-") and len(first["name"]) == len("interactions-") + 16
    assert len({first["name"], second["name"], other_owner["name"]}) == 3
    assert SchemaProvider().check(first, schema_inputs(INTERACTIONS)).inputs["name"] == first["name"]


def test_a_schema_autoname_is_unknown_while_the_content_is() -> None:
    assert SchemaProvider().check({}, schema_inputs(rpc.UNKNOWN)).inputs["name"] == rpc.UNKNOWN


def test_schema_problems_name_the_field() -> None:
    not_record = failures(SchemaProvider(), {}, schema_inputs({"type": "enum", "name": "x"}))
    bad_type = failures(SchemaProvider(), {}, schema_inputs(avro_record("Items", ("ITEM_ID", "varchar"))))
    too_long = failures(SchemaProvider(), {}, schema_inputs(avro_record("Items", ("X" * 20_000, "string"))))
    not_json = failures(SchemaProvider(), {}, schema_inputs("{not json"))
    assert "record" in not_record["schema"]
    assert "ITEM_ID" in bad_type["schema"] and "varchar" in bad_type["schema"]
    assert "20000" in too_long["schema"]
    assert "not JSON" in not_json["schema"]


def test_a_named_schema_cannot_be_replaced_under_its_name() -> None:
    olds = SchemaProvider().check({}, schema_inputs(INTERACTIONS, name="clicks", autonamePrefix=None)).inputs
    news = schema_inputs(ITEMS, name="clicks", autonamePrefix=None)
    assert "cannot be replaced under the same name" in failures(SchemaProvider(), olds, news)["name"]
    assert failures(SchemaProvider(), olds, schema_inputs(ITEMS, name="clicks-2", autonamePrefix=None)) == {}


def test_a_schema_change_replaces_it_new_one_first() -> None:
    olds = SchemaProvider().check({}, schema_inputs(INTERACTIONS)).inputs
    news = SchemaProvider().check(olds, schema_inputs(ITEMS)).inputs
    diff = SchemaProvider().diff(SCHEMA, olds, news)
    assert diff.changes and "schema" in (diff.replaces or []) and not diff.delete_before_replace


def test_a_dataset_type_is_kept_in_its_documented_spelling() -> None:
    result = DatasetProvider().check({}, dataset_inputs(datasetType="action_interactions"))
    assert result.failures == [] and result.inputs["datasetType"] == "Action_Interactions"
    assert "Interactions, Items" in failures(DatasetProvider(), {}, dataset_inputs(datasetType="Clicks"))["datasetType"]


def test_a_dataset_is_checked_against_the_schema_and_group_its_program_declared() -> None:
    custom = avro_record("Interactions", ("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long"))
    related = {"schema": custom, "schemaDomain": "ECOMMERCE", "groupDomain": "VIDEO_ON_DEMAND"}
    reasons = [f.reason for f in DatasetProvider().check({}, dataset_inputs(relatedInputs=related)).failures]
    assert any("EVENT_TYPE (string) is missing" in reason and "ECOMMERCE" in reason for reason in reasons)
    assert any("domain is ECOMMERCE but the dataset group's is VIDEO_ON_DEMAND" in reason for reason in reasons)
    fine = {"schema": custom, "schemaDomain": "", "groupDomain": ""}
    assert failures(DatasetProvider(), {}, dataset_inputs(relatedInputs=fine)) == {}
    unknown = {"schema": rpc.UNKNOWN, "schemaDomain": "", "groupDomain": rpc.UNKNOWN}
    assert failures(DatasetProvider(), {}, dataset_inputs(relatedInputs=unknown)) == {}


def test_an_items_schema_swap_is_in_place_and_must_keep_the_old_fields() -> None:
    olds = dataset_inputs(datasetType="Items", relatedInputs={"schema": ITEMS})
    dropped = avro_record("Items", ("ITEM_ID", "string"), ("PRICE", ["null", "float"]))
    news = dataset_inputs(datasetType="Items", schemaArn=SCHEMA + "-2", relatedInputs={"schema": dropped})
    assert "field GENRE (string) must be kept" in failures(DatasetProvider(), olds, news)["schemaArn"]
    wider = avro_record("Items", ("ITEM_ID", "string"), ("GENRE", "string"), ("PRICE", ["null", "float"]))
    news["relatedInputs"] = {"schema": wider}
    assert failures(DatasetProvider(), olds, news) == {}
    diff = DatasetProvider().diff("arn", olds, news)
    assert diff.changes and diff.replaces == []


def test_an_interactions_schema_swap_replaces_the_dataset() -> None:
    olds = dataset_inputs()
    diff = DatasetProvider().diff("arn", olds, dataset_inputs(schemaArn=SCHEMA + "-2"))
    assert diff.replaces == ["schemaArn"] and diff.delete_before_replace


def test_dataset_bookkeeping_never_changes_anything() -> None:
    olds = dataset_inputs(tags={})
    news = dataset_inputs(tags={}, relatedInputs={"schema": ITEMS}, timeouts={"create": 5.0, "delete": 5.0})
    assert not DatasetProvider().diff("arn", olds, news).changes


def test_preview_refuses_a_record_name_that_is_not_the_dataset_type() -> None:
    """ "A schema has a name key whose value must match the dataset type" (how-it-works-dataset-schema.html)."""
    named_users = avro_record("Users", ("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long"))
    reason = failures(DatasetProvider(), {}, dataset_inputs(relatedInputs={"schema": named_users}))["schemaArn"]
    assert "record is named Users" in reason and "name it Interactions" in reason


def test_preview_refuses_fields_whose_alphanumeric_names_are_alike() -> None:
    alike = avro_record("Items", ("ITEM_ID", "string"), ("GENRES_FIELD_1", "string"), ("GENRESFIELD1", "string"))
    assert "GENRESFIELD1" in failures(SchemaProvider(), {}, schema_inputs(alike))["schema"]


def test_preview_asks_for_the_categorical_attribute_a_domain_requires() -> None:
    items = avro_record("Items", ("ITEM_ID", "string"), ("PRICE", "float"), ("CATEGORY_L1", "string"))
    related = {"schema": items, "schemaDomain": "ECOMMERCE", "groupDomain": "ECOMMERCE"}
    inputs = dataset_inputs(datasetType="Items", relatedInputs=related)
    assert (
        'CATEGORY_L1 must be categorical ("categorical": true)' in failures(DatasetProvider(), {}, inputs)["schemaArn"]
    )
    reserved = avro_record("Interactions", ("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long"))
    reserved["fields"][0]["categorical"] = True
    inputs = dataset_inputs(relatedInputs={"schema": reserved})
    assert "USER_ID cannot be categorical" in failures(DatasetProvider(), {}, inputs)["schemaArn"]
