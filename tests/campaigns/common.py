"""What the fault and crash campaigns share.

- `EmulatorProcess`: `python -m pulumi_personalize.emulator` in a subprocess with a state file, restartable
  on the same port, spoken to through its control API only.
- `reconcile`: the emulator's live resources against the stack's state (`pulumi stack export`).
- `fault_counts`: the faults the emulator injected, by kind, from its counted calls and its seeded spec.
- `scan_for_secrets`, `provider_problems`, `listening_addresses`: the secrets and loopback checks.
- `CampaignStack`: one project with N dataset groups, each with its tracker, driven through the real CLI.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime
import ipaddress
import json
import math
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from pulumi_personalize import _ownership as ownership
from pulumi_personalize._validation import as_tag_text
from pulumi_personalize.emulator.faults import FaultInjector, parse_spec

from tests import processes
from tests.aws import OWNER_TAG, REGION
from tests.e2e.test_dataset_group import GROUP_TYPE
from tests.e2e.test_event_tracker import TRACKER_TYPE
from tests.harness import (
    FAKE_ACCESS_KEY,
    FAKE_SECRET_KEY,
    FAKE_SESSION_TOKEN,
    PASSPHRASE,
    Result,
    Stack,
    new_project,
    pulumi_binary,
)

RESULTS_DIR = Path(__file__).resolve().parent / "results"
STATE_KINDS = {TRACKER_TYPE: "event-tracker", GROUP_TYPE: "dataset-group"}
MUTATING_PREFIXES = ("Create", "Delete", "TagResource", "UntagResource")
COMMAND_TIMEOUT = 600.0
PROVIDER_KEY = "__provider"
PROVIDER_MAX_LENGTH = 512
LEFTOVER_SECONDS = 15.0  # the plugins of a killed `pulumi` exit about 2 s after it (issue #15)

# N dataset groups, each with its event tracker. Generation 0 means autonamed; tags carry a round marker.
CAMPAIGN_PROGRAM = """
import pulumi
import pulumi_personalize as personalize

config = pulumi.Config()
tracker_generation = config.get_int("trackerGeneration") or 0
group_generation = config.get_int("groupGeneration") or 0
marker = config.get("marker") or "initial"
for index in range(config.require_int("trackers")):
    group = personalize.DatasetGroup(
        f"group-{index}",
        name=f"cg{index}-{group_generation}" if group_generation else None,
        domain="ECOMMERCE",
        tags={"campaign": "reliability", "marker": marker},
    )
    tracker = personalize.EventTracker(
        f"tracker-{index}",
        dataset_group_arn=group.dataset_group_arn,
        name=f"ct{index}-{tracker_generation}" if tracker_generation else None,
        tags={"campaign": "reliability", "marker": marker, "index": str(index)},
    )
    pulumi.export(f"trackingId{index}", tracker.tracking_id)
"""


class CampaignError(AssertionError):
    """A campaign could not go on (a step that never converged, an emulator that did not start...)."""


# ----- the emulator subprocess ---------------------------------------------------------------------------------


@dataclass
class FaultEpoch:
    """One life of an emulator process: its fault spec and the requests it counted (hence its draws)."""

    spec: str | None
    calls: dict[str, int]
    exact: bool  # False when the process was killed while requests were in flight

    @property
    def requests(self) -> int:
        return sum(self.calls.values())


@dataclass
class RestartCheck:
    """What an emulator restart kept: resources before the kill compared with those after the restart."""

    when: str
    during_command: bool
    resources_before: int
    resources_after: int
    port_kept: bool
    lost: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.port_kept and not self.lost and not self.changed


# Fields of a resource record that never change once it exists (statuses and moments may move on).
_IDENTITY = ("kind", "arn", "name", "account", "region", "datasetGroupArn", "trackingId", "createdAt")


class EmulatorProcess:
    """The emulator CLI in a subprocess with a state file; `restart()` kills it and starts it on the same port."""

    def __init__(
        self,
        directory: Path,
        create_seconds: float,
        delete_seconds: float,
        faults: str | None = None,
    ) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.state_file = directory / "emulator-state.json"
        self.log_file = directory / "emulator.log"
        self.create_seconds = create_seconds
        self.delete_seconds = delete_seconds
        self.faults = faults
        self.port = 0
        self.endpoint_url = ""
        self.process: subprocess.Popen[str] | None = None
        self.epochs: list[FaultEpoch] = []
        self.restarts: list[RestartCheck] = []

    def start(self) -> str:
        """Start on `self.port` (0 the first time: any free port, then kept) and wait for its first line."""
        command = [
            sys.executable,
            "-m",
            "pulumi_personalize.emulator",
            "--port",
            str(self.port),
            "--create-seconds",
            str(self.create_seconds),
            "--delete-seconds",
            str(self.delete_seconds),
            "--state-file",
            str(self.state_file),
            *(["--faults", self.faults] if self.faults else []),
        ]
        deadline = time.monotonic() + 30
        while True:
            with self.log_file.open("a") as log:
                process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
            line = _first_line(process, deadline)
            if line.startswith("listening on http://"):
                break
            process.kill()
            process.wait(timeout=10)
            if time.monotonic() > deadline:  # e.g. the port never became free again
                raise CampaignError(f"the emulator did not start: {line!r}; see {self.log_file}")
            time.sleep(0.2)
        self.process = process
        self.endpoint_url = line.removeprefix("listening on ").strip()
        self.port = int(self.endpoint_url.rsplit(":", 1)[1])
        return self.endpoint_url

    def control(self, path: str, body: str | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.endpoint_url}/_emulator/{path}",
            data=None if body is None else body.encode(),
            method="GET" if body is None else "POST",
        )
        with urllib.request.urlopen(request, timeout=15) as response:
            return json.loads(response.read())

    def resources(self) -> list[dict[str, Any]]:
        resources: list[dict[str, Any]] = self.control("resources")
        return resources

    def live(self) -> list[dict[str, Any]]:
        return [resource for resource in self.resources() if resource["status"] != "DELETED"]

    def calls(self) -> dict[str, int]:
        calls: dict[str, int] = self.control("calls")
        return calls

    def mutating_calls(self) -> int:
        return sum(count for operation, count in self.calls().items() if operation.startswith(MUTATING_PREFIXES))

    def _close_epoch(self, exact: bool) -> None:
        self.epochs.append(FaultEpoch(self.faults, self.calls(), exact))

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        """SIGTERM and expect a clean exit; the calls counted so far close the last fault epoch."""
        if self.process is None:
            return
        self._close_epoch(exact=True)
        self.process.send_signal(signal.SIGTERM)
        returncode = self.process.wait(timeout=30)
        self.process = None
        if returncode != 0:
            raise CampaignError(f"the emulator exited with {returncode} on SIGTERM; see {self.log_file}")

    def restart(self, when: str, during_command: bool) -> RestartCheck:
        """SIGKILL the emulator, start it again with the same state file on the same port, compare resources.

        Between commands every record must come back identical; during a command (requests in flight,
        statuses moving) every resource seen before the kill must come back with the same identity.
        """
        port = self.port
        before = self.resources()
        self._close_epoch(exact=not during_command)
        self.kill()
        self.start()
        after = self.resources()
        after_by_arn = {(r["kind"], r["arn"], r["createdAt"]): r for r in after}
        check = RestartCheck(when, during_command, len(before), len(after), port_kept=self.port == port)
        for record in before:
            again = after_by_arn.get((record["kind"], record["arn"], record["createdAt"]))
            if again is None:
                check.lost.append(f"{record['kind']} {record['arn']} ({record['status']})")
                continue
            fields = _IDENTITY if during_command else tuple(record)
            differing = [key for key in fields if again.get(key) != record.get(key)]
            if differing:
                check.changed.append(f"{record['arn']}: {', '.join(differing)}")
        if not during_command and len(after) != len(before):
            check.changed.append(f"{len(before)} resources before the restart, {len(after)} after")
        self.restarts.append(check)
        return check

    def __enter__(self) -> EmulatorProcess:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            try:
                self.stop()
            except (CampaignError, OSError, subprocess.TimeoutExpired):
                if self.process is not None:
                    self.kill()


def _first_line(process: subprocess.Popen[str], deadline: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], max(0.1, deadline - time.monotonic()))
    return process.stdout.readline() if ready else ""


# ----- faults injected, by kind ---------------------------------------------------------------------------------

FAULT_KINDS = {
    "throttle": "throttling (400 ThrottlingException)",
    "error": "500 InternalFailure",
    "unavailable": "503 ServiceUnavailable",
    "drop": "dropped connection",
    "spike": "latency spike",
}


def fault_counts(epochs: Iterable[FaultEpoch]) -> dict[str, Any]:
    """The faults injected, by kind, replayed from each emulator life's seeded spec and counted requests.

    The control API counts every request (faulted ones included) but not the faults themselves. Every
    rule of the campaigns' specs applies to every operation, so each request takes the same draws (one
    for the spike, one for the failure) from the spec's seeded generator, in arrival order: replaying
    as many decisions as requests were counted gives exactly the faults injected, by kind (though not
    which operation got which). An emulator killed mid-command makes its life's count a lower bound.
    """
    counts: Counter[str] = Counter()
    requests = 0
    exact = True
    for epoch in epochs:
        requests += epoch.requests
        exact = exact and epoch.exact
        if not epoch.spec:
            continue
        spec = parse_spec(epoch.spec)
        if spec.seed is None or any(rule.ops is not None for rule in spec.rules):
            raise CampaignError("fault counts are replayed only for seeded specs whose rules apply to every call")
        injector = FaultInjector(spec)
        for _ in range(epoch.requests):
            decision = injector.decide("DescribeEventTracker")
            if decision.outcome != "pass":
                counts[decision.outcome] += 1
            if decision.delay > sum(rule.latency for rule in spec.rules):
                counts["spike"] += 1
    return {"requests": requests, "exact": exact, **{kind: counts[kind] for kind in FAULT_KINDS}}


# ----- the stack -------------------------------------------------------------------------------------------------


@dataclass
class Reconciliation:
    """The stack's state against the emulator's live resources (status != DELETED)."""

    in_state: int
    live: int
    orphans: list[str] = field(default_factory=list)  # in the emulator, not in the state
    missing: list[str] = field(default_factory=list)  # in the state, not in the emulator
    mismatched: list[str] = field(default_factory=list)  # in both, but not the same (tags, name, ...)
    pending_operations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.orphans or self.missing or self.mismatched or self.pending_operations)


class CampaignStack:
    """A project of N dataset groups with a tracker each, on a local file backend, reaching the emulator."""

    def __init__(self, workdir: Path, endpoint_url: str, trackers: int, project: str, stack: str) -> None:
        self.project = project
        self.trackers = trackers
        self.stack: Stack = new_project(workdir, CAMPAIGN_PROGRAM, project=project, stack=stack)
        self.stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = endpoint_url
        self.stack.set_config("aws:region", REGION)
        self.stack.set_config("trackers", str(trackers))
        self.other_outputs: list[str] = []  # output of commands run in the background (killed ones too)
        self.provider_values: dict[str, set[str]] = {}  # every `__provider` seen, by resource type

    @property
    def workdir(self) -> Path:
        return self.stack.workdir

    def configure(self, **values: str | int) -> None:
        for key, value in values.items():
            self.stack.set_config(key, str(value))

    def pulumi(self, *args: str) -> Result:
        return self.stack.pulumi(*args, ok=False, timeout=COMMAND_TIMEOUT)

    def export(self) -> dict[str, Any]:
        result = self.stack.pulumi("stack", "export", timeout=COMMAND_TIMEOUT)
        exported: dict[str, Any] = json.loads(result.stdout)
        deployment: dict[str, Any] = exported["deployment"]
        return deployment

    def config_values(self) -> list[str]:
        result = self.stack.pulumi("config", "--json", "--show-secrets", timeout=COMMAND_TIMEOUT)
        config: dict[str, dict[str, Any]] = json.loads(result.stdout)
        return [str(entry.get("value")) for entry in config.values() if entry.get("value") is not None]

    def reconcile(self, emulator: EmulatorProcess) -> Reconciliation:
        """Compare once no resource is being deleted any more (bounded: twice the delete time, plus 10 s).

        A resource whose deletion was requested (by a killed run, say) and that a refresh dropped from the state
        is still live until the deletion ends; afterwards it must be gone, and everything else must match.
        """
        settled = wait_until(
            lambda: not any(r["status"].startswith("DELETE ") for r in emulator.resources()),
            2 * emulator.delete_seconds + 10,
            interval=0.1,
        )
        deployment = self.export()
        ours = [
            resource
            for resource in deployment.get("resources") or []
            if resource.get("type") in STATE_KINDS and resource.get("id")
        ]
        for resource in ours:
            self.provider_values.setdefault(resource["type"], set()).update(
                str(resource.get(section, {}).get(PROVIDER_KEY)) for section in ("inputs", "outputs")
            )
        live = {record["arn"]: record for record in emulator.live()}
        in_state = {resource["id"]: resource for resource in ours}
        report = Reconciliation(in_state=len(in_state), live=len(live))
        if not settled:
            report.mismatched.append("resources still being deleted after twice the delete time")
        report.orphans = [f"{live[arn]['kind']} {arn} ({live[arn]['status']})" for arn in live if arn not in in_state]
        report.missing = [f"{in_state[arn]['urn']} {arn}" for arn in in_state if arn not in live]
        for arn in sorted(set(live) & set(in_state)):
            report.mismatched += _differences(in_state[arn], live[arn])
        report.pending_operations = [
            f"{operation.get('type')} {operation.get('resource', {}).get('urn')}"
            for operation in deployment.get("pending_operations") or []
        ]
        return report

    def outputs_text(self) -> list[str]:
        return [result.output for result in self.stack.log] + self.other_outputs


def _differences(state: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """How a resource of the state differs from the emulator's: kind, status, name, tags, tracking ID, owner."""
    arn = live["arn"]
    outputs = state.get("outputs") or {}
    urn = str(state["urn"])
    found: list[str] = []
    if STATE_KINDS[state["type"]] != live["kind"]:
        found.append(f"{arn}: kind {live['kind']} in the emulator, {state['type']} in the state")
    if live["status"] != "ACTIVE":
        found.append(f"{arn}: status {live['status']} in the emulator after the command")
    tags = dict(live.get("tags") or {})
    owner = tags.pop(OWNER_TAG, None)
    expected_owner = outputs.get("owner")
    parsed = ownership.parse(owner)
    if owner != expected_owner or parsed is None or parsed.version != 2 or parsed.described != as_tag_text(urn):
        found.append(f"{arn}: ownership tag {owner!r}, expected {expected_owner!r}")
    if outputs.get("tags") != tags:
        found.append(f"{arn}: tags {tags} in the emulator, {outputs.get('tags')} in the state")
    if outputs.get("name") != live["name"]:
        found.append(f"{arn}: name {live['name']!r} in the emulator, {outputs.get('name')!r} in the state")
    if live["kind"] == "event-tracker":
        for key in ("trackingId", "datasetGroupArn"):
            if outputs.get(key) != live.get(key):
                found.append(f"{arn}: {key} {live.get(key)!r} in the emulator, {outputs.get(key)!r} in the state")
    return found


# ----- commands run in the background (to kill or interrupt them) ----------------------------------------------


@dataclass
class Interrupted:
    """A pulumi command that was killed or interrupted (or that finished before the moment came)."""

    command: list[str]
    signal_sent: str | None
    seconds_to_signal: float
    returncode: int
    seconds_to_exit: float
    mutating_calls_before_signal: int
    leftover_processes: list[str]
    output: str


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


def interrupt(
    stack: CampaignStack,
    command: tuple[str, ...],
    moment: Callable[[subprocess.Popen[bytes]], bool],
    how: signal.Signals,
    whole_group: bool,
    emulator: EmulatorProcess,
    exit_timeout: float = 180.0,
) -> Interrupted:
    """Run `pulumi <command>` in its own session; once `moment()` holds, send `how` to the pulumi process (or
    to its process group), wait for it to exit, and wait for every process of its session to be gone.

    The session, not the process group: the engine starts each plugin in a process group of its own, so a
    killed group leaves the plugins, which must notice that their engine is gone and exit (issue #15).
    `moment` sees the process (it may finish first: then nothing is sent). Processes left in the session after
    LEFTOVER_SECONDS are listed in the result (then killed, so the campaign can go on).
    """
    mutating_before = emulator.mutating_calls()
    output_path = stack.workdir.parent / f"interrupted-{time.monotonic_ns()}.log"
    with output_path.open("wb") as output:
        process = subprocess.Popen(
            [str(pulumi_binary()), *command, "--non-interactive"],
            cwd=stack.workdir,
            env=stack.stack.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = time.monotonic()
    deadline = started + COMMAND_TIMEOUT
    while process.poll() is None and not moment(process):
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    signal_sent: str | None = None
    seconds_to_signal = time.monotonic() - started
    mutating = emulator.mutating_calls() - mutating_before
    if process.poll() is None:
        if whole_group:
            os.killpg(process.pid, how)
        else:
            os.kill(process.pid, how)
        signal_sent = how.name
    try:
        returncode = process.wait(timeout=exit_timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        returncode = process.wait(timeout=30)
    seconds_to_exit = time.monotonic() - started
    left = processes.wait_gone(lambda: processes.in_session(process.pid), LEFTOVER_SECONDS)
    processes.kill(left)
    processes.wait_gone(lambda: processes.in_session(process.pid), 30)
    text = output_path.read_text(errors="replace")
    output_path.unlink()
    stack.other_outputs.append(text)
    return Interrupted(
        command=list(command),
        signal_sent=signal_sent,
        seconds_to_signal=round(seconds_to_signal, 2),
        returncode=returncode,
        seconds_to_exit=round(seconds_to_exit, 2),
        mutating_calls_before_signal=mutating,
        leftover_processes=[str(leftover) for leftover in left],
        output=text,
    )


def start_in_background(stack: CampaignStack, command: tuple[str, ...], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(pulumi_binary()), *command, "--non-interactive"],
        cwd=stack.workdir,
        env=stack.stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


_ERROR_NOISE = ("Traceback (most recent call last)", "error: update failed", "Resource monitor has terminated")


def error_lines(output: str, limit: int = 3) -> list[str]:
    """The distinct lines of a CLI output that say what went wrong: the exceptions' own lines first, the last
    raised first (of chained exceptions, the provider's own message), then the CLI's error lines."""
    lines = [line.strip() for line in output.splitlines()]
    candidates = [
        line
        for line in lines
        if re.search(r"(error|Error|Exception): ", line) and not any(noise in line for noise in _ERROR_NOISE)
    ]
    raised = [line for line in reversed(candidates) if "Error: " in line or "Exception: " in line]
    ordered = raised + [line for line in candidates if line not in raised]
    return [line[:400] for line in dict.fromkeys(ordered)][:limit]


# ----- secrets and loopback --------------------------------------------------------------------------------------

SECRETS = {"secret access key": FAKE_SECRET_KEY, "session token": FAKE_SESSION_TOKEN}


def _base64_forms(needle: bytes) -> list[bytes]:
    """The parts of base64 text that any occurrence of `needle` produces, whatever its alignment."""
    forms = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + needle)
        start = math.ceil(8 * offset / 6)
        end = (8 * (offset + len(needle))) // 6
        forms.append(encoded[start:end])
    return forms


@dataclass
class SecretScan:
    files: int = 0
    state_files: int = 0
    history_and_backup_files: int = 0
    bytes: int = 0
    outputs: int = 0
    output_bytes: int = 0
    hits: list[str] = field(default_factory=list)


def scan_for_secrets(
    directories: Iterable[Path], outputs: Iterable[str], secrets: Mapping[str, str] = SECRETS
) -> SecretScan:
    """Look for each secret (as text and base64-encoded) in every file under `directories` and in `outputs`."""
    scan = SecretScan()
    needles = {label: [secret.encode(), *_base64_forms(secret.encode())] for label, secret in secrets.items()}

    def look(where: str, data: bytes) -> None:
        for label, forms in needles.items():
            if any(form in data for form in forms):
                scan.hits.append(f"{label} in {where}")

    for directory in directories:
        for path in sorted(directory.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            data = path.read_bytes()
            scan.files += 1
            scan.bytes += len(data)
            if ".state" in path.parts:
                scan.state_files += 1
                if {"history", "backups"} & set(path.parts):
                    scan.history_and_backup_files += 1
            look(str(path), data)
    for index, text in enumerate(outputs):
        scan.outputs += 1
        scan.output_bytes += len(text)
        look(f"CLI output #{index}", text.encode())
    return scan


def forbidden_in_provider(stack: CampaignStack, endpoint_url: str) -> dict[str, str]:
    """Credentials and every config value (4 characters or more: shorter ones match by chance)."""
    forbidden = {
        "access key id": FAKE_ACCESS_KEY,
        "secret access key": FAKE_SECRET_KEY,
        "session token": FAKE_SESSION_TOKEN,
        "passphrase": PASSPHRASE,
        "endpoint": endpoint_url,
    }
    for value in stack.config_values():
        if len(value) >= 4:
            forbidden[f"config value {value!r}"] = value
    return forbidden


def provider_problems(provider_values: Mapping[str, set[str]], forbidden: Mapping[str, str]) -> list[str]:
    """`__provider` must be one small plain (not secret) string per resource type, with nothing forbidden."""
    problems: list[str] = []
    for resource_type, values in provider_values.items():
        if len(values) != 1:
            problems.append(f"{resource_type}: {len(values)} different __provider values (expected one)")
        for value in values:
            if len(value) > PROVIDER_MAX_LENGTH:
                problems.append(f"{resource_type}: __provider is {len(value)} characters long")
            try:
                decoded = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                problems.append(f"{resource_type}: __provider is not plain base64 text: {value[:80]!r}")
                continue
            if b"pulumi_personalize" not in decoded:
                problems.append(f"{resource_type}: __provider does not name the provider class")
            for label, text in forbidden.items():
                if text.encode() in decoded or text in value:
                    problems.append(f"{resource_type}: __provider holds the {label}")
    return problems


def listening_addresses(port: int) -> list[str]:
    """Addresses a TCP socket listens on at `port` in this network namespace (from /proc/net/tcp{,6})."""
    found: list[str] = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with contextlib.suppress(FileNotFoundError), open(table) as lines:
            next(lines)
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                address, port_hex = local.split(":")
                if state != "0A" or int(port_hex, 16) != port or len(address) != width:
                    continue
                raw = bytes.fromhex(address)
                # the kernel prints each 32-bit word in host (little-endian) order
                ordered = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                found.append(str(ipaddress.ip_address(ordered)))
    return found


def loopback_check(emulator: EmulatorProcess) -> dict[str, Any]:
    addresses = listening_addresses(emulator.port)
    loopback = bool(addresses) and all(ipaddress.ip_address(address).is_loopback for address in addresses)
    return {
        "endpoint": emulator.endpoint_url,
        "listening_on": addresses,
        "loopback_only": loopback and emulator.endpoint_url.startswith("http://127.0.0.1:"),
    }


# ----- summaries -------------------------------------------------------------------------------------------------


def as_json(value: Any) -> Any:
    """Dataclasses (and their properties `ok`) as plain JSON values."""
    if hasattr(value, "__dataclass_fields__"):
        data = asdict(value)
        if hasattr(value, "ok"):
            data["ok"] = value.ok
        return data
    return value


def write_summary(campaign: str, summary: Mapping[str, Any], results_dir: Path = RESULTS_DIR) -> Path:
    """`results/<campaign>-<UTC time>.json` (ignored by git) and `results/<campaign>-latest.json`."""
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(summary, indent=2, sort_keys=True, default=as_json) + "\n"
    path = results_dir / f"{campaign}-{stamp}.json"
    path.write_text(text)
    (results_dir / f"{campaign}-latest.json").write_text(text)
    return path


def run_campaign(
    name: str,
    run: Callable[[Path], dict[str, Any]],
    print_summary: Callable[[dict[str, Any]], None],
    results_dir: Path,
    keep: bool,
) -> int:
    """Run a campaign in a scratch folder, print and write its summary; the process exit code.

    0 when every check held, 1 when one failed (files kept for inspection), 2 when it could not run.
    """
    base = Path(tempfile.mkdtemp(prefix=f"pp-{name.replace('_', '-')}-"))
    try:
        summary = run(base)
    except CampaignError as error:
        print(f"{name.replace('_', ' ')} aborted: {error}; files kept in {base}", file=sys.stderr)
        return 2
    path = write_summary(name, summary, results_dir)
    print_summary(summary)
    print(f"summary written to {path}")
    if summary["ok"] and not keep:
        shutil.rmtree(base, ignore_errors=True)
    else:
        print(f"files kept in {base}")
    return 0 if summary["ok"] else 1
