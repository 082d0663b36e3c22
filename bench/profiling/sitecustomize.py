"""Profile every Python process of a `pulumi` run: put this directory first on PYTHONPATH and set
BENCH_PROFILE_DIR; each process (the program, the dynamic provider server) then writes one cProfile file
per thread to that directory when it exits.

cProfile watches one thread, so every thread started later gets its own profiler (`threading.setprofile`
runs our hook in the new thread, which swaps itself for a profiler). Profiles are written at exit, and
also on SIGINT/SIGTERM, which is how the engine stops a provider process.
"""

from __future__ import annotations

import atexit
import cProfile
import os
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

_DIRECTORY = os.environ.get("BENCH_PROFILE_DIR")
_profiles: list[tuple[str, cProfile.Profile]] = []
_lock = threading.Lock()
_state = {"written": False}


def _start_thread_profiler(_frame: FrameType, _event: str, _arg: Any) -> None:
    profiler = cProfile.Profile()
    with _lock:
        _profiles.append((threading.current_thread().name, profiler))
    profiler.enable()  # replaces this hook for the rest of the thread's life


def _write() -> None:
    with _lock:
        if _state["written"] or _DIRECTORY is None:
            return
        _state["written"] = True
        profiles = list(_profiles)
    command = " ".join(sys.orig_argv)
    role = "provider" if "pulumi.dynamic" in command else "program" if "language-python-exec" in command else "python"
    stamp = f"{role}-{os.getpid()}-{time.time_ns()}"
    # The main thread's profiler first: disabling another thread's profiler from here also stops ours.
    for index, (thread, profiler) in enumerate(profiles):
        profiler.create_stats()
        profiler.dump_stats(Path(_DIRECTORY) / f"{stamp}-{index}-{thread}.prof")


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    _write()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


if _DIRECTORY:
    Path(_DIRECTORY).mkdir(parents=True, exist_ok=True)
    _main = cProfile.Profile()
    _profiles.append(("main", _main))
    threading.setprofile(_start_thread_profiler)
    atexit.register(_write)
    for _signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(_signum, _on_signal)
    _main.enable()
