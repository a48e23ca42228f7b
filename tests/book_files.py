"""Where the book's files are (book/manifest.yml, through tools/pages.py),
and how to read what its notebooks glued."""

from pathlib import Path

import nbformat
import yaml
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
    values = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                values[record["name"]] = output["data"][
                    record["mime_prefix"] + "text/plain"
                ]
    return values
