"""Multiply-adds of one forward pass of a Keras model, counted layer call by
layer call.

Counted: every call of a Conv2D, DepthwiseConv2D or Dense layer, one
multiply-add per kernel weight and output position, for one example (batch
excluded); bias additions are reported apart. Layers without a kernel
(normalisation, activations, pooling, element-wise products and sums,
rescaling) are left out of the count and measured apart by the values they
touch; layers that only move data (input, padding, reshaping, dropout) do no
arithmetic. Any other layer with a kernel is an error.
"""

import math

import keras
import pandas as pd

from rnadl.keras_graph import layer_calls

COUNTED_LAYERS = (
    keras.layers.Conv2D,
    keras.layers.DepthwiseConv2D,
    keras.layers.Dense,
)
NO_ARITHMETIC_LAYERS = (
    keras.layers.InputLayer,
    keras.layers.ZeroPadding2D,
    keras.layers.Reshape,
    keras.layers.Flatten,
    keras.layers.Dropout,  # the identity at inference
)


def _layer_calls(model: keras.Model) -> list:
    """Every layer call of model's graph, nested models expanded; refuse
    uncounted kernels."""
    if not getattr(model, "outputs", None):
        raise ValueError(
            f"Model {model.name!r} has no graph of layer calls; count a "
            "functional or Sequential model built on keras.Input."
        )
    calls = layer_calls(model, expand_nested=True)
    for node in calls:
        layer = node.operation
        kernels = [
            w
            for w in layer.weights
            if w.path.rsplit("/", 1)[-1].endswith("kernel")
        ]
        if kernels and not isinstance(layer, COUNTED_LAYERS):
            raise ValueError(
                f"Layer {layer.name!r} ({type(layer).__name__}) has a kernel "
                "but its multiply-adds are not counted here; only Conv2D, "
                "DepthwiseConv2D and Dense layers are."
            )
    return calls


def _elements(
    tensor: keras.KerasTensor, layer: keras.layers.Layer
) -> tuple[tuple[int, ...], int]:
    """Shape of a layer's symbolic tensor (batch excluded) and its number of
    values."""
    shape = tuple(tensor.shape[1:])
    if any(size is None for size in shape):
        raise ValueError(
            f"Layer {layer.name!r} has a tensor of shape {shape} with unknown "
            "sizes; build the model with a fixed input_shape to count its "
            "operations."
        )
    return shape, math.prod(shape)


def multiply_adds_by_layer(model: keras.Model) -> pd.DataFrame:
    """One row per Conv2D/DepthwiseConv2D/Dense call: output shape,
    multiply-adds, bias adds."""
    rows = []
    for node in _layer_calls(model):
        layer = node.operation
        if not isinstance(layer, COUNTED_LAYERS):
            continue
        shape, size = _elements(node.output_tensors[0], layer)
        channels_first = (
            getattr(layer, "data_format", None) == "channels_first"
        )
        channels = shape[0] if channels_first else shape[-1]
        rows.append(
            {
                "layer": layer.name,
                "type": type(layer).__name__,
                "output_shape": shape,
                # each output position applies the whole kernel once
                "multiply_adds": size
                // channels
                * math.prod(layer.kernel.shape),
                "bias_adds": size if layer.use_bias else 0,
            }
        )
    columns = ["layer", "type", "output_shape", "multiply_adds", "bias_adds"]
    return pd.DataFrame(rows, columns=columns)


def multiply_adds(model: keras.Model) -> int:
    """Total multiply-adds of one example's forward pass through model (bias
    adds excluded)."""
    return int(multiply_adds_by_layer(model)["multiply_adds"].sum())


def uncounted_values(model: keras.Model) -> pd.Series:
    """Per layer type, the values that uncounted arithmetic layers read or
    write (the larger)."""
    touched: dict[str, int] = {}
    for node in _layer_calls(model):
        layer = node.operation
        if isinstance(layer, COUNTED_LAYERS + NO_ARITHMETIC_LAYERS):
            continue
        tensors = [*node.input_tensors, *node.output_tensors]
        values = max(_elements(tensor, layer)[1] for tensor in tensors)
        touched[type(layer).__name__] = (
            touched.get(type(layer).__name__, 0) + values
        )
    return pd.Series(touched, name="values", dtype="int64").sort_values(
        ascending=False, kind="stable"
    )
