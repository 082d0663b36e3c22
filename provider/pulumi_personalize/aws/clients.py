"""AWS clients, built in the provider process and shared by the engine's concurrent calls.

botocore sessions are not thread-safe but clients are once built, so building happens under a lock and each
(target, attempt timeout) gets one client for the life of the process. Nothing here is ever pickled.

botocore fixes a client's connect and read timeouts when it is built, while an operation's calls must
never outlast its time left (`lifecycle.operation`). So clients come in a few timeout sizes, and each attempt
takes the largest that fits the time left. Retries are ours (`api.call`), bounded by the same time:
botocore makes one attempt per call.

The first client is built on the first AWS call, on the critical path of `pulumi up`, so it loads only what a
client needs (issue #11): botocore's session, which boto3's `Session.client` hands the work to anyway, without
boto3's resource layer and s3transfer; and with the cyclic garbage collector paused, since botocore's import
allocates in bursts that set off full collections over every object of the process (the SDK's, gRPC's),
for no garbage. About 80 ms of 200 ms. Nothing is imported with this module: the program and every provider
process import the package, and a preview (check and diff only) never calls AWS.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .settings import AwsTarget

ATTEMPT_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)  # the timeout sizes; 30 s is botocore's usual read timeout
CONNECT_SECONDS_MAX = 10.0
MAX_CONNECTIONS = 4096  # as many as the provider server has threads at most (process.threads.MOST_THREADS)

_lock = threading.Lock()
_clients: dict[tuple[AwsTarget, float], Any] = {}


def attempt_seconds(left: float | None) -> float:
    """The largest attempt timeout that fits three times in `left` seconds (the smallest when none fits).

    A third, so that a silent endpoint still gets retries (with progress lines) before the time is up.
    """
    if left is None:
        return ATTEMPT_SECONDS[-1]
    return max((size for size in ATTEMPT_SECONDS if size * 3 <= left), default=ATTEMPT_SECONDS[0])


def personalize_client(target: AwsTarget, timeout: float = ATTEMPT_SECONDS[-1]) -> Any:
    """The cached `personalize` client for a target whose attempts last at most `timeout` seconds."""
    with _lock:
        client = _clients.get((target, timeout))
        if client is None:
            with _no_collections():
                client = _build(target, timeout)
            _clients[(target, timeout)] = client
        return client


def _build(target: AwsTarget, timeout: float) -> Any:
    import botocore.session
    from botocore.config import Config

    session = botocore.session.Session(profile=target.profile)
    return session.create_client(
        "personalize",
        region_name=target.region,
        endpoint_url=target.endpoint,
        config=Config(
            retries={"mode": "standard", "total_max_attempts": 1},
            connect_timeout=min(timeout, CONNECT_SECONDS_MAX),
            read_timeout=timeout,
            user_agent_extra="pulumi-personalize",
            # One connection per call in flight (botocore keeps 10 by default): the server runs as many
            # calls at once as the engine sends (_server_workers), and a call must not wait for a connection.
            max_pool_connections=MAX_CONNECTIONS,
        ),
    )


@contextmanager
def _no_collections() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) while the body runs; reference counting goes on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
