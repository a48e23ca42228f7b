"""What an executed page glued (rnadl.glue, through myst-nb), read as
myst-nb reads it: the tests and the practice-notebook writer use this one
reader.

    glued_data(notebook)        name -> {mime type: data}
    glued_text(data, name, spec)  a value as {glue:text}`name:spec` shows it
"""

from pathlib import Path

import nbformat
from myst_nb.core.variables import format_plain_text
from myst_nb.ext.glue import extract_glue_data_cell


class GlueError(ValueError):
    """A glued value that is missing, doubled or has no text form."""


def glued_data(notebook: Path) -> dict[str, dict]:
    """Name -> {mime type: data} of everything an executed notebook glued
    (figures as image/png, values as text/plain, …), the mime types
    without myst-nb's prefix for values glued without display."""
    found: dict[str, dict] = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for name, output in extract_glue_data_cell(cell):
            if name in found:
                raise GlueError(
                    f"{notebook} glues {name!r} twice (myst-nb would keep "
                    "the last one and warn): give each value its own name."
                )
            found[name] = dict(output["data"])
    return found


def glued_text(data: dict[str, dict], name: str, spec: str = "") -> str:
    """The value glued under name as the role {glue:text} shows it (a str
    without its quotes; spec a format specification such as .2f)."""
    if name not in data:
        raise GlueError(f"nothing is glued under {name!r}")
    if "text/plain" not in data[name]:
        raise GlueError(f"{name!r} is glued without a text form (text/plain)")
    return format_plain_text(data[name]["text/plain"], spec)
