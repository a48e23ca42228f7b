"""Exercises that answer back, in Spanish: one Check per question.

Modelled on Kaggle Learn's learntools (``q1.check()``, ``q1.hint()``,
``q1.solution()``). In a chapter, each exercise and the inciso's own
question get a Check whose expected value the chapter's code computes,
and the chapter asserts that its own solution, computed apart, passes. In
the practice notebooks the student writes the answer in ``respuesta`` and
``check(respuesta)`` says whether it is right and, when it is not, what is
wrong: the type or the number of values, a decimal comma, the order, a
factor, the sign, a value close but outside the stated tolerance, or one
of the known wrong answers (those of the submitted solution) with its own
message.

The expected value is whatever the chapter computes: a number, a
sequence or array of numbers, a dict, a SymPy expression or a text. A
value that comes from a training run (an accuracy, a loss) differs from
one run to the next: its check also states ``bounds``, the range any
honest run of the same recipe falls in. Where the expected value is not
known (a student's own run, in the student edition and in grading), the
check judges by the bounds.

Every Check made in a kernel is kept in that kernel's answer key
(``answer_key``): the chapters write it into their executed notebook, and
the student edition and the grader read it from there.
"""

import itertools
import math
import numbers
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rnadl import answers
from rnadl.number_format import SUPERSCRIPTS, decimal
from rnadl.run_profile import PROFILES, current_profile

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
# Below this tolerance a hand-typed, rounded number cannot pass.
TIGHT_TOLERANCE = 1e-6
# The MIME type under which a chapter displays its answer key.
KEY_MIME = "application/vnd.rnadl.answer-key+json"
# A practice notebook leaves these out (tools/practice_code.py): only the
# book's pages show their key.
BOOK_ONLY_NAMES = ("display_answer_key",)
UNANSWERED_MESSAGE = (
    "Reemplace `...` por su respuesta y ejecute la celda de nuevo."
)


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


class CellMarkdown:
    """A piece of Markdown shown as a cell's result (a hint, a solution)."""

    def __init__(self, markdown: str) -> None:
        self.markdown = markdown

    def __repr__(self) -> str:
        return self.markdown

    def _repr_markdown_(self) -> str:
        return self.markdown


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number(value: float) -> str:
    """A number for a message, by the book's rule, with enough figures."""
    if value == 0 or 1e-6 <= abs(value) < 1e6:
        places = 0 if float(value).is_integer() else 8
        text = decimal(float(value), places)
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa, exponent = f"{value:.3e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPTS)}"


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(
        value, bool | np.bool_
    )


def _plain_text(text: str) -> str:
    """Lower case, no accents, single spaces: how texts are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def _series(words: Sequence[str]) -> str:
    """a, b y c."""
    words = list(words)
    return " y ".join(
        [", ".join(words[:-1]), words[-1]] if words[1:] else words
    )


# Every Check made in this kernel, by label: the chapter's answer key.
_KEY: dict[str, "Check"] = {}


class Check:
    """One question: its expected value, tolerance, hints and known wrong
    answers.

    label: the exercise's label in the book (ej-bp4-alpha); the variable
    that holds the check is named like it, with ``_`` for ``-``.
    expected: what the chapter's code computed (None where only the
    bounds are known: a student's own training run).
    hints: one nudge in Spanish, or several, from the gentlest; shown by
    hint(n).
    tolerance: largest accepted absolute difference of a number (of each
    number, for sequences and dicts); 0 asks for an exact value.
    wrong: known wrong answers and what to say of each (for example the
    submitted solution's values). None may pass as the expected value.
    names: for a sequence, what each position holds (shown in messages).
    bounds: for a value a training run gives, (low, high), or one such
    pair (or None, for an exact value) per position of a sequence; or a
    dict of those by run profile ({"full": …, "fast": …}, rnadl.run_profile)
    when a quick run gives other values. profile picks the run the check
    judges (default: the current profile).
    """

    def __init__(
        self,
        label: str,
        expected: object,
        *,
        hints: str | Sequence[str],
        tolerance: float = 0.0,
        wrong: Sequence[tuple[object, str]] = (),
        names: Sequence[str] | None = None,
        bounds: object = None,
        profile: str | None = None,
    ) -> None:
        self.label = label
        self.expected = expected
        self.tolerance = float(tolerance)
        self.hints = [hints] if isinstance(hints, str) else list(hints)
        self.wrong = [(value, message) for value, message in wrong]
        self.names = list(names) if names is not None else None
        by_run = bounds if isinstance(bounds, Mapping) else None
        if by_run is not None and set(by_run) != set(PROFILES):
            raise ValueError(
                f"{label}: bounds by profile need exactly the profiles "
                f"{', '.join(PROFILES)}; got {', '.join(map(str, by_run))}."
            )
        self.bounds_by_profile = (
            {
                run: _bounds(label, expected, b, self.names)
                for run, b in by_run.items()
            }
            if by_run is not None
            else None
        )
        self.profile = profile or current_profile()
        self.bounds = (
            self.bounds_by_profile[self.profile]
            if self.bounds_by_profile is not None
            else _bounds(label, expected, bounds, self.names)
        )
        self.solution_code = ""  # the book's solution, set by the notebook
        self._refuse_what_cannot_be_judged()
        _KEY[label] = self

    @property
    def name(self) -> str:
        """The variable a notebook holds this check in."""
        return self.label.replace("-", "_")

    def _refuse_what_cannot_be_judged(self) -> None:
        label = self.label
        if self.tolerance < 0 or not math.isfinite(self.tolerance):
            raise ValueError(f"{label}: the tolerance must be 0 or more.")
        if not self.hints or not all(h.strip() for h in self.hints):
            raise ValueError(f"{label}: every check needs a hint.")
        if self.expected is None and self.bounds is None:
            raise ValueError(f"{label}: no expected value and no bounds.")
        size = len(self.names) if self.names is not None else None
        if size is not None and self.expected is not None:
            if size != len(_as_sequence(self.expected)):
                raise ValueError(
                    f"{label}: {size} names for "
                    f"{len(_as_sequence(self.expected))} expected values."
                )
        if self.expected is None:
            return
        for value, _ in self.wrong:
            if self._equal(value, self.expected):
                raise ValueError(
                    f"{label}: the known wrong answer {value!r} passes as "
                    "the expected value; drop it (or tighten the "
                    "tolerance)."
                )

    # What a student calls -------------------------------------------------

    def check(self, answer: object) -> Verdict:
        """The verdict on an answer (shown as the cell's result)."""
        if _holds_ellipsis(answer):
            return Verdict(UNANSWERED, UNANSWERED_MESSAGE)
        if self.expected is None:
            return self._by_bounds(answer)
        for value, message in self.wrong:
            if self._equal(answer, value):
                return Verdict(INCORRECT, message)
        problem = self._problem(answer, self.expected)
        if problem is None:
            return Verdict(CORRECT, self._tolerance_note())
        return Verdict(
            INCORRECT, f"{problem} Pida una pista con `{self.name}.hint()`."
        )

    def hint(self, number: int = 1) -> CellMarkdown:
        """The hint of that number (1, the gentlest, by default)."""
        count = len(self.hints)
        if not 1 <= number <= count:
            return CellMarkdown(
                f"Esta pregunta tiene {count} "
                f"{'pista' if count == 1 else 'pistas'}: pida "
                f"`{self.name}.hint(1)`"
                + (f" a `{self.name}.hint({count})`." if count > 1 else ".")
            )
        more = (
            f" (Hay otra más: `{self.name}.hint({number + 1})`.)"
            if number < count
            else ""
        )
        heading = "Pista" if count == 1 else f"Pista {number} de {count}"
        return CellMarkdown(f"**{heading}.** {self.hints[number - 1]}{more}")

    def solution(self) -> CellMarkdown:
        """The book's solution code."""
        if not self.solution_code:
            return CellMarkdown("Esta pregunta no trae la solución del libro.")
        return CellMarkdown(
            "**Solución del libro.**\n\n```python\n"
            f"{self.solution_code.strip()}\n```"
        )

    # The key --------------------------------------------------------------

    def spec(self) -> dict:
        """The check as JSON data (rnadl.answers' form)."""
        return {
            "label": self.label,
            "expected": answers.encode(self.expected),
            "tolerance": self.tolerance,
            "hints": self.hints,
            "wrong": [[answers.encode(v), m] for v, m in self.wrong],
            "names": self.names,
            "bounds": answers.encode(
                self.bounds_by_profile
                if self.bounds_by_profile is not None
                else self.bounds
            ),
        }

    @classmethod
    def from_spec(cls, spec: Mapping, profile: str | None = None) -> "Check":
        """The check spec() wrote, judging the run of that profile."""
        return cls(
            spec["label"],
            answers.decode(spec["expected"]),
            hints=spec["hints"],
            tolerance=spec["tolerance"],
            wrong=[(answers.decode(v), m) for v, m in spec["wrong"]],
            names=spec["names"],
            bounds=answers.decode(spec["bounds"]),
            profile=profile,
        )

    # The verdict ----------------------------------------------------------

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
        if isinstance(expected, bool | np.bool_):
            if isinstance(answer, bool | np.bool_):
                return (
                    None
                    if answer == expected
                    else ("La respuesta es la contraria.")
                )
            return f"Se esperaba True o False; recibió {_kind(answer)}."
        if _is_real(expected):
            comma = _decimal_comma(answer, [expected])
            if comma:
                return comma
            return _number_problem(answer, float(expected), self.tolerance)
        return self._sequence_problem(answer, expected)

    def _sequence_problem(
        self, answer: object, expected: object
    ) -> str | None:
        wanted = _as_sequence(expected)
        if isinstance(answer, str) or not _is_sequence(answer):
            return f"Se esperaban {self._order(len(wanted))}; recibió " + (
                f"{_kind(answer)}."
            )
        given = _as_sequence(answer)
        if np.ndim(expected) == 1 and len(given) != len(wanted):
            comma = _decimal_comma(answer, wanted)
            if comma:
                return comma
            return (
                f"Se esperaban {self._order(len(wanted))}; recibió "
                f"{len(given)}."
            )
        if np.shape(answer) != np.shape(expected):
            return (
                "Se esperaba un arreglo de forma "
                f"{_shape(np.shape(expected))}; recibió uno de forma "
                f"{_shape(np.shape(answer))}."
            )
        problems = self._element_problems(given, wanted)
        if problems and len(wanted) <= 4 and self._in_another_order(answer):
            return (
                "Los valores son los esperados, pero en otro orden: se "
                f"piden en este orden: {_series(self.names or [])}."
                if self.names
                else "Los valores son los esperados, pero en otro orden."
            )
        return " ".join(problems) or None

    def _element_problems(self, given: list, wanted: list) -> list[str]:
        names = self.names or [
            f"El valor {index + 1}" for index in range(len(wanted))
        ]
        return [
            f"{name}: {problem}"
            for name, want, got in zip(names, wanted, given)
            if (problem := self._one(got, want))
        ]

    def _one(self, got: object, want: object) -> str | None:
        if _is_real(want):
            return _number_problem(got, float(want), self.tolerance)
        return self._problem(got, want)

    def _in_another_order(self, answer: object) -> bool:
        given = _as_sequence(answer)
        wanted = _as_sequence(self.expected)
        for order in itertools.permutations(range(len(given))):
            if list(order) == sorted(order):
                continue
            if not self._element_problems([given[i] for i in order], wanted):
                return True
        return False

    def _order(self, count: int) -> str:
        values = f"{count} valores"
        if self.names:
            return f"{values}, en este orden: {_series(self.names)}"
        return values

    def _mapping_problem(
        self, answer: object, expected: Mapping
    ) -> str | None:
        if not isinstance(answer, Mapping):
            return (
                "Se esperaba un diccionario con las claves "
                f"{_series(map(str, expected))}; recibió {_kind(answer)}."
            )
        missing = [key for key in expected if key not in answer]
        extra = [key for key in answer if key not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"faltan {_series(map(str, missing))}")
            if extra:
                parts.append(f"sobran {_series(map(str, extra))}")
            return "Las claves no son las esperadas: " + "; ".join(parts) + "."
        problems = [
            f"{key}: {problem}"
            for key, want in expected.items()
            if (problem := self._one(answer[key], want))
        ]
        return " ".join(problems) or None

    # Bounds -----------------------------------------------------------------

    def _outside(self, value: object) -> list[str]:
        """What falls outside the bounds (empty when nothing does)."""
        pairs = self.bounds if _is_pairs(self.bounds) else [self.bounds]
        values = _as_sequence(value) if _is_pairs(self.bounds) else [value]
        names = self.names or [f"El valor {i + 1}" for i in range(len(pairs))]
        if len(values) != len(pairs):
            return [
                f"Se esperaban {self._order(len(pairs))}; recibió "
                f"{_kind(value)}."
            ]
        outside = []
        for name, pair, got in zip(names, pairs, values):
            if pair is None:
                continue
            low, high = pair
            if not _is_real(got):
                outside.append(
                    f"{name}: se esperaba un número; recibió {_kind(got)}."
                )
            elif not low <= float(got) <= high:
                outside.append(
                    f"{name}: {_number(float(got))} queda fuera de lo que da "
                    f"un entrenamiento como el del libro (entre "
                    f"{_number(low)} y {_number(high)})."
                )
        return outside

    def _by_bounds(self, answer: object) -> Verdict:
        """The verdict on a value of the student's own run."""
        pairs = self.bounds if _is_pairs(self.bounds) else [self.bounds]
        comma = _decimal_comma(answer, [0.5 for _ in pairs])
        if comma:
            return Verdict(INCORRECT, comma)
        outside = self._outside(answer)
        if outside:
            return Verdict(
                INCORRECT,
                " ".join(outside)
                + f" Pida una pista con `{self.name}.hint()`.",
            )
        return Verdict(
            CORRECT,
            "(Valores de su propia ejecución: están en el intervalo que da "
            "un entrenamiento como el del libro.)",
        )


def answer_key() -> dict[str, dict]:
    """Every check made in this kernel, as JSON data, by label."""
    return {label: check.spec() for label, check in _KEY.items()}


def display_answer_key() -> None:
    """Show this kernel's answer key as a cell output (a chapter's last,
    book-only cell): the student edition and the grader read it there.

    A check whose expected value (this run's) lies outside its own bounds
    (for this run's profile) is refused: bounds that the book's own run
    does not meet would fail an honest student's run too."""
    from IPython.display import display

    for check in _KEY.values():
        if check.bounds is not None and check.expected is not None:
            outside = check._outside(check.expected)
            if outside:
                raise ValueError(
                    f"{check.label}: the expected value of this run "
                    f"({check.profile} profile) lies outside its own "
                    f"bounds: {' '.join(outside)}"
                )
    key = answer_key()
    display({KEY_MIME: key, "text/plain": f"{len(key)} preguntas"}, raw=True)


def _bounds(label: str, expected, bounds, names) -> object:
    """Bounds as a (low, high) pair or a list of pairs and Nones."""
    if bounds is None:
        return None
    if _is_pair(bounds):
        return (float(bounds[0]), float(bounds[1]))
    if not _is_sequence(bounds):
        raise ValueError(f"{label}: bounds are (low, high) pairs.")
    pairs = [
        None if pair is None else (float(pair[0]), float(pair[1]))
        for pair in bounds
    ]
    if not all(pair is None or _is_pair(pair) for pair in bounds):
        raise ValueError(f"{label}: bounds are (low, high) pairs.")
    size = len(names) if names is not None else None
    if expected is not None:
        size = len(_as_sequence(expected))
    if size is not None and size != len(pairs):
        raise ValueError(f"{label}: {len(pairs)} bounds for {size} values.")
    return pairs


def _is_pair(value: object) -> bool:
    return (
        _is_sequence(value)
        and len(value) == 2
        and all(_is_real(v) for v in value)
        and value[0] <= value[1]
    )


def _is_pairs(bounds: object) -> bool:
    return isinstance(bounds, list)


def _shape(sizes: tuple) -> str:
    return "×".join(map(str, sizes)) or "escalar"


def _kind(value: object) -> str:
    """How a wrong-typed answer is named in a message."""
    if value is None:
        return "None (¿olvidó asignar la respuesta?)"
    if isinstance(value, str):
        return f"el texto {value!r}"
    if isinstance(value, bool | np.bool_):
        return f"el valor lógico {value}"
    if _is_real(value):
        return f"el número {_number(float(value))}"
    if isinstance(value, np.ndarray):
        return f"un arreglo de forma {_shape(value.shape)}"
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


def _holds_ellipsis(value: object) -> bool:
    """The placeholder, alone or left inside a tuple, list or dict."""
    if value is Ellipsis:
        return True
    if isinstance(value, Mapping):
        return any(_holds_ellipsis(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_ellipsis(v) for v in value)
    return False


def _is_numeric(value: object) -> bool:
    if _is_real(value):
        return True
    if isinstance(value, Mapping):
        return all(_is_numeric(v) for v in value.values())
    return _is_sequence(value) and all(
        _is_real(v) for v in _as_sequence(value)
    )


def _decimal_comma(answer: object, wanted: list) -> str | None:
    """A message when the answer looks like numbers written with a decimal
    (or a thousands) comma: Python reads 0,5 as the two values 0 and 5."""
    count = len(wanted)
    if not isinstance(answer, tuple) or len(answer) <= count:
        return None
    fractions = any(_is_real(v) and not float(v).is_integer() for v in wanted)
    for first, second in itertools.pairwise(answer):
        if _is_int(first) and _is_int(second) and second >= 0:
            comma = f"{first},{second}"
            if fractions:
                asked = "¿Usó coma decimal?"
                fix = f"el decimal se escribe con punto: {first}.{second}"
            else:
                asked = "¿Separó los miles con coma?"
                fix = f"los miles no se separan: {first}{second}"
            wanted_text = (
                "Se esperaba 1 valor"
                if count == 1
                else f"Se esperaban {count} valores"
            )
            return (
                f"{asked} {wanted_text} y recibió {len(answer)}: Python lee "
                f"{comma} como dos números. En Python {fix}."
            )
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _looks_typed(answer: float) -> bool:
    """A number with at most 6 decimals, as one copies it from a print."""
    return math.isfinite(answer) and round(answer, 6) == answer


def _number_problem(
    answer: object, expected: float, tolerance: float
) -> str | None:
    """What is wrong with a number, or None when it is within tolerance."""
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if isinstance(answer, str):
        try:
            float(answer.replace(",", "."))
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
    if float(expected).is_integer() and expected and not answer.is_integer():
        for groups in (1_000, 1_000_000):
            if abs(answer * groups - expected) < 0.5:
                return (
                    f"¿Separó los miles con punto? En Python "
                    f"{_number(answer)} es un número decimal; los miles no "
                    "se separan (o se separan con _, como en 1_000)."
                )
    if expected != 0 and answer != 0:
        ratio = answer / expected
        for factor, message in FACTORS.items():
            if abs(ratio - factor) <= max(1e-9, 1e-3 * factor):
                return f"Su respuesta es {message}."
    stated = (
        f"la tolerancia es ±{_number(tolerance)}"
        if tolerance
        else "se pide el valor exacto"
    )
    close = difference <= max(10 * tolerance, 0.01 * abs(expected))
    typed = _looks_typed(answer) and not float(expected).is_integer()
    if tolerance < TIGHT_TOLERANCE and close and typed:
        return (
            "Parece un número copiado y redondeado: como "
            f"{stated}, asigne a `respuesta` el valor que calcula su "
            "código (la variable), no lo que muestra un print."
        )
    if close:
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
