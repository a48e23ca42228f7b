"""How the book writes numbers for its readers, in prose and in tables.

One rule for the whole book, the one the Real Academia Española recommends
(Ortografía de la lengua española, 2010, and the SI): a decimal point; the
digits of numbers of more than four figures grouped in threes by a narrow
no-break space (564 938, but 4000); a no-break space between a number and
"%" (87.8 %); a true minus sign (−2.11).
"""

import math
import numbers

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


def glue_number(name: str, value: float, text: str) -> None:
    """Glue value under name (for readers of the results) and its text
    under name + "_txt" (for the prose).

    The text is glued as a str: its quoted repr is what makes
    ``{glue:text}`` show it exactly. (A bare 0.2870 would be read back as
    the float 0.287 and lose its last zero.)"""
    from myst_nb import glue

    glue(name, value, display=False)
    glue(f"{name}_txt", text, display=False)
