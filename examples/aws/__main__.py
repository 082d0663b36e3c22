"""Production template: the AWS resources Personalize needs around a dataset group and its tracker.

- an S3 bucket for interaction data, readable by Personalize (bucket policy);
- a KMS key that encrypts the dataset group, usable by Personalize;
- an IAM role Personalize assumes to read the bucket and use the key;
- our DatasetGroup (with that role and key) and EventTracker;
- the role `pulumi up` runs as (in CI, or assumed by engineers), allowed exactly what the provider needs:
  `pulumi_personalize.iam.deploy_policy()` for this region and account.

Run for real (needs AWS credentials and the pulumi-aws plugin: `pulumi plugin install resource aws`):
    cd examples/aws && pulumi stack init prod && pulumi config set aws:region us-east-1 && pulumi up
"""

import json

import pulumi
import pulumi_aws as aws
import pulumi_personalize as personalize
from pulumi_personalize.iam import deploy_policy

tags = {"app": "recommendations", "stack": pulumi.get_stack()}
account_id = aws.get_caller_identity().account_id
region = aws.get_region().region

bucket = aws.s3.Bucket("interactions", tags=tags)
aws.s3.BucketPolicy(
    "interactions-personalize-read",
    bucket=bucket.id,
    policy=bucket.arn.apply(
        lambda arn: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "PersonalizeRead",
                        "Effect": "Allow",
                        "Principal": {"Service": "personalize.amazonaws.com"},
                        "Action": ["s3:GetObject", "s3:ListBucket"],
                        "Resource": [arn, f"{arn}/*"],
                    }
                ],
            }
        )
    ),
)

key = aws.kms.Key(
    "personalize",
    description="Encrypts the Personalize dataset group",
    enable_key_rotation=True,
    policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdmin",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "PersonalizeUse",
                    "Effect": "Allow",
                    "Principal": {"Service": "personalize.amazonaws.com"},
                    "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"],
                    "Resource": "*",
                },
            ],
        }
    ),
    tags=tags,
)

role = aws.iam.Role(
    "personalize",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "personalize.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
    tags=tags,
)
aws.iam.RolePolicy(
    "personalize-access",
    role=role.id,
    policy=pulumi.Output.all(bucket.arn, key.arn).apply(
        lambda arns: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["s3:GetObject", "s3:ListBucket"],
                        "Resource": [arns[0], f"{arns[0]}/*"],
                    },
                    {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": arns[1]},
                ],
            }
        )
    ),
)

# The deploy role: the first `pulumi up` runs with broader credentials and creates it; from then on CI assumes it.
# It trusts this account here: trust your CI instead (for GitHub Actions, its OIDC provider).
deployer = aws.iam.Role(
    "deployer",
    description="Runs pulumi up / refresh / destroy of the Personalize stack",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
    tags=tags,
)
deploy = aws.iam.Policy(
    "deploy-policy",
    description="What pulumi-personalize needs for up, refresh and destroy (python -m pulumi_personalize.iam deploy)",
    policy=json.dumps(deploy_policy(region, account_id)),
    tags=tags,
)
deploy_attachment = aws.iam.RolePolicyAttachment("deployer-deploy-policy", role=deployer.name, policy_arn=deploy.arn)

group = personalize.DatasetGroup("events", domain="ECOMMERCE", role_arn=role.arn, kms_key_arn=key.arn, tags=tags)
tracker = personalize.EventTracker(
    "clicks",
    dataset_group_arn=group.dataset_group_arn,
    tags=tags,
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create="30m", delete="30m")),
)

pulumi.export("trackingId", tracker.tracking_id)
pulumi.export("eventTrackerArn", tracker.event_tracker_arn)
pulumi.export("datasetGroupArn", group.dataset_group_arn)
pulumi.export("interactionsBucket", bucket.bucket)
pulumi.export("personalizeRoleArn", role.arn)
pulumi.export("deployRoleArn", deployer.arn)
