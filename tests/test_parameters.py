"""SymPy parameter and output-size formulas, and the per-layer table checked
against Keras."""

import keras
import pytest
import sympy as sp

from rnadl.parameters import (
    C_IN,
    C_OUT,
    K_H,
    K_W,
    N,
    S,
    compare_with_hand_figures,
    conv2d_params,
    dense_params,
    formula_text,
    output_size,
    parameter_table,
    value,
)


def test_general_formulas() -> None:
    assert sp.simplify(conv2d_params() - (K_H * K_W * C_IN + 1) * C_OUT) == 0
    assert (
        sp.simplify(conv2d_params(bias=False) - K_H * K_W * C_IN * C_OUT) == 0
    )
    assert formula_text(conv2d_params()) == "(k_h·k_w·c_in + 1)·c_out"
    assert formula_text(dense_params()) == "(n_in + 1)·n_out"
    assert formula_text(output_size()) == "⌊(n - k)/s⌋ + 1"
    assert output_size(padding="same") == sp.ceiling(N / S)


@pytest.mark.parametrize(
    "formula, text, expected",
    [
        (conv2d_params(3, 5, 16, 8), "(3·5·16 + 1)·8", (3 * 5 * 16 + 1) * 8),
        (conv2d_params(3, 3, 10, 10, bias=False), "3·3·10·10", 900),
        (dense_params(1690, 10), "(1690 + 1)·10", 16910),
        (dense_params(7, 4, bias=False), "7·4", 28),
        (output_size(32, 5, 1), "⌊(32 - 5)/1⌋ + 1", 28),
        (output_size(32, 3, 2), "⌊(32 - 3)/2⌋ + 1", 15),
        (output_size(13, 2, 2, "same"), "⌈13/2⌉", 7),
        (output_size(5, 2, 2), "⌊(5 - 2)/2⌋ + 1", 2),
    ],
)
def test_formulas_with_numbers_print_as_built_and_evaluate(
    formula, text, expected
) -> None:
    assert formula_text(formula) == text
    assert value(formula) == expected


def test_bad_padding_and_free_symbols_are_errors() -> None:
    with pytest.raises(ValueError, match="padding must be one of"):
        output_size(8, 3, 1, "causal")
    with pytest.raises(ValueError, match="free symbols"):
        value(conv2d_params(3, 3, 3))


def other_shapes_model() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input((33, 20, 3)),
            keras.layers.Conv2D(
                6,
                (3, 5),
                strides=2,
                padding="same",
                use_bias=False,
                name="same_s2",
            ),
            keras.layers.Conv2D(4, 3, strides=(2, 1), name="valid_s21"),
            keras.layers.MaxPooling2D(
                3, strides=2, padding="same", name="pool_same"
            ),
            keras.layers.AveragePooling2D(2, name="avg"),
            keras.layers.Activation("relu", name="act"),
            keras.layers.Flatten(name="flat"),
            keras.layers.Dense(5, use_bias=False, name="dense_nobias"),
        ]
    )


def test_table_agrees_with_keras_on_other_layer_shapes() -> None:
    model = other_shapes_model()
    table = parameter_table(model).set_index("capa")
    assert table["coincide"].all()
    assert table.loc["same_s2", "salida (fórmulas)"] == (17, 10, 6)
    assert table.loc["same_s2", "fórmula de parámetros"] == "3·5·3·6"
    assert table.loc["same_s2", "cálculo de la salida"] == "⌈33/2⌉ ; ⌈20/2⌉"
    assert table.loc["valid_s21", "salida (fórmulas)"] == (8, 8, 4)
    assert (
        table.loc["valid_s21", "parámetros (fórmula)"] == (3 * 3 * 6 + 1) * 4
    )
    assert table.loc["pool_same", "salida (fórmulas)"] == (4, 4, 4)
    assert table.loc["avg", "salida (fórmulas)"] == (2, 2, 4)
    assert table.loc["flat", "cálculo de la salida"] == "2·2·4"
    assert table.loc["dense_nobias", "parámetros (fórmula)"] == 16 * 5
    assert table["parámetros (fórmula)"].sum() == model.count_params()


def test_table_refuses_layers_without_a_formula() -> None:
    model = keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            keras.layers.Conv2D(2, 3),
            keras.layers.BatchNormalization(name="bn"),
        ]
    )
    with pytest.raises(
        ValueError, match="'bn' \\(BatchNormalization\\) has no formula"
    ):
        parameter_table(model)
    dilated = keras.Sequential(
        [keras.Input((8, 8, 3)), keras.layers.Conv2D(2, 3, dilation_rate=2)]
    )
    with pytest.raises(ValueError, match="dilated"):
        parameter_table(dilated)


def test_table_needs_a_built_model() -> None:
    with pytest.raises(ValueError, match="not built"):
        parameter_table(keras.Sequential([keras.layers.Dense(2)]))


def test_compare_with_hand_figures() -> None:
    table = parameter_table(other_shapes_model())
    compared = compare_with_hand_figures(
        table, {"valid_s21": 220, "dense_nobias": 85}
    )
    marks = dict(zip(compared["capa"], compared["¿a mano correcto?"]))
    assert (
        marks["valid_s21"] == "sí"
        and marks["dense_nobias"] == "no"
        and marks["act"] == "—"
    )
    with pytest.raises(ValueError, match="lacks: \\['conv9'\\]"):
        compare_with_hand_figures(table, {"conv9": 1})
