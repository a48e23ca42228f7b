"""The book's convolutional networks, built in Keras layer by layer as their sources describe them."""

import keras

CIFAR_INPUT = (32, 32, 3)
TINY_VGG_INPUT = (64, 64, 3)


def build_cifar_cnn(n_classes: int = 10) -> keras.Model:
    """The assignment's CIFAR-10 CNN: conv 5×5×32, conv 3×3×32, pool, conv 3×3×32, pool, dropout, 512, 256, softmax."""
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input(CIFAR_INPUT, name="image"),
            layers.Conv2D(32, 5, activation="relu", name="conv1"),
            layers.Conv2D(32, 3, activation="relu", name="conv2"),
            layers.MaxPooling2D(2, name="pool1"),
            layers.Conv2D(32, 3, activation="relu", name="conv3"),
            layers.MaxPooling2D(2, name="pool2"),
            layers.Dropout(0.3, name="dropout"),
            layers.Flatten(name="flatten"),
            layers.Dense(512, activation="relu", name="dense1"),
            layers.Dense(256, activation="relu", name="dense2"),
            layers.Dense(n_classes, activation="softmax", name="output"),
        ],
        name="cifar_cnn",
    )


def build_convnetjs_cifar(n_classes: int = 10) -> keras.Model:
    """ConvNetJS's CIFAR-10 demo net: three conv 5×5 (16, 20, 20 filters, pad 2) + ReLU + pool 2, softmax."""
    layers = keras.layers
    stages = []
    for index, filters in enumerate((16, 20, 20), start=1):
        stages += [
            layers.Conv2D(filters, 5, padding="same", activation="relu", name=f"conv{index}"),
            layers.MaxPooling2D(2, name=f"pool{index}"),
        ]
    return keras.Sequential(
        [
            keras.Input(CIFAR_INPUT, name="image"),
            *stages,
            layers.Flatten(name="flatten"),
            layers.Dense(n_classes, activation="softmax", name="output"),
        ],
        name="convnetjs_cifar",
    )


def build_tiny_vgg(n_classes: int = 10) -> keras.Model:
    """CNN Explainer's Tiny VGG, with the layer names of its TensorFlow.js model.json."""
    layers = keras.layers
    blocks = []
    for block in (1, 2):
        for conv in (1, 2):
            blocks += [
                layers.Conv2D(10, 3, name=f"conv_{block}_{conv}"),
                layers.Activation("relu", name=f"relu_{block}_{conv}"),
            ]
        blocks.append(layers.MaxPooling2D(2, name=f"max_pool_{block}"))
    return keras.Sequential(
        [
            keras.Input(TINY_VGG_INPUT, name="image"),
            *blocks,
            layers.Flatten(name="flatten"),
            layers.Dense(n_classes, activation="softmax", name="output"),
        ],
        name="tiny_vgg",
    )
