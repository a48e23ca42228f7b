"""The float64 NumPy forward pass agrees with Keras and refuses what it cannot
compute."""

import keras
import numpy as np
import pytest

from rnadl.float64_forward import forward_float64


def small_cnn(padding: str = "valid") -> keras.Model:
    layers = keras.layers
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input((9, 9, 2)),
            layers.Conv2D(3, 3, padding=padding, name="conv"),
            layers.Activation("relu", name="relu"),
            layers.Conv2D(4, 2, strides=2, activation="relu", name="strided"),
            layers.MaxPooling2D(2, name="pool"),
            layers.ReLU(name="relu_layer"),
            layers.Flatten(name="flatten"),
            layers.Dense(5, activation="softmax", name="output"),
        ]
    )


def test_every_layer_agrees_with_keras() -> None:
    model = small_cnn()
    x = np.random.default_rng(1).normal(size=(4, 9, 9, 2)).astype("float32")
    ours = forward_float64(model, x)
    probe = keras.Model(
        model.inputs[0], [layer.output for layer in model.layers]
    )
    theirs = dict(zip([layer.name for layer in model.layers], probe(x)))
    assert list(ours) == list(theirs)
    for name, values in ours.items():
        assert values.dtype == np.float64
        assert values.shape == tuple(theirs[name].shape)
        np.testing.assert_allclose(values, np.asarray(theirs[name]), atol=1e-5)
    np.testing.assert_allclose(ours["output"].sum(axis=1), 1.0, atol=1e-12)


def test_one_output_by_hand() -> None:
    model = small_cnn()
    x = np.random.default_rng(2).normal(size=(1, 9, 9, 2))
    conv = model.get_layer("conv")
    kernel, bias = conv.kernel.numpy().astype("float64"), conv.bias.numpy()
    expected = (x[0, 4:7, 2:5, :] * kernel[..., 1]).sum() + bias[1]
    assert forward_float64(model, x)["conv"][0, 4, 2, 1] == pytest.approx(
        expected, abs=1e-12
    )


def test_unsupported_layers_are_named() -> None:
    with pytest.raises(ValueError, match="only valid padding"):
        forward_float64(small_cnn(padding="same"), np.zeros((1, 9, 9, 2)))
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.BatchNormalization(name="bn")]
    )
    with pytest.raises(
        ValueError, match="'bn' .BatchNormalization. is not supported"
    ):
        forward_float64(model, np.zeros((1, 4)))
