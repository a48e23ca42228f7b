"""Offline copies, downloads (file:// fixtures), checksums and clear
errors of rnadl.downloads."""

import hashlib
import io
import subprocess
import sys
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
    zip_content_digest,
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
    """A zip holding a zip holding the payload, like some copies of UCI's
    raisin.zip."""
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
    # The source is gone: the cache must serve the second call.
    nested_archive.unlink()
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


def test_corrupt_cached_copy_is_fetched_again_online(
    tmp_path: Path, online: None
) -> None:
    """A cached copy with the wrong digest (corrupt, or from an older
    registry) is downloaded again once, verified and kept."""
    source = tmp_path / "table.csv"
    source.write_bytes(PAYLOAD)
    remote = DataFile("set/table.csv", source.as_uri(), PAYLOAD_SHA)
    cache = tmp_path / "cache"
    path = fetch(remote, cache_dir=cache)
    path.write_bytes(b"damaged")
    (cache / data.CACHE_SUBDIR / "downloads" / "table.csv").write_bytes(
        b"damaged"
    )
    assert fetch(remote, cache_dir=cache) == path
    assert path.read_bytes() == PAYLOAD


def test_corrupt_cached_copy_whose_source_is_wrong_too_is_refused(
    tmp_path: Path, online: None
) -> None:
    """Fetched again once only: a source that still does not verify is an
    error, and nothing is kept."""
    source = tmp_path / "table.csv"
    source.write_bytes(PAYLOAD)
    cache = tmp_path / "cache"
    fetch(
        DataFile("set/table.csv", source.as_uri(), PAYLOAD_SHA),
        cache_dir=cache,
    )
    source.write_bytes(PAYLOAD + b"changed upstream")
    stale = DataFile("set/table.csv", source.as_uri(), "e" * 64)
    with pytest.raises(ChecksumMismatchError, match="expected e+"):
        fetch(stale, cache_dir=cache)
    assert not (cache / data.CACHE_SUBDIR / "set" / "table.csv").exists()


def test_offline_copy_with_the_wrong_digest_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline nothing is downloaded: the clear error stays."""
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "table.csv").write_bytes(b"damaged")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    source = tmp_path / "served.csv"
    source.write_bytes(PAYLOAD)
    with pytest.raises(ChecksumMismatchError, match="replace it"):
        fetch(DataFile("set/table.csv", source.as_uri(), PAYLOAD_SHA))
    assert (tmp_path / "set" / "table.csv").read_bytes() == b"damaged"


def test_offline_only_file_online_says_how(
    tmp_path: Path, online: None
) -> None:
    with pytest.raises(DataUnavailableError, match="only as an offline copy"):
        fetch(
            DataFile("set/table.csv", None, PAYLOAD_SHA),
            cache_dir=tmp_path,
        )


def test_content_digest_of_an_archive_built_on_request(
    tmp_path: Path,
) -> None:
    """The same members in other zip bytes give the same content digest;
    the message names the kind of digest."""
    one, other = tmp_path / "one.zip", tmp_path / "other.zip"
    one.write_bytes(zip_bytes({"top/a.jpg": b"1", "top/b.jpg": b"2"}))
    other.write_bytes(
        zip_bytes({"x/b.jpg": b"2", "x/a.jpg": b"1", "x/n": b""})
    )
    assert sha256_of(one) != sha256_of(other)
    digest = zip_content_digest(one, ".jpg")
    assert zip_content_digest(other, ".jpg") == digest
    archive = DataFile("one.zip", None, digest, content_suffix=".jpg")
    assert archive.digest(other) == digest
    wrong = DataFile("one.zip", None, "0" * 64, content_suffix=".jpg")
    with pytest.raises(ChecksumMismatchError, match="content digest"):
        data.verify(one, wrong)


def test_importing_the_loaders_does_not_start_tensorflow() -> None:
    """Keras is imported only when a file is downloaded."""
    code = (
        "import sys, rnadl.raisin, rnadl.cifar10, rnadl.cnn_explainer; "
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "False"], result.stderr
