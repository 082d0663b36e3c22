"""Code generation in Python through the real CLI and our Python language host (tools/pulumi/pulumi-language-python):
`pulumi import` in a Python project writes Python code (GenerateProgram), `pulumi package gen-sdk --language python`
writes an SDK that imports (GeneratePackage), and the two together preview clean; `pulumi convert` writes a Python
project (GenerateProject), `pulumi package add` links the SDK (Link), and a plugin folder with PulumiPlugin.yaml
`runtime: python` runs (RunPlugin)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pulumi_personalize.emulator import Emulator

from testkit.aws import active_group, active_tracker
from tests.aws import REGION
from tests.harness import ROOT, VENV_BIN, Stack, base_environment

PLUGIN = VENV_BIN / "pulumi-resource-personalize"


@pytest.fixture
def cli(tmp_path: Path, pulumi_cli: Path) -> Stack:
    """The CLI in a folder of no project, for the commands that need none (gen-sdk, convert)."""
    workdir = tmp_path / "cli"
    workdir.mkdir()
    return Stack(workdir, base_environment(tmp_path / "cli-home", tmp_path / "cli-state"))


def gen_sdk(cli: Stack, plugin: Path, out: Path) -> Path:
    """`pulumi package gen-sdk <plugin> --language python`: returns the folder of the generated Python SDK."""
    written = cli.pulumi("package", "gen-sdk", str(plugin), "--language", "python", "--out", str(out))
    assert "SDK has been written" in written.output, written.output
    return out / "python"


def sdk_module(sdk: Path) -> str:
    """The SDK's top-level module: its folder with pulumi-plugin.json (its name is the schema's
    language.python.packageName, else pulumi_<package>)."""
    modules = [found.parent.name for found in sdk.glob("*/pulumi-plugin.json")]
    assert len(modules) == 1, sorted(path.name for path in sdk.iterdir())
    return modules[0]


def sdk_distribution(sdk: Path) -> tuple[str, str]:
    """The name and version pip would install the SDK as: from its pyproject.toml, else its setup.py."""
    if (sdk / "pyproject.toml").exists():
        project = tomllib.loads((sdk / "pyproject.toml").read_text())["project"]
        return str(project["name"]), str(project["version"])
    setup = (sdk / "setup.py").read_text()
    name, version = re.search(r"setup\(name='([^']+)'", setup), re.search(r'^VERSION = "([^"]+)"', setup, re.M)
    assert name and version, setup
    return name.group(1), version.group(1)


def install_sdk(sdk: Path, site: Path) -> str:
    """Put the SDK's module into `site` with the distribution metadata an install writes; returns the module.

    The SDK needs its metadata (`_utilities` asks importlib.metadata for its version: the plugin version its resources
    request). pip would need `wheel` here (setuptools 65) or a build environment fetched from the network, so the
    metadata is written as pip writes it. First on sys.path, this copy wins over any installed distribution of the
    same name (the checkout's own `pulumi-personalize` while the schema sets no language.python.packageName).
    """
    module = sdk_module(sdk)
    name, version = sdk_distribution(sdk)
    shutil.copytree(sdk / module, site / module)
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "top_level.txt").write_text(module + "\n")
    return module


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def resource_calls(code: str) -> dict[str, dict[str, Any]]:
    """The `personalize.<Type>("<name>", key=<literal>...)` calls of generated code: name to type and literal args."""
    calls: dict[str, dict[str, Any]] = {}
    for node in ast.walk(ast.parse(code)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "personalize"
            and node.args
        ):
            name = node.args[0]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                literals = {
                    keyword.arg: ast.literal_eval(keyword.value)
                    for keyword in node.keywords
                    if keyword.arg and isinstance(keyword.value, ast.Constant | ast.Dict)
                }
                calls[name.value] = {"type": node.func.attr, **literals}
    return calls


def test_pulumi_import_writes_python_code_that_previews_clean_with_the_generated_sdk(
    new_stack: Callable[..., Stack], emulator: Emulator, personalize: Any, cli: Stack, tmp_path: Path
) -> None:
    group = active_group(personalize, "clicks-group")
    tracker = active_tracker(personalize, group, "clicks-tracker")
    stack = new_stack("import pulumi\n")
    stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url
    stack.set_config("personalize:region", REGION)

    out = tmp_path / "imported.py"
    imported = stack.pulumi("import", "personalize:index:EventTracker", "clicks", tracker, "--yes", "--out", str(out))
    assert "1 imported" in imported.stdout, imported.output
    code = out.read_text()
    calls = resource_calls(code)
    assert calls["clicks"] == {
        "type": "EventTracker",
        "dataset_group_arn": group,
        "name": "clicks-tracker",
        "region": REGION,
        "tags": {},
    }, code
    assert "protect=True" in code, code
    (state,) = [resource for resource in stack.resources() if resource["type"] == "personalize:index:EventTracker"]
    assert state["id"] == tracker and state["protect"] is True

    # The round trip: the generated code as the program, with the generated SDK installed beside it (the program's
    # folder comes first on its sys.path).
    module = install_sdk(gen_sdk(cli, PLUGIN, tmp_path / "sdk"), stack.workdir)
    assert f"import {module} as personalize" in code, code
    stack.write_program(code)
    assert stack.preview_is_empty(), stack.preview().output
    assert [resource["type"] for resource in stack.resources()].count("personalize:index:EventTracker") == 1


def test_gen_sdk_writes_a_python_sdk_that_imports(cli: Stack, tmp_path: Path) -> None:
    sdk = gen_sdk(cli, PLUGIN, tmp_path / "sdk")
    site = tmp_path / "site"
    module = install_sdk(sdk, site)
    _, version = sdk_distribution(sdk)
    probe = textwrap.dedent(f"""
        import pulumi, {module} as sdk
        print(sdk.__file__)
        for name in ("DatasetGroup", "Schema", "Dataset", "EventTracker", "Provider"):
            assert issubclass(getattr(sdk, name), pulumi.CustomResource), name
        assert sdk.config.region is None or isinstance(sdk.config.region, str)
        assert sdk._utilities.get_version() == {version!r}, sdk._utilities.get_version()
        """)
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(site), "PATH": str(VENV_BIN)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert Path(ran.stdout.strip()).is_relative_to(site), ran.stdout


def test_pulumi_convert_writes_a_python_project(cli: Stack, tmp_path: Path) -> None:
    source = tmp_path / "pcl"
    source.mkdir()
    (source / "main.pp").write_text(
        textwrap.dedent("""
        resource group "personalize:index:DatasetGroup" {
        }
        resource tracker "personalize:index:EventTracker" {
          datasetGroupArn = group.datasetGroupArn
          tags = { team = "growth" }
        }
        output trackingId {
          value = tracker.trackingId
        }
        """)
    )
    out = tmp_path / "converted"
    cli.workdir = source
    cli.pulumi("convert", "--from", "pcl", "--language", "python", "--out", str(out), "--generate-only")
    assert "runtime: python" in (out / "Pulumi.yaml").read_text()
    code = (out / "__main__.py").read_text()
    assert resource_calls(code) == {
        "group": {"type": "DatasetGroup"},
        "tracker": {"type": "EventTracker", "tags": {"team": "growth"}},
    }, code
    assert "dataset_group_arn=group.dataset_group_arn" in code and 'pulumi.export("trackingId"' in code, code
    assert "pulumi>=3.0.0,<4.0.0" in (out / "requirements.txt").read_text().splitlines()


def test_pulumi_package_add_generates_the_sdk_in_the_project_and_links_it(new_stack: Callable[..., Stack]) -> None:
    stack = new_stack("import pulumi\n")
    (stack.workdir / "requirements.txt").write_text("pulumi>=3\n")
    added = stack.pulumi("package", "add", str(PLUGIN))
    sdk = stack.workdir / "sdks" / "personalize"
    module = sdk_module(sdk)
    assert (stack.workdir / "requirements.txt").read_text().splitlines() == ["pulumi>=3", "sdks/personalize"]
    assert "packages:\n  personalize: personalize@" in (stack.workdir / "Pulumi.yaml").read_text()
    assert "-m pip install -e sdks/personalize" in added.output, added.output
    assert f"import {module} as personalize" in added.output, added.output


def test_a_plugin_folder_in_python_runs_through_the_host(cli: Stack, tmp_path: Path) -> None:
    """PulumiPlugin.yaml `runtime: python`: the engine asks the host's RunPlugin to start it (here for its schema)."""
    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "PulumiPlugin.yaml").write_text(
        f"runtime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: {ROOT / '.venv'}\n"
    )
    (folder / "__main__.py").write_text(
        "import sys\n\nfrom pulumi_personalize.native.plugin import main\n\nsys.exit(main())\n"
    )
    from_folder = gen_sdk(cli, folder, tmp_path / "from-folder")
    from_executable = gen_sdk(cli, PLUGIN, tmp_path / "from-executable")
    assert tree(from_folder) == tree(from_executable)
    assert f"{sdk_module(from_folder)}/event_tracker.py" in tree(from_folder)
