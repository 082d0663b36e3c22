"""``python -m pulumi_personalize.emulator`` / ``personalize-emulator``: serve until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import signal

from .faults import FaultSpecError, parse_spec
from .server import Emulator


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="personalize-emulator",
        description="A local Amazon Personalize (personalize and personalize-events) built on moto.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default 0: any free port)")
    parser.add_argument("--create-seconds", type=float, default=4.0, help="time from CREATE PENDING to ACTIVE")
    parser.add_argument("--delete-seconds", type=float, default=2.0, help="time from DELETE PENDING to gone")
    parser.add_argument("--state-file", help="persist resources here and reload them on start")
    parser.add_argument("--faults", help="fault spec, string or JSON form (see docs/emulator.md)")
    arguments = parser.parse_args(argv)
    if arguments.create_seconds < 0 or arguments.delete_seconds < 0:
        parser.error("--create-seconds and --delete-seconds must not be negative")
    if arguments.faults is not None:
        try:
            arguments.faults = parse_spec(arguments.faults)
        except FaultSpecError as error:
            parser.error(f"--faults: {error}")
    return arguments


def main(argv: list[str] | None = None) -> None:
    arguments = _arguments(argv)
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    # Blocked before the server threads start, so they inherit the mask and sigwait gets the signal.
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    emulator = Emulator(
        create_seconds=arguments.create_seconds,
        delete_seconds=arguments.delete_seconds,
        host=arguments.host,
        port=arguments.port,
        state_file=arguments.state_file,
        faults=arguments.faults,
    )
    print(f"listening on {emulator.endpoint_url}", flush=True)
    signal.sigwait(stop_signals)
    emulator.stop()


if __name__ == "__main__":
    main()
