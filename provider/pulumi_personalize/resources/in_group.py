"""What a resource that lives in a dataset group (an event tracker, a dataset) takes from its group's ARN."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import validation as validate
from .kind import CommonArgs


def group_region(inputs: Mapping[str, Any]) -> str | None:
    """The region in `datasetGroupArn`, when it is a known dataset group ARN."""
    match = validate.DATASET_GROUP_ARN.fullmatch(str(inputs.get("datasetGroupArn") or ""))
    return match.group("region") if match else None


def in_group(args: CommonArgs) -> str:
    """ " in dataset group <arn>", for messages."""
    arn = getattr(args, "dataset_group_arn", None)
    return f" in dataset group {arn}" if arn else ""
