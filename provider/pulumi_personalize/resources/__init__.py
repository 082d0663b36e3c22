"""The resources' declarations: one module per kind of resource (its typed inputs and state, and the few
functions that differ), and the one table that every front serves them from."""

from .dataset import DATASET
from .dataset_group import DATASET_GROUP
from .event_tracker import EVENT_TRACKER
from .kind import ResourceKind
from .schema import SCHEMA

KINDS: dict[str, ResourceKind] = {kind.type_name: kind for kind in (DATASET_GROUP, SCHEMA, DATASET, EVENT_TRACKER)}

__all__ = ["KINDS", "ResourceKind"]
