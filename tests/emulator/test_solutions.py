"""Solutions and solution versions: CreateSolution ... UpdateSolution, CreateSolutionVersion ...
StopSolutionVersionCreation, their status machines, the training minimums and the deletion rules.

Sources: the API reference pages of each operation and of the Solution, SolutionVersion and SolutionUpdateSummary
data types; "Amazon Personalize endpoints and quotas" (limits.html) for the training minimums and the solution
quota; "Requirements for deleting Amazon Personalize resources" (gs-cleanup.html).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from mypy_boto3_personalize.type_defs import SolutionConfigTypeDef, SolutionUpdateConfigTypeDef
from pulumi_personalize.emulator import Emulator

from tests.emulator.conftest import Api, Target, code_of, error_of, unique
from tests.emulator.recommending_kit import SIMS, USER_PERSONALIZATION, Recs, history

pytestmark = pytest.mark.live

CREATE = ["CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"]


def test_a_solution_goes_through_the_create_and_delete_phases(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    group = recs.group()
    widen()
    arn = recs.create_solution(group.arn)
    seen = recs.target_api.observe(lambda: recs.solution_status(arn), "ACTIVE")
    recs.client.delete_solution(solutionArn=arn)
    gone = recs.target_api.observe(lambda: recs.solution_status(arn), None)
    if not target.live:
        assert seen == CREATE
        assert gone == ["DELETE PENDING", "DELETE IN_PROGRESS", None]


def test_a_solution_arn_is_made_of_its_name_which_is_unique(target: Target, recs: Recs) -> None:
    group = recs.group()
    name = unique("sol")
    arn = recs.create_solution(group.arn, name=name)
    assert re.fullmatch(rf"arn:aws:personalize:{target.region}:\d{{12}}:solution/{name}", arn), arn
    assert code_of(lambda: recs.create_solution(group.arn, name=name)) == "ResourceAlreadyExistsException"


def test_describe_solution_echoes_its_configuration(recs: Recs) -> None:
    group = recs.group()
    config: SolutionConfigTypeDef = {
        "eventValueThreshold": "0.5",
        "algorithmHyperParameters": {"hidden_dimension": "64"},
    }
    arn = recs.client.create_solution(
        name=unique("sol"),
        datasetGroupArn=group.arn,
        recipeArn=USER_PERSONALIZATION,
        performHPO=True,
        eventType="click",
        solutionConfig=config,
    )["solutionArn"]
    recs.solutions.append(arn)
    described = recs.client.describe_solution(solutionArn=arn)["solution"]
    assert (described["recipeArn"], described["datasetGroupArn"], described["eventType"]) == (
        USER_PERSONALIZATION,
        group.arn,
        "click",
    )
    assert (described["performHPO"], described["performAutoML"], described["performAutoTraining"]) == (
        True,
        False,
        True,
    )
    assert described["solutionConfig"]["eventValueThreshold"] == "0.5"
    assert described["solutionConfig"]["algorithmHyperParameters"] == {"hidden_dimension": "64"}
    assert "latestSolutionVersion" not in described


def test_a_solution_needs_an_active_interactions_dataset_in_a_known_group(target: Target, recs: Recs) -> None:
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset-group/{unique('missing')}"
    assert code_of(lambda: recs.create_solution(missing)) == "ResourceNotFoundException"
    bare = recs.target_api.group()
    error = error_of(lambda: recs.create_solution(bare))
    assert error.response["Error"]["Code"] == "InvalidInputException"
    assert "Interactions" in error.response["Error"]["Message"]


def test_the_recipe_is_known_or_chosen_by_automl(target: Target, recs: Recs) -> None:
    group = recs.group()
    unknown = "arn:aws:personalize:::recipe/aws-no-such-recipe"
    assert code_of(lambda: recs.create_solution(group.arn, unknown)) == "ResourceNotFoundException"
    assert code_of(lambda: recs.create_solution(group.arn, None)) == "InvalidInputException"
    both = lambda: recs.create_solution(group.arn, USER_PERSONALIZATION, performAutoML=True)  # noqa: E731
    assert code_of(both) == "InvalidInputException"
    automl = recs.create_solution(group.arn, None, performAutoML=True)
    described = recs.client.describe_solution(solutionArn=automl)["solution"]
    assert described["performAutoML"] is True
    if not target.live:
        assert described["autoMLResult"]["bestRecipeArn"] == USER_PERSONALIZATION


def test_update_solution_goes_through_its_own_status_machine(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    solution = recs.solution(recs.group().arn)
    widen()
    schedule: SolutionUpdateConfigTypeDef = {"autoTrainingConfig": {"schedulingExpression": "rate(3 days)"}}
    recs.client.update_solution(solutionArn=solution, performAutoTraining=True, solutionUpdateConfig=schedule)

    def update_status() -> str | None:
        described = recs.client.describe_solution(solutionArn=solution)["solution"]
        assert described["status"] == "ACTIVE"
        return described["latestSolutionUpdate"]["status"]

    assert code_of(lambda: recs.client.update_solution(solutionArn=solution, performAutoTraining=False)) == (
        "ResourceInUseException"
    )
    assert code_of(lambda: recs.client.delete_solution(solutionArn=solution)) == "ResourceInUseException"
    seen = recs.target_api.observe(update_status, "ACTIVE")
    described = recs.client.describe_solution(solutionArn=solution)["solution"]
    update = described["latestSolutionUpdate"]
    assert (update["performAutoTraining"], update["solutionUpdateConfig"]) == (True, schedule)
    assert described["performAutoTraining"] is True
    assert described["solutionConfig"]["autoTrainingConfig"] == schedule["autoTrainingConfig"]
    if not target.live:
        assert seen == CREATE


def test_a_version_with_too_few_interactions_fails_naming_the_minimums(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    group = recs.group()
    recs.send(group, history(users=20, per_user=30))  # 600 interactions of 20 users
    solution = recs.solution(group.arn)
    widen()
    version = recs.create_version(solution)
    seen = recs.target_api.observe(lambda: recs.version_status(version), "CREATE FAILED")
    described = recs.client.describe_solution_version(solutionVersionArn=version)["solutionVersion"]
    assert re.search(r"1,?000", described["failureReason"]), described["failureReason"]
    assert "trainingHours" not in described
    if not target.live:
        assert seen == ["CREATE PENDING", "CREATE IN_PROGRESS", "CREATE FAILED"]
        assert "600" in described["failureReason"] and "25" in described["failureReason"]


def test_a_version_trains_to_active_and_is_the_latest_of_its_solution(target: Target, recs: Recs) -> None:
    group = recs.trained_group()
    solution = recs.solution(group.arn)
    version = recs.version(solution, name="first")
    assert version.startswith(f"{solution}/")
    described = recs.client.describe_solution_version(solutionVersionArn=version)["solutionVersion"]
    assert (described["name"], described["solutionArn"], described["trainingMode"]) == ("first", solution, "FULL")
    assert (described["recipeArn"], described["datasetGroupArn"]) == (USER_PERSONALIZATION, group.arn)
    assert described["trainingHours"] >= 0
    latest = recs.client.describe_solution(solutionArn=solution)["solution"]["latestSolutionVersion"]
    assert (latest["solutionVersionArn"], latest["status"]) == (version, "ACTIVE")
    listed = recs.client.list_solution_versions(solutionArn=solution)["solutionVersions"]
    assert [(v["solutionVersionArn"], v["status"]) for v in listed] == [(version, "ACTIVE")]


def test_a_version_needs_an_active_solution(recs: Recs, widen: Callable[[], None]) -> None:
    group = recs.group()
    widen()
    solution = recs.create_solution(group.arn)
    assert code_of(lambda: recs.create_version(solution)) == "ResourceInUseException"


def test_update_training_needs_user_personalization_and_an_active_full_version(recs: Recs) -> None:
    group = recs.trained_group()
    sims = recs.solution(group.arn, SIMS)
    recs.version(sims)
    assert code_of(lambda: recs.create_version(sims, trainingMode="UPDATE")) == "InvalidInputException"
    personal = recs.solution(group.arn)
    assert code_of(lambda: recs.create_version(personal, trainingMode="UPDATE")) == "InvalidInputException"
    recs.version(personal, trainingMode="FULL")
    updated = recs.version(personal, trainingMode="UPDATE")
    described = recs.client.describe_solution_version(solutionVersionArn=updated)["solutionVersion"]
    assert described["trainingMode"] == "UPDATE"


def test_a_pending_version_stops_at_once(target: Target, recs: Recs, widen: Callable[[], None]) -> None:
    solution = recs.solution(recs.trained_group().arn)
    widen()
    version = recs.create_version(solution)
    recs.client.stop_solution_version_creation(solutionVersionArn=version)
    seen = recs.target_api.observe(lambda: recs.version_status(version), "CREATE STOPPED")
    assert code_of(lambda: recs.client.stop_solution_version_creation(solutionVersionArn=version)) == (
        "ResourceInUseException"
    )
    if not target.live:
        assert seen == ["CREATE STOPPED"]


def test_a_training_version_stops_through_create_stopping(
    target: Target, recs: Recs, widen: Callable[[], None]
) -> None:
    solution = recs.solution(recs.trained_group().arn)
    widen()
    version = recs.create_version(solution)
    recs.wait(recs.version_status, version, "CREATE IN_PROGRESS")
    recs.client.stop_solution_version_creation(solutionVersionArn=version)
    seen = recs.target_api.observe(lambda: recs.version_status(version), "CREATE STOPPED")
    if not target.live:
        assert seen == ["CREATE STOPPING", "CREATE STOPPED"]
        (record,) = [r for r in target.require_emulator().resources() if r["arn"] == version]
        assert record["stoppingAt"] < record["stoppedAt"]


def test_only_a_training_version_can_be_stopped(recs: Recs) -> None:
    version = recs.version(recs.solution(recs.trained_group().arn))
    code = code_of(lambda: recs.client.stop_solution_version_creation(solutionVersionArn=version))
    assert code == "ResourceInUseException"


def test_deleting_a_solution_deletes_its_versions(recs: Recs) -> None:
    group = recs.group()
    solution = recs.solution(group.arn)
    version = recs.create_version(solution)
    recs.wait(recs.version_status, version, "CREATE FAILED")
    recs.client.delete_solution(solutionArn=solution)
    recs.wait(recs.solution_status, solution, None)
    assert recs.version_status(version) is None
    assert code_of(lambda: recs.client.list_solution_versions(solutionArn=solution)) == "ResourceNotFoundException"


def test_a_solution_is_kept_while_a_version_trains(recs: Recs, widen: Callable[[], None]) -> None:
    group = recs.group()
    solution = recs.solution(group.arn)
    widen()
    version = recs.create_version(solution)
    assert code_of(lambda: recs.client.delete_solution(solutionArn=solution)) == "ResourceInUseException"
    assert code_of(lambda: recs.client.delete_dataset(datasetArn=group.interactions)) == "ResourceInUseException"
    recs.wait(recs.version_status, version, "CREATE FAILED")
    recs.client.delete_solution(solutionArn=solution)


def test_a_group_with_a_solution_cannot_be_deleted(recs: Recs) -> None:
    group = recs.group(tracked=False)
    solution = recs.solution(group.arn)
    error = error_of(lambda: recs.client.delete_dataset_group(datasetGroupArn=group.arn))
    assert error.response["Error"]["Code"] == "ResourceInUseException"
    assert solution in error.response["Error"]["Message"]


def test_solutions_and_versions_are_listed_by_their_parent(target: Target, recs: Recs) -> None:
    group, other = recs.group(), recs.group()
    first, second = recs.solution(group.arn), recs.solution(group.arn)
    recs.solution(other.arn)
    page = recs.client.list_solutions(datasetGroupArn=group.arn, maxResults=1)
    rest = recs.client.list_solutions(datasetGroupArn=group.arn, nextToken=page["nextToken"])
    assert [s["solutionArn"] for s in page["solutions"] + rest["solutions"]] == [first, second]
    assert page["solutions"][0]["recipeArn"] == USER_PERSONALIZATION
    missing = f"arn:aws:personalize:{target.region}:123456789012:dataset-group/{unique('missing')}"
    assert recs.client.list_solutions(datasetGroupArn=missing)["solutions"] == []


def test_solutions_and_versions_take_tags(recs: Recs) -> None:
    solution = recs.solution(recs.group().arn, tags=[{"tagKey": "team", "tagValue": "recs"}])
    version = recs.create_version(solution, tags=[{"tagKey": "run", "tagValue": "1"}])
    assert recs.client.list_tags_for_resource(resourceArn=solution)["tags"] == [{"tagKey": "team", "tagValue": "recs"}]
    assert recs.client.list_tags_for_resource(resourceArn=version)["tags"] == [{"tagKey": "run", "tagValue": "1"}]


def test_the_solution_quota_is_per_dataset_group(api: Api, recs: Recs, emu: Emulator) -> None:
    """limits.html: "Total number of active solutions" per dataset group, 10 (adjustable)."""
    assert emu.set_quotas(solutions=2)["solutions"] == 2
    group, other = recs.group(), recs.group()
    recs.create_solution(group.arn)
    recs.create_solution(group.arn)
    assert code_of(lambda: recs.create_solution(group.arn)) == "LimitExceededException"
    recs.create_solution(other.arn)
