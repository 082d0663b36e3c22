"""One provider instance serving many calls at once, as the widened server pool lets the engine do (issue #11).

The shared parts (the provider instance, the client cache, the operation in progress) must hold with every
call in a thread of its own, the clients built while the first calls race for them.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import botocore.session
import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi_personalize.aws import clients
from pulumi_personalize.emulator import Emulator
from pulumi_personalize.event_tracker import EventTrackerProvider

from tests.aws import REGION, active_group, live

AT_ONCE = 32


@pytest.fixture
def no_clients_yet(monkeypatch: pytest.MonkeyPatch) -> dict[Any, Any]:
    """An empty client cache: the first calls race to build the clients."""
    fresh: dict[Any, Any] = {}
    monkeypatch.setattr(clients, "_clients", fresh)
    return fresh


@pytest.fixture
def client_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The service of every botocore client built from now on."""
    built: list[str] = []
    build = botocore.session.Session.create_client

    def counted(self: botocore.session.Session, service: str, *args: Any, **kwargs: Any) -> Any:
        built.append(service)
        return build(self, service, *args, **kwargs)

    monkeypatch.setattr(botocore.session.Session, "create_client", counted)
    return built


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUNITTEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "unit-test")


@pytest.mark.usefixtures("credentials")
def test_many_trackers_created_read_and_deleted_at_once_by_one_provider(
    emulator: Emulator, personalize: Any, no_clients_yet: dict[Any, Any], client_builds: list[str]
) -> None:
    emulator.set_quotas(dataset_groups=AT_ONCE)  # a dataset group per tracker, past the default quota of 5
    provider = EventTrackerProvider()
    config = {"aws:region": REGION, "aws:endpoints": json.dumps([{"personalize": emulator.endpoint_url}])}
    provider.configure(ConfigureRequest(Config(config, "proj")))
    groups = [active_group(personalize, f"events-{index}") for index in range(AT_ONCE)]
    start = threading.Barrier(AT_ONCE)

    def lifecycle(index: int) -> tuple[str, str]:
        name = f"clicks-{index}"
        inputs = provider.check({}, {"datasetGroupArn": groups[index], "name": name, "owner": f"p/s/{name}"}).inputs
        start.wait()
        created = provider.create(inputs)
        assert created.outs is not None
        read = provider.read(created.id, created.outs)
        assert read.outs == created.outs, f"{name} read back another resource's state"
        provider.delete(created.id, created.outs)
        return name, str(read.outs["name"])

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        results = list(pool.map(lifecycle, range(AT_ONCE)))
    assert all(asked == got for asked, got in results)
    assert live(emulator.resources(), "event-tracker") == []
    assert 1 <= len(client_builds) == len(no_clients_yet) <= len(clients.ATTEMPT_SECONDS), (
        "one client built per target and timeout, however many calls asked at once"
    )
