"""Multiply-add counts on small models whose count is known by hand, and on
EfficientNet-B0."""

import keras
import pytest

from rnadl.multiply_adds import (
    multiply_adds,
    multiply_adds_by_layer,
    uncounted_values,
)


def single_layer(
    input_shape: tuple[int, ...], layer: keras.layers.Layer
) -> keras.Model:
    inputs = keras.Input(shape=input_shape)
    return keras.Model(inputs, layer(inputs))


@pytest.mark.parametrize("use_bias, bias_adds", [(True, 3), (False, 0)])
def test_dense_counts_inputs_times_units(
    use_bias: bool, bias_adds: int
) -> None:
    table = multiply_adds_by_layer(
        single_layer((4,), keras.layers.Dense(3, use_bias=use_bias))
    )
    row = table[["type", "multiply_adds", "bias_adds"]].values.tolist()
    assert row == [["Dense", 4 * 3, bias_adds]]


def test_dense_on_a_sequence_counts_every_position() -> None:
    assert (
        multiply_adds(single_layer((5, 4), keras.layers.Dense(3))) == 5 * 4 * 3
    )


@pytest.mark.parametrize(
    "padding, strides, side",
    [("valid", 1, 3), ("same", 1, 5), ("same", 2, 3), ("valid", 2, 2)],
)
def test_conv2d_counts_output_positions_times_kernel(
    padding: str, strides: int, side: int
) -> None:
    # 5x5x2 input, 4 filters of 3x3x2: each output value costs 3*3*2 = 18
    # multiply-adds.
    conv = keras.layers.Conv2D(4, 3, strides=strides, padding=padding)
    table = multiply_adds_by_layer(single_layer((5, 5, 2), conv))
    assert table.loc[0, "output_shape"] == (side, side, 4)
    assert table.loc[0, "multiply_adds"] == side * side * 4 * 18
    assert table.loc[0, "bias_adds"] == side * side * 4


def test_conv2d_channels_first_counts_the_same_positions() -> None:
    conv = keras.layers.Conv2D(4, 3, data_format="channels_first")
    table = multiply_adds_by_layer(single_layer((2, 5, 5), conv))
    assert table.loc[0, "output_shape"] == (4, 3, 3)
    assert table.loc[0, "multiply_adds"] == 3 * 3 * 4 * 18


def test_conv2d_without_bias_and_grouped() -> None:
    conv = keras.layers.Conv2D(4, 1, groups=2, use_bias=False)
    table = multiply_adds_by_layer(single_layer((3, 3, 4), conv))
    # Each of the 4 output channels sees only its group's 2 input channels.
    assert table.loc[0, ["multiply_adds", "bias_adds"]].tolist() == [
        9 * 4 * 2,
        0,
    ]


@pytest.mark.parametrize("depth_multiplier", [1, 2])
def test_depthwise_conv_filters_each_channel_alone(
    depth_multiplier: int,
) -> None:
    conv = keras.layers.DepthwiseConv2D(
        3, padding="same", depth_multiplier=depth_multiplier
    )
    table = multiply_adds_by_layer(single_layer((5, 5, 2), conv))
    assert table.loc[0, "multiply_adds"] == 25 * 2 * depth_multiplier * 9
    assert table.loc[0, "bias_adds"] == 25 * 2 * depth_multiplier


def test_functional_model_with_a_branch_and_a_nested_model() -> None:
    inputs = keras.Input(shape=(8, 8, 3))
    pointwise = keras.layers.Conv2D(4, 1, name="pointwise")(inputs)
    spatial = keras.layers.Conv2D(
        4, 3, padding="same", use_bias=False, name="spatial"
    )(inputs)
    merged = keras.layers.Concatenate()(
        [pointwise, keras.layers.BatchNormalization()(spatial)]
    )
    pooled = keras.layers.GlobalAveragePooling2D()(
        keras.layers.Activation("relu")(merged)
    )
    trunk = keras.Model(inputs, pooled, name="trunk")
    head_input = keras.Input(shape=(8, 8, 3))
    model = keras.Model(
        head_input, keras.layers.Dense(2, name="head")(trunk(head_input))
    )
    table = multiply_adds_by_layer(model)
    counts = dict(zip(table["layer"], table["multiply_adds"]))
    assert counts == {
        "pointwise": 64 * 4 * 3,
        "spatial": 64 * 4 * 27,
        "head": 8 * 2,
    }
    assert multiply_adds(model) == 768 + 6912 + 16
    assert table["bias_adds"].sum() == 64 * 4 + 2


@pytest.mark.parametrize(
    "layer",
    [keras.layers.SeparableConv2D(2, 3), keras.layers.Conv2DTranspose(2, 3)],
    ids=["separable", "transpose"],
)
def test_layers_with_an_uncounted_kernel_are_refused(
    layer: keras.layers.Layer,
) -> None:
    model = single_layer((6, 6, 2), layer)
    for count in (multiply_adds, uncounted_values):
        with pytest.raises(
            ValueError,
            match="has a kernel but its multiply-adds are not counted",
        ):
            count(model)


def test_a_shared_layer_counts_once_per_call() -> None:
    shared = keras.layers.Dense(2)
    inputs = keras.Input(shape=(2,))
    assert multiply_adds(keras.Model(inputs, shared(shared(inputs)))) == 2 * (
        2 * 2
    )


def test_sequential_model_on_an_input() -> None:
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)]
    )
    assert multiply_adds(model) == 4 * 3 + 3 * 2


def test_unbuilt_and_unsized_models_are_refused() -> None:
    with pytest.raises(ValueError, match="built on keras.Input"):
        multiply_adds(keras.Sequential([keras.layers.Dense(2)]))
    with pytest.raises(ValueError, match="fixed input_shape"):
        multiply_adds(single_layer((None, None, 3), keras.layers.Conv2D(2, 3)))


def test_uncounted_values_by_layer_type() -> None:
    inputs = keras.Input(shape=(4, 4, 2))
    padded = keras.layers.ZeroPadding2D(1)(
        inputs
    )  # moves data only: not listed
    features = keras.layers.Conv2D(3, 3, name="conv")(
        padded
    )  # counted: not listed
    normalised = keras.layers.BatchNormalization()(features)
    active = keras.layers.Activation("swish")(normalised)
    scale = keras.layers.Reshape((1, 1, 3))(
        keras.layers.GlobalAveragePooling2D()(active)
    )
    scaled = keras.layers.Multiply()([active, scale])
    outputs = keras.layers.Dropout(0.5)(keras.layers.Add()([scaled, features]))
    touched = uncounted_values(keras.Model(inputs, outputs)).to_dict()
    # Every tensor after the convolution holds 4*4*3 = 48 values; pooling reads
    # 48 of them.
    assert touched == {
        "BatchNormalization": 48,
        "Activation": 48,
        "GlobalAveragePooling2D": 48,
        "Multiply": 48,
        "Add": 48,
    }


def test_efficientnet_b0_is_close_to_the_paper_a_cut_block_alone() -> None:
    """Tan & Le (2019), Table 2: 0.39B FLOPs (multiply-adds) for
    EfficientNet-B0 at 224x224."""
    model = keras.applications.EfficientNetB0(weights=None)
    count = multiply_adds(model)
    assert 0.38e9 < count < 0.40e9
    block = keras.Model(
        model.get_layer("block7a_expand_conv").input,
        model.get_layer("block7a_project_bn").output,
    )
    # 7x7x192 -> expand to 1152 -> depthwise 3x3 -> SE 1152->48->1152 ->
    # project to 320.
    expected = (
        49 * 192 * 1152
        + 49 * 1152 * 9
        + 1152 * 48
        + 48 * 1152
        + 49 * 1152 * 320
    )
    assert multiply_adds(block) == expected
    assert (
        multiply_adds(model) == count
    )  # cutting the block added calls, not to the model's graph
