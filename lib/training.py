"""Training Keras classifiers: stratified validation split, early stopping, seconds per epoch."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

import keras
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from rnadl.reproducibility import seed_everything


class EpochTimer(keras.callbacks.Callback):
    """Record the wall-clock seconds of every epoch (its training and its validation pass)."""

    def on_train_begin(self, logs: dict | None = None) -> None:
        """Start an empty list of epoch durations."""
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        """Note when the epoch starts."""
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        """Record the epoch's duration, validation included."""
        self.seconds.append(time.perf_counter() - self._start)


@dataclass(frozen=True)
class TrainingRun:
    """A trained model with its per-epoch history (1-based), best epoch, epoch times and split sizes."""

    model: keras.Model
    history: pd.DataFrame
    best_epoch: int
    epoch_seconds: tuple[float, ...]
    n_fit: int
    n_validation: int

    @property
    def seconds_per_epoch(self) -> float:
        """Median wall-clock seconds of one epoch (the median ignores the first epoch's tracing)."""
        return median(self.epoch_seconds)


def train_classifier(
    build: Callable[[], keras.Model],
    x: np.ndarray,
    y: np.ndarray,
    *,
    max_epochs: int,
    patience: int,
    batch_size: int = 64,
    learning_rate: float = 1e-3,
    validation_fraction: float = 0.15,
    seed: int = 0,
) -> TrainingRun:
    """Seed, build, compile (Adam, sparse cross-entropy) and fit with early stopping on a stratified validation part."""
    if not 0 < validation_fraction < 1:
        raise ValueError(f"validation_fraction must lie in (0, 1), got {validation_fraction}.")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} examples but y has {len(y)} labels.")
    x_fit, x_val, y_fit, y_val = train_test_split(
        x, y, test_size=validation_fraction, stratify=y, random_state=seed
    )
    seed_everything(seed)
    model = build()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    timer = EpochTimer()
    history = model.fit(
        x_fit,
        y_fit,
        validation_data=(x_val, y_val),
        epochs=max_epochs,
        batch_size=batch_size,
        callbacks=[stop, timer],
        verbose=0,
    )
    frame = pd.DataFrame(history.history).rename_axis("epoch")
    frame.index += 1
    return TrainingRun(
        model=model,
        history=frame,
        best_epoch=int(frame["val_loss"].idxmin()),
        epoch_seconds=tuple(timer.seconds),
        n_fit=len(y_fit),
        n_validation=len(y_val),
    )
