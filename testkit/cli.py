"""The Pulumi CLI that scripts/setup linked into .venv/bin, and an offline environment to run it in."""

from __future__ import annotations

import os
from pathlib import Path

from testkit.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, FAKE_SESSION_TOKEN, PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


class PulumiMissingError(RuntimeError):
    pass


def pulumi_binary() -> Path:
    """The CLI that scripts/setup linked into .venv/bin; a clear error when setup has not run."""
    binary = VENV_BIN / "pulumi"
    if not binary.exists():
        raise PulumiMissingError(f"{binary} is missing: run scripts/setup (it builds or finds the Pulumi CLI)")
    return binary


def base_environment(home: Path, backend: Path | str) -> dict[str, str]:
    """An environment for the CLI that reaches no network and holds distinctive fake AWS credentials.

    `backend` is a local directory (a file backend) or a backend URL (`s3://...` on a loopback server).
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "PULUMI_"))}
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        PULUMI_HOME=str(home),
        PULUMI_BACKEND_URL=backend if isinstance(backend, str) else backend.as_uri(),
        PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="true",
        AWS_ACCESS_KEY_ID=FAKE_ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=FAKE_SECRET_KEY,
        AWS_SESSION_TOKEN=FAKE_SESSION_TOKEN,
        AWS_EC2_METADATA_DISABLED="true",
        NO_COLOR="1",
    )
    return env
