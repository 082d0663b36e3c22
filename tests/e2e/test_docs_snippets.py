"""Every snippet the docs tag as runnable runs (issue #22), and every relative link in them leads somewhere.

A fenced code block whose info string is `python runnable`, `yaml runnable` or `sh runnable` (README.md,
"Documentation") is run:

- a Python block that imports `pulumi` is a Pulumi program: a new stack on the emulator, `pulumi up` must
  succeed, then `pulumi preview --expect-no-changes` must find nothing to change; so is a YAML block (the body of
  a Pulumi.yaml, on the native plugin);
- any other Python block runs with this virtualenv's Python, a shell block with `bash -euo pipefail` (with
  `.venv/bin` first on PATH), each in an empty directory: it must exit 0.

Each case is named by file and line of its opening fence (`docs/dataset.md:7`). A tag this parser would not
read (`{runnable}`, `Runnable`, another language) fails, and so does a file listed in TAGGED with no runnable
block, so that a broken parser cannot pass by finding nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pulumi_personalize.emulator import Emulator

from tests.harness import ROOT, VENV_BIN, Stack, new_yaml_project

RUNNABLE = "runnable"
LANGUAGES = ("python", "sh", "yaml")
# The files with runnable blocks; the check below keeps this list exact.
TAGGED = (
    "README.md",
    "docs/dataset-group.md",
    "docs/dataset.md",
    "docs/event-tracker.md",
    "docs/local-emulator.md",
    "docs/native.md",
    "docs/permissions.md",
    "docs/schema.md",
)
SNIPPET_SECONDS = 180

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
IMPORTS_PULUMI = re.compile(r"^(?:import pulumi|from pulumi import .+)$", re.MULTILINE)
LINK = re.compile(r"\[[^\]]*\]\((?P<target>[^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(?P<title>.+?) *#* *$")


@dataclass(frozen=True)
class Block:
    """A fenced code block of a Markdown file."""

    path: str  # relative to the checkout
    line: int  # 1-based, of the opening fence
    info: str
    code: str

    @property
    def words(self) -> list[str]:
        return self.info.split()

    @property
    def language(self) -> str:
        return self.words[0] if self.words else ""

    @property
    def runnable(self) -> bool:
        return RUNNABLE in self.words[1:]

    @property
    def is_pulumi_program(self) -> bool:
        return self.language == "yaml" or (self.language == "python" and IMPORTS_PULUMI.search(self.code) is not None)

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


def doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def code_blocks(path: Path) -> list[Block]:
    """The fenced code blocks of `path` (CommonMark fences: ``` or ~~~, closed by at least as many of the same
    character; an info string of a backtick fence holds no backtick), with their indentation removed."""
    blocks: list[Block] = []
    lines = path.read_text().splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        body: list[str] = []
        end = index + 1
        while end < len(lines) and not _closes(lines[end], fence):
            text = lines[end]
            body.append(text[min(indent, len(text) - len(text.lstrip(" "))) :])
            end += 1
        if end == len(lines):
            raise AssertionError(f"{relative(path)}:{index + 1}: code block never closed")
        blocks.append(Block(relative(path), index + 1, opening["info"].strip(), "\n".join(body) + "\n"))
        index = end + 1
    return blocks


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def runnable_blocks() -> Iterator[Block]:
    for path in doc_files():
        yield from (block for block in code_blocks(path) if block.runnable)


SNIPPETS = list(runnable_blocks())
PROGRAMS = [pytest.param(block, id=block.id) for block in SNIPPETS if block.is_pulumi_program]
SCRIPTS = [pytest.param(block, id=block.id) for block in SNIPPETS if not block.is_pulumi_program]


def test_the_parser_reads_fences_as_commonmark_does(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Inline ```` ```python runnable ```` is no fence.\n\n"
        "````markdown\n```python runnable\nnot a block of its own\n```\n````\n\n"
        "- a list item:\n\n  ```python runnable\n  print('indented')\n  ```\n\n"
        "~~~sh\necho tilde\n~~~\n"
    )
    blocks = code_blocks(page)
    assert [(block.line, block.language, block.runnable) for block in blocks] == [
        (3, "markdown", False),
        (11, "python", True),
        (15, "sh", False),
    ]
    assert blocks[0].code == "```python runnable\nnot a block of its own\n```\n"
    assert blocks[1].code == "print('indented')\n"


def test_every_tagged_file_has_runnable_snippets_and_no_other_does() -> None:
    counts = {relative(path): sum(block.runnable for block in code_blocks(path)) for path in doc_files()}
    assert {path for path, count in counts.items() if count} == set(TAGGED), counts
    assert all(counts[path] > 0 for path in TAGGED), counts
    assert PROGRAMS, "no runnable Pulumi program found"
    assert SCRIPTS, "no runnable script found"


def test_every_tag_is_one_the_runner_reads() -> None:
    """A misspelt tag would silently leave a snippet unrun: anything that looks like one must be exact."""
    misspelt = [
        f"{block.id}: ```{block.info}"
        for path in doc_files()
        for block in code_blocks(path)
        if re.search(r"run", block.info, re.IGNORECASE)
        and not (block.words[1:] == [RUNNABLE] and block.language in LANGUAGES)
    ]
    assert misspelt == [], f"write the fence as ```python {RUNNABLE} or ```sh {RUNNABLE}"


@pytest.mark.parametrize("block", PROGRAMS)
def test_pulumi_program_deploys_then_previews_no_change(
    block: Block, aws_stack: Callable[..., Stack], emulator: Emulator, tmp_path: Path
) -> None:
    if block.language == "yaml":  # a Pulumi YAML program, on the native plugin (docs/native.md)
        stack = new_yaml_project(tmp_path / "yaml", block.code)
        stack.env["AWS_ENDPOINT_URL_PERSONALIZE"] = emulator.endpoint_url
    else:
        stack = aws_stack(block.code)
    stack.up()  # fails with the CLI's output
    preview = stack.pulumi("preview", "--expect-no-changes", "--diff", ok=False)
    assert preview.returncode == 0, f"{block.id}: a second preview wants changes:\n{preview.output}"


@pytest.mark.parametrize("block", SCRIPTS)
def test_snippet_runs(block: Block, tmp_path: Path) -> None:
    if block.language == "python":
        script = tmp_path / "snippet.py"
        command = [sys.executable, str(script)]
    else:
        script = tmp_path / "snippet.sh"
        command = ["bash", "-euo", "pipefail", str(script)]
    script.write_text(block.code)
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    completed = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=SNIPPET_SECONDS, check=False
    )
    assert completed.returncode == 0, (
        f"{block.id} exited {completed.returncode}:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
    )


def anchors(path: Path) -> set[str]:
    """The anchors GitHub makes for a Markdown file's headings (outside code blocks)."""
    fenced = {
        line for block in code_blocks(path) for line in range(block.line, block.line + block.code.count("\n") + 2)
    }
    made: set[str] = set()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        heading = HEADING.match(line)
        if heading is None or number in fenced:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading["title"].lower()).replace(" ", "-")
        candidate, suffix = slug, 0
        while candidate in made:
            suffix += 1
            candidate = f"{slug}-{suffix}"
        made.add(candidate)
    return made


def test_relative_links_lead_to_files_and_headings_that_exist() -> None:
    broken = []
    for path in doc_files():
        text = path.read_text()
        for block in code_blocks(path):
            text = text.replace(block.code.strip("\n"), "")
        for link in LINK.finditer(text):
            target = link["target"]
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            file_part, _, anchor = target.partition("#")
            destination = (path.parent / file_part).resolve() if file_part else path
            if not destination.exists():
                broken.append(f"{relative(path)}: {target} (no such file)")
            elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
                broken.append(f"{relative(path)}: {target} (no such heading)")
    assert broken == []
