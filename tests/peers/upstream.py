"""Where each vendored file comes from, and its git blob id upstream (tests/peers/vendor/README.md).

A file's blob id is what `git ls-tree <commit> <path>` shows upstream; test_vendored.py checks that every
vendored file still hashes to it, so nothing under vendor/ is edited by accident.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
ML_OPS = "next_steps/operations/ml_ops/"
SFN = ML_OPS + "personalize-step-functions/"


@dataclass(frozen=True)
class Upstream:
    """One vendored repository: its directory under vendor/, commit and licence, and its files' blob ids."""

    directory: str
    repository: str
    ref: str
    commit: str
    licence: str
    files: tuple[tuple[str, str], ...]

    @property
    def root(self) -> Path:
        return VENDOR / self.directory


MOTO = Upstream(
    directory="moto",
    repository="https://github.com/getmoto/moto",
    ref="5.2.1",  # the tag of the moto release the project pins (pyproject.toml: moto[server]==5.2.1)
    commit="543c687a2301fe1982da96f815d603c17b37a45c",
    licence="Apache-2.0",
    files=(
        ("LICENSE", "90a85e7149454f173dd595bdeb884340cc01e6f6"),
        ("tests/test_personalize/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        ("tests/test_personalize/test_personalize_schema.py", "c121f82e43377f51e6950318438da94db99c1a7a"),
    ),
)

SAMPLES = Upstream(
    directory="amazon-personalize-samples",
    repository="https://github.com/aws-samples/amazon-personalize-samples",
    ref="master",  # the newest commit the mirror has; ml_ops last changed at 33372418 (2021-11-04)
    commit="5a69fc41c0825ad0baa2fd3b6fb7dbff5182b9cd",
    licence="MIT-0 (the repository's LICENSE); MIT (next_steps/operations/ml_ops/LICENSE, the sample's own)",
    files=(
        ("LICENSE", "14aabc346a820d147f07eee4e26a5197d06b1670"),
        (ML_OPS + "LICENSE", "698186f4d5529fb616d18378f69a22b2a8a79232"),
        (ML_OPS + "example/params.json", "995e793ec64414871292279beb26c4785a87fec3"),
        (SFN + "lambdas/create-dataset/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/create-dataset/dataset.py", "8deac041a733d4d2ef91bdecf3148ea7f6a7f660"),
        (SFN + "lambdas/create-dataset/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/create-datasetgroup/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/create-datasetgroup/datasetgroup.py", "0fe4512270cfede158a0fd6360b49611ba4c069d"),
        (SFN + "lambdas/create-datasetgroup/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/delete-dataset/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/delete-dataset/delete-dataset.py", "291253843e2fe51686e46dff37cfc530dd7a53ce"),
        (SFN + "lambdas/delete-dataset/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/delete-datasetgroup/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/delete-datasetgroup/delete-datasetgroup.py", "764212fa2b4cc69bc4a1e5b6a618ef26e978d64d"),
        (SFN + "lambdas/delete-datasetgroup/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/delete-tracker/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/delete-tracker/delete-tracker.py", "95cdf841e79ce010b9de51ed54837b78c3c476b8"),
        (SFN + "lambdas/delete-tracker/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/event-tracker/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/event-tracker/eventTracker.py", "ba942c090450c97639ada33548b6910b95a9a3d3"),
        (SFN + "lambdas/event-tracker/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/list-datasets/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/list-datasets/list-datasets.py", "d7181c950fda1580f1674f785d52b10ff203389c"),
        (SFN + "lambdas/list-datasets/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/list-trackers/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/list-trackers/list-trackers.py", "5f22d258b53140d24f529e688b72dae58ad4fb9f"),
        (SFN + "lambdas/list-trackers/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/notify-delete/__inti__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/notify-delete/notify-delete.py", "fc9dc43f9ea97d944084731c36a7c8b45b54728c"),
        (SFN + "lambdas/notify-delete/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/notify/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/notify/notify.py", "159229d95d9622524d15f5aa5672612a773cb4bf"),
        (SFN + "lambdas/notify/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/wait-delete-dataset/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/wait-delete-dataset/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/wait-delete-dataset/wait-delete-dataset.py", "f552aade140df399b7ce3bf262878eea87093aac"),
        (SFN + "lambdas/wait-delete-datasetgroup/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/wait-delete-datasetgroup/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (
            SFN + "lambdas/wait-delete-datasetgroup/wait-delete-datasetgroup.py",
            "ebd73a5afbd45008d0bba78a100a80acbb3549c8",
        ),
        (SFN + "lambdas/wait-delete-tracker/__init__.py", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/wait-delete-tracker/requirements.txt", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"),
        (SFN + "lambdas/wait-delete-tracker/wait-delete-tracker.py", "34d874838003ee8810f513b1bd00029414ef832a"),
        (SFN + "shared/python/actions.py", "f9a68b2e973085400ec704076a0a4ac6bd11fe13"),
        (SFN + "shared/python/loader.py", "91e24ab0570d3253e04ad82e8e9767a1d7149f69"),
        (SFN + "shared/python/parameters.py", "02e15060544818a522ecb85099d730c716860cb8"),
        (SFN + "template.yaml", "fa13583493d37649d2d80857ba57709bd751b464"),
    ),
)

UPSTREAMS = (MOTO, SAMPLES)


def blob_id(path: Path) -> str:
    """The git blob id of a file's bytes (what `git hash-object` prints)."""
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
