"""Coefficients, stage table and block sub-models read from keras.applications'
EfficientNets."""

import keras
import numpy as np
import pytest

from rnadl.efficientnet import (
    block_model,
    expected_structure,
    keras_scaling_coefficients,
    round_filters,
    scaled_efficientnet,
    stage_table,
    structure_of,
)


def test_round_filters_as_efficientnet_rounds() -> None:
    assert [round_filters(1280, w) for w in (1.0, 1.1, 1.2, 2.0)] == [
        1280,
        1408,
        1536,
        2560,
    ]
    assert round_filters(32, 1.1) == 32  # 35.2 → 32, within 10 %
    assert round_filters(4, 1.0) == 8  # never below the divisor


def test_the_coefficient_table(b0: keras.Model) -> None:
    """The literal table, checked against built models (B0 here; every variant
    on page 5)."""
    assert structure_of(b0) == expected_structure("B0")
    b1 = keras.applications.EfficientNetB1(weights=None)
    assert structure_of(b1) == expected_structure("B1")
    table = keras_scaling_coefficients()
    assert table.index.tolist() == [f"B{index}" for index in range(8)]
    assert table.loc["B0"].tolist() == [1.0, 1.0, 224, 0.2]
    assert table.loc["B7"].tolist() == [2.0, 3.1, 600, 0.5]
    assert table["default_size"].is_monotonic_increasing
    assert expected_structure("B7") == {
        "resolution": 600,
        "top_filters": 2560,
        "blocks": 55,
        "dropout": 0.5,
    }


@pytest.fixture(scope="module")
def b0() -> keras.Model:
    return keras.applications.EfficientNetB0(weights=None)


def test_b0_stage_table_is_the_paper_table_1(b0: keras.Model) -> None:
    table = stage_table(b0)
    # Tan & Le (2019), Table 1: operator, input resolution, output channels,
    # layers per stage.
    assert table["operator"].tolist() == [
        "Conv3x3",
        "MBConv1, k3x3",
        "MBConv6, k3x3",
        "MBConv6, k5x5",
        "MBConv6, k3x3",
        "MBConv6, k5x5",
        "MBConv6, k5x5",
        "MBConv6, k3x3",
        "Conv1x1 & Pooling & FC",
    ]
    assert table["resolution"].tolist() == [
        "224×224",
        "112×112",
        "112×112",
        "56×56",
        "28×28",
        "14×14",
        "14×14",
        "7×7",
        "7×7",
    ]
    assert table["channels"].tolist() == [
        32,
        16,
        24,
        40,
        80,
        112,
        192,
        320,
        1280,
    ]
    assert table["layers"].tolist() == [1, 1, 2, 2, 3, 3, 4, 1, 1]
    assert table.index.tolist() == list(range(1, 10))


def test_stage_table_follows_depth_scaling_and_a_missing_head() -> None:
    b1 = keras.applications.EfficientNetB1(
        weights=None, include_top=False, input_shape=(64, 64, 3)
    )
    table = stage_table(b1)
    # Depth coefficient 1.1: ceil(1.1 * repeats) blocks per stage.
    assert table["layers"].tolist()[1:-1] == [2, 3, 3, 4, 4, 5, 2]
    assert table.loc[9, "operator"] == "Conv1x1"
    assert table.loc[1, "resolution"] == "64×64"


def test_block_model_copies_one_block_with_its_weights(
    b0: keras.Model,
) -> None:
    block = block_model(b0, "block2b")
    names = [layer.name for layer in block.layers]
    assert (
        names[:2] == ["block2b_input", "block2b_expand_conv"]
        and names[-1] == "block2b_add"
    )
    assert all(name.startswith("block2b_") for name in names)
    assert block.input.shape == (None, 56, 56, 24) and block.output.shape == (
        None,
        56,
        56,
        24,
    )
    assert block.count_params() == sum(
        b0.get_layer(name).count_params() for name in names[1:]
    )
    original = b0.get_layer("block2b_dwconv").get_weights()[0]
    np.testing.assert_array_equal(
        block.get_layer("block2b_dwconv").get_weights()[0], original
    )
    features = (
        np.random.default_rng(0).normal(size=(1, 56, 56, 24)).astype("float32")
    )
    cut = keras.Model(
        b0.get_layer("block2b_expand_conv").input,
        b0.get_layer("block2b_add").output,
    )
    np.testing.assert_allclose(block(features), cut(features), rtol=1e-6)


def test_non_efficientnet_models_and_unknown_blocks_are_refused(
    b0: keras.Model,
) -> None:
    with pytest.raises(
        ValueError, match="no block 'block9a'; it has block1a, block2a"
    ):
        block_model(b0, "block9a")
    inputs = keras.Input(shape=(8, 8, 3))
    other = keras.Model(inputs, keras.layers.Conv2D(2, 3)(inputs))
    with pytest.raises(ValueError, match="keras.applications.EfficientNetB0"):
        stage_table(other)


def test_scaled_efficientnet_rebuilds_the_keras_variants() -> None:
    small = {"include_top": False, "input_shape": (64, 64, 3)}
    b1 = scaled_efficientnet(1.0, 1.1, 64, **small)
    assert stage_table(b1)["layers"].tolist()[1:-1] == [2, 3, 3, 4, 4, 5, 2]
    wide = scaled_efficientnet(width=2.0, resolution=64, **small)
    # width 2: channels doubled (and rounded to multiples of 8) in every stage
    assert stage_table(wide)["channels"].tolist() == [
        64,
        32,
        48,
        80,
        160,
        224,
        384,
        640,
        2560,
    ]
    keras.backend.clear_session()
    b0 = scaled_efficientnet()
    reference = keras.applications.EfficientNetB0(weights=None)
    assert b0.count_params() == reference.count_params()


def test_keras_private_efficientnet_builder_is_still_there() -> None:
    """Canary: scaled_efficientnet calls Keras's private EfficientNet
    builder (the one keras.applications.EfficientNetB0…B7 call). This fails
    first, and says what to update, when a Keras release moves it."""
    import inspect

    message = (
        f"Keras {keras.__version__} moved or changed "
        "keras.src.applications.efficientnet.EfficientNet, the builder behind "
        "keras.applications.EfficientNetB0…B7: update the private import at "
        "the top of rnadl/efficientnet.py, the only place that reaches it."
    )
    module = __import__(
        keras.applications.EfficientNetB0.__module__, fromlist=["EfficientNet"]
    )
    assert hasattr(module, "EfficientNet"), message
    parameters = inspect.signature(module.EfficientNet).parameters
    for name in ("width_coefficient", "depth_coefficient", "default_size"):
        assert name in parameters, message
