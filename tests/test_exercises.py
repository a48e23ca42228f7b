"""rnadl.exercises: every verdict a student can meet, in Spanish."""

import numpy as np
import pytest
import sympy as sp

from rnadl.exercises import (
    CORRECT,
    INCORRECT,
    UNANSWERED,
    Check,
    display_answer_key,
)


def status(check: Check, answer: object) -> tuple[str, str]:
    verdict = check.check(answer)
    return verdict.status, verdict.message


@pytest.fixture
def step() -> Check:
    return Check(
        "ej-bp4-alpha",
        -0.8123,
        tolerance=5e-4,
        hints="El incremento es proporcional a α.",
        wrong=[(0.2, "Es la cifra de la solución entregada.")],
    )


def test_a_number_within_tolerance_is_correct(step: Check) -> None:
    assert step.check(-0.8125)
    assert status(step, np.float32(-0.8121))[0] == CORRECT
    assert "Tolerancia: ±0.0005" in step.check(-0.8123).message


def test_the_placeholder_is_unanswered_not_wrong(step: Check) -> None:
    verdict = step.check(...)
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
    count = Check("ej-x", 564938, hints="Sume capa por capa.")
    assert count.check(564938) and count.check(np.int64(564938))
    assert "valor exacto" in status(count, 564939)[1]


def test_sequences_check_shape_and_name_the_wrong_element() -> None:
    pair = Check(
        "inciso-4",
        (-0.8123, 1.0831),
        tolerance=5e-4,
        hints="b y w, en ese orden.",
        names=("b", "w"),
        wrong=[((0.2, 0.5), "Son las cifras de la solución entregada.")],
    )
    assert pair.check([-0.8124, 1.0832])
    assert pair.check(np.array([-0.8123, 1.0831]))
    assert "entregada" in status(pair, (0.2, 0.5))[1]
    assert (
        "w: Tiene el signo contrario." in status(pair, (-0.8123, -1.0831))[1]
    )
    assert "recibió 3." in status(pair, (1.5, 2.5, 3.5))[1]
    assert "recibió el número 1" in status(pair, 1.0)[1]
    with pytest.raises(ValueError, match="3 names for 2 expected values"):
        Check("x", (1, 2), hints="Una pista.", names=("a", "b", "c"))


def test_dicts_name_missing_and_wrong_keys() -> None:
    counts = Check(
        "ej-c", {"conv_1_1": 280, "output": 16910}, hints="(k²c+1)f"
    )
    assert counts.check({"output": 16910, "conv_1_1": 280})
    assert "faltan output" in status(counts, {"conv_1_1": 280})[1]
    assert (
        "conv_1_1: Su respuesta es el doble"
        in status(counts, {"conv_1_1": 560, "output": 16910})[1]
    )


def test_sympy_expressions_by_equivalence() -> None:
    a, d, w = sp.symbols("a delta w")
    rule = Check("inciso-3", 2 * a * d * w, hints="Regla de la cadena.")
    assert rule.check(w * d * a * 2)
    assert rule.check(sp.expand(2 * a * d * w))
    assert "signo contrario" in status(rule, -2 * a * d * w)[1]
    assert "factor 1/2" in status(rule, a * d * w)[1]
    assert "le faltan w" in status(rule, 2 * a * d)[1]
    assert "expresión de SymPy" in status(rule, "2*a*d*w")[1]
    equation = Check("e", sp.Eq(w, a * d), hints="Una pista.")
    assert equation.check(sp.Eq(w, d * a, evaluate=False))
    assert "lado izquierdo" in status(equation, sp.Eq(a, a * d))[1]


def test_texts_ignore_case_accents_and_spaces() -> None:
    cls = Check("ej-t", "gato", hints="La clase con menos aciertos.")
    assert cls.check("  Gató ")
    assert status(cls, "perro")[0] == INCORRECT


def test_hint_and_solution_are_markdown() -> None:
    check = Check("ej-h", 1.0, hints="Piense en α.")
    assert check.hint()._repr_markdown_() == "**Pista.** Piense en α."
    assert "1 pista" in repr(check.hint(2))
    assert "no trae la solución" in repr(check.solution())
    check.solution_code = "respuesta = 1.0\n"
    assert "```python\nrespuesta = 1.0\n```" in repr(check.solution())


def test_the_verdict_shows_in_colour_and_as_text() -> None:
    check = Check("ej-v", 1.0, hints="Una pista.")
    html = check.check(2.0)._repr_html_()
    assert "#cf222e" in html and "✘ Incorrecto" in html
    assert repr(check.check(1.0)).startswith("✔ Correcto")


def test_several_hints_from_the_gentlest() -> None:
    check = Check("ej-h2", 1.0, hints=["Piense en α.", "α multiplica δ."])
    assert repr(check.hint()).startswith("**Pista 1 de 2.** Piense en α.")
    assert "`ej_h2.hint(2)`" in repr(check.hint())
    assert repr(check.hint(2)) == "**Pista 2 de 2.** α multiplica δ."
    assert "`ej_h2.hint(1)` a `ej_h2.hint(2)`" in repr(check.hint(3))
    with pytest.raises(ValueError, match="needs a hint"):
        Check("ej-h3", 1.0, hints=[])


def test_a_wrong_answer_that_passes_as_right_is_refused() -> None:
    with pytest.raises(ValueError, match=r"ej-o: the known wrong answer 1\.0"):
        Check("ej-o", 1.00001, tolerance=1e-3, hints="h", wrong=[(1.0, "x")])
    # Another order is not the same answer: a slip of its own.
    Check("ej-o2", (1.0, 2.0), hints="h", wrong=[((2.0, 1.0), "Al revés.")])


@pytest.fixture
def pair() -> Check:
    return Check(
        "ej-bp4-inciso",
        (-0.98932, 1.06576),
        names=("b", "w"),
        tolerance=5e-5,
        hints="b y w.",
    )


@pytest.mark.parametrize(
    "answer, words",
    [
        ((-0, 9893, 1, 2), "Python lee 0,9893 como dos números"),
        ((-0, 9893, 1, 2), "con punto: 0.9893"),
        ((-0.98932, 1, 2), "¿Usó coma decimal?"),
        ((1.06576, -0.98932), "en otro orden: se piden en este orden: b y w"),
        ((1.0, 2.0, 3.5), "Se esperaban 2 valores, en este orden: b y w"),
    ],
)
def test_a_colombian_typist_is_understood(
    pair: Check, answer: object, words: str
) -> None:
    verdict = pair.check(answer)
    assert verdict.status == INCORRECT and words in verdict.message
    assert "((" not in verdict.message and "(en este orden" not in (
        verdict.message
    )


def test_thousands_written_with_a_point_or_a_comma() -> None:
    total = Check("ej-total", 564938, hints="Sume.")
    assert "¿Separó los miles con punto?" in total.check(564.938).message
    assert "los miles no se separan: 564938" in total.check((564, 938)).message
    assert "Parece un número copiado" not in total.check(564939).message
    assert total.check(564_938)


def test_a_rounded_copy_is_told_to_assign_the_computed_value() -> None:
    exact = Check("ej-fd", -0.0123456789, tolerance=1e-8, hints="h")
    message = exact.check(-0.012346).message
    assert "asigne a `respuesta` el valor que calcula su código" in message
    assert "1 × 10⁻⁸" in message
    assert exact.check(-0.01234567891)


def test_a_placeholder_left_inside_a_tuple_is_unanswered(pair: Check) -> None:
    assert pair.check((..., 1.0)).status == UNANSWERED
    assert pair.check({"b": ...}).status == UNANSWERED


def test_a_training_value_is_judged_by_its_bounds_without_the_key() -> None:
    book = Check(
        "ej-acc",
        (0.86, 0.87),
        names=("superficial", "profunda"),
        tolerance=0.001,
        hints="model.evaluate",
        bounds=[(0.8, 0.93), (0.8, 0.93)],
    )
    assert book.check((0.86, 0.87)) and not book.check((0.84, 0.9))
    own_run = Check.from_spec({**book.spec(), "expected": None})
    assert own_run.check((0.84, 0.9))
    assert "propia ejecución" in own_run.check((0.84, 0.9)).message
    low = own_run.check((0.5, 0.9)).message
    assert "superficial: 0.5 queda fuera" in low and "0.8 y 0.93" in low
    assert "coma decimal" in own_run.check((0, 84, 0, 9)).message
    with pytest.raises(ValueError, match="no expected value and no bounds"):
        Check("ej-none", None, hints="h")


def test_a_check_survives_its_spec_as_json() -> None:
    import json

    a, d = sp.symbols("a delta")
    original = Check(
        "ej-spec",
        {"dw": 2 * a * d, "n": 3},
        hints=["uno", "dos"],
        wrong=[({"dw": a * d, "n": 3}, "Falta el 2.")],
    )
    copy = Check.from_spec(json.loads(json.dumps(original.spec())))
    assert copy.hints == ["uno", "dos"] and copy.label == "ej-spec"
    assert copy.check({"dw": d * a * 2, "n": 3})
    assert copy.check({"dw": a * d, "n": 3}).message == "Falta el 2."


def test_the_answer_key_holds_every_check_of_the_kernel() -> None:
    from rnadl.exercises import answer_key

    Check("ej-key-a", 1.5, hints="h")
    Check("ej-key-a", 2.5, hints="h")  # the cell run again: the last one
    key = answer_key()
    assert key["ej-key-a"]["expected"] == 2.5
    assert key["ej-key-a"]["hints"] == ["h"]


def test_bounds_by_profile_judge_the_run_of_that_profile() -> None:
    bounds = {"full": (0.8, 0.93), "fast": (0.0, 1.0)}
    quick = Check("ej-p", 0.3, hints="h", bounds=bounds, profile="fast")
    assert quick.bounds == (0.0, 1.0)
    spec = {**quick.spec(), "expected": None}
    assert Check.from_spec(spec, profile="fast").check(0.3)
    assert not Check.from_spec(spec, profile="full").check(0.3)
    assert not Check(
        "ej-p2", 0.3, hints="h", bounds=bounds, profile="full"
    )._outside(0.85)
    with pytest.raises(ValueError, match="need exactly the profiles"):
        Check("ej-p3", 0.3, hints="h", bounds={"full": (0, 1)})


def test_the_answer_key_refuses_bounds_its_own_run_misses(monkeypatch) -> None:
    from rnadl import exercises

    monkeypatch.setattr(exercises, "_KEY", {})
    Check("ej-out", 0.5, hints="h", bounds=(0.8, 0.9))
    with pytest.raises(ValueError, match="ej-out: the expected value"):
        display_answer_key()
