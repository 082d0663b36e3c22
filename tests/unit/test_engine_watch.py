"""The provider server exits when its engine is gone, and nothing else ever watches (issue #15)."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator

import pytest
from pulumi_personalize.process import engine_watch

DYNAMIC_MAIN = "pulumi.dynamic.__main__"
SCRIPT = "/venv/lib/python3.11/site-packages/pulumi/dynamic/__main__.py"


@pytest.fixture
def listening() -> Iterator[socket.socket]:
    """A TCP listener on loopback standing for the engine's gRPC server."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server


def free_port() -> int:
    """A loopback port nothing listens on (bound, then closed: a connection to it is refused)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        port: int = server.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([SCRIPT, "127.0.0.1:43045"], ("127.0.0.1", 43045)),
        ([SCRIPT, "--logtostderr", "-v=9", "--tracing", "http://t:1", "127.0.0.1:7"], ("127.0.0.1", 7)),
        ([SCRIPT], None),
        ([SCRIPT, "not-an-address"], None),
        ([SCRIPT, "127.0.0.1:port"], None),
    ],
)
def test_the_engine_address_is_the_last_argument_of_the_dynamic_server(
    argv: list[str], expected: tuple[str, int] | None
) -> None:
    assert engine_watch.engine_address(argv, DYNAMIC_MAIN) == expected


@pytest.mark.parametrize("main", [None, "pytest.__main__", "__main__", "pulumi.dynamic"])
def test_no_address_outside_the_dynamic_provider_server(main: str | None) -> None:
    assert engine_watch.engine_address([SCRIPT, "127.0.0.1:43045"], main) is None


def test_watch_engine_does_nothing_in_a_process_that_only_imports_the_package() -> None:
    assert engine_watch.watch_engine() is False
    assert not [thread for thread in threading.enumerate() if thread.name == engine_watch.THREAD_NAME]


def test_a_refused_connection_says_the_engine_is_gone(listening: socket.socket) -> None:
    assert engine_watch.engine_refuses(listening.getsockname()) is False
    assert engine_watch.engine_refuses(("127.0.0.1", free_port())) is True


def test_one_watch_per_process_whatever_the_number_of_threads_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_watch, "_watchers", [])
    exits: list[int] = []
    started: list[bool] = []
    gone = ("127.0.0.1", free_port())

    def ask() -> None:
        started.append(engine_watch.start_watch(gone, interval=0.05, exit_process=exits.append))

    askers = [threading.Thread(target=ask) for _ in range(8)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert sorted(started) == [False] * 7 + [True]
    (watcher,) = engine_watch._watchers
    assert watcher.daemon
    watcher.join(timeout=5)  # the fake exit returns, so the watch ends
    assert exits == [1], "two refusals in a row, one exit"


PROVIDER = """
    import sys, threading
    from pulumi_personalize.process import engine_watch
    engine_watch.start_watch(("127.0.0.1", int(sys.argv[1])), interval=0.1)
    print("watching", flush=True)
    threading.Event().wait()
"""


def test_a_process_watching_its_engine_stays_while_it_listens_and_exits_when_it_is_gone(
    listening: socket.socket,
) -> None:
    port = listening.getsockname()[1]
    provider = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(PROVIDER), str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert provider.stdout is not None and provider.stdout.readline() == "watching\n"
        time.sleep(0.6)  # several checks while the engine listens
        assert provider.poll() is None, provider.communicate()
        listening.close()
        returncode = provider.wait(timeout=5)
    finally:
        provider.kill()
        _, stderr = provider.communicate()
    assert returncode == 1
    assert stderr.splitlines() == [f"pulumi-personalize: the Pulumi engine at 127.0.0.1:{port} is gone: exiting"]


EXIT = """
    import atexit, sys
    from pulumi_personalize.process import engine_watch
    atexit.register(print, "torn down")  # stands for the interpreter's teardown that comes after our hook
    atexit.register(engine_watch.exit_without_teardown)
    print("served", end="")  # not flushed yet
    print("to stderr", end="", file=sys.stderr)
    if sys.argv[1] == "crash":
        raise RuntimeError("the server failed")
"""


@pytest.mark.parametrize(("how", "returncode"), [("stopped", 0), ("crash", 1)])
def test_a_stopped_server_exits_without_teardown_keeping_its_output_and_status(how: str, returncode: int) -> None:
    """Issue #11: the teardown of an interpreter that loaded boto3 made every `pulumi` command 0.2 s longer."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(EXIT), how], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout) == (returncode, "served")
    assert done.stderr.startswith("to stderr")
    assert ("RuntimeError: the server failed" in done.stderr) is (how == "crash")


def test_only_the_dynamic_provider_server_is_the_dynamic_provider_server() -> None:
    assert engine_watch.main_module() != DYNAMIC_MAIN
    assert engine_watch.in_dynamic_server() is False
