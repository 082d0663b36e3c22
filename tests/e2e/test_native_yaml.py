"""A YAML program with all four resources, through the real CLI and the native plugin: up, stack output, PutEvents
with the tracking ID, no-op preview, in-place and replacing changes, refresh, import, destroy."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi_personalize.emulator import Emulator

from testkit.aws import INTERACTIONS as INTERACTIONS_SCHEMA
from testkit.aws import wait_gone
from tests.aws import REGION, aws_client, tags_of
from tests.harness import Stack, new_yaml_project

INTERACTIONS = json.dumps(INTERACTIONS_SCHEMA)


def program(tracker_name: str = "", team: str = "growth") -> str:
    name = f"\n      name: {tracker_name}" if tracker_name else ""
    return f"""
config:
  personalize:region: {REGION}
resources:
  group:
    type: personalize:index:DatasetGroup
  schema:
    type: personalize:index:Schema
    properties:
      schema: '{INTERACTIONS}'
  interactions:
    type: personalize:index:Dataset
    properties:
      datasetGroupArn: ${{group.datasetGroupArn}}
      datasetType: Interactions
      schemaArn: ${{schema.schemaArn}}
  tracker:
    type: personalize:index:EventTracker
    properties:
      datasetGroupArn: ${{interactions.datasetGroupArn}}{name}
      tags:
        team: {team}
outputs:
  trackingId: ${{tracker.trackingId}}
  trackerArn: ${{tracker.eventTrackerArn}}
  groupArn: ${{group.datasetGroupArn}}
  schemaArn: ${{schema.schemaArn}}
  datasetArn: ${{interactions.datasetArn}}
"""


@pytest.fixture
def yaml_stack(tmp_path: Path, emulator: Emulator, pulumi_cli: Path) -> Callable[..., Stack]:
    counter = iter(range(100))

    def make(resources: str, stack: str = "test") -> Stack:
        made = new_yaml_project(tmp_path / f"yaml-{next(counter)}", resources, stack=stack)
        made.env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url
        return made

    return make


def nothing_left(emulator: Emulator) -> bool:
    personalize = aws_client("personalize", emulator.endpoint_url)
    groups, schemas = personalize.list_dataset_groups()["datasetGroups"], personalize.list_schemas()["schemas"]
    return bool(groups == [] and schemas == [])


def rewrite(stack: Stack, resources: str) -> None:
    pulumi_yaml = stack.workdir / "Pulumi.yaml"
    header = pulumi_yaml.read_text().split("\nconfig:", 1)[0]
    pulumi_yaml.write_text(header + "\n" + resources.lstrip("\n"))


def test_a_yaml_program_brings_the_event_path_up_streams_events_and_goes_away(
    yaml_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    stack = yaml_stack(program())
    up = stack.pulumi("up", "--yes")
    assert "5 created" in up.stdout, up.output
    outputs = stack.outputs()
    events = aws_client("personalize-events", emulator.endpoint_url)
    click = {"eventType": "click", "sentAt": 1_700_000_000, "itemId": "book-1"}
    events.put_events(trackingId=outputs["trackingId"], sessionId="s1", userId="alice", eventList=[click])
    assert [event.get("datasetArn") for event in emulator.events()] == [outputs["datasetArn"]]
    assert stack.pulumi("stack", "output", "trackingId").stdout.strip() == outputs["trackingId"]
    assert stack.preview_is_empty()

    rewrite(stack, program(team="search"))
    preview = stack.pulumi("preview", "--diff").stdout
    assert '~ team: "growth" => "search"' in preview and "replace" not in preview, preview
    stack.pulumi("up", "--yes")
    personalize = aws_client("personalize", emulator.endpoint_url)
    assert tags_of(personalize, outputs["trackerArn"]) == {"team": "search"}
    assert stack.outputs()["trackingId"] == outputs["trackingId"], "tags change in place"

    rewrite(stack, program("renamed", team="search"))
    preview = stack.pulumi("preview", "--diff").stdout
    assert "+-personalize:index:EventTracker: (replace)" in preview and '~ name: "tracker-' in preview, preview
    stack.pulumi("up", "--yes")
    assert stack.outputs()["trackingId"] != outputs["trackingId"]

    stack.destroy()
    assert nothing_left(emulator)


def test_preview_names_the_property_at_fault(yaml_stack: Callable[..., Stack], emulator: Emulator) -> None:
    stack = yaml_stack(program().replace("datasetType: Interactions", "datasetType: Clicks"))
    preview = stack.pulumi("preview", ok=False)
    assert preview.returncode != 0
    assert "datasetType" in preview.output and "Traceback" not in preview.output, preview.output
    assert nothing_left(emulator)


def test_refresh_after_an_out_of_band_delete_drops_it_and_up_brings_it_back(
    yaml_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    stack = yaml_stack(program())
    stack.pulumi("up", "--yes")
    personalize = aws_client("personalize", emulator.endpoint_url)
    tracker = stack.outputs()["trackerArn"]
    personalize.delete_event_tracker(eventTrackerArn=tracker)
    wait_gone(personalize, "describe_event_tracker", "eventTrackerArn", tracker)
    refresh = stack.pulumi("refresh", "--yes")
    assert "deleted" in refresh.stdout, refresh.output
    stack.pulumi("up", "--yes")
    assert stack.preview_is_empty()
    stack.destroy()
    assert nothing_left(emulator)


def imported_program(generated: str) -> str:
    """The program `pulumi import` wrote, unprotected, as the whole of a project's resources."""
    resources: dict[str, Any] = yaml.safe_load(generated)["resources"]
    for resource in resources.values():
        resource.pop("options", None)
    return f"config:\n  personalize:region: {REGION}\n" + str(yaml.safe_dump({"resources": resources}))


def test_pulumi_import_writes_code_with_the_real_inputs_that_previews_clean(
    yaml_stack: Callable[..., Stack], emulator: Emulator, tmp_path: Path
) -> None:
    source = yaml_stack(program())
    source.pulumi("up", "--yes")
    outputs = source.outputs()
    arns = {
        "DatasetGroup": outputs["groupArn"],
        "Schema": outputs["schemaArn"],
        "Dataset": outputs["datasetArn"],
        "EventTracker": outputs["trackerArn"],
    }
    source.pulumi("state", "delete", "--all", "--yes", "--force")  # the resources stay: another stack takes them

    target = yaml_stack(f"config:\n  personalize:region: {REGION}\n", stack="adopter")
    imports = {
        "resources": [
            {"type": f"personalize:index:{kind}", "name": kind.lower(), "id": arn} for kind, arn in arns.items()
        ]
    }
    (tmp_path / "import.json").write_text(json.dumps(imports))
    generated_file = tmp_path / "generated.yaml"
    target.pulumi("import", "--file", str(tmp_path / "import.json"), "--yes", "--out", str(generated_file))
    generated = yaml.safe_load(generated_file.read_text())["resources"]
    tracker = generated["eventtracker"]["properties"]
    assert tracker["name"].startswith("tracker-") and tracker["region"] == REGION
    assert tracker["datasetGroupArn"] == "${datasetgroup.id}", "pulumi import links what it imported together"
    assert tracker["tags"] == {"team": "growth"}
    assert json.loads(generated["schema"]["properties"]["schema"]) == json.loads(INTERACTIONS)

    rewrite(target, imported_program(generated_file.read_text()))
    target.pulumi("state", "unprotect", "--all", "--yes")
    assert target.preview_is_empty(), target.pulumi("preview", "--diff").output
    target.pulumi("up", "--yes")  # records the dependencies the pasted code declares, so destroy goes in order
    target.destroy()
    assert nothing_left(emulator), "the imported entries own what they imported: destroy removes it all"


def test_preview_of_a_new_stack_shows_no_autoname_that_up_would_not_use(
    yaml_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    """A new stack's identity is made by its preview and again by its first up: names derived from it would differ."""
    stack = yaml_stack(program())
    steps = json.loads(stack.pulumi("preview", "--json").stdout)["steps"]
    previewed = {step["urn"]: step.get("newState", {}).get("inputs", {}).get("name") for step in steps}
    stack.pulumi("up", "--yes")
    created = {resource["urn"]: resource.get("outputs", {}).get("name") for resource in stack.resources()}
    for urn, name in previewed.items():
        assert name is None or name == created[urn], (urn, name, created[urn])
    assert stack.preview_is_empty(), "later checks derive the same names from the saved identity"
    stack.destroy()
    assert nothing_left(emulator)


def test_the_recommendation_side_in_yaml_trains_serves_and_moves_the_campaign_in_place(
    yaml_stack: Callable[..., Stack], emulator: Emulator
) -> None:
    """Solution, SolutionVersion, Campaign and Filter through the native plugin, with AWS's capitals
    (`minProvisionedTPS`) spelled as aws-native spells them (`minProvisionedTps`), and a number as a trigger."""
    from tests.e2e.test_recommendations import group_with_history

    group = group_with_history(emulator, "yaml-shop")
    resources = f"""
config:
  personalize:region: {REGION}
  training:
    type: string
    default: "1"
resources:
  for-you:
    type: personalize:index:Solution
    properties:
      datasetGroupArn: {group}
      recipeArn: arn:aws:personalize:::recipe/aws-user-personalization
      performAutoTraining: false
  model:
    type: personalize:index:SolutionVersion
    properties:
      solutionArn: ${{for-you.solutionArn}}
      trigger: ${{training}}
  campaign:
    type: personalize:index:Campaign
    properties:
      solutionVersionArn: ${{model.solutionVersionArn}}
      minProvisionedTps: 2
  not-bought:
    type: personalize:index:Filter
    properties:
      datasetGroupArn: {group}
      filterExpression: EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")
outputs:
  campaignArn: ${{campaign.campaignArn}}
  versionArn: ${{model.solutionVersionArn}}
"""
    stack = yaml_stack(resources)
    stack.up()
    first = stack.outputs()
    personalize = aws_client("personalize", emulator.endpoint_url)
    described = personalize.describe_campaign(campaignArn=first["campaignArn"])["campaign"]
    assert described["minProvisionedTPS"] == 2 and described["solutionVersionArn"] == first["versionArn"]
    assert stack.preview_is_empty()
    stack.set_config("training", "2")
    stack.up()
    second = stack.outputs()
    assert second["campaignArn"] == first["campaignArn"] and second["versionArn"] != first["versionArn"]
    stack.destroy()
    assert not [
        r for r in emulator.resources() if r["kind"] in ("solution", "campaign", "filter") and r["status"] != "DELETED"
    ]
