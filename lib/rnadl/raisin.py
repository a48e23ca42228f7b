"""UCI Raisin (id 850; Cinar, Koklu and Tasdemir, 2020): 900 grains of two
Turkish raisin varieties, seven morphological measures each."""

import pandas as pd

from rnadl.data_files import DATA_FILES
from rnadl.downloads import DataError, fetch

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
    """One row per grain: the 7 morphological features, then the class."""
    path = fetch(DATA_FILES["raisin"])
    frame = pd.read_excel(path, sheet_name=RAISIN_SHEET)
    columns = [*RAISIN_FEATURES, RAISIN_TARGET]
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise DataError(
            f"{path} lacks the columns {missing}; it is not the UCI Raisin "
            "workbook."
        )
    return frame[columns]
