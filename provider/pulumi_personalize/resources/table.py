"""The one table every front serves the resources from: each kind by its type name."""

from .campaign import CAMPAIGN
from .dataset import DATASET
from .dataset_group import DATASET_GROUP
from .event_tracker import EVENT_TRACKER
from .kind import ResourceKind
from .recommendation_filter import FILTER
from .schema import SCHEMA
from .solution import SOLUTION
from .solution_version import SOLUTION_VERSION

KINDS: dict[str, ResourceKind] = {
    kind.type_name: kind
    for kind in (DATASET_GROUP, SCHEMA, DATASET, EVENT_TRACKER, SOLUTION, SOLUTION_VERSION, CAMPAIGN, FILTER)
}
