"""sdk/ is what scripts/gen-sdks writes from the provider's schema today: a change to the schema (a resource's
property, a docstring, the version) without regenerating fails here. Go is required: missing, this fails."""

from __future__ import annotations

import subprocess
from pathlib import Path

from testkit.cli import ROOT

GENERATED = ("schema.json", "nodejs", "go")  # all of sdk/ but its hand-written README


def files_of(sdk: Path) -> dict[str, bytes]:
    """The generated files under `sdk`, by path relative to it."""
    found: dict[str, bytes] = {}
    for part in GENERATED:
        top = sdk / part
        for path in [top] if top.is_file() else sorted(top.rglob("*")):
            if path.is_file():
                found[path.relative_to(sdk).as_posix()] = path.read_bytes()
    return found


def test_the_committed_sdks_are_what_the_generator_writes_from_the_schema(tmp_path: Path) -> None:
    fresh = tmp_path / "sdk"
    generated = subprocess.run(
        [str(ROOT / "scripts" / "gen-sdks"), str(fresh)], capture_output=True, text=True, timeout=600, check=False
    )
    assert generated.returncode == 0, f"scripts/gen-sdks failed:\n{generated.stdout}{generated.stderr}"
    want, have = files_of(fresh), files_of(ROOT / "sdk")
    assert want, "scripts/gen-sdks wrote nothing"
    stale = sorted(
        [f"{name} (missing)" for name in want.keys() - have.keys()]
        + [f"{name} (not generated any more)" for name in have.keys() - want.keys()]
        + [f"{name} (differs)" for name in want.keys() & have.keys() if want[name] != have[name]]
    )
    assert not stale, "sdk/ is stale: run scripts/gen-sdks\n  " + "\n  ".join(stale)
