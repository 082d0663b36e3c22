"""`process.program_exit`: which processes are the engine's program, and the bounded wait for them to exit."""

from __future__ import annotations

import time
from pathlib import Path

from pulumi_personalize.process import program_exit

ENGINE = "127.0.0.1:34961"
EXEC = "/root/.cache/pulumi/bin/pulumi-language-python-exec"


def process(proc: Path, pid: int, *argv: str) -> Path:
    (proc / str(pid)).mkdir(parents=True)
    (proc / str(pid) / "cmdline").write_bytes(b"\0".join(word.encode() for word in argv) + b"\0")
    return proc / str(pid)


def test_the_programs_are_the_exec_processes_given_this_engine(tmp_path: Path) -> None:
    process(tmp_path, 10, "python", "-u", EXEC, "--monitor", "127.0.0.1:1", "--engine", ENGINE, "/project")
    process(tmp_path, 11, "python", "-u", EXEC, "--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2", "/other")
    process(tmp_path, 12, "python", "-u", "-m", "pulumi.dynamic", ENGINE)  # a provider of the same engine
    process(tmp_path, 13, "python", EXEC, "--engine")  # no address
    (tmp_path / "self").mkdir()
    assert program_exit.programs_of(ENGINE, tmp_path) == [10]


def test_the_wait_ends_when_the_program_exits_or_at_the_timeout(tmp_path: Path) -> None:
    assert program_exit.wait_for_programs(ENGINE, timeout=5, proc=tmp_path)  # none: at once
    process(tmp_path, 10, "python", EXEC, "--engine", ENGINE)
    started = time.monotonic()
    assert not program_exit.wait_for_programs(ENGINE, timeout=0.1, proc=tmp_path)
    assert 0.1 <= time.monotonic() - started < 1
    assert program_exit.wait_for_programs(ENGINE, timeout=0, proc=tmp_path / "absent")  # no /proc: no wait
