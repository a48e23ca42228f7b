"""The real sources, downloaded for real. They need the internet, so they carry
the marker `network` and are deselected where there is none (`-m "not network"`,
as `make test` does); the scheduled GitHub workflow runs them."""

from pathlib import Path

import pytest

from rnadl.datasets import (
    CNN_EXPLAINER_MODEL_JSON,
    CNN_EXPLAINER_WEIGHTS,
    RAISIN_XLSX,
)
from rnadl.downloads import DATA_DIR_ENV, DataFile, fetch, sha256_of

pytestmark = pytest.mark.network


@pytest.mark.parametrize(
    "data_file",
    [RAISIN_XLSX, CNN_EXPLAINER_MODEL_JSON, CNN_EXPLAINER_WEIGHTS],
    ids=lambda data_file: data_file.relative_path,
)
def test_the_real_source_serves_the_verified_file(
    data_file: DataFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    path = fetch(data_file, cache_dir=tmp_path)
    assert path.is_relative_to(tmp_path)
    assert sha256_of(path) == data_file.sha256
