"""A second stack that consumes the tracker: the tracking ID arrives through a StackReference.

Config: `producer` is the producing stack's name, e.g. `organization/pulumi-personalize/local` on a
self-managed backend (`pulumi config set producer organization/pulumi-personalize/local`).
"""

import json

import pulumi

config = pulumi.Config()
producer = pulumi.StackReference(config.require("producer"))
tracking_id = producer.require_output("trackingId")

# What an app deployment would receive: here an environment map and a JSON config document.
pulumi.export("appEnvironment", {"PERSONALIZE_TRACKING_ID": tracking_id})
pulumi.export(
    "appConfig",
    tracking_id.apply(lambda value: json.dumps({"personalize": {"trackingId": value}}, sort_keys=True)),
)
