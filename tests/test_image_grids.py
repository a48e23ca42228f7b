"""Image grids show every image with its title."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnadl.image_grids import plot_feature_maps, plot_image_grid


def test_grid_shapes_titles_and_blank_cells() -> None:
    images = np.arange(7 * 4 * 4 * 3, dtype=np.uint8).reshape(7, 4, 4, 3)
    figure = plot_image_grid(images, [f"n{i}" for i in range(7)], columns=3)
    assert len(figure.axes) == 9  # 3 rows of 3, the last two cells blank
    assert [axis.get_title() for axis in figure.axes[:7]] == [
        f"n{i}" for i in range(7)
    ]
    assert all(not axis.images for axis in figure.axes[7:])
    np.testing.assert_array_equal(
        figure.axes[6].images[0].get_array(), images[6]
    )
    plt.close(figure)


def test_grid_errors() -> None:
    with pytest.raises(ValueError, match="at least one"):
        plot_image_grid(np.zeros((0, 4, 4)))
    with pytest.raises(ValueError, match="one title per image"):
        plot_image_grid(np.zeros((2, 4, 4)), ["only one"])


def test_feature_maps_share_one_colour_scale_per_row() -> None:
    first = np.arange(2 * 3 * 4, dtype=float).reshape(2, 3, 4)
    second = -np.ones((5, 5, 4))
    figure = plot_feature_maps(
        [("a", first), ("b", second)], columns_title="f"
    )
    maps = [axis for axis in figure.axes if axis.images]
    assert len(maps) == 8  # 2 rows of 4 channels
    assert len(figure.axes) == 10  # and one colour bar per row
    titles = ["f 0", "f 1", "f 2", "f 3"]
    assert [axis.get_title() for axis in maps[:4]] == titles
    assert maps[0].get_ylabel() == "a" and maps[4].get_ylabel() == "b"
    assert {axis.images[0].get_clim() for axis in maps[:4]} == {(0.0, 23.0)}
    np.testing.assert_array_equal(
        maps[5].images[0].get_array(), second[..., 1]
    )
    plt.close(figure)


def test_feature_maps_wrap_channels_into_lines() -> None:
    maps = np.random.default_rng(0).normal(size=(3, 3, 5))
    figure = plot_feature_maps([("a", maps), ("b", maps)], columns=3)
    images = [axis for axis in figure.axes if axis.images]
    assert len(images) == 10 and len(figure.axes) == 2 * 6 + 2
    assert images[3].get_title() == "filtro 3"
    assert (
        images[5].get_ylabel() == "b" and images[5].get_title() == "filtro 0"
    )
    plt.close(figure)


def test_feature_maps_errors() -> None:
    with pytest.raises(ValueError, match="at least one"):
        plot_feature_maps([])
    with pytest.raises(ValueError, match="same number of channels"):
        plot_feature_maps(
            [("a", np.zeros((2, 2, 3))), ("b", np.zeros((2, 2, 4)))]
        )
