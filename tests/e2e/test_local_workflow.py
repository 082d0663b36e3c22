"""README's local workflow (`scripts/up`, `scripts/down`, `scripts/local-env`) as users run it, on copies of
the checkout: each checkout has its own emulator, whatever other clones, the suite's own copies or an earlier
crash left running (issue #22)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from testkit.emulator_control import EmulatorControl
from tests.harness import ROOT, copy_project

APP = ROOT / "examples" / "app" / "send_events.py"
SCRIPT_TIMEOUT = 300
STARTING = "up: starting the Personalize emulator"
# The root stack's resources: the stack, its StackIdentity, group, schema, dataset and tracker.
UNCHANGED = "6 unchanged"


@dataclass(frozen=True)
class Checkout:
    """A copy of the checkout as a user has it (the files of the root stack, scripts/, tools/ and the .venv),
    without any .emulator/ or .pulumi-state/: made like test_examples' copy of the checkout."""

    path: Path
    env: dict[str, str]

    @property
    def state_file(self) -> Path:
        return self.path / ".emulator" / "state.json"

    def start(self, *command: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            command, cwd=self.path, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        return finish(self.start(*command))

    def in_local_env(self, *command: str) -> subprocess.CompletedProcess[str]:
        """`command` as README runs the app after `scripts/up`: `source scripts/local-env && ...`."""
        return self.run("bash", "-c", 'source scripts/local-env && "$@"', "local-env", *command)

    def up(self) -> str:
        """`scripts/up`, which must succeed: the tracking ID it prints."""
        return tracking_id(self.run("scripts/up"))

    def endpoint(self) -> str:
        """Where scripts/local-env points apps (and the `local` stack) of this checkout."""
        shown = self.in_local_env("printenv", "AWS_ENDPOINT_URL_PERSONALIZE_EVENTS")
        assert shown.returncode == 0, shown.stderr
        return shown.stdout.strip()

    def emulator_pid(self) -> int:
        return int((self.path / ".emulator" / "pid").read_text())

    def emulators(self) -> list[int]:
        """Live processes serving this checkout's state file: its emulators."""
        return emulators_serving(self.state_file)


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    try:
        stdout, stderr = process.communicate(timeout=SCRIPT_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        pytest.fail(f"{process.args!r} did not finish in {SCRIPT_TIMEOUT} s:\n{stdout}\n{stderr}")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def tracking_id(up: subprocess.CompletedProcess[str]) -> str:
    assert up.returncode == 0, up.stderr
    printed = re.fullmatch(r"trackingId: ([0-9a-f-]{36})\n", up.stdout)
    assert printed, up.stdout
    return printed.group(1)


def emulators_serving(state_file: Path) -> list[int]:
    """Pids of the live (not zombie) emulator processes started with `--state-file state_file`."""
    found = []
    for entry in os.listdir("/proc"):  # Linux: a machine without /proc fails here, it does not skip
        if not entry.isdigit():
            continue
        try:
            arguments = Path("/proc", entry, "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        if b"pulumi_personalize.emulator" in arguments and str(state_file).encode() in arguments:
            found.append(int(entry))
    return found


def assert_tracking_id_works(checkout: Checkout, tracking_id: str) -> None:
    """The tracking ID `scripts/up` printed is one PutEvents accepts, at the emulator of this checkout."""
    sent = checkout.in_local_env(sys.executable, str(APP), "--tracking-id", tracking_id, "--item", "book-1")
    assert sent.returncode == 0, sent.stderr
    assert "sent 1 event(s)" in sent.stdout, sent.stdout
    landed = EmulatorControl(checkout.endpoint()).request("GET", "events")
    assert tracking_id in {event["trackingId"] for event in landed}


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path("/proc", str(pid), "stat").read_text().split(") ")[-1][0] != "Z"


def kill_emulator(checkout: Checkout) -> None:
    """The crash that leaves .emulator/pid behind: the checkout's emulator killed outright."""
    pid = checkout.emulator_pid()
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_alive(pid)


@contextlib.contextmanager
def stranger() -> Iterator[int]:
    """Another program (not an emulator) of the user's: what a pid in a stale pid file may be by now."""
    with subprocess.Popen(["sleep", "600"]) as process:
        try:
            yield process.pid
            assert process.poll() is None, "the scripts killed a process that was not their emulator"
        finally:
            process.kill()


@pytest.fixture(scope="module")
def _setup_done() -> None:
    """The copies share the checkout's .venv: bring it up to date first, so setup in a copy finds it ready."""
    subprocess.run([str(ROOT / "scripts" / "setup")], check=True, capture_output=True, timeout=1800)


@pytest.fixture
def clone(_setup_done: None, tmp_path: Path) -> Iterator[Callable[..., Checkout]]:
    """Make copies of the checkout (from ROOT, or from another copy: the suite's copy of a user's clone); each is
    brought down after the test, and an emulator left running is killed (the tests check their own)."""
    made: list[Checkout] = []

    def make(name: str, source: Path = ROOT) -> Checkout:
        path = tmp_path / name
        path.mkdir()
        for file in ("Pulumi.yaml", "Pulumi.local.yaml", "__main__.py", "pyproject.toml"):
            (path / file).write_bytes((source / file).read_bytes())
        for folder in ("scripts", "tools"):
            copy_project(source / folder, path / folder)
        (path / ".venv").symlink_to(ROOT / ".venv")
        env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "PULUMI_"))}
        made.append(Checkout(path, env))
        return made[-1]

    yield make
    for checkout in made:
        checkout.run("scripts/down")
        for pid in checkout.emulators():
            os.kill(pid, signal.SIGKILL)


def test_two_clones_started_together_each_have_their_own_emulator(clone: Callable[..., Checkout]) -> None:
    clones = [clone("first"), clone("second")]
    ups = [finish(process) for process in [checkout.start("scripts/up") for checkout in clones]]
    for up in ups:
        assert up.returncode == 0, up.stderr
        assert STARTING in up.stderr, up.stderr
    first, second = clones
    assert first.endpoint() != second.endpoint()
    for checkout, up in zip(clones, ups, strict=True):
        assert_tracking_id_works(checkout, tracking_id(up))
    for checkout in clones:
        down = checkout.run("scripts/down")
        assert down.returncode == 0, down.stderr
        assert "emulator stopped" in down.stderr
        assert checkout.emulators() == []


def test_a_clone_keeps_its_stack_when_another_goes_down(clone: Callable[..., Checkout]) -> None:
    first, second = clone("first"), clone("second")
    first.up()
    up = second.run("scripts/up")
    assert STARTING in up.stderr, "the second clone starts its own emulator"
    second_id = tracking_id(up)
    assert second.endpoint() != first.endpoint()

    assert first.run("scripts/down").returncode == 0
    again = second.run("scripts/up")
    assert again.returncode == 0, again.stderr
    assert UNCHANGED in again.stderr
    assert tracking_id(again) == second_id
    assert_tracking_id_works(second, second_id)


def test_the_suites_copy_of_a_checkout_leaves_the_users_running_stack_alone(
    clone: Callable[..., Checkout],
) -> None:
    """README's two commands in order: the user's `scripts/up` is left running, then `scripts/test` copies the
    checkout and runs its own up and down (test_root_stack_readme_path_up_twice_then_down) in the copy."""
    user = clone("user")
    user_id = user.up()
    user_emulator = user.emulator_pid()

    suite = clone("suite-copy", source=user.path)
    up = suite.run("scripts/up")
    assert up.returncode == 0, up.stderr
    assert STARTING in up.stderr, "the copy starts its own emulator"
    assert suite.endpoint() != user.endpoint()
    assert_tracking_id_works(suite, tracking_id(up))
    down = suite.run("scripts/down")
    assert down.returncode == 0, down.stderr
    assert "emulator stopped" in down.stderr
    assert suite.emulators() == []

    assert user.emulators() == [user_emulator], "the user's emulator still runs"
    assert_tracking_id_works(user, user_id)
    again = user.run("scripts/up")
    assert UNCHANGED in again.stderr, again.stderr
    assert tracking_id(again) == user_id


def test_down_twice_says_there_is_nothing_to_do(clone: Callable[..., Checkout]) -> None:
    checkout = clone("checkout")
    never_up = checkout.run("scripts/down")
    assert never_up.returncode == 0, never_up.stderr
    assert "nothing to do" in never_up.stderr

    checkout.up()
    first = checkout.run("scripts/down")
    assert first.returncode == 0, first.stderr
    assert "emulator stopped" in first.stderr
    second = checkout.run("scripts/down")
    assert second.returncode == 0, second.stderr
    assert "nothing to do" in second.stderr
    assert "emulator stopped" not in second.stderr
    assert checkout.emulators() == []


def test_up_twice_at_once_in_one_clone_shares_one_emulator(clone: Callable[..., Checkout]) -> None:
    checkout = clone("checkout")
    ups = [finish(process) for process in [checkout.start("scripts/up") for _ in range(2)]]
    for up in ups:
        assert up.returncode == 0, up.stderr
    assert ups[0].stdout == ups[1].stdout
    assert sum(STARTING in up.stderr for up in ups) == 1
    assert checkout.emulators() == [checkout.emulator_pid()]


def test_up_restarts_its_killed_emulator_on_a_free_port_with_its_state(clone: Callable[..., Checkout]) -> None:
    """After a crash: the pid file names another program by now, and another one listens on the emulator's port.
    `scripts/up` leaves both alone and starts its emulator elsewhere, which knows the stack from the state file."""
    checkout = clone("checkout")
    first_id = checkout.up()
    kill_emulator(checkout)
    # The port recorded is taken: one picked free and written there (the emulator's own may be taken by anyone at
    # once, another test's emulator included, so the test would not know who holds it).
    with stranger() as pid, socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        (checkout.path / ".emulator" / "port").write_text(f"{port}\n")
        (checkout.path / ".emulator" / "pid").write_text(f"{pid}\n")
        up = checkout.run("scripts/up")
        assert up.returncode == 0, up.stderr
        assert STARTING in up.stderr
        assert f"port {port} is taken by another program" in up.stderr
        assert UNCHANGED in up.stderr
        assert tracking_id(up) == first_id
        assert urlsplit(checkout.endpoint()).port != port
        assert_tracking_id_works(checkout, first_id)


def test_down_after_its_emulator_was_killed_destroys_the_stack(clone: Callable[..., Checkout]) -> None:
    checkout = clone("checkout")
    checkout.up()
    kill_emulator(checkout)
    with stranger() as pid:
        (checkout.path / ".emulator" / "pid").write_text(f"{pid}\n")
        down = checkout.run("scripts/down")
    assert down.returncode == 0, down.stderr
    assert "6 deleted" in down.stdout + down.stderr
    assert "emulator stopped" in down.stderr
    assert checkout.emulators() == []


def test_up_fails_loudly_when_its_emulator_cannot_start(clone: Callable[..., Checkout]) -> None:
    checkout = clone("checkout")
    checkout.state_file.parent.mkdir()
    checkout.state_file.write_text("not JSON")
    began = time.monotonic()
    up = checkout.run("scripts/up")
    assert up.returncode != 0
    assert up.stdout == ""
    assert "--state-file" in up.stderr, "the emulator's own message"
    assert "up: could not start the Personalize emulator" in up.stderr
    assert time.monotonic() - began < 30, "an emulator that exited is not waited for"
    assert checkout.state_file.read_text() == "not JSON"
    assert checkout.emulators() == []
