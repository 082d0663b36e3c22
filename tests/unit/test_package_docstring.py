"""The package docstring's example, run under Pulumi's mocks: what `help(pulumi_personalize)` shows a new user
must wire the tracker as README.md does (issue #22), after the Interactions dataset."""

from __future__ import annotations

import textwrap
from typing import Any

import pulumi
import pulumi_personalize

from tests.unit.test_aws_native_interop import DATASET, TRACKER, Mocks, install

INTERACTIONS_AVRO = {
    "type": "record",
    "name": "Interactions",
    "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ITEM_ID", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
    ],
    "version": "1.0",
}


def docstring_example() -> str:
    """The indented block of the package docstring (its example program)."""
    doc = pulumi_personalize.__doc__ or ""
    lines = [line for line in doc.splitlines() if line.startswith("    ") or not line.strip()]
    example = textwrap.dedent("\n".join(lines)).strip()
    assert "EventTracker(" in example, doc
    return example


@pulumi.runtime.test  # type: ignore[untyped-decorator]
def test_the_docstring_example_gives_the_tracker_the_interactions_dataset_group_arn() -> pulumi.Output[None]:
    mocks = install(Mocks(preview=False))
    program: dict[str, Any] = {"INTERACTIONS_AVRO": INTERACTIONS_AVRO}
    exec(docstring_example(), program)  # our own docstring

    def check(values: list[str]) -> None:
        dataset_urn, group_urn, _ = values
        assert mocks.depends_on(TRACKER, "clicks", "datasetGroupArn") == {dataset_urn}
        assert mocks.depends_on(DATASET, "interactions", "datasetGroupArn") == {group_urn}

    return pulumi.Output.all(program["interactions"].urn, program["group"].urn, program["tracker"].urn).apply(check)
