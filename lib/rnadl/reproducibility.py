"""Seeding and deterministic TensorFlow execution."""

import keras
import tensorflow as tf


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow (via Keras) and switch on
    deterministic TF ops."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
