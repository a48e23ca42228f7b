"""The page executor: setup cell, outputs, re-execution only when an input
changed (the run settings included), and a failing cell reported with the
partial notebook kept."""

import ast
import importlib
from pathlib import Path

import execute_pages
import jupytext
import nbformat
import pytest
from execute_pages import (
    PACKAGE,
    SETTINGS,
    PageFailed,
    build,
    changed_inputs,
    inputs_of,
    rnadl_modules,
)
from pages import Page
from rich.console import Console
from rich.progress import Progress
from setup_cells import SETUP_TAG

from rnadl.cifar10 import CIFAR10_SOURCE_ENV
from rnadl.downloads import DATA_DIR_ENV
from rnadl.run_profile import PROFILE_ENV

HEADER = """---
jupytext:
  formats: ipynb,md:myst
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# Chapter
"""


@pytest.fixture(autouse=True)
def quick_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    """A setup cell that does not start TensorFlow (seconds per test)."""

    def setup_cell(onednn: bool) -> nbformat.NotebookNode:
        cell = nbformat.v4.new_code_cell(f"ONEDNN = {onednn}")
        cell.metadata["tags"] = ["remove-cell", SETUP_TAG]
        return cell

    monkeypatch.setattr(execute_pages, "setup_cell", setup_cell)


def page(tmp_path: Path, *cells: str) -> Page:
    source = tmp_path / "99-test.md"
    blocks = "".join(
        f"\n```{{code-cell}} ipython3\n{code}\n```\n"
        if not code.startswith("Prose")
        else f"\n{code}\n"
        for code in cells
    )
    source.write_text(HEADER + blocks, encoding="utf-8")
    return Page(source=source)


def run(page: Page, force: bool = False) -> str:
    with Progress(console=Console(quiet=True)) as progress:
        return build(page, force, progress)


def code_cells(path: Path) -> list:
    return [c for c in jupytext.read(path).cells if c.cell_type == "code"]


def test_executes_in_the_page_folder_after_writing_its_setup_cell(
    tmp_path: Path,
) -> None:
    (tmp_path / "here.txt").write_text("found")
    chapter = page(tmp_path, "print(open('here.txt').read())\n6 * 7")
    assert run(chapter).startswith("executed")
    source = jupytext.read(chapter.source)
    assert source.cells[0].source == "# Chapter"
    assert source.cells[1].source == "ONEDNN = False"  # right after the title
    setup, cell = code_cells(chapter.notebook)
    assert cell.outputs[0]["text"] == "found\n"
    assert cell.outputs[1]["data"]["text/plain"] == "42"
    assert "execution" not in cell.metadata  # no timestamps stored
    notebook = nbformat.read(chapter.notebook, as_version=4)
    assert notebook.metadata["jupytext"]["formats"] == "ipynb,md:myst"
    assert "núcleo" in notebook.metadata["rnadl"]["cpu"]
    assert set(notebook.metadata["rnadl"]["inputs"]) == {
        "code",
        "lock",
        "rnadl",
        "settings",
    }


def test_an_unchanged_page_is_not_executed_again(tmp_path: Path) -> None:
    counter = tmp_path / "runs.txt"
    chapter = page(tmp_path, "open('runs.txt', 'a').write('x')")
    run(chapter)
    first = chapter.notebook.read_bytes()
    assert run(chapter) == "up to date"
    assert chapter.notebook.read_bytes() == first
    assert counter.read_text() == "x"
    assert run(chapter, force=True).startswith("executed in")
    assert counter.read_text() == "xx"
    # Same code, same outputs: only the measured seconds may differ.
    again = nbformat.reads(chapter.notebook.read_text(), as_version=4)
    before = nbformat.reads(first.decode(), as_version=4)
    for notebook in (again, before):
        assert notebook.metadata["rnadl"].pop("seconds") >= 0
    assert again == before


def test_prose_changes_keep_the_outputs(tmp_path: Path) -> None:
    counter = tmp_path / "runs.txt"
    chapter = page(tmp_path, "Prose one.", "open('runs.txt', 'a').write('x')")
    run(chapter)
    text = chapter.source.read_text().replace("Prose one.", "Prose two.")
    chapter.source.write_text(text)
    assert run(chapter) == "prose updated, outputs kept"
    assert counter.read_text() == "x"
    cells = jupytext.read(chapter.notebook).cells
    assert any("Prose two." in c.source for c in cells)
    assert code_cells(chapter.notebook)[-1].outputs[0]["data"]


def test_a_code_change_executes_again_and_says_why(tmp_path: Path) -> None:
    chapter = page(tmp_path, "1 + 1")
    run(chapter)
    chapter.source.write_text(chapter.source.read_text().replace("1 + 1", "3"))
    assert run(chapter).endswith("(code)")
    assert code_cells(chapter.notebook)[-1].outputs[0]["data"] == {
        "text/plain": "3"
    }


def test_a_failing_cell_is_reported_and_the_partial_notebook_kept(
    tmp_path: Path,
) -> None:
    chapter = page(tmp_path, "print('before')", "1 / 0", "print('after')")
    with pytest.raises(PageFailed) as caught:
        run(chapter)
    message = str(caught.value)
    assert "99-test.md: code cell 3 of 4 failed" in message
    assert "1 / 0" in message and "ZeroDivisionError" in message
    assert not chapter.notebook.exists()  # the published one is untouched
    kept = nbformat.read(tmp_path / "99-test.failed.ipynb", as_version=4)
    outputs = [c.get("outputs") for c in kept.cells if c.cell_type == "code"]
    assert outputs[1][0]["text"] == "before\n"
    assert outputs[2][0]["ename"] == "ZeroDivisionError"
    assert outputs[3] == []


def test_the_modules_a_page_depends_on_are_followed() -> None:
    modules = rnadl_modules(
        "%pip install nothing\nfrom rnadl.cifar10 import load_cifar10"
    )
    assert modules == [
        "rnadl.__init__",
        "rnadl.cifar10",
        "rnadl.data_files",
        "rnadl.downloads",
    ]
    assert "rnadl.number_format" in rnadl_modules("import rnadl.glue")


def test_what_changed_is_named() -> None:
    old = {
        "code": "a",
        "lock": "b",
        "settings": {},
        "rnadl": {"rnadl.x": "1", "rnadl.y": "2"},
    }
    new = {**old, "lock": "c", "rnadl": {"rnadl.x": "9", "rnadl.z": "3"}}
    assert changed_inputs(old, new) == [
        "lock",
        "rnadl.x",
        "rnadl.y",
        "rnadl.z",
    ]
    assert changed_inputs(None, new) == ["no executed notebook with a record"]
    assert changed_inputs(old, old) == []


# Environment variables the package reads that change no output, and why.
NOT_OUTPUTS = {
    "rnadl.downloads": {
        # Where the files are read from: each is checked against the
        # registry's checksum. What it changes in the CIFAR-10 source is
        # recorded through rnadl.cifar10.
        DATA_DIR_ENV,
        "KERAS_HOME",  # the download cache's folder
    },
    "rnadl.startup": {
        # The page's oneDNN choice, recorded from the manifest; set by
        # hand it wins only in the test command's other-CPU pass.
        "TF_ENABLE_ONEDNN_OPTS",
        "TF_CPP_MIN_LOG_LEVEL",  # TensorFlow's log
    },
}


def environment_reads(module: str) -> set[str]:
    """The environment variables a module of the package reads:
    os.environ[X], os.environ.get(X), X in os.environ, os.getenv(X), with
    X a string or a name the module defines or imports."""
    namespace = vars(importlib.import_module(module))
    path = PACKAGE / (module.removeprefix("rnadl.") + ".py")

    def environ(node: ast.AST) -> bool:
        return ast.unparse(node) in ("os.environ", "environ")

    keys = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Subscript) and environ(node.value):
            keys.append(node.slice)
        elif isinstance(node, ast.Compare) and any(
            environ(right) for right in node.comparators
        ):
            keys.append(node.left)
        elif isinstance(node, ast.Call) and node.args:
            function = ast.unparse(node.func)
            if function == "os.getenv" or (
                isinstance(node.func, ast.Attribute)
                and environ(node.func.value)
            ):
                keys.append(node.args[0])
    return {
        key.value if isinstance(key, ast.Constant) else namespace[key.id]
        for key in keys
    }


@pytest.mark.parametrize(
    "module",
    sorted(f"rnadl.{path.stem}" for path in PACKAGE.glob("*.py")),
)
def test_every_setting_the_package_reads_is_in_the_fingerprint(
    module: str,
) -> None:
    """A variable a module reads is recorded for the pages that use the
    module, or listed above as changing no output: renaming one or adding
    one cannot leave it out of the fingerprint unnoticed."""
    recorded = {SETTINGS[module][0]} if module in SETTINGS else set()
    assert environment_reads(module) == recorded | NOT_OUTPUTS.get(
        module, set()
    )


def test_the_fingerprint_records_the_values_the_modules_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The settings are those the modules will use, defaults included: the
    CIFAR-10 source without the variable depends on the offline copies."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from rnadl.cifar10 import load_cifar10\n"
                "from rnadl.run_profile import by_profile"
            )
        ]
    )
    chapter = Page(source=tmp_path / "99-test.md")

    def settings() -> dict:
        return inputs_of(notebook, chapter)["settings"]

    for variable in (PROFILE_ENV, CIFAR10_SOURCE_ENV):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert settings() == {
        PROFILE_ENV: "full",
        CIFAR10_SOURCE_ENV: "jpeg",
        "oneDNN": "off",
    }
    monkeypatch.delenv(DATA_DIR_ENV)
    monkeypatch.setenv(PROFILE_ENV, " Fast ")
    assert settings()[CIFAR10_SOURCE_ENV] == "official"
    assert settings()[PROFILE_ENV] == "fast"
    monkeypatch.setenv(CIFAR10_SOURCE_ENV, "tiny")
    with pytest.raises(ValueError, match="'tiny' is not a CIFAR-10 source"):
        settings()
