"""Debug lines of the provider process reach stderr only when the user asked Pulumi for plugin logs."""

from __future__ import annotations

import logging

import pytest
from pulumi_personalize.process import debug


@pytest.mark.parametrize(
    ("argv", "level"),
    [([], 0), (["127.0.0.1:4"], 0), (["--logtostderr", "-v=9", "127.0.0.1:4"], 9), (["-v=x", "-v"], 0)],
)
def test_the_verbosity_is_the_engines_v_flag(argv: list[str], level: int) -> None:
    assert debug.plugin_verbosity(argv) == level


def test_without_v_a_debug_line_goes_to_logging_only(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pulumi_personalize")
    debug.debug("kept the pool", argv=["127.0.0.1:4"])
    assert capsys.readouterr().err == ""
    assert [record.getMessage() for record in caplog.records] == ["kept the pool"]


def test_with_v_a_debug_line_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    debug.debug("kept the pool", argv=["--logtostderr", "-v=9", "127.0.0.1:4"])
    assert capsys.readouterr().err == "pulumi-personalize: kept the pool\n"
