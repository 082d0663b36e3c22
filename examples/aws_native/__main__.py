"""Interop: our Schema, Interactions Dataset and EventTracker on a dataset group that Pulumi aws-native manages.

For users who already manage their dataset groups with `pulumi_aws_native.personalize.DatasetGroup` (Cloud
Control): the group stays there; what receives events comes from pulumi-personalize, with its preview checks,
waits and adoption. Ours take the group by its ARN, aws-native's `dataset_group_arn` output.

Our preview checks the schema against the Interactions dataset type in the ECOMMERCE domain, but not against
the group's domain: that check needs a group of this package. Give the schema the group's domain yourself.
The tracker takes the group's ARN from the Interactions dataset's output: the engine then deletes the tracker
before the dataset, the order Personalize requires (it deletes an Interactions dataset only after its group's
event tracker).
The dataset and the tracker work in their group's region (from its ARN); the schema in aws-native's
`aws-native:region`, so one setting serves both packages.

Run for real (needs AWS credentials and the aws-native plugin: `pulumi plugin install resource aws-native`):
    cd examples/aws_native && pulumi stack init prod && pulumi config set aws-native:region us-east-1 && pulumi up
"""

import pulumi
import pulumi_aws_native as aws_native
import pulumi_personalize as personalize

DOMAIN = aws_native.personalize.DatasetGroupDomain.ECOMMERCE
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
tags = {"app": "recommendations", "stack": pulumi.get_stack()}
region = pulumi.Config("aws-native").require("region")

group = aws_native.personalize.DatasetGroup("events", domain=DOMAIN)
schema = personalize.Schema("interactions", schema=INTERACTIONS, domain=DOMAIN.value, region=region)
interactions = personalize.Dataset(
    "interactions",
    dataset_group_arn=group.dataset_group_arn,
    dataset_type="Interactions",
    schema_arn=schema.schema_arn,
    tags=tags,
)
tracker = personalize.EventTracker("clicks", dataset_group_arn=interactions.dataset_group_arn, tags=tags)

pulumi.export("trackingId", tracker.tracking_id)
pulumi.export("eventTrackerArn", tracker.event_tracker_arn)
pulumi.export("datasetGroupArn", group.dataset_group_arn)
pulumi.export("interactionsDatasetArn", interactions.dataset_arn)
