"""Whether the emulator listens on loopback only, read from the kernel's socket tables."""

from __future__ import annotations

import contextlib
import ipaddress
from typing import Any

from testkit.emulator_process import EmulatorProcess


def listening_addresses(port: int) -> list[str]:
    """Addresses a TCP socket listens on at `port` in this network namespace (from /proc/net/tcp{,6})."""
    found: list[str] = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with contextlib.suppress(FileNotFoundError), open(table) as lines:
            next(lines)
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                address, port_hex = local.split(":")
                if state != "0A" or int(port_hex, 16) != port or len(address) != width:
                    continue
                raw = bytes.fromhex(address)
                # the kernel prints each 32-bit word in host (little-endian) order
                ordered = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                found.append(str(ipaddress.ip_address(ordered)))
    return found


def loopback_check(emulator: EmulatorProcess) -> dict[str, Any]:
    addresses = listening_addresses(emulator.port)
    loopback = bool(addresses) and all(ipaddress.ip_address(address).is_loopback for address in addresses)
    return {
        "endpoint": emulator.endpoint_url,
        "listening_on": addresses,
        "loopback_only": loopback and emulator.endpoint_url.startswith("http://127.0.0.1:"),
    }
