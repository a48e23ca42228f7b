"""Test-wide settings: TensorFlow started as the pages start it, and the
offline data copies.

This is the one place that looks for the offline copies: ../shared/data beside
the checkout, unless RNADL_DATA_DIR names another folder.
"""

import os
from pathlib import Path

from rnadl.startup import import_tensorflow

# The tests run TensorFlow as the pages do: quietly, oneDNN's rewrites off. The
# choice is then forgotten, so that each notebook kernel nbval starts makes its
# page's own choice, or takes the one the caller set (as `make nbval-other-cpu`
# does).
_CALLER_ONEDNN = os.environ.get("TF_ENABLE_ONEDNN_OPTS")
import_tensorflow(onednn=False)
if _CALLER_ONEDNN is None:
    del os.environ["TF_ENABLE_ONEDNN_OPTS"]

import pytest  # noqa: E402

from rnadl.downloads import DATA_DIR_ENV, offline_dir  # noqa: E402

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"

# The tests, and the notebook kernels nbval starts from this process, read the
# offline copies; without them (and without the variable) the loaders download
# from the real sources.
if SHARED_DATA.is_dir():
    os.environ.setdefault(DATA_DIR_ENV, str(SHARED_DATA))

# nbval does not compare images, but a figure glued with myst_nb.glue is stored
# under a papermill mime type that nbval does not know as an image: skip it
# like the others.
GLUED_IMAGES = tuple(
    f"application/papermill.record/image/{kind}" for kind in ("png", "jpeg")
)

# A float64 result written out in full (a glued value's repr) differs between
# CPUs in its last digits: NumPy's BLAS picks its kernels by CPU (seen: a cost
# of chapter 4 is 0.28702367201328355 on an AMD EPYC, 0.2870236720132835 on an
# Intel Xeon). nbval compares such numbers to their first 12 significant
# digits, which no CPU changes; shorter numbers are compared whole.
SIGNIFICANT_DIGITS = 12
LONG_NUMBER = (
    r"(?<![\w.])(-?[0.]*[1-9](?:\.?\d)"  # its first significant digit
    + f"{{{SIGNIFICANT_DIGITS - 1}}})"  # and the next ones: kept
    + r"(?:\.?\d)+"  # the digits after them: dropped
)


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(items) -> None:
    """Let nbval skip glued figures, as it skips displayed ones, and compare
    long numbers to SIGNIFICANT_DIGITS; a test of the real data without
    offline copies downloads: mark it `network`."""
    if offline_dir() is None:
        for item in items:
            if item.get_closest_marker("real_data"):
                item.add_marker(pytest.mark.network)
    for notebook in {
        item.parent for item in items if hasattr(item.parent, "skip_compare")
    }:
        notebook.skip_compare = (*notebook.skip_compare, *GLUED_IMAGES)
        notebook.sanitize_patterns[LONG_NUMBER] = r"\1"
