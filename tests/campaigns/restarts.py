"""An emulator killed and restarted with its state file: what it kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from testkit.emulator_process import EmulatorProcess

# Fields of a resource record that never change once it exists (statuses and moments may move on).
_IDENTITY = ("kind", "arn", "name", "account", "region", "datasetGroupArn", "trackingId", "createdAt")


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


def restart_and_compare(emulator: EmulatorProcess, when: str, during_command: bool) -> RestartCheck:
    """SIGKILL the emulator, start it again with the same state file on the same port, compare resources.

    Between commands every record must come back identical; during a command (requests in flight,
    statuses moving) every resource seen before the kill must come back with the same identity.
    """
    port = emulator.port
    before = emulator.resources()
    emulator.restart(exact=not during_command)
    after = emulator.resources()
    after_by_arn = {(r["kind"], r["arn"], r["createdAt"]): r for r in after}
    check = RestartCheck(when, during_command, len(before), len(after), port_kept=emulator.port == port)
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
    return check
