"""The Tiny VGG explorer's data and HTML (rnadl.tinyvgg_explorer).

The explorer's script itself runs in tests/test_explorer.py, in Chromium,
against the built chapter.
"""

import base64
import json
import re

import keras
import nbformat
import numpy as np
import pytest
from book_files import BOOK

from rnadl.tinyvgg_explorer import (
    ASSETS,
    asset,
    decode_array,
    describe_layers,
    encode_array,
    explorer_data,
    explorer_html,
    keras_layer_outputs,
    sample_units,
)

CLASSES = ["uno", "dos", "tres", "cuatro"]


def small_vgg(**conv) -> keras.Model:
    """A Tiny VGG in miniature: every kind of layer the explorer draws."""
    layers = keras.layers
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input((10, 10, 3)),
            layers.Conv2D(4, 3, name="conv_1", **conv),
            layers.Activation("relu", name="relu_1"),
            layers.MaxPooling2D(2, name="pool_1"),
            layers.ReLU(name="relu_2"),
            layers.Flatten(name="flatten"),
            layers.Dense(len(CLASSES), activation="softmax", name="output"),
        ]
    )


def some_images(count: int = 3) -> np.ndarray:
    rng = np.random.default_rng(2)
    return rng.integers(0, 256, (count, 10, 10, 3), dtype=np.uint8)


def data_of(model, images, **options) -> dict:
    outputs = keras_layer_outputs(model, images / 255)
    labels = [i % len(CLASSES) for i in range(len(images))]
    return explorer_data(model, images, CLASSES, labels, outputs, **options)


def test_arrays_travel_as_little_endian_base64() -> None:
    assert encode_array(np.array([1.0], np.float32), "float32") == (
        base64.b64encode(b"\x00\x00\x80\x3f").decode()
    )
    values = np.random.default_rng(0).normal(size=(2, 3, 4))
    text = encode_array(values, "float32")
    back = decode_array(text, "float32", (2, 3, 4))
    assert np.array_equal(back, values.astype(np.float32))
    pixels = some_images()
    assert np.array_equal(
        decode_array(encode_array(pixels, "uint8"), "uint8", pixels.shape),
        pixels,
    )


def test_layers_are_described_with_their_exact_weights() -> None:
    model = small_vgg()
    layers = describe_layers(model)
    assert [(layer["name"], layer["kind"]) for layer in layers] == [
        ("conv_1", "conv"),
        ("relu_1", "relu"),
        ("pool_1", "max_pool"),
        ("relu_2", "relu"),
        ("flatten", "flatten"),
        ("output", "dense"),
    ]
    assert [layer["shape"] for layer in layers] == [
        [8, 8, 4],
        [8, 8, 4],
        [4, 4, 4],
        [4, 4, 4],
        [64],
        [4],
    ]
    for layer in (layers[0], layers[-1]):
        keras_layer = model.get_layer(layer["name"])
        kernel = decode_array(
            layer["kernel"], "float32", tuple(layer["kernel_shape"])
        )
        bias = decode_array(layer["bias"], "float32", (kernel.shape[-1],))
        assert np.array_equal(kernel, keras_layer.kernel.numpy())
        assert np.array_equal(bias, keras_layer.bias.numpy())
    assert layers[0]["activation"] == "linear"
    assert layers[0]["strides"] == [1, 1]
    assert layers[-1]["activation"] == "softmax"
    assert layers[2]["pool_size"] == [2, 2] == layers[2]["strides"]


@pytest.mark.parametrize(
    "layer, message",
    [
        (keras.layers.Conv2D(2, 3, padding="same", name="same"), "valid"),
        (keras.layers.Conv2D(2, 3, dilation_rate=2, name="wide"), "dilated"),
        (keras.layers.Conv2D(2, 3, activation="tanh", name="tanh"), "tanh"),
        (keras.layers.Dropout(0.5, name="dropout"), "Dropout"),
        (keras.layers.Activation("sigmoid", name="sigmoid"), "sigmoid"),
        (keras.layers.ReLU(max_value=6.0, name="relu6"), "relu6"),
    ],
)
def test_what_the_script_cannot_compute_is_refused(layer, message) -> None:
    model = keras.Sequential([keras.Input((8, 8, 1)), layer])
    with pytest.raises(ValueError, match=message):
        describe_layers(model)


def test_units_sampled_per_example_start_at_the_largest() -> None:
    rng = np.random.default_rng(3)
    outputs = {
        "maps": rng.normal(size=(4, 5, 5, 2)),
        "out": rng.random((4, 3)),
    }
    samples = sample_units(outputs, count=3, seed=1)
    assert list(samples) == ["maps", "out"]
    for name, per_example in samples.items():
        flat = outputs[name].reshape(4, -1)
        assert len(per_example) == 4
        for row, units in zip(flat, per_example):
            indices = [index for index, _ in units]
            assert len(units) == 3 and len(set(indices)) == 3
            assert indices[0] == int(row.argmax())
            assert all(value == row[index] for index, value in units)
    # The drawn positions are the same for every example (when not the top).
    drawn = [{i for i, _ in units[1:]} for units in samples["maps"]]
    assert len(set.union(*drawn)) <= 3
    with pytest.raises(ValueError, match="fewer than 4"):
        sample_units({"out": rng.random((2, 3))}, count=4)


def test_data_holds_the_images_and_keras_reference() -> None:
    model = small_vgg()
    images = some_images()
    data = data_of(model, images, initial=2)
    assert data["input_shape"] == [10, 10, 3]
    assert data["classes"] == CLASSES and data["initial"] == 2
    pixels = decode_array(data["images"]["pixels"], "uint8", images.shape)
    assert np.array_equal(pixels, images)
    assert data["images"]["labels"] == [0, 1, 2]
    probabilities = np.asarray(model(images / 255))
    np.testing.assert_allclose(
        data["keras"]["probabilities"], probabilities, atol=1e-7
    )
    assert set(data["keras"]["units"]) == {
        layer.name for layer in model.layers
    }
    json.dumps(data)  # JSON-ready


def test_data_refuses_what_does_not_fit() -> None:
    model = small_vgg()
    images = some_images()
    outputs = keras_layer_outputs(model, images / 255)
    labels = [0, 3, 1]
    with pytest.raises(ValueError, match="uint8"):
        explorer_data(model, images / 255, CLASSES, labels, outputs)
    with pytest.raises(ValueError, match="model takes"):
        explorer_data(model, images[:, :8, :8], CLASSES, labels, outputs)
    with pytest.raises(ValueError, match="one class name"):
        explorer_data(model, images, CLASSES[:3], labels, outputs)
    with pytest.raises(ValueError, match="one label per image"):
        explorer_data(model, images, CLASSES, labels[:2], outputs)
    with pytest.raises(ValueError, match="index a class"):
        explorer_data(model, images, CLASSES, [0, 4, 1], outputs)
    without_flatten = {k: v for k, v in outputs.items() if k != "flatten"}
    with pytest.raises(ValueError, match="every layer"):
        explorer_data(model, images, CLASSES, labels, without_flatten)
    with pytest.raises(ValueError, match="initial"):
        explorer_data(model, images, CLASSES, labels, outputs, initial=3)


def test_html_holds_data_style_and_script_and_reaches_for_nothing() -> None:
    model = small_vgg()
    images = some_images(1)
    outputs = keras_layer_outputs(model, images / 255)
    # A class name that would close the data's <script> if written as is.
    classes = ["</script>", *CLASSES[1:]]
    data = explorer_data(model, images, classes, [0], outputs)
    html = explorer_html(data, element_id="explorador")
    assert html.startswith('<div class="tinyvgg-explorer" id="explorador"')
    assert html.endswith("</div>")
    assert html.count("</script>") == 2  # the data's and the script's
    found = re.search(
        r'<script type="application/json" class="tve-data">(.*?)</script>',
        html,
        re.DOTALL,
    )
    assert json.loads(found[1]) == data
    for name in ASSETS:
        assert asset(name) in html
    # No address the browser would fetch: only the SVG namespace's name.
    urls = set(re.findall(r"https?://[^\s\"')]+", html))
    assert urls == {"http://www.w3.org/2000/svg"}
    assert "fetch(" not in html and "import(" not in html


@pytest.mark.parametrize("name", ASSETS)
def test_assets_can_be_inlined(name: str) -> None:
    text = asset(name)
    assert "</" not in text and "<!--" not in text
    with pytest.raises(ValueError, match="one of"):
        asset("other.js")


def test_chapter_6_holds_the_current_explorer() -> None:
    """The chapter's stored output inlines the script and style sheet of
    the package: after changing them, execute chapter 6 again."""
    notebook = nbformat.read(BOOK / "06-tiny-vgg.ipynb", as_version=4)
    outputs = [
        output["data"]["text/html"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "tinyvgg-explorer" in output.get("data", {}).get("text/html", "")
    ]
    assert len(outputs) == 1, "chapter 6 shows the explorer once"
    for name in ASSETS:
        assert asset(name) in outputs[0], f"{name} changed: execute ch. 6"
