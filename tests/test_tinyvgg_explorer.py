"""The Tiny VGG explorer's data and HTML (rnadl.tinyvgg_explorer), and its
arithmetic (tinyvgg_explorer.arithmetic.js) run in Node against
rnadl.float64_forward.

The whole explorer runs in tests/test_explorer_browser.py, in Chromium,
against the built chapter.
"""

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest
from book_files import BOOK, ROOT

from rnadl.cnn_explainer import (
    CNN_EXPLAINER_CLASSES,
    load_cnn_explainer_examples,
    tiny_vgg_model_json,
)
from rnadl.float64_forward import forward_float64
from rnadl.number_format import decimal, percent
from rnadl.tfjs import load_tfjs_weights
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
    """A Tiny VGG in miniature: every kind of layer the explorer draws,
    with biases that are not zero."""
    layers = keras.layers
    keras.utils.set_random_seed(0)
    bias = {"bias_initializer": "random_normal"}
    return keras.Sequential(
        [
            keras.Input((10, 10, 3)),
            layers.Conv2D(4, 3, name="conv_1", **bias, **conv),
            layers.Activation("relu", name="relu_1"),
            layers.MaxPooling2D(2, name="pool_1"),
            layers.ReLU(name="relu_2"),
            layers.Flatten(name="flatten"),
            layers.Dense(
                len(CLASSES), activation="softmax", name="output", **bias
            ),
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
    assert html.count("</script>") == 3  # the data's and the two scripts'
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


# --- the arithmetic in Node, without a browser ---

NODE_RUNNER = ROOT / "tests" / "js" / "explorer_arithmetic.js"
# Both sides compute in float64 from the same float32 weights and the same
# float32 inputs; only the order of the sums differs (at most 1690 terms
# of size below 10): far below 1e-12.
FLOAT64_TOLERANCE = 1e-12
# The values the page writes, with the decimals it writes them with:
# rounding, a rounded zero without a minus, grouping beyond four digits.
DECIMALS = [
    (0.0, 4),
    (-0.00004, 4),
    (-0.00006, 4),
    (0.123456, 4),
    (-2.71828, 3),
    (4000.0, 0),
    (12345.0, 0),
    (-1234567.891, 3),
    (1690.0, 0),
    (99.96, 1),
]


def run_in_node(data: dict, tmp_path: Path, numbers: bool = False):
    """The explorer's arithmetic run by Node on explorer_data: every
    layer's output on every image (name -> float64 array, images after
    one another), and the numbers and colours as the page writes them."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js runs the explorer's arithmetic without a browser: "
            "install it (`apt-get install nodejs`), then run the tests "
            "again.",
            pytrace=False,
        )
    values = [value for value, _ in DECIMALS]
    request = {
        "explorer": data,
        "decimals": DECIMALS if numbers else [],
        "percents": [v / 100 for v in values] if numbers else [],
    }
    request_path = tmp_path / "request.json"
    request_path.write_text(json.dumps(request), encoding="utf-8")
    out = tmp_path / "node"
    result = subprocess.run(
        [node, str(NODE_RUNNER), str(request_path), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"Node failed:\n{result.stderr}", pytrace=False)
    outputs = {
        path.name.removesuffix(".f64"): np.fromfile(path, "<f8")
        for path in out.glob("*.f64")
    }
    return outputs, json.loads((out / "numbers.json").read_text())


def largest_difference(
    model: keras.Model, images: np.ndarray, node: dict[str, np.ndarray]
) -> dict[str, float]:
    """Node's outputs against forward_float64 on the chapter's input,
    float32(pixels / 255): the largest absolute difference per layer."""
    x = (images / 255).astype(np.float32)
    reference = {"input": x} | forward_float64(model, x)
    dense = model.layers[-1]
    flat = reference[model.layers[-2].name]
    reference[f"{dense.name}.logits"] = flat @ np.asarray(
        dense.kernel.numpy(), np.float64
    ) + np.asarray(dense.bias.numpy(), np.float64)
    assert set(node) == set(reference)
    return {
        name: float(np.abs(node[name] - values.reshape(-1)).max())
        for name, values in reference.items()
    }


def test_the_arithmetic_in_node_is_the_float64_forward_pass(
    tmp_path: Path,
) -> None:
    """Every kind of layer, three images: Node against NumPy."""
    model = small_vgg()
    images = some_images()
    node, _ = run_in_node(data_of(model, images), tmp_path)
    differences = largest_difference(model, images, node)
    assert max(differences.values()) <= FLOAT64_TOLERANCE, differences


def test_the_page_writes_numbers_by_the_books_rule(tmp_path: Path) -> None:
    model = small_vgg()
    _, numbers = run_in_node(
        data_of(model, some_images(1)), tmp_path, numbers=True
    )
    assert numbers["decimals"] == [decimal(v, d) for v, d in DECIMALS]
    assert numbers["percents"] == [
        percent(value / 100) for value, _ in DECIMALS
    ]


def wcag_contrast(first: list[int], second: list[int]) -> float:
    """WCAG 2's contrast ratio of two sRGB colours."""

    def luminance(rgb: list[int]) -> float:
        s = np.asarray(rgb) / 255
        linear = np.where(
            s <= 0.04045, s / 12.92, ((s + 0.055) / 1.055) ** 2.4
        )
        return float(linear @ [0.2126, 0.7152, 0.0722])

    high, low = sorted([luminance(first), luminance(second)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_number_on_a_coloured_cell_reads_at_aa(tmp_path: Path) -> None:
    """The text colour the page picks on each colour of its scale reaches
    WCAG AA's 4.5 for body text."""
    _, numbers = run_in_node(
        data_of(small_vgg(), some_images(1)), tmp_path, numbers=True
    )
    ratios = [wcag_contrast(bg, text) for bg, text in numbers["colours"]]
    assert len(ratios) == 1001 and min(ratios) >= 4.5, min(ratios)


# The Keras arguments of each layer that CNN Explainer's model.json declares.
DECLARED = {
    "Conv2D": ("filters", "kernel_size", "strides", "padding", "activation"),
    "Activation": ("activation",),
    "MaxPooling2D": ("pool_size", "strides", "padding"),
    "Flatten": (),
    "Dense": ("units", "activation"),
}


def tiny_vgg_from_model_json() -> keras.Model:
    """CNN Explainer's Tiny VGG built from the layers its model.json
    declares, with its weights (chapter 6 writes the same network by hand
    and checks it against this file)."""
    model_json = tiny_vgg_model_json()
    spec = json.loads(model_json.read_text(encoding="utf-8"))
    declared = spec["modelTopology"]["model_config"]["config"]["layers"]
    shape = declared[0]["config"]["batch_input_shape"][1:]
    layers = [keras.Input(tuple(shape))]
    for layer in declared:
        config = layer["config"]
        arguments = {key: config[key] for key in DECLARED[layer["class_name"]]}
        kind = getattr(keras.layers, layer["class_name"])
        layers.append(kind(name=config["name"], **arguments))
    model = keras.Sequential(layers)
    load_tfjs_weights(model, model_json)
    return model


@pytest.mark.real_data
def test_the_ten_examples_in_node_are_the_float64_forward_pass(
    tmp_path: Path,
) -> None:
    """Chapter 6's network and its ten example images, as the page gets
    them: every layer Node computes is forward_float64's."""
    model = tiny_vgg_from_model_json()
    images, classes = load_cnn_explainer_examples()
    labels = [CNN_EXPLAINER_CLASSES.index(name) for name in classes]
    outputs = keras_layer_outputs(model, images / 255)
    data = explorer_data(
        model, images, list(CNN_EXPLAINER_CLASSES), labels, outputs
    )
    node, _ = run_in_node(data, tmp_path)
    differences = largest_difference(model, images, node)
    assert len(differences) == 14  # the input, 12 layers and the logits
    assert max(differences.values()) <= FLOAT64_TOLERANCE, differences
