"""Our errors out of a failed Automation API command: `personalize_errors(error)`.

    from pulumi import automation as auto
    from pulumi_personalize.automation import personalize_errors

    try:
        stack.up()
    except auto.errors.CommandError as error:
        for failure in personalize_errors(error):
            print(f"{failure.resource_name}: {failure.message}")
        raise

Why not `except pulumi_personalize.PersonalizeError`: our errors are raised in the provider process, which
the engine starts; the Automation API runs the `pulumi` CLI and raises `CommandError` holding only the text
the CLI printed. This module reads that text back. It reads the CLI's "Diagnostics:" section, which has a
block per resource: its type and name, then its errors. Two kinds of errors there are ours:

- a failed create, update, delete or read: a traceback whose last line is `pulumi_personalize.PersonalizeError:
  <message>` (see `aws.errors`);
- a failed check (preview or up refuses an input before any AWS call): the engine's line
  `<type> resource '<name>': property <key> value {<value>} has a problem: <reason>`, for our types.

The CLI prints a resource's type and logical name, not its URN, so that is what a failure names. Importing
this module never imports `pulumi.automation`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["PersonalizeFailure", "personalize_errors"]

OUR_TYPES = "pulumi-python:dynamic/personalize:"  # the type token of every resource of this package
ERROR_LINE = "pulumi_personalize.PersonalizeError: "
_SECTION = "Diagnostics:"
_RESOURCE = re.compile(r"^  (?P<type>\S+) \((?P<name>.*)\):$")
_CHECK = re.compile(
    r"^error: (?P<type>\S+) resource '(?P<name>.*?)': property (?P<property>\S+) value \{.*?\} has a problem: "
    r"(?P<reason>.*)$"
)


@dataclass(frozen=True)
class PersonalizeFailure:
    """One error of ours, about one resource."""

    resource_type: str  # the type token, as `pulumi-python:dynamic/personalize:EventTracker`
    resource_name: str  # the logical name given in the program (`clicks`), not the physical one
    message: str  # what failed and what to do next, a sentence that stands on its own
    property: str | None = None  # the input a failed check refused (its camelCase key), else None

    def __str__(self) -> str:
        return f"{self.resource_type} {self.resource_name}: {self.message}"


def personalize_errors(error: BaseException) -> list[PersonalizeFailure]:
    """Our errors in a failed command's output, in the order the CLI printed them; [] when none is ours.

    `error` is the `pulumi.automation.errors.CommandError` a Stack method raised (its text holds the CLI's
    stdout and stderr). Any other exception gives []: it holds no output of the CLI.
    """
    failures: list[PersonalizeFailure] = []
    for resource_type, name, lines in _diagnostics(str(error).splitlines()):
        for failure in _failures(resource_type, name, lines):
            if failure not in failures:  # the CLI may print one error twice (in stdout and in stderr)
                failures.append(failure)
    return failures


def _diagnostics(lines: list[str]) -> Iterator[tuple[str, str, list[str]]]:
    """Each resource block of every "Diagnostics:" section: (type, name, its lines without indentation)."""
    in_section = False
    block: tuple[str, str, list[str]] | None = None
    for line in lines:
        resource = _RESOURCE.match(line) if in_section else None
        if line.strip() == _SECTION:
            in_section = True
        elif resource:
            if block:
                yield block
            block = (resource["type"], resource["name"], [])
        elif in_section and line.startswith("    ") and block:
            block[2].append(line.strip())
        elif in_section and line.strip():  # the section ends at the next line that is not indented
            in_section = False
            if block:
                yield block
            block = None
    if block:
        yield block


def _failures(resource_type: str, name: str, lines: list[str]) -> Iterator[PersonalizeFailure]:
    for line in lines:
        if line.startswith(ERROR_LINE):
            yield PersonalizeFailure(resource_type, name, line[len(ERROR_LINE) :])
        elif (check := _CHECK.match(line)) and check["type"].startswith(OUR_TYPES):
            yield PersonalizeFailure(check["type"], check["name"], check["reason"], check["property"])
