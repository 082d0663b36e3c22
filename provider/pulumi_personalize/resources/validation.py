"""Input rules checked during preview, without any AWS call (limits from the Personalize API reference).

Each validator returns None when the value is fine, else a reason sentence. Values still unknown during a
preview are skipped by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from .avro import DATASET_TYPES
from .declare import Validator

NAME_MAX = 63
# The botocore model leaves the end unanchored; CloudFormation anchors it: the whole name is constrained.
NAME_PATTERN = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9\-_]*")
ARN_MAX = 256
DATASET_GROUP_ARN = re.compile(
    r"arn:(?P<partition>[a-z\d-]+):personalize:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"dataset-group/[a-zA-Z0-9][a-zA-Z0-9\-_]*"
)
SCHEMA_ARN = re.compile(
    r"arn:(?P<partition>[a-z\d-]+):personalize:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"schema/[a-zA-Z0-9][a-zA-Z0-9\-_]*"
)
ROLE_ARN = re.compile(r"arn:[a-z\d-]+:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+")
KMS_KEY_ARN = re.compile(r"arn:aws.*:kms:.*:[0-9]{12}:key/.*")
REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")
DOMAINS = ("ECOMMERCE", "VIDEO_ON_DEMAND")
TAGS_MAX = 50  # per resource, in AWS
OWNER_TAG = "pulumi-personalize:owner"  # set by the provider on what it creates: one of the 50
USER_TAGS_MAX = TAGS_MAX - 1
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
_TAG_PUNCTUATION = set("_.:/=+-@")


def name(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    if not 1 <= len(value) <= NAME_MAX:
        return f"must be 1 to {NAME_MAX} characters long (got {len(value)})"
    if not NAME_PATTERN.fullmatch(value):
        return (
            f"{value!r} is not a valid Personalize name: start with a letter or digit, then use only "
            "letters, digits, '-' and '_'"
        )
    return None


def dataset_group_arn(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string (the datasetGroupArn of a DatasetGroup)"
    if len(value) > ARN_MAX or not DATASET_GROUP_ARN.fullmatch(value):
        return (
            f"{value!r} is not a Personalize dataset group ARN "
            "(arn:aws:personalize:<region>:<account>:dataset-group/<name>)"
        )
    return None


def schema_arn(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > ARN_MAX or not SCHEMA_ARN.fullmatch(value):
        return (
            f"{value!r} is not a Personalize schema ARN (arn:aws:personalize:<region>:<account>:schema/<name>, "
            "the schema_arn of a Schema)"
        )
    return None


def dataset_type(value: Any) -> str | None:
    if not isinstance(value, str) or value.lower() not in {each.lower() for each in DATASET_TYPES}:
        return f"{value!r} is not a dataset type: use one of {', '.join(DATASET_TYPES)}"
    return None


def region(value: Any) -> str | None:
    if not isinstance(value, str) or not REGION.fullmatch(value):
        return f"{value!r} is not an AWS region name such as 'us-east-1'"
    return None


def role_arn(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > ARN_MAX or not ROLE_ARN.fullmatch(value):
        return f"{value!r} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"
    return None


def kms_key_arn(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > ARN_MAX or not KMS_KEY_ARN.fullmatch(value):
        return f"{value!r} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)"
    return None


def domain(value: Any) -> str | None:
    if value not in DOMAINS:
        return f"{value!r} is not a domain: use one of {', '.join(DOMAINS)}, or leave it unset"
    return None


def _tag_char_ok(char: str) -> bool:
    """The API pattern ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$: letters, separators, numbers, _.:/=+-@."""
    return unicodedata.category(char)[0] in "LZN" or char in _TAG_PUNCTUATION


def _tag_text_ok(text: str) -> bool:
    return all(_tag_char_ok(char) for char in text)


def as_tag_text(text: str) -> str:
    """`text` with every character a tag may not hold replaced by '_'."""
    return "".join(char if _tag_char_ok(char) else "_" for char in text)


def tags(value: Any, is_unknown: Any) -> str | None:
    if not isinstance(value, Mapping):
        return "must be a mapping of tag keys to string values"
    if len(value) > USER_TAGS_MAX:
        return (
            f"has {len(value)} tags; at most {USER_TAGS_MAX} are allowed (Personalize allows {TAGS_MAX} per "
            f"resource and the provider uses one, {OWNER_TAG}, to recognise what it created)"
        )
    for key, tag_value in value.items():
        if key == OWNER_TAG:
            return f"key {key!r} is reserved for the provider's ownership tag"
        if not isinstance(key, str) or not 1 <= len(key) <= TAG_KEY_MAX:
            return f"key {key!r} must be 1 to {TAG_KEY_MAX} characters long"
        if key.lower().startswith("aws:"):
            return f"key {key!r} uses the reserved prefix 'aws:'"
        if not _tag_text_ok(key):
            return f"key {key!r} may only hold letters, numbers, spaces and _.:/=+-@"
        if is_unknown(tag_value):
            continue
        if not isinstance(tag_value, str):
            return f"value of {key!r} must be a string"
        if len(tag_value) > TAG_VALUE_MAX:
            return f"value of {key!r} is longer than {TAG_VALUE_MAX} characters"
        if not _tag_text_ok(tag_value):
            return f"value of {key!r} may only hold letters, numbers, spaces and _.:/=+-@"
    return None


def timeouts(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not {"create", "delete"} <= set(value) <= {"create", "update", "delete"}:
        return "must hold 'create' and 'delete' seconds (set them with ResourceOptions(custom_timeouts=...))"
    for key, seconds in value.items():
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
            return f"{key} must be a positive number of seconds"
    return None


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _arn_of(resource: str, tail: str = "") -> re.Pattern[str]:
    return re.compile(
        rf"arn:(?P<partition>[a-z\d-]+):personalize:(?P<region>[a-z0-9-]+):(?P<account>\d{{12}}):{resource}/"
        rf"[a-zA-Z0-9][a-zA-Z0-9\-_]*{tail}"
    )


SOLUTION_ARN = _arn_of("solution")
# A solution version's ARN is its solution's and a generated id: .../solution/<name>/<id> (DescribeSolutionVersion).
SOLUTION_VERSION_ARN = _arn_of("solution", r"/[a-zA-Z0-9]+")
# Recipes are AWS's own: no region, no account (DescribeRecipe, "Choosing a recipe").
RECIPE_ARN = re.compile(r"arn:(?P<partition>[a-z\d-]+):personalize:::recipe/[a-zA-Z0-9][a-zA-Z0-9\-_]*")
# CreateSolutionVersion `trainingMode` (API reference); AUTOTRAIN is the service's own, for automatic training.
TRAINING_MODES = ("FULL", "UPDATE", "AUTOTRAIN")
FILTER_EXPRESSION_MAX = 2500  # CreateFilter `filterExpression`: 1 to 2,500 characters


def arn(pattern: re.Pattern[str], what: str, form: str) -> Validator:
    """A validator of one kind of ARN; `form` shows the user what one looks like."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str) or len(value) > ARN_MAX or not pattern.fullmatch(value):
            return f"{value!r} is not {what} ({form})"
        return None

    return check


solution_arn = arn(SOLUTION_ARN, "a Personalize solution ARN", "the solution_arn of a Solution")
solution_version_arn = arn(
    SOLUTION_VERSION_ARN, "a Personalize solution version ARN", "the solution_version_arn of a SolutionVersion"
)
recipe_arn = arn(RECIPE_ARN, "a Personalize recipe ARN", "arn:aws:personalize:::recipe/aws-user-personalization")


def training_mode(value: Any) -> str | None:
    if value not in TRAINING_MODES[:2]:
        return f"{value!r} is not a training mode: use FULL or UPDATE (AUTOTRAIN is for automatic training only)"
    return None


def provisioned_tps(value: Any) -> str | None:
    """CreateCampaign `minProvisionedTPS`: a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value) or value < 1:
        return f"{value!r} is not a number of transactions per second: use a whole number of at least 1"
    return None


def text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"
