"""rnadl.exercises: every verdict a student can meet, in Spanish."""

import numpy as np
import pytest
import sympy as sp

from rnadl.exercises import CORRECT, INCORRECT, UNANSWERED, Check


def status(check: Check, answer: object) -> tuple[str, str]:
    verdict = check.verdict(answer)
    return verdict.status, verdict.message


@pytest.fixture
def step() -> Check:
    return Check(
        "ej-bp4-alpha",
        -0.8123,
        tolerance=5e-4,
        hint="El incremento es proporcional a α.",
        wrong=[(0.2, "Es la cifra de la solución entregada.")],
    )


def test_a_number_within_tolerance_is_correct(step: Check) -> None:
    assert step.verdict(-0.8125)
    assert status(step, np.float32(-0.8121))[0] == CORRECT
    assert "Tolerancia: ±0.0005" in step.verdict(-0.8123).message


def test_the_placeholder_is_unanswered_not_wrong(step: Check) -> None:
    verdict = step.verdict(...)
    assert verdict.status == UNANSWERED and not verdict
    assert "`...`" in verdict.message
    assert repr(verdict).startswith("✎ Sin responder")


@pytest.mark.parametrize(
    "answer, words",
    [
        (0.2, "solución entregada"),  # a known wrong answer, its own hint
        (0.8123, "signo contrario"),
        (-81.23, "100 veces"),
        (-0.008123, "centésima"),
        (-1.6246, "doble"),
        (-0.8153, "Se acerca"),
        (3.0, "No coincide"),
        ("-0.8123", "sin comillas"),
        ("mucho", "Se esperaba un número"),
        (None, "olvidó asignar"),
        ([1, 2], "una secuencia de 2 valores"),
        (float("nan"), "revise la cuenta"),
    ],
)
def test_wrong_numbers_say_what_is_wrong(
    step: Check, answer: object, words: str
) -> None:
    verdict_status, message = status(step, answer)
    assert verdict_status == INCORRECT
    assert words in message
    if not isinstance(answer, str):  # the expected value is never told
        assert "0.8123" not in message


def test_exact_values_say_so() -> None:
    count = Check("ej-x", 564938, hint="Sume capa por capa.")
    assert count.verdict(564938) and count.verdict(np.int64(564938))
    assert "valor exacto" in status(count, 564939)[1]


def test_sequences_check_shape_and_name_the_wrong_element() -> None:
    pair = Check(
        "inciso-4",
        (-0.8123, 1.0831),
        tolerance=5e-4,
        hint="b y w, en ese orden.",
        names=("b", "w"),
        wrong=[((0.2, 0.5), "Son las cifras de la solución entregada.")],
    )
    assert pair.verdict([-0.8124, 1.0832])
    assert pair.verdict(np.array([-0.8123, 1.0831]))
    assert "entregada" in status(pair, (0.2, 0.5))[1]
    assert (
        "w: Tiene el signo contrario." in status(pair, (-0.8123, -1.0831))[1]
    )
    assert "(en este orden: b, w)" in status(pair, (1, 2, 3))[1]
    assert "recibió el número 1" in status(pair, 1.0)[1]
    with pytest.raises(ValueError, match="3 names for 2 expected values"):
        Check("x", (1, 2), hint="", names=("a", "b", "c"))


def test_dicts_name_missing_and_wrong_keys() -> None:
    counts = Check("ej-c", {"conv_1_1": 280, "output": 16910}, hint="(k²c+1)f")
    assert counts.verdict({"output": 16910, "conv_1_1": 280})
    assert "faltan output" in status(counts, {"conv_1_1": 280})[1]
    assert (
        "conv_1_1: Su respuesta es el doble"
        in status(counts, {"conv_1_1": 560, "output": 16910})[1]
    )


def test_sympy_expressions_by_equivalence() -> None:
    a, d, w = sp.symbols("a delta w")
    rule = Check("inciso-3", 2 * a * d * w, hint="Regla de la cadena.")
    assert rule.verdict(w * d * a * 2)
    assert rule.verdict(sp.expand(2 * a * d * w))
    assert "signo contrario" in status(rule, -2 * a * d * w)[1]
    assert "factor 1/2" in status(rule, a * d * w)[1]
    assert "le faltan w" in status(rule, 2 * a * d)[1]
    assert "expresión de SymPy" in status(rule, "2*a*d*w")[1]
    equation = Check("e", sp.Eq(w, a * d), hint="")
    assert equation.verdict(sp.Eq(w, d * a, evaluate=False))
    assert "lado izquierdo" in status(equation, sp.Eq(a, a * d))[1]


def test_texts_ignore_case_accents_and_spaces() -> None:
    cls = Check("ej-t", "gato", hint="La clase con menos aciertos.")
    assert cls.verdict("  Gató ")
    assert status(cls, "perro")[0] == INCORRECT


def test_hint_and_solution_are_markdown() -> None:
    check = Check("ej-h", 1.0, hint="Piense en α.")
    assert check.hint()._repr_markdown_() == "**Pista.** Piense en α."
    assert "no trae la solución" in repr(check.solution())
    check.solution_code = "respuesta = 1.0\n"
    assert "```python\nrespuesta = 1.0\n```" in repr(check.solution())


def test_the_verdict_shows_in_colour_and_as_text() -> None:
    check = Check("ej-v", 1.0, hint="")
    html = check.verdict(2.0)._repr_html_()
    assert "#cf222e" in html and "✘ Incorrecto" in html
    assert repr(check.verdict(1.0)).startswith("✔ Correcto")
