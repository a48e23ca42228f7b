"""The Raisin loader, on a fixture workbook and on the real data."""

import io
import json
import zipfile
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from rnadl import datasets
from rnadl.downloads import (
    DATA_DIR_ENV,
    ChecksumMismatchError,
    DataError,
    DataFile,
    DataUnavailableError,
    offline_dir,
    sha256_of,
    zip_content_digest,
)


def write_workbook(path: Path, frame: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path) as writer:
        frame.to_excel(writer, sheet_name=datasets.RAISIN_SHEET, index=False)
        pd.DataFrame({"cite": ["paper"]}).to_excel(
            writer, sheet_name="Citation_Request", index=False
        )


def use_fixture(
    monkeypatch: pytest.MonkeyPatch, folder: Path, frame: pd.DataFrame
) -> None:
    path = folder / datasets.RAISIN_XLSX.relative_path
    write_workbook(path, frame)
    fixture = DataFile(
        datasets.RAISIN_XLSX.relative_path,
        datasets.RAISIN_XLSX.url,
        sha256_of(path),
    )
    monkeypatch.setattr(datasets, "RAISIN_XLSX", fixture)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))


def test_load_raisin_returns_features_then_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = pd.DataFrame(
        {name: [1.0, 2.0] for name in reversed(datasets.RAISIN_FEATURES)}
    )
    frame["Class"] = ["Kecimen", "Besni"]
    frame["Extra"] = [0, 0]
    use_fixture(monkeypatch, tmp_path, frame)
    loaded = datasets.load_raisin()
    assert list(loaded.columns) == [*datasets.RAISIN_FEATURES, "Class"]
    assert loaded["Class"].tolist() == ["Kecimen", "Besni"]


def test_load_raisin_rejects_a_foreign_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_fixture(
        monkeypatch, tmp_path, pd.DataFrame({"Area": [1], "Class": ["Besni"]})
    )
    with pytest.raises(DataError, match="MajorAxisLength"):
        datasets.load_raisin()


def test_real_raisin_data() -> None:
    """The published workbook (offline copy, or UCI's download): 900 grains, 450 per class."""
    raisin = datasets.load_raisin()
    assert raisin.shape == (900, 8)
    assert raisin["Class"].value_counts().to_dict() == {
        "Kecimen": 450,
        "Besni": 450,
    }
    assert raisin.notna().all().all()


# CIFAR-10 ---------------------------------------------------------------------------------------


def fake_full_cifar(monkeypatch: pytest.MonkeyPatch) -> tuple:
    """Replace Keras's CIFAR-10 download by small random arrays shaped as load_data returns them."""
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
    monkeypatch.setattr(keras.datasets.cifar10, "load_data", lambda: full)
    return full


def test_cifar10_source_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(datasets.CIFAR10_SOURCE_ENV, raising=False)
    assert datasets.cifar10_source() == "jpeg"
    monkeypatch.setenv(datasets.CIFAR10_SOURCE_ENV, " Official ")
    assert datasets.cifar10_source() == "official"
    monkeypatch.setenv(datasets.CIFAR10_SOURCE_ENV, "all")
    with pytest.raises(
        ValueError,
        match="'all' is not a CIFAR-10 source; use one of jpeg, official, subset",
    ):
        datasets.load_cifar10()
    with pytest.raises(ValueError, match="source must be one of"):
        datasets.load_cifar10("tiny")


def test_online_subset_is_the_first_images_of_the_full_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    (x_train, y_train), (x_test, y_test) = fake_full_cifar(monkeypatch)
    subset, full = (
        datasets.load_cifar10("subset"),
        datasets.load_cifar10("official"),
    )
    assert (subset.source, full.source) == ("subset", "official")
    np.testing.assert_array_equal(subset.x_train, x_train[:4000])
    np.testing.assert_array_equal(subset.y_test, y_test[:1000].ravel())
    assert full.x_train.shape == (5000, 32, 32, 3) and full.y_train.shape == (
        5000,
    )
    assert full.y_train.dtype == np.int64


def test_official_set_is_refused_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(
        DataUnavailableError,
        match="RNADL_CIFAR10=jpeg or RNADL_CIFAR10=subset",
    ):
        datasets.load_cifar10("official")


def write_subset(
    folder: Path, monkeypatch: pytest.MonkeyPatch, index: np.ndarray
) -> None:
    """Offline subset files of 6 training and 2 test images, registered with their real SHA-256."""
    registry = {}
    for split, count in (("train", 6), ("test", 2)):
        path = folder / f"cifar10-subset/{split}.npz"
        path.parent.mkdir(exist_ok=True)
        x = np.full((count, 32, 32, 3), 7, np.uint8)
        np.savez(
            path, x=x, y=np.arange(count, dtype=np.uint8), index=index[:count]
        )
        registry[split] = (
            f"cifar10-subset/{split}.npz",
            sha256_of(path),
            count,
        )
    monkeypatch.setattr(datasets, "CIFAR10_SUBSET", registry)
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))


def test_offline_subset_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_subset(tmp_path, monkeypatch, np.arange(6))
    data = datasets.load_cifar10("subset")
    assert data.x_train.shape == (6, 32, 32, 3) and data.y_test.tolist() == [
        0,
        1,
    ]
    write_subset(tmp_path, monkeypatch, np.array([0, 2, 1, 3, 4, 5]))
    with pytest.raises(
        DataError, match="first 6 CIFAR-10 train images in order"
    ):
        datasets.load_cifar10("subset")
    (tmp_path / "cifar10-subset/test.npz").unlink()
    monkeypatch.setattr(
        datasets, "CIFAR10_SUBSET", {"train": datasets.CIFAR10_SUBSET["test"]}
    )
    with pytest.raises(DataUnavailableError, match="does not exist"):
        datasets.load_cifar10("subset")


def test_real_cifar10_subset() -> None:
    """The published subset (offline copy, or cut from Keras's download): official order and counts."""
    data = datasets.load_cifar10("subset")
    assert data.x_train.shape == (4000, 32, 32, 3) and data.x_test.shape == (
        1000,
        32,
        32,
        3,
    )
    assert data.y_train[:10].tolist() == [6, 9, 9, 4, 1, 1, 2, 7, 8, 3]
    assert data.y_test[:10].tolist() == [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]
    assert np.bincount(data.y_train).tolist() == [
        396,
        366,
        420,
        384,
        422,
        393,
        414,
        385,
        407,
        413,
    ]
    assert np.bincount(data.y_test).tolist() == [
        103,
        89,
        100,
        103,
        90,
        86,
        112,
        102,
        106,
        109,
    ]
    # data_batch_1 stores image 0 channel by channel: its red plane starts 59, 43, 50 (../shared/data/SOURCES.md)
    assert data.x_train[0, 0, :3, 0].tolist() == [59, 43, 50]


def test_real_cifar10_train_labels() -> None:
    """All 50,000 official training labels: 5,000 per class, and the subset's labels first."""
    labels = datasets.load_cifar10_train_labels()
    assert labels.shape == (50_000,) and labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [5000] * 10
    np.testing.assert_array_equal(
        labels[:4000], datasets.load_cifar10("subset").y_train
    )


def test_train_labels_online_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    (_, y_train), _ = fake_full_cifar(monkeypatch)
    np.testing.assert_array_equal(
        datasets.load_cifar10_train_labels(), y_train.ravel()
    )
    path = tmp_path / "labels.npz"
    np.savez(path, train_labels_all50000=np.arange(10))
    monkeypatch.setattr(
        datasets, "CIFAR10_LABELS", ("labels.npz", sha256_of(path))
    )
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(
        DataError, match=r"lacks the arrays \['test_labels_first1000'\]"
    ):
        datasets.load_cifar10_train_labels()
    np.savez(
        path,
        train_labels_all50000=np.arange(10),
        test_labels_first1000=np.arange(10),
    )
    monkeypatch.setattr(
        datasets, "CIFAR10_LABELS", ("labels.npz", sha256_of(path))
    )
    with pytest.raises(
        DataError, match="does not hold 50,000 \\+ 1,000 CIFAR-10 labels"
    ):
        datasets.load_cifar10_train_labels()
    path.unlink()
    with pytest.raises(DataUnavailableError, match="does not exist"):
        datasets.load_cifar10_train_labels()


# CNN Explainer ----------------------------------------------------------------------------------


def test_cnn_explainer_examples() -> None:
    images, classes = datasets.load_cnn_explainer_examples()
    assert images.shape == (10, 64, 64, 3) and images.dtype == np.uint8
    assert sorted(classes) == sorted(datasets.CNN_EXPLAINER_CLASSES)


def test_cnn_explainer_class_order_matches_the_offline_class_names() -> None:
    folder = offline_dir()
    if folder is None:
        pytest.skip(
            "class_names.json exists only in the offline folder (RNADL_DATA_DIR unset)"
        )
    names = json.loads((folder / "cnn-explainer/class_names.json").read_text())
    assert tuple(names) == datasets.CNN_EXPLAINER_CLASSES


def test_cnn_explainer_files_are_pinned_urls() -> None:
    url = datasets.CNN_EXPLAINER_WEIGHTS.url
    assert datasets.CNN_EXPLAINER_COMMIT in url and url.startswith(
        "https://raw.githubusercontent.com/poloclub/"
    )
    assert datasets.tiny_vgg_model_json().name == "model.json"


# CIFAR-10 as JPEG -------------------------------------------------------------------------------


# A tiny CIFAR-10 in the JPEG repository's layout: the label sequences of its "official" order.
TRAIN_LABELS = np.array([3, 0, 3, 9, 0, 3])
TEST_LABELS_FIRST = np.array(
    [9, 3]
)  # the rest of the test split: classes 0 and 3 below
TEST_FOLDERS = {9: 1, 3: 2, 0: 1}


def colour(split: str, label: int, rank: int) -> tuple[int, int, int]:
    """A flat colour that names the image (JPEG keeps flat colours within a level or two)."""
    return (40 + 20 * label, 30 + 60 * rank, 200 if split == "train" else 60)


def jpeg_bytes(rgb: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), rgb).save(buffer, format="JPEG", quality=75)
    return buffer.getvalue()


def write_jpeg_archive(
    path: Path, extra: dict[str, bytes] | None = None
) -> Path:
    top = f"CIFAR-10-images-{datasets.CIFAR10_JPEG_COMMIT}"
    members = {f"{top}/README.md": b"# CIFAR-10 images"}
    for split, folders in (
        (
            "train",
            {
                int(k): int(v)
                for k, v in zip(*np.unique(TRAIN_LABELS, return_counts=True))
            },
        ),
        ("test", TEST_FOLDERS),
    ):
        for label, count in folders.items():
            for rank in range(count):
                name = f"{top}/{split}/{datasets.CIFAR10_CLASSES[label]}/{rank:04d}.jpg"
                members[name] = jpeg_bytes(colour(split, label, rank))
    members.update(extra or {})
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_decode_rebuilds_the_official_order(tmp_path: Path) -> None:
    archive = write_jpeg_archive(tmp_path / "images.zip")
    data = datasets.decode_cifar10_jpeg(
        archive, TRAIN_LABELS, TEST_LABELS_FIRST
    )
    assert data.y_train.tolist() == TRAIN_LABELS.tolist()
    ranks = datasets.rank_within_class(TRAIN_LABELS)
    assert ranks.tolist() == [0, 0, 1, 0, 1, 2]
    for image, label, rank in zip(data.x_train, TRAIN_LABELS, ranks):
        assert (
            np.abs(
                image[16, 16].astype(int) - colour("train", label, rank)
            ).max()
            <= 3
        )
    # The first test images in official order, then the rest by class and rank.
    assert data.y_test.tolist() == [9, 3, 0, 3]
    assert (
        np.abs(data.x_test[3, 0, 0].astype(int) - colour("test", 3, 1)).max()
        <= 3
    )


def test_decode_names_a_missing_image(tmp_path: Path) -> None:
    archive = write_jpeg_archive(tmp_path / "images.zip")
    labels = np.array([3, 3, 3, 3, 0, 0, 9])
    with pytest.raises(
        DataError,
        match=r"train/cat holds 3 images, but .* asks for 4, numbered 0000…0003",
    ):
        datasets.decode_cifar10_jpeg(archive, labels, TEST_LABELS_FIRST)


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


def use_jpeg_fixture(
    monkeypatch: pytest.MonkeyPatch, archive: Path, digest: str
) -> None:
    """Point the loader at a file:// copy of a fixture archive, with the given content digest."""
    fixture = DataFile(
        datasets.CIFAR10_JPEG.relative_path,
        archive.as_uri(),
        digest,
        digest_of=datasets.CIFAR10_JPEG.digest_of,
    )
    monkeypatch.setattr(datasets, "CIFAR10_JPEG", fixture)
    monkeypatch.setattr(
        datasets,
        "load_cifar10_labels",
        lambda: (TRAIN_LABELS, TEST_LABELS_FIRST),
    )


def served_jpeg_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Online (no offline folder), an empty Keras cache, a fixture archive to serve."""
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    return write_jpeg_archive(
        tmp_path / "served" / f"{datasets.CIFAR10_JPEG_COMMIT}.zip"
    )


def test_jpeg_download_is_checked_decoded_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = served_jpeg_archive(tmp_path, monkeypatch)
    use_jpeg_fixture(monkeypatch, archive, zip_content_digest(archive, ".jpg"))
    first = datasets._cifar10_jpeg_cached()
    assert first.x_train.shape == (6, 32, 32, 3) and first.source == "jpeg"
    caches = list(
        (tmp_path / "keras" / "rnadl" / "cifar10-jpeg").glob("decoded-*.npz")
    )
    assert len(caches) == 1
    archive.unlink()  # the second load reads the cache alone
    again = datasets._cifar10_jpeg_cached()
    np.testing.assert_array_equal(again.x_test, first.x_test)


def test_jpeg_download_with_wrong_content_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = served_jpeg_archive(tmp_path, monkeypatch)
    use_jpeg_fixture(monkeypatch, archive, "0" * 64)
    with pytest.raises(ChecksumMismatchError, match="_jpeg_content_digest"):
        datasets._cifar10_jpeg_cached()


def test_jpeg_missing_offline_says_what_and_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(
        datasets,
        "load_cifar10_labels",
        lambda: (TRAIN_LABELS, TEST_LABELS_FIRST),
    )
    with pytest.raises(
        DataUnavailableError,
        match="CIFAR-10-images-d7d0.*unset RNADL_DATA_DIR",
    ):
        datasets._cifar10_jpeg_cached()


def test_psnr_db() -> None:
    original = np.zeros((2, 4, 4, 3), np.uint8)
    noisy = original.copy()
    noisy[1] += 1  # error 1 everywhere: 20·log10(255) dB
    assert datasets.psnr_db(noisy, original).tolist() == [
        np.inf,
        pytest.approx(48.13, abs=0.01),
    ]


def test_real_jpeg_cifar10_is_the_official_set() -> None:
    """All 60,000 images; the first ones match the lossless subset within JPEG error."""
    data = datasets.load_cifar10("jpeg")
    assert data.x_train.shape == (50_000, 32, 32, 3) and data.x_test.shape == (
        10_000,
        32,
        32,
        3,
    )
    assert np.bincount(data.y_train).tolist() == [5000] * 10
    assert np.bincount(data.y_test).tolist() == [1000] * 10
    subset = datasets.load_cifar10("subset")
    np.testing.assert_array_equal(data.y_test[:1000], subset.y_test)
    assert datasets.psnr_db(data.x_train[:4000], subset.x_train).min() > 23
