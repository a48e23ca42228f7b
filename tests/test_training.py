"""train_classifier: stratified split, early stopping with the best weights, epoch times, determinism."""

import keras
import numpy as np
import pytest

from rnadl.training import train_classifier


def toy_images(count: int = 240) -> tuple[np.ndarray, np.ndarray]:
    """Bright images are class 1, dark ones class 0."""
    generator = np.random.default_rng(0)
    labels = np.arange(count) % 2
    images = generator.uniform(0, 0.5, size=(count, 8, 8, 1)) + 0.5 * labels[:, None, None, None]
    return images.astype("float32"), labels


def tiny_cnn() -> keras.Model:
    return keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3), keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")]
    )


def test_trains_reports_and_restores_the_best_epoch() -> None:
    x, y = toy_images()
    run = train_classifier(tiny_cnn, x, y, max_epochs=12, patience=3, learning_rate=1e-2, seed=1)
    assert (run.n_fit, run.n_validation) == (204, 36)
    assert list(run.history.index) == list(range(1, len(run.history) + 1))
    assert len(run.epoch_seconds) == len(run.history) and run.seconds_per_epoch > 0
    assert run.best_epoch == run.history["val_loss"].idxmin()
    _, accuracy = run.model.evaluate(x, y, verbose=0)
    assert accuracy > 0.9


def test_same_seed_same_weights() -> None:
    x, y = toy_images(120)
    first = train_classifier(tiny_cnn, x, y, max_epochs=3, patience=3, seed=5).model.get_weights()
    second = train_classifier(tiny_cnn, x, y, max_epochs=3, patience=3, seed=5).model.get_weights()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_bad_arguments() -> None:
    x, y = toy_images(20)
    with pytest.raises(ValueError, match="validation_fraction"):
        train_classifier(tiny_cnn, x, y, max_epochs=1, patience=1, validation_fraction=1.0)
    with pytest.raises(ValueError, match="20 examples but y has 19"):
        train_classifier(tiny_cnn, x, y[:19], max_epochs=1, patience=1)
