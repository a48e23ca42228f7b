"""Every page of every edition under axe-core's WCAG 2 A and AA rules.

axe-core (the engine most accessibility audits use; the package
axe-playwright-python ships it) runs in the Chromium of the other browser
tests, on each page served over HTTP once it has settled (formulas
typeset, the search done, chapter 6's explorer drawn): every rule in light
mode, then the rules that read colours in dark mode; and so on chapter 6's
explorer with each of its detail views open.
The editions and their pages come from conftest.EDITIONS: another edition
is one more line there. A page that needs an exception names the rule,
the node and why in EXCEPTIONS, the one list of them.
"""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from accessible_html import name_toggles, rewrite_body
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

site_test = pytest.mark.site

# WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules axe-core tags so. In
# light mode every one of them; dark mode changes only the colours, so
# there the rules that read colours. Only violations are reported.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RULES = {
    "light": {"type": "tag", "values": WCAG},
    "dark": {
        "type": "rule",
        "values": ["color-contrast", "link-in-text-block"],
    },
}
# The theme's own switch between modes (pydata-sphinx-theme's setTheme),
# with the theme's colour transitions off, so that axe reads the colours
# the mode ends on; and the page's background, which it changes.
SET_MODE = """(mode) => {
  if (!document.getElementById("no-transitions")) {
    const style = document.createElement("style");
    style.id = "no-transitions";
    style.textContent =
      "*, *::before, *::after { transition: none !important; }";
    document.head.append(style);
  }
  document.documentElement.dataset.mode = mode;
  document.documentElement.dataset.theme = mode;
}"""
BACKGROUND = "getComputedStyle(document.body).backgroundColor"
# (rule, node as axe names it, why): violations a page may keep.
EXCEPTIONS: list[tuple[str, str, str]] = []

EXPLORER_PAGE = "book/06-tiny-vgg.html"
EXPLORER_READY = ".tinyvgg-explorer[data-ready]"
# One control per detail view of the explorer: the input, a convolution,
# a ReLU, a pooling and the output.
DETAIL_VIEWS = {
    "input": '.tve-map[data-key="input"][data-channel="0"]',
    "conv": '.tve-map[data-key="conv_1_2"][data-channel="1"]',
    "relu": '.tve-map[data-key="relu_2_1"][data-channel="2"]',
    "pool": '.tve-map[data-key="max_pool_2"][data-channel="3"]',
    "output": '.tve-bar[data-key="output"][data-channel="6"]',
}
# Formulas typeset and fonts loaded: what axe reads is what a reader sees.
SETTLED = """async () => {
  const settled = (async () => {
    if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
    await document.fonts.ready;
  })();
  const late = new Promise((_, reject) => setTimeout(() => reject(
    new Error("formulas or fonts not ready within 20 s")), 20000));
  await Promise.race([settled, late]);
  return true;
}"""
QUERY = "retropropagación"
SEARCH_DONE = """() => (document.querySelector(
  "#search-results .search-summary")?.textContent.trim() ?? "") !== "" """


def violations(response: dict) -> list[dict]:
    """axe's violations, each node that EXCEPTIONS names left out."""
    excepted = {(rule, node) for rule, node, _ in EXCEPTIONS}
    found = []
    for violation in response["violations"]:
        nodes = [
            node
            for node in violation["nodes"]
            if (violation["id"], " ".join(node["target"])) not in excepted
        ]
        if nodes:
            found.append(violation | {"nodes": nodes})
    return found


def report(found: list[dict]) -> str:
    """What a violation is, and each node with what axe says to fix."""
    lines = []
    for violation in found:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f" — {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"  {' '.join(node['target'])}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"    {line}" for line in summary.splitlines())
        if len(violation["nodes"]) > 10:
            lines.append(f"  … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def audit() -> Callable[..., str]:
    """audit(tab, context=None): axe's report on the page (or the part the
    CSS selector context names) in light and then in dark mode, EXCEPTIONS
    left out; empty when nothing is wrong. The tab is left in light
    mode."""
    axe = Axe()

    def audited(tab: Page, context: str | None = None) -> str:
        reports, backgrounds = [], set()
        for mode, rules in RULES.items():
            tab.evaluate(SET_MODE, mode)
            backgrounds.add(tab.evaluate(BACKGROUND))
            options = {"runOnly": rules, "resultTypes": ["violations"]}
            response = axe.run(tab, context=context, options=options).response
            found = violations(response)
            if found:
                reports.append(f"{mode} mode:\n{report(found)}")
        tab.evaluate(SET_MODE, "light")
        assert len(backgrounds) == 2, "dark mode did not change the page"
        return "\n".join(reports)

    return audited


@pytest.fixture(scope="module")
def edition_html(
    site: Path, student_site: Path, editions
) -> Callable[[str], Path]:
    """edition_html(name): the folder of that edition's built site, built
    by the `site` and `student_site` fixtures; another must have been
    built before."""

    def folder(name: str) -> Path:
        html, _ = editions[name]
        if html != site and not (html / "index.html").is_file():
            pytest.fail(
                f"The {name!r} edition is not built in {html}: build it "
                "first (see conftest.EDITIONS).",
                pytrace=False,
            )
        return html

    return folder


@pytest.fixture(scope="module")
def edition_base(edition_html, serve) -> Callable[[str], str]:
    """edition_base(name): the root URL of that edition's site, served
    over HTTP."""
    return lambda name: serve(edition_html(name))


def go(tab: Page, base: str, page: str) -> None:
    """Open the page and wait until it has settled: formulas typeset, the
    search done, the explorer drawn."""
    if page == "search.html":
        tab.goto(f"{base}{page}?q={quote(QUERY)}")
        tab.wait_for_function(SEARCH_DONE, timeout=10_000)
    else:
        tab.goto(base + page)
    if page == "index.html":  # the front door sends on to the book
        tab.wait_for_url("**/book/intro.html")
    # The student edition leaves the explorer out (it shows the answer).
    if page == EXPLORER_PAGE and tab.locator(".tinyvgg-explorer").count():
        tab.wait_for_selector(EXPLORER_READY, state="attached")
    tab.evaluate(SETTLED)


@pytest.fixture
def new_tab(browser: Browser, laptop_width: int) -> Iterator[Page]:
    """A tab in a fresh browser profile, closed after the test."""
    context = browser.new_context(
        viewport={"width": laptop_width, "height": 800}
    )
    yield context.new_page()
    context.close()


@site_test
def test_no_wcag_violation(
    edition_page: tuple[str, str], edition_base, new_tab: Page, audit
) -> None:
    edition, page = edition_page
    go(new_tab, edition_base(edition), page)
    found = audit(new_tab)
    assert not found, found


@pytest.fixture(scope="module")
def explorer_tab(
    browser: Browser, laptop_width: int, edition_base
) -> Iterator[Page]:
    """Chapter 6 in one tab, shared by the tests of its detail views."""
    context = browser.new_context(
        viewport={"width": laptop_width, "height": 800}
    )
    tab = context.new_page()
    go(tab, edition_base("completa"), EXPLORER_PAGE)
    yield tab
    context.close()


@site_test
@pytest.mark.parametrize("view", DETAIL_VIEWS)
def test_every_detail_view_of_the_explorer_passes(
    view: str, explorer_tab: Page, audit
) -> None:
    """The explorer alone, with one detail view open."""
    control = explorer_tab.locator(DETAIL_VIEWS[view])
    control.click()
    shown = explorer_tab.locator(".tve-detail").get_attribute("data-key")
    assert shown == control.get_attribute("data-key")
    found = audit(explorer_tab, context=".tinyvgg-explorer")
    assert not found, found


@site_test
def test_every_built_page_of_every_edition_is_checked(
    editions, edition_html
) -> None:
    """The pages the tests open (conftest.site_pages) are the site's."""
    for name, (_, pages) in editions.items():
        html = edition_html(name)
        built = {
            path.relative_to(html).as_posix()
            for path in html.rglob("*.html")
            if not path.relative_to(html).parts[0].startswith("_")
        }
        assert built == set(pages), name


SIDEBAR = """<ul class="nav bd-sidenav">
<li class="toctree-l1 has-children"><a class="reference internal"
 href="02-cifar10.html">2. Una CNN
 en CIFAR-10</a><details><summary><span class="toctree-toggle"
 role="presentation"><i class="fa-solid fa-chevron-down"></i></span>
</summary><ul><li class="toctree-l2"><a class="reference internal"
 href="02-cifar10-mas-lejos.html">Más lejos</a></li></ul></details></li>
</ul>"""


def test_sidebar_toggles_are_named_after_their_chapter() -> None:
    soup = name_toggles(SIDEBAR)
    (summary,) = soup.select("summary")
    assert summary["aria-label"] == "Secciones de «2. Una CNN en CIFAR-10»"
    assert name_toggles(soup) is soup  # a parsed sidebar is named in place


def test_a_toggle_without_its_chapter_link_is_refused() -> None:
    unlinked = BeautifulSoup(SIDEBAR, "html.parser")
    unlinked.select_one("li > a").decompose()
    with pytest.raises(ValueError, match="accessible_html.py"):
        name_toggles(unlinked)


def test_the_exceptions_name_a_rule_a_node_and_why() -> None:
    for exception in EXCEPTIONS:
        assert len(exception) == 3 and all(exception), exception
    json.dumps(EXCEPTIONS)


def test_hidden_cells_are_named_in_spanish_and_entries_are_list_items():
    body = (
        '<details class="admonition hide above-input">\n'
        '<summary aria-label="Toggle hidden content">\n'
        '<p class="collapsed admonition-title">Mostrar el código</p>\n'
        "</summary></details>"
        '<div role="list" class="citation-list">'
        '<div class="citation" id="id5" role="doc-biblioentry"><p>A.</p>'
        "</div></div>"
    )
    fixed = rewrite_body(body)
    assert "Toggle" not in fixed and "<summary>" in fixed
    assert 'role="doc-biblioentry"' not in fixed
    assert fixed.count('role="listitem"') == 1
