"""Figures shared by the chapters (matplotlib)."""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator


def plot_class_histograms(
    frame: pd.DataFrame, features: Sequence[str], target: str, bins: int = 30
) -> Figure:
    """One panel per feature with the overlaid histogram of each class."""
    if len(features) == 0:
        raise ValueError("features must name at least one column.")
    columns = 4
    rows = -(-len(features) // columns)
    figure, axes = plt.subplots(
        rows, columns, figsize=(3.2 * columns, 2.6 * rows)
    )
    flat_axes = axes.ravel()
    for axis, feature in zip(flat_axes, features):
        edges = np.histogram_bin_edges(
            frame[feature], bins=bins
        )  # the same bins for every class
        for label, group in frame.groupby(target):
            axis.hist(group[feature], bins=edges, alpha=0.55, label=str(label))
        axis.set_title(feature, fontsize=10)
        axis.tick_params(labelsize=8)
    for axis in flat_axes[len(features) :]:
        axis.remove()
    flat_axes[0].legend(fontsize=8)
    figure.tight_layout()
    return figure


def plot_learning_curves(histories: Mapping[str, pd.DataFrame]) -> Figure:
    """Loss and accuracy per epoch, training and validation, one row per
    model."""
    if len(histories) == 0:
        raise ValueError("histories must hold at least one model's history.")
    figure, axes = plt.subplots(
        len(histories), 2, figsize=(10, 3.2 * len(histories)), squeeze=False
    )
    for row, (name, history) in zip(axes, histories.items()):
        for axis, metric, label in zip(
            row, ("loss", "accuracy"), ("pérdida", "exactitud")
        ):
            axis.plot(history.index, history[metric], label="entrenamiento")
            axis.plot(
                history.index, history[f"val_{metric}"], label="validación"
            )
            axis.set_title(f"{name}: {label}", fontsize=10)
            axis.set_xlabel("época")
            axis.legend(fontsize=8)
    figure.tight_layout()
    return figure


def plot_loss_curves(
    histories: Mapping[str, pd.DataFrame],
    best_epochs: Mapping[str, int] | None = None,
) -> Figure:
    """Training and validation loss per epoch, one panel per model.

    Panels share the y axis; epoch ticks are integers; a dotted vertical
    line marks each model's best epoch when best_epochs names it.
    """
    if len(histories) == 0:
        raise ValueError("histories must hold at least one model's history.")
    best_epochs = best_epochs or {}
    figure, axes = plt.subplots(
        1,
        len(histories),
        figsize=(3.6 * len(histories), 3.2),
        sharey=True,
        squeeze=False,
    )
    for axis, (name, history) in zip(axes[0], histories.items()):
        axis.plot(history.index, history["loss"], label="entrenamiento")
        axis.plot(history.index, history["val_loss"], label="validación")
        if name in best_epochs:
            axis.axvline(
                best_epochs[name],
                color="gray",
                linestyle=":",
                label="mejor época",
            )
        axis.set_title(name, fontsize=10)
        axis.set_xlabel("época")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0, 0].set_ylabel("pérdida (entropía cruzada)")
    axes[0, 0].legend(fontsize=8)
    figure.tight_layout()
    return figure
