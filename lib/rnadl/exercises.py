"""Exercises that answer back, in Spanish: one Check per question.

Modelled on Kaggle Learn's learntools (``q1.check()``, ``q1.hint()``,
``q1.solution()``). In a chapter, each exercise and the inciso's own
question get a Check whose expected value the chapter's code computes,
and the chapter asserts that its own solution passes. In the practice
notebooks (tools/practice_notebooks.py) the student writes the answer in
``respuesta`` and ``check(respuesta)`` says whether it is right and, when
it is not, what is wrong: the type or the shape, a factor, the sign, a
value close but outside the stated tolerance, or one of the known wrong
answers (those of the submitted solution) with its own hint.

The expected value is whatever the chapter computes: a number, a
sequence or array of numbers, a dict of numbers, a SymPy expression or a
text.
"""

import math
import numbers
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rnadl.number_format import decimal

CORRECT, INCORRECT, UNANSWERED = "correcta", "incorrecta", "sin responder"
SYMBOLS = {CORRECT: "✔ Correcto", INCORRECT: "✘ Incorrecto"}
SYMBOLS[UNANSWERED] = "✎ Sin responder"
COLOURS = {CORRECT: "#1a7f37", INCORRECT: "#cf222e", UNANSWERED: "#9a6700"}
# Factors a slip of units or of a formula produces (percent vs fraction,
# a missing 1/2 or 2).
FACTORS = {
    100.0: "100 veces el esperado: ¿lo escribió en porcentaje?",
    0.01: "la centésima parte del esperado: ¿escribió una fracción donde "
    "va un porcentaje?",
    1000.0: "1000 veces el esperado: revise las unidades",
    0.001: "la milésima parte del esperado: revise las unidades",
    10.0: "10 veces el esperado: revise la coma decimal o las unidades",
    0.1: "la décima parte del esperado: revise la coma decimal o las unidades",
    2.0: "el doble del esperado: ¿sobra un factor 2?",
    0.5: "la mitad del esperado: ¿falta un factor 2 (o sobra un ½)?",
}


@dataclass(frozen=True)
class Verdict:
    """What a check says of an answer; true only when it is correct."""

    status: str  # CORRECT, INCORRECT or UNANSWERED
    message: str

    def __bool__(self) -> bool:
        return self.status == CORRECT

    def __repr__(self) -> str:
        return f"{SYMBOLS[self.status]}. {self.message}".strip()

    def _repr_html_(self) -> str:
        colour = COLOURS[self.status]
        return (
            f'<p style="color:{colour}"><strong>{SYMBOLS[self.status]}.'
            f"</strong> {_html(self.message)}</p>"
        )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number(value: float) -> str:
    """A number for a message, by the book's rule, with enough figures."""
    if value == 0 or 1e-6 <= abs(value) < 1e6:
        places = 0 if float(value).is_integer() else 8
        text = decimal(float(value), places)
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:.3e}"


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _plain_text(text: str) -> str:
    """Lower case, no accents, single spaces: how texts are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


class Check:
    """One question: its expected value, tolerance, hint and known wrong
    answers.

    label: the exercise's label in the book (ej-bp4-alpha).
    expected: what the chapter's code computed.
    tolerance: largest accepted absolute difference of a number (of each
    number, for sequences and dicts); 0 asks for an exact value.
    hint: a nudge in Spanish, shown by hint().
    wrong: known wrong answers and what to say of each (for example the
    submitted solution's values).
    names: for a sequence, what each position holds (shown in messages).
    """

    def __init__(
        self,
        label: str,
        expected: object,
        *,
        hint: str,
        tolerance: float = 0.0,
        wrong: Sequence[tuple[object, str]] = (),
        names: Sequence[str] | None = None,
    ) -> None:
        if tolerance < 0:
            raise ValueError(f"{label}: the tolerance must be 0 or more.")
        if names is not None and len(names) != len(_as_sequence(expected)):
            raise ValueError(
                f"{label}: {len(names)} names for "
                f"{len(_as_sequence(expected))} expected values."
            )
        self.label = label
        self.expected = expected
        self.tolerance = float(tolerance)
        self.hint_text = hint
        self.wrong = list(wrong)
        self.names = list(names) if names is not None else None
        self.solution_code = ""  # the book's solution, set by the notebook

    # What a student calls -------------------------------------------------

    def check(self, answer: object) -> Verdict:
        """The verdict on an answer (shown as the cell's result)."""
        return self.verdict(answer)

    def hint(self) -> "Hint":
        """A nudge towards the answer."""
        return Hint(f"**Pista.** {self.hint_text}")

    def solution(self) -> "Hint":
        """The book's solution code."""
        if not self.solution_code:
            return Hint("Esta pregunta no trae la solución del libro.")
        return Hint(
            "**Solución del libro.**\n\n```python\n"
            f"{self.solution_code.strip()}\n```"
        )

    # The verdict ----------------------------------------------------------

    def verdict(self, answer: object) -> Verdict:
        """Compare an answer with the expected value (see the class)."""
        if answer is Ellipsis:
            return Verdict(
                UNANSWERED,
                "Reemplace `...` por su respuesta y ejecute la celda de "
                "nuevo.",
            )
        for value, message in self.wrong:
            if self._equal(answer, value):
                return Verdict(INCORRECT, message)
        problem = self._problem(answer, self.expected)
        if problem is None:
            return Verdict(CORRECT, self._tolerance_note())
        return Verdict(
            INCORRECT,
            f"{problem} Pida una pista con `{self._name()}.hint()`.",
        )

    def _name(self) -> str:
        return self.label.replace("-", "_")

    def _tolerance_note(self) -> str:
        if self.tolerance and _is_numeric(self.expected):
            return f"(Tolerancia: ±{_number(self.tolerance)}.)"
        return ""

    def _equal(self, answer: object, value: object) -> bool:
        try:
            return self._problem(answer, value) is None
        except Exception:  # a known wrong answer of another kind
            return False

    def _problem(self, answer: object, expected: object) -> str | None:
        """None when answer matches expected, else what is wrong."""
        if _is_sympy(expected):
            return _sympy_problem(answer, expected)
        if isinstance(expected, str):
            return _text_problem(answer, expected)
        if isinstance(expected, Mapping):
            return self._mapping_problem(answer, expected)
        if isinstance(expected, bool):
            if answer is expected or answer == expected:
                return None
            if not isinstance(answer, bool | np.bool_):
                return f"Se esperaba True o False; recibió {_kind(answer)}."
            return "La respuesta es la contraria."
        if _is_real(expected):
            return _number_problem(answer, float(expected), self.tolerance)
        return self._sequence_problem(answer, expected)

    def _sequence_problem(
        self, answer: object, expected: object
    ) -> str | None:
        wanted = _as_sequence(expected)
        if isinstance(answer, str) or not _is_sequence(answer):
            return (
                f"Se esperaban {len(wanted)} valores "
                f"{self._order()}; recibió {_kind(answer)}."
            )
        given = _as_sequence(answer)
        if np.shape(answer) != np.shape(expected):
            return (
                f"Se esperaba la forma {np.shape(expected)} "
                f"({len(wanted)} valores {self._order()}); recibió la "
                f"forma {np.shape(answer)}."
            )
        names = self.names or [
            f"el valor {index + 1}" for index in range(len(wanted))
        ]
        problems = [
            f"{name}: {problem}"
            for name, want, got in zip(names, wanted, given)
            if (problem := _number_problem(got, float(want), self.tolerance))
        ]
        return " ".join(problems) or None

    def _order(self) -> str:
        return (
            f"(en este orden: {', '.join(self.names)})" if self.names else ""
        )

    def _mapping_problem(
        self, answer: object, expected: Mapping
    ) -> str | None:
        if not isinstance(answer, Mapping):
            return (
                "Se esperaba un diccionario con las claves "
                f"{', '.join(map(str, expected))}; recibió {_kind(answer)}."
            )
        missing = [key for key in expected if key not in answer]
        extra = [key for key in answer if key not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"faltan {', '.join(map(str, missing))}")
            if extra:
                parts.append(f"sobran {', '.join(map(str, extra))}")
            return "Las claves no son las esperadas: " + "; ".join(parts) + "."
        problems = []
        for key, want in expected.items():
            if _is_real(want):
                problem = _number_problem(
                    answer[key], float(want), self.tolerance
                )
            else:
                problem = self._problem(answer[key], want)
            if problem:
                problems.append(f"{key}: {problem}")
        return " ".join(problems) or None


class Hint:
    """A piece of Markdown shown as a cell's result."""

    def __init__(self, markdown: str) -> None:
        self.markdown = markdown

    def __repr__(self) -> str:
        return self.markdown

    def _repr_markdown_(self) -> str:
        return self.markdown


def _kind(value: object) -> str:
    """How a wrong-typed answer is named in a message."""
    if value is None:
        return "None (¿olvidó asignar la respuesta?)"
    if isinstance(value, str):
        return f"el texto {value!r}"
    if isinstance(value, bool):
        return f"el valor lógico {value}"
    if _is_real(value):
        return f"el número {_number(float(value))}"
    if isinstance(value, np.ndarray):
        return f"un arreglo de forma {value.shape}"
    if isinstance(value, Mapping):
        return f"un diccionario de {len(value)} claves"
    if _is_sequence(value):
        return f"una secuencia de {len(value)} valores"
    return f"un objeto de tipo {type(value).__name__}"


def _is_sequence(value: object) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _as_sequence(value: object) -> list:
    if _is_sequence(value):
        return list(np.asarray(value, dtype=object).ravel())
    return [value]


def _is_numeric(value: object) -> bool:
    if _is_real(value):
        return True
    if isinstance(value, Mapping):
        return all(_is_numeric(v) for v in value.values())
    return _is_sequence(value) and all(
        _is_real(v) for v in _as_sequence(value)
    )


def _number_problem(
    answer: object, expected: float, tolerance: float
) -> str | None:
    """What is wrong with a number, or None when it is within tolerance."""
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if isinstance(answer, str):
        try:
            float(answer)
        except ValueError:
            return f"Se esperaba un número; recibió {_kind(answer)}."
        return f"Recibió el texto {answer!r}: escriba el número sin comillas."
    if not _is_real(answer):
        if _is_sympy(answer) and getattr(answer, "is_number", False):
            answer = float(answer)
        else:
            return f"Se esperaba un número; recibió {_kind(answer)}."
    answer = float(answer)
    if not math.isfinite(answer):
        return f"Su respuesta es {answer}: revise la cuenta."
    difference = abs(answer - expected)
    if difference <= tolerance:
        return None
    if expected != 0 and abs(answer + expected) <= tolerance:
        return "Tiene el signo contrario."
    if expected != 0 and answer != 0:
        ratio = answer / expected
        for factor, message in FACTORS.items():
            if abs(ratio - factor) <= max(1e-9, 1e-3 * factor):
                return f"Su respuesta es {message}."
    stated = (
        f"la tolerancia es ±{_number(tolerance)}"
        if tolerance
        else ("se pide el valor exacto")
    )
    if difference <= max(10 * tolerance, 0.01 * abs(expected)):
        return (
            f"Se acerca, pero se aleja {_number(difference)} del valor "
            f"esperado, y {stated}."
        )
    return f"No coincide con el valor esperado ({stated})."


def _is_sympy(value: object) -> bool:
    try:
        import sympy
    except ImportError:  # pragma: no cover - SymPy is a dependency
        return False
    return isinstance(value, sympy.Basic)


def _sympy_problem(answer: object, expected) -> str | None:
    """What is wrong with a symbolic answer, or None when it equals the
    expected expression."""
    import sympy

    if isinstance(expected, sympy.Equality):
        if not isinstance(answer, sympy.Equality):
            return (
                "Se esperaba una ecuación de SymPy, como "
                f"sp.Eq(izquierda, derecha); recibió {_kind(answer)}."
            )
        if sympy.simplify(answer.lhs - expected.lhs) != 0:
            return "El lado izquierdo no es la cantidad que se pide."
        return _sympy_problem(answer.rhs, expected.rhs)
    if isinstance(answer, str) or not (_is_sympy(answer) or _is_real(answer)):
        return f"Se esperaba una expresión de SymPy; recibió {_kind(answer)}."
    answer = sympy.sympify(answer)
    if sympy.simplify(answer - expected) == 0:
        return None
    missing = expected.free_symbols - answer.free_symbols
    extra = answer.free_symbols - expected.free_symbols
    if missing or extra:
        parts = []
        if missing:
            parts.append("le faltan " + ", ".join(sorted(map(str, missing))))
        if extra:
            parts.append("le sobran " + ", ".join(sorted(map(str, extra))))
        return "No es la expresión esperada: " + "; ".join(parts) + "."
    if sympy.simplify(answer + expected) == 0:
        return "Tiene el signo contrario."
    ratio = sympy.simplify(answer / expected)
    if ratio.is_number:
        return f"Difiere del esperado en un factor {ratio}."
    return "Tiene los símbolos esperados, pero no es la misma expresión."


def _text_problem(answer: object, expected: str) -> str | None:
    if not isinstance(answer, str):
        return f"Se esperaba un texto entre comillas; recibió {_kind(answer)}."
    if _plain_text(answer) == _plain_text(expected):
        return None
    return "No es la respuesta esperada."
