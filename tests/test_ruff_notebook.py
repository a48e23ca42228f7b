"""ruff over a notebook (tools/ruff_notebook.py) and `make format`, which
formats the pages' MyST sources with it (tools/format_pages.py)."""

from pathlib import Path

import jupytext
import nbformat
import pytest
from format_pages import format_source
from ruff_notebook import RuffError, ruff_notebook

MESSY = "import sys\nimport os\nx=[1,2 ,3]"


def code_of(text: str) -> list[str]:
    notebook = nbformat.reads(text, as_version=4)
    return [c.source for c in notebook.cells if c.cell_type == "code"]


def notebook_of(*cells: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Título\n\nUna  frase .")]
        + [nbformat.v4.new_code_cell(cell) for cell in cells]
    )


def test_fixes_and_formats_with_the_books_configuration() -> None:
    text = ruff_notebook(notebook_of(MESSY))
    assert code_of(text) == ["x = [1, 2, 3]"]  # unused imports gone
    assert (
        nbformat.reads(text, as_version=4).cells[0].source
        == "# Título\n\nUna  frase ."
    )


def test_only_the_fixes_asked_for() -> None:
    text = ruff_notebook(notebook_of(MESSY), fixes=("I",))
    assert code_of(text) == ["import os\nimport sys\n\nx = [1, 2, 3]"]


def test_code_that_is_not_python_is_named() -> None:
    with pytest.raises(RuffError, match="ruff format failed on page.ipynb"):
        ruff_notebook(notebook_of("x = = 1"), name="page.ipynb")


def test_make_format_rewrites_only_the_code_of_a_source(
    tmp_path: Path,
) -> None:
    source = tmp_path / "99-page.md"
    jupytext.write(
        notebook_of("import math\nmath.sqrt( 2 )"), source, fmt="md:myst"
    )
    prose = source.read_text("utf-8").split("```")[0]
    assert format_source(source)
    assert source.read_text("utf-8").split("```")[0] == prose
    cells = jupytext.read(source).cells
    assert cells[1].source == "import math\n\nmath.sqrt(2)"
    assert not format_source(source)  # formatted already
