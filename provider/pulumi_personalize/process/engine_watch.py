"""Make the dynamic provider server exit when the Pulumi engine that started it is gone (issue #15), and at once
when the engine stops it (issue #11: `exit_without_teardown`, and `process.interrupts` for a SIGINT the main
thread missed).

Why: the engine starts `pulumi-resource-pulumi-python <engine address>` in a process group of its own, and
that shell script runs `python -u -m pulumi.dynamic` as its child. The SDK's server ignores the address and
waits forever: after a SIGKILL of `pulumi` (or of its whole process group) nothing ever stops it.

How: providers built with Pulumi's Go SDK health-check the engine address (`rpcutil.Healthcheck`, every
5 minutes) and stop when it fails. We check every second with a plain TCP connection and exit only after two
refusals in a row: nothing listens at the address any more. A timeout (a busy engine) proves nothing and is
ignored. The engine stops its plugins before it closes that server, so a finishing `pulumi` is never raced.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence

from .interrupts import relay_interrupts
from .program_exit import wait_for_programs

DYNAMIC_SERVER_MAIN = "pulumi.dynamic.__main__"  # __main__.__spec__.name under `python -m pulumi.dynamic`
CHECK_INTERVAL_SECONDS = 1.0
REFUSALS_TO_EXIT = 2
THREAD_NAME = "pulumi-personalize-engine-watch"

Address = tuple[str, int]

_lock = threading.Lock()
_watchers: list[threading.Thread] = []  # at most one: the thread of this process
_plugin: list[bool] = []  # [True] in the native plugin's process


def engine_address(argv: Sequence[str], main_module: str | None) -> Address | None:
    """The engine's (host, port) when this process is a provider server (dynamic or our plugin), else None.

    The engine passes its address as the last argument, after optional `--logtostderr -v=N --tracing URL`.
    """
    if not (main_module == DYNAMIC_SERVER_MAIN or _plugin) or len(argv) < 2 or argv[-1].startswith("-"):
        return None
    host, _, port = argv[-1].rpartition(":")
    if not host or not port.isdigit():
        return None
    return host, int(port)


def engine_refuses(address: Address, timeout: float = 1.0) -> bool:
    """True when a connection to the engine's address is refused: nothing listens there any more."""
    try:
        with socket.create_connection(address, timeout=timeout):
            return False
    except ConnectionRefusedError:
        return True
    except OSError:  # a timeout or another error: no proof that the engine is gone
        return False


def _watch(address: Address, interval: float, exit_process: Callable[[int], object]) -> None:
    refusals = 0
    while refusals < REFUSALS_TO_EXIT:
        time.sleep(interval)
        refusals = refusals + 1 if engine_refuses(address) else 0
    with contextlib.suppress(OSError):  # the engine read our stderr: the pipe may be broken
        print(f"pulumi-personalize: the Pulumi engine at {address[0]}:{address[1]} is gone: exiting", file=sys.stderr)
        sys.stderr.flush()
    exit_process(1)


def start_watch(
    address: Address, interval: float = CHECK_INTERVAL_SECONDS, exit_process: Callable[[int], object] = os._exit
) -> bool:
    """Start the watching thread unless one runs already; True when this call started it.

    `os._exit` because the gRPC server's main thread waits forever and in-flight calls have nobody to
    answer to any more; `sys.exit` in a thread would only end that thread.
    """
    with _lock:
        if _watchers:
            return False
        watcher = threading.Thread(target=_watch, args=(address, interval, exit_process), name=THREAD_NAME, daemon=True)
        watcher.start()
        _watchers.append(watcher)
        return True


def main_module() -> str | None:
    """The name of the module Python runs as `__main__` (`pulumi.dynamic.__main__` in the provider server)."""
    return getattr(getattr(sys.modules.get("__main__"), "__spec__", None), "name", None)


def in_dynamic_server() -> bool:
    """True in the dynamic provider server (`python -m pulumi.dynamic`) only."""
    return main_module() == DYNAMIC_SERVER_MAIN


def in_provider_server() -> bool:
    """True in a provider server the engine started: the dynamic one, or our native plugin."""
    return in_dynamic_server() or bool(_plugin)


def serving_as_plugin() -> None:
    """Mark this process as the native plugin (`pulumi-resource-personalize`), before `watch_engine`."""
    _plugin.append(True)


def watch_engine() -> bool:
    """In a provider server only, watch the engine (once per process); True when a watch runs.

    Does nothing in the program process, in tests, or anywhere the package is merely imported.
    """
    address = engine_address(sys.argv, main_module())
    if address is None:
        return False
    if start_watch(address):  # the first time in this process
        atexit.register(exit_without_teardown)
        relay_interrupts(threading.main_thread())
    return True


def exit_without_teardown() -> None:
    """End the provider process at once when the engine stops it, skipping the interpreter's teardown.

    Why: the engine stops each plugin with SIGINT at the end of every command and waits for it to exit. The SDK's
    server then returns from `main`, and Python tears the interpreter down module by module: about 0.2 s once
    boto3 is loaded (0.01 s without), on the critical path of every `pulumi` command. Python runs this atexit
    hook after the calls still running have returned (it joins the server's threads first), so nothing is lost;
    only stdout and stderr need a flush. The exit status is Python's own: 1 after an uncaught exception.
    It first waits for the engine's program to exit (see `process.program_exit`: after a failed step, exiting at
    once let the engine interrupt the program while it unwound).
    """
    address = engine_address(sys.argv, main_module())
    if address is not None:
        wait_for_programs(f"{address[0]}:{address[1]}")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed or broken pipe: the engine is not reading any more
            stream.flush()
    os._exit(1 if getattr(sys, "last_value", None) is not None else 0)
