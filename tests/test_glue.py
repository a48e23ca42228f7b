"""rnadl.glue stores each value plainly and its text by the book's rule."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnadl import glue as glue_module


@pytest.fixture
def stored(monkeypatch: pytest.MonkeyPatch) -> dict:
    """What glue() was given, by name."""
    values = {}

    def fake_glue(name, value, display=True):
        assert display is False
        values[name] = value

    monkeypatch.setattr("myst_nb.glue", fake_glue)
    return values


def test_numbers_are_stored_plain_with_their_text(stored: dict) -> None:
    glue_module.glue_integer("count", np.int64(564938))
    glue_module.glue_percent("acc", np.float32(0.87777))
    glue_module.glue_decimal("loss", np.float64(-2.1149), 2)
    assert type(stored["count"]) is int and stored["count"] == 564938
    assert stored["count_txt"] == "564\u202f938"
    assert type(stored["acc"]) is float and stored["acc_txt"] == "87.8\u00a0%"
    assert stored["loss_txt"] == "\u22122.11"


def test_wrong_values_are_refused(stored: dict) -> None:
    with pytest.raises(TypeError, match="expected a real number"):
        glue_module.glue_number("x", "0.5", "0.5")
    with pytest.raises(TypeError, match="expected a str"):
        glue_module.glue_text("x_txt", 0.5)
    assert stored == {}


def test_a_glued_figure_is_closed(stored: dict) -> None:
    figure, _ = plt.subplots()
    glue_module.glue_figure("fig_x", figure)
    assert stored["fig_x"] is figure
    assert not plt.fignum_exists(figure.number)


def test_math_is_stored_as_latex(stored: dict) -> None:
    glue_module.glue_math("rule", r"w = \alpha \delta a")
    assert (
        stored["rule"]._repr_latex_() == r"$\displaystyle w = \alpha \delta a$"
    )
    with pytest.raises(TypeError, match="LaTeX as a str"):
        glue_module.glue_math("rule", 3)
