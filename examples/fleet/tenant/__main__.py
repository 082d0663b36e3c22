"""One tenant's stack: a dataset group with its Interactions schema and dataset, and its event tracker.

The tenant's app sends events with the exported tracking ID; they land in the Interactions dataset (PutEvents
needs one). The group and the dataset are tagged with the tenant; a schema takes no tags.
Config (set by ../fleet.py): `tenant`, and `aws:region`.
"""

import pulumi
import pulumi_personalize as personalize

DOMAIN = "ECOMMERCE"
# What an ECOMMERCE Interactions dataset requires (EVENT_TYPE too, unlike a custom group's).
INTERACTIONS = {
    "type": "record",
    "name": "Interactions",
    "namespace": "com.amazonaws.personalize.schema",
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "ITEM_ID", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
        {"name": "EVENT_TYPE", "type": "string"},
    ],
    "version": "1.0",
}

tenant = pulumi.Config().require("tenant")
tags = {"tenant": tenant}
group = personalize.DatasetGroup("events", domain=DOMAIN, tags=tags)
schema = personalize.Schema("interactions", schema=INTERACTIONS, domain=DOMAIN)
personalize.Dataset(
    "interactions",
    dataset_group_arn=group.dataset_group_arn,
    dataset_type="Interactions",
    schema_arn=schema.schema_arn,
    tags=tags,
)
tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn, tags=tags)
pulumi.export("trackingId", tracker.tracking_id)
