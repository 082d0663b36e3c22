"""Confirming an incarnation once the engine has recorded it: when the provider server is stopped (#20).

Why: a create's incarnation stays `c-<hex>` ("creating") until a state entry surely holds it, because only an
unconfirmed one is ever taken back. A create that confirmed it as its last call left a window: a kill between
that call and the engine's write of the state left a confirmed resource that no entry holds, and every later
`up` refused it (the crash campaign hit it once in 16 trials). The engine writes each finished step before it
goes on, and stops its plugins (SIGINT) only when the deployment is over: every incarnation a create, a
take-back or a read of this process saw recorded is then in the state, and is confirmed here.

A process killed before that (SIGKILL, the engine gone) confirms nothing: its resources stay `c-`, which only
allows a take-back; README's recovery (`refresh`, then `up`) confirms the recorded ones on its way. Outside a
provider server (tests that call the provider in-process) a confirmation is made at once.
"""

from __future__ import annotations

import atexit
import threading
import time

from ..aws.api import call, tag_list
from ..aws.settings import AwsTarget
from ..process.debug import debug
from ..process.engine_watch import in_provider_server
from ..resources import validation as validate
from .operation import running

EXIT_SECONDS = 3.0  # the engine kills a plugin 5 s after its SIGINT
THREADS = 16

_lock = threading.Lock()
_pending: dict[str, tuple[AwsTarget, str]] = {}  # ARN -> (where, the confirmed ownership tag value)
_registered: list[bool] = []


def confirm_when_recorded(target: AwsTarget, arn: str, owner_tag: str) -> None:
    """Write `owner_tag` (the confirmed incarnation) on `arn` once the engine has recorded it."""
    if not in_provider_server():
        _confirm(target, arn, owner_tag)
        return
    with _lock:
        _pending[arn] = (target, owner_tag)
        if not _registered:
            _registered.append(True)
            atexit.register(confirm_all)  # after the engine watch's own handler: atexit runs the last one first


def confirm_all() -> None:
    """Confirm every pending incarnation, at most EXIT_SECONDS in all; what is left stays `c-` (safe)."""
    with _lock:
        pending = list(_pending.items())
        _pending.clear()
    if not pending:
        return
    # Plain threads: at exit, executors refuse new work ("cannot schedule new futures after interpreter shutdown").
    deadline = time.monotonic() + EXIT_SECONDS
    failed: list[str] = []
    workers = [
        threading.Thread(target=_confirm_each, args=(pending[index::THREADS], failed), daemon=True)
        for index in range(min(THREADS, len(pending)))
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    left = sum(worker.is_alive() for worker in workers)
    if left or failed:
        debug(f"incarnations left unconfirmed (they may be taken back): {failed}, {left} workers still busy")


def _confirm_each(pending: list[tuple[str, tuple[AwsTarget, str]]], failed: list[str]) -> None:
    for arn, (target, tag) in pending:
        try:
            _confirm(target, arn, tag)
        except Exception as error:  # the resource stays `c-`: only a take-back is allowed, never a loss
            failed.append(f"{arn}: {error}")


def _confirm(target: AwsTarget, arn: str, owner_tag: str) -> None:
    with running(arn, "update", EXIT_SECONDS):
        call(target, "TagResource", resourceArn=arn, tags=tag_list({validate.OWNER_TAG: owner_tag}))
