"""Format the code of the pages' MyST sources with ruff (make format).

ruff reads notebooks, not MyST: each source goes through a temporary
.ipynb (tools/ruff_notebook.py), is formatted and lint-fixed there, and is
written back as MyST when its code changed. The executed .ipynb twin gets
the code at the next `make book`.
"""

import sys
from pathlib import Path

import jupytext
import nbformat
from pages import pages
from ruff_notebook import ruff_notebook


def format_source(source: Path) -> bool:
    """Format one source in place; return whether it changed."""
    notebook = jupytext.read(source)
    formatted = nbformat.reads(
        ruff_notebook(notebook, name=f"{source.stem}.ipynb"), as_version=4
    )
    changed = False
    for cell, new in zip(notebook.cells, formatted.cells, strict=True):
        if cell.cell_type == "code" and cell.source != new.source:
            cell.source, changed = new.source, True
    if changed:
        jupytext.write(notebook, source, fmt="md:myst")
    return changed


def main(argv: list[str]) -> None:
    sources = [Path(a) for a in argv] or [page.source for page in pages()]
    for source in sources:
        if format_source(source):
            print(f"formatted {source}")


if __name__ == "__main__":
    main(sys.argv[1:])
