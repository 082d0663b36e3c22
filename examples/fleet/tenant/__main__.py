"""One tenant's stack: a dataset group and its event tracker, both tagged with the tenant.

Config (set by ../fleet.py): `tenant`, and `aws:region`.
"""

import pulumi
import pulumi_personalize as personalize

tenant = pulumi.Config().require("tenant")
tags = {"tenant": tenant}
group = personalize.DatasetGroup("events", domain="ECOMMERCE", tags=tags)
tracker = personalize.EventTracker("clicks", dataset_group_arn=group.dataset_group_arn, tags=tags)
pulumi.export("trackingId", tracker.tracking_id)
