"""The markup that tells the editions apart, read from a chapter's source.

A chapter's MyST source says, in cell tags a reader of the source sees,
what each edition makes of each cell (CONTRIBUTING.md, «Las dos
ediciones», has the table):

- ``book-only`` (a code or Markdown cell): only the book's pages need it
  (glue, asserts, the answer box): no practice notebook holds it.
- ``full-only`` (code or Markdown): the student edition leaves it out (the
  answer box, the review of the submitted solution, prose that states an
  answer).
- ``reveals-answer`` (a code cell): the student edition keeps its code but
  not its outputs (a table of the values the student is to compute).
- a raw cell tagged ``scaffold`` right after a code cell: what the student
  edition shows in that cell's place (the student writes the rest; blanks
  are ``...``). The full editions keep the book's code.
- a raw cell tagged ``student-text``: Markdown only the student edition
  shows, where it stands.
- a Markdown cell tagged ``enunciado``: the inciso's statement, which the
  student edition's front page gathers.
- each question: an ``{exercise}`` with a ``:label:``, then a code cell
  tagged ``check`` that builds ``ej_<name> = Check("ej-<name>", …)``, then
  a code cell tagged ``answer`` that starts with ``# respuesta: …`` and ends
  with ``assert ej_<name>.check(respuesta)`` (optionally followed by its
  ``scaffold``), then the ``{solution}``.

Malformed markup stops with the page, the cell and what is wrong.
"""

import ast
import re
from dataclasses import dataclass, field

import jupytext
import nbformat
from cell_code import python_source
from pages import ROOT, Page
from setup_cells import is_setup

BOOK_ONLY, FULL_ONLY, REVEALS = "book-only", "full-only", "reveals-answer"
CHECK, ANSWER = "check", "answer"
SCAFFOLD, STUDENT_TEXT, STATEMENT = "scaffold", "student-text", "enunciado"
EDITION_TAGS = {BOOK_ONLY, FULL_ONLY, REVEALS, CHECK, ANSWER, STATEMENT}
RAW_TAGS = {SCAFFOLD, STUDENT_TEXT}
# Tags that the site (myst-nb), nbval and the executor read.
SITE_TAGS = {
    "remove-cell",
    "remove-input",
    "remove-output",
    "hide-input",
    "hide-output",
    "hide-cell",
    "nbval-ignore-output",
    "nbval-skip",
    "setup",
    "full-width",
    "raises-exception",
}
EXERCISE = re.compile(r"^```+\{exercise\}", re.M)
LABEL = re.compile(r"^:label:\s*(\S+)\s*$", re.M)


class MarkupError(ValueError):
    """A chapter whose edition markup is malformed."""

    def __init__(self, page: Page, index: int, cell, problem: str) -> None:
        first = (cell.source.strip().splitlines() or [""])[0][:70]
        super().__init__(
            f"{page.source.relative_to(ROOT)}, cell {index} "
            f"({cell.cell_type}: {first!r}): {problem}"
        )


@dataclass
class Question:
    """One question: its label, check cell, answer cell and scaffold."""

    label: str
    check: nbformat.NotebookNode
    answer: nbformat.NotebookNode
    scaffold: str | None = None

    @property
    def name(self) -> str:
        """The variable that holds its Check."""
        return self.label.replace("-", "_")

    @property
    def answer_comments(self) -> list[str]:
        """The answer cell's leading `# respuesta: …` comment lines."""
        return [
            line
            for line in self.answer.source.splitlines()
            if line.startswith("# respuesta")
        ]


@dataclass
class Block:
    """A cell of the chapter and what it is for the editions."""

    kind: str  # setup, markdown, code, question, student-text
    cell: nbformat.NotebookNode
    index: int
    scaffold: str | None = None  # code cells: the student edition's code
    question: Question | None = None
    tags: set[str] = field(default_factory=set)

    @property
    def book_only(self) -> bool:
        return BOOK_ONLY in self.tags

    @property
    def full_only(self) -> bool:
        return FULL_ONLY in self.tags

    @property
    def reveals(self) -> bool:
        return REVEALS in self.tags


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _check_label(page: Page, index: int, cell) -> str:
    """The label of the one Check a check cell builds, with its name."""
    built = []
    for node in ast.walk(ast.parse(python_source(cell.source))):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "Check"
        ):
            target = node.targets[0]
            argument = node.value.args[0] if node.value.args else None
            if not (
                isinstance(target, ast.Name)
                and isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
            ):
                raise MarkupError(
                    page,
                    index,
                    cell,
                    'a check cell builds `ej_<name> = Check("ej-<name>", '
                    "…)` with the label as a literal",
                )
            built.append((target.id, argument.value))
    if len(built) != 1:
        raise MarkupError(
            page,
            index,
            cell,
            f"a check cell builds exactly one Check; this one builds "
            f"{len(built)}",
        )
    (name, label), *_ = built
    if name != label.replace("-", "_"):
        raise MarkupError(
            page,
            index,
            cell,
            f"the Check labelled {label!r} must be held in "
            f"`{label.replace('-', '_')}`, not `{name}`",
        )
    return label


def _asserted_check(page: Page, index: int, cell) -> str:
    """The Check an answer cell asserts: its last line
    `assert <name>.check(respuesta)`."""
    lines = cell.source.strip().splitlines()
    last = lines[-1] if lines else ""
    match = re.fullmatch(r"assert (\w+)\.check\(respuesta\)", last)
    if not match or not lines[0].startswith("# respuesta"):
        raise MarkupError(
            page,
            index,
            cell,
            "an answer cell starts with `# respuesta: …` (what to assign) "
            "and ends with `assert <check>.check(respuesta)`",
        )
    return match.group(1)


def exercise_labels(markdown: str) -> list[str]:
    """The labels of the {exercise} directives of a Markdown text."""
    labels = []
    for match in EXERCISE.finditer(markdown):
        label = LABEL.search(markdown, match.end())
        if label:
            labels.append(label.group(1))
    return labels


def read_markup(page: Page) -> list[Block]:
    """The chapter's cells and what each is for the editions; MarkupError
    when the markup is malformed."""
    cells = jupytext.read(page.source).cells
    blocks: list[Block] = []
    pending: tuple[int, nbformat.NotebookNode, str] | None = None
    exercises: list[str] = []
    checked: list[str] = []
    statements = 0
    for index, cell in enumerate(cells):
        found = tags(cell)
        if cell.cell_type == "raw":
            known = found & RAW_TAGS
            if len(known) != 1 or found - RAW_TAGS:
                raise MarkupError(
                    page,
                    index,
                    cell,
                    "a raw cell is tagged either `scaffold` or "
                    f"`student-text`, and only that; it has {sorted(found)}",
                )
            if SCAFFOLD in found:
                previous = blocks[-1] if blocks else None
                if previous is None or previous.kind not in (
                    "code",
                    "question",
                ):
                    raise MarkupError(
                        page,
                        index,
                        cell,
                        "a scaffold follows the code cell it stands for (a "
                        "lesson cell or an answer cell)",
                    )
                if previous.book_only:
                    raise MarkupError(
                        page, index, cell, "a book-only cell has no scaffold"
                    )
                if previous.scaffold is not None or (
                    previous.question and previous.question.scaffold
                ):
                    raise MarkupError(
                        page, index, cell, "two scaffolds for one cell"
                    )
                _parse_scaffold(page, index, cell)
                if previous.question is not None:
                    previous.question.scaffold = cell.source
                else:
                    previous.scaffold = cell.source
            else:
                blocks.append(Block("student-text", cell, index, tags=found))
            continue
        unknown = {t for t in found - EDITION_TAGS - SITE_TAGS}
        if unknown:
            raise MarkupError(
                page,
                index,
                cell,
                f"unknown tags {sorted(unknown)}; the editions know "
                f"{sorted(EDITION_TAGS | RAW_TAGS)}",
            )
        if cell.cell_type == "markdown":
            if found & {CHECK, ANSWER, REVEALS}:
                raise MarkupError(
                    page,
                    index,
                    cell,
                    "check, answer and reveals-answer tag code cells (a "
                    "Markdown cell that gives an answer away is full-only)",
                )
            statements += STATEMENT in found
            exercises += exercise_labels(cell.source)
            blocks.append(Block("markdown", cell, index, tags=found))
            continue
        if is_setup(cell):
            blocks.append(Block("setup", cell, index, tags=found))
            continue
        if CHECK in found:
            if pending is not None:
                raise MarkupError(
                    page,
                    index,
                    cell,
                    "a check cell before the answer cell "
                    "of the previous check",
                )
            pending = (index, cell, _check_label(page, index, cell))
            continue
        if ANSWER in found:
            if pending is None:
                raise MarkupError(
                    page,
                    index,
                    cell,
                    "an answer cell with no check cell before it",
                )
            check_index, check, label = pending
            asserted = _asserted_check(page, index, cell)
            if asserted != label.replace("-", "_"):
                raise MarkupError(
                    page,
                    index,
                    cell,
                    f"the answer cell asserts `{asserted}`, but the check "
                    f"cell before it builds `{label.replace('-', '_')}`",
                )
            question = Question(label, check, cell)
            checked.append(label)
            blocks.append(
                Block("question", cell, index, question=question, tags=found)
            )
            pending = None
            continue
        if pending is not None and BOOK_ONLY not in found:
            raise MarkupError(
                page,
                index,
                cell,
                "a check cell must be followed by its answer cell (only "
                "book-only cells, such as a cell of asserts, may stand "
                "between them)",
            )
        blocks.append(Block("code", cell, index, tags=found))
    if pending is not None:
        raise MarkupError(
            page, pending[0], pending[1], "a check cell with no answer cell"
        )
    if sorted(exercises) != sorted(checked) or len(set(checked)) != len(
        checked
    ):
        missing = sorted(set(exercises) - set(checked))
        extra = sorted(set(checked) - set(exercises))
        raise MarkupError(
            page,
            0,
            cells[0],
            "every exercise needs one check and answer: exercises without "
            f"them {missing}, checks without an exercise {extra}",
        )
    if statements != 1:
        raise MarkupError(
            page,
            0,
            cells[0],
            f"a chapter has one Markdown cell tagged `enunciado`; it has "
            f"{statements}",
        )
    return blocks


def _parse_scaffold(page: Page, index: int, cell) -> None:
    """A scaffold is Python the student completes: it must parse."""
    try:
        ast.parse(python_source(cell.source))
    except SyntaxError as problem:
        raise MarkupError(
            page, index, cell, f"the scaffold is not Python: {problem}"
        ) from None
