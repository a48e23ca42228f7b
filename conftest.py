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
