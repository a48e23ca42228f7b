"""Data files: real downloads with a cache, offline copies, verification.

One function serves every data file of the book: `fetch`. The files
themselves (source, checksum, offline path) are listed in
`rnadl.data_files`. Keras is imported only when a file is downloaded.
"""

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "RNADL_DATA_DIR"
CACHE_SUBDIR = "rnadl"


class DataError(RuntimeError):
    """A data file could not be provided as required."""


class DataUnavailableError(DataError):
    """The file is neither in the offline folder nor downloadable."""


class ChecksumMismatchError(DataError):
    """The file's digest differs from the expected one; it is not used."""


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
    """One file of a data set, as the registry (rnadl.data_files) lists it.

    relative_path: where it lives in an offline folder laid out like
    ../shared/data, and in the download cache.
    url: its real source, the file itself or a zip archive that holds it
    (archive_member names it there); None for a file that exists only as
    an offline copy.
    sha256: the expected digest: of the file's bytes, or, when
    content_suffix is set, zip_content_digest(file, content_suffix) (for
    an archive that its host builds on request).
    """

    relative_path: str
    url: str | None
    sha256: str
    archive_member: str | None = None
    content_suffix: str | None = None

    def digest(self, path: Path) -> str:
        """The digest of a local copy, computed as sha256 expects."""
        if self.content_suffix is None:
            return sha256_of(path)
        return zip_content_digest(path, self.content_suffix)

    @property
    def digest_kind(self) -> str:
        """How the digest is computed, for messages."""
        if self.content_suffix is None:
            return "SHA-256"
        return f"content digest (SHA-256 of its {self.content_suffix} files)"


def offline_dir() -> Path | None:
    """The offline folder named by RNADL_DATA_DIR; None when it is unset."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else None


def verify(path: Path, data_file: DataFile) -> Path:
    """Return path if its digest is data_file's, else raise
    ChecksumMismatchError."""
    actual = data_file.digest(path)
    if actual != data_file.sha256.lower():
        raise ChecksumMismatchError(
            f"{path} has {data_file.digest_kind} {actual}, expected "
            f"{data_file.sha256}. The file is corrupt or is not the "
            "published one and was not used; replace it with a good copy "
            "(or delete it so that it is downloaded again)."
        )
    return path


def verify_sha256(path: Path, expected: str) -> Path:
    """Return path if its bytes' SHA-256 is expected, else raise."""
    return verify(path, DataFile(str(path), None, expected))


def extract_member(archive: Path, member: str, destination: Path) -> Path:
    """Copy the file named member out of a zip archive, looking inside
    nested zips too."""
    data = _find_member(archive.read_bytes(), Path(member).name, archive.name)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    partial.write_bytes(data)
    partial.replace(destination)
    return destination


def _find_member(zip_bytes: bytes, name: str, label: str) -> bytes:
    """The bytes of the first member called name in a zip, searching
    nested zips."""
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
    """The download cache folder: Keras's own (KERAS_HOME, else ~/.keras)."""
    return Path(
        os.environ.get("KERAS_HOME", Path.home() / ".keras")
    ).expanduser()


def fetch(data_file: DataFile, cache_dir: Path | None = None) -> Path:
    """A verified local path to data_file.

    With RNADL_DATA_DIR set: the offline copy, never the network; a
    missing or wrong copy is an error that says what to do. Otherwise the
    download cache, where a copy with the wrong digest (corrupt, or left
    by an older version of the registry) is fetched again once from the
    real source; a download that still does not verify is not kept.
    """
    folder = offline_dir()
    if folder is not None:
        path = folder / data_file.relative_path
        if not path.is_file():
            source = (
                f"unset {DATA_DIR_ENV} to download it from {data_file.url}"
                if data_file.url
                else "it has no online source"
            )
            raise DataUnavailableError(
                f"{path} does not exist. {DATA_DIR_ENV}={folder} asks for "
                "offline copies, so nothing is downloaded. Put the file "
                f"there (same layout as ../shared/data), or {source}."
            )
        return verify(path, data_file)
    if data_file.url is None:
        raise DataUnavailableError(
            f"{data_file.relative_path} exists only as an offline copy: set "
            f"{DATA_DIR_ENV} to a folder that holds it (same layout as "
            "../shared/data)."
        )
    root = Path(cache_dir) if cache_dir is not None else cache_root()
    target = root / CACHE_SUBDIR / data_file.relative_path
    if target.is_file():
        try:
            return verify(target, data_file)
        except ChecksumMismatchError:
            _forget(data_file, root)  # fetched again once, below
    downloaded = _download(data_file, root)
    if data_file.archive_member is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        downloaded.replace(target)
    else:
        extract_member(downloaded, data_file.archive_member, target)
    try:
        return verify(target, data_file)
    except ChecksumMismatchError:
        _forget(data_file, root)  # a bad download is never kept
        raise


def _downloaded_path(data_file: DataFile, root: Path) -> Path:
    """Where the download of data_file.url lands in the cache."""
    return root / CACHE_SUBDIR / "downloads" / Path(data_file.url).name


def _forget(data_file: DataFile, root: Path) -> None:
    """Delete the cached copy of data_file and the download it came from."""
    (root / CACHE_SUBDIR / data_file.relative_path).unlink(missing_ok=True)
    _downloaded_path(data_file, root).unlink(missing_ok=True)


def _download(data_file: DataFile, root: Path) -> Path:
    """Download data_file.url into the cache with keras.utils.get_file;
    failures become DataUnavailableError."""
    import keras  # only a download needs it: importing starts TensorFlow

    target = _downloaded_path(data_file, root)
    # get_file falls back to /tmp/.keras when its folder does not exist.
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return Path(
            keras.utils.get_file(
                fname=target.name,
                origin=data_file.url,
                cache_dir=str(root),
                cache_subdir=str(target.parent.relative_to(root)),
            )
        )
    except Exception as error:  # get_file re-raises any failure as Exception
        raise DataUnavailableError(
            f"Could not download {data_file.url} ({error}). Without "
            f"internet, set {DATA_DIR_ENV} to a folder that holds "
            f"{data_file.relative_path} (same layout as ../shared/data)."
        ) from error
