"""The tests' own view of "AWS": boto3 clients on the emulator and small helpers around them.

Their code lives in testkit/aws.py, which the benchmarks (bench/) share; tests keep importing them from here.
"""

from __future__ import annotations

from testkit.aws import (
    FAST_CREATE,
    FAST_DELETE,
    OWNER_TAG,
    REGION,
    active_group,
    active_tracker,
    all_tags_of,
    aws_client,
    live,
    tags_of,
    trackers,
    wait_status,
)

__all__ = [
    "FAST_CREATE",
    "FAST_DELETE",
    "OWNER_TAG",
    "REGION",
    "active_group",
    "active_tracker",
    "all_tags_of",
    "aws_client",
    "live",
    "tags_of",
    "trackers",
    "wait_status",
]
