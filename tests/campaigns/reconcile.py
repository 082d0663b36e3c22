"""The stack's state (`pulumi stack export`) against the emulator's live resources: orphans, missing, mismatches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pulumi_personalize.lifecycle import ownership
from pulumi_personalize.resources.validation import as_tag_text

from testkit.aws import OWNER_TAG
from testkit.stack import GROUP_TYPE, TRACKER_TYPE

STATE_KINDS = {TRACKER_TYPE: "event-tracker", GROUP_TYPE: "dataset-group"}


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

    def expect_nothing_left(self) -> None:
        """After a destroy: anything in the state or live in the emulator is a mismatch."""
        if self.in_state or self.live:
            self.mismatched.append(
                f"after destroy: {self.in_state} resources in the state, {self.live} live in the emulator"
            )

    def findings(self) -> list[str]:
        """One line per problem found, for a campaign's summary."""
        return [
            *(f"orphan {x}" for x in self.orphans),
            *(f"missing {x}" for x in self.missing),
            *(f"mismatch {x}" for x in self.mismatched),
            *(f"pending operation {x}" for x in self.pending_operations),
        ]


def reconcile(
    ours: Iterable[dict[str, Any]],
    live_records: Iterable[dict[str, Any]],
    pending: Iterable[dict[str, Any]],
    settled: bool,
) -> Reconciliation:
    """Our resources of the state (those with an id) against the emulator's live records, and the state's
    pending operations; `settled` is False when the emulator still had deletions in progress."""
    live = {record["arn"]: record for record in live_records}
    in_state = {resource["id"]: resource for resource in ours}
    report = Reconciliation(in_state=len(in_state), live=len(live))
    if not settled:
        report.mismatched.append("resources still being deleted after twice the delete time")
    report.orphans = [f"{live[arn]['kind']} {arn} ({live[arn]['status']})" for arn in live if arn not in in_state]
    report.missing = [f"{in_state[arn]['urn']} {arn}" for arn in in_state if arn not in live]
    for arn in sorted(set(live) & set(in_state)):
        report.mismatched += _differences(in_state[arn], live[arn])
    report.pending_operations = [
        f"{operation.get('type')} {operation.get('resource', {}).get('urn')}" for operation in pending
    ]
    return report


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
    expected_owner = ownership.with_incarnation(str(outputs.get("owner")), outputs.get("incarnation"))
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
