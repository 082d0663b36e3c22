"""Events in, recommendations out: the event path, then (config `recommend: true`) a User-Personalization
solution, its trained version, a campaign serving it and a filter.

Two `up`s, by design: a solution version trains on the interactions recorded when it is created, so the events
are sent between the first `up` (the tracker) and the second (the training). A retrain is a new `training`
value: a new version is trained, and the campaign moves to it in place (same ARN, so apps change nothing).
`loop.py` runs the whole loop.
"""

import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
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

group = personalize.DatasetGroup("shop")
schema = personalize.Schema("interactions", schema=INTERACTIONS)
interactions = personalize.Dataset(
    "interactions", dataset_group_arn=group.dataset_group_arn, dataset_type="Interactions", schema_arn=schema.schema_arn
)
tracker = personalize.EventTracker("clicks", dataset_group_arn=interactions.dataset_group_arn)
pulumi.export("trackingId", tracker.tracking_id)

if config.get_bool("recommend"):
    solution = personalize.Solution(
        "for-you",
        # from the dataset: the solution trains on it, and is deleted before it
        dataset_group_arn=interactions.dataset_group_arn,
        recipe_arn="arn:aws:personalize:::recipe/aws-user-personalization",
        perform_auto_training=False,  # train when this program says so (AWS's default retrains every 7 days)
    )
    version = personalize.SolutionVersion("model", solution_arn=solution.solution_arn, trigger=config.get("training"))
    campaign = personalize.Campaign("for-you", solution_version_arn=version.solution_version_arn)
    not_bought = personalize.Filter(
        "not-bought",
        dataset_group_arn=interactions.dataset_group_arn,
        filter_expression='EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")',
    )
    pulumi.export("campaignArn", campaign.campaign_arn)
    pulumi.export("filterArn", not_bought.filter_arn)
    pulumi.export("solutionVersionArn", version.solution_version_arn)
