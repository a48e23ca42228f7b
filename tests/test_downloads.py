"""Offline copies, downloads (file:// fixtures), checksums and clear errors of rnadl.downloads."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from rnadl import downloads as data
from rnadl.downloads import (
    DATA_DIR_ENV,
    ChecksumMismatchError,
    DataError,
    DataFile,
    DataUnavailableError,
    extract_member,
    fetch,
    sha256_of,
    verify_sha256,
)

PAYLOAD = b"grain,class\n1,Kecimen\n2,Besni\n"
PAYLOAD_SHA = hashlib.sha256(PAYLOAD).hexdigest()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def nested_archive(tmp_path: Path) -> Path:
    """A zip holding a zip holding the payload, like some copies of UCI's raisin.zip."""
    inner = zip_bytes(
        {"Dataset/table.csv": PAYLOAD, "Dataset/readme.txt": b"x"}
    )
    path = tmp_path / "source" / "dataset.zip"
    path.parent.mkdir()
    path.write_bytes(zip_bytes({"notes.txt": b"hello", "Dataset.zip": inner}))
    return path


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)


def test_sha256_of_and_verify(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(PAYLOAD)
    assert sha256_of(path) == PAYLOAD_SHA
    assert verify_sha256(path, PAYLOAD_SHA.upper()) == path
    with pytest.raises(ChecksumMismatchError, match="expected 0+"):
        verify_sha256(path, "0" * 64)


def test_offline_copy_is_read_without_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "table.csv").write_bytes(PAYLOAD)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    unreachable = DataFile(
        "set/table.csv",
        "http://unreachable.invalid/x.zip",
        PAYLOAD_SHA,
        "table.csv",
    )
    assert fetch(unreachable) == tmp_path / "set" / "table.csv"


def test_offline_missing_file_says_what_and_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    wanted = DataFile(
        "set/table.csv", "https://example.org/x.zip", PAYLOAD_SHA, "table.csv"
    )
    with pytest.raises(DataUnavailableError) as caught:
        fetch(wanted)
    message = str(caught.value)
    assert (
        "set/table.csv" in message
        and DATA_DIR_ENV in message
        and "https://example.org/x.zip" in message
    )


def test_offline_bad_checksum_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "table.csv").write_bytes(PAYLOAD + b"tampered")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(ChecksumMismatchError, match="not used"):
        fetch(DataFile("table.csv", "https://example.org/x.zip", PAYLOAD_SHA))


def test_download_extracts_from_nested_zip_and_caches(
    nested_archive: Path, tmp_path: Path, online: None
) -> None:
    cache = tmp_path / "cache"
    remote = DataFile(
        "set/table.csv", nested_archive.as_uri(), PAYLOAD_SHA, "table.csv"
    )
    path = fetch(remote, cache_dir=cache)
    assert path == cache / data.CACHE_SUBDIR / "set" / "table.csv"
    assert path.read_bytes() == PAYLOAD
    # The archive itself was downloaded into the given cache, never elsewhere.
    assert (cache / data.CACHE_SUBDIR / "downloads" / "dataset.zip").is_file()
    nested_archive.unlink()  # the source is gone: the cache must serve the second call
    assert fetch(remote, cache_dir=cache) == path


def test_download_of_plain_file(tmp_path: Path, online: None) -> None:
    source = tmp_path / "table.csv"
    source.write_bytes(PAYLOAD)
    path = fetch(
        DataFile("set/table.csv", source.as_uri(), PAYLOAD_SHA),
        cache_dir=tmp_path / "c",
    )
    assert path.read_bytes() == PAYLOAD


def test_download_with_bad_checksum_keeps_nothing(
    nested_archive: Path, tmp_path: Path, online: None
) -> None:
    cache = tmp_path / "cache"
    remote = DataFile(
        "set/table.csv", nested_archive.as_uri(), "f" * 64, "table.csv"
    )
    with pytest.raises(ChecksumMismatchError):
        fetch(remote, cache_dir=cache)
    assert not (cache / data.CACHE_SUBDIR / "set" / "table.csv").exists()
    assert not (
        cache / data.CACHE_SUBDIR / "downloads" / "dataset.zip"
    ).exists()


def test_failed_download_names_the_way_out(
    tmp_path: Path, online: None
) -> None:
    remote = DataFile(
        "set/table.csv",
        (tmp_path / "nowhere.zip").as_uri(),
        PAYLOAD_SHA,
        "table.csv",
    )
    with pytest.raises(DataUnavailableError) as caught:
        fetch(remote, cache_dir=tmp_path / "cache")
    assert DATA_DIR_ENV in str(caught.value) and "set/table.csv" in str(
        caught.value
    )


def test_extract_member_errors(nested_archive: Path, tmp_path: Path) -> None:
    with pytest.raises(DataUnavailableError, match="no file named absent.csv"):
        extract_member(nested_archive, "absent.csv", tmp_path / "out.csv")
    not_a_zip = tmp_path / "fake.zip"
    not_a_zip.write_bytes(b"plain text")
    with pytest.raises(DataError, match="not a valid zip"):
        extract_member(not_a_zip, "table.csv", tmp_path / "out.csv")
