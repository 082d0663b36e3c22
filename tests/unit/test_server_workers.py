"""The dynamic provider server's pool runs as many calls at once as the engine sends (issue #11).

The SDK's server is `grpc.server(futures.ThreadPoolExecutor(max_workers=4))`; here a pool of that shape runs
the calls, as grpc would submit them. Every wait has a generous timeout that only a failure ever reaches.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from pulumi_personalize.dynamic import server_workers as workers
from pulumi_personalize.process.threads import MOST_THREADS

SDK_THREADS = 4
NEVER_SECONDS = 30.0  # a wait that only a failure lasts


@pytest.fixture
def sdk_pool() -> Iterator[ThreadPoolExecutor]:
    """A pool like the SDK's server pool."""
    pool = ThreadPoolExecutor(max_workers=SDK_THREADS)
    yield pool
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture
def released() -> Iterator[threading.Event]:
    """Set at the end of the test, so that calls blocked on it (creates waiting for ACTIVE) return."""
    event = threading.Event()
    yield event
    event.set()


def in_pool(pool: ThreadPoolExecutor, call: Callable[[], object]) -> object:
    return pool.submit(call).result(timeout=NEVER_SECONDS)


def widen_here(limit: int) -> int:
    """Widen the pool running this call, as `configure` does in the server."""
    pool = workers.current_pool()
    assert pool is not None
    return workers.widen(pool, limit)


def blocked_calls(pool: ThreadPoolExecutor, count: int, released: threading.Event) -> list[Future[bool]]:
    """`count` calls that hold their thread until `released`, like creates waiting for ACTIVE."""
    return [pool.submit(released.wait, NEVER_SECONDS) for _ in range(count)]


def all_running_at_once(pool: ThreadPoolExecutor, count: int, before: Callable[[], object] = lambda: None) -> bool:
    """True when `count` calls submitted to `pool` all run at the same moment (a barrier of `count` opens)."""
    barrier = threading.Barrier(count, timeout=NEVER_SECONDS)

    def call() -> None:
        before()
        barrier.wait()

    futures = [pool.submit(call) for _ in range(count)]
    try:
        for future in futures:
            future.result(timeout=NEVER_SECONDS)
    except threading.BrokenBarrierError:
        return False
    return True


def test_a_call_finds_the_pool_that_runs_it(sdk_pool: ThreadPoolExecutor) -> None:
    assert in_pool(sdk_pool, workers.current_pool) is sdk_pool


def test_outside_a_pool_there_is_none() -> None:
    assert workers.current_pool() is None
    found: list[object] = []
    plain = threading.Thread(target=lambda: found.append(workers.current_pool()))
    plain.start()
    plain.join()
    assert found == [None]


def test_widened_pool_runs_more_calls_at_once_than_the_sdk_allows(sdk_pool: ThreadPoolExecutor) -> None:
    in_pool(sdk_pool, lambda: widen_here(32))
    assert all_running_at_once(sdk_pool, 20)


def test_the_sdk_pool_as_it_is_runs_four_at_once(sdk_pool: ThreadPoolExecutor) -> None:
    """What the widening changes: without it, a fifth call never runs beside four others."""
    barrier = threading.Barrier(SDK_THREADS + 1, timeout=1.0)
    futures = [sdk_pool.submit(barrier.wait) for _ in range(SDK_THREADS + 1)]
    with pytest.raises(threading.BrokenBarrierError):
        futures[0].result(timeout=NEVER_SECONDS)


def test_threads_start_only_for_calls_that_find_every_thread_busy(
    sdk_pool: ThreadPoolExecutor, released: threading.Event
) -> None:
    """No more threads than the engine uses: the limit is a ceiling, never a number of threads started."""
    in_pool(sdk_pool, lambda: widen_here(64))
    threads_before = len(sdk_pool._threads)
    for _ in range(10):
        in_pool(sdk_pool, lambda: None)  # one call at a time reuses the idle thread
    assert len(sdk_pool._threads) == threads_before
    blocked_calls(sdk_pool, 12, released)
    assert all_running_at_once(sdk_pool, 3)  # three more, beside the 12 blocked
    assert len(sdk_pool._threads) <= 12 + 3


def test_calls_already_waiting_for_a_thread_get_one_at_once(sdk_pool: ThreadPoolExecutor) -> None:
    """Deletes queued behind the first four when configure runs (in the first of them) start at once."""
    waiting = 6
    barrier = threading.Barrier(SDK_THREADS + waiting, timeout=NEVER_SECONDS)
    configured = threading.Event()

    def first_call() -> int:
        configured.wait(NEVER_SECONDS)
        widen_here(64)
        return barrier.wait()

    futures = [sdk_pool.submit(first_call)]
    futures += [sdk_pool.submit(barrier.wait) for _ in range(SDK_THREADS + waiting - 1)]
    configured.set()
    for future in futures:
        future.result(timeout=NEVER_SECONDS)


def test_a_check_does_not_wait_behind_blocked_creates(sdk_pool: ThreadPoolExecutor, released: threading.Event) -> None:
    in_pool(sdk_pool, lambda: widen_here(64))
    creates = blocked_calls(sdk_pool, 8, released)
    check = sdk_pool.submit(lambda: "checked")
    assert check.result(timeout=NEVER_SECONDS) == "checked"
    assert not any(create.done() for create in creates)


def test_widening_never_narrows(sdk_pool: ThreadPoolExecutor) -> None:
    assert in_pool(sdk_pool, lambda: widen_here(2)) == 0
    assert sdk_pool._max_workers == SDK_THREADS


@pytest.mark.parametrize(
    ("environ", "limit"),
    [
        ({}, MOST_THREADS),
        ({"PULUMI_PARALLEL": "8"}, MOST_THREADS),
        ({"PULUMI_PARALLEL": "100000"}, 100000),
        ({"PULUMI_PARALLEL": "lots"}, MOST_THREADS),
        ({workers.VARIABLE: "12"}, 12),
        ({workers.VARIABLE: " 500 ", "PULUMI_PARALLEL": "8"}, 500),
        ({workers.VARIABLE: "4"}, None),
        ({workers.VARIABLE: "1"}, None),
        ({workers.VARIABLE: "0"}, None),
        ({workers.VARIABLE: "off"}, None),
        ({workers.VARIABLE: ""}, MOST_THREADS),
    ],
)
def test_the_limit_comes_from_our_variable_then_the_engines_parallelism(
    environ: dict[str, str], limit: int | None
) -> None:
    assert workers.thread_limit(environ) == limit


@pytest.fixture
def server_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if this process were `python -m pulumi.dynamic`, widening for the first time."""
    monkeypatch.setattr(workers, "in_dynamic_server", lambda: True)
    monkeypatch.setattr(workers, "_widened", [])


def debug_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.DEBUG]


@pytest.mark.usefixtures("server_process")
def test_in_the_server_the_pool_of_the_first_call_is_widened_once(sdk_pool: ThreadPoolExecutor) -> None:
    assert in_pool(sdk_pool, lambda: workers.serve_calls_at_once({})) == MOST_THREADS
    assert sdk_pool._max_workers == MOST_THREADS
    assert in_pool(sdk_pool, lambda: workers.serve_calls_at_once({workers.VARIABLE: "200"})) is None
    assert sdk_pool._max_workers == MOST_THREADS


@pytest.mark.usefixtures("server_process")
def test_the_opt_out_keeps_the_sdk_pool_and_says_so_once_at_debug_level(
    sdk_pool: ThreadPoolExecutor, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pulumi_personalize")
    for _ in range(3):
        assert in_pool(sdk_pool, lambda: workers.serve_calls_at_once({workers.VARIABLE: "4"})) is None
    assert sdk_pool._max_workers == SDK_THREADS
    (line,) = debug_lines(caplog)
    assert workers.VARIABLE in line and "4" in line


@pytest.mark.usefixtures("server_process")
def test_a_server_whose_calls_run_elsewhere_is_left_as_it_is_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The fallback: an SDK (or Python) whose calls do not run in a ThreadPoolExecutor worker."""
    caplog.set_level(logging.DEBUG, logger="pulumi_personalize")
    results: list[int | None] = []
    for _ in range(3):
        plain = threading.Thread(target=lambda: results.append(workers.serve_calls_at_once({})))
        plain.start()
        plain.join()
    assert results == [None, None, None]
    (line,) = debug_lines(caplog)
    assert "at most 4" in line


class PoolOfAnotherShape(ThreadPoolExecutor):
    """A pool that may start threads its own way: not the executor whose internals the widening knows."""


@pytest.mark.usefixtures("server_process")
def test_a_pool_of_another_shape_is_left_as_it_is_and_the_call_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="pulumi_personalize")
    pool = PoolOfAnotherShape(max_workers=SDK_THREADS)
    try:
        assert in_pool(pool, lambda: (workers.serve_calls_at_once({}), "call goes on")) == (None, "call goes on")
        assert pool._max_workers == SDK_THREADS
    finally:
        pool.shutdown(wait=True)
    assert len(debug_lines(caplog)) == 1


@pytest.mark.usefixtures("server_process")
def test_a_failure_while_widening_never_breaks_the_call(
    sdk_pool: ThreadPoolExecutor, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pulumi_personalize")

    def broken(_pool: ThreadPoolExecutor, _limit: int) -> int:
        raise RuntimeError("internals moved")

    monkeypatch.setattr(workers, "widen", broken)
    assert in_pool(sdk_pool, lambda: workers.serve_calls_at_once({})) is None
    (line,) = debug_lines(caplog)
    assert "internals moved" in line


def test_outside_the_server_nothing_changes(sdk_pool: ThreadPoolExecutor) -> None:
    """The program process, tests, anything that merely imports the package."""
    assert in_pool(sdk_pool, lambda: workers.serve_calls_at_once({})) is None
    assert sdk_pool._max_workers == SDK_THREADS
