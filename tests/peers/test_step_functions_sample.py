"""The amazon-personalize-samples ML Ops Step Functions sample, run against the emulator.

Its Lambdas (vendored unmodified) run through its own state machine definitions (template.yaml), interpreted
by tests/peers/stepfunctions.py, with the functions pointed at the emulator by endpoint only. Where the sample
is wrong (its delete machine deletes the event tracker and never waits for it to be gone), the tests show the
emulator refusing what AWS refuses, and the sample's own unused wait function fixing it.
"""

from __future__ import annotations

import copy
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from mypy_boto3_personalize import PersonalizeClient

from testkit.emulator_control import EmulatorControl
from tests.peers import samples
from tests.peers.stepfunctions import Execution, Invoke, StateMachine

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account: what moto's STS and the emulator answer for this access key
ACCESS_KEY = "AKIAPEERSSAMPLES"
TIME_SCALE = 0.01  # the sample's Retry intervals (2 s to 60 s) become 20 ms to 0.6 s
# Phases long enough that the sample's first Describe (right after its Create or Delete, from a Lambda's cold
# start) sees them even on a loaded machine.
CREATE_SECONDS = 1.0
DELETE_SECONDS = 1.0
SLOW_DELETE_SECONDS = 3.0  # far longer than the moments between the sample's two deletes
BUCKET = "peers-input-bucket"
CURRENT_DATE = "2024_05_01_12_00_00"
DELETING = ("DELETE PENDING", "DELETE IN_PROGRESS")


def execution_input(params: dict[str, Any]) -> dict[str, Any]:
    """What the sample's S3-triggered Lambda (lambdas/s3lambda/parse.py) starts the deploy machine with."""
    return {"bucket": BUCKET, "currentDate": CURRENT_DATE, "params": params}


def arn(resource: str) -> str:
    return f"arn:aws:personalize:{REGION}:{ACCOUNT}:{resource}"


def stand_ins() -> dict[str, Callable[[Any], Any]]:
    """Answers, in place of the functions whose APIs the emulator lacks, of their success (no call made)."""
    return {
        "ImportData": lambda event: arn(f"dataset-import-job/{event['datasetType']}_{event['date']}"),
        "CreateSolution": lambda event: arn(f"solution/{event['solution'][event['solutionType']]['name']}/1"),
        "WaitSolutionVersion": lambda _event: "ACTIVE",
        "CreateCampaign": lambda event: arn(f"campaign/{event['campaign']['name']}"),
        "CreateFilters": lambda event: [arn(f"filter/{item['name']}") for item in event["filters"]],
        "ListSolutions": lambda _event: [],  # the emulator has no solutions
    }


@pytest.fixture
def lambda_environment(emulator_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A Lambda's process: region and credentials in the environment, every service's endpoint the emulator."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator_url)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "peers-secret")
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # a fresh default session, as in a new container
    monkeypatch.syspath_prepend(str(samples.LAYER))
    yield
    for name in samples.LAYER_MODULES:
        sys.modules.pop(name, None)


@pytest.fixture
def personalize(emulator_url: str) -> PersonalizeClient:
    """The test's own view of the emulator."""
    return boto3.client(
        "personalize",
        endpoint_url=emulator_url,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key="peers-secret",
    )


@pytest.fixture
def runtime(lambda_environment: None, emulator_url: str, control: EmulatorControl) -> samples.LambdaRuntime:
    control.set_timings(CREATE_SECONDS, DELETE_SECONDS)
    sns = boto3.client("sns", endpoint_url=emulator_url, region_name=REGION)
    topic = sns.create_topic(Name="peers-notifications")["TopicArn"]  # moto's SNS, behind the same endpoint
    return samples.LambdaRuntime(samples.Template(), {"NotificationTopic": topic}, stand_ins())


def machine(runtime: samples.LambdaRuntime, logical_id: str, fix: Callable[[Any], Any] | None = None) -> StateMachine:
    definition, functions = runtime.template.state_machine(logical_id)
    if fix is not None:
        definition = fix(definition)
    return StateMachine(definition, lambda resource, event: runtime.invoke(functions[resource], event), TIME_SCALE)


def deploy(runtime: samples.LambdaRuntime, params: dict[str, Any]) -> tuple[Execution, dict[str, Any]]:
    """A successful run of the deploy machine, and what its last state (Notify Users) was given."""
    execution = machine(runtime, "DeployStateMachine").run(execution_input(params))
    assert execution.status == "SUCCEEDED", execution
    assert execution.entered()[-1] == "Notify Users"
    notified: dict[str, Any] = execution.input_of("Notify Users")
    assert "serviceError" not in notified and "statesError" not in notified, notified
    return execution, notified


def only_interactions() -> dict[str, Any]:
    """The example parameters with the Interactions dataset only (Users and Items are optional to the machine)."""
    params = samples.params()
    params["datasets"] = {"Interactions": params["datasets"]["Interactions"]}
    return params


def tracker_status(personalize: PersonalizeClient, tracker_arn: str) -> str | None:
    try:
        return personalize.describe_event_tracker(eventTrackerArn=tracker_arn)["eventTracker"]["status"]
    except personalize.exceptions.ResourceNotFoundException:
        return None


def resources_of(definition: Any) -> set[str]:
    """Every Task resource of a definition, nested machines (Map iterators, Parallel branches) included."""
    found: set[str] = set()
    for state in definition["States"].values():
        if "Resource" in state:
            found.add(state["Resource"])
        for nested in [state.get("Iterator"), *state.get("Branches", [])]:
            if nested is not None:
                found |= resources_of(nested)
    return found


def with_tracker_wait(definition: Any) -> Any:
    """The delete machine fixed: after Delete Event Tracker, wait for it to be gone with the sample's own
    wait-delete-tracker function (defined in the template, used by no state), as the machine already waits
    for datasets ("Wait for Dataset Delete": same Retry, same Catch of ResourceNotFoundException)."""
    fixed = copy.deepcopy(definition)
    states = fixed["States"]["Map Event Trackers"]["Iterator"]["States"]
    delete = states["Delete Event Tracker"]
    del delete["End"]
    delete.update({"Next": "Wait for Event Tracker Delete", "ResultPath": None})
    states["Wait for Event Tracker Delete"] = {
        "Type": "Task",
        "Resource": "${WaitDeleteTrackerArn}",
        "End": True,
        "Retry": [{"ErrorEquals": ["ResourcePending"], "IntervalSeconds": 60, "BackoffRate": 1.5, "MaxAttempts": 100}],
        "Catch": [{"ErrorEquals": ["ResourceNotFoundException"], "Next": "Event Tracker Delete Completed"}],
    }
    states["Event Tracker Delete Completed"] = {"Type": "Pass", "End": True}
    return fixed


def test_deploy_machine_creates_the_group_datasets_and_tracker(
    runtime: samples.LambdaRuntime, personalize: PersonalizeClient, control: EmulatorControl
) -> None:
    execution, made = deploy(runtime, samples.params())
    group_arn = arn("dataset-group/MovieLensDemo")  # the ARN the sample computes from STS's account
    assert made["datasetGroupArn"] == group_arn
    # The sample polls by failing with ResourcePending while the emulator says CREATE PENDING / IN_PROGRESS.
    assert "retried ResourcePending" in execution.events_of("Create Dataset Group")
    assert "retried ResourcePending" in execution.events_of("Create Interactions Dataset")
    assert "retried ResourcePending" in execution.events_of("Attach Event Tracker")
    assert "caught KeyError" in execution.events_of("Create Users Dataset")  # no Users dataset in the params
    assert personalize.describe_dataset_group(datasetGroupArn=group_arn)["datasetGroup"]["status"] == "ACTIVE"

    tracker_arn = made["eventTrackerArn"]
    listed = personalize.list_event_trackers(datasetGroupArn=group_arn)["eventTrackers"]
    assert [tracker["eventTrackerArn"] for tracker in listed] == [tracker_arn]
    tracker = personalize.describe_event_tracker(eventTrackerArn=tracker_arn)["eventTracker"]
    assert (tracker["name"], tracker["status"], tracker["datasetGroupArn"]) == (
        "MovieLensDemoEventTracker",
        "ACTIVE",
        group_arn,
    )
    assert tracker["accountId"] == ACCOUNT

    datasets = personalize.list_datasets(datasetGroupArn=group_arn)["datasets"]
    assert {dataset["datasetType"]: dataset["status"] for dataset in datasets} == {
        "Items": "ACTIVE",
        "Interactions": "ACTIVE",
    }
    # The sample computes dataset ARNs as dataset/<group name>/<TYPE> and imports into them.
    imported = sorted(event["datasetArn"] for name, event in runtime.invocations if name == "ImportData")
    assert imported == sorted(dataset["datasetArn"] for dataset in datasets)
    assert imported == [arn("dataset/MovieLensDemo/INTERACTIONS"), arn("dataset/MovieLensDemo/ITEMS")]
    assert execution.output["MessageId"]  # published to the SNS topic, at the same endpoint

    # Run again (as re-uploading the parameters file does): the sample finds everything and makes nothing new.
    before = control.live()
    _, again = deploy(runtime, samples.params())
    assert again["eventTrackerArn"] == tracker_arn
    assert control.live() == before


def test_sample_defines_a_tracker_wait_its_delete_machine_never_uses(runtime: samples.LambdaRuntime) -> None:
    """The sample's mistake, read from its template: wait-delete-tracker is wired into the delete machine's
    substitutions, but no state runs it, so "Delete Event Tracker" ends its Map iteration at once."""
    definition, functions = runtime.template.state_machine("DeleteAllDatasetGroupResources")
    assert functions["${WaitDeleteTrackerArn}"] == "WaitDeleteTracker"
    assert "${WaitDeleteTrackerArn}" not in resources_of(definition)
    assert {"${WaitDeleteDatasetArn}", "${WaitDeleteDatasetgroupArn}"} <= resources_of(definition)
    iteration = definition["States"]["Map Event Trackers"]["Iterator"]["States"]
    assert iteration["Delete Event Tracker"].get("End") is True


def test_sample_delete_machine_fails_deleting_the_interactions_dataset(
    runtime: samples.LambdaRuntime, personalize: PersonalizeClient, control: EmulatorControl
) -> None:
    """As AWS does, the emulator refuses to delete the Interactions dataset while its group's tracker is still
    being deleted ("Requirements for deleting Amazon Personalize resources": delete the event tracker before
    the Interactions dataset; https://docs.aws.amazon.com/personalize/latest/dg/gs-cleanup.html)."""
    group_arn = deploy(runtime, only_interactions())[1]["datasetGroupArn"]
    tracker_arn = personalize.list_event_trackers(datasetGroupArn=group_arn)["eventTrackers"][0]["eventTrackerArn"]
    control.set_timings(CREATE_SECONDS, SLOW_DELETE_SECONDS)

    execution = machine(runtime, "DeleteAllDatasetGroupResources").run({"datasetGroupArn": group_arn})

    assert execution.status == "FAILED"
    assert execution.events_of("Delete Event Tracker") == ["entered"]  # deleted, not waited for
    assert execution.events_of("Delete Dataset from Group") == ["entered", "failed ResourceInUseException"]
    assert "caught ResourceInUseException" in execution.events_of("Map and Delete All Datasets")
    assert execution.entered()[-2:] == ["Notify Error", "Fail"]
    notified = [event for name, event in runtime.invocations if name == "NotifyDelete"]
    assert [event["Error"] for event in notified] == ["ResourceInUseException"]
    assert tracker_arn in notified[0]["Cause"]  # the refusal names the tracker still being deleted
    assert tracker_status(personalize, tracker_arn) in DELETING
    datasets = personalize.list_datasets(datasetGroupArn=group_arn)["datasets"]
    assert [(dataset["datasetType"], dataset["status"]) for dataset in datasets] == [("Interactions", "ACTIVE")]
    assert personalize.describe_dataset_group(datasetGroupArn=group_arn)["datasetGroup"]["status"] == "ACTIVE"


def test_sample_delete_machine_fails_deleting_a_group_whose_tracker_is_being_deleted(
    runtime: samples.LambdaRuntime, personalize: PersonalizeClient, control: EmulatorControl
) -> None:
    """A group with a tracker and no dataset: the machine deletes the tracker, then at once the group, which AWS
    refuses while the group has an event tracker (DeleteDatasetGroup: "Before you delete a dataset group, you
    must delete ... All associated event trackers"; ResourceInUseException;
    https://docs.aws.amazon.com/personalize/latest/dg/API_DeleteDatasetGroup.html). Once the tracker is gone,
    running the machine again deletes the group."""
    definition, functions = runtime.template.state_machine("DeployStateMachine")
    states = definition["States"]
    create_and_track = {
        "StartAt": "Create Dataset Group",
        "States": {
            "Create Dataset Group": {**states["Create Dataset Group"], "Next": "Attach Event Tracker"},
            "Attach Event Tracker": {
                **{key: value for key, value in states["Attach Event Tracker"].items() if key != "Next"},
                "End": True,
            },
        },
    }
    invoke: Invoke = lambda resource, event: runtime.invoke(functions[resource], event)  # noqa: E731
    made = StateMachine(create_and_track, invoke, TIME_SCALE)
    params = {"datasetGroup": {"name": "TrackerOnly"}, "eventTracker": {"name": "TrackerOnlyTracker"}}
    created = made.run({"params": params})
    assert created.status == "SUCCEEDED", created
    group_arn, tracker_arn = created.output["datasetGroupArn"], created.output["eventTrackerArn"]
    assert tracker_status(personalize, tracker_arn) == "ACTIVE"
    control.set_timings(CREATE_SECONDS, SLOW_DELETE_SECONDS)

    delete = machine(runtime, "DeleteAllDatasetGroupResources")
    execution = delete.run({"datasetGroupArn": group_arn})

    assert execution.status == "FAILED"
    assert execution.events_of("Delete Dataset Group") == ["entered", "caught ResourceInUseException"]
    assert execution.entered()[-2:] == ["Notify Error", "Fail"]
    assert tracker_status(personalize, tracker_arn) in DELETING
    assert personalize.describe_dataset_group(datasetGroupArn=group_arn)["datasetGroup"]["status"] == "ACTIVE"
    with pytest.raises(ClientError) as refused:  # what the sample's delete-datasetgroup Lambda got
        personalize.delete_dataset_group(datasetGroupArn=group_arn)
    assert refused.value.response["Error"]["Code"] == "ResourceInUseException"

    control.set_timings(CREATE_SECONDS, DELETE_SECONDS)  # the group's own deletion, from now on
    deadline = time.monotonic() + 10 * SLOW_DELETE_SECONDS
    while tracker_status(personalize, tracker_arn) is not None:
        assert time.monotonic() < deadline, "the tracker was never gone"
        time.sleep(0.05)
    rerun = delete.run({"datasetGroupArn": group_arn})
    assert rerun.status == "SUCCEEDED", rerun
    assert rerun.events_of("Wait Delete Dataset Group")[-1] == "caught ResourceNotFoundException"
    with pytest.raises(personalize.exceptions.ResourceNotFoundException):
        personalize.describe_dataset_group(datasetGroupArn=group_arn)


def test_delete_machine_with_the_samples_tracker_wait_deletes_everything(
    runtime: samples.LambdaRuntime, personalize: PersonalizeClient, control: EmulatorControl
) -> None:
    """With wait-delete-tracker in place (with_tracker_wait), the sample deletes tracker, datasets and group."""
    group_arn = deploy(runtime, samples.params())[1]["datasetGroupArn"]
    tracker_arn = personalize.list_event_trackers(datasetGroupArn=group_arn)["eventTrackers"][0]["eventTrackerArn"]

    execution = machine(runtime, "DeleteAllDatasetGroupResources", with_tracker_wait).run(
        {"datasetGroupArn": group_arn}
    )

    assert execution.status == "SUCCEEDED", execution
    waited = execution.events_of("Wait for Event Tracker Delete")
    assert "retried ResourcePending" in waited  # DELETE PENDING / IN_PROGRESS seen by the sample's own code
    assert waited[-1] == "caught ResourceNotFoundException"
    assert execution.entered()[-1] == "Notify Users"
    assert tracker_status(personalize, tracker_arn) is None
    assert personalize.list_datasets(datasetGroupArn=group_arn)["datasets"] == []
    with pytest.raises(personalize.exceptions.ResourceNotFoundException):
        personalize.describe_dataset_group(datasetGroupArn=group_arn)
    # The sample does not delete schemas (nor does the machine claim to): they are all that is left.
    assert sorted(resource["kind"] for resource in control.live()) == ["schema", "schema"]
