"""The polling schedule, progress lines and timeout parsing, on a fake clock."""

from __future__ import annotations

import pulumi
import pytest
from pulumi_personalize.lifecycle.polling import PollOutcome, WaitTimeoutError, wait_for
from pulumi_personalize.lifecycle.timeouts import DEFAULT_SECONDS, from_options, parse_duration


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def polls_until(seconds: float, timeout: float = 1200) -> tuple[int, float]:
    """Polls made and lag for a transition at `seconds`."""
    clock = FakeClock()
    count = 0

    def poll() -> PollOutcome:
        nonlocal count
        count += 1
        return PollOutcome(clock.now >= seconds, "CREATE IN_PROGRESS")

    wait_for("event tracker t", poll, timeout, clock=clock.time, sleep=clock.sleep)
    return count, clock.now - seconds


@pytest.mark.parametrize(("transition", "max_lag", "max_polls"), [(2, 1.0, 5), (10, 3.0, 9), (45, 3.0, 25)])
def test_schedule_is_quick_for_short_waits_and_frugal_for_long_ones(
    transition: float, max_lag: float, max_polls: int
) -> None:
    polls, lag = polls_until(transition)
    assert lag <= max_lag
    assert polls <= max_polls


def test_a_resource_already_there_is_seen_at_once() -> None:
    """Like every peer's (Terraform, CDK, AWS samples), the first Describe comes at once (issue #11): an adopted or
    taken-back resource, or one that a fast endpoint makes ACTIVE at once, costs no sleep."""
    assert polls_until(0) == (1, 0)


def test_timeout_raises_with_the_last_status() -> None:
    clock = FakeClock()
    with pytest.raises(WaitTimeoutError) as raised:
        wait_for("t", lambda: PollOutcome(False, "CREATE PENDING"), 10, clock=clock.time, sleep=clock.sleep)
    assert raised.value.last_status == "CREATE PENDING"
    assert clock.now == pytest.approx(10)


def test_progress_lines_are_sparse(capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeClock()
    wait_for(
        "event tracker clicks-4f2a1c",
        lambda: PollOutcome(clock.now >= 90, "CREATE IN_PROGRESS"),
        1200,
        clock=clock.time,
        sleep=clock.sleep,
    )
    lines = capsys.readouterr().err.splitlines()
    assert lines
    assert all(line.startswith("personalize: event tracker clicks-4f2a1c CREATE IN_PROGRESS (") for line in lines)
    assert 3 <= len(lines) <= 6  # about every 20 s over 90 s, and never more often than every poll


def test_no_progress_for_short_waits(capsys: pytest.CaptureFixture[str]) -> None:
    polls_until(2)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("text", "seconds"), [("20m", 1200), ("1h30m", 5400), ("45s", 45), ("1.5m", 90)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "20", "ten minutes", "5d"])
def test_bad_durations_are_refused_clearly(text: str) -> None:
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(text)


def test_custom_timeouts_reach_the_inputs() -> None:
    opts = pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create="40m"))
    assert from_options(opts) == {"create": 2400.0, "update": DEFAULT_SECONDS, "delete": DEFAULT_SECONDS}
    assert from_options(None) == {"create": DEFAULT_SECONDS, "update": DEFAULT_SECONDS, "delete": DEFAULT_SECONDS}
