"""A code cell's source read as Python, for the tools that read the pages'
code (the executor, the practice-notebook writer, the teaching tests).

A cell may hold IPython's line magics and shell escapes (``%pip …``,
``!ls``, ``x = !ls``, ``obj?``): IPython's own transformer rewrites them
as the calls IPython makes (``get_ipython().run_line_magic(…)``), and
every other line stays as it was, where it was, so that a node's line
numbers and source segments point into the cell. What cannot keep its
lines (a cell magic ``%%…``, a magic continued with a backslash) is
refused with a message that says how to write it.
"""

import ast

from IPython.core.inputtransformer2 import TransformerManager


class CellCodeError(ValueError):
    """A cell whose IPython syntax cannot be read line for line."""


def python_source(cell: str) -> str:
    """The cell's source as Python, line for line (see the module)."""
    lines = cell.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if first.lstrip().startswith("%%"):
        raise CellCodeError(
            f"a cell magic ({first.strip()}) makes the whole cell one call "
            "that the tools cannot read line by line; use line magics "
            f"(%…) instead:\n{cell}"
        )
    manager = TransformerManager()
    # Only the token transforms (% and ! lines, help with ?): the cleanup
    # ones drop leading blank lines and indentation, which moves lines.
    manager.cleanup_transforms = []
    manager.line_transforms = []
    ended = cell if cell.endswith("\n") else cell + "\n"  # as IPython ends it
    python = manager.transform_cell(ended)
    if python.count("\n") != ended.count("\n"):
        raise CellCodeError(
            "an IPython command continued over several lines (with a "
            "backslash) cannot be read line by line; write it on one "
            f"line:\n{cell}"
        )
    return python if cell.endswith("\n") else python.removesuffix("\n")


def syntax_tree(cell: str) -> ast.Module:
    """The syntax tree of a cell, its IPython lines read as IPython runs
    them; its line numbers are the cell's."""
    return ast.parse(python_source(cell))
