"""CNN Explainer's Tiny VGG (poloclub/cnn-explainer, MIT): the trained
network as TensorFlow.js files, and the tool's 10 example images."""

from pathlib import Path

import numpy as np
from PIL import Image

from rnadl.data_files import DATA_FILES
from rnadl.downloads import DataError, fetch

# The network's output order: classLists in src/config.js.
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
# The 10 example images (imageOptions in src/overview/Overview.svelte) and
# their true class. The app labels bus_1.jpeg "bus"; its class is
# "school bus".
CNN_EXPLAINER_EXAMPLES = {
    "boat_1.jpeg": "lifeboat",
    "bug_1.jpeg": "ladybug",
    "pizza_1.jpeg": "pizza",
    "pepper_1.jpeg": "bell pepper",
    "bus_1.jpeg": "school bus",
    "koala_1.jpeg": "koala",
    "espresso_1.jpeg": "espresso",
    "panda_1.jpeg": "red panda",
    "orange_1.jpeg": "orange",
    "car_1.jpeg": "sport car",
}


def tiny_vgg_model_json() -> Path:
    """Fetch the TensorFlow.js Tiny VGG (model.json and its weight shard);
    return the path of model.json."""
    model_json = fetch(DATA_FILES["tinyvgg-model"])
    shard = fetch(DATA_FILES["tinyvgg-weights"])
    if shard.parent != model_json.parent:
        raise DataError(
            f"{shard} must sit beside {model_json}, where model.json's "
            "manifest looks."
        )
    return model_json


def load_cnn_explainer_examples() -> tuple[np.ndarray, tuple[str, ...]]:
    """The 10 example images (uint8, 10×64×64×3, RGB) and their classes."""
    images = []
    for name in CNN_EXPLAINER_EXAMPLES:
        path = fetch(DATA_FILES[f"tinyvgg-example-{name}"])
        with Image.open(path) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=np.uint8)
        if pixels.shape != (64, 64, 3):
            raise DataError(
                f"{path} is {pixels.shape}, not a 64×64 RGB image as CNN "
                "Explainer ships."
            )
        images.append(pixels)
    return np.stack(images), tuple(CNN_EXPLAINER_EXAMPLES.values())
