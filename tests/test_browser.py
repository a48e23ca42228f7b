"""The built site as a reader meets it, in Chromium driven by Playwright.

Each page is opened twice: served over HTTP on 127.0.0.1, as the
published site is, and from file://, as a downloaded copy of
_build/html is. Either way nothing may leave the site: no CDN, no
font service, so the book also reads offline.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urljoin

import pytest
from book_files import ROOT, config
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.site

QUERY = "retropropagación"
# The published site (served over HTTP) and a downloaded copy (file://).
ORIGINS = ("http", "file")

# Every .math element holds typeset MathJax; no TeX error; no TeX
# delimiter left in the text a reader sees (code is exempt).
MATH = r"""async () => {
  const math = [...document.querySelectorAll(".math")];
  if (math.length && !(window.MathJax && MathJax.startup)) {
    return ["MathJax did not load"];
  }
  if (math.length) await MathJax.startup.promise;
  const problems = math
    .filter((el) => !el.querySelector("mjx-container"))
    .map((el) => "not typeset: " + el.textContent.trim().slice(0, 60));
  for (const error of document.querySelectorAll("mjx-merror")) {
    problems.push("TeX error: " + error.getAttribute("data-mjx-error"));
  }
  const walker = document.createTreeWalker(
    document.body, NodeFilter.SHOW_TEXT, {acceptNode: (node) =>
      node.parentElement.closest("pre, code, script, style")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  for (let node; (node = walker.nextNode());) {
    const at = node.textContent.search(/\\\(|\\\[|\$\$/);
    if (at >= 0) {
      const raw = node.textContent.slice(Math.max(0, at - 20), at + 40);
      problems.push("raw TeX in the text: " + raw.replace(/\s+/g, " "));
    }
  }
  return problems;
}"""

IMAGES = """() => [...document.images]
  .filter((img) => !img.complete || img.naturalWidth === 0)
  .map((img) => img.getAttribute("src"))"""

# Code blocks and tables wider than their column, with hidden parts
# (<details>) opened first, as a reader may open them. Each is told with
# what happens to the part that does not fit.
WIDE = r"""() => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const describe = (el) =>
    el.tagName.toLowerCase() + [...el.classList].map((c) => "." + c).join("");
  const fate = (box) => {
    for (let a = box; a; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if (["auto", "scroll"].includes(overflow)) {
        return `scrolls sideways inside ${describe(a)}`;
      }
      if (["hidden", "clip"].includes(overflow)) {
        return `is cut off by ${describe(a)}`;
      }
    }
    return "widens the page";
  };
  const found = [];
  const report = (kind, el, box) => {
    const excess = box.scrollWidth - box.clientWidth;
    if (excess <= 0) return;
    const first = el.textContent.trim().split("\n")[0].slice(0, 50);
    found.push(
      `${kind} in #${el.closest("section")?.id ?? "(no section)"} ` +
      `"${first}": ${excess} px wider than its ${box.clientWidth} px ` +
      `column; it ${fate(box)}`);
  };
  for (const pre of document.querySelectorAll("pre")) {
    const kind = pre.closest(".cell_output") ? "output" : "code block";
    report(kind, pre, pre);
  }
  // A table grows to its content, so its own scrollWidth never exceeds
  // its clientWidth: the box around it is what overflows.
  for (const table of document.querySelectorAll("table")) {
    report("table", table, table.parentElement);
  }
  return found;
}"""

COLAB = """() => [...document.querySelectorAll(
    ".dropdown-launch-buttons a")]
  .filter((a) => a.textContent.trim() === "Colab")
  .map((a) => a.href)"""

SEARCH = """() => {
  const summary = document.querySelector("#search-results .search-summary");
  return summary !== null && summary.textContent.trim() !== "";
}"""


@dataclass
class Visit:
    """What one page did in the browser."""

    console_errors: list[str]
    failed_requests: list[str]
    outside_requests: list[str]
    math_problems: list[str]
    broken_images: list[str]
    wide_blocks: list[str]
    page_width: int
    lang: str
    colab_links: list[str]
    search_results: int


@pytest.fixture(scope="module")
def visit(
    site: Path,
    bases: dict[str, str],
    browser: Browser,
    screenshots: Path,
    laptop_width: int,
) -> Callable[[str, str], Visit]:
    """visit(origin, page): the page's Visit, opened once per origin."""

    @functools.cache
    def cached(origin: str, page: str) -> Visit:
        return _visit(
            browser.new_context(
                viewport={"width": laptop_width, "height": 800}
            ),
            site,
            bases[origin],
            page,
            screenshots if origin == "http" else None,
        )

    return cached


def _visit(
    context: BrowserContext,
    site: Path,
    base: str,
    page: str,
    screenshots: Path | None,
) -> Visit:
    """Open a page in a new browser profile, as a first-time reader; save a
    full-page screenshot into screenshots, unless None."""
    tab = context.new_page()
    console, failed, outside = [], [], []
    in_flight: set[Request] = set()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console.append(f"{message.text} ({message.location['url']})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.url} ({response.status})")

    def on_request(request: Request) -> None:
        in_flight.add(request)
        if not request.url.startswith((base, "data:", "blob:")):
            outside.append(request.url)

    def on_finished(request: Request) -> None:
        in_flight.discard(request)

    def on_failed(request: Request) -> None:
        in_flight.discard(request)
        failed.append(f"{request.url} ({request.failure})")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: console.append(str(error)))
    tab.on("requestfailed", on_failed)
    tab.on("requestfinished", on_finished)
    tab.on("response", on_response)
    tab.on("request", on_request)
    address = urljoin(base, page)
    if page == "search.html":
        address += "?q=" + quote(QUERY)
    tab.goto(address)
    redirect = re.search(
        r'http-equiv="Refresh" content="0; url=([^"]+)"',
        (site / page).read_text(encoding="utf-8"),
    )
    if redirect:
        tab.wait_for_url(urljoin(address, redirect[1]))
    math_problems = tab.evaluate(MATH)
    if page == "search.html":
        try:
            tab.wait_for_function(SEARCH, timeout=10_000)
        except PlaywrightTimeout:
            console.append("the search did not finish within 10 s")
    tab.evaluate("document.fonts.ready.then(() => true)")
    failed.extend(_settle(tab, in_flight))
    if screenshots is not None:
        tab.screenshot(path=_screenshot(screenshots, page), full_page=True)
    visit = Visit(
        console_errors=console,
        failed_requests=failed,
        outside_requests=outside,
        math_problems=math_problems,
        broken_images=tab.evaluate(IMAGES),
        wide_blocks=tab.evaluate(WIDE),
        page_width=tab.evaluate("document.documentElement.scrollWidth"),
        lang=tab.evaluate("document.documentElement.lang"),
        colab_links=tab.evaluate(COLAB),
        search_results=tab.locator("#search-results ul.search li").count(),
    )
    context.close()
    return visit


def _settle(tab: Page, in_flight: set[Request]) -> list[str]:
    """Wait until no request has been in flight for 0.3 s, at most 10 s.

    Returns the requests still open then. Playwright's "networkidle"
    never comes on some file:// pages, so this watches only the requests
    Playwright reports.
    """
    quiet = 0
    for _ in range(100):
        quiet = quiet + 1 if not in_flight else 0
        if quiet == 3:
            return []
        tab.wait_for_timeout(100)
    return [f"{request.url} (no answer within 10 s)" for request in in_flight]


def _screenshot(screenshots: Path, page: str) -> Path:
    return screenshots / page.replace("/", "-").replace(".html", ".png")


def _colab_url(page: str) -> str | None:
    """Colab's URL of the page's notebook; None when it has none."""
    notebook = Path(page).with_suffix(".ipynb")
    if not (ROOT / notebook).exists():
        return None
    settings = config()
    repository = settings["repository"]
    owner_repo = repository["url"].removeprefix("https://github.com/")
    path = PurePosixPath(repository["path_to_book"], notebook.as_posix())
    return (
        f"{settings['launch_buttons']['colab_url']}/github/{owner_repo}"
        f"/blob/{repository['branch']}/{path}"
    )


def _lines(items: list[str]) -> str:
    return "\n".join(items)


each_origin = pytest.mark.parametrize("origin", ORIGINS)


@each_origin
def test_no_console_errors(visit, origin: str, site_page: str) -> None:
    errors = visit(origin, site_page).console_errors
    assert not errors, _lines(errors)


@each_origin
def test_no_failed_requests(visit, origin: str, site_page: str) -> None:
    failed = visit(origin, site_page).failed_requests
    assert not failed, _lines(failed)


@each_origin
def test_nothing_is_fetched_from_outside_the_site(
    visit, origin: str, site_page: str
) -> None:
    outside = visit(origin, site_page).outside_requests
    assert not outside, _lines(outside)


@each_origin
def test_math_is_typeset(visit, origin: str, site_page: str) -> None:
    problems = visit(origin, site_page).math_problems
    assert not problems, _lines(problems)


@each_origin
def test_every_image_loads(visit, origin: str, site_page: str) -> None:
    broken = visit(origin, site_page).broken_images
    assert not broken, _lines(broken)


def test_code_and_tables_fit_their_column(visit, site_page: str) -> None:
    wide = visit("http", site_page).wide_blocks
    assert not wide, _lines(wide)


def test_language_is_spanish(visit, site_page: str) -> None:
    assert visit("http", site_page).lang == "es"


def test_colab_link_opens_the_chapter_notebook(visit, site_page: str) -> None:
    expected = _colab_url(site_page)
    assert visit("http", site_page).colab_links == (
        [expected] if expected else []
    )


def test_page_does_not_scroll_sideways(
    visit, site_page: str, laptop_width: int
) -> None:
    width = visit("http", site_page).page_width
    assert width <= laptop_width, (
        f"{width} px wide in a {laptop_width} px window"
    )


def test_full_page_screenshot_is_saved(
    visit, site_page: str, screenshots: Path
) -> None:
    visit("http", site_page)
    shot = _screenshot(screenshots, site_page)
    assert shot.read_bytes().startswith(b"\x89PNG")


@each_origin
def test_search_finds_backpropagation(visit, origin: str) -> None:
    results = visit(origin, "search.html").search_results
    assert results > 0, f"no page found for {QUERY!r}"
