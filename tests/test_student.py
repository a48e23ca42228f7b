"""rnadl.student: a student notebook's checks and its guard, in a real
IPython shell."""

import pytest
from IPython.core.interactiveshell import InteractiveShell

from rnadl.answers import obfuscate
from rnadl.exercises import Check
from rnadl.student import StudentKey, missing_names


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    shell.user_ns.clear()
    shell.input_transformers_post.clear()
    yield shell
    shell.input_transformers_post.clear()
    InteractiveShell.clear_instance()


def key_of(*checks: Check, constants=None) -> StudentKey:
    return StudentKey(
        obfuscate({check.label: check.spec() for check in checks}), constants
    )


def run(shell, source: str):
    return shell.run_cell(source, store_history=False)


def test_a_cell_that_needs_an_unfilled_name_says_so(shell, capsys) -> None:
    key_of(Check("ej-a", 1.0, hints="h"))
    run(shell, "import math\nn1 = ...  # SU CÓDIGO AQUÍ")
    result = run(shell, "a1 = math.tanh(n1)\nprint(a1)")
    assert result.success
    out = capsys.readouterr().out
    assert "Esta celda necesita `n1`" in out and "SU CÓDIGO AQUÍ" in out
    assert shell.user_ns["a1"] is Ellipsis  # what it would set stays unfilled
    assert shell.user_ns["math"].__name__ == "math"
    run(shell, "b = a1 + 1")  # and the next cell says so too
    assert "necesita `a1`" in capsys.readouterr().out
    run(shell, "n1 = 0.5")
    assert run(shell, "a1 = math.tanh(n1)").success
    assert shell.user_ns["a1"] == pytest.approx(0.4621, abs=1e-4)


def test_a_function_left_as_a_stub_counts_as_unfilled(shell, capsys) -> None:
    key_of(Check("ej-a", 1.0, hints="h"))
    run(shell, 'def build():\n    """La red."""\n    ...')
    run(shell, "model = build()")
    assert "necesita `build`" in capsys.readouterr().out
    run(shell, "def build():\n    return 3")
    run(shell, "model = build()")
    assert shell.user_ns["model"] == 3


def test_an_unfilled_cell_leaves_its_functions_locals_alone(
    shell, capsys
) -> None:
    """Only the names a guarded cell binds at its top level stay unfilled:
    not the parameters and locals of its functions, lambdas and
    comprehensions, which later cells use as their own."""
    key_of(Check("ej-a", 1.0, hints="h"))
    run(shell, "units = ...  # SU CÓDIGO AQUÍ")
    run(
        shell,
        "def fit(model):\n    history = model + units\n    return history\n"
        "scores = [v for v in range(units)]",
    )
    assert "necesita `units`" in capsys.readouterr().out
    assert shell.user_ns["fit"] is Ellipsis
    assert shell.user_ns["scores"] is Ellipsis
    assert not {"model", "history", "v"} & set(shell.user_ns)
    shell.user_ns["model"] = ...  # a global named like a parameter
    assert run(shell, "def twice(model):\n    return 2 * model").success
    assert run(shell, "six = twice(3)").success
    assert shell.user_ns["six"] == 6


def test_the_answer_itself_reaches_its_check(shell) -> None:
    key_of(Check("ej-a", 1.0, hints="h"))
    shell.user_ns["clave"] = key_of(Check("ej-a", 1.0, hints="h"))
    run(shell, "ej_a = clave.check('ej-a')\nrespuesta = ...")
    result = run(shell, "verdict = ej_a.check(respuesta)")
    assert result.success
    assert repr(shell.user_ns["verdict"]).startswith("✎ Sin responder")
    run(shell, "respuesta = 1.0")
    run(shell, "verdict = ej_a.check(respuesta)")
    assert shell.user_ns["verdict"]


def test_a_decimal_comma_is_told_in_spanish(shell) -> None:
    key_of(Check("ej-a", 1.0, hints="h"))
    result = run(shell, "respuesta = (-0,9893, 1,0658)")
    assert isinstance(result.error_in_exec, SyntaxError)
    assert "¿Usó coma decimal?" in str(result.error_in_exec)


def test_a_training_value_is_judged_by_the_profile_of_the_constants(
    shell,
) -> None:
    book = Check(
        "ej-acc",
        0.86,
        tolerance=0.001,
        hints="h",
        bounds={"full": (0.8, 0.93), "fast": (0.0, 1.0)},
        profile="full",
    )
    spec = {**book.spec(), "expected": None}
    key = StudentKey(
        obfuscate({"ej-acc": spec}),
        {"full": {"EPOCHS": 20}, "fast": {"EPOCHS": 2}},
    )
    shell.user_ns["EPOCHS"] = 20
    assert key.check("ej-acc").check(0.84)
    assert not key.check("ej-acc").check(0.3)
    shell.user_ns["EPOCHS"] = 2
    assert key.check("ej-acc").check(0.3)
    shell.user_ns["EPOCHS"] = 7
    verdict = key.check("ej-acc").check(0.84)
    assert verdict.status == "sin responder"
    assert "EPOCHS = 20" in verdict.message
    with pytest.raises(KeyError, match="No hay ninguna pregunta"):
        key.check("ej-otra")


def test_missing_names_ignore_what_the_cell_binds_itself() -> None:
    namespace = {"n1": ..., "x": 1}
    assert missing_names("n1 = x + 1\ny = n1", namespace) == []
    assert missing_names("y = [n1 for _ in range(3)]", namespace) == ["n1"]
    assert missing_names("respuesta", {"respuesta": ...}) == []
    assert missing_names("f = lambda n1: n1 + 1", namespace) == []
    assert missing_names("g = lambda: n1", namespace) == ["n1"]
