"""The vendored files are upstream's, byte for byte, each with its repository's licence beside it."""

from __future__ import annotations

import pytest

from tests.peers.upstream import SAMPLES, UPSTREAMS, VENDOR, Upstream, blob_id


@pytest.mark.parametrize("upstream", UPSTREAMS, ids=lambda upstream: upstream.directory)
def test_vendored_files_are_upstreams(upstream: Upstream) -> None:
    """Each file hashes to its blob id at the recorded commit, and vendor/ holds nothing unrecorded."""
    recorded = dict(upstream.files)
    present = {str(path.relative_to(upstream.root)) for path in upstream.root.rglob("*") if path.is_file()}
    assert present == set(recorded)
    changed = [path for path, blob in recorded.items() if blob_id(upstream.root / path) != blob]
    assert changed == []


def test_vendor_holds_the_two_repositories_and_the_readme() -> None:
    assert sorted(path.name for path in VENDOR.iterdir()) == ["README.md", "amazon-personalize-samples", "moto"]
    readme = (VENDOR / "README.md").read_text()
    for upstream in UPSTREAMS:
        assert upstream.commit in readme and upstream.repository in readme


def test_licences() -> None:
    """moto: Apache-2.0; the samples repository: MIT-0, its ml_ops sample: MIT (whose notice must be kept)."""
    moto_licence = (UPSTREAMS[0].root / "LICENSE").read_text()
    assert "Apache License" in moto_licence and "Version 2.0, January 2004" in moto_licence
    samples_licence = (SAMPLES.root / "LICENSE").read_text()
    assert "Permission is hereby granted, free of charge" in samples_licence
    assert "subject to the following conditions" not in samples_licence  # MIT-0: no attribution condition
    ml_ops_licence = (SAMPLES.root / "next_steps/operations/ml_ops/LICENSE").read_text()
    assert ml_ops_licence.startswith("MIT License") and "Copyright (c) 2020 Amazon Inc." in ml_ops_licence
