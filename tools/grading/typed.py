"""One value typed in an answer sheet, read as the answer it stands for.

A Colombian document writes numbers with a decimal comma and groups
thousands with a point or a space; the teacher's key says what is
expected where (an integer, a decimal, a formula, a text, true or false,
a dict or a sequence), and that guides the reading:

- «564.938» where an integer goes: 564 938 (the point groups thousands);
  «564 938» likewise; «19,920» where an integer goes: 19 920; «0,5»: 0.5
  (a decimal comma); «1.234,5» and «1,234.5»: 1234.5; «−0,98»: −0.98;
  «86,5 %»: 0.865;
- a formula (a SymPy answer) in the chapters' notation (grading.formulas);
- «sí»/«no» for true or false; a text as it is;
- a sequence as a list, or by the names of its positions ({b: …, w: …}).

Every reading that changes what was typed is said, for the feedback. The
judge's child process reads the values (grading.judge): a formula is
SymPy, and SymPy may take long.
"""

import math
import re
import unicodedata
from collections.abc import Mapping

import numpy as np
import sympy

from grading.formulas import FormulaError, formula
from rnadl.answers import decode

SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f\u2009']+(?=\d)")
THOUSANDS_POINT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
THOUSANDS_COMMA = re.compile(r"^[-+]?\d{1,3}(,\d{3})+$")
TRUE = {"si", "true", "verdadero", "yes", "cierto"}
FALSE = {"no", "false", "falso"}


class SheetValueError(ValueError):
    """A typed value that cannot be read as what the key expects."""


def plain(text: str) -> str:
    """Lower case, no accents, single spaces: how words are compared."""
    bare = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def _is_integer(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def number(text: object, integer: bool, notes: list[str]) -> float | int:
    """A number typed in a Colombian document (see the module's
    docstring); integer: whether the key expects an integer there."""
    if not isinstance(text, str):
        raise SheetValueError(f"se esperaba un número y la hoja trae {text!r}")
    typed = text.strip()
    bare = typed.replace("\u2212", "-").replace("_", "")
    percent = bare.endswith("%")
    bare = bare.rstrip("%").strip()
    grouped = SPACES.sub("", bare)
    reading = None
    if "." in grouped and "," in grouped:
        decimal = "," if grouped.rfind(",") > grouped.rfind(".") else "."
        other = "." if decimal == "," else ","
        grouped = grouped.replace(other, "").replace(decimal, ".")
        reading = f"«{other}» separa los miles y «{decimal}» los decimales"
    elif "," in grouped:
        if integer and THOUSANDS_COMMA.match(grouped):
            grouped = grouped.replace(",", "")
            reading = "la coma separa los miles"
        else:
            grouped = grouped.replace(",", ".")
            reading = "coma decimal"
    elif integer and THOUSANDS_POINT.match(grouped):
        grouped = grouped.replace(".", "")
        reading = "el punto separa los miles"
    elif grouped != bare:
        reading = "los espacios separan los miles"
    try:
        value = float(grouped)
    except ValueError:
        raise SheetValueError(f"«{typed}» no es un número") from None
    if not math.isfinite(value):
        raise SheetValueError(f"«{typed}» no es un número finito")
    if percent:
        value /= 100
        reading = ", ".join(filter(None, [reading, "un porcentaje"]))
    if value.is_integer() and (integer or re.fullmatch(r"-?\d+", grouped)):
        value = int(value)
    if reading:
        notes.append(f"«{typed}» se leyó como {_shown(value)} ({reading}).")
    return value


def _shown(value: float | int) -> str:
    return str(value) if _is_integer(value) else repr(float(value))


def _one(typed: object, expected: object, notes: list[str]):
    """A value typed where the key expects `expected` (None: a number of
    the student's own run)."""
    if isinstance(expected, sympy.Basic):
        if not isinstance(typed, str):
            raise SheetValueError("se esperaba una fórmula")
        try:
            return formula(typed)
        except FormulaError as problem:
            raise SheetValueError(f"la fórmula {problem}") from None
    if isinstance(expected, bool | np.bool_):
        word = plain(typed) if isinstance(typed, str) else ""
        if word in TRUE or word in FALSE:
            return word in TRUE
        raise SheetValueError(f"se esperaba sí o no, no {typed!r}")
    if isinstance(expected, str):
        if not isinstance(typed, str):
            raise SheetValueError("se esperaba un texto")
        return typed
    if isinstance(expected, Mapping):
        if not isinstance(typed, Mapping):
            raise SheetValueError(
                "se esperaba una lista de claves ("
                + ", ".join(map(str, expected))
                + ")"
            )
        keys = {str(key).strip(): key for key in expected}
        read = {}
        for written, value in typed.items():
            key = keys.get(str(written).strip(), written)
            read[key] = _one(value, expected.get(key), notes)
        return read
    if isinstance(expected, list | tuple | np.ndarray):
        return _sequence(typed, list(expected), type(expected), notes)
    return number(typed, _is_integer(expected), notes)


def _sequence(typed, expected: list, kind, notes, names=None):
    """A sequence: a list, a text with ; between values, or (with names)
    a dict by position names."""
    if isinstance(typed, Mapping) and names:
        order = {plain(str(name)) for name in names}
        given = {plain(str(k)): v for k, v in typed.items()}
        unknown = sorted(set(given) - order)
        if unknown:
            raise SheetValueError(
                f"no conozco {', '.join(unknown)}; los valores son "
                + ", ".join(map(str, names))
            )
        typed = [given.get(plain(str(name))) for name in names]
        notes.append(
            f"Los valores se tomaron en este orden: {', '.join(names)}."
        )
    if isinstance(typed, str) and ";" in typed:
        typed = [part.strip() for part in typed.split(";")]
    if not isinstance(typed, list):
        raise SheetValueError(
            f"se esperaban {len(expected)} valores, como una lista [a, b, …]"
            + (f" o por nombre ({', '.join(names)})" if names else "")
        )
    values = [
        None
        if value is None
        else _one(value, expected[i] if i < len(expected) else None, notes)
        for i, value in enumerate(typed)
    ]
    if kind is np.ndarray:
        return np.array(values, dtype=float)
    return tuple(values) if kind is tuple else values


def read_value(typed: object, spec: dict) -> tuple[object, tuple[str, ...]]:
    """The answer a sheet's value stands for, judged by spec's check, and
    what its reading changed; SheetValueError when it cannot be read."""
    expected = decode(spec["expected"])
    names = spec.get("names")
    notes: list[str] = []
    if expected is None:  # a value of the student's own run: by its bounds
        bounds = decode(spec["bounds"])
        if isinstance(bounds, Mapping):
            bounds = bounds.get("full")
        if isinstance(bounds, list):
            value = _sequence(typed, [0.5] * len(bounds), tuple, notes, names)
        else:
            value = number(typed, False, notes)
        return value, tuple(notes)
    if isinstance(expected, list | tuple | np.ndarray) and names:
        value = _sequence(typed, list(expected), type(expected), notes, names)
    else:
        value = _one(typed, expected, notes)
    return value, tuple(notes)
