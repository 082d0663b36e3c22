"""Errors the provider raises: each names the resource, the AWS operation, the AWS error and the next step.

The Python dynamic provider server turns any exception into a gRPC error carrying the traceback, and the
CLI prints it; the last line is our message, so messages are complete sentences that stand on their own.
The next step depends on the command that failed (`up`, `destroy` or `refresh`): `next_step` is the one
place that words it.
"""

from __future__ import annotations

import re

from .settings import config_key

NOT_FOUND = "ResourceNotFoundException"
IN_USE = "ResourceInUseException"
UNREACHABLE = "EndpointUnreachable"
ACCESS_DENIED = "AccessDeniedException"
# AWS's access denied message: "User: <arn> is not authorized to perform: <action> on resource: <arn> because ..."
_DENIED = re.compile(r"not authorized to perform: (?P<action>[\w:*-]+)(?: on resource: (?P<resource>\S+))?")


class PersonalizeError(Exception):
    """A failure the user can act on.

    Shown as `pulumi_personalize.PersonalizeError` (its public name) on the last line the CLI prints.
    """

    __module__ = "pulumi_personalize"


class AwsCallError(PersonalizeError):
    """An AWS API call answered with an error (after retries)."""

    def __init__(self, operation: str, code: str, message: str) -> None:
        self.operation = operation
        self.code = code
        self.aws_message = message.rstrip(".")
        # Told inside other messages too (a failed clean-up): a refusal always says what to grant.
        hint = f"; {_grant(self.aws_message)}" if code == ACCESS_DENIED else ""
        super().__init__(f"{operation} failed: {code}: {self.aws_message}{hint}")

    def about(self, subject: str, step: str) -> PersonalizeError:
        """The same failure, told about one resource with what the user should do after the provider `step`."""
        return PersonalizeError(
            f"{subject}: {self.operation} failed with {self.code}: {self.aws_message}. "
            + next_step(self.code, step, self.aws_message)
        )


class EndpointUnreachableError(AwsCallError):
    """No answer from the endpoint (refused, reset, or silent until the time left ran out)."""

    def __init__(self, operation: str, endpoint: str, origin: str, detail: str) -> None:
        super().__init__(operation, UNREACHABLE, f"no answer from {endpoint} (set by {origin}): {detail}")


class UnexpectedResponseError(PersonalizeError):
    """AWS answered, but not in the shape the API reference promises."""

    def __init__(self, operation: str, detail: str) -> None:
        super().__init__(
            f"{operation} returned an unexpected answer ({detail}). Check that the endpoint is Amazon "
            f"Personalize ({config_key('endpoints')} / AWS_ENDPOINT_URL_PERSONALIZE) and retry; if it persists, "
            "report it."
        )


_COMMANDS = {
    "create": "`pulumi up`",
    "update": "`pulumi up`",
    "read": "`pulumi refresh`",
    "delete": "`pulumi destroy` (or `pulumi up`)",
}


def next_step(code: str, step: str, aws_message: str = "") -> str:
    """What to do after an AWS error `code` (its message `aws_message`) in the provider step `step` (create, read,
    update or delete)."""
    retry = _COMMANDS[step]
    if code == ACCESS_DENIED:
        grant = _grant(aws_message, step)
        return f"{grant[0].upper()}{grant[1:]}, then run {retry} again."
    if code == NOT_FOUND:
        if step == "create":
            return (
                f"Check the ARN it names and the region (input `region`, config {config_key('region')} or AWS_REGION)."
            )
        return "It no longer exists (deleted outside Pulumi?): run `pulumi refresh`, then `pulumi up`."
    steps = {
        "UnrecognizedClientException": (
            f"Check the AWS credentials (AWS_PROFILE, {config_key('profile')} or the environment)"
        ),
        "LimitExceededException": "A Personalize quota is reached: delete unused resources or ask for more",
        "InvalidInputException": "Fix the input the message names",
        IN_USE: "Something it depends on is busy (for example still creating); wait a little",
        UNREACHABLE: "Check that the endpoint is up and reachable",
    }
    first = steps.get(code)
    if first is None:
        return f"Run {retry} again; if it keeps failing, act on the AWS message above."
    return f"{first}, then run {retry} again."


def _grant(aws_message: str, step: str = "create") -> str:
    """What to grant the provider's credentials after a refusal in the provider `step`: the action and resource
    AWS names, and the command printing the whole policy."""
    denied = _DENIED.search(aws_message)
    what = "that permission"
    if denied:
        what = denied["action"] + (f" on {denied['resource']}" if denied["resource"] else "")
    policy = "refresh" if step == "read" else "deploy"
    return (
        f"grant {what} to the provider's credentials (`python -m pulumi_personalize.iam {policy}` prints the "
        f"policy with every permission {_COMMANDS[step].split(' (')[0]} needs)"
    )


def told(error: PersonalizeError, subject: str, step: str) -> PersonalizeError:
    """`error` as the user reads it: about `subject`, with the next step after the provider step `step`."""
    if isinstance(error, AwsCallError):
        return error.about(subject, step)
    text = str(error)
    # without the frames it was raised through: the CLI's traceback then ends in the CRUD method alone
    return error.with_traceback(None) if text.startswith(subject) else PersonalizeError(f"{subject}: {text}")
