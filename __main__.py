"""The root stack: a dataset group and its event tracker, exporting what apps and other stacks consume."""

import pulumi
import pulumi_personalize as personalize

tags = {"project": "pulumi-personalize", "stack": pulumi.get_stack()}

group = personalize.DatasetGroup("events", tags=tags)
tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn, tags=tags)

pulumi.export("trackingId", tracker.tracking_id)
pulumi.export("eventTrackerArn", tracker.event_tracker_arn)
pulumi.export("datasetGroupArn", group.dataset_group_arn)
