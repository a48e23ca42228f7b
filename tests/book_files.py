"""Where the book's files are (book/manifest.yml, through tools/pages.py),
and the text of what its notebooks glued (tools/glued.py reads it)."""

from pathlib import Path

import yaml
from glued import glued_data
from pages import ROOT, chapters, pages

BOOK = ROOT / "book"
# Every executable page, and the chapters (the pages that answer an inciso).
PAGES = [page.source for page in pages()]
CHAPTERS = [page.source for page in chapters()]


def config() -> dict:
    """The book's _config.yml."""
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def glued_values(notebook: Path) -> dict[str, str]:
    """Name -> text/plain of every value a notebook glued with myst-nb."""
    return {
        name: data["text/plain"] for name, data in glued_data(notebook).items()
    }


def written_forms(value: object) -> set[str]:
    """The ways a glued answer can be written on a page or in a notebook:
    an integer with or without its thousands grouped, a fraction with 4
    to 6 decimals (with the book's minus sign or a hyphen); a text (the
    reader's form of a value, «85.6 %», or a formula) as it is."""
    if isinstance(value, str):
        return {value.strip().strip("$").strip()}
    if isinstance(value, int):
        grouped = f"{value:,}"
        return {
            str(value),
            grouped,
            grouped.replace(",", "."),
            grouped.replace(",", " "),
            grouped.replace(",", "\u202f"),
            grouped.replace(",", "_"),
        }
    forms = set()
    for places in (4, 5, 6):
        text = f"{value:.{places}f}"
        forms |= {text, text.replace("-", "\u2212")}
    return forms


def distinctive(form: str) -> bool:
    """A written form with four digits or more: unlikely to stand on a
    page by chance (280 may; 16 910 or 0.8556 hardly)."""
    return sum(character.isdigit() for character in form) >= 4 or not any(
        character.isdigit() for character in form
    )


def answer_forms(page) -> set[str]:
    """Every written form of the values that answer a chapter's inciso
    (book/manifest.yml: answers), as its executed notebook glued them."""
    import ast

    glued = glued_data(page.notebook)
    forms = set()
    for name in page.answers:
        for key in (name, f"{name}_txt"):
            if key in glued:
                value = ast.literal_eval(glued[key]["text/plain"])
                forms |= written_forms(value)
    return forms


def shows(text: str, form: str) -> bool:
    """Whether a text holds a written form as a number of its own (not
    inside a longer number)."""
    import re

    return bool(re.search(rf"(?<![\d.]){re.escape(form)}(?!\d)", text))
