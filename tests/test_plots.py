"""Shared figures have the panels they promise."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from rnadl.plots import plot_class_histograms, plot_learning_curves


def test_class_histograms_one_panel_per_feature() -> None:
    frame = pd.DataFrame({"a": [1, 2, 3, 4], "b": [4, 3, 2, 1], "c": [0, 1, 0, 1], "y": list("xxzz")})
    figure = plot_class_histograms(frame, ["a", "b", "c"], "y", bins=3)
    assert [axis.get_title() for axis in figure.axes] == ["a", "b", "c"]
    assert [text.get_text() for text in figure.axes[0].get_legend().get_texts()] == ["x", "z"]
    bars_x, bars_z = figure.axes[0].containers
    assert [bar.get_x() for bar in bars_x] == [bar.get_x() for bar in bars_z]  # shared bins
    plt.close(figure)
    with pytest.raises(ValueError):
        plot_class_histograms(frame, [], "y")


def test_learning_curves_two_panels_per_model() -> None:
    history = pd.DataFrame(
        {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8], "val_accuracy": [0.4, 0.7]},
        index=[1, 2],
    )
    figure = plot_learning_curves({"A": history, "B": history})
    assert len(figure.axes) == 4
    assert figure.axes[3].get_title() == "B: exactitud"
    assert list(figure.axes[0].lines[1].get_ydata()) == [1.1, 0.7]
    plt.close(figure)
    with pytest.raises(ValueError):
        plot_learning_curves({})
