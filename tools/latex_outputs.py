"""Sphinx extension: the stored cell outputs as the PDF can print them.

Sphinx's LaTeX builder takes, of every output, the form it can print
(myst-nb's priorities for "latex"): for a pandas table, whose HTML it
cannot print, that is the wide plain text, and for the Tiny VGG explorer,
"<IPython.core.display.HTML object>". For the LaTeX builder only (the site
is unchanged, and no page is executed again) this extension prints instead:

- each pandas table (``<table class="dataframe">``) as a table: its header
  rows with their merged cells, the index as the first columns (bold, as
  the site shows them), numbers aligned right, in a smaller type;
- chapter 6's explorer as a picture of its overview, drawn by Chromium
  from the stored output, with a line pointing to the page on the site;
- no code that a page hides (``hide-input``), as on the site before it is
  unfolded.

Any other HTML output stops the build with the page and the cell: it
would print as raw text. The book's structure on paper (parts, the front
page, the bibliography) is tools/latex_book.py's.
"""

import re
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

# What marks the explorer's output (rnadl.tinyvgg_explorer.explorer_html).
EXPLORER = "tinyvgg-explorer"
EXPLORER_PICTURE = "tinyvgg-explorer-overview.png"
# The overview as a reader of the site sees it on a wide screen; drawn at
# twice the pixels, for print.
EXPLORER_VIEWPORT = {"width": 1100, "height": 900}
EXPLORER_SCALE = 2
# A number as the book writes it: a sign (true minus), digits grouped by
# narrow spaces, a decimal point, an optional percent sign.
NUMBER = re.compile(
    r"[\u2212+-]?\d[\d\u202f\u00a0 ]*(?:\.\d+)?(?:e[\u2212+-]?\d+)?"
    r"(?:[\u00a0 ]?%)?"
)
# Tables with more columns than this get the smallest type.
WIDE = 6


class TableError(ValueError):
    """HTML that is not one pandas table."""


def _text(cell) -> str:
    """A cell's text, its HTML line breaks as spaces; the book's no-break
    and narrow spaces kept."""
    return re.sub(r"[ \t\r\n]+", " ", cell.get_text(" ")).strip(" ")


def _rows(section) -> list[list]:
    return [row.find_all(["th", "td"]) for row in section.find_all("tr")]


def _width(row: list) -> int:
    return sum(int(cell.get("colspan", 1)) for cell in row)


def _entry(cell) -> nodes.entry:
    entry = nodes.entry()
    if int(cell.get("colspan", 1)) > 1:
        entry["morecols"] = int(cell["colspan"]) - 1
    if int(cell.get("rowspan", 1)) > 1:
        entry["morerows"] = int(cell["rowspan"]) - 1
    text = _text(cell)
    if text:
        entry += nodes.paragraph(text, text)
    return entry


def _merge_index_names(head: list[list], stubs: int) -> list[list]:
    """pandas writes the index's names in a header row of their own, every
    other cell empty; put them in the empty corner of the row above."""
    if len(head) < 2:
        return head
    names, above = head[-1], head[-2]
    if any(_text(cell) for cell in names[stubs:]) or len(names) < stubs:
        return head
    corner = above[:stubs]
    if len(corner) < stubs or any(
        _text(cell) or int(cell.get("colspan", 1)) > 1 for cell in corner
    ):
        return head
    for cell, name in zip(corner, names[:stubs]):
        cell.string = _text(name)
    return head[:-1]


def _alignments(body: list[list], columns: int, stubs: int) -> str:
    """tabulary's column types: the index left, a column of numbers right,
    any other column left; every column wraps its text."""
    numeric = [True] * columns
    occupied: dict[tuple[int, int], bool] = {}
    for r, row in enumerate(body):
        c = 0
        for cell in row:
            while occupied.get((r, c)):
                c += 1
            span = int(cell.get("colspan", 1))
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(span):
                    occupied[(r + dr, c + dc)] = True
            text = _text(cell)
            if span == 1 and text and not NUMBER.fullmatch(text):
                numeric[c] = False
            c += span
    return "".join(
        "R" if numeric[c] and c >= stubs else "L" for c in range(columns)
    )


def pandas_table(html: str) -> list[nodes.Node]:
    """The docutils nodes of a pandas table (DataFrame.to_html, or its
    display in a notebook): a column specification and the table."""
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.find_all("table")
    if len(tables) != 1 or "dataframe" not in tables[0].get("class", []):
        raise TableError("not one pandas table (<table class=dataframe>)")
    table = tables[0]
    head = _rows(table.thead) if table.thead else []
    body = _rows(table.tbody) if table.tbody else _rows(table)
    if not body:
        raise TableError("a pandas table without rows")
    columns = max(_width(row) for row in head + body)
    stubs = 0
    for cell in body[0]:
        if cell.name != "th":
            break
        stubs += int(cell.get("colspan", 1))
    head = _merge_index_names(head, stubs)

    tgroup = nodes.tgroup(cols=columns)
    for column in range(columns):
        colspec = nodes.colspec(colwidth=1)
        if column < stubs:
            colspec["stub"] = 1
        tgroup += colspec
    for section, rows in ((nodes.thead(), head), (nodes.tbody(), body)):
        if not rows:
            continue
        for cells in rows:
            row = nodes.row()
            row.extend(_entry(cell) for cell in cells)
            section += row
        tgroup += section
    spec = addnodes.tabular_col_spec()
    spec["spec"] = _alignments(body, columns, stubs)
    size = r"\footnotesize" if columns > WIDE else r"\small"
    return [
        nodes.raw("", r"\begingroup" + size, format="latex"),
        spec,
        nodes.table("", tgroup, classes=["pandas-table"]),
        nodes.raw("", r"\endgroup", format="latex"),
    ]


def explorer_overview(html: str, picture: Path) -> None:
    """Chromium draws the explorer from its stored output, and the picture
    is its overview, as the site shows it before any click."""
    # tools/ is on the path of a local extension; the browser test's
    # Chromium is found (or said how to install) by tools/browser.py.
    from browser import chromium
    from playwright.sync_api import sync_playwright

    executable, flags = chromium()
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "explorer.html"
        page_file.write_text(
            '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
            f"</head><body>{html}</body></html>",
            encoding="utf-8",
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=flags
            )
            try:
                page = browser.new_page(
                    viewport=EXPLORER_VIEWPORT,
                    device_scale_factor=EXPLORER_SCALE,
                )
                page.goto(page_file.as_uri())
                page.wait_for_selector(
                    f".{EXPLORER}[data-ready]", timeout=30_000
                )
                page.locator(".tve-overview-wrap").screenshot(
                    path=str(picture)
                )
            finally:
                browser.close()


def site_page_url(app: Sphinx, docname: str) -> str:
    """The page on the published site: GitHub Pages of the repository
    that _config.yml names."""
    repository = app.config.html_theme_options.get("repository_url", "")
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)/?", repository)
    if not match:
        raise ExtensionError(
            f"repository.url in _config.yml is {repository!r}; the PDF "
            "points to the site on GitHub Pages, so it must be "
            "https://github.com/OWNER/REPOSITORY."
        )
    owner, name = match.groups()
    return f"https://{owner.lower()}.github.io/{name}/{docname}.html"


def _explorer_nodes(app: Sphinx, html: str, docname: str) -> list:
    picture = Path(app.outdir) / EXPLORER_PICTURE
    explorer_overview(html, picture)
    url = site_page_url(app, docname)
    line = nodes.paragraph()
    line += nodes.emphasis(
        "",
        "Vista general del explorador tal como se abre en el sitio. "
        "El explorador interactivo, que calcula la red en el navegador, "
        "está en la página del capítulo: ",
    )
    line += nodes.reference(url, url, refuri=url)
    # A picture of the build's own: no candidates for other formats.
    image = nodes.image(uri=EXPLORER_PICTURE, align="center", width="100%")
    image["candidates"] = {"*": EXPLORER_PICTURE}
    return [image, line]


def _is_bundle(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.container)
        and node.get("nb_element") == "mime_bundle"
    )


def _cell_of(node: nodes.Node) -> str:
    while node is not None and node.get("nb_element") != "cell_code":
        node = node.parent
    return "?" if node is None else str(node.get("cell_index", "?"))


def _docnames(document: nodes.document, root: str) -> dict[int, str]:
    """id(node) -> the page it comes from, in the book's doctree. (Sphinx
    inlines each page under a start_of_file node without re-parenting its
    children, so a node's parents do not lead there.)"""
    pages = {id(node): root for node in document.findall(_is_bundle)}
    for start in document.findall(addnodes.start_of_file):
        for node in start.findall(_is_bundle):
            pages[id(node)] = start["docname"]  # the innermost page last
    return pages


class PrintableOutputs(SphinxPostTransform):
    """Before myst-nb picks each output's form for LaTeX (its
    SelectMimeType runs at priority 4), give the HTML ones a printable
    form, and leave out the code a page hides."""

    default_priority = 3
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for cell in list(self.document.findall(nodes.container)):
            hidden = cell.get("hide_mode", "")
            if cell.get("nb_element") == "cell_code" and (
                hidden in ("input", "input+output", "all")
            ):
                for part in list(cell.children):
                    if part.get("nb_element") == "cell_code_source":
                        cell.remove(part)
        pages = _docnames(self.document, self.env.docname)
        for bundle in list(self.document.findall(_is_bundle)):
            forms = {child["mime_type"]: child for child in bundle.children}
            if "text/html" not in forms or any(
                kind in forms for kind in ("image/png", "text/latex")
            ):
                continue
            html = forms["text/html"].astext()
            docname = pages[id(bundle)]
            try:
                if f'class="{EXPLORER}"' in html:
                    printable = _explorer_nodes(self.app, html, docname)
                else:
                    printable = pandas_table(html)
            except TableError as error:
                raise ExtensionError(
                    f"{docname}, cell {_cell_of(bundle)}: an HTML output "
                    f"the PDF cannot print ({error}). Display a pandas "
                    "table, or give the output a text/latex or image form."
                ) from None
            bundle.replace_self(printable)


def setup(app: Sphinx) -> dict:
    app.add_post_transform(PrintableOutputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
