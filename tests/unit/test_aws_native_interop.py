"""examples/aws_native under Pulumi's mocks: our Schema, Dataset and EventTracker on a dataset group made by
pulumi-aws-native, the path of users who already manage their groups that way.

The aws-native plugin cannot run here. The mocks stand in for the engine and answer for the group as Cloud
Control does (its id and its `datasetGroupArn` attribute are the ARN). Each of our resources is then checked
by the provider it registered (its `__provider` input, unpickled as the dynamic provider server does), on the
inputs the engine received: that check is what `pulumi preview` runs on the group ARN aws-native gives.
The monitor also keeps what each input depends on, as the engine receives it: the engine orders deletes by it.
"""

from __future__ import annotations

import base64
from typing import Any

import dill  # type: ignore[import-untyped]  # the SDK's pickler for `__provider`
import pulumi
import pytest
from pulumi.dynamic import ResourceProvider
from pulumi.output import Unknown
from pulumi.runtime.mocks import MockMonitor

from tests.harness import ROOT
from tests.unit.example_program import run_example

EXAMPLE = ROOT / "examples" / "aws_native" / "__main__.py"
REGION = "us-east-1"
ARN_PREFIX = f"arn:aws:personalize:{REGION}:123456789012"
AWS_NATIVE_GROUP = "aws-native:personalize:DatasetGroup"
OURS = "pulumi-python:dynamic/personalize"
SCHEMA, DATASET, TRACKER = f"{OURS}:Schema", f"{OURS}:Dataset", f"{OURS}:EventTracker"


class Mocks(pulumi.runtime.Mocks):
    """Answers as the providers would after a create; during a preview, the group's ARN stays unknown."""

    def __init__(self, preview: bool) -> None:
        self.preview = preview
        self.registered: dict[tuple[str, str], dict[str, Any]] = {}  # (type, name): inputs
        self.monitor: DependencyMonitor | None = None

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self.registered[args.typ, args.name] = args.inputs
        if self.preview and args.typ == AWS_NATIVE_GROUP:
            return None, dict(args.inputs)  # a group to create: no id, no ARN yet
        name = args.inputs.get("name") or f"{args.name}-0a1b2c"
        computed: dict[str, Any] = {
            f"{OURS}:StackIdentity": {"identity": "0123456789abcdef"},
            AWS_NATIVE_GROUP: {"datasetGroupArn": f"{ARN_PREFIX}:dataset-group/{name}", "name": name},
            SCHEMA: {"schemaArn": f"{ARN_PREFIX}:schema/{name}"},
            DATASET: {"datasetArn": f"{ARN_PREFIX}:dataset/{name}/INTERACTIONS", "status": "ACTIVE"},
            TRACKER: {
                "eventTrackerArn": f"{ARN_PREFIX}:event-tracker/0a1b2c3d",
                "trackingId": "6f1c3d2e-0000-4000-8000-000000000001",
                "status": "ACTIVE",
            },
        }.get(args.typ, {})
        arn = next((value for key, value in computed.items() if key.endswith("Arn")), f"{args.name}-id")
        return arn, dict(args.inputs) | computed  # the id is the ARN, for aws-native's group as for ours

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        """The SDK accepts a plain dict (its annotation only names the tuple form)."""
        return {}

    def inputs(self, typ: str, name: str) -> dict[str, Any]:
        return self.registered[typ, name]

    def depends_on(self, typ: str, name: str, key: str) -> set[str]:
        """The URNs the input `key` of (typ, name) depends on, as the engine received them."""
        assert self.monitor is not None
        return self.monitor.dependencies[typ, name].get(key, set())

    def check(self, typ: str, name: str, **overrides: Any) -> tuple[dict[str, Any], dict[str, str]]:
        """Our provider's check on what the engine received (with `overrides`): (checked inputs, failures)."""
        inputs = self.inputs(typ, name) | overrides
        provider = dill.loads(base64.b64decode(inputs["__provider"]))
        assert isinstance(provider, ResourceProvider)
        result = provider.check({}, inputs)
        return dict(result.inputs or {}), {failure.property: failure.reason for failure in result.failures or []}


class DependencyMonitor(MockMonitor):
    """The mock monitor, keeping each registration's property dependencies: {(type, name): {input: URNs}}."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.dependencies: dict[tuple[str, str], dict[str, set[str]]] = {}

    def RegisterResource(self, request: Any) -> Any:  # the gRPC method's name
        self.dependencies[request.type, request.name] = {
            key: set(dependencies.urns) for key, dependencies in request.propertyDependencies.items()
        }
        return super().RegisterResource(request)  # type: ignore[no-untyped-call]  # the SDK's mocks are untyped


def install(mocks: Mocks) -> Mocks:
    mocks.monitor = DependencyMonitor(mocks)
    pulumi.runtime.set_mocks(
        mocks, project="personalize-aws-native", stack="prod", preview=mocks.preview, monitor=mocks.monitor
    )
    pulumi.runtime.set_all_config({"aws-native:region": REGION})
    return mocks


@pytest.fixture
def mocks() -> Mocks:
    return install(Mocks(preview=False))


@pytest.fixture
def preview_mocks() -> Mocks:
    return install(Mocks(preview=True))


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_our_dataset_and_tracker_take_the_aws_native_group_arn_and_pass_our_check(
    mocks: Mocks, monkeypatch: pytest.MonkeyPatch
) -> pulumi.Output[None]:
    program, exports = run_example(EXAMPLE, monkeypatch)

    def check(values: list[Any]) -> None:
        dataset_urn, group_urn, group_arn, schema_arn, dataset_arn, tracking_id, exported = values
        assert group_arn.startswith(f"{ARN_PREFIX}:dataset-group/events-")
        assert {typ for typ, _ in mocks.registered} >= {AWS_NATIVE_GROUP, SCHEMA, DATASET, TRACKER}
        assert mocks.inputs(AWS_NATIVE_GROUP, "events")["domain"] == "ECOMMERCE"
        schema = mocks.inputs(SCHEMA, "interactions")
        assert (schema["domain"], schema["region"]) == ("ECOMMERCE", REGION)
        dataset, tracker = mocks.inputs(DATASET, "interactions"), mocks.inputs(TRACKER, "clicks")
        assert dataset["datasetGroupArn"] == tracker["datasetGroupArn"] == group_arn
        assert (dataset["datasetType"], dataset["schemaArn"]) == ("Interactions", schema_arn)

        for typ, name in [(SCHEMA, "interactions"), (DATASET, "interactions"), (TRACKER, "clicks")]:
            checked, failures = mocks.check(typ, name)
            assert failures == {}, (typ, failures)
            assert checked["name"].startswith(f"{name}-"), "an autoname, as on a group of ours"
            if typ != SCHEMA:
                assert checked["datasetGroupArn"] == group_arn
        # The acceptance means something: the same check refuses what is no dataset group ARN.
        _, failures = mocks.check(TRACKER, "clicks", datasetGroupArn="events")
        assert "datasetGroupArn" in failures
        assert exported == [tracking_id, group_arn, dataset_arn]
        # The order of deletion (docs/dataset.md): the tracker takes the group from the Interactions dataset, so
        # the engine deletes the tracker first; Personalize deletes that dataset only after its group's tracker.
        assert mocks.depends_on(TRACKER, "clicks", "datasetGroupArn") == {dataset_urn}
        assert mocks.depends_on(DATASET, "interactions", "datasetGroupArn") == {group_urn}

    return pulumi.Output.all(
        program["interactions"].urn,
        program["group"].urn,
        program["group"].dataset_group_arn,
        program["schema"].schema_arn,
        program["interactions"].dataset_arn,
        program["tracker"].tracking_id,
        pulumi.Output.all(exports["trackingId"], exports["datasetGroupArn"], exports["interactionsDatasetArn"]),
    ).apply(check)


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_a_first_preview_passes_our_check_while_the_aws_native_group_arn_is_unknown(
    preview_mocks: Mocks, monkeypatch: pytest.MonkeyPatch
) -> pulumi.Output[None]:
    program, _ = run_example(EXAMPLE, monkeypatch)

    def check(_: Any) -> None:
        for typ, name in [(DATASET, "interactions"), (TRACKER, "clicks")]:
            assert isinstance(preview_mocks.inputs(typ, name)["datasetGroupArn"], Unknown)
            _, failures = preview_mocks.check(typ, name)
            assert failures == {}, (typ, failures)

    return pulumi.Output.all(program["interactions"].urn, program["tracker"].urn).apply(check)
