"""The gradient-descent step of rnadl.backprop, from TensorFlow's
automatic differentiation (GradientTape) in float64.

The one module of the backpropagation chapters that imports TensorFlow:
their NumPy numbers and SymPy formulas (rnadl.backprop) run without it.
"""

from collections.abc import Callable, Sequence

import numpy as np
import tensorflow as tf

from rnadl.backprop import Network, checked_rate, checked_vector

# TensorFlow's op for each activation of rnadl.backprop.ACTIVATIONS.
TENSORFLOW_ACTIVATIONS: dict[str, Callable[[tf.Tensor], tf.Tensor]] = {
    "linear": tf.identity,
    "tansig": tf.math.tanh,
    "logsig": tf.math.sigmoid,
    "cubic": lambda n: n**3,
    "relu": tf.nn.relu,
}


def autodiff_updates(
    network: Network, x: Sequence[float], d: Sequence[float], alpha: float
) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """The step of rnadl.backprop.updates, −α ∂F/∂W⁽ˡ⁾ and −α ∂F/∂b⁽ˡ⁾,
    from TensorFlow's GradientTape in float64."""
    alpha = checked_rate(alpha)
    x_vector = checked_vector(x, network.weights[0].shape[1], "x")
    target = tf.constant(checked_vector(d, network.weights[-1].shape[0], "d"))
    weights = [tf.Variable(w) for w in network.weights]
    biases = [tf.Variable(b) for b in network.biases]
    with tf.GradientTape() as tape:
        output = tf.constant(x_vector)
        for w, b, name in zip(weights, biases, network.activations):
            output = TENSORFLOW_ACTIVATIONS[name](
                tf.linalg.matvec(w, output) + b
            )
        cost = 0.5 * tf.reduce_sum((target - output) ** 2)
    weight_grads, bias_grads = tape.gradient(cost, (weights, biases))
    return (
        {k: -alpha * g.numpy() for k, g in enumerate(weight_grads, 1)},
        {k: -alpha * g.numpy() for k, g in enumerate(bias_grads, 1)},
    )
