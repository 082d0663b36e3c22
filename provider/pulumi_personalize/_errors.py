"""Errors the provider raises: each names the resource, the AWS operation, the AWS error and the next step.

The Python dynamic provider server turns any exception into a gRPC error carrying the traceback, and the
CLI prints it; the last line is our message, so messages are complete sentences that stand on their own.
"""

from __future__ import annotations


class PersonalizeError(Exception):
    """A failure the user can act on."""


class AwsCallError(PersonalizeError):
    """An AWS API call answered with an error (after botocore's retries)."""

    def __init__(self, operation: str, code: str, message: str) -> None:
        self.operation = operation
        self.code = code
        self.aws_message = message
        super().__init__(f"{operation} failed: {code}: {message}")

    def about(self, subject: str, next_step: str) -> PersonalizeError:
        """The same failure, told about one resource with what the user should do next."""
        return PersonalizeError(f"{subject}: {self.operation} failed with {self.code}: {self.aws_message}. {next_step}")


class UnexpectedResponseError(PersonalizeError):
    """AWS answered, but not in the shape the API reference promises."""

    def __init__(self, operation: str, detail: str) -> None:
        super().__init__(
            f"{operation} returned an unexpected answer ({detail}). Check that the endpoint is Amazon "
            "Personalize (aws:endpoints / AWS_ENDPOINT_URL_PERSONALIZE) and retry; if it persists, report it."
        )
