"""Sphinx extension: every page's download menu links the book as a PDF.

The PDF (tools/pdf.py, `make pdf`) is named by the configuration's
latex.latex_documents.targetname and lies at the site's root, where
tools/pdf.py copies it; the theme's own ".pdf" entry only prints the page.
"""

from pathlib import PurePosixPath

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
TEXT = "Descargar el libro en PDF"


def pdf_name(app: Sphinx) -> str:
    """The PDF's file name: the LaTeX document's, ending in .pdf."""
    target = app.config.latex_documents[0][1]
    return str(PurePosixPath(target).with_suffix(".pdf"))


def _add_link(app, pagename, templatename, context, doctree) -> None:
    """Append the entry to the page's download menu (pages made from a
    source have one: not the index or the search page)."""
    if not context.get("page_source_suffix"):
        return
    group = next(
        (
            button
            for button in context.get("header_buttons", [])
            if button.get("label") == "download-buttons"
        ),
        None,
    )
    if group is None:
        LOGGER.warning(
            "%s has no download menu for the link %r: keep "
            "html.use_download_button on in _config.yml",
            pagename,
            TEXT,
        )
        return
    group["buttons"].append(
        {
            "type": "link",
            "text": TEXT,
            "tooltip": "El libro entero en un PDF, para imprimir o leer "
            "sin conexión",
            "icon": "fas fa-book",
            "url": context["pathto"](pdf_name(app), 1),
            "label": "download-book-pdf-button",
        }
    )


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _add_link, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
