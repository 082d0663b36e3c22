"""Credentials and config must not leak: into state files (history and backups too), CLI output or `__provider`."""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from testkit.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, FAKE_SESSION_TOKEN, PASSPHRASE
from tests.campaigns.campaign_stack import CampaignStack

SECRETS = {"secret access key": FAKE_SECRET_KEY, "session token": FAKE_SESSION_TOKEN}
PROVIDER_MAX_LENGTH = 512


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
