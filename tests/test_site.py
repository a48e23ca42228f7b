"""The static site built from the stored outputs: what each page promises."""

import re
from pathlib import Path

import pytest
import yaml
from book_files import CHAPTERS, PAGES, ROOT, config, glued_values
from bs4 import BeautifulSoup
from myst_nb.core.variables import format_plain_text

# `site` (tests/conftest.py) builds the site once with -W -n.
pytestmark = pytest.mark.site


def html_of(site: Path, source: Path) -> str:
    return (site / "book" / f"{source.stem}.html").read_text(encoding="utf-8")


def reading_text(html: str) -> str:
    """What a reader reads as prose: the article without code, outputs,
    scripts and math."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    for element in article.select(
        "pre, code, script, style, .cell_output, .math, mjx-container"
    ):
        element.decompose()
    return article.get_text(" ")


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_page_has_colab_button(site: Path, source: Path) -> None:
    page = html_of(site, source)
    repository = config()["repository"]
    owner_repo = repository["url"].removeprefix("https://github.com/")
    colab = (
        f"https://colab.research.google.com/github/{owner_repo}/blob/"
        f"{repository['branch']}/book/{source.stem}.ipynb"
    )
    assert colab in page
    assert "import_tensorflow" not in page  # the setup cell is hidden


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_page_offers_its_practice_notebook(
    site: Path, source: Path
) -> None:
    """Beside the launch button that opens the chapter, "Practicar en
    Colab" opens the practice notebook committed in practica/, and the
    download link serves the same file from the site."""
    soup = BeautifulSoup(html_of(site, source), "html.parser")
    launch = soup.select_one(".dropdown-launch-buttons")
    assert launch is not None, "no launch menu"
    links = {a.get_text(strip=True): a["href"] for a in launch.select("a")}
    repository = config()["repository"]
    owner_repo = repository["url"].removeprefix("https://github.com/")
    colab = links["Practicar en Colab"]
    prefix = (
        f"https://colab.research.google.com/github/{owner_repo}/blob/"
        f"{repository['branch']}/"
    )
    assert colab.startswith(prefix)
    committed = ROOT / colab.removeprefix(prefix)
    assert committed == ROOT / "practica" / f"{source.stem}.ipynb"
    assert committed.is_file()
    download = links["Descargar el cuaderno de práctica"]
    served = (site / "book" / download).resolve()
    assert served.read_bytes() == committed.read_bytes()
    assert links["Colab"].endswith(f"book/{source.stem}.ipynb")


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_the_published_page_was_made_by_the_published_run(
    site: Path, source: Path
) -> None:
    text = reading_text(html_of(site, source))
    # The warning a page made with another profile carries (rnadl.run_profile).
    assert "perfil de ejecución" not in text.lower()
    # A display object that rendered as its Python repr instead of content.
    assert "<IPython.core.display" not in html_of(site, source)


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_every_glued_text_the_prose_asks_for_is_on_the_page(
    site: Path, source: Path
) -> None:
    text = reading_text(html_of(site, source))
    assert "{glue" not in text, "a glue role was not resolved"
    values = glued_values(source.with_suffix(".ipynb"))
    asked = re.findall(
        r"\{glue:text\}`([\w]+_txt)`", source.read_text(encoding="utf-8")
    )
    # A text is glued as a str (a number glued bare would be read back as a
    # float: 0.2870 would show as 0.287).
    bare = [name for name in asked if values[name][:1] not in "'\""]
    assert not bare, f"texts glued as numbers: {bare}"
    # As {glue:text} shows a value: a glued str without its quotes.
    missing = [
        name
        for name in asked
        if format_plain_text(values[name], "") not in text
    ]
    assert not missing, f"glued texts not shown: {missing}"


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_no_raw_large_integer_in_the_prose(site: Path, source: Path) -> None:
    """Glued integers of more than four digits reach the reader grouped
    (564 938), never as 564938."""
    text = reading_text(html_of(site, source))
    raw = re.findall(r"(?<![\w.,])\d{5,}(?![\w])", text)
    assert not raw, f"numbers not written by the book's rule: {raw[:5]}"


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_figures_are_on_disk(site: Path, source: Path) -> None:
    soup = BeautifulSoup(html_of(site, source), "html.parser")
    images = [img["src"] for img in soup.select("article img")]
    if source in CHAPTERS:
        assert images, "no figure rendered"
    for src in images:
        assert (site / "book" / src).resolve().is_file(), src


def test_front_page_and_bibliography(site: Path) -> None:
    # _extra/index.html sends the reader to the root of the table of
    # contents and declares an empty icon (a page without one makes
    # browsers ask for /favicon.ico, a 404).
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    root = yaml.safe_load(toc)["root"]
    index = BeautifulSoup(
        (site / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    refresh = index.find("meta", attrs={"http-equiv": "Refresh"})
    assert refresh["content"].endswith(f"url={root}.html")
    assert index.find("link", rel="icon")["href"] == "data:,"
    assert index.html["lang"] == "es"
    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'lang="es"' in intro
    bibliography = (site / "book" / "bibliografia.html").read_text(
        encoding="utf-8"
    )
    assert "classification of raisin grains" in bibliography.lower()
