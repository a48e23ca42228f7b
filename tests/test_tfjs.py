"""Reading TensorFlow.js layers-model weights and loading them into Keras, with
clear errors."""

import json
from pathlib import Path

import keras
import numpy as np
import pytest

from rnadl.cnn_explainer import tiny_vgg_model_json
from rnadl.tfjs import load_tfjs_weights, read_tfjs_weights


def small_model() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(2, name="hidden"),
            keras.layers.Dense(1, name="out"),
        ]
    )


def write_tfjs(
    folder: Path,
    arrays: dict[str, np.ndarray],
    extra: bytes = b"",
    **entry_keys,
) -> Path:
    """A tfjs layers-model folder: model.json with a manifest, and one shard
    holding the arrays."""
    manifest = [
        {
            "name": name,
            "shape": list(array.shape),
            "dtype": "float32",
            **entry_keys,
        }
        for name, array in arrays.items()
    ]
    shard = (
        b"".join(np.asarray(a, "<f4").tobytes() for a in arrays.values())
        + extra
    )
    (folder / "group1-shard1of1.bin").write_bytes(shard)
    spec = {
        "format": "layers-model",
        "modelTopology": {},
        "weightsManifest": [
            {"paths": ["group1-shard1of1.bin"], "weights": manifest}
        ],
    }
    path = folder / "model.json"
    path.write_text(json.dumps(spec))
    return path


def arrays_for(model: keras.Model) -> dict[str, np.ndarray]:
    generator = np.random.default_rng(0)
    return {
        f"{layer.name}/{v.name}": generator.normal(size=v.shape).astype(
            "float32"
        )
        for layer in model.layers
        for v in layer.weights
    }


def test_round_trip(tmp_path: Path) -> None:
    model = small_model()
    arrays = arrays_for(model)
    path = write_tfjs(tmp_path, arrays)
    assert {k: v.shape for k, v in read_tfjs_weights(path).items()} == {
        k: v.shape for k, v in arrays.items()
    }
    load_tfjs_weights(model, path)
    np.testing.assert_array_equal(
        model.get_layer("hidden").kernel.numpy(), arrays["hidden/kernel"]
    )
    np.testing.assert_array_equal(
        model.get_layer("out").bias.numpy(), arrays["out/bias"]
    )


def test_mismatches_are_all_named_and_nothing_is_loaded(
    tmp_path: Path,
) -> None:
    model = small_model()
    arrays = arrays_for(model)
    arrays["hidden/kernel"] = np.zeros((4, 2), "float32")
    arrays["extra/kernel"] = arrays.pop("out/kernel")
    before = model.get_layer("hidden").bias.numpy().copy()
    with pytest.raises(ValueError) as caught:
        load_tfjs_weights(model, write_tfjs(tmp_path, arrays))
    message = str(caught.value)
    assert (
        "hidden/kernel: shape (3, 2) in the model, (4, 2) in the file"
        in message
    )
    assert "out/kernel: in the model, not in model.json" in message
    assert "extra/kernel: in model.json, not in the model" in message
    np.testing.assert_array_equal(
        model.get_layer("hidden").bias.numpy(), before
    )


def test_bad_files(tmp_path: Path) -> None:
    arrays = arrays_for(small_model())
    with pytest.raises(ValueError, match="8 bytes beyond"):
        read_tfjs_weights(write_tfjs(tmp_path, arrays, extra=b"\0" * 8))
    path = write_tfjs(tmp_path, arrays)
    (tmp_path / "group1-shard1of1.bin").write_bytes(b"\0" * 12)
    with pytest.raises(ValueError, match="truncated"):
        read_tfjs_weights(path)
    (tmp_path / "group1-shard1of1.bin").unlink()
    with pytest.raises(FileNotFoundError, match="missing"):
        read_tfjs_weights(path)
    with pytest.raises(ValueError, match="quantized"):
        read_tfjs_weights(
            write_tfjs(tmp_path, arrays, quantization={"dtype": "uint8"})
        )
    (tmp_path / "model.json").write_text(json.dumps({"format": "graph-model"}))
    with pytest.raises(ValueError, match="not a TensorFlow.js layers-model"):
        read_tfjs_weights(tmp_path / "model.json")


@pytest.mark.real_data
def test_cnn_explainer_weights_are_tiny_vgg() -> None:
    weights = read_tfjs_weights(tiny_vgg_model_json())
    shapes = {name: array.shape for name, array in weights.items()}
    assert shapes == {
        "conv_1_1/kernel": (3, 3, 3, 10),
        "conv_1_1/bias": (10,),
        "conv_1_2/kernel": (3, 3, 10, 10),
        "conv_1_2/bias": (10,),
        "conv_2_1/kernel": (3, 3, 10, 10),
        "conv_2_1/bias": (10,),
        "conv_2_2/kernel": (3, 3, 10, 10),
        "conv_2_2/bias": (10,),
        "output/kernel": (1690, 10),
        "output/bias": (10,),
    }
    assert sum(array.size for array in weights.values()) == 19_920
    assert all(
        array.dtype == np.float32 and np.isfinite(array).all()
        for array in weights.values()
    )
