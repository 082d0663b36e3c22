"""The demo stack behind `scripts/up`: a dataset group and its event tracker, exporting what apps and other
stacks consume (examples/app, examples/consumer).

`scripts/up` runs it as the `local` stack against the local emulator (Pulumi.local.yaml points the provider at
it); `scripts/down` destroys it. It is not part of the package: your own stack looks like it (see README.md).
"""

import pulumi
import pulumi_personalize as personalize

tags = {"project": "pulumi-personalize", "stack": pulumi.get_stack()}

group = personalize.DatasetGroup("events", tags=tags)
tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn, tags=tags)

pulumi.export("trackingId", tracker.tracking_id)
pulumi.export("eventTrackerArn", tracker.event_tracker_arn)
pulumi.export("datasetGroupArn", group.dataset_group_arn)
