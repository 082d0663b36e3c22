"""The engine's SIGINT reaches the provider server's main thread even when the kernel gives it to another thread.

Issue #11's 5-second stalls: the SDK's server waits for SIGINT in its main thread (`threading.Event().wait()`);
CPython runs signal handlers in the main thread only and wakes it only when the signal is delivered to it. A
stalled run's provider had received the SIGINT outside any Python thread (one of gRPC's) and slept on until the
engine killed it 5 s later. Here one of gRPC's threads gets the signal, as the kernel may decide.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or os.uname().machine not in ("x86_64", "aarch64"),
    reason="sends the signal to one thread with Linux's tgkill",
)

SERVER = """
    import os, signal, sys, threading
    # as the engine starts a provider: SIGINT handled and not blocked (a test worker may hand down another state)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    from concurrent import futures
    import grpc
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))  # as pulumi.dynamic's main() does
    server.add_insecure_port("127.0.0.1:0")
    server.start()  # gRPC's core starts threads of its own, with no Python thread state
    if sys.argv[1] == "relay":
        from pulumi_personalize.process import interrupts
        assert interrupts.relay_interrupts(threading.main_thread())
    python_threads = {thread.native_id for thread in threading.enumerate()}
    print("ready", *(task for task in os.listdir("/proc/self/task") if int(task) not in python_threads), flush=True)
    try:
        threading.Event().wait()  # as pulumi.dynamic's main() does
    except KeyboardInterrupt:
        print("interrupted", flush=True)
"""

LOST_SECONDS = 3.0  # a wait far longer than a delivered SIGINT needs: the signal was lost
NEVER_SECONDS = 60.0


def run_server(how: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Start the server, then send SIGINT from this process to one of its gRPC threads, as the kernel may route
    the engine's SIGINT (sent from outside, like the engine's: no thread of the server is busy at that moment)."""
    with subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SERVER), how], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as server:
        try:
            assert server.stdout is not None
            word, *grpc_threads = server.stdout.readline().split()
            assert word == "ready" and grpc_threads
            time.sleep(0.3)  # the main thread is in its wait by then (if not, it takes the signal on its way)
            tgkill = {"x86_64": 234, "aarch64": 131}[os.uname().machine]
            libc = ctypes.CDLL(None)
            # the first still alive takes it (one may have ended since the listing: tgkill then fails)
            assert any(libc.syscall(tgkill, server.pid, int(task), signal.SIGINT) == 0 for task in grpc_threads)
            stdout, stderr = server.communicate(timeout=timeout)
        finally:
            server.kill()
    return subprocess.CompletedProcess(server.args, server.returncode, stdout, stderr)


def test_without_the_relay_a_sigint_taken_by_another_thread_never_wakes_the_main_thread() -> None:
    """What happens in the SDK's server on its own: the engine has to kill it."""
    with pytest.raises(subprocess.TimeoutExpired):
        run_server("alone", LOST_SECONDS)


def test_the_relay_hands_a_sigint_taken_by_another_thread_to_the_main_thread() -> None:
    done = run_server("relay", NEVER_SECONDS)
    assert (done.returncode, done.stdout, done.stderr) == (0, "interrupted\n", "")
