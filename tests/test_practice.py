"""The practice notebooks: written from the chapters, plain Markdown, and
exercises whose checks can say both no and yes.

The quick tests read the committed notebooks; those marked `notebooks`
execute them (make nbval), the chapters that train with the quick values
of their constants cell.
"""

import ast
import re
import subprocess

import nbclient
import nbformat
import pytest
from book_files import ROOT
from pages import Page, chapters
from practice_notebooks import (
    ANSWER_TAG,
    PRACTICE,
    Glued,
    pinned_commit,
    practice_code,
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
CHAPTERS = chapters()
each_chapter = pytest.mark.parametrize("page", CHAPTERS, ids=lambda p: p.name)


def notebook(page: Page) -> nbformat.NotebookNode:
    return nbformat.read(practice_path(page), as_version=4)


def role(cell: nbformat.NotebookNode) -> str | None:
    return cell.metadata.get("rnadl", {}).get("role")


@each_chapter
def test_the_practice_notebook_is_what_the_chapter_writes(page: Page) -> None:
    """Written by tools/practice_notebooks.py from the chapter: never
    edited by hand, never stale."""
    path = practice_path(page)
    assert path.exists(), f"{path.name} is missing: run make book"
    assert path.read_text("utf-8") == render(page, pinned_commit()), (
        f"{path.relative_to(ROOT)} is stale: run make book"
    )


def test_no_other_notebooks_in_the_practice_folder() -> None:
    assert set(PRACTICE.glob("*.ipynb")) == {
        practice_path(p) for p in CHAPTERS
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
        setup = next(c for c in notebook(page).cells if role(c) == "setup")
        assert f"@{commit}" in setup.source and "@main" not in setup.source


@each_chapter
def test_plain_markdown_and_no_book_machinery(page: Page) -> None:
    found = {
        word: index
        for index, cell in enumerate(notebook(page).cells)
        for word in FORBIDDEN
        if word in cell.source
    }
    assert not found, f"book machinery left in (word: cell): {found}"


@each_chapter
def test_the_inciso_and_three_exercises_or_more_are_checked(
    page: Page,
) -> None:
    checks = [
        cell.metadata["rnadl"]["check"]
        for cell in notebook(page).cells
        if role(cell) == "call"
    ]
    assert len(checks) >= 4, f"{len(checks)} checked questions; at least 4"
    assert any(name.endswith("_inciso") for name in checks), (
        "the inciso's own question has no check (a Check named …_inciso)"
    )
    assert len(set(checks)) == len(checks)


@each_chapter
def test_every_placeholder_has_the_books_solution(page: Page) -> None:
    for cell in notebook(page).cells:
        if role(cell) == "answer":
            assert cell.source.splitlines()[-1].startswith("respuesta = ...")
            solution = cell.metadata["rnadl"]["solution"]
            assert "respuesta =" in solution and "assert" not in solution


@each_chapter
def test_every_figure_of_the_chapter_is_shown(page: Page) -> None:
    """The cells that make the chapter's figures carry the published
    figure, so the notebook shows it as committed."""
    glued = {
        name
        for name, data in Glued.of(page.notebook).data.items()
        if "image/png" in data
    }
    shown = {
        output["data"]["text/plain"]
        for cell in notebook(page).cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    }
    assert glued == shown


def test_book_only_code_is_dropped_and_constants_gathered() -> None:
    code = practice_code(
        "N = by_profile(full=50_000, fast=500)\n"
        "# The prose says: positive.\n"
        "assert N > 0\n"
        "figure = plot(N)\n"
        'glue_figure("fig_x", figure)\n'
        "if PUBLISHED:\n"
        "    assert N == 50_000\n"
        "for k in range(3):\n"
        '    glue_integer(f"k{k}", k)\n'
        "x = 1  # kept"
    )
    assert code.source == "figure = plot(N)\nx = 1  # kept"
    assert code.constants == [("N", "50_000", "500")]
    assert code.figures == ["fig_x"]
    assert practice_code("glue_text('a', 'b')").source == ""


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
    """Execute code in the notebook's kernel; return its outputs."""
    cell = nbformat.v4.new_code_cell(source)
    client.execute_cell(cell, index)
    return cell.outputs


@pytest.mark.notebooks
@each_chapter
def test_the_practice_notebook_runs_and_its_checks_can_fail(
    page: Page,
) -> None:
    """Top to bottom with its placeholders: every check says not correct.
    With the book's solution in place of a placeholder: correct. The
    known wrong answers (the submitted solution's): incorrect, with their
    own hint. Every cell that makes a figure shows one."""
    practice = notebook(page)
    for cell in practice.cells:
        cell.outputs = [] if cell.cell_type == "code" else None
    for index, cell in enumerate(practice.cells):
        if "parameters" in cell.metadata.get("tags", []):
            quick = cell.metadata["rnadl"]["fast"]
            lines = [f"{name} = {value}" for name, value in quick.items()]
            practice.cells.insert(
                index + 1, nbformat.v4.new_code_cell("\n".join(lines))
            )
            break
    client = nbclient.NotebookClient(
        practice,
        timeout=1800,
        kernel_name="python3",
        resources={"metadata": {"path": str(PRACTICE)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
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
            wrongs = run_extra(
                client,
                f"[(repr({name}.verdict(value)), message) "
                f"for value, message in {name}.wrong]",
                index,
            )
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
    if page.inciso == 4:  # the submitted answers: w = 0.5, b = 0.2
        assert any(results[name][2] for name in results if "inciso" in name)


def test_answer_cells_end_with_their_check_assert() -> None:
    """In a chapter, an answer cell asserts that the book's solution
    passes its check, which is how the practice notebook finds it."""
    import jupytext

    for page in CHAPTERS:
        for cell in jupytext.read(page.source).cells:
            if ANSWER_TAG in cell.metadata.get("tags", []):
                last = cell.source.strip().splitlines()[-1]
                assert re.fullmatch(r"assert \w+\.check\(respuesta\)", last), (
                    page.name,
                    last,
                )
