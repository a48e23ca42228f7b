"""The setup cell every page starts with, written from one place.

In Colab it installs the book's package; everywhere it starts TensorFlow
with the page's oneDNN choice (book/manifest.yml) before anything imports
it. The page executor puts it after each page's title (tools/
execute_pages.py); the practice notebooks get the same cell with the
package pinned to a fixed commit (tools/practice_notebooks.py).
"""

import tomllib
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETUP_TAG = "setup"


def repository() -> str:
    """The repository's URL, configured once in _config.yml."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    return config["repository"]["url"]


def pinned(package: str) -> str:
    """The book's exact pin of a package (pyproject.toml): name==version."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pins = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["book"],
    ]
    return next(pin for pin in pins if pin.startswith(f"{package}=="))


def setup_source(onednn: bool, ref: str = "main", glue: bool = True) -> str:
    """The setup cell's code: install in Colab (the package at ref, and
    myst-nb when the page glues values), then start TensorFlow."""
    packages = f'"rnadl @ git+{{REPOSITORY}}@{ref}"'
    if glue:
        packages += f' "{pinned("myst-nb")}"'
    state = "activadas" if onednn else "desactivadas"
    return (
        "# Preparación. En Colab instala el paquete del libro; en todo caso\n"
        "# inicia TensorFlow antes de que nada lo importe, con las\n"
        f"# optimizaciones de grafo de oneDNN {state} (véase el apéndice).\n"
        "import sys\n"
        "\n"
        f'REPOSITORY = "{repository()}"\n'
        f"PACKAGES = f'{packages}'\n"
        'if "google.colab" in sys.modules:\n'
        "    %pip install --quiet --no-deps {PACKAGES}\n"
        "\n"
        "from rnadl.startup import import_tensorflow\n"
        "\n"
        f"tf = import_tensorflow(onednn={onednn})"
    )


def setup_cell(onednn: bool, **options) -> nbformat.NotebookNode:
    """The setup cell, hidden on the site."""
    cell = nbformat.v4.new_code_cell(setup_source(onednn, **options))
    cell.metadata["tags"] = ["remove-cell", SETUP_TAG]
    return cell


def is_setup(cell: nbformat.NotebookNode) -> bool:
    """Whether a cell is a page's setup cell."""
    return SETUP_TAG in cell.get("metadata", {}).get("tags", [])


def with_setup_cell(
    notebook: nbformat.NotebookNode, cell: nbformat.NotebookNode
) -> bool:
    """Make cell the notebook's only setup cell, right after the title;
    return whether the notebook changed."""
    kept = [c for c in notebook.cells if not is_setup(c)]
    title = 1 if kept and kept[0].cell_type == "markdown" else 0
    cells = [*kept[:title], cell, *kept[title:]]
    changed = [(c.cell_type, c.source, c.metadata) for c in cells] != [
        (c.cell_type, c.source, c.metadata) for c in notebook.cells
    ]
    notebook.cells = cells
    return changed
