"""The CIFAR-10 loader: its three sources on fixtures, and the real data."""

import io
import sys
import types
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rnadl import cifar10
from rnadl.data_files import CIFAR10_JPEG_COMMIT, DATA_FILES
from rnadl.downloads import (
    DATA_DIR_ENV,
    ChecksumMismatchError,
    DataError,
    DataFile,
    DataUnavailableError,
    sha256_of,
    zip_content_digest,
)


def serve_official(monkeypatch: pytest.MonkeyPatch, full: tuple) -> list:
    """Replace Keras's CIFAR-10 download (keras.datasets.cifar10.load_data)
    by arrays shaped as it returns them; the list returned counts the
    calls."""
    import keras

    calls = []

    def load_data() -> tuple:
        calls.append("load_data")
        return full

    monkeypatch.setattr(keras.datasets.cifar10, "load_data", load_data)
    return calls


def fake_full_cifar(monkeypatch: pytest.MonkeyPatch) -> tuple:
    """Keras's CIFAR-10 download replaced by small random arrays."""
    generator = np.random.default_rng(0)
    full = (
        (
            generator.integers(0, 256, (5000, 32, 32, 3), dtype=np.uint8),
            generator.integers(0, 10, (5000, 1), dtype=np.uint8),
        ),
        (
            generator.integers(0, 256, (1200, 32, 32, 3), dtype=np.uint8),
            generator.integers(0, 10, (1200, 1), dtype=np.uint8),
        ),
    )
    serve_official(monkeypatch, full)
    return full


def test_cifar10_source_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unset, the source is the published JPEG copy where the offline
    copies are read, and the one lossless download where they are not."""
    monkeypatch.delenv(cifar10.CIFAR10_SOURCE_ENV, raising=False)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert cifar10.cifar10_source() == "jpeg"
    monkeypatch.delenv(DATA_DIR_ENV)
    assert cifar10.cifar10_source() == "official"
    monkeypatch.setenv(cifar10.CIFAR10_SOURCE_ENV, " JPEG ")
    assert cifar10.cifar10_source() == "jpeg"
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(cifar10.CIFAR10_SOURCE_ENV, " Official ")
    assert cifar10.cifar10_source() == "official"
    monkeypatch.setenv(cifar10.CIFAR10_SOURCE_ENV, "all")
    with pytest.raises(
        ValueError,
        match="'all' is not a CIFAR-10 source; use one of jpeg, official, "
        "subset",
    ):
        cifar10.load_cifar10()
    with pytest.raises(ValueError, match="source must be one of"):
        cifar10.load_cifar10("tiny")


def test_online_subset_is_the_first_images_of_the_full_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    (x_train, _), (_, y_test) = fake_full_cifar(monkeypatch)
    subset = cifar10.load_cifar10("subset")
    full = cifar10.load_cifar10("official")
    assert (subset.source, full.source) == ("subset", "official")
    np.testing.assert_array_equal(subset.x_train, x_train[:4000])
    np.testing.assert_array_equal(subset.y_test, y_test[:1000].ravel())
    assert full.x_train.shape == (5000, 32, 32, 3)
    assert full.y_train.shape == (5000,) and full.y_train.dtype == np.int64


def test_official_set_is_refused_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(
        DataUnavailableError,
        match="RNADL_CIFAR10=jpeg or RNADL_CIFAR10=subset",
    ):
        cifar10.load_cifar10("official")


def write_subset(
    folder: Path, monkeypatch: pytest.MonkeyPatch, index: np.ndarray
) -> None:
    """Offline subset files of 6 training and 2 test images, registered
    with their real SHA-256."""
    monkeypatch.setitem(cifar10.CIFAR10_SUBSET_SIZES, "train", 6)
    monkeypatch.setitem(cifar10.CIFAR10_SUBSET_SIZES, "test", 2)
    for split, count in (("train", 6), ("test", 2)):
        path = folder / f"cifar10-subset/{split}.npz"
        path.parent.mkdir(exist_ok=True)
        x = np.full((count, 32, 32, 3), 7, np.uint8)
        np.savez(
            path, x=x, y=np.arange(count, dtype=np.uint8), index=index[:count]
        )
        monkeypatch.setitem(
            DATA_FILES,
            f"cifar10-subset-{split}",
            DataFile(f"cifar10-subset/{split}.npz", None, sha256_of(path)),
        )
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))


def test_offline_subset_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_subset(tmp_path, monkeypatch, np.arange(6))
    data = cifar10.load_cifar10("subset")
    assert data.x_train.shape == (6, 32, 32, 3)
    assert data.y_test.tolist() == [0, 1]
    write_subset(tmp_path, monkeypatch, np.array([0, 2, 1, 3, 4, 5]))
    with pytest.raises(
        DataError, match="first 6 CIFAR-10 train images in order"
    ):
        cifar10.load_cifar10("subset")
    write_subset(tmp_path, monkeypatch, np.arange(6))
    (tmp_path / "cifar10-subset/test.npz").unlink()
    with pytest.raises(DataUnavailableError, match="does not exist"):
        cifar10.load_cifar10("subset")


def use_labels_file(
    monkeypatch: pytest.MonkeyPatch, folder: Path, **arrays: np.ndarray
) -> Path:
    """An offline label file holding arrays, registered with its SHA-256."""
    path = folder / "labels.npz"
    np.savez(path, **arrays)
    monkeypatch.setitem(
        DATA_FILES,
        "cifar10-labels",
        DataFile("labels.npz", None, sha256_of(path)),
    )
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return path


def test_labels_online_come_from_the_full_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    (_, y_train), (_, y_test) = fake_full_cifar(monkeypatch)
    train, test = cifar10.load_cifar10_labels()
    np.testing.assert_array_equal(train, y_train.ravel())
    np.testing.assert_array_equal(test, y_test.ravel()[:1000])


def test_offline_labels_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_labels_file(monkeypatch, tmp_path, train_labels_all50000=np.arange(10))
    with pytest.raises(
        DataError, match=r"lacks the arrays \['test_labels_first1000'\]"
    ):
        cifar10.load_cifar10_labels()
    path = use_labels_file(
        monkeypatch,
        tmp_path,
        train_labels_all50000=np.arange(10),
        test_labels_first1000=np.arange(10),
    )
    with pytest.raises(
        DataError, match=r"does not hold 50,000 \+ 1,000 CIFAR-10 labels"
    ):
        cifar10.load_cifar10_labels()
    path.unlink()
    with pytest.raises(DataUnavailableError, match="does not exist"):
        cifar10.load_cifar10_labels()


# CIFAR-10 as JPEG ------------------------------------------------------------

# A tiny CIFAR-10 in the JPEG repository's layout: the label sequences of
# its "official" order. The rest of the test split: classes 0 and 3 below.
TRAIN_LABELS = np.array([3, 0, 3, 9, 0, 3])
TEST_LABELS_FIRST = np.array([9, 3])
TEST_FOLDERS = {9: 1, 3: 2, 0: 1}


def colour(split: str, label: int, rank: int) -> tuple[int, int, int]:
    """A flat colour that names the image (JPEG keeps flat colours within a
    level or two)."""
    return (40 + 20 * label, 30 + 60 * rank, 200 if split == "train" else 60)


def jpeg_bytes(rgb: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), rgb).save(buffer, format="JPEG", quality=75)
    return buffer.getvalue()


def write_jpeg_archive(
    path: Path, extra: dict[str, bytes] | None = None
) -> Path:
    top = f"CIFAR-10-images-{CIFAR10_JPEG_COMMIT}"
    members = {f"{top}/README.md": b"# CIFAR-10 images"}
    train_folders = dict(
        zip(*(a.tolist() for a in np.unique(TRAIN_LABELS, return_counts=True)))
    )
    for split, folders in (("train", train_folders), ("test", TEST_FOLDERS)):
        for label, count in folders.items():
            for rank in range(count):
                name = cifar10.CIFAR10_CLASSES[label]
                members[f"{top}/{split}/{name}/{rank:04d}.jpg"] = jpeg_bytes(
                    colour(split, label, rank)
                )
    members.update(extra or {})
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_decode_rebuilds_the_official_order(tmp_path: Path) -> None:
    archive = write_jpeg_archive(tmp_path / "images.zip")
    data = cifar10.decode_cifar10_jpeg(
        archive, TRAIN_LABELS, TEST_LABELS_FIRST
    )
    assert data.y_train.tolist() == TRAIN_LABELS.tolist()
    ranks = cifar10.rank_within_class(TRAIN_LABELS)
    assert ranks.tolist() == [0, 0, 1, 0, 1, 2]
    for image, label, rank in zip(data.x_train, TRAIN_LABELS, ranks):
        expected = colour("train", label, rank)
        assert np.abs(image[16, 16].astype(int) - expected).max() <= 3
    # The first test images in official order, then the rest by class and
    # rank.
    assert data.y_test.tolist() == [9, 3, 0, 3]
    expected = colour("test", 3, 1)
    assert np.abs(data.x_test[3, 0, 0].astype(int) - expected).max() <= 3


def test_decode_names_a_missing_image(tmp_path: Path) -> None:
    archive = write_jpeg_archive(tmp_path / "images.zip")
    labels = np.array([3, 3, 3, 3, 0, 0, 9])
    with pytest.raises(
        DataError,
        match=r"train/cat holds 3 images, but .* asks for 4, numbered "
        r"0000…0003",
    ):
        cifar10.decode_cifar10_jpeg(archive, labels, TEST_LABELS_FIRST)


def test_content_digest_ignores_zip_bytes_and_other_files(
    tmp_path: Path,
) -> None:
    one = write_jpeg_archive(tmp_path / "one.zip")
    other = write_jpeg_archive(
        tmp_path / "other.zip", {"x/notes.txt": b"not an image"}
    )
    assert sha256_of(one) != sha256_of(other)
    assert zip_content_digest(one, ".jpg") == zip_content_digest(other, ".jpg")
    changed = write_jpeg_archive(
        tmp_path / "changed.zip", {"x/train/cat/0000.jpg": b"?"}
    )
    assert zip_content_digest(changed, ".jpg") != zip_content_digest(
        one, ".jpg"
    )


def fixture_labels() -> tuple[np.ndarray, np.ndarray]:
    """The fixture's labels, standing for the official ones."""
    return TRAIN_LABELS, TEST_LABELS_FIRST


def served_jpeg_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, digest: str | None = None
) -> Path:
    """Online (no offline folder), an empty Keras cache, a fixture archive
    served over file:// and registered with the given content digest (its
    real one by default)."""
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    archive = write_jpeg_archive(
        tmp_path / "served" / f"{CIFAR10_JPEG_COMMIT}.zip"
    )
    registered = DATA_FILES["cifar10-jpeg"]
    monkeypatch.setitem(
        DATA_FILES,
        "cifar10-jpeg",
        DataFile(
            registered.relative_path,
            archive.as_uri(),
            digest or zip_content_digest(archive, ".jpg"),
            content_suffix=".jpg",
        ),
    )
    return archive


def test_jpeg_download_is_checked_decoded_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = served_jpeg_archive(tmp_path, monkeypatch)
    first = cifar10._decoded_jpeg(fixture_labels)
    assert first.x_train.shape == (6, 32, 32, 3) and first.source == "jpeg"
    cache = tmp_path / "keras" / "rnadl" / "cifar10-jpeg"
    assert len(list(cache.glob("decoded-*.npz"))) == 1
    archive.unlink()  # the second load reads the cache alone
    again = cifar10._decoded_jpeg(fixture_labels)
    np.testing.assert_array_equal(again.x_test, first.x_test)


def test_jpeg_download_with_wrong_content_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served_jpeg_archive(tmp_path, monkeypatch, digest="0" * 64)
    with pytest.raises(ChecksumMismatchError, match="content digest"):
        cifar10._decoded_jpeg(fixture_labels)


def test_jpeg_missing_offline_says_what_and_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    with pytest.raises(
        DataUnavailableError,
        match="CIFAR-10-images-d7d0.*unset RNADL_DATA_DIR",
    ):
        cifar10._decoded_jpeg(fixture_labels)


def test_jpeg_images_out_of_order_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each JPEG image must be close to its lossless twin of the subset."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (3, 32, 32, 3), dtype=np.uint8)
    labels = np.arange(3)
    jpeg = cifar10.Cifar10(images, labels, images, labels, "jpeg")
    swapped = cifar10.Cifar10(images[::-1], labels, images, labels, "subset")
    monkeypatch.setattr(cifar10, "_decoded_jpeg", lambda labels: jpeg)
    monkeypatch.setattr(cifar10, "_load_subset", lambda: swapped)
    with pytest.raises(DataError, match="not in official order"):
        cifar10.load_cifar10("jpeg")


def fixture_official() -> tuple:
    """The fixture's images, lossless, as keras.datasets.cifar10.load_data
    returns them: all test labels known, so all test images first."""
    test_labels = np.array([9, 3, 0, 3])

    def images(split: str, labels: np.ndarray) -> np.ndarray:
        ranks = cifar10.rank_within_class(labels)
        return np.stack(
            [
                np.full((32, 32, 3), colour(split, y, r), np.uint8)
                for y, r in zip(labels, ranks)
            ]
        )

    return (
        (images("train", TRAIN_LABELS), TRAIN_LABELS[:, None]),
        (images("test", test_labels), test_labels[:, None]),
    )


def test_online_the_default_downloads_the_official_set_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run without offline copies (Colab): one download, read once, even
    with the lossless comparison the chapter makes."""
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(cifar10.CIFAR10_SOURCE_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    loads = serve_official(monkeypatch, fixture_official())
    fetched = []
    monkeypatch.setattr(cifar10, "fetch", fetched.append)
    data = cifar10.load_cifar10()
    lossless = cifar10.lossless_subset(data)
    assert (data.source, lossless.source) == ("official", "subset")
    assert loads == ["load_data"] and fetched == []
    np.testing.assert_array_equal(lossless.x_test, data.x_test[:1000])
    lossless.x_train[0] = 0  # a copy: the full set is untouched
    assert data.x_train[0].any()


def test_online_jpeg_reads_the_official_set_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked for online, the JPEG copy takes its labels and its lossless
    twins from one read of the official set (it used to read it twice)."""
    served_jpeg_archive(tmp_path, monkeypatch)
    monkeypatch.setitem(cifar10.CIFAR10_SUBSET_SIZES, "train", 6)
    monkeypatch.setitem(cifar10.CIFAR10_SUBSET_SIZES, "test", 4)
    loads = serve_official(monkeypatch, fixture_official())
    data = cifar10.load_cifar10("jpeg")
    assert data.source == "jpeg" and loads == ["load_data"]
    assert data.y_test.tolist() == [9, 3, 0, 3]


def test_offline_the_lossless_twins_of_the_jpeg_copy_are_the_subset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_subset(tmp_path, monkeypatch, np.arange(6))
    jpeg = cifar10.Cifar10(*[np.zeros(1)] * 4, source="jpeg")
    assert cifar10.lossless_subset(jpeg).x_train.shape == (6, 32, 32, 3)
    subset = cifar10.load_cifar10("subset")
    assert cifar10.lossless_subset(subset) is subset


def test_psnr_db() -> None:
    original = np.zeros((2, 4, 4, 3), np.uint8)
    noisy = original.copy()
    noisy[1] += 1  # error 1 everywhere: 20·log10(255) dB
    assert cifar10.psnr_db(noisy, original).tolist() == [
        np.inf,
        pytest.approx(48.13, abs=0.01),
    ]


def test_loading_offline_copies_does_not_start_tensorflow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the official source needs Keras."""
    write_subset(tmp_path, monkeypatch, np.arange(6))
    monkeypatch.setitem(sys.modules, "keras", types.ModuleType("no_keras"))
    assert cifar10.load_cifar10("subset").x_train.shape[0] == 6


# The real data ---------------------------------------------------------------


@pytest.mark.real_data
def test_real_cifar10_subset() -> None:
    """The published subset: official order and counts."""
    data = cifar10.load_cifar10("subset")
    assert data.x_train.shape == (4000, 32, 32, 3)
    assert data.x_test.shape == (1000, 32, 32, 3)
    assert data.y_train[:10].tolist() == [6, 9, 9, 4, 1, 1, 2, 7, 8, 3]
    assert data.y_test[:10].tolist() == [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]
    assert np.bincount(data.y_train).tolist() == [
        396, 366, 420, 384, 422, 393, 414, 385, 407, 413
    ]  # fmt: skip
    assert np.bincount(data.y_test).tolist() == [
        103, 89, 100, 103, 90, 86, 112, 102, 106, 109
    ]  # fmt: skip
    # data_batch_1 stores image 0 channel by channel: its red plane starts
    # 59, 43, 50 (../shared/data/SOURCES.md).
    assert data.x_train[0, 0, :3, 0].tolist() == [59, 43, 50]


@pytest.mark.real_data
def test_real_cifar10_labels() -> None:
    """All 50,000 official training labels: 5,000 per class, and the
    subset's labels first."""
    train, test = cifar10.load_cifar10_labels()
    assert train.shape == (50_000,) and train.dtype == np.int64
    assert np.bincount(train).tolist() == [5000] * 10
    subset = cifar10.load_cifar10("subset")
    np.testing.assert_array_equal(train[:4000], subset.y_train)
    np.testing.assert_array_equal(test, subset.y_test)


@pytest.mark.real_data
def test_real_jpeg_cifar10_is_the_official_set() -> None:
    """All 60,000 images; the first ones match the lossless subset within
    JPEG error."""
    data = cifar10.load_cifar10("jpeg")
    assert data.x_train.shape == (50_000, 32, 32, 3)
    assert data.x_test.shape == (10_000, 32, 32, 3)
    assert np.bincount(data.y_train).tolist() == [5000] * 10
    assert np.bincount(data.y_test).tolist() == [1000] * 10
    subset = cifar10.load_cifar10("subset")
    np.testing.assert_array_equal(data.y_test[:1000], subset.y_test)
    assert cifar10.psnr_db(data.x_train[:4000], subset.x_train).min() > 23
