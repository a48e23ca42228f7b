"""Training helpers kept out of the lesson's code: seconds per epoch of a Keras fit."""

import time
from collections.abc import Callable
from statistics import median

import keras


class EpochTimer(keras.callbacks.Callback):
    """Record the wall-clock seconds of every epoch (its training and its validation pass)."""

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
        """Median seconds of one epoch (the median ignores the first epoch's tracing)."""
        if not self.seconds:
            raise ValueError(
                "No epoch has run yet: fit a model with this callback."
            )
        return median(self.seconds)
