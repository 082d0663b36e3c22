"""Hand the engine's SIGINT to the provider server's main thread when the kernel gave it to another thread (#11).

Why: the engine stops each plugin with SIGINT and kills it 5 s later. The SDK's server waits for that signal in
its main thread, blocked in `threading.Event().wait()`. CPython runs signal handlers in the main thread only,
and that wait is interrupted only when the kernel delivers the signal to the main thread. The kernel may pick
any thread that does not block the signal: one of gRPC's own threads, say. The signal is then noted, the main
thread sleeps on, and the `pulumi` command ends 5 s late (the bench's "slow runs": a stalled provider had
received its SIGINT outside any Python thread while its main thread still waited in the SDK's `main`).

How: `faulthandler` can watch a signal in whatever thread gets it and then chain to Python's own handler.
Registered for SIGINT with a pipe as its file, it writes the threads' tracebacks there on every SIGINT. A daemon
thread reads the pipe; when the main thread still waits in the same frame a moment later, the signal was lost,
and the thread sends SIGINT to the main thread itself (`pthread_kill`): the SDK's server then stops as it does
when all goes well. Checked on CPython 3.11 with the SDK's gRPC server: a SIGINT sent to one of gRPC's threads
left the process waiting forever without this (tests/unit/test_interrupt_relay.py).
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import threading
import time
from types import FrameType

GRACE_SECONDS = 0.5  # a delivered SIGINT wakes the main thread within milliseconds
THREAD_NAME = "pulumi-personalize-interrupt-relay"
_WAIT_CODE = threading.Condition.wait.__code__


def relay_interrupts(main: threading.Thread) -> bool:
    """Watch SIGINT and hand a lost one to `main`; False where the platform has no way to do it (Windows)."""
    if not hasattr(signal, "pthread_kill") or not hasattr(faulthandler, "register") or main.ident is None:
        return False
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)  # a signal handler must never wait for a full pipe
    # all_threads: a thread with no Python state (gRPC's) would write nothing of its own traceback
    faulthandler.register(signal.SIGINT, file=write_end, all_threads=True, chain=True)
    threading.Thread(target=_relay, args=(read_end, main.ident), name=THREAD_NAME, daemon=True).start()
    return True


def waiting_frame(thread_id: int) -> FrameType | None:
    """The frame where the thread waits on a `threading.Condition` (an Event's wait), or None."""
    frame = sys._current_frames().get(thread_id)
    return frame if frame is not None and frame.f_code is _WAIT_CODE else None


def _relay(read_end: int, main_id: int) -> None:
    while os.read(read_end, 65536):  # a SIGINT: tracebacks written by faulthandler
        waiting = waiting_frame(main_id)
        time.sleep(GRACE_SECONDS)
        if waiting is not None and waiting_frame(main_id) is waiting:
            signal.pthread_kill(main_id, signal.SIGINT)
