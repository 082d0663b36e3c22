"""The one table every front serves the resources from: each kind by its type name."""

from .dataset import DATASET
from .dataset_group import DATASET_GROUP
from .event_tracker import EVENT_TRACKER
from .kind import ResourceKind
from .schema import SCHEMA

KINDS: dict[str, ResourceKind] = {kind.type_name: kind for kind in (DATASET_GROUP, SCHEMA, DATASET, EVENT_TRACKER)}
