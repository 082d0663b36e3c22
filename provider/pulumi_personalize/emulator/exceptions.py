"""The errors of the emulated service: each a moto ``JsonRESTError`` whose code is its class name.

HTTP 400, body ``{"__type": code, "message": ...}``, header ``X-Amzn-ErrorType``, as AWS sends them.
"""

from __future__ import annotations

from moto.core.exceptions import JsonRESTError
from moto.personalize.exceptions import PersonalizeException, ResourceNotFoundException

__all__ = [
    "InvalidInputException",
    "InvalidNextTokenException",
    "RecommenderNotFoundException",
    "ResourceAlreadyExistsException",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "TooManyTagKeysException",
    "TooManyTagsException",
    "TrackingIdNotFoundException",
]


class _ServiceError(PersonalizeException):
    """A Personalize error whose code is the class name (moto's JsonRESTError underneath)."""

    def __init__(self, message: str) -> None:
        super().__init__(type(self).__name__, message)


class InvalidInputException(_ServiceError):
    """A request that breaks the model or a rule about values (tags, JSON, tracking ids)."""


class InvalidNextTokenException(_ServiceError):
    """A nextToken this listing did not issue."""


class ResourceAlreadyExistsException(_ServiceError):
    """A second dataset group of that name, or a second tracker on a dataset group."""


class LimitExceededException(_ServiceError):
    """A service quota would be exceeded (quotas.py)."""


class ResourceInUseException(_ServiceError):
    """A resource whose state forbids the request (still creating, not ACTIVE, still has a tracker)."""


class TooManyTagsException(_ServiceError):
    """More than 50 tags on one resource."""


class TooManyTagKeysException(_ServiceError):
    """More than 50 tag keys in one UntagResource."""


class TrackingIdNotFoundException(ResourceNotFoundException):
    """A ResourceNotFoundException about a tracking ID, not an ARN (moto's words are about ARNs)."""

    def __init__(self, tracking_id: str) -> None:
        JsonRESTError.__init__(self, "ResourceNotFoundException", f"Tracking ID {tracking_id} does not exist.")


class RecommenderNotFoundException(ResourceNotFoundException):
    """GetRecommendations with a recommenderArn: the emulator has no recommenders (yet), so none is found."""

    def __init__(self, arn: str) -> None:
        JsonRESTError.__init__(
            self,
            "ResourceNotFoundException",
            f"Recommender {arn} does not exist: the emulator does not emulate recommenders; use a campaignArn.",
        )
