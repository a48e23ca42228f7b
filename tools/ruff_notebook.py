"""ruff over a notebook's code cells, with the book's configuration.

ruff reads .ipynb files, not MyST and not notebooks in memory: the
notebook goes through a temporary .ipynb, is lint-fixed and formatted
there, and comes back as the text of that file. `make format` formats the
pages' sources this way (tools/format_pages.py), and the practice
notebooks are written this way.
"""

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).parent / "ruff"
PYPROJECT = ROOT / "pyproject.toml"


class RuffError(RuntimeError):
    """ruff could not fix or format a notebook (a cell is not Python)."""


def ruff_notebook(
    notebook: nbformat.NotebookNode,
    fixes: Sequence[str] = (),
    name: str = "notebook.ipynb",
) -> str:
    """The text of notebook as an .ipynb file after `ruff check
    --fix-only` (only the rules in fixes, when given: "F401", "I", …) and
    `ruff format`; name is the file's name in ruff's messages."""
    select = ["--select", ",".join(fixes)] if fixes else []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        nbformat.write(notebook, path)
        for command in (["check", "--fix-only", *select], ["format"]):
            result = subprocess.run(
                [str(RUFF), *command, "--quiet", "--config", str(PYPROJECT)]
                + [str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise RuffError(
                    f"ruff {command[0]} failed on {name}; fix the cell it "
                    f"names:\n{result.stdout}{result.stderr}"
                )
        return path.read_text("utf-8")
