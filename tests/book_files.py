"""Where the book's files are, and how to read what its notebooks glued."""

from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]-*.md"))
# Every executable page: the chapters and the appendix.
PAGES = [*CHAPTERS, BOOK / "apendice.md"]


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
