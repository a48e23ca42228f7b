"""Backpropagation: NumPy, SymPy and TensorFlow autodiff agree; bad input
is refused clearly; the NumPy and SymPy module runs without TensorFlow."""

import subprocess
import sys

import numpy as np
import pytest
import sympy as sp

from rnadl.autodiff import TENSORFLOW_ACTIVATIONS, autodiff_updates
from rnadl.backprop import (
    ACTIVATIONS,
    ALPHA,
    TARGET,
    Architecture,
    Network,
    activation_name,
    aligned_latex,
    evaluate,
    forward,
    layer_symbol,
    random_network,
    substitutions,
    summation_index,
    to_latex,
    updates,
    write_out_sums,
)

SHAPES = [
    (2, (3,), ("logsig",)),
    (3, (4, 2), ("tanh", "purelin")),
    (2, (3, 3, 2), ("relu", "cubic", "sigmoid")),
    (4, (4, 4, 4), ("tansig", "logsig", "linear")),
    (1, (2, 3, 2, 2), ("cubic", "tansig", "relu", "linear")),
]


def problem(shape, seed: int):
    n_inputs, sizes, activations = shape
    rng = np.random.default_rng(seed)
    network = random_network(Architecture(n_inputs, sizes, activations), rng)
    return network, rng.uniform(-1, 1, n_inputs), rng.uniform(-1, 1, sizes[-1])


def test_numbers_and_notation_do_not_start_tensorflow() -> None:
    """Chapters 3 and 4 compute and derive without TensorFlow: only the
    autodiff check imports it."""
    code = (
        "import sys\n"
        "import rnadl.backprop\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tensorflow', 'keras')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout


def test_tensorflow_has_an_op_for_every_activation() -> None:
    assert TENSORFLOW_ACTIVATIONS.keys() == ACTIVATIONS.keys()


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_written_derivative_is_the_derivative(name: str) -> None:
    n, a = sp.symbols("n a", real=True)
    activation = ACTIVATIONS[name]
    written = activation.derivative(n, a).subs(a, activation.formula(n))
    exact = sp.diff(activation.formula(n), n)
    for point in (
        -1.7,
        -0.3,
        0.4,
        2.1,
    ):  # relu's kink at 0 is checked against TF below
        assert float(written.subs(n, point)) == pytest.approx(
            float(exact.subs(n, point)), abs=1e-14
        )


@pytest.mark.parametrize(
    "shape", SHAPES, ids=lambda s: "-".join(map(str, s[1]))
)
def test_numpy_matches_autodiff(shape) -> None:
    network, x, d = problem(shape, seed=1)
    steps, autodiff = (
        updates(network, x, d, 0.3),
        autodiff_updates(network, x, d, 0.3),
    )
    for ours, theirs in zip(steps, autodiff):
        assert ours.keys() == theirs.keys() == set(range(1, len(shape[1]) + 1))
        for layer in ours:
            np.testing.assert_allclose(
                ours[layer], theirs[layer], rtol=1e-12, atol=1e-13
            )


def test_one_linear_neuron_by_hand() -> None:
    network = Network(([[2.0]],), ([0.5],), ("purelin",))
    weight_steps, bias_steps = updates(network, [3.0], [1.0], 0.1)
    error = 1.0 - (2.0 * 3.0 + 0.5)  # e = d − y
    assert weight_steps[1][0, 0] == pytest.approx(0.1 * error * 3.0)
    assert bias_steps[1][0] == pytest.approx(0.1 * error)


def test_relu_at_its_kink_matches_tensorflow() -> None:
    network = Network(
        ([[1.0, -1.0]], [[2.0]]), ([0.0], [0.0]), ("relu", "linear")
    )
    assert forward(network, [1.0, 1.0])[0][1][0] == 0.0
    ours, theirs = (
        updates(network, [1.0, 1.0], [1.0], 0.5),
        autodiff_updates(network, [1.0, 1.0], [1.0], 0.5),
    )
    np.testing.assert_array_equal(ours[0][1], theirs[0][1])


def test_forward_in_sympy_matches_numpy() -> None:
    network, x, d = problem(SHAPES[2], seed=4)
    values = substitutions(network, x, d, 0.2)
    net_inputs, outputs = forward(network, x)
    assert values[ALPHA] == 0.2
    for layer in net_inputs:
        for i, (n, a) in enumerate(
            zip(net_inputs[layer], outputs[layer]), start=1
        ):
            assert float(values[layer_symbol("n", layer)[i]]) == pytest.approx(
                n, rel=1e-14, abs=1e-15
            )
            assert float(values[layer_symbol("a", layer)[i]]) == pytest.approx(
                a, rel=1e-14, abs=1e-15
            )
    assert float(values[layer_symbol("a", 0)[2]]) == x[1]


def test_write_out_sums_equals_doit() -> None:
    k, m = summation_index(1), summation_index(2)
    x, w = layer_symbol("a", 0), layer_symbol("w", 2)
    nested = sp.Sum(x[k] * sp.Sum(w[m, k], (m, 1, 2)), (k, 1, 3))
    assert sp.expand(write_out_sums(nested)) == sp.expand(nested.doit())


def test_activation_names_and_aliases() -> None:
    assert [
        activation_name(n)
        for n in ("PURELIN", " tanh", "sigmoid", "poslin", "cubic")
    ] == [
        "linear",
        "tansig",
        "logsig",
        "relu",
        "cubic",
    ]
    with pytest.raises(
        ValueError, match="Unknown activation 'softplus'; use one of: linear"
    ):
        activation_name("softplus")


@pytest.mark.parametrize(
    "n_inputs, sizes, activations, message",
    [
        (
            2,
            (3, 0),
            ("tansig", "linear"),
            "size of layer 2 must be a positive integer, got 0",
        ),
        (0, (3,), ("tansig",), "n_inputs must be a positive integer, got 0"),
        (
            2,
            (3, -1),
            ("tansig", "linear"),
            "size of layer 2 must be a positive integer",
        ),
        (
            2,
            (2.5,),
            ("tansig",),
            "size of layer 1 must be a positive integer, got 2.5",
        ),
        (2, (), (), "at least one layer"),
        (2, (3, 2), ("tansig",), "2 layer sizes but 1 activations"),
        (2, (3,), ("swish",), "Unknown activation 'swish'"),
    ],
)
def test_architecture_rejects_bad_descriptions(
    n_inputs, sizes, activations, message
) -> None:
    with pytest.raises(ValueError, match=message):
        Architecture(n_inputs, sizes, activations)


def test_network_rejects_mismatched_shapes() -> None:
    w1, w2 = np.ones((3, 2)), np.ones((2, 3))
    with pytest.raises(
        ValueError, match=r"W⁽2⁾ has shape \(2, 4\) but layer 1 has 3 neurons"
    ):
        Network(
            (w1, np.ones((2, 4))),
            (np.ones(3), np.ones(2)),
            ("tansig", "linear"),
        )
    with pytest.raises(
        ValueError, match=r"b⁽2⁾ has shape \(2, 1\).*shape \(2,\)"
    ):
        Network((w1, w2), (np.ones(3), np.ones((2, 1))), ("tansig", "linear"))
    with pytest.raises(
        ValueError, match="2 weight matrices, 2 bias vectors and 1 activations"
    ):
        Network((w1, w2), (np.ones(3), np.ones(2)), ("tansig",))
    with pytest.raises(ValueError, match="2-D matrix"):
        Network((np.ones(3),), (np.ones(3),), ("tansig",))
    with pytest.raises(ValueError, match="NaN or infinite"):
        Network((np.full((3, 2), np.nan),), (np.ones(3),), ("tansig",))
    with pytest.raises(ValueError, match="Unknown activation 'step'"):
        Network((w1,), (np.ones(3),), ("step",))


def test_inputs_targets_rate_and_indices_are_checked() -> None:
    network, x, d = problem(SHAPES[1], seed=6)
    with pytest.raises(
        ValueError,
        match=r"x has shape \(2,\); this network needs shape \(3,\)",
    ):
        updates(network, x[:2], d, 0.1)
    with pytest.raises(
        ValueError,
        match=r"d has shape \(3,\); this network needs shape \(2,\)",
    ):
        autodiff_updates(network, x, [0.0, 1.0, 2.0], 0.1)
    with pytest.raises(
        ValueError, match="learning rate alpha must be positive"
    ):
        updates(network, x, d, 0.0)
    with pytest.raises(
        ValueError,
        match="Layer 3 does not exist: this network has layers 1..2",
    ):
        network.architecture.size(3)


def two_layer_rules(
    architecture: Architecture, i: int, j: int, k: int
) -> tuple[sp.Expr, sp.Expr]:
    """Hand-written Δw⁽²⁾ᵢⱼ and Δb⁽¹⁾ₖ of a tansig-logsig network, in the
    module's notation."""
    a1, a2, w2 = (
        layer_symbol("a", 1),
        layer_symbol("a", 2),
        layer_symbol("w", 2),
    )
    m = summation_index(2)
    delta2 = lambda q: a2[q] * (1 - a2[q]) * (TARGET[q] - a2[q])  # noqa: E731
    weight = ALPHA * a1[j] * delta2(i)
    bias = (
        ALPHA
        * (1 - a1[k] ** 2)
        * sp.Sum(w2[m, k] * delta2(m), (m, 1, architecture.size(2)))
    )
    return weight, bias


def test_substitutions_and_evaluate_give_the_numpy_step() -> None:
    network, x, d = problem(
        SHAPES[3][:1] + ((4, 3), ("tansig", "logsig")), seed=2
    )
    weight_steps, bias_steps = updates(network, x, d, 0.7)
    values = substitutions(network, x, d, 0.7)
    for i, j, k in [(1, 1, 1), (2, 4, 3), (3, 2, 4)]:
        weight, bias = two_layer_rules(network.architecture, i, j, k)
        assert evaluate(weight, values) == pytest.approx(
            weight_steps[2][i - 1, j - 1], rel=1e-12
        )
        assert evaluate(sp.Eq(sp.Symbol("b"), bias), values) == pytest.approx(
            bias_steps[1][k - 1], rel=1e-12
        )


def test_evaluate_refuses_expressions_with_unknown_symbols() -> None:
    network, x, d = problem(SHAPES[1], seed=5)
    values = substitutions(network, x, d, 0.1)
    with pytest.raises(
        ValueError, match=r"delta\^\{\(1\)\}\[1\].*supply values"
    ):
        evaluate(ALPHA * layer_symbol("delta", 1)[1], values)


def test_latex_notation() -> None:
    k = summation_index(3)
    w3, delta3, a1 = (
        layer_symbol("w", 3),
        layer_symbol("delta", 3),
        layer_symbol("a", 1),
    )
    total = sp.Sum(sp.Mul(w3[k, 2], delta3[k], evaluate=False), (k, 1, 2))
    assert to_latex(sp.Eq(layer_symbol("e", 2)[2], total, evaluate=False)) == (
        r"e^{(2)}_{2} = \sum_{k_{3}=1}^{2} "
        r"w^{(3)}_{k_{3},2} \delta^{(3)}_{k_{3}}"
    )
    assert (
        to_latex(sp.Mul(1, layer_symbol("e", 2)[1], evaluate=False))
        == r"1 \cdot e^{(2)}_{1}"
    )
    assert to_latex(1 - a1[2] ** 2) == r"1 - \left(a^{(1)}_{2}\right)^{2}"
    assert (
        to_latex(layer_symbol("Delta w", 2)[4, 3]) == r"\Delta w^{(2)}_{4,3}"
    )


def test_aligned_latex_breaks_only_outside_parentheses() -> None:
    k, m = summation_index(2), summation_index(3)
    a2, w3 = layer_symbol("a", 2), layer_symbol("w", 3)
    inner = sp.Sum(w3[m, k], (m, 1, 2))
    nested = sp.Eq(
        sp.Symbol("y"), sp.Sum(sp.Mul(a2[k], inner, evaluate=False), (k, 1, 3))
    )
    block = aligned_latex([nested], break_at_sums=True)
    assert block.startswith("\\begin{aligned}\n") and block.endswith(
        "\n\\end{aligned}"
    )
    assert block.count(r"\\ &\qquad \sum") == 1  # before the inner sum only
    inside = sp.Eq(
        sp.Symbol("y"),
        sp.Mul(
            2,
            sp.Add(sp.Sum(a2[k], (k, 1, 3)), 1, evaluate=False),
            evaluate=False,
        ),
    )
    assert r"\\" not in aligned_latex([inside], break_at_sums=True)
    pair = aligned_latex([nested, inside])
    assert pair.count(" &= ") == 2 and pair.count("\\\\\n") == 1


def test_the_cost_and_a_step_taken_downhill() -> None:
    from rnadl.backprop import cost, moved

    rng = np.random.default_rng(0)
    network = random_network(
        Architecture(3, (4, 2), ("tansig", "logsig")), rng
    )
    x, d = rng.uniform(-1, 1, 3), rng.uniform(0, 1, 2)
    output = forward(network, x)[1][2]
    assert cost(network, x, d) == pytest.approx(
        0.5 * np.sum((d - output) ** 2)
    )
    steps = updates(network, x, d, 0.01)
    assert cost(moved(network, *steps), x, d) < cost(network, x, d)
    assert cost(moved(network, *steps, sign=-1), x, d) > cost(network, x, d)
    assert moved(network, *steps, sign=0).weights[0] == pytest.approx(
        network.weights[0]
    )
