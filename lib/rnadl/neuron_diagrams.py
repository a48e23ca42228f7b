"""Neuron-level drawings of small fully connected networks: one circle per
neuron, one line per weight.

Layers are columns (layer 0 is the input), neurons are numbered 1.. from the
top, and a weight is named as in Hagan et al.: (l, i, j) joins neuron j of
layer l−1 to neuron i of layer l.
"""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

EDGE_GREY, NEURON_FACE = "#c8c8c8", "#ffffff"


def _check_neuron(
    sizes: Sequence[int], layer: int, neuron: int, what: str
) -> None:
    """Raise a ValueError unless layer and neuron (1-based) exist in a network
    of these sizes."""
    if not 0 <= layer < len(sizes) or not 1 <= neuron <= sizes[layer]:
        raise ValueError(
            f"{what}: neuron {neuron} of layer {layer} does not exist; layers "
            f"are 0..{len(sizes) - 1} with sizes {list(sizes)} and neurons "
            "are numbered from 1."
        )


def draw_network(
    sizes: Sequence[int],
    labels: Sequence[str],
    edges: Mapping[tuple[int, int, int], str] | None = None,
    neurons: Mapping[tuple[int, int], str] | None = None,
) -> Figure:
    """Draw layers 0..M as columns of numbered neurons; colour the weights
    (l, i, j) and neurons (l, i) given."""
    if len(sizes) < 2 or any(int(size) < 1 for size in sizes):
        raise ValueError(
            "sizes must list the input and at least one layer, all positive: "
            f"{sizes!r}."
        )
    if len(labels) != len(sizes):
        raise ValueError(
            f"Give one label per column: {len(sizes)} sizes but {len(labels)} "
            "labels."
        )
    edges, neurons = dict(edges or {}), dict(neurons or {})
    for layer, i, j in edges:
        _check_neuron(sizes, layer, i, f"edge {(layer, i, j)}")
        _check_neuron(sizes, layer - 1, j, f"edge {(layer, i, j)}")
    for layer, i in neurons:
        _check_neuron(sizes, layer, i, f"neuron {(layer, i)}")
    tallest = max(sizes)

    def position(layer: int, neuron: int) -> tuple[float, float]:
        """Centre of a neuron's circle: one column per layer, neuron 1 on top,
        columns centred."""
        return float(layer), (sizes[layer] + 1) / 2 - neuron

    figure, axis = plt.subplots(
        figsize=(1.25 * len(sizes) + 1.0, 0.55 * tallest + 1.2)
    )
    for layer in range(1, len(sizes)):
        for i in range(1, sizes[layer] + 1):
            for j in range(1, sizes[layer - 1] + 1):
                colour = edges.get((layer, i, j))
                (x0, y0), (x1, y1) = position(layer - 1, j), position(layer, i)
                axis.plot(
                    [x0, x1],
                    [y0, y1],
                    color=colour or EDGE_GREY,
                    linewidth=2.4 if colour else 0.6,
                    zorder=2 if colour else 1,
                )
    for layer, size in enumerate(sizes):
        for i in range(1, size + 1):
            x, y = position(layer, i)
            colour = neurons.get((layer, i))
            axis.scatter(
                x,
                y,
                s=330,
                facecolor=colour or NEURON_FACE,
                edgecolor="#333333",
                zorder=3,
            )
            axis.text(
                x, y, str(i), ha="center", va="center", fontsize=8, zorder=4
            )
        axis.text(
            layer,
            -tallest / 2 - 0.3,
            labels[layer],
            ha="center",
            va="top",
            fontsize=9,
        )
    axis.set_xlim(-0.5, len(sizes) - 0.5)
    axis.set_ylim(-tallest / 2 - 1.3, tallest / 2 + 0.2)
    axis.axis("off")
    figure.tight_layout()
    return figure
