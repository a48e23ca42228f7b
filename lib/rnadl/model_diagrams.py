"""Schematic diagrams of Keras models, drawn from the model object itself with
matplotlib only.

Each layer call is a box (name, type, output shape, parameters), stacked top to
bottom in an order that keeps every chain of layers together. An edge between
neighbouring boxes is a short arrow; any edge that skips boxes (a residual Add,
a squeeze-and-excitation Multiply, a second branch) is routed down a lane on
the right, one lane per overlapping edge, so branches and merges stay readable.
"""

from dataclasses import dataclass

import keras
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from rnadl.keras_graph import layer_calls, parents
from rnadl.number_format import integer

MERGE_TYPES = frozenset(
    {
        "Add",
        "Subtract",
        "Multiply",
        "Average",
        "Maximum",
        "Minimum",
        "Concatenate",
        "Dot",
    }
)
BOX_COLOURS = {
    "input": "#ffffff",
    "conv": "#f4cccc",
    "pool": "#cfe2f3",
    "dense": "#d9ead3",
    "merge": "#fff2cc",
    "other": "#eeeeee",
}
BOX_WIDTH, BOX_HEIGHT, LANE_STEP = 1.0, 0.64, 0.06
# Activations as the book writes them (others keep Keras's name).
ACTIVATION_NAMES = {
    "relu": "ReLU",
    "softmax": "softmax",
    "sigmoid": "sigmoide",
}


@dataclass(frozen=True)
class LayerCall:
    """One call of a layer in a model's graph: what the diagram draws as one
    box."""

    name: str
    kind: str  # the layer's class name, e.g. "Conv2D"
    output_shape: tuple[
        tuple[int | None, ...], ...
    ]  # one shape per output, batch excluded
    params: int
    parents: tuple[
        int, ...
    ]  # positions (in the graph's list) of the calls that feed this one


def model_graph(model: keras.Model) -> list[LayerCall]:
    """The layer calls from model's inputs to its outputs, parents always
    before their children."""
    nodes = layer_calls(model)
    position = {id(node): index for index, node in enumerate(nodes)}
    return [_layer_call(node, position) for node in nodes]


def _layer_call(node, position: dict[int, int]) -> LayerCall:
    """Describe one graph node as a LayerCall, its parents given as positions
    in the drawing order."""
    layer = node.operation
    feeding = [position[id(parent)] for parent in parents(node)]
    return LayerCall(
        name=layer.name,
        kind=type(layer).__name__,
        output_shape=tuple(tuple(t.shape[1:]) for t in node.output_tensors),
        params=layer.count_params() if layer.built else 0,
        # one edge per parent, first-use order
        parents=tuple(dict.fromkeys(feeding)),
    )


def format_shape(shapes: tuple[tuple[int | None, ...], ...]) -> str:
    """Write output shapes as 28×28×32 (unknown sizes as ?), several outputs
    joined by ' | '."""
    return " | ".join(
        "×".join("?" if size is None else str(size) for size in shape)
        for shape in shapes
    )


def _colour(kind: str) -> str:
    """Fill colour of a box by the family of its layer type."""
    if kind == "InputLayer":
        return BOX_COLOURS["input"]
    if "Conv" in kind:
        return BOX_COLOURS["conv"]
    if "Pooling" in kind:
        return BOX_COLOURS["pool"]
    if kind == "Dense":
        return BOX_COLOURS["dense"]
    return (
        BOX_COLOURS["merge"] if kind in MERGE_TYPES else BOX_COLOURS["other"]
    )


def _lanes(edges: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Give every long edge (rows start < end) the lowest lane free of edges
    whose rows overlap it."""
    lane_of: dict[tuple[int, int], int] = {}
    busy: list[list[tuple[int, int]]] = []
    for start, end in sorted(
        edges, key=lambda edge: (edge[1] - edge[0], edge)
    ):
        lane = next(
            (
                k
                for k, spans in enumerate(busy)
                if all(end < s or start > e for s, e in spans)
            ),
            len(busy),
        )
        if lane == len(busy):
            busy.append([])
        busy[lane].append((start, end))
        lane_of[(start, end)] = lane
    return lane_of


def _size(pair: tuple[int, ...]) -> str:
    """A kernel, pool or stride size as 5×5."""
    return "×".join(str(size) for size in pair)


def layer_details(layer: keras.layers.Layer) -> str:
    """What a layer does besides its shape, in Spanish: kernel or window
    size, stride (when it is not the default), 'same' padding, dropout rate
    and activation; '' when there is nothing to add.

    Conv2D(32, 5, activation="relu") -> '5×5 · ReLU';
    MaxPooling2D(2) -> '2×2'; Dropout(0.3) -> 'tasa 0.3';
    Dense(10, activation="softmax") -> 'softmax'.
    """
    parts = []
    window = getattr(layer, "kernel_size", None) or getattr(
        layer, "pool_size", None
    )
    if window is not None:
        parts.append(_size(tuple(window)))
        strides = tuple(getattr(layer, "strides", None) or ())
        default = tuple(
            getattr(layer, "pool_size", None) or (1,) * len(window)
        )
        if strides and strides != default:
            parts.append(f"zancada {_size(strides)}")
        if getattr(layer, "padding", "valid") == "same":
            parts.append("relleno 'same'")
    if isinstance(layer, keras.layers.Dropout):
        parts.append(f"tasa {layer.rate:g}")
    activation = getattr(getattr(layer, "activation", None), "__name__", "")
    if activation and activation != "linear":
        parts.append(ACTIVATION_NAMES.get(activation, activation))
    return " · ".join(parts)


def draw_model(
    model: keras.Model, title: str | None = None, *, details: bool = False
) -> Figure:
    """Draw every layer call of a built Keras model (name, type, output shape,
    parameters) and its edges.

    With details=True each box also says what its layer does (layer_details:
    kernel or window size, stride, 'same' padding, dropout rate, activation);
    the default drawing is unchanged.
    """
    calls = model_graph(model)
    notes = (
        [layer_details(node.operation) for node in layer_calls(model)]
        if details
        else [""] * len(calls)
    )
    edges = [
        (parent, row)
        for row, call in enumerate(calls)
        for parent in call.parents
    ]
    lane_of = _lanes([edge for edge in edges if edge[1] - edge[0] > 1])
    lanes = 1 + max(lane_of.values(), default=-1)
    right = BOX_WIDTH + LANE_STEP * (lanes + 1)
    figure, axis = plt.subplots(
        figsize=(6.4 + 0.4 * lanes, 0.5 * len(calls) + 0.7)
    )
    axis.set_xlim(-0.02, right + 0.02)
    axis.set_ylim(-len(calls) + 0.4, 0.6)
    axis.axis("off")
    for row, call in enumerate(calls):
        axis.add_patch(
            FancyBboxPatch(
                (0, -row - BOX_HEIGHT / 2),
                BOX_WIDTH,
                BOX_HEIGHT,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor=_colour(call.kind),
                edgecolor="#444444",
                linewidth=0.8,
            )
        )
        detail = format_shape(call.output_shape)
        if call.params:
            detail += f"  ·  {integer(call.params)} parámetros"
        kind = f"{call.kind} · {notes[row]}" if notes[row] else call.kind
        axis.text(
            0.03,
            -row,
            f"{call.name}  ({kind})",
            va="center",
            ha="left",
            fontsize=8.5,
        )
        axis.text(
            BOX_WIDTH - 0.03,
            -row,
            detail,
            va="center",
            ha="right",
            fontsize=8.5,
        )
    for start, end in edges:
        if end - start == 1:
            path = Path(
                [(0.5, -start - BOX_HEIGHT / 2), (0.5, -end + BOX_HEIGHT / 2)]
            )
        else:
            x = BOX_WIDTH + LANE_STEP * (lane_of[(start, end)] + 1)
            path = Path(
                [
                    (BOX_WIDTH, -start),
                    (x, -start),
                    (x, -end),
                    (BOX_WIDTH, -end),
                ]
            )
        axis.add_patch(
            FancyArrowPatch(
                path=path,
                arrowstyle="-|>",
                mutation_scale=9,
                color="#333333",
                lw=0.9,
            )
        )
    axis.set_title(model.name if title is None else title, fontsize=11)
    figure.tight_layout()
    return figure
