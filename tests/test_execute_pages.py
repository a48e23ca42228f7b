"""The chapter executor writes the executed paired notebook and fails loudly."""

from pathlib import Path

import jupytext
import nbclient.exceptions
import pytest
from execute_pages import execute_chapter

HEADER = """---
jupytext:
  formats: ipynb,md:myst
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# Chapter
"""


def chapter(tmp_path: Path, code: str) -> Path:
    source = tmp_path / "99-test.md"
    source.write_text(
        HEADER + f"\n```{{code-cell}} ipython3\n{code}\n```\n",
        encoding="utf-8",
    )
    return source


def test_executes_in_the_chapter_folder_and_stores_outputs(
    tmp_path: Path,
) -> None:
    (tmp_path / "here.txt").write_text("found")
    target = execute_chapter(
        chapter(tmp_path, "print(open('here.txt').read())\n6 * 7")
    )
    assert target == tmp_path / "99-test.ipynb"
    cell = jupytext.read(target).cells[-1]
    assert cell.outputs[0]["text"] == "found\n"
    assert cell.outputs[1]["data"]["text/plain"] == "42"
    assert "execution" not in cell.metadata  # no timestamps stored
    assert (
        jupytext.read(target).metadata["jupytext"]["formats"]
        == "ipynb,md:myst"
    )


def test_executing_twice_writes_the_same_bytes(tmp_path: Path) -> None:
    target = execute_chapter(chapter(tmp_path, "import math\nmath.pi"))
    first = target.read_bytes()
    assert execute_chapter(tmp_path / "99-test.md").read_bytes() == first
    assert [cell.id for cell in jupytext.read(target).cells] == [
        "cell-0",
        "cell-1",
    ]


def test_a_failing_cell_fails_the_execution(tmp_path: Path) -> None:
    with pytest.raises(
        nbclient.exceptions.CellExecutionError, match="ZeroDivisionError"
    ):
        execute_chapter(chapter(tmp_path, "1 / 0"))
    assert not (tmp_path / "99-test.ipynb").exists()


def test_only_myst_sources_are_executed(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a MyST chapter"):
        execute_chapter(tmp_path / "01-x.ipynb")
