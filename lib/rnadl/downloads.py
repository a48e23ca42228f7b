"""Data files: real downloads with a cache, offline copies, SHA-256 verification."""

import hashlib
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import keras

DATA_DIR_ENV = "RNADL_DATA_DIR"
CACHE_SUBDIR = "rnadl"


class DataError(RuntimeError):
    """A data file could not be provided as required."""


class DataUnavailableError(DataError):
    """The file is neither in the offline folder nor downloadable."""


class ChecksumMismatchError(DataError):
    """The file's SHA-256 differs from the expected one; the file is not used."""


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 digest of a file."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def zip_content_digest(path: Path, suffix: str = "") -> str:
    """SHA-256 of a zip's content, whatever bytes the zip itself is made of.

    The digest of the ``sha256sum``-style manifest: one line
    ``<SHA-256 of the member>  <member path without its top folder>`` per
    member whose name ends with suffix, sorted by path. A host that builds
    archives on request (GitHub's /archive/<commit>.zip) may compress the
    same tree to other bytes; this digest stays the same.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise DataError(
            f"{path} is not a valid zip archive ({error})."
        ) from error
    lines = []
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.endswith(suffix):
                continue
            inner = info.filename.split("/", 1)[-1]
            digest = hashlib.sha256(archive.read(info)).hexdigest()
            lines.append(f"{digest}  {inner}\n")
    manifest = "".join(sorted(lines, key=lambda line: line[66:]))
    return hashlib.sha256(manifest.encode()).hexdigest()


@dataclass(frozen=True)
class DataFile:
    """A file of a data set: where it lives offline, where it is downloaded from, its SHA-256."""

    relative_path: (
        str  # path inside an offline folder laid out like ../shared/data
    )
    url: str  # the real source: the file itself or a zip archive that holds it
    sha256: (
        str  # what digest_of gives for the file itself (not of the archive)
    )
    archive_member: str | None = (
        None  # the file's name inside the (possibly nested) zip at url
    )
    # How the file's digest is computed: its bytes' SHA-256, or (for an archive a
    # host builds on request) a digest of its content such as zip_content_digest.
    digest_of: Callable[[Path], str] = field(default=sha256_of, compare=False)


def offline_dir() -> Path | None:
    """Return the offline folder named by RNADL_DATA_DIR, or None when the variable is unset."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else None


def verify_sha256(
    path: Path, expected: str, digest_of: Callable[[Path], str] = sha256_of
) -> Path:
    """Return path if its digest is the expected one, else raise ChecksumMismatchError."""
    actual = digest_of(path)
    if actual != expected.lower():
        kind = (
            "SHA-256"
            if digest_of is sha256_of
            else f"{digest_of.__name__} (SHA-256)"
        )
        raise ChecksumMismatchError(
            f"{path} has {kind} {actual}, expected {expected}. The file is corrupt or is not "
            f"the published one and was not used; replace it with a good copy (or delete it so "
            f"that it is downloaded again)."
        )
    return path


def extract_member(archive: Path, member: str, destination: Path) -> Path:
    """Copy the file named member out of a zip archive, looking inside nested zips too."""
    data = _find_member(archive.read_bytes(), Path(member).name, archive.name)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    partial.write_bytes(data)
    partial.replace(destination)
    return destination


def _find_member(zip_bytes: bytes, name: str, label: str) -> bytes:
    """Return the bytes of the first member called name in a zip, searching nested zips."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    except zipfile.BadZipFile as error:
        raise DataError(
            f"{label} is not a valid zip archive ({error})."
        ) from error
    with archive:
        for info in archive.infolist():
            if Path(info.filename).name == name:
                return archive.read(info)
        for info in archive.infolist():
            if info.filename.lower().endswith(".zip"):
                try:
                    return _find_member(
                        archive.read(info), name, f"{label}/{info.filename}"
                    )
                except DataUnavailableError:
                    continue
    raise DataUnavailableError(f"{label} holds no file named {name}.")


def cache_root() -> Path:
    """Return the download cache folder: Keras's own (KERAS_HOME, else ~/.keras)."""
    return Path(
        os.environ.get("KERAS_HOME", Path.home() / ".keras")
    ).expanduser()


def fetch(data_file: DataFile, cache_dir: Path | None = None) -> Path:
    """Return a verified local path to data_file: offline copy if RNADL_DATA_DIR is set, else download."""
    folder = offline_dir()
    if folder is not None:
        path = folder / data_file.relative_path
        if not path.is_file():
            raise DataUnavailableError(
                f"{path} does not exist. {DATA_DIR_ENV}={folder} asks for offline copies, so "
                f"nothing is downloaded. Put the file there (same layout as ../shared/data), or "
                f"unset {DATA_DIR_ENV} to download it from {data_file.url}."
            )
        return verify_sha256(path, data_file.sha256, data_file.digest_of)

    root = Path(cache_dir) if cache_dir is not None else cache_root()
    target = root / CACHE_SUBDIR / data_file.relative_path
    if target.is_file():
        return verify_sha256(target, data_file.sha256, data_file.digest_of)
    downloaded = _download(data_file, root)
    if data_file.archive_member is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        downloaded.replace(target)
    else:
        extract_member(downloaded, data_file.archive_member, target)
    try:
        return verify_sha256(target, data_file.sha256, data_file.digest_of)
    except ChecksumMismatchError:
        target.unlink()  # a bad download is never kept: the next call downloads afresh
        downloaded.unlink(missing_ok=True)
        raise


def _download(data_file: DataFile, root: Path) -> Path:
    """Download data_file.url into the cache with keras.utils.get_file; failures become DataUnavailableError."""
    url = data_file.url
    # get_file falls back to /tmp/.keras when its folder does not exist yet: create it.
    (root / CACHE_SUBDIR / "downloads").mkdir(parents=True, exist_ok=True)
    try:
        return Path(
            keras.utils.get_file(
                fname=Path(url).name,
                origin=url,
                cache_dir=str(root),
                cache_subdir=str(Path(CACHE_SUBDIR) / "downloads"),
            )
        )
    except (
        Exception
    ) as error:  # get_file re-raises network failures as plain Exceptions
        raise DataUnavailableError(
            f"Could not download {url} ({error}). Without internet, set {DATA_DIR_ENV} to a "
            f"folder that holds {data_file.relative_path} (same layout as ../shared/data)."
        ) from error
