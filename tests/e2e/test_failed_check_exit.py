"""A failed check prints its error, never a KeyboardInterrupt traceback of the program (issue #22).

After a failed step the engine kills the language host (SIGINT to its process group) without waiting for
the program, right after it closed the resource providers. Our provider server waits for the program before
it exits (provider/pulumi_personalize/process/program_exit.py); before that, about one preview in seven printed
~100 lines of the SDK's frames ending in KeyboardInterrupt.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.harness import Stack

GROUP_ARN = "arn:aws:personalize:us-east-1:123456789012:dataset-group/events"
BAD_NAME = f"""
import pulumi_personalize as personalize

personalize.EventTracker("clicks", name="bad name!", dataset_group_arn="{GROUP_ARN}")
"""
# The same, with a program that takes 1 s to exit: without the wait, the engine interrupts it every time.
SLOW_TO_EXIT = f"""
import atexit
import time

atexit.register(time.sleep, 1.0)
{BAD_NAME}
"""
PREVIEWS = 20


def assert_only_the_check_error(stack: Stack) -> None:
    failed = stack.preview(ok=False)
    assert failed.returncode != 0
    assert "'bad name!' is not a valid Personalize name" in failed.output, failed.output
    assert "KeyboardInterrupt" not in failed.output and "Traceback" not in failed.output, failed.output


def test_a_program_slow_to_exit_is_not_interrupted_after_a_failed_check(aws_stack: Callable[..., Stack]) -> None:
    assert_only_the_check_error(aws_stack(SLOW_TO_EXIT))


def test_no_preview_of_a_failed_check_prints_a_traceback(aws_stack: Callable[..., Stack]) -> None:
    stack = aws_stack(BAD_NAME)
    for _ in range(PREVIEWS):
        assert_only_the_check_error(stack)
