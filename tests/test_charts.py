"""Shared figures have the panels they promise."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from rnadl.charts import (
    plot_class_histograms,
    plot_learning_curves,
    plot_loss_curves,
)


def test_class_histograms_one_panel_per_feature() -> None:
    frame = pd.DataFrame(
        {
            "a": [1, 2, 3, 4],
            "b": [4, 3, 2, 1],
            "c": [0, 1, 0, 1],
            "y": list("xxzz"),
        }
    )
    figure = plot_class_histograms(frame, ["a", "b", "c"], "y", bins=3)
    assert [axis.get_title() for axis in figure.axes] == ["a", "b", "c"]
    assert [
        text.get_text() for text in figure.axes[0].get_legend().get_texts()
    ] == ["x", "z"]
    bars_x, bars_z = figure.axes[0].containers
    assert [bar.get_x() for bar in bars_x] == [
        bar.get_x() for bar in bars_z
    ]  # shared bins
    plt.close(figure)
    with pytest.raises(ValueError):
        plot_class_histograms(frame, [], "y")


def test_learning_curves_two_panels_per_model() -> None:
    history = pd.DataFrame(
        {
            "loss": [1.0, 0.5],
            "val_loss": [1.1, 0.7],
            "accuracy": [0.5, 0.8],
            "val_accuracy": [0.4, 0.7],
        },
        index=[1, 2],
    )
    figure = plot_learning_curves({"A": history, "B": history})
    assert len(figure.axes) == 4
    assert figure.axes[3].get_title() == "B: exactitud"
    assert list(figure.axes[0].lines[1].get_ydata()) == [1.1, 0.7]
    plt.close(figure)
    with pytest.raises(ValueError):
        plot_learning_curves({})


def test_loss_curves_one_panel_per_model_with_best_epoch() -> None:
    history = pd.DataFrame(
        {"loss": [1.0, 0.5, 0.4], "val_loss": [1.1, 0.7, 0.8]}, index=[1, 2, 3]
    )
    figure = plot_loss_curves({"A": history, "B": history}, {"B": 2})
    first, second = figure.axes
    assert [first.get_title(), second.get_title()] == ["A", "B"]
    assert list(first.lines[1].get_ydata()) == [1.1, 0.7, 0.8]
    assert len(first.lines) == 2 and len(second.lines) == 3
    assert list(second.lines[2].get_xdata()) == [2, 2]  # the best epoch
    ticks = first.xaxis.get_major_locator().tick_values(1, 3)
    assert all(float(tick).is_integer() for tick in ticks)
    assert first.get_shared_y_axes().joined(first, second)
    plt.close(figure)
    with pytest.raises(ValueError):
        plot_loss_curves({})
