"""A formula typed in an answer sheet, read as SymPy without evaluating
code.

The formula is written as the chapters' code writes it, with the names
the exercises give (rnadl.backprop's notation):

    ALPHA * DELTA[2][4] * A[1][2]
    (1 - A[2][4]**2) * Sum(W[3][k_3, 4] * DELTA[3][k_3], (k_3, 1, 4))

- `A`, `N`, `W`, `B`, `E`, `DELTA`: a layer's outputs, net inputs,
  weights, biases, errors and sensitivities, `A[l][i]`, `W[l][i, j]`;
- `TARGET[i]` (the desired output d), `ALPHA` (the learning rate);
- `k_3` or `summation_index(3)`: the index that runs over layer 3;
- `Sum`, `tanh`, `exp`, `log`, `sqrt` (also as `sp.Sum`…), numbers,
  + - * / ** and parentheses.

Only those: the text is parsed into a syntax tree and walked, as
rnadl.answers rebuilds a SymPy answer; anything else is an error that
says what is not allowed.
"""

import ast
import re

import sympy as sp

from rnadl.backprop import ALPHA, TARGET, layer_symbol, summation_index

MAX_TEXT = 4000
MAX_INTEGER = 10**9
MAX_LAYER = 20
LAYERS = {
    "A": "a",
    "N": "n",
    "W": "w",
    "B": "b",
    "E": "e",
    "DELTA": "delta",
}
FUNCTIONS = {
    "Sum": sp.Sum,
    "tanh": sp.tanh,
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "summation_index": summation_index,
}
INDEX = re.compile(r"k_(\d{1,2})")
OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


class FormulaError(ValueError):
    """A typed formula that cannot be read."""


class _Layers:
    """A[l]: the indexed symbol of layer l."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getitem__(self, layer: object) -> sp.IndexedBase:
        if not isinstance(layer, int) or not 0 <= layer <= MAX_LAYER:
            raise FormulaError(
                f"{self.name}[{layer}]: la capa es un entero de 0 a "
                f"{MAX_LAYER}"
            )
        return layer_symbol(LAYERS[self.name], layer)


NAMES = {
    **{name: _Layers(name) for name in LAYERS},
    "ALPHA": ALPHA,
    "TARGET": TARGET,
}


def _name(identifier: str) -> object:
    if identifier in NAMES:
        return NAMES[identifier]
    if identifier in FUNCTIONS:
        return FUNCTIONS[identifier]
    index = INDEX.fullmatch(identifier)
    if index:
        return summation_index(int(index.group(1)))
    raise FormulaError(
        f"no conozco el nombre {identifier!r}; los nombres son "
        f"{', '.join(sorted(NAMES))}, k_l y {', '.join(sorted(FUNCTIONS))}"
    )


def _build(node: ast.AST) -> object:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FormulaError(f"{value!r} no es un número")
        if abs(value) > MAX_INTEGER:
            raise FormulaError(f"el número {value} es demasiado grande")
        return sp.Integer(value) if isinstance(value, int) else sp.Float(value)
    if isinstance(node, ast.Name):
        return _name(node.id)
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id in (
            "sp",
            "sympy",
        ):
            if node.attr in FUNCTIONS:
                return FUNCTIONS[node.attr]
        raise FormulaError(f"{ast.unparse(node)} no está permitido")
    if isinstance(node, ast.Tuple):
        return tuple(_build(element) for element in node.elts)
    if isinstance(node, ast.Subscript):
        base = _build(node.value)
        index = _build(node.slice)
        if isinstance(base, _Layers):
            return base[int(index) if isinstance(index, sp.Integer) else index]
        if isinstance(base, sp.IndexedBase):
            return base[index]
        raise FormulaError(f"{ast.unparse(node.value)} no lleva índices")
    if isinstance(node, ast.UnaryOp) and isinstance(
        node.op, ast.USub | ast.UAdd
    ):
        operand = _build(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        left, right = _build(node.left), _build(node.right)
        if isinstance(node.op, ast.Pow) and not (
            isinstance(right, sp.Number) and abs(right) <= 100
        ):
            raise FormulaError("un exponente es un número entre -100 y 100")
        return OPERATORS[type(node.op)](left, right)
    if isinstance(node, ast.Call) and not node.keywords:
        function = _build(node.func)
        if function not in FUNCTIONS.values():
            raise FormulaError(f"{ast.unparse(node.func)} no es una función")
        arguments = [_build(argument) for argument in node.args]
        if function is summation_index:
            (layer,) = arguments
            return summation_index(int(layer))
        return function(*arguments)
    raise FormulaError(f"«{ast.unparse(node)}» no está permitido")


def formula(text: str) -> sp.Basic:
    """The SymPy expression a typed formula stands for; FormulaError when
    it is not one."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise FormulaError("una fórmula es un texto de una línea o pocas")
    try:
        tree = ast.parse(text.strip().replace("^", "**"), mode="eval")
    except SyntaxError as problem:
        raise FormulaError(f"no se puede leer: {problem.msg}") from None
    try:
        return sp.sympify(_build(tree.body))
    except FormulaError:
        raise
    except (TypeError, ValueError) as problem:
        raise FormulaError(f"SymPy no la acepta: {problem}") from None
