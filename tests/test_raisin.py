"""The Raisin loader, on a fixture workbook and on the real data."""

from pathlib import Path

import pandas as pd
import pytest

from rnadl import raisin
from rnadl.data_files import DATA_FILES
from rnadl.downloads import DATA_DIR_ENV, DataError, DataFile, sha256_of


def use_fixture(
    monkeypatch: pytest.MonkeyPatch, folder: Path, frame: pd.DataFrame
) -> None:
    """An offline folder whose Raisin workbook holds frame, registered with
    its real SHA-256."""
    relative_path = DATA_FILES["raisin"].relative_path
    path = folder / relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path) as writer:
        frame.to_excel(writer, sheet_name=raisin.RAISIN_SHEET, index=False)
        pd.DataFrame({"cite": ["paper"]}).to_excel(
            writer, sheet_name="Citation_Request", index=False
        )
    fixture = DataFile(relative_path, None, sha256_of(path))
    monkeypatch.setitem(DATA_FILES, "raisin", fixture)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))


def test_load_raisin_returns_features_then_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = pd.DataFrame(
        {name: [1.0, 2.0] for name in reversed(raisin.RAISIN_FEATURES)}
    )
    frame["Class"] = ["Kecimen", "Besni"]
    frame["Extra"] = [0, 0]
    use_fixture(monkeypatch, tmp_path, frame)
    loaded = raisin.load_raisin()
    assert list(loaded.columns) == [*raisin.RAISIN_FEATURES, "Class"]
    assert loaded["Class"].tolist() == ["Kecimen", "Besni"]


def test_load_raisin_rejects_a_foreign_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_fixture(
        monkeypatch, tmp_path, pd.DataFrame({"Area": [1], "Class": ["Besni"]})
    )
    with pytest.raises(DataError, match="MajorAxisLength"):
        raisin.load_raisin()


@pytest.mark.real_data
def test_real_raisin_data() -> None:
    """The published workbook: 900 grains, 450 per class."""
    grains = raisin.load_raisin()
    assert grains.shape == (900, 8)
    assert grains["Class"].value_counts().to_dict() == {
        "Kecimen": 450,
        "Besni": 450,
    }
    assert grains.notna().all().all()
