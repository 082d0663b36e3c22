"""The plugin's gRPC contract, with no language host: what the engine sends, and what it must get back.

Each of the three bugs the SDK's experimental provider server had (3.272) has its test here: unknowns returned
from Check, a Read of a missing resource, and a detailed diff claimed without one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2
from pulumi_personalize.emulator import Emulator

from tests.native.plugin_process import PluginProcess

TRACKER_URN = "urn:pulumi:dev::shop::personalize:index:EventTracker::clicks"
GROUP_URN = "urn:pulumi:dev::shop::personalize:index:DatasetGroup::events"
IDENTITY = "0123456789abcdef"
MISSING_GROUP = "arn:aws:personalize:us-east-1:123456789012:dataset-group/missing"


def struct(values: dict[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(values)
    return message


@pytest.fixture
def plugin(emulator: Emulator) -> Iterator[PluginProcess]:
    with PluginProcess(emulator.endpoint_url) as started:
        config = struct({"region": "us-east-1", "stackIdentity": IDENTITY})
        started.provider.Configure(provider_pb2.ConfigureRequest(args=config), timeout=10)
        yield started


def test_plugin_info_and_schema_name_the_package_version_and_every_resource(plugin: PluginProcess) -> None:
    assert plugin.info().version == version("pulumi-personalize")
    schema = json.loads(plugin.provider.GetSchema(provider_pb2.GetSchemaRequest(), timeout=10).schema)
    assert schema["name"] == "personalize"
    assert sorted(schema["resources"]) == [
        f"personalize:index:{name}"
        for name in (
            "Campaign",
            "Dataset",
            "DatasetGroup",
            "EventTracker",
            "Filter",
            "Schema",
            "Solution",
            "SolutionVersion",
        )
    ]
    tracker = schema["resources"]["personalize:index:EventTracker"]
    assert tracker["requiredInputs"] == ["datasetGroupArn"]
    assert "trackingId" in tracker["properties"]
    for resource in schema["resources"].values():
        for spec in (*resource["inputProperties"].values(), *resource["properties"].values()):
            assert spec["description"], resource


def test_check_config_keeps_the_stack_identity_it_finds_and_makes_one_otherwise(plugin: PluginProcess) -> None:
    kept = plugin.provider.CheckConfig(
        provider_pb2.CheckRequest(olds=struct({"stackIdentity": IDENTITY}), news=struct({"region": "eu-west-1"}))
    )
    assert dict(kept.inputs) == {"region": "eu-west-1", "stackIdentity": IDENTITY}
    made = plugin.provider.CheckConfig(provider_pb2.CheckRequest(news=struct({})))
    assert len(made.inputs["stackIdentity"]) == 16 and made.inputs["stackIdentity"] != IDENTITY


def test_check_returns_unknowns_as_unknowns(plugin: PluginProcess) -> None:
    """SDK bug 1: the experimental API could not return an unknown from Check."""
    checked = plugin.provider.Check(
        provider_pb2.CheckRequest(urn=TRACKER_URN, news=struct({"datasetGroupArn": rpc.UNKNOWN})), timeout=10
    )
    assert list(checked.failures) == []
    assert checked.inputs["datasetGroupArn"] == rpc.UNKNOWN
    assert checked.inputs["region"] == rpc.UNKNOWN, "the region follows the group's ARN, unknown until up"
    assert checked.inputs["name"].startswith("clicks-"), "the autoname derives from the owner, known in preview"
    assert checked.inputs["owner"].startswith(f"v2:{IDENTITY}:")


def test_check_failures_name_the_property(plugin: PluginProcess) -> None:
    checked = plugin.provider.Check(
        provider_pb2.CheckRequest(urn=TRACKER_URN, news=struct({"datasetGroupArn": "not-an-arn"})), timeout=10
    )
    assert [failure.property for failure in checked.failures] == ["datasetGroupArn"]


def test_a_read_of_a_missing_resource_answers_an_empty_id(plugin: PluginProcess) -> None:
    """SDK bug 2: a missing resource "succeeded" with its id and empty properties, so the engine kept a ghost."""
    read = plugin.provider.Read(
        provider_pb2.ReadRequest(urn=GROUP_URN, id=MISSING_GROUP, properties=struct({"region": "us-east-1"})),
        timeout=10,
    )
    assert read.id == ""


def test_a_diff_claims_a_detailed_diff_that_it_has(plugin: PluginProcess) -> None:
    """SDK bug 3: every Diff claimed a detailed diff; ours carries the lifecycle's own."""
    olds = {"name": "clicks-1", "datasetGroupArn": MISSING_GROUP, "region": "us-east-1", "tags": {"a": "1"}}
    same = plugin.provider.Diff(provider_pb2.DiffRequest(urn=TRACKER_URN, olds=struct(olds), news=struct(olds)))
    assert same.changes == provider_pb2.DiffResponse.DIFF_NONE and dict(same.detailedDiff) == {}
    tags = plugin.provider.Diff(
        provider_pb2.DiffRequest(urn=TRACKER_URN, olds=struct(olds), news=struct({**olds, "tags": {"a": "2"}}))
    )
    assert tags.changes == provider_pb2.DiffResponse.DIFF_SOME and list(tags.replaces) == []
    assert tags.detailedDiff["tags"].kind == provider_pb2.PropertyDiff.UPDATE and tags.hasDetailedDiff
    renamed = plugin.provider.Diff(
        provider_pb2.DiffRequest(urn=TRACKER_URN, olds=struct(olds), news=struct({**olds, "name": "clicks-2"}))
    )
    assert list(renamed.replaces) == ["name"] and renamed.deleteBeforeReplace
    assert renamed.detailedDiff["name"].kind == provider_pb2.PropertyDiff.UPDATE_REPLACE


def test_progress_lines_go_to_the_engine_log_under_their_resource(plugin: PluginProcess) -> None:
    olds = {"name": "clicks-1", "datasetGroupArn": MISSING_GROUP, "region": "us-east-1", "status": "CREATE FAILED"}
    plugin.provider.Diff(provider_pb2.DiffRequest(urn=TRACKER_URN, id="arn", olds=struct(olds), news=struct(olds)))
    assert plugin.engine.lines == [(TRACKER_URN, "event tracker clicks-1 (arn) is CREATE FAILED: it will be replaced")]


def test_errors_read_as_ours_with_no_traceback(plugin: PluginProcess) -> None:
    inputs = {"name": "clicks-1", "datasetGroupArn": MISSING_GROUP, "region": "us-east-1", "tags": {}}
    with pytest.raises(grpc.RpcError) as raised:
        plugin.provider.Create(provider_pb2.CreateRequest(urn=TRACKER_URN, properties=struct(inputs)), timeout=30)
    details = str(raised.value.details())
    assert details.startswith("event tracker clicks-1"), details
    assert "Traceback" not in details and "<class" not in details and "ResourceNotFoundException" in details


def test_the_engine_stops_it_with_sigint_and_it_exits_at_once(plugin: PluginProcess) -> None:
    plugin.provider.Cancel(empty_pb2.Empty(), timeout=10)
    assert plugin.stop() in (0, 1)


def test_on_an_identity_made_by_this_run_only_a_new_resource_leaves_its_name_to_create(
    emulator: Emulator,
) -> None:
    """A resource that exists keeps its autoname in Check (else Diff would see the name go and replace it)."""
    with PluginProcess(emulator.endpoint_url) as plugin:
        made = plugin.provider.CheckConfig(provider_pb2.CheckRequest(news=struct({"region": "us-east-1"})))
        plugin.provider.Configure(provider_pb2.ConfigureRequest(args=made.inputs), timeout=10)
        new = plugin.provider.Check(provider_pb2.CheckRequest(urn=GROUP_URN, news=struct({})), timeout=10)
        assert "name" not in new.inputs, "left to Create: this identity may not be the one up saves"
        owner = f"v2:{IDENTITY}:0123456789abcdef {GROUP_URN}"
        olds = {"autonamePrefix": "events", "owner": owner, "region": "us-east-1"}
        kept = plugin.provider.Check(
            provider_pb2.CheckRequest(urn=GROUP_URN, olds=struct(olds), news=struct({})), timeout=10
        )
        assert kept.inputs["name"].startswith("events-") and kept.inputs["owner"] == owner
