"""The errors of the emulated service: each a moto ``JsonRESTError`` whose code is its class name.

HTTP 400, body ``{"__type": code, "message": ...}``, header ``X-Amzn-ErrorType``, as AWS sends them.
"""

from __future__ import annotations

from moto.personalize.exceptions import PersonalizeException, ResourceNotFoundException

__all__ = [
    "InvalidInputException",
    "InvalidNextTokenException",
    "ResourceAlreadyExistsException",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "TooManyTagKeysException",
    "TooManyTagsException",
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


class ResourceInUseException(_ServiceError):
    """A resource whose state forbids the request (still creating, not ACTIVE, still has a tracker)."""


class TooManyTagsException(_ServiceError):
    """More than 50 tags on one resource."""


class TooManyTagKeysException(_ServiceError):
    """More than 50 tag keys in one UntagResource."""
