"""Grids of images (examples, misclassified images, feature maps) with matplotlib."""

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
    """Show images row by row in a grid without axes, each with its optional title above it."""
    if len(images) == 0:
        raise ValueError("images must hold at least one image.")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"{len(titles)} titles for {len(images)} images; give one title per image.")
    rows = -(-len(images) // columns)
    title_lines = max((title.count("\n") + 1 for title in titles), default=0) if titles else 0
    figure, axes = plt.subplots(
        rows, columns, figsize=(size * columns, (size + 0.15 * title_lines) * rows), squeeze=False
    )
    for index, axis in enumerate(axes.ravel()):
        axis.axis("off")
        if index < len(images):
            axis.imshow(images[index], cmap=cmap)
            if titles is not None:
                axis.set_title(titles[index], fontsize=7.5)
    figure.tight_layout()
    return figure
