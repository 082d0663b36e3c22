"""A stack per tenant, deployed concurrently with Pulumi's Automation API (see README.md beside this file).

    python examples/fleet/fleet.py up acme globex initech       # prints {"acme": "<trackingId>", ...}
    python examples/fleet/fleet.py destroy acme globex initech

Each tenant gets the stack `tenant-<name>` of the program in tenant/, in the backend the CLI uses
(PULUMI_BACKEND_URL, or `pulumi login`), with PULUMI_CONFIG_PASSPHRASE for its secrets. Every stack runs its
own `pulumi` engine, language host and provider process, so tenants deploy side by side: no one process's
limit (a Python dynamic provider serves at most 4 calls at once) caps the fleet.

A tenant that fails prints one line per error, `error: tenant '<name>': <what failed and what to do>`: our
errors come out of the Automation API's CommandError with `pulumi_personalize.automation.personalize_errors`.
Names and stacks are checked before any deployment starts: a typo in one name deploys nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from pulumi import automation as auto
from pulumi_personalize.automation import personalize_errors

PROGRAM_DIR = Path(__file__).resolve().parent / "tenant"
STACK_PREFIX = "tenant-"
# Narrower than the CLI's stack names (which allow '.'): a tenant name is also a tag value and a config value.
TENANT_NAME = re.compile(r"[A-Za-z0-9_-]+")
NAME_RULE = "letters, digits, '-' and '_'"
Result = TypeVar("Result")


class FleetError(RuntimeError):
    """Some tenants failed; the others' results are in `done`."""

    def __init__(self, failed: Mapping[str, BaseException], done: Mapping[str, object]) -> None:
        self.failed = failed
        self.done = done
        super().__init__(f"{len(failed)} tenant(s) failed: {', '.join(sorted(failed))}")


def stack_name(tenant: str) -> str:
    return f"{STACK_PREFIX}{tenant}"


def check_names(tenants: Sequence[str]) -> None:
    """FleetError naming every tenant whose name is not allowed, before any stack is touched.

    Why here: the CLI would refuse the stack name only at `pulumi stack select`, after the stacks of the
    tenants before it were created.
    """
    bad = {tenant: ValueError(f"not a valid tenant name: use only {NAME_RULE}") for tenant in tenants}
    failed = {tenant: error for tenant, error in bad.items() if not TENANT_NAME.fullmatch(tenant)}
    if failed:
        raise FleetError(failed, {})


def prepare(tenants: Sequence[str], region: str) -> dict[str, auto.Stack]:
    """Create (or select) each tenant's stack and set its config, one after another: these commands write the
    CLI's workspace files, which concurrent commands would race on. The deployments themselves name their
    stack and write only to the backend. FleetError, before any deployment, for the tenants that failed."""
    check_names(tenants)
    workspace = auto.LocalWorkspace(work_dir=str(PROGRAM_DIR))

    def prepared(tenant: str) -> auto.Stack:
        stack = auto.Stack.create_or_select(stack_name(tenant), workspace)
        stack.set_all_config({"tenant": auto.ConfigValue(tenant), "aws:region": auto.ConfigValue(region)})
        return stack

    return one_by_one(tenants, prepared)


def one_by_one(tenants: Sequence[str], action: Callable[[str], Result]) -> dict[str, Result]:
    """`action` on every tenant in turn; FleetError, once all were tried, naming each tenant whose CLI failed."""
    done: dict[str, Result] = {}
    failed: dict[str, BaseException] = {}
    for tenant in tenants:
        try:
            done[tenant] = action(tenant)
        except auto.errors.CommandError as error:
            failed[tenant] = error
    if failed:
        raise FleetError(failed, {})
    return done


def for_each(stacks: dict[str, auto.Stack], action: Callable[[auto.Stack], Result], parallel: int) -> dict[str, Result]:
    """`action` on every stack, `parallel` at a time; FleetError naming each tenant that failed."""
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = {tenant: pool.submit(action, stack) for tenant, stack in stacks.items()}
    done = {tenant: future.result() for tenant, future in futures.items() if future.exception() is None}
    failed = {tenant: error for tenant, future in futures.items() if (error := future.exception()) is not None}
    if failed:
        raise FleetError(failed, done)
    return done


def _tracking_id(stack: auto.Stack) -> str:
    return str(stack.up().outputs["trackingId"].value)


def _destroy(stack: auto.Stack) -> None:
    stack.destroy()


def up(tenants: Sequence[str], region: str, parallel: int) -> dict[str, str]:
    """Deploy every tenant's stack; {tenant: trackingId}."""
    return for_each(prepare(tenants, region), _tracking_id, parallel)


def destroy(tenants: Sequence[str], parallel: int) -> None:
    """Destroy every tenant's resources, then remove the emptied stacks (one after another, as in `prepare`)."""
    check_names(tenants)
    workspace = auto.LocalWorkspace(work_dir=str(PROGRAM_DIR))
    stacks = one_by_one(tenants, lambda tenant: auto.Stack.select(stack_name(tenant), workspace))
    for_each(stacks, _destroy, parallel)
    for stack in stacks.values():
        workspace.remove_stack(stack.name)


def error_lines(failure: BaseException) -> list[str]:
    """What to print about a tenant's failure: each of our errors, else the CLI's first error line."""
    ours = [found.message for found in personalize_errors(failure)]
    if ours or not isinstance(failure, auto.errors.CommandError):
        return ours or [str(failure)]
    lines = [line.strip().removeprefix("stderr:").strip() for line in str(failure).splitlines()]
    errors = [line.removeprefix("error:").strip() for line in lines if line.startswith("error:")]
    return errors[:1] or [lines[-1] if lines else "the pulumi CLI failed"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("command", choices=("up", "destroy"))
    parser.add_argument("tenants", nargs="+", help=f"tenant names ({NAME_RULE})")
    parser.add_argument("--parallel", type=int, default=8, help="stacks deployed at once (default 8)")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"), help="AWS region")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "up":
            print(json.dumps(up(arguments.tenants, arguments.region, arguments.parallel), indent=2, sort_keys=True))
        else:
            destroy(arguments.tenants, arguments.parallel)
    except FleetError as error:
        if error.done and arguments.command == "up":
            print(json.dumps(error.done, indent=2, sort_keys=True))  # the tenants deployed all the same
        for tenant, failure in sorted(error.failed.items()):
            for line in error_lines(failure):
                print(f"error: tenant {tenant!r}: {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
