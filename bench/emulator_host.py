"""`python -m bench.emulator_host`: the emulator in its own process, its timings changed through stdin.

The emulator's command line fixes the transition times at start, but the bench needs dataset groups that
are ACTIVE at once and trackers that take T seconds, from one emulator whose clock and counters it reads.
Protocol: the first line out is `listening on <url>`; each line in, `timings <create> <delete>`, is answered
`ok`; end of input stops the emulator.
"""

from __future__ import annotations

import sys

from pulumi_personalize.emulator import Emulator


def main() -> None:
    with Emulator(create_seconds=0, delete_seconds=0) as emulator:
        print(f"listening on {emulator.endpoint_url}", flush=True)
        for line in sys.stdin:  # bounded by the end of input
            command, *numbers = line.split()
            if command == "timings" and len(numbers) == 2:
                emulator.set_timings(float(numbers[0]), float(numbers[1]))
                print("ok", flush=True)
            else:
                print(f"error: unknown command {line.strip()!r}", flush=True)


if __name__ == "__main__":
    main()
