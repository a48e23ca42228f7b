"""Backpropagation: NumPy, SymPy and TensorFlow autodiff agree; bad input is refused clearly."""

import numpy as np
import pytest
import sympy as sp

from rnadl.backprop import (
    ACTIVATIONS,
    ALPHA,
    Architecture,
    Network,
    activation_name,
    aligned_latex,
    autodiff_updates,
    bias_update_rule,
    delta_rule,
    error_rule,
    evaluate,
    forward,
    layer_symbol,
    random_network,
    sensitivities,
    substitutions,
    summation_index,
    to_latex,
    updates,
    weight_update_rule,
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


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_written_derivative_is_the_derivative(name: str) -> None:
    n, a = sp.symbols("n a", real=True)
    activation = ACTIVATIONS[name]
    written = activation.derivative(n, a).subs(a, activation.formula(n))
    exact = sp.diff(activation.formula(n), n)
    for point in (-1.7, -0.3, 0.4, 2.1):  # relu's kink at 0 is checked against TF below
        assert float(written.subs(n, point)) == pytest.approx(float(exact.subs(n, point)), abs=1e-14)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "-".join(map(str, s[1])))
def test_numpy_matches_autodiff(shape) -> None:
    network, x, d = problem(shape, seed=1)
    steps, autodiff = updates(network, x, d, 0.3), autodiff_updates(network, x, d, 0.3)
    for ours, theirs in zip(steps, autodiff):
        assert ours.keys() == theirs.keys() == set(range(1, len(shape[1]) + 1))
        for layer in ours:
            np.testing.assert_allclose(ours[layer], theirs[layer], rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "-".join(map(str, s[1])))
def test_sympy_rules_match_numpy_for_every_parameter(shape) -> None:
    network, x, d = problem(shape, seed=2)
    architecture = network.architecture
    weight_steps, bias_steps = updates(network, x, d, 0.7)
    values = substitutions(network, x, d, 0.7)
    deltas = sensitivities(network, x, d)
    for layer in range(1, architecture.depth + 1):
        for i in range(1, architecture.size(layer) + 1):
            assert evaluate(bias_update_rule(architecture, layer, i), values) == pytest.approx(
                bias_steps[layer][i - 1], rel=1e-12, abs=1e-14
            )
            assert evaluate(delta_rule(architecture, layer, i, expand=True), values) == pytest.approx(
                deltas[layer][i - 1], rel=1e-12, abs=1e-14
            )
            for j in range(1, architecture.size(layer - 1) + 1):
                assert evaluate(weight_update_rule(architecture, layer, i, j), values) == pytest.approx(
                    weight_steps[layer][i - 1, j - 1], rel=1e-12, abs=1e-14
                )


def test_six_layer_weight_matches_autodiff() -> None:
    shape = (3, (7, 6, 4, 5, 4, 6), ("linear", "tansig", "logsig", "tansig", "linear", "cubic"))
    network, x, d = problem(shape, seed=3)
    values = substitutions(network, x, d, 0.1)
    autodiff = autodiff_updates(network, x, d, 0.1)[0]
    for i, j in [(4, 2), (2, 4), (6, 7)]:
        rule = weight_update_rule(network.architecture, 2, i, j)
        assert evaluate(rule, values) == pytest.approx(autodiff[2][i - 1, j - 1], rel=1e-11, abs=1e-14)


def test_one_linear_neuron_by_hand() -> None:
    network = Network(([[2.0]],), ([0.5],), ("purelin",))
    weight_steps, bias_steps = updates(network, [3.0], [1.0], 0.1)
    error = 1.0 - (2.0 * 3.0 + 0.5)  # e = d − y
    assert weight_steps[1][0, 0] == pytest.approx(0.1 * error * 3.0)
    assert bias_steps[1][0] == pytest.approx(0.1 * error)


def test_relu_at_its_kink_matches_tensorflow() -> None:
    network = Network(([[1.0, -1.0]], [[2.0]]), ([0.0], [0.0]), ("relu", "linear"))
    assert forward(network, [1.0, 1.0])[0][1][0] == 0.0
    ours, theirs = updates(network, [1.0, 1.0], [1.0], 0.5), autodiff_updates(network, [1.0, 1.0], [1.0], 0.5)
    np.testing.assert_array_equal(ours[0][1], theirs[0][1])
    values = substitutions(network, [1.0, 1.0], [1.0], 0.5)
    assert evaluate(weight_update_rule(network.architecture, 1, 1, 1), values) == ours[0][1][0, 0]


def test_forward_in_sympy_matches_numpy() -> None:
    network, x, d = problem(SHAPES[2], seed=4)
    values = substitutions(network, x, d, 0.2)
    net_inputs, outputs = forward(network, x)
    assert values[ALPHA] == 0.2
    for layer in net_inputs:
        for i, (n, a) in enumerate(zip(net_inputs[layer], outputs[layer]), start=1):
            assert float(values[layer_symbol("n", layer)[i]]) == pytest.approx(n, rel=1e-14, abs=1e-15)
            assert float(values[layer_symbol("a", layer)[i]]) == pytest.approx(a, rel=1e-14, abs=1e-15)
    assert float(values[layer_symbol("a", 0)[2]]) == x[1]


def test_rules_of_layers_above_the_first_do_not_depend_on_the_input_size() -> None:
    rules = [
        weight_update_rule(Architecture(r, (7, 6, 4), ("linear", "tansig", "logsig")), 2, 4, 2)
        for r in (1, 3, 50)
    ]
    assert rules[0] == rules[1] == rules[2]
    names = {str(s.base) for s in rules[0].rhs.atoms(sp.Indexed)}
    assert names == {"a^{(1)}", "a^{(2)}", "a^{(3)}", "w^{(3)}", "d"}


def test_chain_rules_and_latex_notation() -> None:
    architecture = Architecture(2, (3, 4, 2), ("tansig", "purelin", "cubic"))
    assert to_latex(error_rule(architecture, 2, summation_index(2))) == (
        r"e^{(2)}_{k_{2}} = \sum_{k_{3}=1}^{2} w^{(3)}_{k_{3},k_{2}} \delta^{(3)}_{k_{3}}"
    )
    assert to_latex(error_rule(architecture, 3, 1)) == r"e^{(3)}_{1} = d_{1} - a^{(3)}_{1}"
    assert to_latex(delta_rule(architecture, 1, 2)) == (
        r"\delta^{(1)}_{2} = \left(1 - \left(a^{(1)}_{2}\right)^{2}\right) e^{(1)}_{2}"
    )
    assert to_latex(delta_rule(architecture, 2, 1)) == r"\delta^{(2)}_{1} = 1 \cdot e^{(2)}_{1}"
    assert to_latex(delta_rule(architecture, 3, 2)) == (
        r"\delta^{(3)}_{2} = 3 \left(n^{(3)}_{2}\right)^{2} e^{(3)}_{2}"
    )
    assert to_latex(weight_update_rule(architecture, 2, 4, 3, expand=False)) == (
        r"\Delta w^{(2)}_{4,3} = \alpha a^{(1)}_{3} \delta^{(2)}_{4}"
    )
    expanded = to_latex(bias_update_rule(architecture, 1, 1))
    assert r"\sum_{k_{2}=1}^{4} w^{(2)}_{k_{2},1} \cdot 1 \cdot \sum_{k_{3}=1}^{2}" in expanded


def test_aligned_latex_breaks_only_outside_parentheses() -> None:
    architecture = Architecture(2, (3, 4, 2), ("tansig", "logsig", "cubic"))
    block = aligned_latex([weight_update_rule(architecture, 1, 1, 1)], break_at_sums=True)
    assert block.startswith("\\begin{aligned}\n") and block.endswith("\n\\end{aligned}")
    assert block.count(r"\\ &\qquad \sum") == 2
    k = summation_index(2)
    total = sp.Sum(layer_symbol("a", 2)[k], (k, 1, 3))
    inside = sp.Eq(sp.Symbol("y"), sp.Mul(2, sp.Add(total, 1, evaluate=False), evaluate=False))
    assert r"\\" not in aligned_latex([inside], break_at_sums=True)
    pair = aligned_latex([error_rule(architecture, 3, 1), error_rule(architecture, 3, 2)])
    assert pair.count(" &= ") == 2 and pair.count("\\\\\n") == 1


def test_write_out_sums_equals_doit() -> None:
    k, m = summation_index(1), summation_index(2)
    x, w = layer_symbol("a", 0), layer_symbol("w", 2)
    nested = sp.Sum(x[k] * sp.Sum(w[m, k], (m, 1, 2)), (k, 1, 3))
    assert sp.expand(write_out_sums(nested)) == sp.expand(nested.doit())


def test_evaluate_refuses_unexpanded_rules() -> None:
    network, x, d = problem(SHAPES[1], seed=5)
    values = substitutions(network, x, d, 0.1)
    with pytest.raises(ValueError, match=r"delta\^\{\(1\)\}\[1\].*expand=True"):
        evaluate(weight_update_rule(network.architecture, 1, 1, 1, expand=False), values)


def test_activation_names_and_aliases() -> None:
    assert [activation_name(n) for n in ("PURELIN", " tanh", "sigmoid", "poslin", "cubic")] == [
        "linear",
        "tansig",
        "logsig",
        "relu",
        "cubic",
    ]
    with pytest.raises(ValueError, match="Unknown activation 'softplus'; use one of: linear"):
        activation_name("softplus")


@pytest.mark.parametrize(
    "n_inputs, sizes, activations, message",
    [
        (2, (3, 0), ("tansig", "linear"), "size of layer 2 must be a positive integer, got 0"),
        (0, (3,), ("tansig",), "n_inputs must be a positive integer, got 0"),
        (2, (3, -1), ("tansig", "linear"), "size of layer 2 must be a positive integer"),
        (2, (2.5,), ("tansig",), "size of layer 1 must be a positive integer, got 2.5"),
        (2, (), (), "at least one layer"),
        (2, (3, 2), ("tansig",), "2 layer sizes but 1 activations"),
        (2, (3,), ("swish",), "Unknown activation 'swish'"),
    ],
)
def test_architecture_rejects_bad_descriptions(n_inputs, sizes, activations, message) -> None:
    with pytest.raises(ValueError, match=message):
        Architecture(n_inputs, sizes, activations)


def test_network_rejects_mismatched_shapes() -> None:
    w1, w2 = np.ones((3, 2)), np.ones((2, 3))
    with pytest.raises(ValueError, match=r"W⁽2⁾ has shape \(2, 4\) but layer 1 has 3 neurons"):
        Network((w1, np.ones((2, 4))), (np.ones(3), np.ones(2)), ("tansig", "linear"))
    with pytest.raises(ValueError, match=r"b⁽2⁾ has shape \(2, 1\).*shape \(2,\)"):
        Network((w1, w2), (np.ones(3), np.ones((2, 1))), ("tansig", "linear"))
    with pytest.raises(ValueError, match="2 weight matrices, 2 bias vectors and 1 activations"):
        Network((w1, w2), (np.ones(3), np.ones(2)), ("tansig",))
    with pytest.raises(ValueError, match="2-D matrix"):
        Network((np.ones(3),), (np.ones(3),), ("tansig",))
    with pytest.raises(ValueError, match="NaN or infinite"):
        Network((np.full((3, 2), np.nan),), (np.ones(3),), ("tansig",))
    with pytest.raises(ValueError, match="Unknown activation 'step'"):
        Network((w1,), (np.ones(3),), ("step",))


def test_inputs_targets_rate_and_indices_are_checked() -> None:
    network, x, d = problem(SHAPES[1], seed=6)
    with pytest.raises(ValueError, match=r"x has shape \(2,\); this network needs shape \(3,\)"):
        updates(network, x[:2], d, 0.1)
    with pytest.raises(ValueError, match=r"d has shape \(3,\); this network needs shape \(2,\)"):
        autodiff_updates(network, x, [0.0, 1.0, 2.0], 0.1)
    with pytest.raises(ValueError, match="learning rate alpha must be positive"):
        updates(network, x, d, 0.0)
    architecture = network.architecture
    with pytest.raises(ValueError, match=r"Neuron i 5 is out of range: layer 1 has neurons 1..4"):
        weight_update_rule(architecture, 1, 5, 1)
    with pytest.raises(ValueError, match=r"Neuron j 4 is out of range: layer 0 has neurons 1..3"):
        weight_update_rule(architecture, 1, 1, 4)
    with pytest.raises(ValueError, match="Layer 3 does not exist: this network has layers 1..2"):
        delta_rule(architecture, 3, 1)
