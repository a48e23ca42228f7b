"""Loaders of the book's data sets, each returning plain pandas/NumPy objects."""

import pandas as pd

from rnadl.data import DataError, DataFile, fetch

RAISIN_XLSX = DataFile(
    relative_path="raisin/Raisin_Dataset.xlsx",
    url="https://archive.ics.uci.edu/static/public/850/raisin.zip",
    sha256="9370b5f749a572a0bbeae15c93bf2e15c859b06d2626ae401b844c0a925fa553",
    archive_member="Raisin_Dataset.xlsx",
)
RAISIN_SHEET = "Raisin_Grains_Dataset"
RAISIN_FEATURES = (
    "Area",
    "MajorAxisLength",
    "MinorAxisLength",
    "Eccentricity",
    "ConvexArea",
    "Extent",
    "Perimeter",
)
RAISIN_TARGET = "Class"


def load_raisin() -> pd.DataFrame:
    """Load UCI Raisin (id 850): one row per grain, the 7 morphological features and the class."""
    path = fetch(RAISIN_XLSX)
    frame = pd.read_excel(path, sheet_name=RAISIN_SHEET)
    columns = [*RAISIN_FEATURES, RAISIN_TARGET]
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise DataError(f"{path} lacks the columns {missing}; it is not the UCI Raisin workbook.")
    return frame[columns]
