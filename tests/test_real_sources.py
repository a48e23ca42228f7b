"""The real sources, downloaded for real. They need the internet, so they
carry the marker `network` and are deselected where there is none
(`-m "not network"`, as `make test` does); the GitHub workflow runs them."""

from pathlib import Path

import pytest

from rnadl.data_files import DATA_FILES
from rnadl.downloads import DATA_DIR_ENV, fetch

pytestmark = pytest.mark.network

# Every registered file that has an online source.
ONLINE = {
    name: data_file for name, data_file in DATA_FILES.items() if data_file.url
}


@pytest.mark.parametrize("name", sorted(ONLINE))
def test_the_real_source_serves_the_verified_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    data_file = ONLINE[name]
    path = fetch(data_file, cache_dir=tmp_path)
    assert path.is_relative_to(tmp_path)
    assert data_file.digest(path) == data_file.sha256
