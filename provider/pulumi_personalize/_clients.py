"""boto3 clients, built in the provider process and shared by the engine's concurrent calls.

boto3 sessions are not thread-safe but clients are once built, so building happens under a lock and each
(region, endpoint, profile) gets one client for the life of the process. Nothing here is ever pickled.

boto3 is imported on the first client, not with this module: the program and every provider process
import the package, and a preview (check and diff only) never calls AWS, so it need not pay boto3's
~0.15-0.25 s import (measured by bench/, item 7 and the preview ratio of item 4).
"""

from __future__ import annotations

import threading
from typing import Any

from ._settings import Target

_lock = threading.Lock()
_clients: dict[Target, Any] = {}


def personalize_client(target: Target) -> Any:
    """The cached `personalize` client for a target."""
    with _lock:
        client = _clients.get(target)
        if client is None:
            import boto3
            from botocore.config import Config

            session = boto3.session.Session(profile_name=target.profile)
            client = session.client(
                "personalize",
                region_name=target.region,
                endpoint_url=target.endpoint,
                config=Config(
                    retries={"mode": "standard", "max_attempts": 8},
                    connect_timeout=10,
                    read_timeout=30,
                    user_agent_extra="pulumi-personalize",
                ),
            )
            _clients[target] = client
        return client
