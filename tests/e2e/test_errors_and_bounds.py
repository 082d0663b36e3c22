"""Bounded waits and errors that say what to do, whatever the endpoint does, through the real CLI."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.aws import active_group
from tests.e2e.test_event_tracker import tracker_stack
from tests.harness import Stack

GROUP_ARN = "arn:aws:personalize:us-east-1:123456789012:dataset-group/events"
TIMED_TRACKER = """
import pulumi
import pulumi_personalize as personalize

personalize.EventTracker(
    "clicks",
    dataset_group_arn=pulumi.Config().require("groupArn"),
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create="10s", delete="10s")),
)
"""


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """An endpoint that accepts connections and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    for connection in held:
        connection.close()


def refused_endpoint() -> str:
    """An endpoint where nothing listens."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def timed_stack(new_stack: Callable[..., Stack], endpoint: str) -> Stack:
    stack = new_stack(TIMED_TRACKER)
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = endpoint
    stack.set_config("aws:region", "us-east-1")
    stack.set_config("groupArn", GROUP_ARN)
    return stack


def last_error_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if "PersonalizeError:" in line]
    assert lines, output
    return lines[-1]


def test_a_silent_endpoint_fails_within_the_create_timeout_naming_it_with_progress(
    new_stack: Callable[..., Stack], silent_endpoint: str
) -> None:
    stack = timed_stack(new_stack, silent_endpoint)
    started = time.monotonic()
    failed = stack.up(ok=False)
    took = time.monotonic() - started
    assert failed.returncode != 0
    assert took < 10 + 15, f"took {took:.0f} s for a 10 s create timeout (plus cleanup and CLI start)"
    error = last_error_line(failed.output)
    assert silent_endpoint in error and "AWS_ENDPOINT_URL_PERSONALIZE" in error, error
    assert "CreateEventTracker" in error and "EndpointUnreachable" in error and "pulumi up" in error, error
    assert re.search(
        r"personalize: event tracker clicks-\w+ CreateEventTracker: EndpointUnreachable, retrying", failed.output
    )


def test_a_refused_connection_names_the_endpoint_and_where_it_came_from(new_stack: Callable[..., Stack]) -> None:
    endpoint = refused_endpoint()
    stack = timed_stack(new_stack, endpoint)
    stack.env.pop("AWS_ENDPOINT_URL_PERSONALIZE")
    stack.set_config("aws:endpoints[0].personalize", endpoint, path=True)
    error = last_error_line(stack.up(ok=False).output)
    assert error.startswith("pulumi_personalize.PersonalizeError: event tracker clicks-"), error
    assert endpoint in error and "stack config aws:endpoints" in error, error
    assert "Check that the endpoint is up and reachable, then run `pulumi up` again." in error, error


@pytest.mark.parametrize(
    ("command", "operation", "next_step"),
    [
        ("destroy", "ListTagsForResource", "then run `pulumi destroy` (or `pulumi up`) again."),
        ("refresh", "DescribeEventTracker", "then run `pulumi refresh` again."),
    ],
)
def test_an_endpoint_down_names_the_step_to_run_again_for_each_command(
    aws_stack: Callable[..., Stack], personalize: Any, command: str, operation: str, next_step: str
) -> None:
    stack = tracker_stack(aws_stack, active_group(personalize, "events"))
    stack.up()
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = refused_endpoint()
    error = last_error_line(stack.pulumi(command, "--yes", "--skip-preview", ok=False).output)
    assert f"{operation} failed with EndpointUnreachable" in error, error
    assert next_step in error, error


def test_a_tag_update_on_a_tracker_deleted_out_of_band_says_to_refresh(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = tracker_stack(aws_stack, active_group(personalize, "events"), tags='{"team": "recs"}')
    stack.up()
    name, arn = stack.outputs()["name"], stack.outputs()["eventTrackerArn"]
    personalize.delete_event_tracker(eventTrackerArn=arn)
    stack.set_config("tags", '{"team": "growth"}')
    error = last_error_line(stack.up(ok=False).output)
    assert error.startswith(f"pulumi_personalize.PersonalizeError: event tracker {name}: "), error
    assert "ResourceNotFoundException" in error and "run `pulumi refresh`, then `pulumi up`" in error, error


def test_a_tracker_on_a_group_that_does_not_exist_ends_in_one_clear_line(
    aws_stack: Callable[..., Stack], personalize: Any
) -> None:
    stack = tracker_stack(aws_stack, GROUP_ARN)
    output = stack.up(ok=False).output
    error = last_error_line(output)
    assert re.fullmatch(
        r"pulumi_personalize\.PersonalizeError: event tracker clicks-\w{6}: CreateEventTracker failed with "
        r"ResourceNotFoundException: [^\n]*[^.]\. Check the ARN it names and the region \(input `region`, "
        r"config aws:region or AWS_REGION\)\.",
        error,
    ), error
    assert ".." not in error
    frames = re.findall(r'File "([^"]+)", line \d+, in (\w+)', output)
    ours = [(path, function) for path, function in frames if "pulumi_personalize" in path]
    assert ours == [(ours[0][0], "create")], f"only the CRUD method's own frame, not {ours}"


def test_a_custom_timeout_that_is_not_a_duration_is_one_clear_error_naming_the_option(
    new_stack: Callable[..., Stack],
) -> None:
    stack = timed_stack(new_stack, refused_endpoint())
    stack.write_program(TIMED_TRACKER.replace('create="10s"', 'create="banana"'))
    failed = stack.preview(ok=False)
    assert failed.returncode != 0
    assert "custom_timeouts" in failed.output and "'banana'" in failed.output, failed.output
    assert "Traceback" not in failed.output and "unhandled exception" not in failed.output, failed.output


def test_a_refused_create_names_its_subject_once(aws_stack: Callable[..., Stack], personalize: Any) -> None:
    personalize.create_dataset_group(name="shop")
    stack = aws_stack(
        """
import pulumi_personalize as personalize

personalize.DatasetGroup("events", name="shop")
"""
    )
    refused = stack.up(ok=False)
    line = last_error_line(refused.output)
    assert "PersonalizeError: dataset group shop: cannot create it: dataset group shop (" in line, line
    assert "shop: shop:" not in refused.output, refused.output


def test_a_blocked_delete_ends_in_one_frame_of_ours(aws_stack: Callable[..., Stack], personalize: Any) -> None:
    stack = aws_stack(
        """
import pulumi
import pulumi_personalize as personalize

pulumi.export("groupArn", personalize.DatasetGroup("events").dataset_group_arn)
"""
    )
    stack.up()
    personalize.create_event_tracker(name="outside", datasetGroupArn=stack.outputs()["groupArn"])
    output = stack.destroy(ok=False).output
    line = last_error_line(output)
    assert "still used by event tracker outside" in line, output
    assert "then run `pulumi destroy` (or `pulumi up`) again" in line, "right in a destroy and in an up's replace"
    frames = re.findall(r'File "([^"]+)", line \d+, in (\w+)', output)
    ours = [(path, function) for path, function in frames if "pulumi_personalize" in path]
    assert ours and {function for _path, function in ours} == {"delete"}, f"only the delete's own frame, not {ours}"
