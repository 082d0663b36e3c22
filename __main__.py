"""The demo stack behind `scripts/up`: a dataset group with its Interactions schema and dataset, and its event
tracker, exporting what apps and other stacks consume (examples/app, examples/consumer).

Events sent with the tracking ID land in the Interactions dataset (PutEvents needs one). `scripts/up` runs it
as the `local` stack against the local emulator (Pulumi.local.yaml points the provider at it); `scripts/down`
destroys it. It is not part of the package: your own stack looks like it (see README.md).
"""

import pulumi
import pulumi_personalize as personalize

tags = {"project": "pulumi-personalize", "stack": pulumi.get_stack()}

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

group = personalize.DatasetGroup("events", tags=tags)
schema = personalize.Schema("interactions", schema=INTERACTIONS)
interactions = personalize.Dataset(
    "interactions",
    dataset_group_arn=group.dataset_group_arn,
    dataset_type="Interactions",
    schema_arn=schema.schema_arn,
    tags=tags,
)
# from the dataset: the tracker follows its Interactions dataset (Personalize deletes the tracker first)
tracker = personalize.EventTracker("clicks", dataset_group_arn=interactions.dataset_group_arn, tags=tags)

pulumi.export("trackingId", tracker.tracking_id)
pulumi.export("eventTrackerArn", tracker.event_tracker_arn)
pulumi.export("datasetGroupArn", group.dataset_group_arn)
pulumi.export("interactionsDatasetArn", interactions.dataset_arn)
