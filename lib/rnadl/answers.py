"""Answers as JSON: what a question's key holds and what a student gives.

The answer key of a chapter (its checks' expected values, the known wrong
answers), the obfuscated key of a student notebook and the answers the
grader reads out of a submission all travel in one JSON form:

- JSON's own numbers, texts, true/false and null stand for themselves
  (integers stay integers; NumPy scalars become Python numbers);
- everything else is an object with one tag: ``{"tuple": [...]}``,
  ``{"list": [...]}``, ``{"dict": [[key, value], ...]}``, ``{"array":
  nested lists, "dtype": "float64"}``, ``{"float": "nan"}``,
  ``{"ellipsis": true}`` and ``{"sympy": "srepr text"}``.

``decode`` never evaluates code: a SymPy expression is rebuilt from its
srepr text by walking its syntax tree and calling only SymPy classes whose
names are listed in ``SYMPY_NAMES``, with literal arguments. So a
submission can hand in any answer it likes, but nothing that runs.
"""

import ast
import base64
import json
import math
import zlib
from collections.abc import Mapping

import numpy as np

# The SymPy classes an answer may be made of: the book's expressions use
# these (symbols, indexed weights, sums, the transfer functions).
SYMPY_NAMES = frozenset(
    {
        "Symbol",
        "Dummy",
        "Integer",
        "Rational",
        "Float",
        "Half",
        "One",
        "NegativeOne",
        "Zero",
        "Add",
        "Mul",
        "Pow",
        "Tuple",
        "Sum",
        "Product",
        "Indexed",
        "IndexedBase",
        "Idx",
        "Equality",
        "Eq",
        "exp",
        "log",
        "tanh",
        "sinh",
        "cosh",
        "sqrt",
        "Abs",
        "Max",
        "Min",
        "Piecewise",
        "ExprCondPair",
        "BooleanTrue",
        "BooleanFalse",
        "true",
        "false",
        "Pi",
        "E",
        "Exp1",
        "ImaginaryUnit",
        "Infinity",
        "NegativeInfinity",
        "StrictGreaterThan",
        "StrictLessThan",
        "GreaterThan",
        "LessThan",
        "Heaviside",
    }
)
# Literal keyword arguments srepr writes (assumptions of a symbol).
SYMPY_KEYWORDS = frozenset(
    {
        "integer",
        "real",
        "positive",
        "negative",
        "nonnegative",
        "nonpositive",
        "commutative",
        "finite",
        "evaluate",
        "precision",
    }
)
# A decoded SymPy text may not be longer than this (characters).
MAX_SYMPY_TEXT = 100_000


class AnswerFormatError(ValueError):
    """JSON that is not an answer in this module's form."""


def encode(value: object) -> object:
    """A JSON-ready form of an answer (see the module's docstring)."""
    if value is None or isinstance(value, bool | str):
        return value
    if value is Ellipsis:
        return {"ellipsis": True}
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else {"float": repr(number)}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise TypeError(
                f"an array of {value.dtype} cannot be an answer; use numbers"
            )
        return {"array": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, Mapping):
        return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if _is_sympy(value):
        import sympy

        return {"sympy": sympy.srepr(value)}
    raise TypeError(
        f"a {type(value).__name__} cannot be an answer: use numbers, texts, "
        "tuples, lists, dicts, NumPy arrays or SymPy expressions"
    )


def decode(data: object) -> object:
    """The answer a JSON form stands for; AnswerFormatError if it is not
    one."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        raise AnswerFormatError("a bare JSON list; expected a tagged object")
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise AnswerFormatError(f"not an answer: {str(data)[:80]}")
    if "array" in data:
        if set(data) != {"array", "dtype"}:
            raise AnswerFormatError("an array needs 'array' and 'dtype'")
        dtype = np.dtype(data["dtype"])
        if dtype.kind not in "biuf":
            raise AnswerFormatError(f"an array of {dtype} is not an answer")
        return np.array(data["array"], dtype=dtype)
    (tag, content), *_ = data.items()
    if len(data) != 1:
        raise AnswerFormatError(f"more than one tag: {sorted(data)}")
    if tag == "tuple":
        return tuple(decode(v) for v in _items(content, tag))
    if tag == "list":
        return [decode(v) for v in _items(content, tag)]
    if tag == "dict":
        pairs = _items(content, tag)
        if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise AnswerFormatError("a dict is a list of [key, value] pairs")
        return {_hashable(decode(k)): decode(v) for k, v in pairs}
    if tag == "float":
        if content not in ("nan", "inf", "-inf"):
            raise AnswerFormatError(f"not a special float: {content!r}")
        return float(content)
    if tag == "ellipsis":
        return Ellipsis
    if tag == "sympy":
        return sympy_from_srepr(content)
    raise AnswerFormatError(f"unknown tag {tag!r}")


def _items(content: object, tag: str) -> list:
    if not isinstance(content, list):
        raise AnswerFormatError(f"a {tag} holds a list")
    return content


def _hashable(key: object) -> object:
    try:
        hash(key)
    except TypeError:
        raise AnswerFormatError(f"a dict key cannot be {key!r}") from None
    return key


def dumps(value: object) -> str:
    """An answer as JSON text."""
    return json.dumps(encode(value), ensure_ascii=False, allow_nan=False)


def loads(text: str) -> object:
    """The answer a JSON text stands for."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as problem:
        raise AnswerFormatError(f"not JSON: {problem}") from None
    return decode(data)


def sympy_from_srepr(text: object) -> object:
    """Rebuild a SymPy expression from its srepr text without eval: only
    calls of the classes in SYMPY_NAMES with literal arguments."""
    import sympy

    if not isinstance(text, str) or len(text) > MAX_SYMPY_TEXT:
        raise AnswerFormatError("a SymPy answer is a text of srepr form")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise AnswerFormatError("not a SymPy srepr text") from None

    def build(node: ast.AST) -> object:
        if isinstance(node, ast.Constant) and isinstance(
            node.value, str | int | float | bool | type(None)
        ):
            return node.value
        if isinstance(node, ast.Tuple | ast.List):
            return tuple(build(element) for element in node.elts)
        if (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant)
            and isinstance(node.operand.value, int | float)
        ):
            return -node.operand.value
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name not in SYMPY_NAMES:
                raise AnswerFormatError(f"{name} is not allowed in an answer")
            keywords = {}
            for keyword in node.keywords:
                if keyword.arg not in SYMPY_KEYWORDS:
                    raise AnswerFormatError(
                        f"the argument {keyword.arg} is not allowed"
                    )
                keywords[keyword.arg] = build(keyword.value)
            arguments = [build(argument) for argument in node.args]
            return getattr(sympy, name)(*arguments, **keywords)
        raise AnswerFormatError(
            f"{type(node).__name__} is not allowed in a SymPy answer"
        )

    try:
        return build(tree.body)
    except AnswerFormatError:
        raise
    except Exception as problem:  # SymPy refused the arguments
        raise AnswerFormatError(
            f"not a valid SymPy expression: {problem}"
        ) from None


def _is_sympy(value: object) -> bool:
    try:
        import sympy
    except ImportError:  # pragma: no cover - SymPy is a dependency
        return False
    return isinstance(value, sympy.Basic)


# The student notebooks' key ---------------------------------------------

# The self-checks of a student notebook are formative: their key is only
# kept out of plain sight (a reader who decodes it finds the answers).
# Grading never trusts it: the grader judges with the full edition's key.
_MASK = b"rnadl: las respuestas son suyas de encontrar"


def obfuscate(data: object) -> str:
    """JSON data as a compressed, masked, base64 text (not encryption)."""
    raw = zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 9)
    masked = bytes(b ^ _MASK[i % len(_MASK)] for i, b in enumerate(raw))
    return base64.b64encode(masked).decode("ascii")


def reveal(text: str) -> object:
    """The JSON data obfuscate() hid."""
    masked = base64.b64decode(text.encode("ascii"))
    raw = bytes(b ^ _MASK[i % len(_MASK)] for i, b in enumerate(masked))
    return json.loads(zlib.decompress(raw).decode())
