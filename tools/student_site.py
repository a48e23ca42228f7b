"""Build the student edition's site (make student) into
_build/estudiante/html, from the same sources as the book.

The edition markup of each page (tools/practice_markup.py) decides what
the student site shows:

- a Markdown cell tagged ``full-only`` is left out, and so is a code cell
  (its glued values stay, unseen, for the prose that reads them);
- a code cell tagged ``reveals-answer`` (or ``book-only``) keeps its code
  but no output but its glued values;
- a code cell with a ``scaffold`` shows the scaffold instead of its code,
  without outputs, as the student notebook does;
- a raw cell tagged ``student-text`` becomes Markdown;
- a review question (an admonition folded with ``:class: dropdown``)
  keeps its question and loses its answer;
- exercise solutions are hidden (sphinx-exercise's ``hide_solutions``).

The front page presents the six incisos as the assignment, with the
course and the due date of estudiante.yml; the pages beyond the incisos
(the optional pages, the teacher's page) are not in this edition, and a
link to one reads as plain text. The launch menu opens the student
notebook in Colab (estudiante/practica/), and the page's download button
gives the student notebook too, never the executed page.
"""

import argparse
import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import yaml
from myst_structure import directives
from pages import ROOT, chapters
from practice_markup import (
    BOOK_ONLY,
    FULL_ONLY,
    REVEALS,
    SCAFFOLD,
    STATEMENT,
    STUDENT_TEXT,
)
from practice_notebooks import FOLDERS, STUDENT

OUT = ROOT / "_build" / "estudiante"
SOURCE = OUT / "src"
SITE = OUT / "html"
SETTINGS = ROOT / "estudiante.yml"
# Tags that hide a cell, or its code, on the site.
HIDDEN = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
DOC_ROLE = re.compile(r"\{doc\}`([^`<]*?)\s*<([^>]+)>`|\{doc\}`([^`]+)`")


class StudentSiteError(RuntimeError):
    """The student edition could not be built as it is."""


def settings() -> dict[str, str]:
    """The course and the due date the front page states (estudiante.yml)."""
    data = yaml.safe_load(SETTINGS.read_text("utf-8")) or {}
    unknown = set(data) - {"curso", "fecha_de_entrega"}
    if unknown:
        raise StudentSiteError(
            f"{SETTINGS.name}: unknown keys {sorted(unknown)}; it holds "
            "curso and fecha_de_entrega"
        )
    return {
        k: str(data.get(k) or "").strip()
        for k in ("curso", "fecha_de_entrega")
    }


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _glue_only(outputs: list) -> list:
    """The outputs that store glued values (they show nothing)."""
    return [o for o in outputs if o.get("metadata", {}).get("scrapbook")]


def _questions_only(text: str) -> str:
    """A review question keeps its title; its answer goes."""
    lines = text.splitlines()
    for item in reversed(directives(text)):
        if item.name == "admonition" and "dropdown" in item.classes:
            lines[item.line : item.end] = [f"**Pregunta.** {item.argument}"]
    return "\n".join(lines)


def _unlinked(text: str, pages: set[str]) -> str:
    """A {doc} link to a page outside this edition, as plain text."""

    def replace(match: re.Match) -> str:
        shown, target, bare = match.groups()
        name = Path(target or bare).name
        if name in pages:
            return match.group(0)
        return shown or bare

    return DOC_ROLE.sub(replace, text)


def student_page(
    notebook: nbformat.NotebookNode, pages: set[str]
) -> nbformat.NotebookNode:
    """An executed page as the student site shows it (see the module)."""
    page = copy.deepcopy(notebook)
    cells = []
    for cell in page.cells:
        found = tags(cell)
        if cell.cell_type == "raw":
            if SCAFFOLD in found and cells and cells[-1].cell_type == "code":
                # Where the student writes: shown, whatever hid the book's.
                scaffolded = cells[-1]
                scaffolded.source = cell.source
                scaffolded.outputs = _glue_only(scaffolded.outputs)
                scaffolded.metadata["tags"] = sorted(tags(scaffolded) - HIDDEN)
            elif STUDENT_TEXT in found:
                cells.append(nbformat.v4.new_markdown_cell(cell.source))
            continue
        if cell.cell_type == "markdown":
            if FULL_ONLY not in found:
                cells.append(cell)
            continue
        if FULL_ONLY in found:
            cell.source = ""
            cell.metadata["tags"] = ["remove-cell"]
        if found & {FULL_ONLY, REVEALS, BOOK_ONLY}:
            cell.outputs = _glue_only(cell.outputs)
        cells.append(cell)
    for cell in cells:
        if cell.cell_type == "markdown":
            cell.source = _unlinked(_questions_only(cell.source), pages)
    page.cells = cells
    return page


def front_page(course: str, due: str) -> str:
    """The student edition's front page: the incisos as the assignment."""
    lines = [
        "# Trabajo de las semanas 9 y 10",
        "",
        "**Redes Neuronales Artificiales y Deep Learning — edición del "
        "estudiante.**",
    ]
    if course:
        lines += ["", f"**Curso:** {course}"]
    if due:
        lines += ["", f"**Fecha de entrega:** {due}"]
    lines += [
        "",
        "Este trabajo tiene seis incisos, uno por capítulo. Cada capítulo "
        "explica el tema con su código y deja a usted el código que responde: "
        "ábralo en Colab con el botón del cohete (*Practicar en Colab*), "
        "guarde una copia en su Drive, escriba su código donde dice `# SU "
        "CÓDIGO AQUÍ` y compruebe cada respuesta con la celda que la sigue. "
        "Las comprobaciones solo orientan: la calificación la da su docente. "
        "Entregue el cuaderno (`.ipynb`) de cada capítulo con sus celdas "
        "ejecutadas.",
        "",
        "## Los incisos",
        "",
    ]
    for page in chapters():
        executed = nbformat.read(page.notebook, as_version=4)
        statement = next(
            (c.source for c in executed.cells if STATEMENT in tags(c)), None
        )
        if statement is None:
            raise StudentSiteError(
                f"{page.name}: no Markdown cell tagged {STATEMENT!r}"
            )
        lines += [
            f"### Inciso {page.inciso}: {{doc}}`{page.name}`",
            "",
            statement.strip(),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def student_toc(toc: dict) -> dict:
    """The book's table of contents without the optional pages and the
    teacher's part."""
    parts = []
    for part in toc["parts"]:
        if part.get("caption") == "Docentes":
            continue
        part = dict(part)
        part["chapters"] = [
            {"file": chapter["file"]} for chapter in part["chapters"]
        ]
        parts.append(part)
    return {**toc, "parts": parts}


def _files(toc: dict) -> list[str]:
    return [toc["root"]] + [
        chapter["file"]
        for part in toc["parts"]
        for chapter in part["chapters"]
    ]


def student_config(config: dict) -> dict:
    """The book's configuration for the student edition."""
    config = copy.deepcopy(config)
    config["title"] = f"{config['title']} — edición del estudiante"
    config["exclude_patterns"] = ["_build/*", "**.ipynb_checkpoints"]
    config["only_build_toc_files"] = True
    # The launch menu opens only the student notebook (practice_links).
    config["launch_buttons"] = {"notebook_interface": "classic"}
    # Its own PDF (make pdf), beside the full book's.
    latex = config.setdefault("latex", {}).setdefault("latex_documents", {})
    latex["targetname"] = "redes-neuronales-semanas-9-10-estudiante.tex"
    sphinx = config.setdefault("sphinx", {})
    sphinx["local_extensions"] = {
        name: str((ROOT / path).resolve()) + "/"
        for name, path in sphinx.get("local_extensions", {}).items()
    }
    settings_ = sphinx.setdefault("config", {})
    settings_["hide_solutions"] = True
    settings_["practice_folder"] = "estudiante/practica"
    settings_["html_extra_path"] = [str(ROOT / "_extra")]
    return config


def assemble() -> Path:
    """Write the student edition's sources into _build/estudiante/src."""
    shutil.rmtree(SOURCE, ignore_errors=True)
    (SOURCE / "book").mkdir(parents=True)
    toc = student_toc(yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8")))
    config = student_config(
        yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    )
    (SOURCE / "_toc.yml").write_text(
        yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), "utf-8"
    )
    (SOURCE / "_config.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8"
    )
    for item in ("references.bib", "_static"):
        source = ROOT / item
        target = SOURCE / item
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    shutil.copytree(FOLDERS[STUDENT], SOURCE / "estudiante" / "practica")
    files = _files(toc)
    pages = {Path(name).name for name in files}
    course = settings()
    for name in files:
        path = ROOT / name
        if name == toc["root"]:
            text = front_page(course["curso"], course["fecha_de_entrega"])
            (SOURCE / f"{name}.md").write_text(text, "utf-8")
        elif path.with_suffix(".ipynb").exists():
            executed = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
            nbformat.write(
                student_page(executed, pages), SOURCE / f"{name}.ipynb"
            )
        else:
            text = path.with_suffix(".md").read_text("utf-8")
            (SOURCE / f"{name}.md").write_text(_unlinked(text, pages), "utf-8")
    return SOURCE


def build(strict: bool = True) -> Path:
    """Assemble and build the student site; return its folder."""
    source = assemble()
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(source), "--all"]
    command += ["--path-output", str(OUT), "--builder", "html"]
    if strict:
        command += ["-W", "-n", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise StudentSiteError(
            f"the student site's build failed (exit {result.returncode}):\n"
            f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
        )
    shutil.rmtree(SITE, ignore_errors=True)
    shutil.move(OUT / "_build" / "html", SITE)
    # The page's download button serves the student notebook.
    for page in chapters():
        shutil.copy2(
            FOLDERS[STUDENT] / f"{page.name}.ipynb",
            SITE / "_sources" / "book" / f"{page.name}.ipynb",
        )
    return SITE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-strict", action="store_true", help="warnings are not errors"
    )
    arguments = parser.parse_args(argv)
    site = build(strict=not arguments.no_strict)
    print(f"built {site.relative_to(ROOT)}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
