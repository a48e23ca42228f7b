"""The static site builds from the stored outputs without a single warning, with what it promises."""

import subprocess
import sys
from pathlib import Path

import pytest

from book_files import CHAPTERS, ROOT, config, glued_values


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the HTML site (warnings are errors, nitpicky) into a temporary folder."""
    output = tmp_path_factory.mktemp("site")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(ROOT), "--path-output", str(output)]
    result = subprocess.run(
        [*command, "--builder", "html", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return output / "_build" / "html"


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_page_has_colab_button(site: Path, source: Path) -> None:
    page = (site / "book" / f"{source.stem}.html").read_text(encoding="utf-8")
    repository = config()["repository"]
    owner_repo = repository["url"].removeprefix("https://github.com/")
    colab = (
        f"https://colab.research.google.com/github/{owner_repo}/blob/"
        f"{repository['branch']}/book/{source.stem}.ipynb"
    )
    assert colab in page
    assert "Perfil de ejecución" in page
    assert "Colab only" not in page  # the install cell is hidden


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_page_shows_its_glued_numbers_and_figures(site: Path, source: Path) -> None:
    page = (site / "book" / f"{source.stem}.html").read_text(encoding="utf-8")
    assert "{glue" not in page  # every glue role was resolved
    integers = [v for v in glued_values(source.with_suffix(".ipynb")).values() if v.isdigit()]
    assert all(value in page for value in integers)
    images = [line for line in page.splitlines() if "<img" in line and "_images/" in line]
    assert images, "no figure rendered"
    for line in images:
        name = line.split("_images/")[1].split('"')[0]
        assert (site / "_images" / name).exists()


def test_front_page_and_bibliography(site: Path) -> None:
    assert "book/intro.html" in (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="es"' in (site / "book" / "intro.html").read_text(encoding="utf-8")
    bibliography = (site / "book" / "bibliografia.html").read_text(encoding="utf-8")
    assert "classification of raisin grains" in bibliography.lower()
