"""A code cell read as Python: IPython's lines as IPython runs them, every
line where it was."""

import ast

import pytest
from cell_code import CellCodeError, python_source, syntax_tree


def test_plain_python_is_left_as_it_is() -> None:
    for cell in ("", "x = 1", "\n\nx = 1\n", "    y = 2\n\n", 's = "%d" % 3'):
        assert python_source(cell) == cell


def test_magics_and_shell_lines_become_ipython_calls_in_place() -> None:
    cell = (
        "if IN_COLAB:\n"
        "    %pip install --quiet rnadl\n"
        "files = !ls\n"
        "len?\n"
        "x = 1  # 50 %"
    )
    python = python_source(cell)
    assert python.splitlines() == [
        "if IN_COLAB:",
        "    get_ipython().run_line_magic('pip', 'install --quiet rnadl')",
        "files = get_ipython().getoutput('ls')",
        "get_ipython().run_line_magic('pinfo', 'len')",
        "x = 1  # 50 %",
    ]


def test_line_numbers_are_the_cells() -> None:
    cell = "\n%matplotlib inline\nimport rnadl.glue\nvalue = 3\n"
    tree = syntax_tree(cell)
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import)]
    assert [(n.lineno, n.names[0].name) for n in imports] == [
        (3, "rnadl.glue")
    ]
    assign = tree.body[-1]
    assert ast.get_source_segment(python_source(cell), assign) == "value = 3"


def test_what_cannot_keep_its_lines_is_refused() -> None:
    with pytest.raises(CellCodeError, match=r"cell magic \(%%time\)"):
        python_source("\n%%time\nx = 1")
    with pytest.raises(CellCodeError, match="write it on one line"):
        python_source("!ls \\\n  -l\nx = 1")


def test_python_errors_stay_syntax_errors() -> None:
    with pytest.raises(SyntaxError):
        syntax_tree("x = = 1")
