"""moto 5.2.1's tests/test_personalize, run in moto's server mode against the emulator (see moto_tests.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import moto.settings
import pytest
from botocore.exceptions import ClientError

from testkit.emulator_control import EmulatorControl
from tests.peers import moto_tests

ORIGINAL = moto_tests.original_source()
ADAPTED = moto_tests.adapted_source(ORIGINAL)
MOTO_TESTS = moto_tests.declared_tests(ORIGINAL)

# moto tests asserting what AWS does not do: xfail(strict=True), with the reason and its source. None so far:
# every assertion of moto's tests holds on the emulator (tests/peers/vendor/README.md).
NOT_AWS: dict[str, str] = {}


def _cases() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_AWS[name])) if name in NOT_AWS else name
        for name in MOTO_TESTS
    ]


@pytest.fixture
def load_in_server_mode(
    emulator_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], ModuleType]:
    """Loads a source of moto's test module in moto's server mode, pointed at this test's emulator."""
    monkeypatch.setattr(moto.settings, "TEST_SERVER_MODE", True)
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", emulator_url)
    monkeypatch.setenv("MOTO_CALL_RESET_API", "false")  # a fresh emulator per test instead of /moto-api/reset

    def load(source: str) -> ModuleType:
        return moto_tests.load(source, tmp_path, "peers_moto_test_personalize_schema")

    return load


@pytest.mark.parametrize("name", _cases())
def test_moto(name: str, load_in_server_mode: Callable[[str], ModuleType], control: EmulatorControl) -> None:
    """moto's test, as adapted, passes against the emulator; and it really spoke to the emulator."""
    module = load_in_server_mode(ADAPTED)
    getattr(module, name)()
    calls = control.calls()
    assert calls, f"{name} made no call to the emulator"
    assert set(calls) <= {"CreateSchema", "DeleteSchema", "DescribeSchema", "ListSchemas"}, calls


def test_moto_tests_are_found() -> None:
    """The runner sees every test of moto's file (a test moto adds upstream would show up here)."""
    assert MOTO_TESTS == [
        "test_create_schema",
        "test_delete_schema",
        "test_delete_schema__unknown",
        "test_describe_schema",
        "test_describe_schema__with_domain",
        "test_describe_schema__unknown",
        "test_list_schemas__initial",
        "test_list_schema",
    ]


def test_the_adaptation_is_the_recorded_patch() -> None:
    """The adapted copy differs from the vendored file exactly by moto_schema.patch, which only swaps schema text."""
    diff = moto_tests.adaptation_diff(ORIGINAL, ADAPTED)
    assert diff == moto_tests.PATCH.read_text()
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(changed) == 2 * 5  # five lines, each only its schema text swapped
    for old, new in zip(changed[::2], changed[1::2], strict=True):
        assert old.startswith("-") and new.startswith("+")
        assert old[1:].replace('json.dumps("sth")', '"sth"').replace('"sth"', repr(moto_tests.SCHEMA_TEXT)) == new[1:]


@pytest.mark.parametrize(
    "name", ["test_delete_schema", "test_describe_schema", "test_describe_schema__with_domain", "test_list_schema"]
)
def test_unadapted_moto_schema_text_is_refused(
    name: str, load_in_server_mode: Callable[[str], ModuleType], control: EmulatorControl
) -> None:
    """Why the schema text is adapted: the original tests' "sth" is no Avro record, which AWS refuses
    (CreateSchema `schema`: "A schema in Avro JSON format"; InvalidInputException), and so does the emulator."""
    module = load_in_server_mode(ORIGINAL)
    with pytest.raises(ClientError) as refused:
        getattr(module, name)()
    assert refused.value.operation_name == "CreateSchema"
    assert refused.value.response["Error"]["Code"] == "InvalidInputException"
    assert "Avro" in refused.value.response["Error"]["Message"]
    assert control.calls() == {"CreateSchema": 1}
