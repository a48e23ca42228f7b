"""The book's executable pages, as book/manifest.yml describes them.

A build tool: the Makefile asks it for lists of pages, and the executor,
the practice-notebook writer and the tests read the same entries.

    python tools/pages.py [--trains | --steady | --float32]
                          [--sources | --keyword]

prints the executed notebooks (or, with --sources, the MyST sources; with
--keyword, a pytest -k expression of their names) of every page, or of
those that train, that train nothing, or whose strict outputs go through
TensorFlow's float32 kernels.
"""

import argparse
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "book" / "manifest.yml"
FIELDS = {
    "file",
    "inciso",
    "trains",
    "onednn",
    "float32",
    "glue",
    "colab_gpu",
    "answers",
}


@dataclass(frozen=True)
class Page:
    """One executable page of the book."""

    source: Path  # the MyST source, book/NN-name.md
    inciso: int | None = None  # the assignment's exercise it answers
    trains: bool = False  # re-run in the fast profile by the test command
    onednn: bool = False  # TensorFlow starts with oneDNN's rewrites on
    float32: bool = False  # strict outputs through float32 kernels
    glue: tuple[str, ...] = ()  # names outside readers read results by
    colab_gpu: str = ""  # what a Colab GPU changes (an estimate), if it trains
    answers: tuple[str, ...] = ()  # glued values the student edition hides

    @property
    def notebook(self) -> Path:
        """The executed notebook paired with the source."""
        return self.source.with_suffix(".ipynb")

    @property
    def name(self) -> str:
        """The page's file name without suffix: 01-raisin."""
        return self.source.stem


def pages(manifest: Path = MANIFEST) -> list[Page]:
    """Every page the manifest lists, in reading order."""
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))["pages"]
    found = []
    for entry in entries:
        unknown = set(entry) - FIELDS
        if unknown:
            raise ValueError(
                f"{manifest}: {entry.get('file')} has unknown fields "
                f"{sorted(unknown)}; the fields are {sorted(FIELDS)}."
            )
        source = manifest.parent.parent / entry["file"]
        if not source.is_file():
            raise FileNotFoundError(
                f"{manifest} lists {entry['file']}, which does not exist."
            )
        if entry.get("trains") and not entry.get("colab_gpu"):
            raise ValueError(
                f"{manifest}: {entry['file']} trains, so it must say what to "
                "expect on a Colab GPU (colab_gpu)."
            )
        found.append(
            Page(
                source=source,
                inciso=entry.get("inciso"),
                trains=entry.get("trains", False),
                onednn=entry.get("onednn", False),
                float32=entry.get("float32", False),
                glue=tuple(entry.get("glue", ())),
                colab_gpu=entry.get("colab_gpu", ""),
                answers=tuple(entry.get("answers", ())),
            )
        )
    return found


def page_of(source: Path) -> Page:
    """The manifest's entry for a page's source or notebook."""
    stem = Path(source).stem
    for page in pages():
        if page.name == stem:
            return page
    raise KeyError(
        f"{source} is not in {MANIFEST.relative_to(ROOT)}: add an entry for "
        "it there."
    )


def chapters() -> list[Page]:
    """The pages that answer an inciso of the assignment."""
    return [page for page in pages() if page.inciso is not None]


def main(argv: list[str] | None = None) -> None:
    """Print one path per line, relative to the repository's root."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--trains", action="store_true")
    which.add_argument("--steady", action="store_true")
    which.add_argument("--float32", action="store_true")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--sources", action="store_true")
    form.add_argument("--keyword", action="store_true")
    arguments = parser.parse_args(argv)
    chosen = [
        page
        for page in pages()
        if not (arguments.trains and not page.trains)
        and not (arguments.steady and page.trains)
        and not (arguments.float32 and not (page.float32 and not page.trains))
    ]
    if arguments.keyword:
        print(" or ".join(page.name for page in chosen))
        return
    for page in chosen:
        path = page.source if arguments.sources else page.notebook
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
