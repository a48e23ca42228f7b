"""The Raisin loader, on a fixture workbook and on the real data."""

from pathlib import Path

import pandas as pd
import pytest

from rnadl import datasets
from rnadl.data import DATA_DIR_ENV, DataError, DataFile, sha256_of


def write_workbook(path: Path, frame: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path) as writer:
        frame.to_excel(writer, sheet_name=datasets.RAISIN_SHEET, index=False)
        pd.DataFrame({"cite": ["paper"]}).to_excel(writer, sheet_name="Citation_Request", index=False)


def use_fixture(monkeypatch: pytest.MonkeyPatch, folder: Path, frame: pd.DataFrame) -> None:
    path = folder / datasets.RAISIN_XLSX.relative_path
    write_workbook(path, frame)
    fixture = DataFile(datasets.RAISIN_XLSX.relative_path, datasets.RAISIN_XLSX.url, sha256_of(path))
    monkeypatch.setattr(datasets, "RAISIN_XLSX", fixture)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))


def test_load_raisin_returns_features_then_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pd.DataFrame({name: [1.0, 2.0] for name in reversed(datasets.RAISIN_FEATURES)})
    frame["Class"] = ["Kecimen", "Besni"]
    frame["Extra"] = [0, 0]
    use_fixture(monkeypatch, tmp_path, frame)
    loaded = datasets.load_raisin()
    assert list(loaded.columns) == [*datasets.RAISIN_FEATURES, "Class"]
    assert loaded["Class"].tolist() == ["Kecimen", "Besni"]


def test_load_raisin_rejects_a_foreign_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_fixture(monkeypatch, tmp_path, pd.DataFrame({"Area": [1], "Class": ["Besni"]}))
    with pytest.raises(DataError, match="MajorAxisLength"):
        datasets.load_raisin()


def test_real_raisin_data() -> None:
    """The published workbook (offline copy, or UCI's download): 900 grains, 450 per class."""
    raisin = datasets.load_raisin()
    assert raisin.shape == (900, 8)
    assert raisin["Class"].value_counts().to_dict() == {"Kecimen": 450, "Besni": 450}
    assert raisin.notna().all().all()
