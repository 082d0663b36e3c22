"""The benchmark suite at tiny sizes: it runs end to end and its JSON has every section with sane numbers.

No timing thresholds here: the goals are the bench's business (`python -m bench`), not the suite's.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import schedule
from bench.plots import FILES, model_lag, poll_moments
from bench.profiles import summarise
from tests.harness import ROOT
from tests.once import shared_directory

pytestmark = pytest.mark.e2e

SECTIONS = (
    "wait",
    "overhead",
    "scale",
    "fleet",
    "state",
    "cold-start",
    "tenants",
    "native",
    "recommendations",
    "long-waits",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _run_bench(directory: Path) -> None:
    directory.mkdir(parents=True)
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "smoke", "--no-explain", "--out", str(directory / "latest.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # a minute on a quiet machine; over 300 s once with 14 test workers on 2 cores
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "goals met:" in completed.stdout, "the table is printed"


@pytest.fixture(scope="session")
def results_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One smoke run of the bench per test run, shared by the xdist workers (it takes about a minute)."""
    return shared_directory(tmp_path_factory, "bench-smoke", _run_bench)


@pytest.fixture(scope="session")
def results(results_directory: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((results_directory / "latest.json").read_text())
    return document


def rows(results: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in results["sections"][section]["rows"]}


def test_every_section_is_there_with_rows(results: dict[str, Any], pulumi_cli: Path) -> None:
    assert list(results["sections"]) == list(SECTIONS)
    assert results["meta"]["sizes"] == "smoke"
    for section in SECTIONS:
        assert results["sections"][section]["rows"], section


def test_every_number_is_sane_and_every_goal_is_judged(results: dict[str, Any]) -> None:
    for section in SECTIONS:
        for row in results["sections"][section]["rows"]:
            value = row["value"]
            if value is None:
                assert row["note"] and row["met"] is None, row  # a goal not measured at these sizes says so
                continue
            if isinstance(value, bool):
                assert row["met"] in (None, value == row["goal"]["limit"]), row
                continue
            assert math.isfinite(value) and value >= 0, row
            assert (row["met"] is None) == (row["goal"] is None), row
    goals = results["goals"]
    judged = sum(row["met"] is not None for s in results["sections"].values() for row in s["rows"])
    assert goals["met"] + goals["missed"] == judged


def test_wait_lags_are_measured_against_the_emulators_activation(results: dict[str, Any]) -> None:
    data = results["sections"]["wait"]["data"]
    assert data["describe_calls_counted"] == data["describe_calls_seen_by_emulator"] > 0
    strategies = {create["strategy"] for create in data["creates"]}
    assert "ours" in strategies and len(strategies) >= 2
    for create in data["creates"]:
        assert create["lag"] >= 0, "a create cannot return before its tracker is ACTIVE"
        assert create["describe_calls"] == len(create["describes_after_create"]) >= 1
    assert {f"{t:g}" for t in data["transitions"]} == set(data["by_strategy"]["ours"])


def test_pulumi_sections_report_calls_times_and_state(results: dict[str, Any]) -> None:
    overhead = results["sections"]["overhead"]["data"]["medians"]
    assert overhead["tracker"]["seconds"] > 0 and overhead["noop"]["seconds"] > 0
    scale = results["sections"]["scale"]["data"]["runs"]
    assert [run["trackers"] for run in scale] == [1] and scale[0]["at_once"] == 1
    extra = results["sections"]["scale"]["data"]
    assert extra["destroy"]["trackers"] == extra["default_parallel"]["trackers"] == 2
    assert extra["destroy"]["timeline"] and extra["default_parallel"]["parallel"] == []
    fleet = results["sections"]["fleet"]["data"]
    refresh_calls = sum(fleet["refreshes"]["tracker"][0]["calls"].values())
    assert refresh_calls >= fleet["resources"], "a refresh reads every tracker"
    state = results["sections"]["state"]["data"]
    assert set(state["bytes"]) == {"EventTracker", "DatasetGroup", "no-op"}
    assert all(size > 0 for size in state["bytes"].values())
    cold = results["sections"]["cold-start"]["data"]
    assert cold["wall_seconds"] and cold["own_modules_ms"] > 0
    tenants = results["sections"]["tenants"]["data"]
    assert [run["parallel"] for run in tenants["runs"].values()] == [tenants["tenants"], 1]
    assert all(run["seconds"] > 0 for run in tenants["runs"].values())


def test_the_run_draws_its_plots_beside_the_json(results_directory: Path) -> None:
    assert set(FILES) <= set(SECTIONS), "every plot is of a section the smoke run runs"
    for name in FILES.values():
        picture = (results_directory / name).read_bytes()
        assert picture.startswith(PNG_SIGNATURE), name
        assert len(picture) > 10_000, f"{name}: {len(picture)} bytes, hardly a figure"
    assert not list(results_directory.glob("*.tmp")), "the plots are written whole, then renamed"


@pytest.mark.parametrize(
    ("strategy", "transition", "lag"),
    [("cdk-fixed-5s", 7.0, 3.0), ("aws-samples-fixed-15s", 2.0, 13.0), ("terraform-backoff-10s", 45.0, 7.6)],
)
def test_the_plots_lag_model_follows_each_schedule(strategy: str, transition: float, lag: float) -> None:
    """The first vertex of the sawtooth is the lag at T: the first poll at or after T, minus T."""
    _xs, lags = model_lag(poll_moments(strategy, 60.0), transition, 60.0)
    assert lags[0] == pytest.approx(lag)
    _xs, ours = model_lag(poll_moments("ours", 60.0), transition, 60.0)
    assert ours[0] == pytest.approx(schedule.lag_at(transition))


def test_the_profiler_writes_one_profile_per_thread_and_summarises_them(tmp_path: Path) -> None:
    program = "import threading; t = threading.Thread(target=sum, args=([1, 2],)); t.start(); t.join()"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "bench" / "profiling"), "BENCH_PROFILE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", program], env=env, check=True, timeout=60)
    assert len(list(tmp_path.glob("python-*.prof"))) == 2
    summary = summarise(tmp_path)
    assert "python (pid" in summary and "2 threads" in summary


def test_the_long_wait_schedule_keeps_its_lag_and_the_emulator_trained_and_served(results: dict[str, Any]) -> None:
    waits = rows(results, "long-waits")
    assert waits["worst lag / max(1 s, 3 % of the time waited), T = 1 s .. 2 h"]["met"] is True
    assert "emulator, timings scaled" in " ".join(waits), "the scaled training ran on the recommendations' data"
    served = rows(results, "recommendations")
    assert any(name.startswith("training (user-personalization)") for name in served)
