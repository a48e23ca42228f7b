"""The built site, shared by the file checks and the browser tests, and the
browser itself: one Chromium for every browser test, where their
screenshots go, and the pages each test module opens."""

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import student_site as student_edition  # the fixture is student_site
import yaml
from book_files import ROOT
from browser import chromium
from playwright.sync_api import Browser, sync_playwright

SITE = ROOT / "_build" / "html"
# Every edition's built site: its name -> (its HTML folder, the table of
# contents it is built from). The tests that take `edition_page` check
# every page of each; another edition is one more line here.
BOOK_TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
EDITIONS = {
    "completa": (SITE, BOOK_TOC),
    "estudiante": (
        student_edition.SITE,
        student_edition.student_toc(BOOK_TOC),
    ),
}
# The window a reader first opens the site in: a laptop's.
LAPTOP_WIDTH = 1280
SCREENSHOTS = ROOT / "_build" / "screenshots"


def site_pages(tree: dict) -> list[str]:
    """Every page of a site, as its path under the site's folder: the
    front door (index.html), the files of the table of contents it is
    built from, Sphinx's general index and the search page."""
    files = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            files.extend(node[key] for key in ("root", "file") if key in node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    book = [f"{file}.html" for file in files]
    return ["index.html", *book, "genindex.html", "search.html"]


FULL_PAGES = site_pages(EDITIONS["completa"][1])
EDITION_PAGES = [
    (name, page)
    for name, (_, toc) in EDITIONS.items()
    for page in site_pages(toc)
]


@pytest.fixture(params=FULL_PAGES)
def site_page(request: pytest.FixtureRequest) -> str:
    """Each page of the full edition in turn: a test that takes it runs
    once per page."""
    return request.param


@pytest.fixture(params=EDITION_PAGES, ids="-".join)
def edition_page(request: pytest.FixtureRequest) -> tuple[str, str]:
    """Each (edition, page) of every edition in EDITIONS in turn."""
    return request.param


@pytest.fixture(scope="session")
def editions() -> dict[str, tuple[Path, list[str]]]:
    """Every edition: its name -> (its HTML folder, its pages)."""
    return {
        name: (html, site_pages(toc)) for name, (html, toc) in EDITIONS.items()
    }


@pytest.fixture(scope="session")
def student_site() -> Path:
    """Build the student edition's site once (tools/student_site.py, into
    _build/estudiante/html); warnings are errors."""
    try:
        return student_edition.build(strict=True)
    except student_edition.StudentSiteError as problem:
        pytest.fail(str(problem), pytrace=False)


@pytest.fixture(scope="session")
def site() -> Path:
    """Build the HTML site once, into _build/html; warnings are errors.

    The old HTML goes first, so no page of an earlier build is checked,
    and --all re-reads every page, so every warning is raised again.
    """
    shutil.rmtree(SITE, ignore_errors=True)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(ROOT), "--all"]
    result = subprocess.run(
        [*command, "--builder", "html", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(
            f"The site build failed (exit {result.returncode}); "
            "fix what its log reports:\n"
            f"{result.stdout[-8000:]}\n{result.stderr[-8000:]}",
            pytrace=False,
        )
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output free of one line per request."""


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """A folder served over HTTP on 127.0.0.1, as the published site is:
    yields its root URL."""
    handler = functools.partial(_QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """serve(folder): the folder's root URL over HTTP on 127.0.0.1, one
    server per folder for the whole session."""
    with contextlib.ExitStack() as stack:

        @functools.cache
        def started(directory: Path) -> str:
            return stack.enter_context(served(directory))

        yield started


@pytest.fixture(scope="module")
def bases(site: Path) -> Iterator[dict[str, str]]:
    """The site's root URL per origin: a local HTTP server, and file://."""
    with served(site) as http_base:
        yield {"http": http_base, "file": site.as_uri() + "/"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The Chromium that tools/browser.py finds (make test finds or
    installs it first), launched once for every browser test. It is
    looked for before Playwright starts here: looking for Playwright's own
    starts Playwright too, and two at once in one thread refuse to run."""
    try:
        executable, flags = chromium()
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    with sync_playwright() as playwright:
        if executable is None:
            launched = playwright.chromium.launch()
        else:
            launched = playwright.chromium.launch(
                executable_path=executable, args=flags
            )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """_build/screenshots, emptied once per session: every browser test
    saves what it looked at there."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def laptop_width() -> int:
    """The width in CSS pixels of the window a reader first opens."""
    return LAPTOP_WIDTH
