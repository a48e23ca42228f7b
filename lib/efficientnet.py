"""The structure of keras.applications' EfficientNets: scaling coefficients, stages, blocks."""

import ast
import inspect
import re
import textwrap

import keras
import pandas as pd

VARIANTS = tuple(f"B{index}" for index in range(8))
COEFFICIENTS = ("width_coefficient", "depth_coefficient", "default_size", "dropout_rate")
BLOCK_NAME = re.compile(r"^block(\d+)([a-z])_")


def keras_scaling_coefficients() -> pd.DataFrame:
    """Width, depth, resolution and dropout that EfficientNetB0…B7 pass to Keras's EfficientNet()."""
    rows = {}
    for variant in VARIANTS:
        builder = getattr(keras.applications, f"EfficientNet{variant}")
        tree = ast.parse(textwrap.dedent(inspect.getsource(builder)))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "EfficientNet"
        ]
        if len(calls) != 1:
            raise ValueError(
                f"keras.applications.EfficientNet{variant} no longer calls EfficientNet(...) once; "
                f"this Keras version is not supported, read its coefficients by hand."
            )
        (call,) = calls
        keywords = {
            keyword.arg: ast.literal_eval(keyword.value)
            for keyword in call.keywords
            if isinstance(keyword.value, ast.Constant)
        }
        signature = inspect.signature(inspect.getmodule(builder).EfficientNet)
        bound = signature.bind_partial(*map(ast.literal_eval, call.args), **keywords).arguments
        rows[variant] = {name: bound[name] for name in COEFFICIENTS}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("variant")


def _block_layers(model: keras.Model) -> dict[str, list[keras.layers.Layer]]:
    """Layers of each MBConv block (block1a, block1b, …) of an EfficientNet, in model order."""
    blocks: dict[str, list[keras.layers.Layer]] = {}
    for layer in model.layers:
        match = BLOCK_NAME.match(layer.name)
        if match:
            blocks.setdefault(f"block{match[1]}{match[2]}", []).append(layer)
    if not blocks or "stem_conv" not in [layer.name for layer in model.layers]:
        raise ValueError(
            f"Model {model.name!r} has no stem_conv and blockNx_ layers; pass a model built by "
            f"keras.applications.EfficientNetB0…B7."
        )
    return blocks


def _spatial(tensor: keras.KerasTensor) -> str:
    """'H×W' of a channels-last image tensor."""
    return f"{tensor.shape[1]}×{tensor.shape[2]}"


def stage_table(model: keras.Model) -> pd.DataFrame:
    """Stages of an EfficientNet as in Tan & Le's Table 1: operator, input resolution, channels, layers."""
    blocks = _block_layers(model)
    stem = model.get_layer("stem_conv")
    k = stem.kernel_size[0]
    rows = [
        {"operator": f"Conv{k}x{k}", "resolution": _spatial(model.get_layer("stem_conv_pad").input),
         "channels": stem.filters, "layers": 1, "stride": stem.strides[0]}
    ]
    by_stage: dict[str, list[str]] = {}
    for name in blocks:  # "block2b" belongs to stage "2"
        by_stage.setdefault(name[len("block"):-1], []).append(name)
    for names in by_stage.values():
        first = {layer.name.removeprefix(names[0] + "_"): layer for layer in blocks[names[0]]}
        block_input = blocks[names[0]][0].input
        expand = first["expand_conv"].filters // block_input.shape[-1] if "expand_conv" in first else 1
        k = first["dwconv"].kernel_size[0]
        rows.append(
            {"operator": f"MBConv{expand}, k{k}x{k}", "resolution": _spatial(block_input),
             "channels": first["project_conv"].filters, "layers": len(names),
             "stride": first["dwconv"].strides[0]}
        )
    top = model.get_layer("top_conv")
    names = [layer.name for layer in model.layers]
    k = top.kernel_size[0]
    operator = f"Conv{k}x{k}" + (" & Pooling" if {"avg_pool", "max_pool"} & set(names) else "")
    operator += " & FC" if "predictions" in names else ""
    rows.append(
        {"operator": operator, "resolution": _spatial(top.input), "channels": top.filters,
         "layers": 1, "stride": top.strides[0]}
    )
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="stage"))


def block_model(model: keras.Model, block: str) -> keras.Model:
    """A copy of one MBConv block (e.g. 'block2b'), weights included, fed by an input '<block>_input'."""
    blocks = _block_layers(model)
    if block not in blocks:
        raise ValueError(
            f"Model {model.name!r} has no block {block!r}; it has {', '.join(blocks)}."
        )
    layers = blocks[block]
    cut = keras.Model(layers[0].input, layers[-1].output, name=block)
    # Cloning on a fresh, named Input gives the block a graph of its own, detached from the model.
    block_input = keras.Input(cut.input.shape[1:], name=f"{block}_input")
    copy = keras.models.clone_model(cut, input_tensors=block_input)
    copy.set_weights(cut.get_weights())
    return copy


def scaled_efficientnet(
    width: float = 1.0, depth: float = 1.0, resolution: int = 224, **kwargs
) -> keras.Model:
    """EfficientNet-B0 scaled by width and depth coefficients, at a resolution.

    Calls the function that keras.applications.EfficientNetB0…B7 call with their
    own coefficients (Keras's ``EfficientNet``), so any mix of the three can be
    built, e.g. one dimension alone. Keyword arguments go to that function
    (``weights`` defaults to None here: no download).
    """
    builder = inspect.getmodule(keras.applications.EfficientNetB0).EfficientNet
    kwargs.setdefault("weights", None)
    return builder(
        width_coefficient=width,
        depth_coefficient=depth,
        default_size=resolution,
        **kwargs,
    )
