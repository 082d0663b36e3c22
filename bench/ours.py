"""Our provider driven in process, as the dynamic provider server drives it: check fills the inputs,
then create; the environment points it at the emulator with fake credentials, as in the e2e tests.

Describe requests are counted per create by a botocore hook on the provider's own (cached) client, keyed by
a thread-local job label, since many creates share that client at once.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pulumi_personalize.aws.clients import personalize_client
from pulumi_personalize.aws.settings import AwsTarget
from pulumi_personalize.dynamic.resource import properties
from pulumi_personalize.event_tracker import EventTrackerProvider
from pulumi_personalize.lifecycle.ownership import tag_value
from pulumi_personalize.resources.event_tracker import EVENT_TRACKER

from testkit.aws import REGION
from testkit.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

_job = threading.local()


@contextmanager
def provider_environment(endpoint_url: str) -> Iterator[None]:
    """The variables a provider process would see in an e2e test; restored afterwards."""
    wanted = {
        "AWS_ENDPOINT_URL_PERSONALIZE": endpoint_url,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    saved = {key: os.environ.get(key) for key in (*wanted, "AWS_PROFILE", "AWS_SESSION_TOKEN")}
    os.environ.update(wanted)
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(key, None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class DescribeCounter:
    """Epoch moments of the DescribeEventTracker requests our provider sends, per job label."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._moments: defaultdict[str, list[float]] = defaultdict(list)
        personalize_client(AwsTarget(REGION, None, None)).meta.events.register(
            "before-send.personalize.DescribeEventTracker", self._sent
        )

    def _sent(self, **_kwargs: Any) -> None:  # returning None lets the request go
        label = getattr(_job, "label", "unlabelled")
        with self._lock:
            self._moments[label].append(time.time())

    def moments(self, label: str) -> list[float]:
        with self._lock:
            return list(self._moments[label])


def checked_inputs(provider: EventTrackerProvider, group_arn: str, resource_name: str) -> dict[str, Any]:
    """The property bag the program sends, through check() as the engine would (autoname, defaults)."""
    urn = f"urn:pulumi:bench::bench::pulumi-python:dynamic/personalize:EventTracker::{resource_name}"
    bag = properties(EVENT_TRACKER, resource_name, {"dataset_group_arn": group_arn}, None, tag_value("bench", urn))
    checked = provider.check({}, bag)
    if checked.failures:
        raise RuntimeError(f"check refused the bench's inputs: {checked.failures}")
    inputs: dict[str, Any] = checked.inputs
    return inputs


def create(label: str, group_arn: str) -> tuple[str, float]:
    """Create one tracker with our provider, in this thread; (its ARN, epoch moment create returned)."""
    _job.label = label
    provider = EventTrackerProvider()
    result = provider.create(checked_inputs(provider, group_arn, label))
    return str(result.id), time.time()
