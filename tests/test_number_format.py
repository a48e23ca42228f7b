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


def test_significant_figures_never_round_the_integer_part() -> None:
    from rnadl.number_format import significant

    assert significant(4.7312) == "4.73"
    assert significant(47.312) == "47.3"
    assert significant(0.047312) == "0.0473"
    assert significant(87805.4) == f"87{NNBSP}805"
    assert significant(-1.23456, 2) == "\u22121.2"


def test_scientific_uses_superscripts_and_a_true_minus() -> None:
    from rnadl.number_format import scientific

    assert scientific(2.8e-17) == "2.8 × 10\u207b\u00b9\u2077"
    assert scientific(-31400.0, 2) == "\u22123.14 × 10\u2074"


def test_tables_for_readers() -> None:
    import pandas as pd

    from rnadl.number_format import for_readers, shape

    frame = pd.DataFrame(
        {"a": [1.23456, -0.5], "n": [564938, 7], "ok": [True, False]}
    )
    shown = for_readers(frame, 2)
    assert shown["a"].tolist() == ["1.23", "\u22120.50"]
    assert shown["n"].tolist() == [f"564{NNBSP}938", "7"]
    assert shown["ok"].tolist() == ["sí", "no"]
    partly = for_readers(frame, {"a": 1})
    assert partly["a"].tolist() == ["1.2", "\u22120.5"]
    assert partly["n"].tolist() == [564938, 7]  # not named: unchanged
    missing = for_readers(pd.Series([float("nan"), 3.0]), 0)
    assert missing.tolist() == ["—", "3"]
    assert shape((28, 28, 32)) == "28×28×32"


def test_matrices_for_readers_count_rows_and_columns_from_one() -> None:
    from rnadl.number_format import matrix_for_readers

    shown = matrix_for_readers(
        [[2.3, -0.4, 1.0], [0.7, 1.25, -1.5]], "salida", "oculta", "W(2)", 1
    )
    assert shown.index.tolist() == ["salida 1", "salida 2"]
    assert shown.index.name == "W(2)"
    assert shown.columns.tolist() == ["oculta 1", "oculta 2", "oculta 3"]
    assert shown.loc["salida 1"].tolist() == ["2.3", "\u22120.4", "1.0"]
    assert shown.loc["salida 2", "oculta 2"] == "1.2"  # half to even
    assert matrix_for_readers([[1.0]], "r", "c").index.name is None
    with pytest.raises(ValueError):
        matrix_for_readers([], "r", "c")
