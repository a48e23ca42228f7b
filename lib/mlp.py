"""Multilayer perceptrons for binary classification, in Keras, usable as scikit-learn estimators."""

from collections.abc import Sequence

import keras
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import train_test_split

from rnadl.reproducibility import seed_everything


def build_mlp(
    n_inputs: int,
    hidden_units: Sequence[int],
    activation: str = "relu",
    learning_rate: float = 1e-3,
    name: str = "mlp",
) -> keras.Model:
    """Build and compile a binary MLP: Dense hidden layers, one sigmoid output, Adam, cross-entropy."""
    if n_inputs < 1:
        raise ValueError(f"n_inputs must be a positive integer, got {n_inputs}.")
    if len(hidden_units) == 0 or any(int(units) < 1 for units in hidden_units):
        raise ValueError(f"hidden_units must list one or more positive sizes, got {hidden_units!r}.")
    layers: list[keras.layers.Layer] = [keras.Input(shape=(n_inputs,), name="features")]
    for depth, units in enumerate(hidden_units, start=1):
        layers.append(keras.layers.Dense(int(units), activation=activation, name=f"hidden_{depth}"))
    layers.append(keras.layers.Dense(1, activation="sigmoid", name="output"))
    model = keras.Sequential(layers, name=name)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model


class KerasMLPClassifier(ClassifierMixin, BaseEstimator):
    """A seeded Keras MLP with early stopping on a validation part carved from the data given to fit."""

    def __init__(
        self,
        hidden_units: Sequence[int] = (16,),
        activation: str = "relu",
        learning_rate: float = 1e-3,
        batch_size: int = 32,
        max_epochs: int = 500,
        patience: int = 30,
        validation_fraction: float = 0.15,
        random_state: int = 0,
    ) -> None:
        self.hidden_units = hidden_units
        self.activation = activation
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.patience = patience
        self.validation_fraction = validation_fraction
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: np.ndarray) -> "KerasMLPClassifier":
        """Train on X, y; keep the weights of the epoch with the lowest validation loss."""
        features = np.asarray(X, dtype="float32")
        self.classes_, targets = np.unique(np.asarray(y), return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(f"Binary classification needs 2 classes, got {list(self.classes_)}.")
        x_fit, x_val, y_fit, y_val = train_test_split(
            features,
            targets.astype("float32"),
            test_size=self.validation_fraction,
            stratify=targets,
            random_state=self.random_state,
        )
        seed_everything(self.random_state)
        self.model_ = build_mlp(
            features.shape[1], self.hidden_units, self.activation, self.learning_rate
        )
        stop = keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=self.patience, restore_best_weights=True
        )
        history = self.model_.fit(
            x_fit,
            y_fit,
            validation_data=(x_val, y_val),
            epochs=self.max_epochs,
            batch_size=self.batch_size,
            callbacks=[stop],
            verbose=0,
        )
        self.history_ = pd.DataFrame(history.history).rename_axis("epoch")
        self.history_.index += 1
        self.best_epoch_ = stop.best_epoch + 1  # 1-based, as in history_
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Return the probabilities of both classes, columns ordered as classes_."""
        # A direct call, not model.predict: no per-call tf.function tracing, no progress output.
        positive = keras.ops.convert_to_numpy(self.model_(np.asarray(X, dtype="float32"))).ravel()
        return np.column_stack([1.0 - positive, positive])

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the most probable class label of each row."""
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]
