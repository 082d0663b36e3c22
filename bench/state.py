"""Item 6: the `__provider` each resource keeps in the state (bytes as exported), and whether it is
byte-identical across program runs with different PYTHONHASHSEED (two stacks, one seed each).
"""

from __future__ import annotations

import base64
import json
import pickletools
from io import StringIO
from typing import Any

from testkit.stack import GROUP_TYPE, TRACKER_TYPE

from .context import UP, Context
from .measure import Goal, Row, SectionResult
from .programs import GROUP_TRACKER_AND_NOOP, NOOP_TYPE

BYTES_GOAL = 512.0
SEEDS = ("1", "2")
PROVIDER_KEY = "__provider"
LABELS = {TRACKER_TYPE: "EventTracker", GROUP_TYPE: "DatasetGroup", NOOP_TYPE: "no-op"}


def run(ctx: Context) -> SectionResult:
    ctx.emulator.reset()
    ctx.emulator.set_timings(0, 0)
    providers: dict[str, dict[str, Any]] = {}  # seed -> type -> the stored value
    for seed in SEEDS:
        stack = ctx.new_stack(f"state-seed-{seed}", GROUP_TRACKER_AND_NOOP)
        stack.env["PYTHONHASHSEED"] = seed
        stack.pulumi(*UP)
        providers[seed] = {r["type"]: r["outputs"][PROVIDER_KEY] for r in stack.resources() if r["type"] in LABELS}
    first = providers[SEEDS[0]]
    sizes = {LABELS[kind]: _stored_bytes(value) for kind, value in first.items()}
    identical = {
        LABELS[kind]: all(_stored_text(providers[seed][kind]) == _stored_text(value) for seed in SEEDS)
        for kind, value in first.items()
    }
    ours = [LABELS[TRACKER_TYPE], LABELS[GROUP_TYPE]]
    rows = [
        Row(
            "__provider bytes per resource (largest of ours)",
            float(max(sizes[label] for label in ours)),
            "bytes",
            Goal(BYTES_GOAL),
            ", ".join(f"{label} {size}" for label, size in sizes.items()),
        ),
        Row(
            f"__provider identical across PYTHONHASHSEED={'/'.join(SEEDS)}",
            all(identical[label] for label in ours),
            "",
            Goal(True, "=="),
            ", ".join(f"{label} {'same' if same else 'differs'}" for label, same in identical.items()),
        ),
    ]
    data = {
        "bytes": sizes,
        "identical": identical,
        "stored": {seed: {LABELS[k]: v for k, v in p.items()} for seed, p in providers.items()},
    }
    return SectionResult("state", "6. State: __provider", rows, data)


def _stored_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _stored_bytes(value: Any) -> int:
    """Bytes of the value as the exported state holds it (a secret would be an encrypted object)."""
    return len(_stored_text(value).encode())


def explain(ctx: Context, result: SectionResult) -> None:
    """The pickles disassembled, per seed, so a size or a difference can be read opcode by opcode."""
    path = ctx.evidence_path("state-provider-pickles.txt")
    parts: list[str] = []
    for seed, stored in result.data["stored"].items():
        for label, value in stored.items():
            listing = StringIO()
            if isinstance(value, str):
                pickletools.dis(base64.b64decode(value), out=listing)
            else:
                listing.write(f"not plain text (a secret?): {json.dumps(value)[:400]}\n")
            parts.append(f"== PYTHONHASHSEED={seed} {label}: {_stored_bytes(value)} bytes ==\n{listing.getvalue()}")
    path.write_text("\n".join(parts))
    for row in result.missed:
        row.evidence.append(path.name)
