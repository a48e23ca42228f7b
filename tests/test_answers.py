"""rnadl.answers: answers as JSON, read back without running anything."""

import json

import numpy as np
import pytest
import sympy as sp

from rnadl.answers import (
    AnswerFormatError,
    decode,
    dumps,
    encode,
    loads,
    obfuscate,
    reveal,
)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -0.98932,
        "gato",
        ...,
        (1, 2.5),
        [1, (2, 3)],
        {"conv_1_1": 280, "output": 16910},
        {1: "a", (2, 3): "b"},
    ],
)
def test_plain_answers_come_back_equal(value: object) -> None:
    assert loads(dumps(value)) == value
    assert type(loads(dumps(value))) is type(value)


def test_numpy_values_become_numbers_and_arrays() -> None:
    assert loads(dumps(np.int64(7))) == 7
    assert type(loads(dumps(np.float32(0.5)))) is float
    matrix = np.arange(6, dtype="float64").reshape(2, 3)
    back = loads(dumps(matrix))
    assert back.dtype == matrix.dtype and np.array_equal(back, matrix)
    assert np.isnan(loads(dumps(float("nan"))))
    assert json.loads(dumps(float("inf"))) == {"float": "inf"}


def test_sympy_expressions_are_rebuilt_from_their_srepr() -> None:
    k = sp.Symbol("k_3", integer=True, positive=True)
    w, delta = sp.IndexedBase("w^{(3)}"), sp.IndexedBase(r"\delta^{(3)}")
    a = sp.IndexedBase("a^{(2)}")
    rule = (1 - a[4] ** 2) * sp.Sum(w[k, 4] * delta[k], (k, 1, 4))
    back = loads(dumps({"delta2": rule, "eq": sp.Eq(delta[1], a[2])}))
    assert back["delta2"] == rule and back["eq"] == sp.Eq(delta[1], a[2])
    assert loads(dumps(sp.tanh(sp.Symbol("n")) / 2)) == sp.tanh(
        sp.Symbol("n")
    ) / sp.Integer(2)


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo hola')",
        "Symbol('x').__class__",
        "eval('1')",
        "(lambda: 1)()",
        "Symbol(open('/etc/passwd').read())",
        "Symbol('x', **{'integer': True})",
        "Function('f')(Symbol('x'))",
        "Symbol('x') + Symbol('y')",
        "Symbol('x', evil=True)",
    ],
)
def test_a_hostile_sympy_text_is_refused_not_run(text: str) -> None:
    with pytest.raises(AnswerFormatError):
        decode({"sympy": text})


@pytest.mark.parametrize(
    "data",
    [
        [1, 2],
        {"tuple": 3},
        {"dict": [[1]]},
        {"array": [1], "dtype": "object"},
        {"float": "1e9999"},
        {"unknown": 1},
        {"tuple": [], "list": []},
        {"dict": [[[1], 2]]},
    ],
)
def test_json_that_is_not_an_answer_is_refused(data: object) -> None:
    with pytest.raises(AnswerFormatError):
        decode(data)
    with pytest.raises(AnswerFormatError):
        loads("{not json")


def test_objects_that_are_not_answers_are_refused_when_encoding() -> None:
    with pytest.raises(TypeError, match="cannot be an answer"):
        encode(object())
    with pytest.raises(TypeError, match="cannot be an answer"):
        encode(np.array(["a"]))


def test_the_obfuscated_key_hides_its_values_and_comes_back() -> None:
    key = {"ej-bp4-inciso": {"expected": encode((-0.98932, 1.06576))}}
    text = obfuscate(key)
    assert "98932" not in text and "ej-bp4" not in text
    assert reveal(text) == key
