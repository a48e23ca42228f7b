"""Test-wide settings: read data from the offline copies in ../shared/data when they are there."""

import os
from pathlib import Path

import rnadl  # noqa: F401  (sets TensorFlow's log level before anything imports it)
from rnadl.data import DATA_DIR_ENV

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"

# The tests, and the notebook kernels nbval starts from this process, read the offline copies;
# without them (and without the variable) the loaders download from the real sources.
if SHARED_DATA.is_dir():
    os.environ.setdefault(DATA_DIR_ENV, str(SHARED_DATA))

# nbval does not compare images, but a figure glued with myst_nb.glue is stored under a
# papermill mime type that nbval does not know as an image: skip it like the others.
GLUED_IMAGES = tuple(f"application/papermill.record/image/{kind}" for kind in ("png", "jpeg"))


def pytest_collection_modifyitems(items) -> None:
    """Let nbval skip glued figures, as it skips displayed ones."""
    for notebook in {item.parent for item in items if hasattr(item.parent, "skip_compare")}:
        notebook.skip_compare = (*notebook.skip_compare, *GLUED_IMAGES)
