"""A lesson cell's code as a practice notebook holds it.

What serves only the book's pages goes, statement by statement: every
assert, and every statement that uses a name bound to a module that
declares ``BOOK_ONLY = True`` (rnadl.glue, rnadl.run_profile): its calls,
the names assigned from them (``PUBLISHED = current_profile() == …``) and
the blocks they guard (``if PUBLISHED:``). Which names those are follows
from the chapter's own imports, not from a list of names kept here. The
constants a chapter chooses by run profile (``NAME = by_profile(full=…,
fast=…)``, literals) are gathered instead, for one visible cell.
"""

import ast
import functools
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cell_code import python_source, syntax_tree

PROFILE_CHOICE = "by_profile"


class PracticeCodeError(ValueError):
    """Code that cannot be written as a practice notebook's code."""


@functools.cache
def _declared(name: str) -> tuple[bool, frozenset[str]]:
    """What a module declares book-only at its top level: everything
    (`BOOK_ONLY = True`) and some names (`BOOK_ONLY_NAMES = (…)`). Read
    from its source, without importing it: no module starts TensorFlow."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False, frozenset()
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return False, frozenset()
    everything, some = False, frozenset()
    for node in ast.parse(Path(spec.origin).read_text("utf-8")).body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if not isinstance(target, ast.Name):
            continue
        if target.id == "BOOK_ONLY":
            everything = ast.literal_eval(node.value) is True
        elif target.id == "BOOK_ONLY_NAMES":
            some = frozenset(ast.literal_eval(node.value))
    return everything, some


@dataclass
class BookOnlyNames:
    """The names of a chapter bound to book-only modules or values."""

    names: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, sources: Iterable[str]) -> "BookOnlyNames":
        """The names the chapter's imports bind to book-only modules."""
        found = cls()
        for source in sources:
            for node in ast.walk(syntax_tree(source)):
                if isinstance(node, ast.ImportFrom) and node.module:
                    everything, some = _declared(node.module)
                    found.names |= {
                        alias.asname or alias.name
                        for alias in node.names
                        if everything or alias.name in some
                    }
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        if _declared(alias.name)[0]:
                            found.names.add(
                                alias.asname or alias.name.split(".")[0]
                            )
        return found

    def used_in(self, node: ast.AST) -> bool:
        return any(
            isinstance(child, ast.Name) and child.id in self.names
            for child in ast.walk(node)
        )


@dataclass
class PracticeCode:
    """A code cell's source for a practice notebook."""

    source: str
    constants: list[tuple[str, str, str]]  # (name, full, fast) sources
    figures: list[str]  # names of the figures the cell glued


def _profile_constant(node: ast.stmt, source: str):
    """(name, full, fast) of `NAME = by_profile(full=…, fast=…)`."""
    if not (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == PROFILE_CHOICE
    ):
        return None
    values = {
        keyword.arg: ast.get_source_segment(source, keyword.value)
        for keyword in node.value.keywords
    }
    if set(values) != {"full", "fast"}:
        raise PracticeCodeError(
            f"{PROFILE_CHOICE} takes full= and fast=: "
            f"{ast.get_source_segment(source, node)}"
        )
    for text in values.values():
        try:
            ast.literal_eval(text)
        except ValueError:
            raise PracticeCodeError(
                f"a constant chosen by profile is a literal: {text}"
            ) from None
    return node.targets[0].id, values["full"], values["fast"]


def _figures(tree: ast.Module) -> list[str]:
    """The names glue_figure("name", …) stores in this cell."""
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "glue_figure"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def _book_only(node: ast.stmt, book: BookOnlyNames) -> bool:
    """Whether a statement serves only the book (and, for an assignment,
    mark its names as book-only too)."""
    if isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.Import | ast.ImportFrom):
        bound = {
            (alias.asname or alias.name).split(".")[0] for alias in node.names
        }
        return bound <= book.names
    if isinstance(node, ast.If | ast.While) and book.used_in(node.test):
        return True
    if isinstance(node, ast.Expr | ast.Assign | ast.AugAssign | ast.AnnAssign):
        if book.used_in(node.value if node.value is not None else node):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = getattr(node, "targets", None) or [node.target]
                for target in targets:
                    book.names |= {
                        child.id
                        for child in ast.walk(target)
                        if isinstance(child, ast.Name)
                    }
            return True
        return False
    compound = isinstance(node, ast.If | ast.For | ast.With)
    inner = node.body + getattr(node, "orelse", []) if compound else []
    return bool(inner) and all(_book_only(n, book) for n in inner)


def _nested(node: ast.stmt, book: BookOnlyNames) -> set[int]:
    """Line numbers (0-based) of book-only statements inside a kept
    compound statement."""
    drop = set()
    for name in ("body", "orelse", "finalbody", "handlers"):
        for child in getattr(node, name, []) or []:
            if isinstance(child, ast.stmt) and _book_only(child, book):
                drop |= set(range(child.lineno - 1, child.end_lineno))
            elif isinstance(child, ast.stmt | ast.excepthandler):
                drop |= _nested(child, book)
    return drop


def practice_code(source: str, book: BookOnlyNames) -> PracticeCode:
    """Drop what serves only the book; gather the profile constants and
    the names of the figures the cell glues (see the module)."""
    lines = source.splitlines()
    python = python_source(source)
    tree = ast.parse(python)
    drop: set[int] = set()
    constants = []
    rewritten: dict[int, str] = {}  # first line -> the statement's new text
    for node in tree.body:
        constant = _profile_constant(node, python)
        if constant:
            constants.append(constant)
        if constant or _book_only(node, book):
            drop |= set(range(node.lineno - 1, node.end_lineno))
        elif isinstance(node, ast.ImportFrom) and any(
            (alias.asname or alias.name) in book.names for alias in node.names
        ):  # some of its names serve the book only
            drop |= set(range(node.lineno - 1, node.end_lineno))
            node.names = [
                alias
                for alias in node.names
                if (alias.asname or alias.name) not in book.names
            ]
            rewritten[node.lineno - 1] = ast.unparse(node)
        else:
            drop |= _nested(node, book)
    for number in sorted(drop - set(rewritten)):  # comments right above
        above = number - 1
        while (
            above >= 0
            and above not in drop
            and lines[above].strip().startswith("#")
        ):
            drop.add(above)
            above -= 1
    kept = [
        rewritten.get(number, line)
        for number, line in enumerate(lines)
        if number not in drop or number in rewritten
    ]
    text = re.sub(r"\n{4,}", "\n\n\n", "\n".join(kept)).strip("\n")
    statements = [
        line
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    return PracticeCode(text if statements else "", constants, _figures(tree))
