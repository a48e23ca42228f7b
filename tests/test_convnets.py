"""The book's CNNs have the layers, output shapes and parameter counts their sources give."""

import keras
import pytest

from rnadl.convnets import build_cifar_cnn, build_convnetjs_cifar, build_tiny_vgg


def shapes(model: keras.Model) -> dict[str, tuple]:
    return {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}


def test_assignment_cifar_cnn() -> None:
    model = build_cifar_cnn()
    assert model.count_params() == 564_938
    assert shapes(model) == {
        "conv1": (28, 28, 32), "conv2": (26, 26, 32), "pool1": (13, 13, 32), "conv3": (11, 11, 32),
        "pool2": (5, 5, 32), "dropout": (5, 5, 32), "flatten": (800,), "dense1": (512,),
        "dense2": (256,), "output": (10,),
    }
    assert model.get_layer("dropout").rate == pytest.approx(0.3)
    assert model.get_layer("output").activation.__name__ == "softmax"


def test_convnetjs_demo_net() -> None:
    model = build_convnetjs_cifar()
    assert [l.output.shape[1:] for l in model.layers if "conv" in l.name] == [
        (32, 32, 16), (16, 16, 20), (8, 8, 20)
    ]
    assert model.count_params() == 76 * 16 + 401 * 20 + 501 * 20 + 321 * 10
    assert model.get_layer("conv1").kernel_size == (5, 5)


def test_tiny_vgg_matches_cnn_explainer() -> None:
    model = build_tiny_vgg()
    assert model.count_params() == 19_920
    assert [l.count_params() for l in model.layers if l.count_params()] == [280, 910, 910, 910, 16_910]
    assert shapes(model)["max_pool_2"] == (13, 13, 10) and shapes(model)["flatten"] == (1690,)
    assert [l.name for l in model.layers][:5] == ["conv_1_1", "relu_1_1", "conv_1_2", "relu_1_2", "max_pool_1"]
