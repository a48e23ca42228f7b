"""Figures shared by the chapters (matplotlib)."""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def plot_class_histograms(
    frame: pd.DataFrame, features: Sequence[str], target: str, bins: int = 30
) -> Figure:
    """One panel per feature with the overlaid histogram of each class."""
    if len(features) == 0:
        raise ValueError("features must name at least one column.")
    columns = 4
    rows = -(-len(features) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 2.6 * rows))
    flat_axes = axes.ravel()
    for axis, feature in zip(flat_axes, features):
        edges = np.histogram_bin_edges(frame[feature], bins=bins)  # the same bins for every class
        for label, group in frame.groupby(target):
            axis.hist(group[feature], bins=edges, alpha=0.55, label=str(label))
        axis.set_title(feature, fontsize=10)
        axis.tick_params(labelsize=8)
    for axis in flat_axes[len(features):]:
        axis.remove()
    flat_axes[0].legend(fontsize=8)
    figure.tight_layout()
    return figure


def plot_learning_curves(histories: Mapping[str, pd.DataFrame]) -> Figure:
    """Loss and accuracy per epoch, training and validation, one row per model."""
    if len(histories) == 0:
        raise ValueError("histories must hold at least one model's history.")
    figure, axes = plt.subplots(len(histories), 2, figsize=(10, 3.2 * len(histories)), squeeze=False)
    for row, (name, history) in zip(axes, histories.items()):
        for axis, metric, label in zip(row, ("loss", "accuracy"), ("pérdida", "exactitud")):
            axis.plot(history.index, history[metric], label="entrenamiento")
            axis.plot(history.index, history[f"val_{metric}"], label="validación")
            axis.set_title(f"{name}: {label}", fontsize=10)
            axis.set_xlabel("época")
            axis.legend(fontsize=8)
    figure.tight_layout()
    return figure
