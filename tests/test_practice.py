"""The practice notebooks of both editions: written from the chapters'
markup, plain Markdown, exercises whose checks can say no and yes, and a
student edition that gives no answer away.

The quick tests read the committed notebooks; those marked `notebooks`
execute them (make nbval), the chapters that train with the quick values
of their constants cell.
"""

import ast
import json
import re
import subprocess

import nbclient
import nbformat
import pytest
from book_files import ROOT, answer_forms, shows
from glued import glued_data
from pages import Page, chapters
from plain_markdown import FULL, STUDENT
from practice_code import BookOnlyNames, practice_code
from practice_markup import read_markup
from practice_notebooks import (
    FOLDERS,
    pinned_commit,
    practice_path,
    render,
)

FORBIDDEN = (
    "{glue",
    "{numref",
    "{cite",
    "```{",
    "glue(",
    "assert ",
    "RNADL_",
    "by_profile",
)
# What a student notebook may not hold, besides the answers' values.
STUDENT_FORBIDDEN = ("Respuesta al inciso", "solution_code", ".solution()")
CHAPTERS = chapters()
each_chapter = pytest.mark.parametrize("page", CHAPTERS, ids=lambda p: p.name)
each_edition = pytest.mark.parametrize("edition", [FULL, STUDENT])


def notebook(page: Page, edition: str = FULL) -> nbformat.NotebookNode:
    return nbformat.read(practice_path(page, edition), as_version=4)


def role(cell: nbformat.NotebookNode) -> str | None:
    return cell.metadata.get("rnadl", {}).get("role")


@each_edition
@each_chapter
def test_the_practice_notebook_is_what_the_chapter_writes(
    page: Page, edition: str
) -> None:
    """Written by tools/practice_notebooks.py from the chapter: never
    edited by hand, never stale."""
    path = practice_path(page, edition)
    assert path.exists(), f"{path.name} is missing: run make practice"
    assert path.read_text("utf-8") == render(page, pinned_commit(), edition), (
        f"{path.relative_to(ROOT)} is stale: run `make practice` and commit "
        "it. After a change to lib/ or pyproject.toml, commit that change "
        "first, then run `make practice` (the notebooks pin the commit that "
        "last changed the package) and commit the notebooks apart."
    )


@each_edition
def test_no_other_notebooks_in_the_practice_folders(edition: str) -> None:
    assert set(FOLDERS[edition].glob("*.ipynb")) == {
        practice_path(p, edition) for p in CHAPTERS
    }


def test_the_install_is_pinned_to_a_commit_with_todays_package() -> None:
    """A saved notebook keeps installing the package it was written for:
    the commit it names holds the same lib/rnadl and pyproject.toml."""
    commit = pinned_commit()

    def tree(revision: str, path: str) -> str:
        return subprocess.run(
            ["git", "rev-parse", f"{revision}:{path}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    for path in ("lib/rnadl", "pyproject.toml"):
        assert tree(commit, path) == tree("HEAD", path)
    for page in CHAPTERS:
        for edition in (FULL, STUDENT):
            cells = notebook(page, edition).cells
            setup = next(c for c in cells if role(c) == "setup")
            assert f"@{commit}" in setup.source and "@main" not in setup.source


@each_edition
@each_chapter
def test_plain_markdown_and_no_book_machinery(
    page: Page, edition: str
) -> None:
    found = {
        word: index
        for index, cell in enumerate(notebook(page, edition).cells)
        for word in FORBIDDEN
        if word in cell.source
    }
    assert not found, f"book machinery left in (word: cell): {found}"


@each_edition
@each_chapter
def test_the_inciso_and_three_exercises_or_more_are_checked(
    page: Page, edition: str
) -> None:
    cells = notebook(page, edition).cells
    questions = [
        c.metadata["rnadl"]["question"] for c in cells if role(c) == "call"
    ]
    assert len(questions) >= 4, f"{len(questions)} questions; at least 4"
    assert any(q.endswith("-inciso") for q in questions), (
        "the inciso's own question has no check (a Check labelled …-inciso)"
    )
    assert len(set(questions)) == len(questions)
    for question in questions:
        roles = [
            role(c)
            for c in cells
            if c.metadata.get("rnadl", {}).get("question") == question
        ]
        assert roles == ["check", "answer", "call"], (question, roles)


@each_chapter
def test_every_full_placeholder_has_the_books_solution(page: Page) -> None:
    for cell in notebook(page).cells:
        if role(cell) == "answer":
            assert cell.source.splitlines()[-1].startswith("respuesta = ...")
            solution = cell.metadata["rnadl"]["solution"]
            assert "respuesta =" in solution and "assert" not in solution


@each_chapter
def test_every_figure_of_the_chapter_is_shown(page: Page) -> None:
    """The cells that make the chapter's figures carry the published
    figure, so the notebook shows it as committed; the student edition
    shows those that give no answer away."""
    glued = {
        name
        for name, data in glued_data(page.notebook).items()
        if "image/png" in data
    }
    hidden = set()
    book = BookOnlyNames()
    for block in read_markup(page):
        if block.kind == "code" and (block.reveals or block.full_only):
            hidden |= set(practice_code(block.cell.source, book).figures)
    for edition, wanted in ((FULL, glued), (STUDENT, glued - hidden)):
        shown = {
            output["data"]["text/plain"]
            for cell in notebook(page, edition).cells
            for output in cell.get("outputs", [])
            if "image/png" in output.get("data", {})
        }
        assert shown == wanted, edition


def readable_text(notebook: nbformat.NotebookNode) -> str:
    """What a reader of a notebook can read: every cell's source and text
    outputs and its metadata, not image data and not the obfuscated key
    (whose letters could spell a number by chance)."""
    parts = []
    for cell in notebook.cells:
        if role(cell) == "key":
            continue
        parts += [cell.source, json.dumps(cell.metadata, ensure_ascii=False)]
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for mime, data in output.get("data", {}).items():
                if not mime.startswith("image/"):
                    parts.append(data if isinstance(data, str) else str(data))
    return "\n".join(parts)


@each_chapter
def test_the_student_edition_gives_no_answer_away(page: Page) -> None:
    """No cell's source, output or metadata of a student notebook holds an
    inciso's answer as the full edition glues it, in any written form, nor
    the answer box, a solution or its code."""
    assert page.answers, f"{page.name}: the manifest lists no answers"
    text = readable_text(notebook(page, STUDENT))
    found = sorted(f for f in answer_forms(page) if shows(text, f))
    assert not found, f"the student notebook shows answers: {found}"
    leaks = [word for word in STUDENT_FORBIDDEN if word in text]
    assert not leaks, leaks


def test_the_search_for_answers_finds_them_where_they_are() -> None:
    """The full practice notebook of chapter 4 states the inciso's answer
    (its Resumen): the search of the test above finds it there."""
    (page,) = [p for p in CHAPTERS if p.name == "04-backprop-4-4-4"]
    full = readable_text(notebook(page, FULL))
    assert [form for form in answer_forms(page) if shows(full, form)]


# Executing them --------------------------------------------------------------

VERDICT = re.compile(r"^(✔ Correcto|✘ Incorrecto|✎ Sin responder)")


def verdict(outputs: list) -> str:
    """The verdict a check call displayed."""
    for output in outputs:
        text = output.get("data", {}).get("text/plain", "")
        match = VERDICT.match(text.strip("'\""))
        if match:
            return text
    raise AssertionError(f"no verdict among the outputs: {outputs}")


def run_extra(client, source: str, index: int) -> list:
    """Execute code in the notebook's kernel; return its outputs (the
    notebook keeps its own cell at index: nbclient would store this one
    there)."""
    kept = client.nb.cells[index]
    cell = nbformat.v4.new_code_cell(source)
    client.execute_cell(cell, index)
    client.nb.cells[index] = kept
    return cell.outputs


def quick(practice: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without outputs, with the quick constants set right
    after its constants cell (a chapter that trains)."""
    for cell in practice.cells:
        cell.outputs = [] if cell.cell_type == "code" else None
    for index, cell in enumerate(practice.cells):
        if "parameters" in cell.metadata.get("tags", []):
            fast = cell.metadata["rnadl"]["fast"]
            lines = [f"{name} = {value}" for name, value in fast.items()]
            practice.cells.insert(
                index + 1, nbformat.v4.new_code_cell("\n".join(lines))
            )
            break
    return practice


def client_for(practice: nbformat.NotebookNode, edition: str):
    return nbclient.NotebookClient(
        practice,
        timeout=1800,
        kernel_name="python3",
        resources={"metadata": {"path": str(FOLDERS[edition])}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )


WRONGS = (
    "[(repr({name}.check(value)), message) for value, message in {name}.wrong]"
)


@pytest.mark.notebooks
@each_chapter
def test_the_practice_notebook_runs_and_its_checks_can_fail(
    page: Page,
) -> None:
    """Top to bottom with its placeholders: every check says not correct.
    With the book's solution in place of a placeholder: correct. The
    known wrong answers (the submitted solution's): incorrect, with their
    own message. Every cell that makes a figure shows one."""
    practice = quick(notebook(page))
    client = client_for(practice, FULL)
    results = {}
    with client.setup_kernel():
        for index, cell in enumerate(practice.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            if role(cell) != "call":
                continue
            name = cell.metadata["rnadl"]["check"]
            answer = next(
                c
                for c in practice.cells
                if role(c) == "answer" and c.metadata["rnadl"]["check"] == name
            )
            placeholder = verdict(cell.outputs)
            solved = verdict(
                run_extra(
                    client,
                    answer.metadata["rnadl"]["solution"]
                    + f"\n{name}.check(respuesta)",
                    index,
                )
            )
            wrongs = run_extra(client, WRONGS.format(name=name), index)
            results[name] = (
                placeholder,
                solved,
                ast.literal_eval(wrongs[0]["data"]["text/plain"]),
            )
    assert results, "no check ran"
    for name, (placeholder, solved, wrongs) in results.items():
        assert placeholder.startswith("✎ Sin responder"), (name, placeholder)
        assert solved.startswith("✔ Correcto"), (name, solved)
        for shown, message in wrongs:
            assert shown.startswith("✘ Incorrecto") and message in shown
    figures = [
        c for c in practice.cells if c.metadata.get("rnadl", {}).get("figures")
    ]
    for cell in figures:
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert images, f"no figure shown by:\n{cell.source[:300]}"


@pytest.mark.notebooks
@each_chapter
def test_the_student_notebook_runs_three_ways(page: Page) -> None:
    """Run all with the scaffolds unfilled: no Python error, the cells
    that need what is missing say so, every check says "Sin responder".
    Then, in the same kernel, with the book's code in every scaffold and
    the book's solution in every answer: every check says "Correcto". The
    known wrong answers of the key (the submitted solution's among them):
    "Incorrecto" with their own message."""
    practice = quick(notebook(page, STUDENT))
    blocks = {block.index: block for block in read_markup(page)}
    questions = {
        block.question.label: block.question
        for block in blocks.values()
        if block.question
    }
    book = BookOnlyNames.of(
        [b.cell.source for b in blocks.values() if b.kind == "code"]
    )
    code = {
        index: practice_code(block.cell.source, book).source
        for index, block in blocks.items()
        if block.kind == "code"
    }
    client = client_for(practice, STUDENT)
    unfilled, filled, wrongs, guarded = {}, {}, {}, 0
    with client.setup_kernel():
        for index, cell in enumerate(practice.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            printed = "".join(o.get("text", "") for o in cell.outputs)
            guarded += "Esta celda necesita" in printed
            if role(cell) == "call":
                unfilled[cell.metadata["rnadl"]["question"]] = verdict(
                    cell.outputs
                )
        for index, cell in enumerate(practice.cells):
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("rnadl", {})
            if role(cell) == "scaffold":
                source = code[meta["cell"]]
            elif role(cell) == "answer":
                question = questions[meta["question"]]
                source = practice_code(question.answer.source, book).source
            else:
                source = cell.source
            outputs = run_extra(client, source, index)
            if role(cell) == "call":
                label = meta["question"]
                filled[label] = verdict(outputs)
                shown = run_extra(
                    client, WRONGS.format(name=meta["check"]), index
                )
                wrongs[label] = ast.literal_eval(
                    shown[0]["data"]["text/plain"]
                )
    assert unfilled and set(unfilled) == set(filled) == set(questions)
    scaffolds = [c for c in practice.cells if role(c) == "scaffold"]
    assert scaffolds, "the student writes no code in this chapter"
    assert guarded, "no cell said that it needs what the student writes"
    for label in questions:
        assert unfilled[label].startswith("✎ Sin responder"), (
            label,
            unfilled[label],
        )
        assert filled[label].startswith("✔ Correcto"), (label, filled[label])
        for shown, message in wrongs[label]:
            assert shown.startswith("✘ Incorrecto") and message in shown
