"""What the operations of every backend share: the backend's core (its inventory, ARNs, the sweep),
persisting mutations, and the create and delete phases of a resource.

The backend's operations are split by subject (``models``: dataset groups, trackers and tags;
``catalog``: schemas and datasets; ``data_plane``: the ``personalize-events`` operations), each a
class on top of :class:`BackendCore`; ``models.EmulatorBackend`` puts them together.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from moto.core.base_backend import BaseBackend
from moto.utilities.utils import get_partition

from . import clock
from .exceptions import ResourceInUseException
from .inventory import Inventory
from .resources import Kind, Resource
from .status import CREATE_IN_PROGRESS, CREATE_PENDING, UPDATE_IN_PROGRESS, UPDATE_PENDING, Lifecycle
from .store import STORE

__all__ = ["BackendCore", "mutation", "new_lifecycle", "start_deletion"]

T = TypeVar("T")
P = ParamSpec("P")

# A resource whose status is changing cannot be deleted (developer guide, "Requirements for deleting
# Amazon Personalize resources").
_CHANGING = (CREATE_PENDING, CREATE_IN_PROGRESS, UPDATE_PENDING, UPDATE_IN_PROGRESS)


def mutation(method: Callable[P, T]) -> Callable[P, T]:
    """Run a backend method under the store lock and persist the state once it succeeded."""

    @functools.wraps(method)
    def persisted(*args: P.args, **kwargs: P.kwargs) -> T:
        with STORE.lock:
            result = method(*args, **kwargs)
            STORE.persist()
            return result

    return persisted


class BackendCore(BaseBackend):
    """One account in one region: its resources, how its ARNs are made, the sweep of gone ones."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.inventory = Inventory()

    def _arn(self, resource: str) -> str:
        partition = get_partition(self.region_name)
        return f"arn:{partition}:personalize:{self.region_name}:{self.account_id}:{resource}"

    def _sweep(self) -> None:
        self.inventory.sweep(clock.now())


def new_lifecycle(kind: Kind, create_seconds: float | None = None) -> Lifecycle:
    """The life of a resource created now: the configured creation time unless told otherwise."""
    seconds = STORE.settings.create_seconds if create_seconds is None else create_seconds
    return Lifecycle(created_at=clock.now(), create_seconds=seconds, fails=STORE.take_failure(kind))


def start_deletion(resource: Resource, delete_seconds: float | None = None) -> None:
    """Begin the DELETE phases; deleting a resource that is already being deleted changes nothing."""
    now = clock.now()
    status = resource.status(now)
    if status in _CHANGING:
        raise ResourceInUseException(f"{resource.arn} is in status {status} and cannot be deleted yet.")
    if resource.lifecycle.delete_requested_at is None:
        resource.lifecycle.delete_requested_at = now
        resource.lifecycle.delete_seconds = STORE.settings.delete_seconds if delete_seconds is None else delete_seconds
