"""CNN Explainer's Tiny VGG files and example images."""

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rnadl import cnn_explainer
from rnadl.data_files import CNN_EXPLAINER_COMMIT, DATA_FILES
from rnadl.downloads import DATA_DIR_ENV, DataError, DataFile, sha256_of


def test_every_example_has_a_registered_file_and_a_class() -> None:
    names = cnn_explainer.CNN_EXPLAINER_EXAMPLES
    assert sorted(names.values()) == sorted(
        cnn_explainer.CNN_EXPLAINER_CLASSES
    )
    for name in names:
        data_file = DATA_FILES[f"tinyvgg-example-{name}"]
        assert data_file.url.endswith(
            f"{CNN_EXPLAINER_COMMIT}/public/assets/img/{name}"
        )


def test_an_example_that_is_not_64_pixels_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(iter(cnn_explainer.CNN_EXPLAINER_EXAMPLES))
    path = tmp_path / "small.jpeg"
    Image.new("RGB", (32, 32), (10, 20, 30)).save(path)
    monkeypatch.setitem(
        DATA_FILES,
        f"tinyvgg-example-{first}",
        DataFile("small.jpeg", None, sha256_of(path)),
    )
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(DataError, match=r"\(32, 32, 3\), not a 64×64"):
        cnn_explainer.load_cnn_explainer_examples()


@pytest.mark.real_data
def test_cnn_explainer_examples() -> None:
    images, classes = cnn_explainer.load_cnn_explainer_examples()
    assert images.shape == (10, 64, 64, 3) and images.dtype == np.uint8
    assert sorted(classes) == sorted(cnn_explainer.CNN_EXPLAINER_CLASSES)


@pytest.mark.real_data
def test_model_json_names_the_registered_weight_shard() -> None:
    """model.json's manifest reads the shard the registry lists, and the
    shard sits beside it: 19,920 float32 parameters."""
    model_json = cnn_explainer.tiny_vgg_model_json()
    manifest = json.loads(model_json.read_text())["weightsManifest"]
    shard = Path(DATA_FILES["tinyvgg-weights"].relative_path)
    assert [path for group in manifest for path in group["paths"]] == [
        shard.name
    ]
    assert (model_json.parent / shard.name).stat().st_size == 19_920 * 4
