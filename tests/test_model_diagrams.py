"""Model diagrams: the graph walk (order, parents, shapes) and the boxes and
arrows drawn from it."""

import matplotlib

matplotlib.use("Agg")

import keras
import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import FancyArrowPatch

from rnadl.model_diagrams import (
    draw_model,
    format_shape,
    layer_details,
    model_graph,
)


def branch_and_merge_model() -> keras.Model:
    """A squeeze-and-excitation branch closed by a Multiply, then a residual
    Add."""
    image = keras.Input((8, 8, 3), name="image")
    features = keras.layers.Conv2D(4, 3, padding="same", name="conv")(image)
    squeeze = keras.layers.GlobalAveragePooling2D(name="squeeze")(features)
    excite = keras.layers.Dense(4, activation="sigmoid", name="excite")(
        squeeze
    )
    excite = keras.layers.Reshape((1, 1, 4), name="reshape")(excite)
    scaled = keras.layers.Multiply(name="scale")([features, excite])
    merged = keras.layers.Add(name="residual")([scaled, features])
    return keras.Model(image, merged, name="toy_se_block")


def texts(figure) -> list[str]:
    return [text.get_text() for text in figure.axes[0].texts]


def arrows(figure) -> list[FancyArrowPatch]:
    return [
        patch
        for patch in figure.axes[0].patches
        if isinstance(patch, FancyArrowPatch)
    ]


def test_graph_of_a_branch_and_merge_model() -> None:
    calls = model_graph(branch_and_merge_model())
    assert [call.name for call in calls] == [
        "image",
        "conv",
        "squeeze",
        "excite",
        "reshape",
        "scale",
        "residual",
    ]
    assert [call.parents for call in calls] == [
        (),
        (0,),
        (1,),
        (2,),
        (3,),
        (1, 4),
        (5, 1),
    ]
    assert calls[1].kind == "Conv2D" and calls[1].params == (3 * 3 * 3 + 1) * 4
    assert calls[4].output_shape == ((1, 1, 4),)
    assert calls[6].kind == "Add" and calls[6].output_shape == ((8, 8, 4),)


def test_draw_branch_and_merge_model() -> None:
    figure = draw_model(branch_and_merge_model())
    drawn = texts(figure)
    for label in (
        "image  (InputLayer)",
        "conv  (Conv2D)",
        "scale  (Multiply)",
        "residual  (Add)",
    ):
        assert label in drawn
    assert "8×8×4  ·  112 parámetros" in drawn and "1×1×4" in drawn
    assert (
        len(arrows(figure)) == 8
    )  # 6 layer-to-layer edges plus the two skips into Multiply and Add
    long_edges = [a for a in arrows(figure) if len(a.get_path().vertices) > 2]
    assert len(long_edges) >= 2
    assert figure.axes[0].get_title() == "toy_se_block"
    plt.close(figure)


def test_draw_sequential_with_custom_title() -> None:
    model = keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            keras.layers.Conv2D(8, 5, name="c"),
            keras.layers.Flatten(name="f"),
        ]
    )
    figure = draw_model(model, title="Red secuencial")
    assert figure.axes[0].get_title() == "Red secuencial"
    assert "28×28×8  ·  608 parámetros" in texts(figure) and "6272" in texts(
        figure
    )
    assert len(arrows(figure)) == 2
    plt.close(figure)


def test_efficientnet_block_keeps_the_se_branch_and_the_residual() -> None:
    base = keras.applications.EfficientNetB0(weights=None)
    block = keras.Model(
        base.get_layer("block2b_expand_conv").input,
        base.get_layer("block2b_add").output,
    )
    calls = model_graph(block)
    names = [call.name for call in calls]
    assert names[1] == "block2b_expand_conv" and names[-1] == "block2b_add"
    assert "block1a_project_bn" not in names  # nothing before the cut is drawn
    excite = calls[names.index("block2b_se_excite")]
    assert {calls[p].name for p in excite.parents} == {
        "block2b_activation",
        "block2b_se_expand",
    }
    assert calls[-1].parents == (names.index("block2b_drop"), 0)
    plt.close(draw_model(block))


def test_format_shape() -> None:
    assert format_shape(((28, 28, 32),)) == "28×28×32"
    assert format_shape(((None, 4), (10,))) == "?×4 | 10"


def test_unbuilt_model_is_refused() -> None:
    with pytest.raises(ValueError, match="build it on keras.Input"):
        draw_model(keras.Sequential([keras.layers.Dense(2)]))


def small_cnn() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input((32, 32, 3), name="entrada"),
            keras.layers.Conv2D(8, 5, activation="relu", name="conv"),
            keras.layers.Conv2D(
                4, 3, strides=2, padding="same", activation="relu", name="c2"
            ),
            keras.layers.MaxPooling2D(2, name="pool"),
            keras.layers.Dropout(0.3, name="drop"),
            keras.layers.Flatten(name="flat"),
            keras.layers.Dense(10, activation="softmax", name="out"),
        ]
    )


def test_layer_details_say_kernel_stride_padding_rate_and_activation() -> None:
    model = small_cnn()
    details = {layer.name: layer_details(layer) for layer in model.layers}
    assert details == {
        "conv": "5×5 · ReLU",
        "c2": "3×3 · zancada 2×2 · relleno 'same' · ReLU",
        "pool": "2×2",
        "drop": "tasa 0.3",
        "flat": "",
        "out": "softmax",
    }


def test_details_are_drawn_only_when_asked() -> None:
    plain, detailed = (
        draw_model(small_cnn()),
        draw_model(small_cnn(), details=True),
    )
    assert "conv  (Conv2D)" in texts(plain)
    assert "conv  (Conv2D · 5×5 · ReLU)" in texts(detailed)
    assert "pool  (MaxPooling2D · 2×2)" in texts(detailed)
    assert "flat  (Flatten)" in texts(detailed)
    # Everything else is the same drawing.
    assert [t for t in texts(plain) if "(" not in t] == [
        t for t in texts(detailed) if "(" not in t
    ]
    assert len(arrows(plain)) == len(arrows(detailed))
    plt.close(plain)
    plt.close(detailed)
