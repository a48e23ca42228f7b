"""Parameter counts and output sizes of convolutional networks as SymPy
formulas, checked against Keras.

Each formula is a function: called with no arguments it returns the general
symbolic formula; called with numbers it returns the same formula with the
numbers in place, left unevaluated (so it can be printed as written), and
`value` evaluates it.
"""

from collections.abc import Mapping

import keras
import pandas as pd
import sympy as sp
from sympy.printing.str import StrPrinter

K_H, K_W, C_IN, C_OUT = sp.symbols(
    "k_h k_w c_in c_out", positive=True, integer=True
)
N_IN, N_OUT = sp.symbols("n_in n_out", positive=True, integer=True)
N, K, S = sp.symbols("n k s", positive=True, integer=True)

PADDINGS = ("valid", "same")
SHAPE_PRESERVING = (
    keras.layers.Dropout,
    keras.layers.Activation,
    keras.layers.ReLU,
    keras.layers.Softmax,
)
POOLING = (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)
COLUMNS = (
    "capa",
    "tipo",
    "salida (Keras)",
    "cálculo de la salida",
    "salida (fórmulas)",
    "fórmula de parámetros",
    "parámetros (fórmula)",
    "count_params()",
    "coincide",
)


def conv2d_params(
    k_h: sp.Expr | int = K_H,
    k_w: sp.Expr | int = K_W,
    c_in: sp.Expr | int = C_IN,
    c_out: sp.Expr | int = C_OUT,
    bias: bool = True,
) -> sp.Expr:
    """Parameters of a 2-D convolution: (k_h·k_w·c_in + 1)·c_out, or
    k_h·k_w·c_in·c_out without bias."""
    with sp.evaluate(False):
        if not bias:
            return sp.Mul(k_h, k_w, c_in, c_out)
        return sp.Mul(sp.Add(sp.Mul(k_h, k_w, c_in), 1), c_out)


def dense_params(
    n_in: sp.Expr | int = N_IN, n_out: sp.Expr | int = N_OUT, bias: bool = True
) -> sp.Expr:
    """Parameters of a dense layer: (n_in + 1)·n_out, or n_in·n_out without
    bias."""
    with sp.evaluate(False):
        return sp.Mul(sp.Add(n_in, 1), n_out) if bias else sp.Mul(n_in, n_out)


def output_size(
    n: sp.Expr | int = N,
    k: sp.Expr | int = K,
    s: sp.Expr | int = S,
    padding: str = "valid",
) -> sp.Expr:
    """Output length along one axis of a convolution or pooling:
    ⌊(n − k)/s⌋ + 1 (valid), ⌈n/s⌉ (same)."""
    if padding not in PADDINGS:
        raise ValueError(
            f"padding must be one of {PADDINGS}, got {padding!r}."
        )
    n, k, s = map(
        sp.sympify, (n, k, s)
    )  # so that n / s is SymPy's division, not Python's
    with sp.evaluate(False):
        if padding == "same":
            return sp.ceiling(n / s)
        return sp.Add(sp.floor((n - k) / s), 1)


def value(expr: sp.Expr) -> int:
    """Evaluate a formula whose symbols all have numbers in place."""
    result = sp.sympify(expr).doit()
    if not result.is_Integer:
        raise ValueError(
            f"{expr} still has free symbols "
            f"{sorted(map(str, result.free_symbols))}."
        )
    return int(result)


class _FormulaPrinter(StrPrinter):
    """SymPy's string printer with ⌊ ⌋, ⌈ ⌉ and · for products."""

    def _print_floor(self, expr: sp.Expr) -> str:
        """Print floor(x) as ⌊x⌋."""
        return f"⌊{self._print(expr.args[0])}⌋"

    def _print_ceiling(self, expr: sp.Expr) -> str:
        """Print ceiling(x) as ⌈x⌉."""
        return f"⌈{self._print(expr.args[0])}⌉"


def formula_text(expr: sp.Expr) -> str:
    """Write a formula in the order it was built, e.g. (5·5·3 + 1)·32 or
    ⌊(32 - 5)/1⌋ + 1."""
    return _FormulaPrinter({"order": "none"}).doprint(expr).replace("*", "·")


def _spatial(
    layer: keras.layers.Layer, size: tuple, kernel: tuple, strides: tuple
) -> tuple[list, str]:
    """Output height and width of a conv or pooling layer by output_size, and
    the formulas as text."""
    if getattr(layer, "data_format", "channels_last") != "channels_last":
        raise ValueError(
            f"Layer {layer.name!r} is channels_first; only channels_last is "
            "supported."
        )
    if any(rate != 1 for rate in getattr(layer, "dilation_rate", (1, 1))):
        raise ValueError(
            f"Layer {layer.name!r} is dilated; output_size assumes dilation 1."
        )
    formulas = [
        output_size(n, k, s, layer.padding)
        for n, k, s in zip(size, kernel, strides)
    ]
    texts = [formula_text(f) for f in formulas]
    return [value(f) for f in formulas], texts[0] if texts[0] == texts[
        1
    ] else " ; ".join(texts)


def _row(layer: keras.layers.Layer) -> dict:
    """The table row of one layer: output shape by formula, parameter formula
    and its value."""
    in_shape, out_shape = (
        tuple(layer.input.shape[1:]),
        tuple(layer.output.shape[1:]),
    )
    size_text, params = "sin cambio", sp.Integer(0)
    if isinstance(layer, keras.layers.Conv2D):
        if layer.groups != 1:
            raise ValueError(
                f"Layer {layer.name!r} is a grouped convolution; no formula "
                "here."
            )
        spatial, size_text = _spatial(
            layer, in_shape[:2], layer.kernel_size, layer.strides
        )
        shape = (*spatial, layer.filters)
        params = conv2d_params(
            *layer.kernel_size, in_shape[-1], layer.filters, layer.use_bias
        )
    elif isinstance(layer, POOLING):
        spatial, size_text = _spatial(
            layer, in_shape[:2], layer.pool_size, layer.strides
        )
        shape = (*spatial, in_shape[-1])
    elif isinstance(layer, keras.layers.Dense):
        shape = (*in_shape[:-1], layer.units)
        size_text = "—"
        params = dense_params(in_shape[-1], layer.units, layer.use_bias)
    elif isinstance(layer, keras.layers.Flatten):
        product = sp.Mul(*in_shape, evaluate=False)
        shape, size_text = (value(product),), formula_text(product)
    elif isinstance(layer, SHAPE_PRESERVING):
        shape = in_shape
    else:
        raise ValueError(
            f"Layer {layer.name!r} ({type(layer).__name__}) has no formula "
            "here; supported: Conv2D, MaxPooling2D, AveragePooling2D, Dense, "
            "Flatten, Dropout, Activation, ReLU, Softmax."
        )
    formula_value = value(params)
    return dict(
        zip(
            COLUMNS,
            (
                layer.name,
                type(layer).__name__,
                out_shape,
                size_text,
                shape,
                formula_text(params) if params != 0 else "—",
                formula_value,
                layer.count_params(),
                shape == out_shape and formula_value == layer.count_params(),
            ),
        )
    )


def parameter_table(model: keras.Model) -> pd.DataFrame:
    """One row per layer: output shape by Keras and by the formulas, parameters
    by formula and by Keras."""
    layers = [
        layer
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    ]
    if not layers or not getattr(model, "outputs", None):
        raise ValueError(
            f"Model {model.name!r} is not built; build it on keras.Input "
            "first."
        )
    return pd.DataFrame(
        [_row(layer) for layer in layers], columns=list(COLUMNS)
    )


def compare_with_hand_figures(
    table: pd.DataFrame, hand_figures: Mapping[str, int]
) -> pd.DataFrame:
    """Add the hand-computed parameter count of each named layer and whether
    the formula agrees."""
    unknown = set(hand_figures) - set(table["capa"])
    if unknown:
        raise ValueError(
            f"The hand figures name layers the model lacks: {sorted(unknown)}."
        )
    compared = table.copy()
    compared["a mano"] = compared["capa"].map(hand_figures).astype("Int64")
    agrees = compared["a mano"] == compared["parámetros (fórmula)"]
    compared["¿a mano correcto?"] = agrees.map(
        {True: "sí", False: "no"}
    ).fillna("—")
    return compared
