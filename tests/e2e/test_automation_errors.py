"""`pulumi_personalize.automation.personalize_errors` on the CommandError a real failed command raises through
Pulumi's Automation API (issue #22): our messages, each with the resource it is about, and nothing else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pulumi import automation as auto
from pulumi_personalize.automation import personalize_errors

from tests.harness import Stack, pulumi_binary

TRACKER = "pulumi-python:dynamic/personalize:EventTracker"
MISSING = "arn:aws:personalize:us-east-1:123456789012:dataset-group/missing"
PROGRAM = f"""
import pulumi
import pulumi_personalize as personalize


class Shop(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("acme:index:Shop", name)
        personalize.EventTracker("views", dataset_group_arn="{MISSING}-2", opts=pulumi.ResourceOptions(parent=self))


personalize.EventTracker("clicks", dataset_group_arn=pulumi.Config().get("groupArn") or "{MISSING}")
Shop("shop")
"""


def automation_stack(stack: Stack) -> auto.Stack:
    """The test's stack through the Automation API, as a user's code selects it."""
    cli = auto.PulumiCommand(root=str(pulumi_binary().parent.parent), skip_version_check=True)
    workspace = auto.LocalWorkspace(work_dir=str(stack.workdir), env_vars=stack.env, pulumi_command=cli)
    return auto.Stack.select(stack.name, workspace)


def raised(command: Callable[[], object]) -> auto.errors.CommandError:
    with pytest.raises(auto.errors.CommandError) as failed:
        command()
    return failed.value


def test_a_failed_up_gives_each_of_our_errors_with_its_resource(aws_stack: Callable[..., Stack]) -> None:
    stack = automation_stack(aws_stack(PROGRAM))
    failures = sorted(personalize_errors(raised(stack.up)), key=lambda failure: failure.resource_name)
    assert [(failure.resource_type, failure.resource_name, failure.property) for failure in failures] == [
        (TRACKER, "clicks", None),
        (TRACKER, "views", None),
    ]
    clicks, views = failures
    assert clicks.message.startswith("event tracker clicks-"), clicks
    assert f"CreateEventTracker failed with ResourceNotFoundException: Resource Arn {MISSING} " in clicks.message
    assert clicks.message.endswith("(input `region`, config aws:region or AWS_REGION)."), clicks
    assert f"{MISSING}-2 " in views.message and views.message.startswith("event tracker views-"), views
    assert str(clicks) == f"{TRACKER} clicks: {clicks.message}"


def test_a_failed_check_gives_the_property_and_our_reason(aws_stack: Callable[..., Stack]) -> None:
    stack = automation_stack(aws_stack(PROGRAM))
    stack.set_config("groupArn", auto.ConfigValue("events"))
    [failure] = personalize_errors(raised(stack.preview))  # the engine stops at the first check that fails
    assert (failure.resource_type, failure.resource_name, failure.property) == (TRACKER, "clicks", "datasetGroupArn")
    assert failure.message.startswith("'events' is not a Personalize dataset group ARN (arn:aws:personalize:"), failure


def test_an_error_not_of_ours_gives_nothing(aws_stack: Callable[..., Stack]) -> None:
    stack = automation_stack(aws_stack("raise RuntimeError('not ours')\n"))
    error = raised(stack.up)
    assert "not ours" in str(error)
    assert personalize_errors(error) == []
