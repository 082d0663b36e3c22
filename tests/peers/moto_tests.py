"""moto's own Personalize tests (vendored unmodified), adapted at load time to run against the emulator.

Two adaptations, both made here and nowhere in the vendored file:

- **Endpoint.** The tests are loaded in moto's own server mode: `moto.settings.TEST_SERVER_MODE` is true and
  `TEST_SERVER_MODE_ENDPOINT` is the emulator's URL, so each `@mock_aws` is moto's `ServerModeMockAWS`, which
  patches `boto3.client` to add that `endpoint_url` and sets moto's fake credentials (moto's convention for
  running its tests against `moto_server`). Its reset call (`POST /moto-api/reset`, unsigned, which the emulator
  answers 403 as AWS answers unsigned requests) is switched off with moto's own `MOTO_CALL_RESET_API=false`:
  every test gets a fresh emulator process instead.
- **Invalid schema text.** Four tests create schemas from the text `"sth"` (one from `json.dumps("sth")`),
  which is no Avro record: AWS refuses it (InvalidInputException), as the emulator does. `SUBSTITUTIONS`
  replaces it, textually, with a valid Interactions schema; the resulting diff is kept in
  `moto_schema.patch` (test_moto_personalize.py checks it is exactly what the substitution makes).
"""

from __future__ import annotations

import ast
import difflib
import json
from pathlib import Path
from types import ModuleType

from tests.peers.upstream import MOTO

UPSTREAM_PATH = "tests/test_personalize/test_personalize_schema.py"
ORIGINAL = MOTO.root / UPSTREAM_PATH
PATCH = Path(__file__).parent / "moto_schema.patch"

# The developer guide's minimal Interactions schema (with EVENT_TYPE, so that it also fits a domain group).
SCHEMA_TEXT = json.dumps(
    {
        "type": "record",
        "name": "Interactions",
        "namespace": "com.amazonaws.personalize.schema",
        "fields": [
            {"name": "USER_ID", "type": "string"},
            {"name": "ITEM_ID", "type": "string"},
            {"name": "EVENT_TYPE", "type": "string"},
            {"name": "TIMESTAMP", "type": "long"},
        ],
        "version": "1.0",
    }
)

# (old text, new text, how many times the old text occurs), applied in this order.
SUBSTITUTIONS: tuple[tuple[str, str, int], ...] = (
    ('json.dumps("sth")', repr(SCHEMA_TEXT), 1),
    ('"sth"', repr(SCHEMA_TEXT), 4),
)


class SubstitutionError(AssertionError):
    """The vendored file no longer holds the text a substitution expects."""


def original_source() -> str:
    return ORIGINAL.read_text()


def adapted_source(source: str) -> str:
    """The source with every substitution made, each found exactly as often as expected."""
    for old, new, count in SUBSTITUTIONS:
        found = source.count(old)
        if found != count:
            raise SubstitutionError(f"{old!r} occurs {found} times in {ORIGINAL}, not {count}")
        source = source.replace(old, new)
    return source


def adaptation_diff(original: str, adapted: str) -> str:
    """The unified diff from the vendored file to its adapted copy, as moto_schema.patch holds it."""
    return "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True),
            adapted.splitlines(keepends=True),
            fromfile=f"a/{UPSTREAM_PATH}",
            tofile=f"b/{UPSTREAM_PATH}",
        )
    )


def declared_tests(source: str) -> list[str]:
    """The module-level test functions of a source, in order (read without running it)."""
    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]


def load(source: str, directory: Path, name: str) -> ModuleType:
    """Execute a source as a module, written to `directory` first so that tracebacks show its lines.

    Its `@mock_aws` decorators are built now: call it in server mode (see the module docstring).
    """
    path = directory / Path(UPSTREAM_PATH).name
    path.write_text(source)
    module = ModuleType(name)
    module.__file__ = str(path)
    exec(compile(source, str(path), "exec"), module.__dict__)
    return module
