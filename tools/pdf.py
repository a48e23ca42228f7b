"""The book as a PDF: Sphinx's LaTeX builder, then XeLaTeX (latexmk), from
the pages' stored outputs (nothing is executed).

    python tools/pdf.py [--source .] [--site _build/html]

builds the edition whose sources (a _config.yml, a _toc.yml and the pages)
are in --source (the full book by default; the student edition's are
assembled in _build/estudiante/src) into _build/pdf/NAME.pdf, NAME being
its configuration's latex.latex_documents.targetname, and copies it to the
root of that edition's built site, where every page's «Descargar el libro
en PDF» points (tools/pdf_link.py). The LaTeX sources and the logs stay in
_build/pdf/NAME/. TeX comes from tools/tex.py (`make tex`).

A glyph the fonts lack, an undefined reference or citation, or a line
printed beyond the margin stops the build with the place in the log.
"""

import argparse
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "_build" / "pdf"
# A line of XeLaTeX's log that means something is missing from the page,
# and what to do about it.
PROBLEMS = {
    "Missing character": "a glyph the fonts lack (latex_elements' fontpkg "
    "in _config.yml)",
    "There were undefined references": "a reference LaTeX could not place",
    "Citation .* undefined": "a citation without its bibliography entry",
}
# Text beyond the margin by more than this is a line the page cuts off.
OVERFULL_POINTS = 10.0


class PdfError(RuntimeError):
    """The PDF could not be built, or came out with something missing."""


@dataclass(frozen=True)
class Pdf:
    """A built PDF: where it is, its pages, megabytes and build time."""

    path: Path
    pages: int
    megabytes: float
    seconds: float


def target_name(source: Path) -> str:
    """NAME of _build/pdf/NAME.pdf: latex.latex_documents.targetname of
    the edition's _config.yml; another edition than the full book's must
    name a PDF of its own."""
    config = source / "_config.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    target = (
        settings.get("latex", {}).get("latex_documents", {}).get("targetname")
    )
    if not target or not str(target).endswith(".tex"):
        raise PdfError(
            f"{config} names no PDF: set latex: latex_documents: "
            "targetname: NAME.tex (the PDF is then NAME.pdf)."
        )
    name = str(target).removesuffix(".tex")
    if source.resolve() != ROOT and name == target_name(ROOT):
        raise PdfError(
            f"{config} names the full book's PDF, {name}.pdf: give this "
            "edition its own latex.latex_documents.targetname."
        )
    return name


def _run(command: list[str], cwd: Path, log: Path) -> None:
    print(f"pdf: {Path(command[0]).name} (log: {log.relative_to(ROOT)})")
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT
        )
    if result.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-6000:]
        raise PdfError(
            f"{' '.join(command[:3])}… failed (exit {result.returncode}); "
            f"the end of {log}:\n{tail}"
        )


def check_log(log: Path) -> None:
    """Stop on what XeLaTeX only warns about but a reader would miss."""
    text = log.read_text(encoding="utf-8", errors="replace")
    found = []
    for pattern, meaning in PROBLEMS.items():
        lines = sorted(set(re.findall(f"^.*{pattern}.*$", text, re.M)))
        found += [f"{meaning}: {line}" for line in lines[:10]]
    for points, where in re.findall(
        r"^Overfull \\hbox \((\d+\.\d+)pt too wide\) (.*)$", text, re.M
    ):
        if float(points) > OVERFULL_POINTS:
            found.append(f"text {points}pt beyond the margin, {where}")
    if found:
        raise PdfError(
            f"The PDF misses something ({log}):\n" + "\n".join(found[:40])
        )


def page_count(pdf: Path) -> int:
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def build(source: Path, site: Path | None) -> Pdf:
    """Build the PDF of the edition in source; copy it into site if that
    site is built."""
    start = time.monotonic()
    name = target_name(source)
    work = OUTPUT / name
    latex = work / "_build" / "latex"
    shutil.rmtree(latex, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    _run(
        [
            str(jupyter_book),
            "build",
            str(source),
            "--builder",
            "latex",
            "--path-output",
            str(work),
            "--all",
            "-W",
            "-n",
            "--keep-going",
        ],
        ROOT,
        work / "sphinx.log",
    )
    _run(
        [
            "latexmk",
            "-xelatex",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            f"{name}.tex",
        ],
        latex,
        work / "latexmk.log",
    )
    check_log(latex / f"{name}.log")
    pdf = OUTPUT / f"{name}.pdf"
    shutil.copy2(latex / f"{name}.pdf", pdf)
    if site is not None and site.is_dir():
        shutil.copy2(pdf, site / pdf.name)
        print(f"pdf: copied into the site, {site / pdf.name}")
    elif site is not None:
        print(
            f"pdf: no site at {site} to copy it into; build the site, then "
            "make pdf again"
        )
    return Pdf(
        pdf,
        page_count(pdf),
        pdf.stat().st_size / 1e6,
        time.monotonic() - start,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    args = parser.parse_args()
    try:
        pdf = build(args.source.resolve(), args.site.resolve())
    except PdfError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"pdf: {pdf.path.relative_to(ROOT)}, {pdf.pages} pages, "
        f"{pdf.megabytes:.1f} MB, built in {pdf.seconds:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
