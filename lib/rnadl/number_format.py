"""How the book writes numbers for its readers, in prose and in tables.

One rule for the whole book, the one the Real Academia Española recommends
(Ortografía de la lengua española, 2010, and the SI): a decimal point; the
digits of numbers of more than four figures grouped in threes by a narrow
no-break space (564 938, but 4000); a no-break space between a number and
"%" (87.8 %); a true minus sign (−2.11).
"""

import math
import numbers

import pandas as pd

GROUP_SEPARATOR = "\u202f"  # narrow no-break space
PERCENT_SPACE = "\u00a0"  # no-break space
MINUS = "\u2212"


def _group(digits: str) -> str:
    """Group a string of digits in threes, only when it has more than four."""
    if len(digits) <= 4:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]]
    groups += [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return GROUP_SEPARATOR.join(groups)


def decimal(value: float, digits: int = 0) -> str:
    """Write value with a fixed number of decimals: 564 938, 0.79, −2.11."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"expected a real number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} as a number for readers")
    if digits < 0:
        raise ValueError(f"digits must be 0 or more, got {digits}")
    text = f"{abs(value):.{digits}f}"
    whole, _, fraction = text.partition(".")
    body = _group(whole) + (f".{fraction}" if fraction else "")
    negative = value < 0 and float(text) != 0
    return (MINUS if negative else "") + body


def integer(value: int) -> str:
    """Write an integer: 564 938, 19 920, 4000."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"expected an integer, got {value!r}")
    return decimal(int(value), 0)


def percent(fraction: float, digits: int = 1) -> str:
    """Write a fraction as a percentage: 0.8778 -> 87.8 %."""
    return decimal(100 * fraction, digits) + PERCENT_SPACE + "%"


def significant(value: float, figures: int = 3) -> str:
    """Write value with at least `figures` significant figures (never
    rounding the integer part): 4.73, 47.3, 473, 87 805."""
    if value == 0:
        return decimal(0.0, figures - 1)
    magnitude = math.floor(math.log10(abs(value)))
    return decimal(value, max(0, figures - 1 - magnitude))


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(value: float, digits: int = 1) -> str:
    """Write value as a power of ten: 2.8 × 10⁻¹⁷ (true minus sign)."""
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    power = str(int(exponent)).translate(SUPERSCRIPTS)
    return f"{decimal(float(mantissa), digits)} × 10{power}"


def shape(sizes) -> str:
    """Write an array or layer shape as 28×28×32."""
    return "×".join(str(size) for size in sizes)


def cell(value: object, digits: int) -> object:
    """One table cell for readers: integers grouped, other reals with
    `digits` decimals, truth values as sí/no, missing values as a dash;
    anything else (text) unchanged."""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, numbers.Real) and pd.isna(value):
        return "—"
    if isinstance(value, numbers.Integral):
        return integer(value)
    if isinstance(value, numbers.Real):
        return decimal(float(value), digits)
    return value


def for_readers(
    frame: pd.DataFrame | pd.Series, digits: int | dict[str, int] = 4
) -> pd.DataFrame | pd.Series:
    """A copy of a table with every number written by the book's rule:
    `digits` decimals for every column, or per column (name -> decimals;
    columns not named are left as they are)."""
    if isinstance(frame, pd.Series):
        return frame.map(lambda value: cell(value, digits))
    if isinstance(digits, int):
        return frame.map(lambda value: cell(value, digits))
    shown = frame.copy().astype(object)
    for column, places in digits.items():
        shown[column] = [cell(value, places) for value in frame[column]]
    return shown


def matrix_for_readers(
    matrix, rows: str, columns: str, name: str = "", digits: int = 4
) -> pd.DataFrame:
    """A matrix as a table for readers: row i labelled "<rows> i" and
    column j "<columns> j", counted from 1 as the text counts neurons (a
    weight matrix W⁽ˡ⁾: rows the receiving neurons, columns the sending
    ones); `name` heads the row labels; numbers by the book's rule."""
    frame = pd.DataFrame(matrix)
    if frame.ndim != 2 or frame.empty:
        raise ValueError(f"expected a non-empty 2-D matrix, got {matrix!r}")
    frame.index = pd.Index(
        [f"{rows} {i}" for i in range(1, len(frame.index) + 1)],
        name=name or None,
    )
    frame.columns = [f"{columns} {j}" for j in range(1, frame.shape[1] + 1)]
    return for_readers(frame, digits)
