"""A float64 NumPy forward pass that recomputes a small Sequential CNN layer
by layer, independent of TensorFlow's float32 kernels."""

import keras
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _activate(values: np.ndarray, name: str) -> np.ndarray:
    """Apply a Keras activation by name, in float64."""
    if name == "linear":
        return values
    if name == "relu":
        return np.maximum(values, 0.0)
    if name == "softmax":
        exponentials = np.exp(values - values.max(axis=-1, keepdims=True))
        return exponentials / exponentials.sum(axis=-1, keepdims=True)
    raise ValueError(f"Activation {name!r} is not supported here.")


def _windows(values: np.ndarray, size: tuple, strides: tuple) -> np.ndarray:
    """Every window of a batch of channels-last maps (valid padding):
    shape (n, rows, columns, channels, size[0], size[1])."""
    windows = sliding_window_view(values, size, axis=(1, 2))
    return windows[:, :: strides[0], :: strides[1]]


def forward_float64(
    model: keras.Model, x: np.ndarray
) -> dict[str, np.ndarray]:
    """Run a Sequential CNN on x in float64 NumPy, layer by layer, from its
    weights; return each layer's output by layer name.

    Supports Conv2D and MaxPooling2D with valid padding and no dilation,
    Activation, ReLU, Flatten and Dense (activations linear, relu, softmax).
    Independent of TensorFlow's float32 kernels, so its results are the
    same on every CPU to far more digits than the book prints.
    """
    outputs: dict[str, np.ndarray] = {}
    values = np.asarray(x, dtype=np.float64)
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        if isinstance(layer, (keras.layers.Conv2D, keras.layers.MaxPooling2D)):
            if layer.padding != "valid":
                raise ValueError(f"Layer {layer.name!r}: only valid padding.")
            dilation = getattr(layer, "dilation_rate", (1,))
            if any(rate != 1 for rate in dilation):
                raise ValueError(f"Layer {layer.name!r} is dilated.")
        if isinstance(layer, keras.layers.Conv2D):
            if layer.groups != 1:
                raise ValueError(f"Layer {layer.name!r} is grouped.")
            kernel = np.asarray(layer.kernel.numpy(), dtype=np.float64)
            windows = _windows(values, layer.kernel_size, layer.strides)
            values = np.einsum("nhwcij,ijco->nhwo", windows, kernel)
            if layer.use_bias:
                values = values + layer.bias.numpy().astype(np.float64)
            values = _activate(values, layer.activation.__name__)
        elif isinstance(layer, keras.layers.MaxPooling2D):
            windows = _windows(values, layer.pool_size, layer.strides)
            values = windows.max(axis=(-2, -1))
        elif isinstance(layer, keras.layers.Dense):
            kernel = np.asarray(layer.kernel.numpy(), dtype=np.float64)
            values = np.einsum("ni,io->no", values, kernel)
            if layer.use_bias:
                values = values + layer.bias.numpy().astype(np.float64)
            values = _activate(values, layer.activation.__name__)
        elif isinstance(layer, keras.layers.Activation):
            values = _activate(values, layer.activation.__name__)
        elif isinstance(layer, keras.layers.ReLU):
            values = np.maximum(values, 0.0)
        elif isinstance(layer, keras.layers.Flatten):
            values = values.reshape(len(values), -1)
        else:
            raise ValueError(
                f"Layer {layer.name!r} ({type(layer).__name__}) is not "
                "supported: Conv2D, MaxPooling2D, Activation, ReLU, Flatten, "
                "Dense."
            )
        outputs[layer.name] = values
    return outputs
