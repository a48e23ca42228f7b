"""Training helpers kept out of the lesson's code: seconds per epoch of a Keras
fit; a test accuracy with its standard error."""

import math
import time
from collections.abc import Callable
from statistics import median

import keras
import numpy as np


class EpochTimer(keras.callbacks.Callback):
    """Record the wall-clock seconds of every epoch (its training and its
    validation pass)."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__()
        self.clock = clock

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Start an empty list of epoch durations."""
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Note when the epoch starts."""
        self._start = self.clock()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Record the epoch's duration, validation included."""
        self.seconds.append(self.clock() - self._start)

    @property
    def seconds_per_epoch(self) -> float:
        """Median seconds of one epoch (the median ignores the first epoch's
        tracing)."""
        if not self.seconds:
            raise ValueError(
                "No epoch has run yet: fit a model with this callback."
            )
        return median(self.seconds)


def accuracy_and_error(predictions, labels) -> tuple[float, float]:
    """Accuracy of predicted labels and its standard error √(p(1−p)/n).

    The standard error is that of a proportion measured on n examples
    (the binomial one): how much the accuracy would vary from one test set
    of n images to another, the network fixed.
    """
    predictions, labels = np.asarray(predictions), np.asarray(labels)
    if predictions.shape != labels.shape or labels.ndim != 1:
        raise ValueError(
            f"expected two vectors of labels of one length, got shapes "
            f"{predictions.shape} and {labels.shape}"
        )
    if not len(labels):
        raise ValueError("no labels: an accuracy needs at least one example")
    accuracy = float(np.mean(predictions == labels))
    return accuracy, math.sqrt(accuracy * (1 - accuracy) / len(labels))


def paired_difference_and_error(
    predictions_a, predictions_b, labels
) -> tuple[float, float]:
    """Accuracy of A minus accuracy of B on the same examples, and the
    standard error of that difference.

    Both networks see the same images, so the difference is the mean of
    the per-image differences c_A − c_B (1 right, 0 wrong), and its
    standard error is their sample standard deviation over √n: images that
    both get right or both get wrong add nothing. It is smaller than the
    error of two independent accuracies when the networks agree often.
    """
    shapes = {np.shape(v) for v in (predictions_a, predictions_b, labels)}
    if len(shapes) != 1 or len(next(iter(shapes))) != 1:
        raise ValueError(
            "expected two vectors of predictions and one of labels, of one "
            f"length; got shapes {np.shape(predictions_a)}, "
            f"{np.shape(predictions_b)} and {np.shape(labels)}"
        )
    a = np.asarray(predictions_a) == np.asarray(labels)
    b = np.asarray(predictions_b) == np.asarray(labels)
    if len(a) < 2:
        raise ValueError("a paired difference needs at least two examples")
    differences = a.astype(float) - b.astype(float)
    error = float(np.std(differences, ddof=1) / math.sqrt(len(differences)))
    return float(differences.mean()), error
