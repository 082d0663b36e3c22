"""A no-op dynamic resource: the yardstick for what the Pulumi engine and a Python dynamic provider cost.

It lives in an importable module (as ours do), so `__provider` is a reference to the class, not a pickled
copy of its code; like ours it is not stored as a secret. Create records its moment (`createdAt`, epoch
seconds) so that a run can be cut into phases just as the emulator's timestamps cut a tracker's.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, Resource, ResourceProvider


class NoopProvider(ResourceProvider):
    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(f"noop-{uuid.uuid4().hex}", {**props, "createdAt": time.time()})

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=_olds.get("value") != _news.get("value"))


class Noop(Resource):
    PROVIDER: ClassVar[type[NoopProvider]] = NoopProvider
    value: pulumi.Output[str]
    createdAt: pulumi.Output[float]  # the state key, camelCase as in the trackers' outputs

    def __init__(
        self, resource_name: str, value: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(self.PROVIDER(), resource_name, {"value": value, "createdAt": None}, opts)
