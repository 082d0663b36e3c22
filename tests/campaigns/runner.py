"""Running a campaign from the command line: its scratch folder, its summary file, its exit code."""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from testkit.emulator_process import EmulatorProcessError

RESULTS_DIR = Path(__file__).resolve().parent / "results"


class CampaignError(AssertionError):
    """A campaign could not go on (a step that never converged, an emulator that did not start...)."""


def campaign_parser(module: str, description: str | None) -> argparse.ArgumentParser:
    """The options every campaign has (`--seed`, `--keep`, `--results-dir`); the campaign adds its own."""
    parser = argparse.ArgumentParser(prog=f"python -m tests.campaigns.{module}", description=description)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the working directory even on success")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    return parser


def as_json(value: Any) -> Any:
    """Dataclasses (and their properties `ok`) as plain JSON values."""
    if hasattr(value, "__dataclass_fields__"):
        data = asdict(value)
        if hasattr(value, "ok"):
            data["ok"] = value.ok
        return data
    return value


def write_summary(campaign: str, summary: Mapping[str, Any], results_dir: Path = RESULTS_DIR) -> Path:
    """`results/<campaign>-<UTC time>.json` (ignored by git) and `results/<campaign>-latest.json`."""
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(summary, indent=2, sort_keys=True, default=as_json) + "\n"
    path = results_dir / f"{campaign}-{stamp}.json"
    path.write_text(text)
    (results_dir / f"{campaign}-latest.json").write_text(text)
    return path


def run_campaign(
    name: str,
    run: Callable[[Path], dict[str, Any]],
    print_summary: Callable[[dict[str, Any]], None],
    results_dir: Path,
    keep: bool,
) -> int:
    """Run a campaign in a scratch folder, print and write its summary; the process exit code.

    0 when every check held, 1 when one failed (files kept for inspection), 2 when it could not run.
    """
    base = Path(tempfile.mkdtemp(prefix=f"pp-{name.replace('_', '-')}-"))
    try:
        summary = run(base)
    except (CampaignError, EmulatorProcessError) as error:
        print(f"{name.replace('_', ' ')} aborted: {error}; files kept in {base}", file=sys.stderr)
        return 2
    path = write_summary(name, summary, results_dir)
    print_summary(summary)
    print(f"summary written to {path}")
    if summary["ok"] and not keep:
        shutil.rmtree(base, ignore_errors=True)
    else:
        print(f"files kept in {base}")
    return 0 if summary["ok"] else 1
