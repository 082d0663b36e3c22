"""A resource's status now, or GONE (terraform-provider-aws's `status` helper)."""

from __future__ import annotations

from ..aws.settings import AwsTarget
from ..resources.kind import ResourceKind
from .find import find

GONE = "gone"  # not a Personalize status: Describe answered ResourceNotFoundException


def status(target: AwsTarget, kind: ResourceKind, arn: str) -> str:
    described = find(target, kind, arn)
    return described.status if described else GONE
