"""Sphinx extension: the book's structure on paper, as the site has it
(LaTeX builder only).

Sphinx's LaTeX builder makes a chapter of every section of the front page
and of every page, numbers them all, and drops the captions of the table
of contents. The printed book follows _toc.yml instead:

- the front page opens the book as an unnumbered chapter, «Presentación»,
  its own sections as unnumbered headings, so that the chapters are
  numbered 1 to 6 as on the site;
- each caption of _toc.yml («Ejercicios», «Apéndice») opens a part, and
  the chapters of a part the site does not number are not numbered;
- the bibliography is printed once, where the site has it: the list of
  references that Sphinx gathers at the end of the book takes the place of
  the page «Bibliografía», which would print as an empty chapter.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

FRONT = "Presentación"


def _latex(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _front_matter(section: nodes.section) -> None:
    """The front page's sections become unnumbered headings of one
    unnumbered chapter."""
    for sub in [c for c in section.children if isinstance(c, nodes.section)]:
        title = sub.next_node(nodes.title)
        rubric = nodes.rubric("", "", *title.children, ids=sub["ids"])
        sub.replace_self([rubric, *sub.children[1:]])
    title = section.next_node(nodes.title)
    section.insert(
        section.index(title) + 1,
        _latex(
            rf"\chapter*{{{FRONT}}}\addcontentsline{{toc}}{{chapter}}"
            rf"{{{FRONT}}}\markboth{{{FRONT}}}{{{FRONT}}}"
        ),
    )


def _parts(document: nodes.document, site_map, root: str) -> None:
    """A part per caption of the table of contents, before its first
    page; LaTeX numbers the chapters of a numbered part only."""
    files = {
        node["docname"]: node
        for node in document.findall(addnodes.start_of_file)
    }
    first = True
    for subtree in site_map[root].subtrees:
        if not subtree.caption:
            raise ExtensionError(
                "_toc.yml: every part of the book needs a caption (the PDF "
                "prints it as the part's title)."
            )
        start = files[str(subtree.items[0])]
        numbering = (
            r"\setcounter{secnumdepth}{\booksecnumdepth}"
            if subtree.numbered
            else r"\setcounter{secnumdepth}{-1}"
        )
        saved = r"\edef\booksecnumdepth{\arabic{secnumdepth}}" if first else ""
        start.parent.insert(
            start.parent.index(start),
            _latex(f"{saved}\\part{{{subtree.caption}}}{numbering}"),
        )
        first = False


def _bibliography_in_place(document: nodes.document) -> None:
    """The list of references, which Sphinx gathers at the end of the
    book, takes the place of the page whose bibliography it is: the page
    left with nothing but its title."""
    bibliography = next(document.findall(thebibliography), None)
    if bibliography is None:
        return
    for start in list(document.findall(addnodes.start_of_file)):
        sections = [c for c in start.children if isinstance(c, nodes.section)]
        if len(sections) == 1 and not any(
            child.astext().strip()
            for child in sections[0].children
            if not isinstance(child, (nodes.title, nodes.target))
        ):
            bibliography.parent.remove(bibliography)
            start.replace_self(bibliography)
            return


class BookStructure(SphinxPostTransform):
    """After Sphinx gathered the citations (its BibliographyTransform runs
    at priority 750) on the whole book's doctree."""

    default_priority = 800
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        root = self.config.root_doc
        if self.env.docname != root:
            return
        section = self.document.next_node(nodes.section)
        _front_matter(section)
        _parts(self.document, self.config.external_site_map, root)
        _bibliography_in_place(self.document)


def setup(app: Sphinx) -> dict:
    app.add_post_transform(BookStructure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
