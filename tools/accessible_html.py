"""Sphinx extension: what the theme and docutils write, made accessible.

- The sidebar (pydata-sphinx-theme, through sphinx-book-theme) opens and
  closes a chapter's sections with a <summary> that holds only a chevron,
  so a screen reader announces a button without a name. Each is named
  after its chapter, in Spanish: «Secciones de «2. …»»; the screen reader
  adds whether they are shown or hidden.
- myst-nb names the toggle of a hidden cell "Toggle hidden content", in
  English, over its visible Spanish prompt («Mostrar el código»): the
  English name goes, and the prompt names it.
- docutils writes each entry of the bibliography as role="doc-biblioentry"
  inside a role="list": DPUB-ARIA 1.1 deprecates that role, and a list
  must hold list items. Each entry is written as role="listitem".
"""

from bs4 import BeautifulSoup
from sphinx.application import Sphinx

TOGGLE_NAME = "Secciones de «{title}»"
# What the page's body says, and what it says instead.
REWRITES = (
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    ('role="doc-biblioentry"', 'role="listitem"'),
)


def name_toggles(html: object) -> BeautifulSoup:
    """The sidebar's HTML (text or parsed) with every <summary> named
    after the link to its chapter beside it."""
    soup = (
        html
        if isinstance(html, BeautifulSoup)
        else BeautifulSoup(str(html), "html.parser")
    )
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True):
            continue  # a part's caption inside it already names it
        item = summary.find_parent("li")
        link = item.find("a", class_="reference", recursive=False)
        if link is None:
            raise ValueError(
                "A sidebar toggle has no chapter link beside it; the "
                "theme's sidebar changed: adapt tools/accessible_html.py."
            )
        title = " ".join(link.get_text().split())
        summary["aria-label"] = TOGGLE_NAME.format(title=title)
    return soup


def rewrite_body(body: str) -> str:
    """The page's body with hidden cells' toggles named by their prompt
    and each bibliography entry a list item."""
    for old, new in REWRITES:
        body = body.replace(old, new)
    return body


def _accessible_page(app, pagename, templatename, context, doctree) -> None:
    """Name the sidebar's toggles of this page (the theme builds the
    sidebar while the template renders: its function is wrapped), and
    rewrite its body."""
    generate = context.get("generate_toctree_html")
    if generate is not None:

        def named(kind: str, *args, **kwargs):
            html = generate(kind, *args, **kwargs)
            return name_toggles(html) if kind == "sidebar" else html

        context["generate_toctree_html"] = named
    if "body" in context:
        context["body"] = rewrite_body(context["body"])


def setup(app: Sphinx) -> dict:
    # After the theme's own handler (priority 500) has put its function in.
    app.connect("html-page-context", _accessible_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
