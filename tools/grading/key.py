"""The teacher's key: what each chapter's questions expect, from the full
edition only.

- The checks: the answer key the executed chapter (book/NN-name.ipynb)
  displays in its last cell (rnadl.exercises.display_answer_key), label ->
  Check spec, computed by the chapter's own code.
- The training constants of a chapter that trains: the full practice
  notebook's constants cell (practica/NN-name.ipynb, tag `parameters`):
  the published values in its code, the quick test's in its metadata. A
  value of the student's own run is judged by the bounds of the profile
  whose constants the student's run used.
- The questions, in the order the student notebook asks them, with the
  exercise titles the chapter gives them (Ejercicio 4.2).

Nothing here reads a submission.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from pages import Page, chapters
from plain_markdown import FULL, STUDENT, Labels
from practice_notebooks import (
    PracticeError,
    answer_key,
    chapter_number,
    practice_path,
)


class NoKey(LookupError):
    """A chapter the grader has no key for."""


@dataclass(frozen=True)
class Question:
    label: str
    title: str  # Ejercicio 4.2, as the chapter numbers it
    spec: dict | None  # the teacher's Check spec (None: no key yet)


@dataclass(frozen=True)
class ChapterKey:
    chapter: str  # 04-backprop-4-4-4
    number: int
    title: str
    questions: tuple[Question, ...]
    # {"full": {name: value}, "fast": {...}} for a chapter that trains.
    constants: dict[str, dict[str, object]] | None = None
    template: Path | None = None  # the student notebook it grades
    # Why the chapter cannot be graded yet (its questions have no spec).
    problem: str | None = None

    @property
    def labels(self) -> list[str]:
        return [question.label for question in self.questions]

    def question(self, label: str) -> Question:
        return next(q for q in self.questions if q.label == label)


def role(cell: nbformat.NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("rnadl", {}).get("role")


def training_constants(page: Page) -> dict[str, dict[str, object]] | None:
    """The published and the quick constants, from the full practice
    notebook's constants cell; None when the chapter has none."""
    notebook = nbformat.read(practice_path(page, FULL), as_version=4)
    cells = [
        cell
        for cell in notebook.cells
        if "parameters" in cell.get("metadata", {}).get("tags", [])
    ]
    if not cells:
        return None
    (cell,) = cells
    full = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.Assign)
    }
    fast = {
        name: ast.literal_eval(text)
        for name, text in cell.metadata["rnadl"]["fast"].items()
    }
    if set(full) != set(fast):
        raise NoKey(
            f"{practice_path(page, FULL).name}: the constants cell sets "
            f"{sorted(full)} but its quick values are for {sorted(fast)}; "
            "run make practice"
        )
    return {"full": full, "fast": fast}


def chapter_key(page: Page) -> ChapterKey:
    """The key of one chapter. A chapter without a student notebook or an
    answer key yet has its questions (from its source) but no specs, and
    says why."""
    number = chapter_number(page)
    source = jupytext.read(page.source)
    markdown = [c.source for c in source.cells if c.cell_type == "markdown"]
    titles = Labels.of(markdown, number).exercises
    title = next(
        line.lstrip("# ").strip()
        for text in markdown
        for line in text.splitlines()
        if line.startswith("# ")
    )
    try:
        return _graded(page, number, title, titles)
    except NoKey as problem:
        return ChapterKey(
            chapter=page.name,
            number=number,
            title=title,
            questions=tuple(
                Question(label, text, None) for label, text in titles.items()
            ),
            problem=str(problem),
        )


def _graded(page: Page, number: int, title: str, titles: dict) -> ChapterKey:
    template = practice_path(page, STUDENT)
    if not template.exists():
        raise NoKey(
            f"el capítulo {number} aún no tiene cuaderno del estudiante "
            f"({template.name}) ni clave para calificarlo"
        )
    try:
        key = answer_key(page.notebook)
    except PracticeError as problem:
        raise NoKey(
            f"el capítulo {number} no tiene clave: {problem}"
        ) from None
    student = nbformat.read(template, as_version=4)
    labels = [
        cell.metadata["rnadl"]["question"]
        for cell in student.cells
        if role(cell) == "call"
    ]
    missing = [label for label in labels if label not in key]
    if missing:
        raise NoKey(
            f"la clave del capítulo {number} no tiene {', '.join(missing)}: "
            "hay que ejecutar el capítulo de nuevo"
        )
    return ChapterKey(
        chapter=page.name,
        number=number,
        title=title,
        questions=tuple(
            Question(label, titles.get(label, label), key[label])
            for label in labels
        ),
        constants=training_constants(page),
        template=template,
    )


def teacher_keys() -> dict[str, ChapterKey]:
    """Every chapter's key, by chapter name (04-backprop-4-4-4)."""
    return {page.name: chapter_key(page) for page in chapters()}
