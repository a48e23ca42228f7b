"""The Spanish bibliography styles (tools/bibliography_es.py): citations
and entries as the site writes them, and the same in plain Markdown for
the practice notebooks."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bibliography_es import Bibliography, BibliographyError
from book_files import ROOT

TOOLS = ROOT / "tools"
SMALL_BIB = r"""
@misc{abadi2015tensorflow,
  author = {Abadi, Mart{\'\i}n and others},
  title = {{TensorFlow}: Large-Scale Machine Learning},
  howpublished = {\url{https://www.tensorflow.org}},
  year = {2015}
}
@inproceedings{tan2019efficientnet,
  author = {Tan, Mingxing and Le, Quoc V.},
  title = {{EfficientNet}: Rethinking Model Scaling},
  booktitle = {Proceedings of ICML},
  editor = {Chaudhuri, Kamalika and Salakhutdinov, Ruslan},
  pages = {6105--6114},
  year = {2019}
}
@techreport{krizhevsky2009learning,
  author = {Krizhevsky, Alex},
  title = {Learning Multiple Layers of Features from Tiny Images},
  institution = {University of Toronto},
  year = {2009}
}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Bibliography:
    path = tmp_path_factory.mktemp("bib") / "small.bib"
    path.write_text(SMALL_BIB, encoding="utf-8")
    return Bibliography(path)


@pytest.fixture(scope="module")
def book() -> Bibliography:
    return Bibliography(ROOT / "references.bib")


def test_citations_in_parentheses_with_spanish_separators(small) -> None:
    assert small.cite(["abadi2015tensorflow"]) == "(Abadi *et al.*, 2015)"
    assert small.cite(["abadi2015tensorflow"], "t") == "Abadi *et al.* (2015)"
    both = ["tan2019efficientnet", "abadi2015tensorflow"]
    assert small.cite(both) == "(Abadi *et al.*, 2015; Tan y Le, 2019)"
    three = [*both, "krizhevsky2009learning"]
    assert small.cite(three, "t") == (
        "Abadi *et al.* (2015), Krizhevsky (2009) y Tan y Le (2019)"
    )


def test_entries_in_spanish_with_their_links(small) -> None:
    assert small.reference("abadi2015tensorflow") == (
        "Martín Abadi *et al.* TensorFlow: large-scale machine learning. "
        "<https://www.tensorflow.org>, 2015."
    )
    assert small.reference("tan2019efficientnet") == (
        "Mingxing Tan y Quoc\N{NO-BREAK SPACE}V. Le. "
        "EfficientNet: rethinking model scaling. "
        "En Kamalika Chaudhuri y Ruslan Salakhutdinov (eds.), "
        "*Proceedings of ICML*, 6105–6114. 2019."
    )
    assert small.reference("krizhevsky2009learning").endswith(
        "Informe técnico, University of Toronto, 2009."
    )
    assert small.in_order(["tan2019efficientnet", "abadi2015tensorflow"]) == [
        "abadi2015tensorflow",
        "tan2019efficientnet",
    ]


def test_unknown_keys_and_roles_are_named(small) -> None:
    with pytest.raises(BibliographyError, match="no entry 'vaswani2017'"):
        small.cite(["vaswani2017"])
    with pytest.raises(BibliographyError, match="no citation role 'x'"):
        small.cite(["abadi2015tensorflow"], "x")


def test_every_book_reference_says_et_al_never_others(book) -> None:
    """BibTeX's "and others" is written «et al.», in the entry and in the
    citation; no «others» is left anywhere."""
    with_others = [
        key
        for key, entry in book.entries.items()
        if any(str(p) == "others" for p in entry.persons.get("author", []))
    ]
    assert with_others, "references.bib cites no one with 'and others'"
    for key in book.entries:
        texts = [book.reference(key), book.cite([key]), book.cite([key], "t")]
        for text in texts:
            assert not re.search(r"\bothers\b", text), text
        if key in with_others:
            assert all("*et al.*" in text for text in texts), texts


def test_the_site_writes_what_the_markdown_says(tmp_path: Path, small) -> None:
    """A one-page Sphinx build with the extension: its text holds the same
    citations and entries (Markdown's emphasis and links aside)."""
    (tmp_path / "small.bib").write_text(SMALL_BIB, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(TOOLS)!r})\n"
        'extensions = ["sphinxcontrib.bibtex", "bibliography_es"]\n'
        'bibtex_bibfiles = ["small.bib"]\n'
        'bibtex_reference_style = "author_year_es"\n'
        'bibtex_default_style = "plain_es"\n'
        'language = "es"\n',
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text(
        "Citas\n=====\n\n"
        "A :cite:p:`tan2019efficientnet,abadi2015tensorflow`. "
        "B :cite:t:`krizhevsky2009learning`.\n\n"
        ".. bibliography::\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "text"]
        + [str(tmp_path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    site = " ".join((tmp_path / "out" / "index.txt").read_text().split())

    def shown(markdown: str) -> str:
        plain = re.sub(r"<(https?://[^>]+)>", r"\1", markdown)
        return " ".join(plain.split())  # a no-break space as a space

    for markdown in (
        small.cite(["tan2019efficientnet", "abadi2015tensorflow"]),
        small.cite(["krizhevsky2009learning"], "t"),
        *(small.reference(key) for key in small.entries),
    ):
        assert shown(markdown) in site, (shown(markdown), site)
