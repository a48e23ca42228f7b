"""Values and figures stored for the prose (myst-nb's glue), written by the
book's number rule.

Each number is stored twice: under its name the value itself (as a plain
int or float, for readers of the results), and under name + "_txt" the
text a reader sees (rnadl.number_format), read in the prose with
``{glue:text}`name_txt```. The text is glued as a str: its quoted repr is
what makes ``{glue:text}`` show it exactly (a bare 0.2870 would be read
back as the float 0.287 and lose its last zero).

The practice notebooks drop every call of this module: what it stores is
for the book's pages only (BOOK_ONLY says so to tools/practice_code.py).
"""

import numbers

from rnadl.number_format import decimal, integer, percent

BOOK_ONLY = True  # a practice notebook leaves out every call of this module


def _plain(value: numbers.Real) -> int | float:
    """A NumPy or Python number as a plain int or float (its text/plain is
    then 0.87, not np.float64(0.87))."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"expected a real number, got {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)


def glue_text(name: str, text: str) -> None:
    """Store a text for the prose (a word, a label, a formula)."""
    from myst_nb import glue

    if not isinstance(text, str):
        raise TypeError(f"{name}: expected a str, got {text!r}")
    glue(name, text, display=False)


def glue_number(name: str, value: numbers.Real, text: str) -> None:
    """Store value under name and the reader's text under name + "_txt"."""
    from myst_nb import glue

    glue(name, _plain(value), display=False)
    glue_text(f"{name}_txt", text)


def glue_integer(name: str, value: numbers.Integral) -> None:
    """Store an integer: 564 938."""
    glue_number(name, value, integer(value))


def glue_decimal(name: str, value: numbers.Real, digits: int) -> None:
    """Store a real number with `digits` decimals in its text: 0.79."""
    glue_number(name, value, decimal(float(value), digits))


def glue_percent(name: str, fraction: numbers.Real, digits: int = 1) -> None:
    """Store a fraction; its text is a percentage: 0.8778 -> 87.8 %."""
    glue_number(name, fraction, percent(float(fraction), digits))


def glue_math(name: str, latex: str) -> None:
    """Store display math (LaTeX, without $$) for a {glue:math} block."""
    from IPython.display import Math
    from myst_nb import glue

    if not isinstance(latex, str):
        raise TypeError(f"{name}: expected LaTeX as a str, got {latex!r}")
    glue(name, Math(latex), display=False)


def glue_figure(name: str, figure) -> None:
    """Store a matplotlib figure for a numbered {glue:figure} and close it,
    so that it appears only where the prose places it."""
    import matplotlib.pyplot as plt
    from myst_nb import glue

    glue(name, figure, display=False)
    plt.close(figure)
