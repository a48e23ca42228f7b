"""Submissions made from the real student notebooks, for the tests and the
benchmark: nothing here copies a value of the key by hand.

- unanswered: the student notebook as the generator wrote it;
- solved: every scaffold holds the book's code and every answer cell the
  book's solution (both from the chapter's source, as
  tests/test_practice.py fills them);
- wrong: the scaffolds solved, each answer one of the key's known wrong
  answers (the submitted solution's slips), or where the key knows none,
  the expected value with its sign changed;
- skeleton: the questions alone, unanswered or with the key's values;
- hostile: one of those with cells of a fixture file added or put in
  place of its answer cells, or answer cells deleted or relabelled
  (tests/fixtures/grading/hostiles.yml).
"""

import string

import nbformat
import sympy
from pages import Page, chapters
from plain_markdown import STUDENT
from practice_code import BookOnlyNames, practice_code
from practice_markup import read_markup
from practice_notebooks import answer_key, practice_path

from grading.key import role
from rnadl.answers import decode, dumps

UNANSWERED, SOLVED, WRONG = "sin-resolver", "resuelto", "equivocado"


def page(chapter: str) -> Page:
    """The chapter named (04-backprop-4-4-4) or numbered (04)."""
    for found in chapters():
        if found.name == chapter or found.name.startswith(f"{chapter}-"):
            return found
    raise LookupError(f"no chapter {chapter!r}")


def unanswered(chapter: str) -> nbformat.NotebookNode:
    return nbformat.read(practice_path(page(chapter), STUDENT), as_version=4)


def _book_code(chapter: str) -> tuple[dict[int, str], dict[str, str]]:
    """The book's code of each scaffolded cell (by the chapter's cell
    index) and the book's solution of each question (by label)."""
    blocks = read_markup(page(chapter))
    book = BookOnlyNames.of(
        [b.cell.source for b in blocks if b.kind == "code"]
    )
    code = {
        block.index: practice_code(block.cell.source, book).source
        for block in blocks
        if block.kind == "code"
    }
    solutions = {
        block.question.label: practice_code(
            block.question.answer.source, book
        ).source
        for block in blocks
        if block.question
    }
    return code, solutions


def _negated(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return -value if value else 1
    if isinstance(value, str):
        return value + " (no)"
    if isinstance(value, dict):
        return {k: _negated(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_negated(v) for v in value)
    if isinstance(value, sympy.Basic):
        return -value + 1
    return -value  # a NumPy array


def wrong_answer(spec: dict) -> str | None:
    """The JSON text of a wrong answer to a question (None when the key
    gives no value to start from: a value of the student's own run)."""
    if spec["wrong"]:
        return dumps(decode(spec["wrong"][0][0]))
    expected = decode(spec["expected"])
    if expected is None:
        return None
    return dumps(_negated(expected))


def _loaded(text: str) -> str:
    return f"from rnadl.answers import loads\n\nrespuesta = loads({text!r})\n"


def solved(chapter: str, answers: str = SOLVED) -> nbformat.NotebookNode:
    """The student notebook with the book's code in its scaffolds and, in
    its answer cells, the book's solutions (SOLVED) or wrong answers
    (WRONG)."""
    notebook = unanswered(chapter)
    code, solutions = _book_code(chapter)
    key = answer_key(page(chapter).notebook) if answers == WRONG else {}
    for cell in notebook.cells:
        meta = cell.metadata.get("rnadl", {})
        if role(cell) == "scaffold":
            cell.source = code[meta["cell"]]
        elif role(cell) == "answer":
            label = meta["question"]
            if answers == SOLVED:
                cell.source = solutions[label]
            else:
                text = wrong_answer(key[label])
                cell.source = _loaded(text) if text else cell.source
    return notebook


def skeleton(chapter: str, answers: str) -> nbformat.NotebookNode:
    """The student notebook's questions alone (its title, key cell and
    each question's cells, no lesson): a submission that runs in seconds,
    for the tests of what a submission may do. With SOLVED answers, each
    answer cell sets the key's expected value (from the key, as JSON)."""
    notebook = unanswered(chapter)
    key = answer_key(page(chapter).notebook)
    kept = [notebook.cells[0]]
    for cell in notebook.cells:
        if role(cell) == "key" or role(cell) in ("check", "answer", "call"):
            kept.append(cell)
        if role(cell) == "answer" and answers == SOLVED:
            label = cell.metadata["rnadl"]["question"]
            cell.source = _loaded(dumps(decode(key[label]["expected"])))
    notebook.cells = kept
    return notebook


BASES = {
    UNANSWERED: lambda chapter: unanswered(chapter),
    SOLVED: lambda chapter: solved(chapter, SOLVED),
    WRONG: lambda chapter: solved(chapter, WRONG),
    "esqueleto": lambda chapter: skeleton(chapter, UNANSWERED),
    "esqueleto-resuelto": lambda chapter: skeleton(chapter, SOLVED),
}


def made(chapter: str, kind: str) -> nbformat.NotebookNode:
    """A submission of a kind: one of BASES."""
    return BASES[kind](chapter)


def hostile(
    chapter: str, fixture: dict, places: dict[str, str]
) -> nbformat.NotebookNode:
    """A submission of a fixture of hostiles.yml: its `base` notebook with
    its cell (`celda`, where $name stands for places[name]) put `donde` it
    says: al-principio (before the first code cell), en-cada-respuesta (in
    place of every answer cell) or en-la-primera-respuesta (in place of the
    first one); `borra` lists the questions whose answer cells it deletes,
    `renombra` the labels it changes in their metadata."""
    notebook = made(chapter, fixture["base"])
    cells = notebook.cells
    answers = [c for c in cells if role(c) == "answer"]
    if "celda" in fixture:
        source = string.Template(fixture["celda"]).substitute(places)
        where = fixture["donde"]
        if where == "al-principio":
            at = next(i for i, c in enumerate(cells) if c.cell_type == "code")
            cells.insert(at, nbformat.v4.new_code_cell(source))
        elif where == "en-cada-respuesta":
            for cell in answers:
                cell.source = source
        elif where == "en-la-primera-respuesta":
            answers[0].source = source
        else:
            raise ValueError(f"donde: {where!r} is not a place in a notebook")
    for label in fixture.get("borra", []):
        cells.remove(
            next(
                c for c in answers if c.metadata["rnadl"]["question"] == label
            )
        )
    for old, new in fixture.get("renombra", {}).items():
        for cell in answers:
            if cell.metadata["rnadl"]["question"] == old:
                cell.metadata["rnadl"]["question"] = new
    return notebook
