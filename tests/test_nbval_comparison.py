"""How nbval compares a page's outputs (set up in the root conftest.py): a
long float64 number to its first 12 significant digits, all else whole."""

import re
from pathlib import Path

import pytest

ROOT_CONFTEST = Path(__file__).resolve().parent.parent / "conftest.py"


@pytest.fixture(scope="module")
def compared(pytestconfig):
    """What nbval compares of an output text, with the root conftest's
    pattern (the module pytest loaded, not a second import)."""
    (module,) = [
        plugin
        for plugin in pytestconfig.pluginmanager.get_plugins()
        if Path(getattr(plugin, "__file__", "")) == ROOT_CONFTEST
    ]
    return lambda text: re.sub(module.LONG_NUMBER, r"\1", text)


@pytest.mark.parametrize(
    ("one_cpu", "another_cpu"),
    [
        # chapter 4, on an AMD EPYC and on an Intel Xeon
        ("0.28702367201328355", "0.2870236720132835"),
        ("0.024658228936099303", "0.0246582289360993"),
        ("-0.98931584020155", "-0.98931584020161"),
        ("1.0657563720841e-05", "1.0657563720849e-05"),
    ],
)
def test_last_digits_of_a_long_number_are_not_compared(
    compared, one_cpu, another_cpu
) -> None:
    assert compared(one_cpu) == compared(another_cpu)


@pytest.mark.parametrize(
    ("stored", "recomputed"),
    [
        ("0.28702367201328355", "0.28702367201428355"),  # 11th digit
        ("0.2870", "0.2871"),
        ("564938", "564939"),
        ("'86.3\xa0%'", "'86.4\xa0%'"),
        ("(-0.989316, 1.065756)", "(-0.989316, 1.065757)"),
    ],
)
def test_a_difference_in_the_first_12_digits_is_seen(
    compared, stored, recomputed
) -> None:
    assert compared(stored) != compared(recomputed)


def test_numbers_inside_names_and_short_numbers_stay_whole(compared) -> None:
    text = "sha256 9f3d66ea9ffaacad665d73801f42f5ed, 0.5, 12345678901"
    assert compared(text) == text
