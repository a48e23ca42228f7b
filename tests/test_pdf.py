"""The book as a PDF (tools/pdf.py), as a reader of the printed book meets it.

The PDF is built once, as `make pdf` builds it, and copied into the site
that tests/conftest.py built. Its text (pdftotext) holds every page's
title, each inciso's answer as the chapter glues it, every figure's
caption, Spanish names, and nothing a print cannot show (HTML, a display
object's repr, an unresolved role). Three of its pages are rendered into
_build/screenshots/. The tests of the LaTeX rendering's parts run in
`make unit`.
"""

import re
import subprocess
from pathlib import Path

import latex_book
import latex_outputs
import nbformat
import pandas as pd
import pdf as pdf_tool
import pytest
import tex
from book_files import CHAPTERS, ROOT, glued_values
from bs4 import BeautifulSoup
from docutils import nodes
from myst_nb.core.variables import format_plain_text
from sphinx import addnodes

SCREENSHOTS = ROOT / "_build" / "screenshots"
TOC_PAGES = sorted((ROOT / "book").glob("*.md"))
# Text that only a failed rendering leaves on paper.
PLACEHOLDERS = (
    "<IPython.core.display",
    "Styler",
    "<div",
    "<table",
    "<style",
    "<script",
    "</",
    "&lt;",
    "{glue",
    "{term}",
    "{numref}",
    "{doc}",
    "{cite",
    "```",
)
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]+\$", re.DOTALL)
# What a figure caption holds beside words: {glue:text}, {term} and other
# roles, $math$, *emphasis*, `code`.
CAPTION_GAP = ".{0,300}?"
WORD_GAP = ".{0,12}?"


def flat(text: str) -> str:
    """Text without any space (PDF lines break anywhere a space is, and a
    narrow or no-break space may come out as either), and a word broken at
    the end of a line joined again."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"[\s\u00a0\u202f\u2009\u00ad]+", "", text)


def notebook_of(source: Path) -> Path:
    """What the PDF is built from: the executed notebook, or the page."""
    notebook = source.with_suffix(".ipynb")
    return notebook if notebook.exists() else source


def markdown_cells(source: Path) -> str:
    path = notebook_of(source)
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    cells = nbformat.read(path, as_version=4).cells
    return "\n".join(c.source for c in cells if c.cell_type == "markdown")


def title_of(source: Path) -> str:
    return re.search(r"^# (.+)$", markdown_cells(source), re.M).group(1)


def answer_box(markdown: str) -> str:
    """The 'Respuesta al inciso' admonition's body."""
    start = re.search(r"(`{3,})\{admonition\} Respuesta al inciso", markdown)
    assert start, "no answer box"
    end = markdown.find("\n" + start.group(1) + "\n", start.end())
    return markdown[start.end() : end]


def glue_texts(markdown: str, values: dict[str, str]) -> list[str]:
    """Every {glue:text}`name:spec` (and {glue}`name`) of markdown, as the
    page shows it."""
    shown = []
    for role, content in ROLE.findall(markdown):
        if role in ("glue", "glue:text"):
            name, _, spec = content.partition(":")
            shown.append(format_plain_text(values[name], spec))
    return shown


def captions(markdown: str) -> list[str]:
    """The caption of every figure (a paragraph after its options)."""
    found = []
    for match in re.finditer(
        r"^(`{3,}|:{3,})\{(?:glue:figure|figure)\}[^\n]*\n(.*?)^\1\s*$",
        markdown,
        re.M | re.S,
    ):
        body = re.sub(r"^:[\w-]+:.*\n", "", match.group(2), flags=re.M)
        found.append(body.strip())
    return found


def caption_pattern(caption: str, values: dict[str, str]) -> re.Pattern:
    """A caption as it prints: its words in order, its markup anything."""
    caption = MATH.sub("\x00", caption)

    def shown(match: re.Match) -> str:
        role, content = match.groups()
        if role in ("glue", "glue:text"):
            name, _, spec = content.partition(":")
            return format_plain_text(values[name], spec)
        if role in ("term", "doc", "ref") and "<" in content:
            return content.split("<")[0]
        if role == "term":
            return content
        return "\x00"

    caption = ROLE.sub(shown, caption)
    caption = re.sub(r"[*`]", "", caption)
    # Between two words, what a formula's raised or lowered parts leave
    # when pdftotext puts them on a line of their own.
    parts = [
        WORD_GAP.join(re.escape(word) for word in part.split())
        for part in caption.split("\x00")
    ]
    return re.compile(CAPTION_GAP.join(part for part in parts if part))


def shown_pandas_tables(notebook: Path) -> int:
    """How many pandas tables the page shows (not removed by a tag)."""
    count = 0
    for cell in nbformat.read(notebook, as_version=4).cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type != "code" or tags & {"remove-cell", "remove-output"}:
            continue
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            count += 'class="dataframe"' in html
    return count


# --- the PDF itself (built in `make site-test`) ---------------------------


@pytest.fixture(scope="module")
def book_pdf(site: Path) -> pdf_tool.Pdf:
    missing = tex.missing()
    if missing:
        pytest.fail(f"Missing {', '.join(missing)}. {tex.HOW}", pytrace=False)
    try:
        return pdf_tool.build(ROOT, site)
    except pdf_tool.PdfError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def pages(book_pdf: pdf_tool.Pdf) -> list[str]:
    """The text of each page (pdftotext separates them by form feeds)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(book_pdf.path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")


@pytest.fixture(scope="module")
def text(pages: list[str]) -> str:
    return "\n".join(pages)


@pytest.mark.site
def test_the_pdf_is_built_and_reported(
    book_pdf: pdf_tool.Pdf, pages: list[str], capsys, record_property
) -> None:
    assert book_pdf.pages == len(pages) - 1  # text ends with a form feed
    assert 80 < book_pdf.pages < 600
    assert book_pdf.megabytes < 40
    summary = (
        f"{book_pdf.path.name}: {book_pdf.pages} pages, "
        f"{book_pdf.megabytes:.1f} MB, built in {book_pdf.seconds:.0f} s"
    )
    record_property("pdf", summary)
    with capsys.disabled():
        print(f"\n{summary}")


@pytest.mark.site
@pytest.mark.parametrize("source", TOC_PAGES, ids=lambda p: p.stem)
def test_every_page_title_is_printed(text: str, source: Path) -> None:
    assert flat(title_of(source)) in flat(text)


@pytest.mark.site
@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_the_inciso_answer_is_printed_as_glued(
    text: str, source: Path
) -> None:
    notebook = source.with_suffix(".ipynb")
    box = answer_box(markdown_cells(source))
    shown = glue_texts(box, glued_values(notebook))
    assert shown, "the answer box glues nothing"
    missing = [value for value in shown if flat(value) not in flat(text)]
    assert not missing, f"answer values not in the PDF: {missing}"


@pytest.mark.site
@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_caption_is_printed(text: str, source: Path) -> None:
    values = glued_values(source.with_suffix(".ipynb"))
    found = captions(markdown_cells(source))
    assert found, "no figure"
    missing = [
        caption[:80]
        for caption in found
        if not caption_pattern(caption, values).search(flat(text))
    ]
    assert not missing, f"captions not in the PDF: {missing}"


@pytest.mark.site
def test_names_are_spanish(pages: list[str], text: str) -> None:
    opening = chapter_opening(pages, CHAPTERS[0])
    assert re.search(r"(?i)cap[íÍ]tulo\s*1\b", pages[opening - 1])
    assert re.search(r"Figura\s+1\.1\b", text)
    assert re.search(r"Tabla\s+\d+\.\d+", text)
    assert re.search(r"(?m)^Índice$", text)
    assert re.search(r"(?m)^Bibliografía$", text)
    english = (
        r"(?m)\b(?:Chapter|CHAPTER|Figure|Table)\s+\d|^(?:Contents|Index)$"
    )
    assert not re.findall(english, text)


@pytest.mark.site
def test_no_placeholder_or_raw_html(text: str) -> None:
    found = [bad for bad in PLACEHOLDERS if bad in text]
    assert not found, f"printed as raw text: {found}"


@pytest.mark.site
def test_pandas_tables_print_as_tables(book_pdf: pdf_tool.Pdf) -> None:
    name = book_pdf.path.stem
    source = (
        book_pdf.path.parent / name / "_build" / "latex" / f"{name}.tex"
    ).read_text(encoding="utf-8")
    shown = sum(
        shown_pandas_tables(page.with_suffix(".ipynb"))
        for page in TOC_PAGES
        if page.with_suffix(".ipynb").exists()
    )
    assert source.count(r"\begin{tabulary}") >= shown > 0
    assert "dataframe" not in source


@pytest.mark.site
def test_the_explorer_prints_as_its_overview(
    book_pdf: pdf_tool.Pdf, text: str
) -> None:
    latex = book_pdf.path.parent / book_pdf.path.stem / "_build" / "latex"
    picture = latex / latex_outputs.EXPLORER_PICTURE
    assert picture.stat().st_size > 20_000
    assert "El explorador interactivo" in text
    assert re.search(
        r"https://\S+\.github\.io/\S+/book/06-tiny-vgg\.html", text
    )


@pytest.mark.site
def test_every_site_page_links_the_pdf(
    site: Path, book_pdf: pdf_tool.Pdf
) -> None:
    pages = sorted((site / "book").glob("*.html"))
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [
            a
            for a in soup.select(".dropdown-download-buttons a")
            if a.get_text(strip=True) == "Descargar el libro en PDF"
        ]
        assert len(links) == 1, page.name
        served = (page.parent / links[0]["href"]).resolve()
        assert served == site / book_pdf.path.name, page.name
    assert served.read_bytes() == book_pdf.path.read_bytes()


def page_holding(pages: list[str], *texts: str) -> int:
    """The number (from 1) of the first page holding every text."""
    for number, page in enumerate(pages, start=1):
        if all(flat(t) in flat(page) for t in texts):
            return number
    raise AssertionError(f"no page holds {texts}")


def chapter_opening(pages: list[str], source: Path) -> int:
    """The page where a chapter starts (its title and its objectives)."""
    return page_holding(pages, title_of(source), "Objetivos de aprendizaje")


def table_and_figure_page(pdf: Path, pages: list[str]) -> int:
    """The first page with a figure (a picture and its caption) and a
    table (at least three rows of two numbers or more, in pdftotext's
    layout)."""
    listed = subprocess.run(
        ["pdfimages", "-list", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    pictures = sorted({int(line.split()[0]) for line in listed})
    row = re.compile(r"\S+(?: {2,}[\u2212-]?\d[\d.,\u202f\u00a0 %]*){2,}")
    for number in pictures:
        if not re.search(r"Figura \d+\.\d+:", pages[number - 1]):
            continue
        layout = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8"]
            + ["-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if len(row.findall(layout)) >= 3:
            return number
    raise AssertionError("no page holds a figure and a table")


@pytest.mark.site
def test_three_pages_are_rendered(
    book_pdf: pdf_tool.Pdf, pages: list[str]
) -> None:
    """A chapter's opening with its answer box, a page with a table and a
    figure, the page of chapter 3's derivation with the most sums: PNGs
    to look at, in _build/screenshots/."""
    chapter_3 = CHAPTERS.index(ROOT / "book" / "03-backprop-6-capas.md")
    start = chapter_opening(pages, CHAPTERS[chapter_3])
    end = chapter_opening(pages, CHAPTERS[chapter_3 + 1])
    derivation = max(range(start, end), key=lambda n: pages[n - 1].count("∑"))
    wanted = {
        "pdf-answer-box": chapter_opening(pages, CHAPTERS[0]),
        "pdf-table-and-figure": table_and_figure_page(book_pdf.path, pages),
        "pdf-derivation": derivation,
    }
    assert "Respuesta al inciso 1" in pages[wanted["pdf-answer-box"] - 1]
    assert pages[derivation - 1].count("∑") >= 3
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, number in wanted.items():
        target = SCREENSHOTS / name
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile"]
            + ["-f", str(number), "-l", str(number)]
            + [str(book_pdf.path), str(target)],
            check=True,
        )
        assert target.with_suffix(".png").stat().st_size > 10_000


# --- the LaTeX rendering's parts (make unit) ------------------------------


def test_a_pandas_table_becomes_a_table() -> None:
    frame = pd.DataFrame(
        {"parámetros": ["564\u202f938", "1\u202f024"], "capa": ["a", "b"]},
        index=pd.Index(["conv1", "conv2"], name="nombre"),
    )
    raw, spec, table, end = latex_outputs.pandas_table(frame.to_html())
    assert isinstance(raw, nodes.raw) and isinstance(end, nodes.raw)
    assert isinstance(spec, addnodes.tabular_col_spec)
    assert spec["spec"] == "LRL"
    tgroup = table[0]
    assert tgroup["cols"] == 3
    colspecs = [n for n in tgroup if isinstance(n, nodes.colspec)]
    assert [c.get("stub", 0) for c in colspecs] == [1, 0, 0]
    head = tgroup.next_node(nodes.thead)
    # The index's name moves into the header's empty corner.
    assert len(head) == 1
    assert [e.astext() for e in head[0]] == ["nombre", "parámetros", "capa"]
    body = tgroup.next_node(nodes.tbody)
    assert [e.astext() for e in body[0]] == ["conv1", "564\u202f938", "a"]


def test_merged_header_cells_span_their_columns() -> None:
    columns = pd.MultiIndex.from_tuples(
        [("capa oculta", "n"), ("capa oculta", "a"), ("salida", "n")]
    )
    frame = pd.DataFrame(
        [[1.0, -0.5, 2.0]], columns=columns, index=pd.Index([1], name="k")
    )
    *_, table, _ = latex_outputs.pandas_table(
        frame.to_html().replace("-0.5", "\u22120.5")
    )
    head = table.next_node(nodes.thead)
    top = head[0]
    assert [e.astext() for e in top] == ["", "capa oculta", "salida"]
    assert top[1]["morecols"] == 1
    assert "morecols" not in top[2]
    assert [e.astext() for e in head[1]][0] == "k"


def test_html_that_is_not_a_pandas_table_is_refused() -> None:
    for html in ("<p>hola</p>", "<table><tr><td>1</td></tr></table>"):
        with pytest.raises(latex_outputs.TableError):
            latex_outputs.pandas_table(html)


def test_numbers_as_the_book_writes_them_align_right() -> None:
    for number in ("564\u202f938", "\u22120.038218", "85.5\u00a0%", "3e-05"):
        assert latex_outputs.NUMBER.fullmatch(number), number
    for word in ("conv1", "B0", "5 × 5", "n(1)"):
        assert not latex_outputs.NUMBER.fullmatch(word), word


def test_a_configuration_without_a_pdf_name_is_refused(tmp_path) -> None:
    config = tmp_path / "_config.yml"
    config.write_text("title: x\n", encoding="utf-8")
    with pytest.raises(pdf_tool.PdfError, match="targetname"):
        pdf_tool.target_name(tmp_path)
    # Another edition may not overwrite the full book's PDF.
    full = pdf_tool.target_name(ROOT)
    config.write_text(
        f"latex:\n  latex_documents:\n    targetname: {full}.tex\n",
        encoding="utf-8",
    )
    with pytest.raises(pdf_tool.PdfError, match="its own"):
        pdf_tool.target_name(tmp_path)


def test_a_log_with_a_missing_glyph_or_a_long_line_fails(tmp_path) -> None:
    log = tmp_path / "book.log"
    log.write_text(
        "Missing character: There is no ˢ in font FreeSerif!\n"
        "Overfull \\hbox (12.5pt too wide) in paragraph at lines 3--4\n"
        "Overfull \\hbox (4.8pt too wide) in paragraph at lines 9--9\n",
        encoding="utf-8",
    )
    with pytest.raises(pdf_tool.PdfError) as error:
        pdf_tool.check_log(log)
    assert "ˢ" in str(error.value) and "12.5pt" in str(error.value)
    assert "4.8pt" not in str(error.value)
    log.write_text("Output written on book.pdf (3 pages).\n")
    pdf_tool.check_log(log)


def _book_tree() -> nodes.document:
    """A doctree as Sphinx's LaTeX builder assembles it: the front page's
    section, its own sections, then each part's pages inlined."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("book", get_default_settings(Parser))
    front = nodes.section(ids=["front"])
    front += nodes.title("", "El libro")
    own = nodes.section(ids=["own"])
    own += [nodes.title("", "Cómo leerlo"), nodes.paragraph("", "Así.")]
    front += own
    for docname, body in (
        ("book/01-raisin", "Texto."),
        ("book/glosario", "Términos."),
        ("book/bibliografia", ""),
    ):
        page = addnodes.start_of_file(docname=docname)
        section = nodes.section(ids=[docname])
        section += nodes.title("", docname)
        if body:
            section += nodes.paragraph("", body)
        page += section
        front += nodes.compound("", page, classes=["toctree-wrapper"])
    document += front
    return document


def test_the_front_page_is_an_unnumbered_chapter() -> None:
    document = _book_tree()
    front = document.next_node(nodes.section)
    latex_book._front_matter(front)
    assert not [c for c in front.children if isinstance(c, nodes.section)]
    rubric = front.next_node(nodes.rubric)
    assert rubric.astext() == "Cómo leerlo" and rubric["ids"] == ["own"]
    opening = front.next_node(nodes.raw)
    assert opening.astext().startswith(r"\chapter*{Presentación}")


def test_each_caption_of_the_toc_opens_a_part() -> None:
    from sphinx_external_toc.parsing import parse_toc_data

    site_map = parse_toc_data(
        {
            "format": "jb-book",
            "root": "book/intro",
            "parts": [
                {
                    "caption": "Ejercicios",
                    "numbered": True,
                    "chapters": [{"file": "book/01-raisin"}],
                },
                {
                    "caption": "Apéndice",
                    "chapters": [
                        {"file": "book/glosario"},
                        {"file": "book/bibliografia"},
                    ],
                },
            ],
        }
    )
    document = _book_tree()
    latex_book._parts(document, site_map, "book/intro")
    parts = [node.astext() for node in document.findall(nodes.raw)]
    assert len(parts) == 2
    assert r"\part{Ejercicios}" in parts[0] and "booksecnumdepth}" in parts[0]
    assert parts[1].endswith(r"\part{Apéndice}\setcounter{secnumdepth}{-1}")


def test_the_list_of_references_takes_the_bibliography_page_s_place() -> None:
    from sphinx.builders.latex.nodes import thebibliography

    document = _book_tree()
    references = thebibliography()
    references += nodes.citation("", nodes.label("", "1"))
    document += references  # where Sphinx gathers the citations
    latex_book._bibliography_in_place(document)
    printed = [n["docname"] for n in document.findall(addnodes.start_of_file)]
    assert printed == ["book/01-raisin", "book/glosario"]
    assert references.parent is document[0][-1]  # the page's compound
    assert document[-1] is document[0]  # nothing left at the end
