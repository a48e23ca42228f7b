"""Chapter 6's interactive Tiny VGG explorer: the data it needs and its HTML.

The explorer is one cell output: a container, the network's weights, the
example images and Keras's own values in an inline
``<script type="application/json">``, and the explorer's style sheet and
two classic scripts inline (beside this module: ``tinyvgg_explorer.css``;
``tinyvgg_explorer.arithmetic.js``, the numbers, the data decoded and the
forward pass, without the page; ``tinyvgg_explorer.js``, which draws).
The page needs nothing else: no request leaves it, and it works from
``file://`` as well as over HTTP, in the built site, in Jupyter and in
Colab. The scripts compute the forward pass themselves, in float64 from
the float32 weights, and draw every layer.
"""

import base64
import json
from importlib.resources import files

import keras
import numpy as np

# What the explorer's script computes, by Keras layer type.
SUPPORTED = "Conv2D, MaxPooling2D, Activation (relu), ReLU, Flatten, Dense"
ACTIVATIONS = ("linear", "relu", "softmax")
ASSETS = (
    "tinyvgg_explorer.css",
    "tinyvgg_explorer.arithmetic.js",
    "tinyvgg_explorer.js",
)


def encode_array(values: np.ndarray, dtype: str) -> str:
    """Base64 of values as little-endian dtype, row-major (C order)."""
    data = np.ascontiguousarray(
        values, dtype=np.dtype(dtype).newbyteorder("<")
    )
    return base64.b64encode(data.tobytes()).decode("ascii")


def decode_array(text: str, dtype: str, shape: tuple) -> np.ndarray:
    """The array encode_array wrote, read back."""
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    values = np.frombuffer(raw, np.dtype(dtype).newbyteorder("<"))
    return values.reshape(shape)


def _activation(layer: keras.layers.Layer) -> str:
    name = layer.activation.__name__
    if name not in ACTIVATIONS:
        raise ValueError(
            f"Layer {layer.name!r}: activation {name!r}; the explorer "
            f"computes {', '.join(ACTIVATIONS)}."
        )
    return name


def _weights(layer: keras.layers.Layer) -> dict:
    """A Conv2D or Dense layer's kernel and bias, float32 in base64."""
    kernel = np.asarray(layer.kernel.numpy(), dtype=np.float32)
    bias = (
        np.asarray(layer.bias.numpy(), dtype=np.float32)
        if layer.use_bias
        else np.zeros(kernel.shape[-1], np.float32)
    )
    return {
        "kernel": encode_array(kernel, "float32"),
        "kernel_shape": list(kernel.shape),
        "bias": encode_array(bias, "float32"),
        "activation": _activation(layer),
    }


def describe_layers(model: keras.Model) -> list[dict]:
    """Each layer of a Sequential CNN as the explorer's script reads it.

    Name, kind (conv, relu, max_pool, flatten, dense), output shape of one
    example, and the kind's parameters: float32 weights in base64, window
    and strides. Convolutions and pooling must have valid padding and no
    dilation; anything else is refused with the layer's name.
    """
    layers = []
    for layer in model.layers:
        entry = {"name": layer.name, "shape": list(layer.output.shape[1:])}
        if isinstance(layer, (keras.layers.Conv2D, keras.layers.MaxPooling2D)):
            if layer.padding != "valid":
                raise ValueError(f"Layer {layer.name!r}: only valid padding.")
            if any(rate != 1 for rate in getattr(layer, "dilation_rate", ())):
                raise ValueError(f"Layer {layer.name!r} is dilated.")
        if isinstance(layer, keras.layers.Conv2D):
            if layer.groups != 1 or type(layer) is not keras.layers.Conv2D:
                raise ValueError(f"Layer {layer.name!r}: a plain Conv2D only.")
            entry |= {"kind": "conv", "strides": list(layer.strides)}
            entry |= _weights(layer)
        elif isinstance(layer, keras.layers.MaxPooling2D):
            entry |= {
                "kind": "max_pool",
                "pool_size": list(layer.pool_size),
                "strides": list(layer.strides),
            }
        elif isinstance(layer, keras.layers.Dense):
            entry |= {"kind": "dense"} | _weights(layer)
        elif isinstance(layer, keras.layers.Activation) and (
            layer.activation.__name__ == "relu"
        ):
            entry["kind"] = "relu"
        elif type(layer) is keras.layers.ReLU and layer.max_value is None:
            if layer.negative_slope or layer.threshold:
                raise ValueError(f"Layer {layer.name!r}: a plain ReLU only.")
            entry["kind"] = "relu"
        elif isinstance(layer, keras.layers.Flatten):
            entry["kind"] = "flatten"
        else:
            raise ValueError(
                f"Layer {layer.name!r} ({type(layer).__name__}) is not "
                f"supported by the explorer: {SUPPORTED}."
            )
        layers.append(entry)
    return layers


def keras_layer_outputs(
    model: keras.Model, x: np.ndarray
) -> dict[str, np.ndarray]:
    """Every layer's output on x, computed by Keras itself (float32)."""
    probe = keras.Model(
        model.inputs[0], [layer.output for layer in model.layers]
    )
    outputs = probe(np.asarray(x, dtype=np.float32))
    names = [layer.name for layer in model.layers]
    return {name: np.asarray(out) for name, out in zip(names, outputs)}


def sample_units(
    outputs: dict[str, np.ndarray], count: int = 3, seed: int = 6
) -> dict[str, list[list[list]]]:
    """A few units of every layer, per example: [flat index, value] pairs.

    For each layer and example: the unit with the largest value, then
    count - 1 other units drawn at random (seeded, without repetition, the
    same positions for every example), indices into the example's output
    flattened in row-major (height, width, channel) order.
    """
    if count < 1:
        raise ValueError(f"count must be 1 or more, got {count}")
    rng = np.random.default_rng(seed)
    samples = {}
    for name, values in outputs.items():
        flat = np.asarray(values).reshape(len(values), -1)
        if flat.shape[1] < count:
            raise ValueError(f"Layer {name!r} has fewer than {count} units.")
        drawn = rng.choice(flat.shape[1], size=count, replace=False)
        per_example = []
        for row in flat:
            top = int(row.argmax())
            others = [int(i) for i in drawn if i != top][: count - 1]
            per_example.append(
                [[index, float(row[index])] for index in [top, *others]]
            )
        samples[name] = per_example
    return samples


def explorer_data(
    model: keras.Model,
    images: np.ndarray,
    class_names: list[str],
    labels: list[int],
    keras_outputs: dict[str, np.ndarray],
    initial: int = 0,
) -> dict:
    """Everything the explorer's script reads, JSON-ready.

    images are uint8 (n, height, width, 3), the network's input times 255;
    class_names are the output classes in the model's order, labels the
    true class of each image (its index); keras_outputs are Keras's outputs of
    every layer on images / 255 (keras_layer_outputs), kept as the
    reference the browser's numbers are checked against: the probabilities
    in full and a sample of units of every layer (sample_units).
    """
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[3] != 3:
        raise ValueError("images must be uint8 RGB of shape (n, h, w, 3).")
    if tuple(images.shape[1:]) != tuple(model.inputs[0].shape[1:]):
        raise ValueError(
            f"images of shape {images.shape[1:]}; the model takes "
            f"{tuple(model.inputs[0].shape[1:])}."
        )
    layers = describe_layers(model)
    if layers[-1]["shape"] != [len(class_names)]:
        raise ValueError("one class name per output of the model")
    labels = [int(label) for label in labels]
    if len(labels) != len(images):
        raise ValueError("one label per image")
    if not all(0 <= label < len(class_names) for label in labels):
        raise ValueError("every label must index a class")
    if list(keras_outputs) != [layer["name"] for layer in layers]:
        raise ValueError("keras_outputs must hold every layer, in order")
    if not 0 <= initial < len(images):
        raise ValueError(f"initial must index an image, got {initial}")
    probabilities = np.asarray(keras_outputs[layers[-1]["name"]])
    return {
        "input_shape": list(images.shape[1:]),
        "classes": list(class_names),
        "layers": layers,
        "images": {
            "pixels": encode_array(images, "uint8"),
            "count": len(images),
            "labels": labels,
        },
        "initial": initial,
        "keras": {
            "probabilities": probabilities.astype(float).tolist(),
            "units": sample_units(keras_outputs),
        },
    }


def asset(name: str) -> str:
    """The text of one of the explorer's files (ASSETS), beside this module."""
    if name not in ASSETS:
        raise ValueError(f"{name!r} is not one of {ASSETS}")
    return files("rnadl").joinpath(name).read_text(encoding="utf-8")


def _inline(text: str) -> str:
    """Text safe inside an HTML <script> or <style> element."""
    if "</" in text or "<!--" in text:
        raise ValueError("inline code must not contain '</' or '<!--'")
    return text


def explorer_html(data: dict, element_id: str = "tinyvgg-explorer") -> str:
    """The explorer's cell output: one element holding its style, its data
    (explorer_data, as JSON) and its scripts: the arithmetic, then the one
    that draws the explorer into the element when the page reads it."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "<" never ends the JSON's script element: \u003c is the same string.
    payload = payload.replace("<", "\\u003c")
    return (
        f'<div class="tinyvgg-explorer" id="{element_id}" lang="es">'
        f"<style>{_inline(asset('tinyvgg_explorer.css'))}</style>"
        f'<script type="application/json" class="tve-data">{payload}'
        "</script>"
        '<p class="tve-noscript">El explorador necesita JavaScript.</p>'
        f"<script>{_inline(asset('tinyvgg_explorer.arithmetic.js'))}"
        "</script>"
        f"<script>{_inline(asset('tinyvgg_explorer.js'))}</script>"
        "</div>"
    )
