"""The one reader of what a page glued: every value and figure with its
mime types, and the text {glue:text} shows."""

from pathlib import Path

import nbformat
import pytest
from glued import GlueError, glued_data, glued_text

PREFIX = "application/papermill.record/"


def glue_output(name: str, data: dict, display: bool = False) -> dict:
    """An output as myst-nb's glue stores it."""
    prefix = "" if display else PREFIX
    return nbformat.v4.new_output(
        "display_data",
        data={prefix + mime: value for mime, value in data.items()},
        metadata={"scrapbook": {"name": name, "mime_prefix": prefix}},
    )


def notebook(tmp_path: Path, *outputs: dict) -> Path:
    cell = nbformat.v4.new_code_cell("glue(...)")
    shown = nbformat.v4.new_output("stream", name="stdout", text="hello\n")
    cell.outputs = [shown, *outputs]
    path = tmp_path / "page.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell("# Page"), cell]
        ),
        path,
    )
    return path


def test_every_glued_value_and_figure_with_its_mime_types(tmp_path) -> None:
    path = notebook(
        tmp_path,
        glue_output("acc", {"text/plain": "0.8712"}),
        glue_output("acc_txt", {"text/plain": "'87,1 %'"}),
        glue_output(
            "curve",
            {"image/png": "iVBOR", "text/plain": "<Figure>"},
            display=True,
        ),
    )
    data = glued_data(path)
    assert data == {
        "acc": {"text/plain": "0.8712"},
        "acc_txt": {"text/plain": "'87,1 %'"},
        "curve": {"image/png": "iVBOR", "text/plain": "<Figure>"},
    }
    assert glued_text(data, "acc_txt") == "87,1 %"  # no quotes
    assert glued_text(data, "acc", ".1%") == "87.1%"
    assert glued_text(data, "acc") == "0.8712"


def test_a_missing_doubled_or_textless_value_is_an_error(tmp_path) -> None:
    twice = notebook(
        tmp_path,
        glue_output("acc", {"text/plain": "1"}),
        glue_output("acc", {"text/plain": "2"}),
    )
    with pytest.raises(GlueError, match="glues 'acc' twice"):
        glued_data(twice)
    data = {"image": {"image/png": "iVBOR"}}
    with pytest.raises(GlueError, match="nothing is glued under 'acc'"):
        glued_text(data, "acc")
    with pytest.raises(GlueError, match="without a text form"):
        glued_text(data, "image")
