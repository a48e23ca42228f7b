"""Image grids show every image with its title."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnadl.galleries import plot_image_grid


def test_grid_shapes_titles_and_blank_cells() -> None:
    images = np.arange(7 * 4 * 4 * 3, dtype=np.uint8).reshape(7, 4, 4, 3)
    figure = plot_image_grid(images, [f"n{i}" for i in range(7)], columns=3)
    assert len(figure.axes) == 9  # 3 rows of 3, the last two cells blank
    assert [axis.get_title() for axis in figure.axes[:7]] == [f"n{i}" for i in range(7)]
    assert all(not axis.images for axis in figure.axes[7:])
    np.testing.assert_array_equal(figure.axes[6].images[0].get_array(), images[6])
    plt.close(figure)


def test_grid_errors() -> None:
    with pytest.raises(ValueError, match="at least one"):
        plot_image_grid(np.zeros((0, 4, 4)))
    with pytest.raises(ValueError, match="one title per image"):
        plot_image_grid(np.zeros((2, 4, 4)), ["only one"])
