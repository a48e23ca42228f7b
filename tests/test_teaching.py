"""What a student meets on every page: objectives, the answer first, the
lesson's code in sight, exercises at the end, no machinery in the prose."""

import ast
import re
from pathlib import Path

import jupytext
import pytest
from book_files import BOOK, CHAPTERS, PAGES
from cell_code import syntax_tree
from myst_structure import directives, headings, parser, prose, roles
from pages import page_of

HIDDEN = {"remove-input", "remove-cell", "hide-input"}
INFRASTRUCTURE = re.compile(
    r"\bCI\b|integración continua|SHA-?256|nbval|RNADL_|checksum"
    r"|suma de verificación|perfil de ejecución",
    re.IGNORECASE,
)


def markdown_of(source: Path) -> str:
    """The prose of a page: its Markdown cells, joined."""
    notebook = jupytext.read(source)
    return "\n".join(
        cell.source for cell in notebook.cells if cell.cell_type == "markdown"
    )


def prose_only(markdown: str) -> str:
    """The words and numbers a reader reads as text, folded answers
    included: Markdown without code, math, roles, directive options and
    link targets (tools/myst_structure.py reads it)."""
    return prose(markdown, folded=False)


def inciso(source: Path) -> int:
    return page_of(source).inciso


def prose_words(source: Path) -> int:
    """Words of a chapter's prose a reader reads unfolded: Markdown without
    code, math, directive options, solutions and folded (dropdown)
    answers, whose titles (the questions) count. A glued number counts as
    one word."""
    text = prose(markdown_of(source), glue="N")
    return len(re.findall(r"[\w]+(?:[.’'-][\w]+)*", text))


def sections(markdown: str) -> dict[str, int]:
    """The line of each section (## heading) of a text, by its title."""
    return {h.text: h.line for h in headings(markdown) if h.level == 2}


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_objectives_then_the_answer_before_the_derivation(source) -> None:
    markdown = markdown_of(source)
    boxes = [d for d in directives(markdown) if d.name == "admonition"]

    def box(title: str):
        return next((d for d in boxes if d.argument.startswith(title)), None)

    objectives = box("Objetivos de aprendizaje")
    answer = box(f"Respuesta al inciso {inciso(source)}")
    assert objectives, "no 'Objetivos de aprendizaje' admonition"
    assert answer, f"no 'Respuesta al inciso {inciso(source)}' box"
    first_section = min(sections(markdown).values())
    assert objectives.line < answer.line < first_section, (
        "objectives, then the answer box, then the sections"
    )
    glued = [name for name, _ in roles(answer.body) if name.startswith("glue")]
    glued += [d.name for d in answer.directives() if d.name.startswith("glue")]
    assert glued, "the answer box states numbers that are not glued"


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_exercises_with_a_solution_each(source) -> None:
    markdown = markdown_of(source)
    start = sections(markdown).get("Ejercicios")
    assert start is not None, "no '## Ejercicios' section"
    after = [d for d in directives(markdown) if d.line > start]
    labels = [d.options.get("label") for d in after if d.name == "exercise"]
    solved = [d.argument for d in after if d.name == "solution"]
    assert None not in labels, "an exercise without a :label:"
    assert len(labels) >= 3, f"{len(labels)} exercises; at least 3"
    assert len(set(labels)) == len(labels), "two exercises share a label"
    assert sorted(solved) == sorted(labels), "every exercise, one solution"


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_no_machinery_in_the_prose(source) -> None:
    found = INFRASTRUCTURE.findall(prose_only(markdown_of(source)))
    assert not found, f"infrastructure words in the prose: {found}"


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_numbers_typed_in_prose_follow_the_book_rule(source) -> None:
    """More than four digits are grouped (564 938), never run together or
    grouped by a comma or a point (564938, 564,938, 564.938)."""
    text = prose_only(markdown_of(source))
    bad = re.findall(
        r"(?<![\w.,/#-])(\d{5,}|\d{1,3}(?:,\d{3})+)(?![\w])", text
    )
    assert not bad, f"numbers not written by the book's rule: {bad}"


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_code_lines_fit_the_page(source) -> None:
    wide = [
        line
        for cell in jupytext.read(source).cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if len(line) > 79
    ]
    assert not wide, f"{len(wide)} code lines over 79 characters: {wide[:3]}"


@pytest.mark.parametrize("chapter", ["01-raisin", "02-cifar10", "06-tiny-vgg"])
def test_the_keras_model_is_defined_in_sight(chapter: str) -> None:
    visible = [
        cell.source
        for cell in jupytext.read(BOOK / f"{chapter}.md").cells
        if cell.cell_type == "code"
        and not HIDDEN & set(cell.metadata.get("tags", []))
    ]
    assert any("keras.Sequential(" in code for code in visible)
    assert any(".compile(" in code for code in visible)
    assert any(".evaluate(" in code for code in visible)


def test_the_intro_answers_every_inciso_in_a_table() -> None:
    intro = (BOOK / "intro.md").read_text(encoding="utf-8")
    rows = [line for line in intro.splitlines() if line.startswith("|")]
    for source in CHAPTERS:
        row = next((r for r in rows if source.stem in r), None)
        assert row, f"the intro's table has no row for {source.stem}"
        assert f"{source.stem}.ipynb::" in row, (
            f"the intro's answer for {source.stem} is not glued from it"
        )


BOUNDED_EARLIER = "# Values bounded where they were computed: "


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def bound_names(code: str) -> set[str]:
    """The values a cell computes or shows: the names it assigns (also as
    loop and with targets, or defines), those it passes to glue, and
    those in the expression it displays last."""
    tree = syntax_tree(code)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("glue")
        ):
            for argument in node.args[1:]:
                names |= _names_in(argument)
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        names |= _names_in(tree.body[-1])
    return names


def asserted_names(code: str) -> set[str]:
    """The names that the assert statements of a cell test."""
    return {
        name.id
        for node in ast.walk(syntax_tree(code))
        if isinstance(node, ast.Assert)
        for name in ast.walk(node)
        if isinstance(name, ast.Name)
    }


def _bounded(cell, earlier: list, following) -> bool:
    """Whether an output nbval does not compare is checked by an assert
    that tests a value the cell computes: in the next cell, or in the cell
    itself; or, for a cell that only shows again values computed before,
    by the earlier asserts it names in a first line starting
    BOUNDED_EARLIER."""
    tested = asserted_names(cell.source)
    if following is not None:
        tested |= asserted_names(following.source)
    if bound_names(cell.source) & tested:
        return True
    first = cell.source.splitlines()[0]
    if not first.startswith(BOUNDED_EARLIER):
        return False
    names = [n.strip() for n in first[len(BOUNDED_EARLIER) :].split(",")]
    asserted = set().union(*(asserted_names(c.source) for c in earlier))
    return set(names) <= asserted


def test_a_bound_must_test_what_the_ignored_cell_computes() -> None:
    cell = "accuracy = model.evaluate(x)\nshown = accuracy * 100"
    assert bound_names(cell) == {"accuracy", "shown"}
    assert bound_names("glue('a', float(gap))\ntable") >= {"gap", "table"}
    assert asserted_names("assert 0 < accuracy <= 1\nx = 1") == {"accuracy"}
    ignored = jupytext.reads(
        f"```{{code-cell}} ipython3\n{cell}\n```", fmt="md:myst"
    ).cells[0]
    unrelated = jupytext.reads(
        "```{code-cell} ipython3\nassert len(layers) == 3\n```", fmt="md:myst"
    ).cells[0]
    assert not _bounded(ignored, [], unrelated)


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_every_unchecked_output_is_bounded_by_the_next_cell(source) -> None:
    """An output nbval does not compare is checked by an assert (_bounded).

    Two exceptions: the profile banner shows a warning under the quick
    profile, in which the test command re-runs the training chapters, and
    nothing in the published run; the answer key is the chapter's checks as
    data, which display_answer_key() itself checks against their bounds
    and the practice writer against the chapter's questions.
    """
    code = [c for c in jupytext.read(source).cells if c.cell_type == "code"]
    unbounded = [
        cell.source.splitlines()[0]
        for index, (cell, following) in enumerate(zip(code, code[1:] + [None]))
        if "nbval-ignore-output" in cell.metadata.get("tags", [])
        and cell.source.strip().splitlines()[-1]
        not in ("warn_unless_published()", "display_answer_key()")
        and not _bounded(cell, code[:index], following)
    ]
    assert not unbounded, f"ignored outputs with no assert after: {unbounded}"


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_prose_is_a_lessons_length(source) -> None:
    """At most 3,000 words of prose; what goes beyond the inciso belongs on
    an optional page under the chapter."""
    words = prose_words(source)
    assert words <= 3000, f"{words} words of prose; at most 3,000"


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_summary_and_review_questions_before_the_exercises(source) -> None:
    markdown = markdown_of(source)
    found = sections(markdown)
    summary, review, exercises = (
        found.get(title, -1)
        for title in ("Resumen", "Preguntas de repaso", "Ejercicios")
    )
    assert 0 < summary < review < exercises, (
        "'## Resumen', then '## Preguntas de repaso', then '## Ejercicios'"
    )
    points = [
        token
        for token in parser().parse(markdown)
        if token.type == "list_item_open"
        and token.level == 1  # an item of a list at the top, not nested
        and token.markup in "-*+"
        and summary < token.map[0] < review
    ]
    assert 5 <= len(points) <= 8, f"{len(points)} summary points; 5 to 8"
    questions = [
        d
        for d in directives(markdown)
        if d.name == "admonition"
        and "dropdown" in d.classes
        and review < d.line < exercises
    ]
    assert 8 <= len(questions) <= 10, (
        f"{len(questions)} review questions with a folded answer; 8 to 10"
    )


def test_prose_words_leave_out_code_math_and_folded_answers(tmp_path) -> None:
    page = tmp_path / "x.md"
    page.write_text(
        "# Título\n\nDos palabras `code span` y $x^2$ y "
        "{glue:text}`a_txt`.\n\n"
        "```{admonition} ¿Una pregunta?\n:class: dropdown\n\nRespuesta muy "
        "larga que no cuenta.\n```\n\n```{solution} ej-x\n:class: dropdown"
        "\n\nTampoco cuenta.\n```\n\n(sec-fin)=\n## Fin\n\n"
        "```python\nprint('código')\n```\n\n"
        "````{exercise}\n:label: ej-y\n\nDel [texto](https://x.org).\n"
        "```{math}\nx = 1\n```\n````\n"
    )
    # Título, Dos, palabras, y, y, N, Una, pregunta, Fin, Del, texto
    assert prose_words(page) == 11
    read = prose_only(markdown_of(page)).split()
    assert "larga" in read and "Tampoco" in read  # the folded answers
    assert not {"¿Una", "ej-x", "sec-fin", "ej-y", "x.org"} & set(read)


def glossary_sections() -> dict[str, int]:
    """Glossary term (lower case) -> the chapter whose section defines it:
    the {glossary} directives under the headings "Capítulo N. …"; in a
    directive's body a term is a line of its own, its definition the
    indented lines under it (Sphinx's glossary)."""
    text = (BOOK / "glosario.md").read_text(encoding="utf-8")
    chapters = [
        (h.line, int(re.match(r"Capítulo (\d+)\.", h.text).group(1)))
        for h in headings(text)
        if h.level == 2
    ]
    found = {}
    for glossary in directives(text):
        assert glossary.name == "glossary", glossary.name
        chapter = max(c for c in chapters if c[0] < glossary.line)[1]
        for line in glossary.body.splitlines():
            if line.strip() and not line[0].isspace():
                found[line.strip().lower()] = chapter
    return found


def first_links() -> dict[str, int]:
    """Term (lower case) -> the chapter that links it first ({term})."""
    found = {}
    for source in PAGES:  # in reading order; optional pages belong to theirs
        prefix = source.stem[:2]
        chapter = int(prefix) if prefix.isdigit() else None
        for name, target in roles(markdown_of(source)):
            if name != "term":
                continue
            shown = re.fullmatch(r".*<([^>]+)>", target)
            term = (shown.group(1) if shown else target).strip().lower()
            found.setdefault(term, chapter)
    return found


def test_each_glossary_term_is_under_the_chapter_that_first_uses_it() -> None:
    """The glossary gives the chapter of first use: each term sits in the
    section of the first chapter that links it, and every term is linked."""
    sections, links = glossary_sections(), first_links()
    misplaced = {
        term: (chapter, links.get(term))
        for term, chapter in sections.items()
        if links.get(term) != chapter
    }
    assert not misplaced, f"term: (section, first linked in): {misplaced}"
