"""``python -m pulumi_personalize.emulator`` / ``personalize-emulator``: serve until SIGTERM or SIGINT.

Bad options (and a state file that cannot be loaded) exit with code 2 and a usage message, as
argparse answers them.
"""

from __future__ import annotations

import argparse
import math
import signal

from .faults import FaultSpec, FaultSpecError, parse_spec
from .iam import PolicyError, load_policy
from .persistence import StateFileError
from .quotas import QUOTA_NAMES, Quotas, parse_quota
from .server import Emulator


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: ports are 0-65535 (0: any free port)")
    return port


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration: a finite number of seconds, 0 or more")
    return seconds


def _faults(text: str) -> FaultSpec:
    try:
        return parse_spec(text)
    except FaultSpecError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _policy_file(text: str) -> str:
    """A policy file the emulator can enforce (checked here, so that a bad one is a usage error)."""
    try:
        load_policy(text)
    except PolicyError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text


def _quota(text: str) -> tuple[str, int]:
    try:
        return parse_quota(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="personalize-emulator",
        description="A local Amazon Personalize (personalize, personalize-events, personalize-runtime) built on moto.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=_port, default=0, help="port to bind, 0-65535 (default 0: any free port)")
    parser.add_argument("--create-seconds", type=_seconds, default=4.0, help="time from CREATE PENDING to ACTIVE")
    parser.add_argument("--delete-seconds", type=_seconds, default=2.0, help="time from DELETE PENDING to gone")
    parser.add_argument(
        "--train-seconds", type=_seconds, default=6.0, help="time a solution version trains, CREATE PENDING to ACTIVE"
    )
    parser.add_argument("--state-file", help="persist resources here and reload them on start")
    parser.add_argument("--faults", type=_faults, help="fault spec, string or JSON form (see docs/emulator.md)")
    parser.add_argument(
        "--iam-policy",
        type=_policy_file,
        metavar="FILE",
        help="enforce this IAM policy (JSON) on every call, re-read when the file changes (see docs/emulator.md)",
    )
    quotas = parser.add_mutually_exclusive_group()
    quotas.add_argument(
        "--quota",
        type=_quota,
        action="append",
        default=[],
        metavar="NAME=N",
        help=f"raise a service quota, as a user raises one ({', '.join(QUOTA_NAMES)}); repeatable",
    )
    quotas.add_argument("--no-quotas", action="store_true", help="lift every service quota (see docs/emulator.md)")
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = _parser()
    arguments = parser.parse_args(argv)
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    # Blocked before the server threads start, so they inherit the mask and sigwait gets the signal.
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    try:
        emulator = Emulator(
            create_seconds=arguments.create_seconds,
            delete_seconds=arguments.delete_seconds,
            host=arguments.host,
            port=arguments.port,
            state_file=arguments.state_file,
            faults=arguments.faults,
            iam_policy=arguments.iam_policy,
            quotas=Quotas.lifted() if arguments.no_quotas else dict(arguments.quota),
            train_seconds=arguments.train_seconds,
        )
    except StateFileError as error:
        parser.error(f"--state-file {error}")
    print(f"listening on {emulator.endpoint_url}", flush=True)
    signal.sigwait(stop_signals)
    emulator.stop()


if __name__ == "__main__":
    main()
