"""As many provider calls at once as the engine sends, past the dynamic provider server's four threads (#11).

Why: `python -m pulumi.dynamic` serves every dynamic resource of a deployment from one
`grpc.server(futures.ThreadPoolExecutor(max_workers=4))`, hard-coded in the SDK. A create holds its thread
until the resource is ACTIVE (about 45 s on AWS), so 16 trackers took four waves, and a Check, Diff or Read
waited behind the blocked creates.

How: the server calls `configure` inside one of that pool's threads, on the first call for a provider. The
thread runs the executor's worker loop, which holds a weak reference to its executor: that is the pool, found
without searching the heap, and it is exactly the pool that runs our calls. We raise its `_max_workers`.
CPython's executor starts a thread only when a call arrives and no thread is idle, so the pool grows only as
far as the calls the engine has in flight (which `--parallel` bounds), never to the limit for nothing. The
executor adds threads only on submit: calls already waiting for one of the four threads get theirs here.

The limit: PULUMI_PERSONALIZE_SERVER_THREADS when set (4 or less, or not a number, keeps the SDK's pool: the
opt-out); else a safety cap of 4096 (or PULUMI_PARALLEL when larger). The engine does not tell plugins its
`--parallel` (only Construct and Call requests carry it), so the pool must not need to know it: threads start
on demand, one per call in flight, and the cap is far above any `--parallel` a user sets (issue #26: a cap of 64
made 128 trackers two waves). Each thread costs its stack only once started.

Fallback: a pool of another shape (another SDK, another Python) is left as it is, and a debug line says so once.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import thread as futures_thread

from ..process.debug import debug
from ..process.engine_watch import in_dynamic_server
from ..process.threads import MOST_THREADS

VARIABLE = "PULUMI_PERSONALIZE_SERVER_THREADS"
SDK_THREADS = 4

_lock = threading.Lock()
_widened: list[bool] = []  # empty until the first call of this process asked


def thread_limit(environ: Mapping[str, str]) -> int | None:
    """The most threads the server may run; None keeps the SDK's pool (the opt-out)."""
    wanted = environ.get(VARIABLE, "").strip()
    if wanted:
        return int(wanted) if wanted.isdigit() and int(wanted) > SDK_THREADS else None
    parallel = environ.get("PULUMI_PARALLEL", "").strip()
    return max(MOST_THREADS, int(parallel) if parallel.isdigit() else 0)


def current_pool() -> ThreadPoolExecutor | None:
    """The executor whose worker thread runs this call; None for any other thread or executor."""
    thread = threading.current_thread()
    if getattr(thread, "_target", None) is not getattr(futures_thread, "_worker", None):
        return None
    arguments = getattr(thread, "_args", ())
    reference = arguments[0] if arguments else None
    pool = reference() if isinstance(reference, weakref.ref) else None
    if type(pool) is not ThreadPoolExecutor or not isinstance(getattr(pool, "_max_workers", None), int):
        return None
    return pool


def widen(pool: ThreadPoolExecutor, limit: int) -> int:
    """Let `pool` run up to `limit` calls at once, and start a thread for each call already waiting.

    Returns the threads started. Under the executor's own lock, as in its `submit`.
    """
    with pool._shutdown_lock:
        if pool._shutdown or limit <= pool._max_workers:
            return 0
        pool._max_workers = limit
        before = len(pool._threads)
        for _waiting in range(pool._work_queue.qsize()):
            pool._adjust_thread_count()
        return len(pool._threads) - before


def serve_calls_at_once(environ: Mapping[str, str] = os.environ) -> int | None:
    """In the dynamic provider server, on the first call only: widen the pool running it (see the module doc).

    Returns the new limit, or None when nothing changed. Never raises: a call must not fail for this.
    """
    if not in_dynamic_server():
        return None
    with _lock:
        if _widened:
            return None
        _widened.append(True)
    limit = thread_limit(environ)
    if limit is None:
        debug(f"{VARIABLE}={environ.get(VARIABLE)}: the provider server keeps the SDK's {SDK_THREADS} threads")
        return None
    pool = current_pool()
    if pool is None:
        debug(
            "the dynamic provider server's calls do not run in a ThreadPoolExecutor worker as expected: it keeps "
            f"serving at most {SDK_THREADS} calls at once"
        )
        return None
    try:
        widen(pool, limit)
    except Exception as error:  # internals that moved: today's behaviour, never a failed call
        debug(f"could not widen the provider server's pool ({error!r}): at most {SDK_THREADS} calls at once")
        return None
    return limit
