"""The book's one rule for writing numbers."""

import pytest
from myst_nb.core.variables import format_plain_text

from rnadl.number_format import decimal, integer, percent

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    "value, text",
    [
        (564938, f"564{NNBSP}938"),
        (19920, f"19{NNBSP}920"),
        (4000, "4000"),  # four figures are not grouped
        (50000, f"50{NNBSP}000"),
        (1234567, f"1{NNBSP}234{NNBSP}567"),
        (7, "7"),
        (-12345, f"\u221212{NNBSP}345"),
    ],
)
def test_integers_are_grouped_above_four_figures(
    value: int, text: str
) -> None:
    assert integer(value) == text


def test_decimals_use_a_point_and_a_true_minus() -> None:
    assert decimal(0.78574, 3) == "0.786"
    assert decimal(-2.1149, 2) == "\u22122.11"
    assert decimal(-0.0001, 2) == "0.00"  # no minus sign on a printed zero
    assert decimal(12345.678, 1) == f"12{NNBSP}345.7"


def test_percent_has_a_no_break_space() -> None:
    assert percent(0.87777) == f"87.8{NBSP}%"
    assert percent(0.5, 0) == f"50{NBSP}%"


def test_bad_input_is_an_error() -> None:
    with pytest.raises(TypeError, match="expected an integer"):
        integer(3.5)
    with pytest.raises(TypeError, match="expected a real number"):
        decimal("3")
    with pytest.raises(ValueError, match="cannot write nan"):
        decimal(float("nan"))


@pytest.mark.parametrize(
    "text", ["0.2870", f"87.8{NBSP}%", "4000", f"564{NNBSP}938", "\u22122.11"]
)
def test_glued_text_is_shown_exactly(text: str) -> None:
    """What {glue:text} makes of a glued str: the text, quotes removed,
    trailing zeros kept."""
    assert format_plain_text(repr(text), "") == text
