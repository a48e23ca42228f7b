"""What a student notebook runs besides the lesson: its self-checks and a
guard for the code the student has not written yet.

The student edition of a chapter (tools/practice_notebooks.py writes it)
leaves the key code to the student: its cells hold ``...`` where the
student writes (a scaffold). Run all with the scaffolds still empty must
not stop at an error, so ``StudentKey`` installs an IPython input
transformer that, before a cell runs, looks for names the cell needs and
the student has not filled in yet (a value ``...``, or a function whose
body is only ``...``): such a cell says so in Spanish instead of running,
and the names it would have set stay unfilled, so the cells after it say
so too. A cell Python cannot read because of a decimal comma (``0,5``)
says that as well.

The self-checks read an obfuscated copy of the chapter's answer key
(rnadl.answers.obfuscate): formative feedback, not a secret. Grading
never trusts it (tools/grading/ judges with the full edition's key).
"""

import ast
import re
import symtable
from collections.abc import Mapping

from rnadl import answers
from rnadl.exercises import UNANSWERED, CellMarkdown, Check, Verdict

# The name every question's answer is written in; the checks themselves
# say "Sin responder" when it still holds ``...``.
ANSWER = "respuesta"
# Where a scaffold asks the student to write.
YOUR_CODE = "# SU CÓDIGO AQUÍ"
COMMA = re.compile(r"\d,\d")


class StudentKey:
    """The self-checks of one student notebook.

    blob: the questions' checks as rnadl.answers.obfuscate wrote them.
    constants: for a chapter that trains, the training constants of each
    run profile ({"full": {name: value}, "fast": {...}}): a value of the
    student's own run is judged by the bounds of the profile whose
    constants the notebook holds.
    """

    def __init__(
        self, blob: str, constants: Mapping[str, Mapping] | None = None
    ) -> None:
        self._specs = answers.reveal(blob)
        self._constants = dict(constants or {})
        install_guard()

    def check(self, label: str) -> "Check | UnjudgedCheck":
        """The check of one question, by its label (ej-bp4-inciso)."""
        if label not in self._specs:
            raise KeyError(
                f"No hay ninguna pregunta {label!r} en este cuaderno; las "
                f"preguntas son {', '.join(sorted(self._specs))}."
            )
        spec = self._specs[label]
        bounds = answers.decode(spec["bounds"])
        if not isinstance(bounds, Mapping):
            return Check.from_spec(spec)
        profile = self._profile()
        if profile is None:
            return UnjudgedCheck(Check.from_spec(spec, profile="full"), self)
        return Check.from_spec(spec, profile=profile)

    def _profile(self) -> str | None:
        """The run profile whose constants the notebook holds now."""
        namespace = _namespace()
        for profile, values in self._constants.items():
            if all(namespace.get(k, object()) == v for k, v in values.items()):
                return profile
        return None

    def constants_text(self) -> str:
        full = self._constants.get("full", {})
        return ", ".join(f"{name} = {value!r}" for name, value in full.items())


class UnjudgedCheck:
    """A check of the student's own training run, when the notebook's
    constants are neither the book's nor the quick test's: there is no
    range to judge the value by."""

    def __init__(self, check: Check, key: StudentKey) -> None:
        self._check, self._key = check, key
        self.label = check.label

    def check(self, answer: object) -> Verdict:
        return Verdict(
            UNANSWERED,
            "Este valor sale de su propio entrenamiento, y sus constantes de "
            "entrenamiento no son las del libro ni las de la prueba rápida: "
            "no hay un intervalo con que comprobarlo. Vuelva a las del libro "
            f"({self._key.constants_text()}) y entrene de nuevo.",
        )

    def hint(self, number: int = 1) -> CellMarkdown:
        return self._check.hint(number)


# The guard ------------------------------------------------------------------

_UNFILLED_FUNCTIONS: set[str] = set()


def _namespace() -> dict:
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def install_guard() -> None:
    """Add the guard to the running IPython shell (once)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    transformers = shell.input_transformers_post
    if guard not in transformers:
        transformers.append(guard)


def _is_stub(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A body of only a docstring and ``...``, ``pass`` or ``return ...``."""
    body = list(function.body)
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    return bool(body) and all(
        isinstance(node, ast.Pass)
        or (
            isinstance(node, ast.Expr | ast.Return)
            and isinstance(node.value, ast.Constant)
            and node.value.value is Ellipsis
        )
        for node in body
    )


def _scopes(source: str) -> symtable.SymbolTable:
    """The cell's scopes as Python sees them: the notebook's globals, and
    those of its functions, lambdas, classes and comprehensions."""
    return symtable.symtable(source, "<celda>", "exec")


def _assigned(cell: symtable.SymbolTable, imports: bool = True) -> set[str]:
    """The global names a cell binds (with or without the names it
    imports); not the parameters and locals of its functions, lambdas and
    comprehensions."""
    return {
        symbol.get_name()
        for symbol in cell.get_symbols()
        if symbol.is_assigned() or (imports and symbol.is_imported())
    }


def _read(cell: symtable.SymbolTable) -> set[str]:
    """The global names a cell reads, at its top level and inside its
    functions, lambdas and comprehensions (not their own names)."""
    names = {s.get_name() for s in cell.get_symbols() if s.is_referenced()}
    nested = list(cell.get_children())
    while nested:
        scope = nested.pop()
        names |= {
            s.get_name()
            for s in scope.get_symbols()
            if s.is_referenced() and s.is_global()
        }
        nested += scope.get_children()
    return names


def missing_names(source: str, namespace: Mapping) -> list[str]:
    """The names a cell reads that the student has not filled in yet."""
    cell = _scopes(source)
    bound = _assigned(cell)
    read = _read(cell)
    return sorted(
        name
        for name in read - bound - {ANSWER}
        if namespace.get(name, None) is Ellipsis or name in _UNFILLED_FUNCTIONS
    )


def guard(lines: list[str]) -> list[str]:
    """IPython input transformer: a cell that needs what is missing says so
    instead of running (see the module's docstring)."""
    source = "".join(lines)
    try:
        tree = ast.parse(source)
    except SyntaxError as problem:
        line = (problem.text or "").strip()
        if COMMA.search(line):
            return [
                "raise SyntaxError("
                + repr(
                    "¿Usó coma decimal? En Python el decimal se escribe con "
                    f"punto (0.5, no 0,5), y la coma separa valores: {line}"
                )
                + ")\n"
            ]
        return lines
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if _is_stub(node):
                _UNFILLED_FUNCTIONS.add(node.name)
            else:
                _UNFILLED_FUNCTIONS.discard(node.name)
    missing = missing_names(source, _namespace())
    if not missing:
        return lines
    listed = ", ".join(f"`{name}`" for name in missing)
    message = (
        f"✎ Esta celda necesita {listed}, que aún no tiene valor: complete "
        f"antes la celda donde se calcula (la que dice «{YOUR_CODE[2:]}») y "
        "ejecútela; luego vuelva a esta."
    )
    unfilled = sorted(_assigned(_scopes(source), imports=False))
    keep_missing = "".join(f"{name} = ...\n" for name in unfilled)
    return [f"print({message!r})\n", keep_missing]
