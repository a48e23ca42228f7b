"""EpochTimer: one duration per epoch of a fit, and their median; an
accuracy and its standard error."""

import itertools

import keras
import numpy as np
import pytest

from rnadl.training import EpochTimer, accuracy_and_error


def test_records_one_duration_per_epoch_of_a_fit() -> None:
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(2, activation="softmax")]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    # A fake clock that advances 1, 2, 3, ... seconds between readings.
    ticks = itertools.accumulate(itertools.count(1))
    timer = EpochTimer(clock=lambda: float(next(ticks)))
    model.fit(x, y, epochs=3, batch_size=8, callbacks=[timer], verbose=0)
    # Readings 1, 3, 6, 10, 15, 21: epochs last 2, 4 and 6 seconds.
    assert timer.seconds == [2.0, 4.0, 6.0]
    assert timer.seconds_per_epoch == 4.0


def test_median_of_an_even_count_and_no_epoch() -> None:
    timer = EpochTimer()
    timer.on_train_begin()
    with pytest.raises(ValueError, match="No epoch has run yet"):
        _ = timer.seconds_per_epoch
    timer.seconds = [5.0, 1.0, 2.0, 100.0]
    assert timer.seconds_per_epoch == pytest.approx(3.5)


def test_accuracy_and_its_standard_error() -> None:
    predictions = np.array([1, 2, 3, 4, 0, 0, 0, 0, 0, 0])
    labels = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 9])
    accuracy, error = accuracy_and_error(predictions, labels)
    assert accuracy == 0.4
    assert error == pytest.approx(np.sqrt(0.4 * 0.6 / 10))
    assert accuracy_and_error([3, 3], [3, 3]) == (1.0, 0.0)


def test_accuracy_needs_two_vectors_of_one_length() -> None:
    with pytest.raises(ValueError, match="one length"):
        accuracy_and_error([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="one length"):
        accuracy_and_error(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="no labels"):
        accuracy_and_error([], [])


def test_a_paired_difference_and_its_error() -> None:
    from rnadl.training import paired_difference_and_error

    labels = np.array([0, 1, 2, 3, 0, 1, 2, 3])
    a = np.array([0, 1, 2, 3, 0, 1, 2, 0])  # 7 right
    b = np.array([0, 1, 2, 3, 0, 1, 0, 0])  # 6 right: the one a also got
    difference, error = paired_difference_and_error(a, b, labels)
    assert difference == pytest.approx(1 / 8)
    # c_A − c_B is 1 on one image and 0 on seven: std (ddof 1) = √(1/8).
    assert error == pytest.approx(np.sqrt(1 / 8) / np.sqrt(8))
    # Same predictions: no difference and no error.
    assert paired_difference_and_error(a, a, labels) == (0.0, 0.0)
    with pytest.raises(ValueError, match="of one length"):
        paired_difference_and_error(a, b[:3], labels)
