"""The student edition's site (make student), as a student meets it: the
lesson without the answers, every chapter linked to its student notebook.

The site is built once into _build/estudiante/html with warnings as
errors; its pages are read as files and then opened in Chromium.
"""

import contextlib
import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from book_files import ROOT, answer_forms, config, distinctive, shows
from bs4 import BeautifulSoup
from pages import chapters
from playwright.sync_api import Browser

pytestmark = pytest.mark.site

CHAPTERS = chapters()
each_chapter = pytest.mark.parametrize("page", CHAPTERS, ids=lambda p: p.name)
PHONE = 390
# What only the full edition holds.
NOT_HERE = ("02-cifar10-mas-lejos", "05-efficientnet-auditoria", "docente")


def html(site: Path, page_name: str) -> BeautifulSoup:
    path = site / "book" / f"{page_name}.html"
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    main = soup.select_one("main") or soup
    return main.get_text(" ")


@each_chapter
def test_no_answer_box_solution_or_review_answer(
    student_site: Path, page
) -> None:
    soup = html(student_site, page.name)
    text = text_of(soup)
    assert "Respuesta al inciso" not in text
    assert not soup.select(".solution"), "an exercise solution is shown"
    assert not soup.select("details.dropdown, .admonition.dropdown"), (
        "a review question still carries its answer"
    )
    assert "Pregunta." in text  # the review questions themselves stay
    assert "SU CÓDIGO AQUÍ" in text  # the scaffolds, where the student writes


@each_chapter
def test_no_page_shows_the_incisos_answers(student_site: Path, page) -> None:
    """Not the page of the inciso (any written form of its answers), nor
    any other page of the edition (the forms no other number would share
    by chance)."""
    forms = answer_forms(page)
    for path in sorted((student_site / "book").glob("*.html")):
        text = text_of(BeautifulSoup(path.read_text("utf-8"), "html.parser"))
        own = path.stem == page.name
        found = sorted(
            form
            for form in forms
            if (own or distinctive(form)) and shows(text, form)
        )
        assert not found, f"{path.name} shows {page.name}'s answers: {found}"


def test_only_the_student_pages_are_there(student_site: Path) -> None:
    for name in NOT_HERE:
        assert not (student_site / "book" / f"{name}.html").exists(), name
    intro = text_of(html(student_site, "intro"))
    for page in CHAPTERS:
        assert f"Inciso {page.inciso}" in intro


@each_chapter
def test_colab_and_the_download_give_the_student_notebook(
    student_site: Path, page
) -> None:
    repository = config()["repository"]
    owner = repository["url"].removeprefix("https://github.com/")
    notebook = f"estudiante/practica/{page.name}.ipynb"
    colab = (
        "https://colab.research.google.com/github/"
        f"{owner}/blob/{repository['branch']}/{notebook}"
    )
    links = {a.get("href") for a in html(student_site, page.name).select("a")}
    assert colab in links
    assert not any(
        href and href.endswith(f"book/{page.name}.ipynb") and "colab" in href
        for href in links
    ), "a launch link opens the full chapter"
    served = student_site / "_sources" / "book" / f"{page.name}.ipynb"
    assert served.read_bytes() == (ROOT / notebook).read_bytes()
    assert (student_site / notebook).read_bytes() == served.read_bytes()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No line per request."""


def test_every_page_loads_and_fits_a_phone(
    student_site: Path, browser: Browser
) -> None:
    handler = functools.partial(_Quiet, directory=student_site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    problems = []
    try:
        with contextlib.closing(
            browser.new_page(viewport={"width": PHONE, "height": 800})
        ) as tab:
            errors = []
            tab.on(
                "console",
                lambda m: errors.append(m.text) if m.type == "error" else None,
            )
            for path in sorted((student_site / "book").glob("*.html")):
                errors.clear()
                response = tab.goto(base + f"book/{path.name}")
                tab.wait_for_load_state("load")
                wide = tab.evaluate(
                    "document.documentElement.scrollWidth"
                    " - document.documentElement.clientWidth"
                )
                if not response or response.status != 200:
                    problems.append(f"{path.name}: did not load")
                if wide > 1:
                    problems.append(f"{path.name}: {wide} px wider than 390")
                if errors:
                    problems.append(f"{path.name}: console errors {errors}")
                shown = tab.inner_text("main")
                if re.search(r"Respuesta al inciso", shown):
                    problems.append(f"{path.name}: shows an answer box")
    finally:
        server.shutdown()
        server.server_close()
    assert not problems, "\n".join(problems)
