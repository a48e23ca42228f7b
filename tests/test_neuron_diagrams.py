"""Neuron-level network drawings colour exactly the weights and neurons asked
for."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from rnadl.neuron_diagrams import EDGE_GREY, draw_network


def test_one_line_per_weight_and_one_circle_per_neuron() -> None:
    figure = draw_network(
        [2, 3, 1],
        ["x", "1", "2"],
        edges={(1, 3, 2): "red"},
        neurons={(2, 1): "blue"},
    )
    axis = figure.axes[0]
    assert len(axis.lines) == 2 * 3 + 3 * 1
    red = [line for line in axis.lines if line.get_color() == "red"]
    assert len(red) == 1
    assert list(red[0].get_xdata()) == [0.0, 1.0]  # from layer 0 to layer 1
    assert list(red[0].get_ydata()) == [
        (2 + 1) / 2 - 2,
        (3 + 1) / 2 - 3,
    ]  # input 2 → neuron 3
    assert sum(line.get_color() == EDGE_GREY for line in axis.lines) == 8
    faces = [mcolors.to_hex(c.get_facecolor()[0]) for c in axis.collections]
    assert len(faces) == 6 and faces.count(mcolors.to_hex("blue")) == 1
    assert [t.get_text() for t in axis.texts][-3:] == ["1", "1", "2"]
    plt.close(figure)


@pytest.mark.parametrize(
    "sizes, labels, edges, neurons, message",
    [
        ([3], ["x"], None, None, "at least one layer"),
        ([3, 0], ["x", "1"], None, None, "all positive"),
        ([3, 2], ["x"], None, None, "one label per column"),
        (
            [3, 2],
            ["x", "1"],
            {(1, 3, 1): "red"},
            None,
            r"neuron 3 of layer 1 does not exist",
        ),
        (
            [3, 2],
            ["x", "1"],
            {(1, 1, 4): "red"},
            None,
            r"neuron 4 of layer 0 does not exist",
        ),
        (
            [3, 2],
            ["x", "1"],
            None,
            {(2, 1): "red"},
            r"neuron 1 of layer 2 does not exist",
        ),
    ],
)
def test_bad_requests_are_refused(
    sizes, labels, edges, neurons, message
) -> None:
    with pytest.raises(ValueError, match=message):
        draw_network(sizes, labels, edges, neurons)
