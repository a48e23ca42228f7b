"""Backpropagation in fully connected networks: NumPy numbers and SymPy
formulas (TensorFlow's autodiff of the same step is rnadl.autodiff; this
module does not import TensorFlow).

Conventions (Hagan et al., Neural Network Design): layers l = 1..M, input
a⁽⁰⁾ = x with R entries, n⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾, a⁽ˡ⁾ = f⁽ˡ⁾(n⁽ˡ⁾);
w⁽ˡ⁾ᵢⱼ joins neuron j of layer l−1 to neuron i of layer l (so W⁽ˡ⁾ is
S_l × S_{l−1}). For one example with target d, error e = d − a⁽ᴹ⁾ and
cost F = ½ Σ e², the sensitivities δ⁽ˡ⁾ = −∂F/∂n⁽ˡ⁾ obey
δ⁽ᴹ⁾ = f'(n⁽ᴹ⁾) e and δ⁽ˡ⁾ = f'(n⁽ˡ⁾) (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾, and one
gradient-descent step is ΔW⁽ˡ⁾ = α δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ, Δb⁽ˡ⁾ = α δ⁽ˡ⁾.
Per-layer results are dicts keyed by the layer number; NumPy arrays are
0-based.

The chapters derive the rules themselves with SymPy, on the page; this
module gives them the notation (indexed symbols with 1-based neuron
indices, as the text uses), the numbers to substitute (a forward pass done
in SymPy), the evaluation of finite sums and the LaTeX printing.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

_n, _a = sp.symbols("n a")


@dataclass(frozen=True)
class Activation:
    """A transfer function: SymPy f(n), and its derivative written with n
    and a = f(n)."""

    formula: Callable[[sp.Expr], sp.Expr]
    derivative: Callable[[sp.Expr, sp.Expr], sp.Expr]


ACTIVATIONS: dict[str, Activation] = {
    "linear": Activation(lambda n: n, lambda n, a: sp.Integer(1)),
    "tansig": Activation(sp.tanh, lambda n, a: 1 - a**2),
    "logsig": Activation(
        lambda n: 1 / (1 + sp.exp(-n)),
        lambda n, a: sp.Mul(a, 1 - a, evaluate=False),
    ),
    "cubic": Activation(lambda n: n**3, lambda n, a: 3 * n**2),
    "relu": Activation(
        lambda n: sp.Piecewise((n, n > 0), (0, True)),
        lambda n, a: sp.Heaviside(n, 0),
    ),
}
ALIASES = {
    "purelin": "linear",
    "tanh": "tansig",
    "sigmoid": "logsig",
    "poslin": "relu",
}
# NumPy versions of each f(n) and f'(n, a), generated from the SymPy
# formulas above.
_NUMPY = {
    name: (
        sp.lambdify(_n, act.formula(_n), "numpy"),
        sp.lambdify((_n, _a), act.derivative(_n, _a), "numpy"),
    )
    for name, act in ACTIVATIONS.items()
}


def activation_name(name: str) -> str:
    """The canonical name of an activation (purelin → linear, tanh →
    tansig, …); an unknown name is refused."""
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key not in ACTIVATIONS:
        known = ", ".join([*ACTIVATIONS, *ALIASES])
        raise ValueError(f"Unknown activation {name!r}; use one of: {known}.")
    return key


def _positive_int(value: object, what: str) -> int:
    """value as an int if it is a positive integer, else a ValueError
    naming what."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, np.integer))
        or value < 1
    ):
        raise ValueError(f"{what} must be a positive integer, got {value!r}.")
    return int(value)


@dataclass(frozen=True)
class Architecture:
    """Input size R, neurons per layer S_1..S_M and activation names of a
    fully connected network."""

    n_inputs: int
    sizes: tuple[int, ...]
    activations: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "n_inputs", _positive_int(self.n_inputs, "n_inputs")
        )
        sizes = tuple(
            _positive_int(s, f"size of layer {layer}")
            for layer, s in enumerate(self.sizes, 1)
        )
        if not sizes:
            raise ValueError(
                "A network needs at least one layer; sizes is empty."
            )
        if len(self.activations) != len(sizes):
            raise ValueError(
                f"{len(sizes)} layer sizes but {len(self.activations)} "
                "activations; give one activation per layer."
            )
        object.__setattr__(self, "sizes", sizes)
        object.__setattr__(
            self, "activations", tuple(map(activation_name, self.activations))
        )

    @property
    def depth(self) -> int:
        """Number of layers M."""
        return len(self.sizes)

    def size(self, layer: int) -> int:
        """Neurons of layer l (layer 0 is the input, of size R)."""
        if not 0 <= layer <= self.depth:
            raise ValueError(
                f"Layer {layer} does not exist: this network has layers "
                f"1..{self.depth}."
            )
        return self.n_inputs if layer == 0 else self.sizes[layer - 1]


@dataclass(frozen=True)
class Network:
    """Weights W⁽ˡ⁾ (S_l × S_{l−1}), biases b⁽ˡ⁾ (S_l) and activations of
    layers 1..M, float64."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    activations: tuple[str, ...]

    def __post_init__(self) -> None:
        weights = tuple(np.array(w, dtype=np.float64) for w in self.weights)
        biases = tuple(np.array(b, dtype=np.float64) for b in self.biases)
        if not (len(weights) == len(biases) == len(self.activations)):
            raise ValueError(
                f"Got {len(weights)} weight matrices, {len(biases)} bias "
                f"vectors and {len(self.activations)} activations; give one "
                "of each per layer."
            )
        if not weights or any(w.ndim != 2 for w in weights):
            raise ValueError(
                "Every W⁽ˡ⁾ must be a 2-D matrix (S_l × S_{l−1}); at least "
                "one layer."
            )
        for layer, (w, b) in enumerate(zip(weights, biases), start=1):
            if layer > 1 and w.shape[1] != weights[layer - 2].shape[0]:
                raise ValueError(
                    f"W⁽{layer}⁾ has shape {w.shape} but layer {layer - 1} "
                    f"has {weights[layer - 2].shape[0]} neurons; "
                    f"W⁽{layer}⁾ needs that many columns."
                )
            if b.shape != (w.shape[0],):
                raise ValueError(
                    f"b⁽{layer}⁾ has shape {b.shape}; layer {layer} has "
                    f"{w.shape[0]} neurons, so it must be a 1-D vector of "
                    f"shape ({w.shape[0]},)."
                )
            if not (np.isfinite(w).all() and np.isfinite(b).all()):
                raise ValueError(
                    f"W⁽{layer}⁾ or b⁽{layer}⁾ holds NaN or infinite values."
                )
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "biases", biases)
        activations = self.architecture.activations
        object.__setattr__(self, "activations", activations)

    @property
    def architecture(self) -> Architecture:
        """The network's input size, layer sizes and activations
        (validated)."""
        return Architecture(
            self.weights[0].shape[1],
            tuple(w.shape[0] for w in self.weights),
            self.activations,
        )


def random_network(
    architecture: Architecture, rng: np.random.Generator
) -> Network:
    """A network of the given architecture with weights and biases drawn
    uniformly from [−1, 1]."""
    layers = range(1, architecture.depth + 1)
    shapes = [
        (architecture.size(layer), architecture.size(layer - 1))
        for layer in layers
    ]
    weights = [rng.uniform(-1.0, 1.0, size=shape) for shape in shapes]
    biases = [rng.uniform(-1.0, 1.0, size=shape[0]) for shape in shapes]
    return Network(tuple(weights), tuple(biases), architecture.activations)


def checked_vector(
    values: Sequence[float] | np.ndarray, size: int, what: str
) -> np.ndarray:
    """values as a float64 vector of the given size, or a ValueError naming
    what."""
    vector = np.array(values, dtype=np.float64)
    if vector.shape != (size,):
        raise ValueError(
            f"{what} has shape {vector.shape}; this network needs shape "
            f"({size},)."
        )
    return vector


def checked_rate(alpha: float) -> float:
    """alpha as a float if it is a positive finite learning rate, else a
    ValueError."""
    if not (np.isfinite(alpha) and alpha > 0):
        raise ValueError(
            "The learning rate alpha must be positive and finite, got "
            f"{alpha!r}."
        )
    return float(alpha)


def forward(
    network: Network, x: Sequence[float]
) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Net inputs n⁽ˡ⁾ (l = 1..M) and outputs a⁽ˡ⁾ (l = 0..M, a⁽⁰⁾ = x)
    for one input vector."""
    outputs = {0: checked_vector(x, network.weights[0].shape[1], "x")}
    net_inputs = {}
    layers = zip(network.weights, network.biases, network.activations)
    for layer, (w, b, name) in enumerate(layers, start=1):
        net_inputs[layer] = w @ outputs[layer - 1] + b
        outputs[layer] = _NUMPY[name][0](net_inputs[layer])
    return net_inputs, outputs


def sensitivities(
    network: Network, x: Sequence[float], d: Sequence[float]
) -> dict[int, np.ndarray]:
    """δ⁽ˡ⁾ = −∂F/∂n⁽ˡ⁾ for l = M..1, with F = ½ Σ (d − a⁽ᴹ⁾)², by the
    backpropagation recursion."""
    net_inputs, outputs = forward(network, x)
    depth = len(network.weights)
    error = (
        checked_vector(d, network.weights[-1].shape[0], "d") - outputs[depth]
    )
    deltas = {}
    for layer in range(depth, 0, -1):
        derivative = _NUMPY[network.activations[layer - 1]][1](
            net_inputs[layer], outputs[layer]
        )
        deltas[layer] = derivative * error
        error = network.weights[layer - 1].T @ deltas[layer]
    return deltas


def updates(
    network: Network, x: Sequence[float], d: Sequence[float], alpha: float
) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """One gradient-descent step: ΔW⁽ˡ⁾ = α δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ and
    Δb⁽ˡ⁾ = α δ⁽ˡ⁾ for every layer."""
    alpha = checked_rate(alpha)
    deltas = sensitivities(network, x, d)
    outputs = forward(network, x)[1]
    weight_steps = {
        layer: alpha * np.outer(delta, outputs[layer - 1])
        for layer, delta in deltas.items()
    }
    bias_steps = {layer: alpha * delta for layer, delta in deltas.items()}
    return weight_steps, bias_steps


def cost(network: Network, x: Sequence[float], d: Sequence[float]) -> float:
    """F = ½ Σ (d − a⁽ᴹ⁾)², the squared error of one example."""
    output = forward(network, x)[1][len(network.weights)]
    error = checked_vector(d, output.shape[0], "d") - output
    return 0.5 * float(error @ error)


def moved(
    network: Network,
    weight_steps: dict[int, np.ndarray],
    bias_steps: dict[int, np.ndarray],
    sign: float = 1.0,
) -> Network:
    """The network after adding sign · (ΔW⁽ˡ⁾, Δb⁽ˡ⁾) to every layer (the
    steps as updates returns them)."""
    layers = range(1, len(network.weights) + 1)
    return Network(
        tuple(
            w + sign * weight_steps[layer]
            for layer, w in zip(layers, network.weights)
        ),
        tuple(
            b + sign * bias_steps[layer]
            for layer, b in zip(layers, network.biases)
        ),
        network.activations,
    )


# Notation, numbers and LaTeX for the SymPy derivations of the chapters.


def layer_symbol(name: str, layer: int) -> sp.IndexedBase:
    """The indexed symbol name⁽ˡ⁾ (w, b, n, a, e, delta, Delta w, Delta b);
    a⁽⁰⁾ is the input x."""
    if name == "a" and layer == 0:
        return sp.IndexedBase("x")
    label = {
        "delta": r"\delta",
        "Delta w": r"\Delta w",
        "Delta b": r"\Delta b",
    }.get(name, name)
    return sp.IndexedBase(f"{label}^{{({layer})}}")


TARGET = sp.IndexedBase("d")
ALPHA = sp.Symbol(r"\alpha", positive=True)


def summation_index(layer: int) -> sp.Symbol:
    """The index k_l that runs over the neurons of layer l in a
    backpropagated sum."""
    return sp.Symbol(f"k_{layer}", integer=True, positive=True)


def substitutions(
    network: Network, x: Sequence[float], d: Sequence[float], alpha: float
) -> dict[sp.Expr, sp.Float]:
    """Numbers for every symbol of the rules (w, b, x, n, a, d, α), the
    forward pass done in SymPy."""
    architecture = network.architecture
    values: dict[sp.Expr, sp.Float] = {ALPHA: sp.Float(checked_rate(alpha))}
    inputs = checked_vector(x, architecture.n_inputs, "x")
    targets = checked_vector(d, architecture.size(architecture.depth), "d")
    values.update({TARGET[i + 1]: sp.Float(v) for i, v in enumerate(targets)})
    previous = sp.Matrix([sp.Float(v) for v in inputs])
    values.update(
        {layer_symbol("a", 0)[j + 1]: v for j, v in enumerate(previous)}
    )
    layers = zip(network.weights, network.biases, network.activations)
    for layer, (w, b, name) in enumerate(layers, start=1):
        weights, biases = (
            sp.Matrix(w).applyfunc(sp.Float),
            sp.Matrix(b).applyfunc(sp.Float),
        )
        net = weights * previous + biases
        previous = net.applyfunc(ACTIVATIONS[name].formula)
        for i in range(w.shape[0]):
            values[layer_symbol("b", layer)[i + 1]] = biases[i]
            values[layer_symbol("n", layer)[i + 1]] = net[i]
            values[layer_symbol("a", layer)[i + 1]] = previous[i]
            for j in range(w.shape[1]):
                values[layer_symbol("w", layer)[i + 1, j + 1]] = weights[i, j]
    return values


def write_out_sums(expression: sp.Expr) -> sp.Expr:
    """Replace each finite Sum by the Add of its terms: Sum.doit without
    its slow closed-form search."""

    def terms(total: sp.Sum) -> sp.Expr:
        ((index, low, high),) = total.limits
        return sp.Add(
            *(
                total.function.xreplace({index: k})
                for k in range(int(low), int(high) + 1)
            )
        )

    return expression.replace(lambda node: isinstance(node, sp.Sum), terms)


def evaluate(
    rule: sp.Eq | sp.Expr, values: Mapping[sp.Expr, sp.Expr]
) -> float:
    """The number a rule's right-hand side (or an expression) takes once
    its sums are written out."""
    expression = rule.rhs if isinstance(rule, sp.Eq) else rule
    result = write_out_sums(expression).xreplace(dict(values))
    if not result.is_number:
        left = sorted(
            map(str, result.atoms(sp.Indexed) or result.free_symbols)
        )
        raise ValueError(
            f"The expression still holds {left}: expand it (expand=True) "
            "or supply values for them."
        )
    return float(result)


class _LayerLatexPrinter(LatexPrinter):
    """LaTeX with a⁽ˡ⁾[i] written a^{(l)}_{i}, powers of it parenthesised,
    factors kept in order."""

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        indices = ",".join(self._print(index) for index in expr.indices)
        return f"{expr.base.label.name}_{{{indices}}}"

    def _print_Mul(self, expr: sp.Mul) -> str:
        # A linear layer's derivative, kept as a visible factor 1.
        if expr.args[0] == 1:
            rest = sp.Mul(*expr.args[1:], evaluate=False)
            factor = self.parenthesize(rest, PRECEDENCE["Mul"], strict=True)
            return rf"1 \cdot {factor}"
        return super()._print_Mul(expr)

    def _print_Pow(self, expr: sp.Pow) -> str:
        if isinstance(expr.base, sp.Indexed):
            base, power = self._print(expr.base), self._print(expr.exp)
            return rf"\left({base}\right)^{{{power}}}"
        return super()._print_Pow(expr)


def eq(left: sp.Basic, right: sp.Basic) -> sp.Eq:
    """The equation left = right as written, not simplified or solved."""
    return sp.Eq(left, right, evaluate=False)


def tex(expression: sp.Basic) -> str:
    """Inline Markdown math of an expression: $…$ in the book's notation."""
    return f"${to_latex(expression)}$"


def to_latex(expression: sp.Basic) -> str:
    """LaTeX of a rule or expression in the book's notation
    (w^{(l)}_{i,j}, δ^{(l)}_{i}, …)."""
    return _LayerLatexPrinter({"order": "none"}).doprint(expression)


def aligned_latex(rules: Sequence[sp.Eq], break_at_sums: bool = False) -> str:
    """An aligned LaTeX block of equations lined up at "="; long ones may
    start a new line at each Σ."""
    lines = []
    for rule in rules:
        first, *pieces = to_latex(rule.rhs).split(r" \sum")
        right = first
        # A break inside \left( … \right) would be invalid LaTeX: none there.
        for piece in pieces:
            opened, closed = right.count(r"\left("), right.count(r"\right)")
            balanced = break_at_sums and opened == closed
            right += (r" \\ &\qquad \sum" if balanced else r" \sum") + piece
        lines.append(f"{to_latex(rule.lhs)} &= {right}")
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"
