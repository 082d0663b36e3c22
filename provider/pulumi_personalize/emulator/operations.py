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
from .status import ACTIVE, CREATE_FAILED, Lifecycle
from .store import STORE

__all__ = ["BackendCore", "mutation", "new_lifecycle", "start_deletion"]

T = TypeVar("T")
P = ParamSpec("P")

# Developer guide, "Requirements for deleting Amazon Personalize resources" (gs-cleanup.html): only a
# resource that is ACTIVE or CREATE FAILED can be deleted; one already being deleted is in use.
_DELETABLE = (ACTIVE, CREATE_FAILED)


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
    """Begin the DELETE phases of an ACTIVE or CREATE FAILED resource; ResourceInUseException otherwise."""
    now = clock.now()
    status, busy = resource.status(now), resource.busy(now)
    if status not in _DELETABLE or busy:
        raise ResourceInUseException(
            f"{resource.arn} is in status {status}{f' and {busy}' if busy else ''}: only an ACTIVE or CREATE FAILED "
            "resource can be deleted."
        )
    resource.lifecycle.delete_requested_at = now
    resource.lifecycle.delete_seconds = STORE.settings.delete_seconds if delete_seconds is None else delete_seconds
