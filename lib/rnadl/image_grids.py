"""Grids of images (examples, misclassified images, feature maps) with
matplotlib."""

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure


def plot_image_grid(
    images: np.ndarray | Sequence[np.ndarray],
    titles: Sequence[str] | None = None,
    columns: int = 10,
    cmap: str | None = None,
    size: float = 1.2,
) -> Figure:
    """Show images row by row in a grid without axes, each with its optional
    title above it."""
    if len(images) == 0:
        raise ValueError("images must hold at least one image.")
    if titles is not None and len(titles) != len(images):
        raise ValueError(
            f"{len(titles)} titles for {len(images)} images; give one title "
            "per image."
        )
    rows = -(-len(images) // columns)
    title_lines = (
        max((title.count("\n") + 1 for title in titles), default=0)
        if titles
        else 0
    )
    figure, axes = plt.subplots(
        rows,
        columns,
        figsize=(size * columns, (size + 0.15 * title_lines) * rows),
        squeeze=False,
    )
    for index, axis in enumerate(axes.ravel()):
        axis.axis("off")
        if index < len(images):
            axis.imshow(images[index], cmap=cmap)
            if titles is not None:
                axis.set_title(titles[index], fontsize=7.5)
    figure.tight_layout()
    return figure


def plot_feature_maps(
    rows: Sequence[tuple[str, np.ndarray]],
    columns_title: str = "filtro",
    cmap: str = "viridis",
    size: float = 1.1,
    colorbar_label: str = "activación",
    columns: int | None = None,
) -> Figure:
    """Feature maps, one block per layer: each block holds the channels of
    one (height, width, channels) array, `columns` per line (all of them by
    default), on a common colour scale with one colour bar at its right and
    the block's label at its left."""
    if not rows:
        raise ValueError("rows must hold at least one (label, maps) pair.")
    channels = {maps.shape[-1] for _, maps in rows}
    if len(channels) != 1 or any(maps.ndim != 3 for _, maps in rows):
        raise ValueError(
            "every row must be a (height, width, channels) array "
            "with the same number of channels."
        )
    (count,) = channels
    columns = columns or count
    lines = -(-count // columns)
    figure, axes = plt.subplots(
        len(rows) * lines,
        columns,
        figsize=(size * columns + 1.2, (size + 0.25) * len(rows) * lines),
        squeeze=False,
        layout="constrained",
    )
    for row, (label, maps) in enumerate(rows):
        low, high = float(np.min(maps)), float(np.max(maps))
        block = axes[row * lines : (row + 1) * lines].ravel()
        for channel, axis in enumerate(block):
            axis.set_xticks([])
            axis.set_yticks([])
            if channel >= count:
                axis.axis("off")
                continue
            image = axis.imshow(
                maps[..., channel], cmap=cmap, vmin=low, vmax=high
            )
            axis.set_title(f"{columns_title} {channel}", fontsize=8)
        block[0].set_ylabel(label, fontsize=8)
        bar = figure.colorbar(image, ax=list(block), shrink=0.9, pad=0.01)
        bar.ax.tick_params(labelsize=7)
        bar.set_label(colorbar_label, fontsize=7)
    return figure
