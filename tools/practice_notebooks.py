"""Write each chapter's practice notebooks, for Colab: the full edition
(practica/) and the student edition (estudiante/practica/).

Both come from the chapter's MyST source, its edition markup
(tools/practice_markup.py) and its executed notebook:

- Prose in plain Jupyter Markdown (tools/plain_markdown.py); what the
  markup calls book-only is left out of both.
- The lesson's code (tools/practice_code.py): what serves only the book
  goes, the constants chosen by run profile gather in one visible cell,
  the cell that makes a figure carries the published figure.
- Each question: its statement, a collapsed cell that builds its check, a
  cell where the student writes ``respuesta``, and the check.

The full edition is the chapter to run and change: its checks compute
the expected value in the notebook, and ``.solution()`` gives the book's
code. The student edition is the trabajo to do: where the markup gives a
scaffold, the student writes the code; cells and outputs that give an
answer away are not there; its checks read an obfuscated key (the
chapter's answer key, rnadl.exercises.display_answer_key) and there is no
solution. The setup cell of both installs the package at the commit that
last changed it, so a saved notebook keeps working when main moves on.

Nobody edits the notebooks by hand: tests/test_practice.py fails when one
differs from what this writes. After a change to lib/ or pyproject.toml,
commit it first and run `make practice` then (the notebooks pin the
commit that last changed the package, which a commit cannot name itself);
commit the notebooks in a second commit.
"""

import ast
import sys
import textwrap
from pathlib import Path

import nbformat
import yaml
from pages import ROOT, Page, chapters
from plain_markdown import (
    FULL,
    STUDENT,
    Citations,
    Context,
    Labels,
    convert,
)
from practice_code import BookOnlyNames, practice_code
from practice_markup import Block, Question, read_markup
from ruff_notebook import ruff_notebook
from setup_cells import setup_cell

from rnadl.answers import decode, obfuscate
from rnadl.exercises import KEY_MIME

FOLDERS = {FULL: ROOT / "practica", STUDENT: ROOT / "estudiante" / "practica"}
EDITIONS = (FULL, STUDENT)
KEY_NAME = "clave"


class PracticeError(ValueError):
    """A chapter that cannot be written as a practice notebook as it is."""


# What the executed chapter holds ---------------------------------------------


def answer_key(notebook: Path) -> dict[str, dict]:
    """The chapter's answer key: label -> Check spec, as its last cell
    displayed it (rnadl.exercises.display_answer_key)."""
    keys = [
        output["data"][KEY_MIME]
        for cell in nbformat.read(notebook, as_version=4).cells
        for output in cell.get("outputs", [])
        if KEY_MIME in output.get("data", {})
    ]
    if len(keys) != 1:
        raise PracticeError(
            f"{notebook.relative_to(ROOT)} shows {len(keys)} answer keys; "
            "a chapter ends with one cell that calls display_answer_key()"
        )
    return keys[0]


def student_key(key: dict[str, dict], labels: list[str]) -> dict[str, dict]:
    """What a student notebook's checks need of the key: for a value of the
    student's own run, only its bounds and hints."""
    chosen = {}
    for label in labels:
        if label not in key:
            raise PracticeError(
                f"the answer key has no check {label!r}: execute the chapter"
            )
        spec = dict(key[label])
        if decode(spec["bounds"]) is not None:
            spec.update(expected=None, wrong=[])
        chosen[label] = spec
    return chosen


def chapter_number(page: Page) -> int:
    """The chapter's number, as the table of contents numbers it."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8"))
    numbered = next(part for part in toc["parts"] if part.get("numbered"))
    files = [chapter["file"] for chapter in numbered["chapters"]]
    name = f"book/{page.name}"
    if name not in files:
        raise PracticeError(f"{name} is not a numbered chapter of _toc.yml")
    return files.index(name) + 1


def pinned_commit() -> str:
    """The last commit that changed the package (lib/, pyproject.toml)."""
    import subprocess

    result = subprocess.run(
        [
            "git",
            "log",
            "-1",
            "--format=%H",
            "--",
            "lib/rnadl",
            "pyproject.toml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    commit = result.stdout.strip()
    if len(commit) != 40:
        raise PracticeError(
            "no commit changed lib/rnadl: the practice notebooks pin the "
            "package to one (a shallow clone needs `git fetch --unshallow`)"
        )
    return commit


# Cells -----------------------------------------------------------------------


def _markdown(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text)


def _code(source: str, **metadata) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.update(metadata)
    return cell


def _triple_quoted(text: str) -> str:
    """text as the body of a triple-quoted string literal, line for line
    (a solution's lines keep their length, within the book's 79 columns)."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return "menos de un minuto" if minutes < 1 else f"unos {minutes} min"


def _intro(page: Page, number: int, run: dict, edition: str) -> str:
    if edition == FULL:
        lines = [
            f"> **Cuaderno de práctica del capítulo {number}.** Es el "
            "capítulo del libro con su código, para ejecutarlo y cambiarlo, "
            "y con ejercicios que responden: escriba su respuesta en "
            "`respuesta`, ejecute la celda de comprobación y pida una pista "
            "(`.hint()`) o la solución (`.solution()`) si la necesita. "
            "Ejecute las celdas en orden, de arriba abajo."
        ]
    else:
        lines = [
            f"> **Cuaderno del estudiante del capítulo {number}.** Aquí "
            "usted escribe el código: donde una celda dice `# SU CÓDIGO "
            "AQUÍ`, reemplace cada `...` por lo que se pide. Ejecute las "
            "celdas en orden, de arriba abajo; una celda que necesita algo "
            "que aún no ha escrito se lo dice. Cada pregunta termina con una "
            "celda que comprueba su `respuesta`: le dice si es correcta y, si "
            "no, qué está mal; `.hint()` le da una pista. Las comprobaciones "
            "solo orientan: la calificación la da su docente."
        ]
    if page.trains:
        lines += [
            ">",
            "> **Para entrenar en una GPU de Colab**, antes de empezar: "
            "*Entorno de ejecución → Cambiar tipo de entorno de ejecución → "
            "T4 GPU*, y guardar. En la máquina que publicó el libro "
            f"({run.get('cpu', 'una CPU')}) el capítulo completo tardó "
            f"{_minutes(run.get('seconds', 0))}; en una GPU de Colab, "
            f"{page.colab_gpu} (estimación, no medido). La celda "
            "«Constantes del entrenamiento» dice cómo acortarlo.",
        ]
    return "\n".join(lines)


def _constants_cell(constants, run: dict, page: Page) -> nbformat.NotebookNode:
    lines = textwrap.wrap(
        "Constantes del entrenamiento: los valores con que se publicó el "
        "libro. En la máquina que lo publicó "
        f"({run.get('cpu', 'una CPU')}) el capítulo completo tardó "
        f"{_minutes(run.get('seconds', 0))} (medido); en una GPU de Colab, "
        f"{page.colab_gpu} (estimación, no medido). Para una prueba rápida, "
        "use los valores del comentario de cada línea: los resultados "
        "cambiarán.",
        width=77,
        initial_indent="# ",
        subsequent_indent="# ",
    )
    fast = {}
    for name, full, quick in constants:
        lines.append(f"{name} = {full}  # prueba rápida: {quick}")
        fast[name] = quick
    return _code("\n".join(lines), tags=["parameters"], rnadl={"fast": fast})


def _profiles(constants) -> dict[str, dict]:
    """The constants of each run profile, as values."""
    return {
        "full": {n: ast.literal_eval(full) for n, full, _ in constants},
        "fast": {n: ast.literal_eval(fast) for n, _, fast in constants},
    }


def _figure_outputs(glued: dict, names: list[str]) -> list:
    outputs = []
    for name in names:
        if "image/png" not in glued.get(name, {}):
            raise PracticeError(f"the figure {name!r} was not glued as PNG")
        outputs.append(
            nbformat.v4.new_output(
                "display_data",
                data={
                    "image/png": glued[name]["image/png"],
                    "text/plain": name,
                },
            )
        )
    return outputs


class Writer:
    """One chapter's practice notebook in one edition."""

    def __init__(self, page: Page, edition: str, ref: str) -> None:
        if edition not in EDITIONS:
            raise ValueError(f"no edition {edition!r}; use {EDITIONS}")
        self.page, self.edition, self.ref = page, edition, ref
        self.blocks = read_markup(page)
        self.number = chapter_number(page)
        self.executed = nbformat.read(page.notebook, as_version=4)
        # Figures and exercises numbered as this edition shows them.
        markdown = [
            b.cell.source
            for b in self.blocks
            if b.kind in ("markdown", "student-text") and self._kept(b)
        ]
        self.context = Context(
            page.notebook,
            Labels.of(markdown, self.number),
            Citations(),
            edition,
        )
        code = [b.cell.source for b in self.blocks if b.kind == "code"]
        self.book_only = BookOnlyNames.of(code)
        self.constants: list[tuple[str, str, str]] = []

    @property
    def student(self) -> bool:
        return self.edition == STUDENT

    def _kept(self, block: Block) -> bool:
        if block.book_only:
            return False
        if block.kind == "student-text":
            return self.student
        return not (self.student and block.full_only)

    def _lesson(self, block: Block) -> list[nbformat.NotebookNode]:
        code = practice_code(block.cell.source, self.book_only)
        self.constants += code.constants
        if self.student and block.scaffold is not None:
            return [
                _code(
                    block.scaffold.strip(),
                    rnadl={"role": "scaffold", "cell": block.index},
                )
            ]
        if not code.source:
            return []
        cell = _code(code.source)
        if code.figures and not (self.student and block.reveals):
            cell.outputs = _figure_outputs(self.context.glued(), code.figures)
            cell.metadata["rnadl"] = {"figures": code.figures}
        return [cell]

    def _question(self, question: Question) -> list[nbformat.NotebookNode]:
        name = question.name
        title = self.context.labels.exercises[question.label]
        heading = (
            f"# @title Comprobación del {title.lower()} (ejecútela antes de "
            "responder)\n"
        )
        meta = {"question": question.label, "check": name}
        if self.student:
            check = heading + f'{name} = {KEY_NAME}.check("{question.label}")'
            answer = question.scaffold or "\n".join(
                [
                    *question.answer_comments,
                    "respuesta = ...  # reemplace ... por su respuesta",
                ]
            )
            call = f"{name}.check(respuesta)\n# {name}.hint()  <- una pista"
        else:
            built = practice_code(question.check.source, self.book_only)
            solution = practice_code(question.answer.source, self.book_only)
            check = (
                heading
                + built.source
                + f'\n{name}.solution_code = """\\\n'
                + _triple_quoted(solution.source)
                + '\n"""'
            )
            answer = "\n".join(
                [
                    *question.answer_comments,
                    "respuesta = ...  # reemplace ... por su respuesta",
                ]
            )
            meta["solution"] = solution.source
            call = (
                f"{name}.check(respuesta)\n"
                f"# {name}.hint()      <- una pista\n"
                f"# {name}.solution()  <- la solución del libro"
            )
        return [
            _code(check, cellView="form", rnadl={**meta, "role": "check"}),
            _code(answer, rnadl={**meta, "role": "answer"}),
            _code(
                call,
                rnadl={
                    "question": question.label,
                    "check": name,
                    "role": "call",
                },
            ),
        ]

    def notebook(self) -> nbformat.NotebookNode:
        cells: list[nbformat.NotebookNode] = []
        for block in self.blocks:
            if not self._kept(block):
                continue
            if block.kind == "setup":
                cells.append(
                    _code(
                        setup_cell(
                            self.page.onednn, ref=self.ref, glue=False
                        ).source,
                        rnadl={"role": "setup"},
                    )
                )
            elif block.kind in ("markdown", "student-text"):
                text = convert(block.cell.source, self.context)
                if text:
                    cells.append(_markdown(text))
            elif block.kind == "question":
                cells += self._question(block.question)
            else:
                cells += self._lesson(block)
        return self._framed(cells)

    def _framed(self, cells: list) -> nbformat.NotebookNode:
        """The cells with the intro, the key, the constants and the
        references around them."""
        run = self.executed.metadata.get("rnadl", {})
        title, *rest = cells[0].source.splitlines()
        cells[0] = _markdown(
            "\n".join(
                [title, "", _intro(self.page, self.number, run, self.edition)]
                + ([""] if rest else [])
                + rest
            ).strip()
        )
        at = next(
            i
            for i, c in enumerate(cells)
            if c.metadata.get("rnadl", {}).get("role") == "setup"
        )
        extra = []
        if self.student:
            labels = [b.question.label for b in self.blocks if b.question]
            key = student_key(answer_key(self.page.notebook), labels)
            constants = _profiles(self.constants) if self.constants else None
            extra.append(
                _code(
                    "# @title Comprobaciones de este cuaderno (ejecútela; no "
                    "hace falta leerla)\n"
                    "from rnadl.student import StudentKey\n\n"
                    f"{KEY_NAME} = StudentKey(\n"
                    f"    {obfuscate(key)!r},\n"
                    f"    {constants!r},\n"
                    ")",
                    cellView="form",
                    rnadl={"role": "key"},
                )
            )
        if self.constants:
            extra.append(_constants_cell(self.constants, run, self.page))
        cells[at + 1 : at + 1] = extra
        if self.context.citations.cited:
            cells.append(
                _markdown(
                    "## Referencias\n\n" + self.context.citations.listing()
                )
            )
        notebook = nbformat.v4.new_notebook(cells=cells)
        notebook.metadata = {
            "kernelspec": self.executed.metadata["kernelspec"],
            "language_info": {"name": "python"},
            "colab": {"provenance": []},
            "accelerator": "GPU" if self.page.trains else "None",
            "rnadl": {"edition": self.edition, "chapter": self.page.name},
        }
        for index, cell in enumerate(notebook.cells):
            cell.id = f"cell-{index}"
        nbformat.validate(notebook)
        return notebook


def practice_path(page: Page, edition: str = FULL) -> Path:
    return FOLDERS[edition] / f"{page.name}.ipynb"


def render(page: Page, ref: str, edition: str = FULL) -> str:
    """The text of a chapter's practice notebook file, the code formatted
    by ruff as the book's code is. The full edition drops the imports that
    only the book's checks used; the student edition keeps the chapter's
    imports (a solution of the student's may need any of them)."""
    return ruff_notebook(
        Writer(page, edition, ref).notebook(),
        fixes=["F401", "I"] if edition == FULL else ["I"],
        name=practice_path(page, edition).name,
    )


def main(argv: list[str] | None = None) -> int:
    """Write the practice notebooks of the chapters given (default: all),
    in both editions; say which changed."""
    sources = [Path(a).resolve() for a in (argv or [])]
    chosen = [p for p in chapters() if not sources or p.source in sources]
    ref = pinned_commit()
    for edition in EDITIONS:
        FOLDERS[edition].mkdir(parents=True, exist_ok=True)
        for page in chosen:
            target = practice_path(page, edition)
            text = render(page, ref, edition)
            if not target.exists() or target.read_text("utf-8") != text:
                target.write_text(text, encoding="utf-8")
                print(f"wrote {target.relative_to(ROOT)}")
        if not sources:
            written = {practice_path(p, edition) for p in chapters()}
            for path in set(FOLDERS[edition].glob("*.ipynb")) - written:
                path.unlink()
                print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
