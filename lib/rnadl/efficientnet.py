"""The structure of keras.applications' EfficientNets: scaling coefficients,
stages, blocks."""

import math
import re

import keras
import pandas as pd

# Private Keras API, reached in this one place: the builder that
# keras.applications.EfficientNetB0…B7 call with their coefficients. Keras
# exports no way to build other mixes of width, depth and resolution.
# tests/test_efficientnet.py's canary fails, naming this import, when a Keras
# release moves or changes it.
from keras.src.applications.efficientnet import (
    EfficientNet as _keras_efficientnet,
)

VARIANTS = tuple(f"B{index}" for index in range(8))
COEFFICIENTS = (
    "width_coefficient",
    "depth_coefficient",
    "default_size",
    "dropout_rate",
)
# What keras.applications.EfficientNetB0 … B7 pass to EfficientNet(...) (Keras
# 3.15.1, the same values as the official implementation's
# efficientnet_params): width, depth, input resolution, dropout before the
# classifier. structure_of() reads the same facts back from a built model.
KERAS_COEFFICIENTS = {
    "B0": (1.0, 1.0, 224, 0.2),
    "B1": (1.0, 1.1, 240, 0.2),
    "B2": (1.1, 1.2, 260, 0.3),
    "B3": (1.2, 1.4, 300, 0.3),
    "B4": (1.4, 1.8, 380, 0.4),
    "B5": (1.6, 2.2, 456, 0.4),
    "B6": (1.8, 2.6, 528, 0.5),
    "B7": (2.0, 3.1, 600, 0.5),
}
# B0's blocks per stage (Tan & Le 2019, Table 1), its last convolution's
# filters, and the multiple that every scaled filter count is rounded to.
B0_REPEATS = (1, 2, 2, 3, 3, 4, 1)
B0_TOP_FILTERS = 1280
FILTER_DIVISOR = 8
BLOCK_NAME = re.compile(r"^block(\d+)([a-z])_")


def keras_scaling_coefficients() -> pd.DataFrame:
    """Width, depth, resolution and dropout that EfficientNetB0…B7 pass to
    Keras's EfficientNet()."""
    return pd.DataFrame.from_dict(
        KERAS_COEFFICIENTS, orient="index", columns=list(COEFFICIENTS)
    ).rename_axis("variant")


def round_filters(filters: int, width: float) -> int:
    """Scale a filter count by the width coefficient, rounded as EfficientNet
    rounds it."""
    scaled = filters * width
    rounded = max(
        FILTER_DIVISOR,
        int(scaled + FILTER_DIVISOR / 2) // FILTER_DIVISOR * FILTER_DIVISOR,
    )
    return rounded + FILTER_DIVISOR if rounded < 0.9 * scaled else rounded


def expected_structure(variant: str) -> dict:
    """What a variant's coefficients imply for the built model."""
    width, depth, size, dropout = KERAS_COEFFICIENTS[variant]
    return {
        "resolution": size,
        "top_filters": round_filters(B0_TOP_FILTERS, width),
        "blocks": sum(math.ceil(depth * repeats) for repeats in B0_REPEATS),
        "dropout": dropout,
    }


def structure_of(model: keras.Model) -> dict:
    """The same facts read from a built EfficientNet: resolution, last filters,
    blocks, dropout."""
    return {
        "resolution": model.input_shape[1],
        "top_filters": model.get_layer("top_conv").filters,
        "blocks": len(_block_layers(model)),
        "dropout": model.get_layer("top_dropout").rate,
    }


def _block_layers(model: keras.Model) -> dict[str, list[keras.layers.Layer]]:
    """Layers of each MBConv block (block1a, block1b, …) of an EfficientNet, in
    model order."""
    blocks: dict[str, list[keras.layers.Layer]] = {}
    for layer in model.layers:
        match = BLOCK_NAME.match(layer.name)
        if match:
            blocks.setdefault(f"block{match[1]}{match[2]}", []).append(layer)
    if not blocks or "stem_conv" not in [layer.name for layer in model.layers]:
        raise ValueError(
            f"Model {model.name!r} has no stem_conv and blockNx_ layers; pass "
            "a model built by keras.applications.EfficientNetB0…B7."
        )
    return blocks


def _spatial(tensor: keras.KerasTensor) -> str:
    """'H×W' of a channels-last image tensor."""
    return f"{tensor.shape[1]}×{tensor.shape[2]}"


def stage_table(model: keras.Model) -> pd.DataFrame:
    """Stages of an EfficientNet as in Tan & Le's Table 1: operator, input
    resolution, channels, layers."""
    blocks = _block_layers(model)
    stem = model.get_layer("stem_conv")
    k = stem.kernel_size[0]
    rows = [
        {
            "operator": f"Conv{k}x{k}",
            "resolution": _spatial(model.get_layer("stem_conv_pad").input),
            "channels": stem.filters,
            "layers": 1,
            "stride": stem.strides[0],
        }
    ]
    by_stage: dict[str, list[str]] = {}
    for name in blocks:  # "block2b" belongs to stage "2"
        by_stage.setdefault(name[len("block") : -1], []).append(name)
    for names in by_stage.values():
        first = {
            layer.name.removeprefix(names[0] + "_"): layer
            for layer in blocks[names[0]]
        }
        block_input = blocks[names[0]][0].input
        expand = (
            first["expand_conv"].filters // block_input.shape[-1]
            if "expand_conv" in first
            else 1
        )
        k = first["dwconv"].kernel_size[0]
        rows.append(
            {
                "operator": f"MBConv{expand}, k{k}x{k}",
                "resolution": _spatial(block_input),
                "channels": first["project_conv"].filters,
                "layers": len(names),
                "stride": first["dwconv"].strides[0],
            }
        )
    top = model.get_layer("top_conv")
    names = [layer.name for layer in model.layers]
    k = top.kernel_size[0]
    operator = f"Conv{k}x{k}" + (
        " & Pooling" if {"avg_pool", "max_pool"} & set(names) else ""
    )
    operator += " & FC" if "predictions" in names else ""
    rows.append(
        {
            "operator": operator,
            "resolution": _spatial(top.input),
            "channels": top.filters,
            "layers": 1,
            "stride": top.strides[0],
        }
    )
    return pd.DataFrame(
        rows, index=pd.RangeIndex(1, len(rows) + 1, name="stage")
    )


def block_model(model: keras.Model, block: str) -> keras.Model:
    """A copy of one MBConv block (e.g. 'block2b'), weights included, fed by an
    input '<block>_input'."""
    blocks = _block_layers(model)
    if block not in blocks:
        raise ValueError(
            f"Model {model.name!r} has no block {block!r}; it has "
            f"{', '.join(blocks)}."
        )
    layers = blocks[block]
    cut = keras.Model(layers[0].input, layers[-1].output, name=block)
    # Cloning on a fresh, named Input gives the block a graph of its own,
    # detached from the model.
    block_input = keras.Input(cut.input.shape[1:], name=f"{block}_input")
    copy = keras.models.clone_model(cut, input_tensors=block_input)
    copy.set_weights(cut.get_weights())
    return copy


def scaled_efficientnet(
    width: float = 1.0, depth: float = 1.0, resolution: int = 224, **kwargs
) -> keras.Model:
    """EfficientNet-B0 scaled by width and depth coefficients, at a resolution.

    Calls the function that keras.applications.EfficientNetB0…B7 call with
    their own coefficients (Keras's ``EfficientNet``), so any mix of the three
    can be built, e.g. one dimension alone. Keyword arguments go to that
    function (``weights`` defaults to None here: no download).
    """
    kwargs.setdefault("weights", None)
    return _keras_efficientnet(
        width_coefficient=width,
        depth_coefficient=depth,
        default_size=resolution,
        **kwargs,
    )
