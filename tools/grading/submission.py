"""What a handed-in notebook is, read without running anything.

A student notebook (tools/practice_notebooks.py wrote it) says in its
metadata which chapter it is and which edition; its code cells say their
role (setup, key, scaffold, check, answer, call) and, for a question's
cells, the question's label. A student may have lost some of that (a cell
deleted and written again has no metadata): the answer cell of a question
is then the code cell before the call `ej_x.check(respuesta)`, and the
feedback says so. What cannot be read as a notebook is Unreadable, with
the reason in Spanish; a question without an answer cell is missing, with
its reason; the grading goes on with the rest.
"""

import ast
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading.key import ChapterKey, role

# A notebook larger than this is not read (the student notebooks weigh a
# few hundred kB to about 1 MB with their figures).
MAX_NOTEBOOK_MB = 50
CALL = re.compile(r"^\s*(ej_\w+)\.check\(\s*respuesta\s*\)", re.MULTILINE)
# What only the full edition holds: the book's solutions.
FULL_EDITION_MARKS = ("solution_code", ".solution()")
# What reads the self-checks' key (rnadl.student.StudentKey, whose blob
# rnadl.answers.reveal decodes) outside the notebook's key cell.
KEY_MARKS = ("reveal(", "_specs", "obfuscate(")


class Unreadable(ValueError):
    """A file that is not a gradable notebook; the message says why, in
    Spanish, for the report."""


@dataclass
class Notebook:
    path: Path
    notebook: nbformat.NotebookNode
    key: ChapterKey
    # Why it looks like the full edition (None: a student notebook).
    full_edition: str | None
    # Where it reads the self-checks' key, if it does.
    reads_key: str | None = None
    # label -> index of the code cell that sets its respuesta.
    answers: dict[str, int] = field(default_factory=dict)
    # label -> why the question has no answer cell.
    missing: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _parse(path: Path) -> nbformat.NotebookNode:
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_MB * 2**20:
        raise Unreadable(
            f"el archivo pesa {size / 2**20:.0f} MB, más de los "
            f"{MAX_NOTEBOOK_MB} MB de un cuaderno: no se abrió"
        )
    try:
        text = path.read_bytes().decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise Unreadable(
            "el archivo no es texto UTF-8: no es un cuaderno de Jupyter"
        ) from None
    except (json.JSONDecodeError, RecursionError) as problem:
        where = (
            f" (línea {problem.lineno}, columna {problem.colno})"
            if isinstance(problem, json.JSONDecodeError)
            else ""
        )
        raise Unreadable(
            f"el archivo no es JSON{where}: no es un cuaderno de Jupyter "
            "(¿se guardó o se descargó mal?)"
        ) from None
    if not isinstance(data, dict) or "cells" not in data:
        raise Unreadable(
            "el archivo es JSON, pero no un cuaderno de Jupyter (no tiene "
            "celdas)"
        )
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as problem:  # nbformat's errors have no common base
        first = str(problem).strip().splitlines()[0][:200]
        raise Unreadable(
            f"el archivo es JSON, pero no un cuaderno de Jupyter válido: "
            f"{first}"
        ) from None
    if not notebook.cells:
        raise Unreadable("el cuaderno está vacío: no tiene celdas")
    return notebook


def _chapter(
    notebook: nbformat.NotebookNode, keys: dict[str, ChapterKey]
) -> tuple[ChapterKey | None, list[str]]:
    """The chapter it is, from its metadata or else from its questions."""
    meta = notebook.metadata.get("rnadl", {})
    chapter = meta.get("chapter") if isinstance(meta, dict) else None
    if chapter in keys:
        return keys[chapter], []
    sources = "\n".join(c.source for c in notebook.cells)
    called = {name.replace("_", "-") for name in CALL.findall(sources)}
    labelled = {
        c.metadata.get("rnadl", {}).get("question") for c in notebook.cells
    }
    for key in keys.values():
        if set(key.labels) & (called | labelled):
            return key, [
                f"El cuaderno no dice su capítulo; por sus preguntas es el "
                f"{key.number}."
            ]
    return None, []


def _full_edition(notebook: nbformat.NotebookNode) -> str | None:
    meta = notebook.metadata.get("rnadl", {})
    if isinstance(meta, dict) and meta.get("edition") == "full":
        return "su metadato dice que es la edición completa del libro"
    for index, cell in enumerate(notebook.cells):
        for mark in FULL_EDITION_MARKS:
            if cell.cell_type == "code" and mark in cell.source:
                return (
                    f"la celda {index + 1} trae «{mark}», que solo tiene la "
                    "edición completa (las soluciones del libro)"
                )
    return None


@functools.cache
def _blob(template: Path) -> str:
    """The start of the obfuscated key a student notebook's key cell
    holds."""
    notebook = nbformat.read(template, as_version=4)
    for cell in notebook.cells:
        if role(cell) == "key":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Constant) and isinstance(
                    node.value, str
                ):
                    if len(node.value) > 100:
                        return node.value[:40]
    return ""


def _reads_key(notebook: nbformat.NotebookNode, key: ChapterKey) -> str | None:
    blob = _blob(key.template) if key.template else ""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or role(cell) == "key":
            continue
        for mark in (*KEY_MARKS, blob):
            if mark and mark in cell.source:
                shown = "la clave cifrada" if mark == blob else f"«{mark}»"
                return (
                    f"la celda {index + 1} lee la clave de las "
                    f"comprobaciones del cuaderno ({shown})"
                )
    return None


def _assigns_answer(source: str) -> bool:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "respuesta" in source
    return any(
        isinstance(node, ast.Name)
        and node.id == "respuesta"
        and isinstance(node.ctx, ast.Store)
        for node in ast.walk(tree)
    )


def _cell_before_call(cells: list, name: str) -> int | None:
    """The code cell before the first call `name.check(respuesta)`, when
    it sets respuesta."""
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and name in CALL.findall(cell.source):
            for before in range(index - 1, -1, -1):
                if cells[before].cell_type == "code":
                    source = cells[before].source
                    return before if _assigns_answer(source) else None
            return None
    return None


def _answer_cells(found: Notebook) -> None:
    cells = found.notebook.cells
    marked = {}
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("rnadl", {})
        if cell.cell_type == "code" and role(cell) == "answer":
            label = meta.get("question")
            if label in found.key.labels and label not in marked:
                marked[label] = index
            else:
                found.notes.append(
                    f"La celda {index + 1} es una celda de respuesta de una "
                    f"pregunta que este capítulo no tiene ({label!r}): no "
                    "se calificó."
                )
    for question in found.key.questions:
        label = question.label
        if label in marked:
            found.answers[label] = marked[label]
            continue
        before = _cell_before_call(cells, label.replace("-", "_"))
        if before is not None:
            found.answers[label] = before
            found.notes.append(
                f"{question.title}: la celda de respuesta había perdido su "
                f"marca; se tomó la celda {before + 1}, la anterior a la "
                "comprobación."
            )
        else:
            found.missing[label] = (
                "el cuaderno no tiene la celda de respuesta de esta pregunta "
                "(¿se borró o se le cambió la etiqueta?)"
            )


def read_notebook(path: Path, keys: dict[str, ChapterKey]) -> Notebook:
    """The notebook, its chapter and its answer cells; Unreadable when it
    cannot be graded at all."""
    notebook = _parse(path)
    key, notes = _chapter(notebook, keys)
    if key is None:
        raise Unreadable(
            "no se reconoce el capítulo: el cuaderno no es uno de los "
            "cuadernos del estudiante (metadato rnadl.chapter) ni tiene sus "
            "preguntas"
        )
    if key.problem:
        raise Unreadable(key.problem)
    found = Notebook(path, notebook, key, _full_edition(notebook))
    found.reads_key = _reads_key(notebook, key)
    found.notes += notes
    _answer_cells(found)
    return found
