"""Write one practice notebook per chapter, for Colab (make book runs it).

A practice notebook is the chapter a student runs and changes, in plain
Jupyter Markdown, with its exercises answering back. It is written from
the chapter's MyST source and its executed notebook:

- Prose: glue roles become the values the executed chapter stored;
  {numref} and {ref} the figure's number or the section's title; {cite}
  "(Autor, año)", with the references listed at the end; admonitions
  headed block quotes; the answer box and the solutions are left out.
- Code: the lesson's code, in order. What serves only the book goes:
  the calls of rnadl.glue and of the run profile, every assert, cells
  left empty. Constants chosen by the run profile (by_profile) gather in
  one visible cell, with the published values and the measured time.
- Figures: the cell that makes a figure keeps it open (Colab shows it),
  and carries the published figure so the notebook shows it as committed.
- Exercises: each check cell of the chapter (tag ``check``) becomes a
  collapsed Colab form; each answer cell (tag ``answer``) a placeholder
  ``respuesta = ...`` and a visible ``<check>.check(respuesta)``; the
  book's solution code is kept for ``<check>.solution()``.
- The setup cell installs the package at the commit that last changed it
  (git), so a saved notebook keeps working when main moves on.

Nobody edits practica/*.ipynb by hand: tests/test_practice.py fails when
one differs from what this writes.
"""

import ast
import codecs
import re
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import nbformat
from pages import ROOT, Page, chapters
from pybtex.database import parse_file
from setup_cells import is_setup, setup_cell

PRACTICE = ROOT / "practica"
CHECK_TAG, ANSWER_TAG = "check", "answer"
# Calls that only serve the book's pages: dropped with their statement.
BOOK_ONLY_CALLS = {
    "glue",
    "glue_text",
    "glue_number",
    "glue_integer",
    "glue_decimal",
    "glue_percent",
    "glue_figure",
    "glue_math",
    "warn_unless_published",
}
BOOK_ONLY_MODULES = {"myst_nb", "rnadl.glue", "rnadl.run_profile"}
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
FENCE = re.compile(r"^(`{3,}|:{3,})\{([\w:-]+)\}[ \t]*(.*)$")
ADMONITION_TITLES = {
    "note": "Nota",
    "tip": "Consejo",
    "warning": "Advertencia",
    "important": "Importante",
    "margin": "Al margen",
    "seealso": "Véase también",
}


class PracticeError(ValueError):
    """A chapter that cannot be written as a practice notebook as it is."""


# The values, figures and labels of an executed chapter -------------------


@dataclass
class Glued:
    """What an executed notebook glued: name -> output data."""

    data: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def of(cls, notebook: Path) -> "Glued":
        glued = cls()
        for cell in nbformat.read(notebook, as_version=4).cells:
            for output in cell.get("outputs", []):
                record = output.get("metadata", {}).get("scrapbook")
                if record:
                    prefix = record["mime_prefix"]
                    glued.data[record["name"]] = {
                        mime.removeprefix(prefix): value
                        for mime, value in output["data"].items()
                    }
        return glued

    def text(self, name: str, spec: str = "") -> str:
        """The glued value as {glue:text} shows it."""
        if name not in self.data:
            raise PracticeError(f"nothing is glued under {name!r}")
        plain = self.data[name]["text/plain"]
        try:
            value = ast.literal_eval(plain)
        except (ValueError, SyntaxError):
            value = plain
        return format(value, spec) if spec else str(value)


def _glued_name(target: str, here: Glued) -> tuple[Glued, str, str]:
    """(values, name, format) of a glue role's target: name, name:spec or
    notebook.ipynb::name:spec."""
    values = here
    if "::" in target:
        notebook, target = target.split("::", 1)
        values = Glued.of(ROOT / "book" / notebook)
    name, _, spec = target.partition(":")
    return values, name, spec


class References:
    """The book's bibliography, as practice notebooks cite it."""

    def __init__(self) -> None:
        self.entries = parse_file(str(ROOT / "references.bib")).entries
        self.cited: list[str] = []

    @staticmethod
    def _plain(text: str) -> str:
        text = re.sub(r"\\url\{([^}]*)\}", r"\1", text)
        text = codecs.decode(text, "ulatex")
        text = re.sub(r"\\url\s*\{([^}]*)\}", r"\1", text)
        return text.replace("{", "").replace("}", "").replace("--", "–")

    def _authors(self, key: str) -> str:
        entry = self.entries[key]
        people = entry.persons.get("author") or entry.persons.get("editor")
        if not people:
            return self._plain(entry.fields.get("title", key))
        last = [self._plain(" ".join(p.last_names)) for p in people]
        if len(last) == 1:
            return last[0]
        if len(last) == 2:
            return f"{last[0]} y {last[1]}"
        return f"{last[0]} et al."

    def cite(self, keys: str, textual: bool) -> str:
        parts = []
        for key in (k.strip() for k in keys.split(",")):
            if key not in self.entries:
                raise PracticeError(f"no reference {key!r} in references.bib")
            if key not in self.cited:
                self.cited.append(key)
            year = self.entries[key].fields.get("year", "s. f.")
            parts.append(
                f"{self._authors(key)} ({year})"
                if textual
                else f"{self._authors(key)}, {year}"
            )
        return "; ".join(parts) if textual else f"({'; '.join(parts)})"

    def listing(self) -> str:
        lines = []
        for key in sorted(self.cited, key=self._authors):
            fields = self.entries[key].fields
            people = self.entries[key].persons.get("author", [])
            names = ", ".join(
                "et al." if str(p) == "others" else self._plain(str(p))
                for p in people
            )
            where = fields.get("journal") or fields.get("booktitle")
            where = where or fields.get("howpublished") or ""
            link = fields.get("url") or (
                f"https://doi.org/{fields['doi']}" if "doi" in fields else ""
            )
            line = (
                f"- {names or self._authors(key)} "
                f"({fields.get('year', 's. f.')}). "
                f"*{self._plain(fields.get('title', key))}*."
            )
            if where:
                line += f" {self._plain(where)}."
            if link and link not in line:
                line += f" {link}"
            lines.append(line)
        return "\n".join(lines)


@dataclass
class Labels:
    """Figure numbers, exercise numbers and section titles of a chapter."""

    number: int
    figures: dict[str, str] = field(default_factory=dict)
    exercises: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, markdown: str, number: int) -> "Labels":
        labels = cls(number)
        lines = markdown.splitlines()
        kind = None
        for index, line in enumerate(lines):
            fence = FENCE.match(line)
            if fence:
                kind = fence.group(2)
                continue
            option = re.match(r"^:(name|label):\s*(\S+)", line)
            if option and kind in ("glue:figure", "figure"):
                count = len(labels.figures) + 1
                labels.figures[option[2]] = f"Figura {number}.{count}"
            elif option and kind == "exercise":
                count = len(labels.exercises) + 1
                labels.exercises[option[2]] = f"Ejercicio {number}.{count}"
            target = re.match(r"^\(([\w-]+)\)=\s*$", line)
            if target:
                heading = next(
                    (text for text in lines[index + 1 :] if text.strip()), ""
                )
                labels.sections[target[1]] = heading.lstrip("#").strip()
        return labels

    def reference(self, target: str) -> str:
        for table in (self.figures, self.exercises, self.sections):
            if target in table:
                return table[target]
        raise PracticeError(f"no figure, exercise or section {target!r}")


# Markdown -----------------------------------------------------------------


@dataclass
class Context:
    """What the conversion of a chapter's prose needs."""

    glued: Glued
    labels: Labels
    references: References


def roles(text: str, context: Context) -> str:
    """Replace MyST roles in a piece of Markdown."""

    def replace(match: re.Match) -> str:
        role, content = match.group(1), match.group(2)
        if role in ("glue", "glue:text"):
            values, name, spec = _glued_name(content, context.glued)
            return values.text(name, spec)
        if role in ("cite", "cite:p", "cite:t"):
            return context.references.cite(content, textual=role == "cite:t")
        if role in ("numref", "ref"):
            shown = re.match(r"^(.*?)\s*<([\w-]+)>$", content)
            if shown:
                text, target = shown.groups()
                number = context.labels.reference(target)
                if role == "numref" and "%s" in text:
                    return text.replace("%s", number.split(" ")[-1])
                return text
            return context.labels.reference(content)
        if role in ("doc", "term", "download", "abbr"):
            shown = re.match(r"^(.*?)\s*<([^>]+)>$", content)
            return shown.group(1) if shown else content
        raise PracticeError(f"no plain Markdown for the role {{{role}}}")

    return ROLE.sub(replace, text)


def _quote(title: str, body: str) -> str:
    lines = [f"**{title}**"] if title else []
    if body.strip():
        lines += ["", *body.strip().splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def directive(
    name: str, argument: str, options: dict, body: str, context: Context
) -> str:
    """A MyST directive as plain Markdown ('' to leave it out)."""
    if name == "admonition" and argument.startswith("Respuesta al inciso"):
        return ""  # the answer is the student's to find
    if name == "solution" or name == "bibliography":
        return ""
    if name == "exercise":
        title = context.labels.exercises.get(options.get("label", ""), "")
        return f"### {title or 'Ejercicio'}\n\n{body.strip()}"
    if name in ("glue:figure", "figure"):
        number = context.labels.figures.get(options.get("name", ""), "")
        caption = body.strip()
        return f"**{number}.** {caption}" if number else caption
    if name == "glue:math":
        latex = context.glued.data[argument]["text/latex"].strip().strip("$")
        return f"$$\n{latex}\n$$"
    if name == "glue":
        data = context.glued.data[argument]
        if "text/html" in data:
            return data["text/html"]
        return f"```\n{data['text/plain']}\n```"
    if name == "math":
        return f"$$\n{body.strip()}\n$$"
    if name in ("code-block", "code"):
        return f"```{argument}\n{body.rstrip()}\n```"
    if name == "admonition" and "dropdown" in options.get("class", ""):
        return (
            f"<details><summary>{argument}</summary>\n\n{body.strip()}\n\n"
            "</details>"
        )
    if name == "admonition":
        return _quote(argument, body)
    if name in ADMONITION_TITLES:
        return _quote(argument or ADMONITION_TITLES[name], body)
    raise PracticeError(f"no plain Markdown for the directive {{{name}}}")


def markdown(text: str, context: Context) -> str:
    """A Markdown cell of the chapter as plain Jupyter Markdown."""
    out, lines, index = [], text.splitlines(), 0
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if re.match(r"^\(([\w-]+)\)=\s*$", line):
            index += 1
            continue
        if not fence:
            out.append(line)
            index += 1
            continue
        marks, name, argument = fence.groups()
        end = index + 1
        while end < len(lines) and not (
            lines[end].startswith(marks[0] * len(marks))
            and not lines[end].strip(marks[0]).strip()
        ):
            end += 1
        inner = lines[index + 1 : end]
        options = {}
        while inner and re.match(r"^:[\w-]+:", inner[0]):
            key, _, value = inner.pop(0)[1:].partition(":")
            options[key] = value.strip()
        block = directive(name, argument, options, "\n".join(inner), context)
        out.append(block)
        index = end + 1
    converted = roles("\n".join(out), context)
    return re.sub(r"\n{3,}", "\n\n", converted).strip()


# Code ---------------------------------------------------------------------


def _pass_magics(code: str) -> str:
    """IPython's % and ! lines read as pass (same lines, same indent)."""
    return "\n".join(
        line[: len(line) - len(line.lstrip())] + "pass"
        if line.lstrip().startswith(("%", "!"))
        else line
        for line in code.splitlines()
    )


def _tree(code: str) -> ast.Module:
    """A cell's syntax tree, IPython's % and ! lines read as pass."""
    return ast.parse(_pass_magics(code))


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        function = node.value.func
        if isinstance(function, ast.Name):
            return function.id
        if isinstance(function, ast.Attribute):
            return function.attr
    return None


def _profile_constant(
    node: ast.AST, source: str
) -> tuple[str, str, str] | None:
    """(name, full, fast) of `NAME = by_profile(full=…, fast=…)`."""
    if not (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "by_profile"
    ):
        return None
    values = {
        k.arg: ast.get_source_segment(source, k.value)
        for k in node.value.keywords
    }
    return node.targets[0].id, values["full"], values["fast"]


def _book_only(node: ast.stmt) -> bool:
    """Whether a statement serves only the book's page."""
    if isinstance(node, ast.Assert):
        return True
    if _call_name(node) in BOOK_ONLY_CALLS | {"close"}:
        return True
    if isinstance(node, ast.ImportFrom) and node.module in BOOK_ONLY_MODULES:
        return True
    if isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "PUBLISHED" for t in node.targets
    ):
        return True
    if isinstance(node, ast.If) and _names(node.test) & {"PUBLISHED"}:
        return True  # bounds that only the published run meets
    compound = isinstance(node, ast.If | ast.For | ast.With)
    return (
        compound
        and bool(node.body)
        and all(_book_only(n) for n in node.body + getattr(node, "orelse", []))
    )


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


@dataclass
class Code:
    """A code cell's source for the practice notebook."""

    source: str
    constants: list[tuple[str, str, str]]
    figures: list[str]


def practice_code(source: str) -> Code:
    """Drop what serves only the book; collect the profile constants and
    the names of the figures the cell glues."""
    lines = source.splitlines()
    tree = _tree(source)
    tree_source = _pass_magics(source)
    drop: set[int] = set()
    constants, figures = [], []
    for node in ast.walk(tree):
        if _call_name(node) == "glue_figure":
            figures.append(ast.literal_eval(node.value.args[0]))
    for node in tree.body:
        constant = _profile_constant(node, tree_source)
        if constant:
            constants.append(constant)
        if constant or _book_only(node):
            drop |= set(range(node.lineno - 1, node.end_lineno))
        else:
            drop |= _nested_drops(node)
    for number in sorted(drop):  # comments right above a dropped statement
        above = number - 1
        while (
            above >= 0
            and above not in drop
            and lines[above].strip().startswith("#")
        ):
            drop.add(above)
            above -= 1
    kept = [line for number, line in enumerate(lines) if number not in drop]
    text = re.sub(r"\n{4,}", "\n\n\n", "\n".join(kept)).strip("\n")
    if "by_profile" in text or "RNADL_" in text:
        raise PracticeError(f"profile machinery left in:\n{text}")
    statements = [
        line
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    return Code(text if statements else "", constants, figures)


def _nested_drops(node: ast.AST) -> set[int]:
    """Lines of book-only statements inside a kept compound statement."""
    drop = set()
    for field_name in ("body", "orelse", "finalbody", "handlers"):
        for child in getattr(node, field_name, []) or []:
            if isinstance(child, ast.stmt) and _book_only(child):
                drop |= set(range(child.lineno - 1, child.end_lineno))
            elif isinstance(child, ast.stmt | ast.excepthandler):
                drop |= _nested_drops(child)
    return drop


def _check_name(answer: str) -> str:
    """The Check an answer cell asserts: `assert <name>.check(respuesta)`."""
    for node in ast.walk(_tree(answer)):
        if (
            isinstance(node, ast.Assert)
            and isinstance(node.test, ast.Call)
            and isinstance(node.test.func, ast.Attribute)
            and node.test.func.attr == "check"
            and isinstance(node.test.func.value, ast.Name)
        ):
            return node.test.func.value.id
    raise PracticeError(
        "an answer cell must end with `assert <check>.check(respuesta)`:\n"
        + answer
    )


# The notebook -------------------------------------------------------------


def pinned_commit() -> str:
    """The last commit that changed the package (lib/, pyproject.toml)."""
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
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise PracticeError(
            "no commit changed lib/rnadl: the practice notebooks pin the "
            "package to one (a shallow clone needs `git fetch --unshallow`)"
        )
    return commit


def _markdown_cell(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text)


def _code_cell(source: str, **metadata) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    if metadata:
        cell.metadata.update(metadata)
    return cell


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return "menos de un minuto" if minutes < 1 else f"unos {minutes} min"


def _intro(page: Page, title: str, executed: nbformat.NotebookNode) -> str:
    run = executed.metadata.get("rnadl", {})
    lines = [
        title,
        "",
        f"> **Cuaderno de práctica del capítulo {page.inciso}.** Es el "
        "capítulo del libro con su código, para ejecutarlo y cambiarlo, y "
        "con ejercicios que responden: escriba su respuesta en "
        "`respuesta`, ejecute la celda de comprobación y pida una pista "
        "(`.hint()`) o la solución (`.solution()`) si la necesita. Ejecute "
        "las celdas en orden, de arriba abajo.",
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


def _constants_cell(
    constants: list[tuple[str, str, str]],
    executed: nbformat.NotebookNode,
    page: Page,
) -> nbformat.NotebookNode:
    run = executed.metadata.get("rnadl", {})
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
    return _code_cell(
        "\n".join(lines), tags=["parameters"], rnadl={"fast": fast}
    )


def _exercise_cells(
    check: nbformat.NotebookNode, answer: nbformat.NotebookNode, title: str
) -> list[nbformat.NotebookNode]:
    name = _check_name(answer.source)
    solution = practice_code(answer.source).source  # without its assert
    lines = [f"    {line!r}\n" for line in (solution + "\n").splitlines(True)]
    form = (
        f"# @title Comprobación del {title.lower() or 'ejercicio'} "
        "(ejecútela antes de responder)\n"
        + practice_code(check.source).source
        + f"\n{name}.solution_code = (\n"
        + "".join(lines)
        + ")"
    )
    comments = [
        line
        for line in answer.source.splitlines()
        if line.startswith("# respuesta")
    ]
    placeholder = "\n".join(
        [*comments, "respuesta = ...  # reemplace ... por su respuesta"]
    )
    call = (
        f"{name}.check(respuesta)\n"
        f"# {name}.hint()      <- una pista\n"
        f"# {name}.solution()  <- la solución del libro"
    )
    return [
        _code_cell(form, cellView="form", rnadl={"role": "check"}),
        _code_cell(
            placeholder,
            rnadl={"role": "answer", "check": name, "solution": solution},
        ),
        _code_cell(call, rnadl={"role": "call", "check": name}),
    ]


def _figure_outputs(glued: Glued, names: list[str]) -> list:
    outputs = []
    for name in names:
        data = glued.data.get(name, {})
        if "image/png" not in data:
            raise PracticeError(f"the figure {name!r} was not glued as PNG")
        outputs.append(
            nbformat.v4.new_output(
                "display_data",
                data={"image/png": data["image/png"], "text/plain": name},
            )
        )
    return outputs


def practice_notebook(page: Page, ref: str) -> nbformat.NotebookNode:
    """The practice notebook of a chapter (see the module's docstring)."""
    source = jupytext.read(page.source)
    executed = nbformat.read(page.notebook, as_version=4)
    glued = Glued.of(page.notebook)
    prose = "\n".join(
        c.source for c in source.cells if c.cell_type == "markdown"
    )
    context = Context(glued, Labels.of(prose, page.inciso), References())
    cells, constants, pending_check = [], [], None
    exercise_title = ""
    for cell in source.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            text = markdown(cell.source, context)
            if text:
                cells.append(_markdown_cell(text))
                heading = re.search(r"^### (Ejercicio [\d.]+)", text, re.M)
                exercise_title = heading.group(1) if heading else ""
        elif is_setup(cell):
            cells.append(
                _code_cell(
                    setup_cell(page.onednn, ref=ref, glue=False).source,
                    rnadl={"role": "setup"},
                )
            )
        elif CHECK_TAG in tags:
            pending_check = cell
        elif ANSWER_TAG in tags:
            if pending_check is None:
                raise PracticeError(
                    f"an answer cell with no check cell before it:\n"
                    f"{cell.source}"
                )
            cells += _exercise_cells(pending_check, cell, exercise_title)
            pending_check = None
        else:
            code = practice_code(cell.source)
            constants += code.constants
            if code.source:
                new = _code_cell(code.source)
                new.outputs = _figure_outputs(glued, code.figures)
                if code.figures:
                    new.metadata["rnadl"] = {"figures": code.figures}
                cells.append(new)
    if pending_check is not None:
        raise PracticeError("a check cell with no answer cell after it")
    title = cells[0].source.splitlines()[0]
    cells[0] = _markdown_cell(
        _intro(page, title, executed)
        + "\n\n"
        + "\n".join(cells[0].source.splitlines()[1:]).strip()
    )
    if constants:
        at = next(
            i
            for i, c in enumerate(cells)
            if c.metadata.get("rnadl", {}).get("role") == "setup"
        )
        cells.insert(at + 1, _constants_cell(constants, executed, page))
    if context.references.cited:
        cells.append(
            _markdown_cell("## Referencias\n\n" + context.references.listing())
        )
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": source.metadata["kernelspec"],
        "language_info": {"name": "python"},
        "colab": {"provenance": []},
        "accelerator": "GPU" if page.trains else "None",
    }
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    nbformat.validate(notebook)
    return notebook


def practice_path(page: Page) -> Path:
    return PRACTICE / f"{page.name}.ipynb"


def render(page: Page, ref: str) -> str:
    """The text of a chapter's practice notebook file: imports that only
    the book's checks used dropped, the code formatted by ruff as the
    book's code is."""
    ruff = [str(Path(sys.executable).parent / "ruff")]
    config = ["--quiet", "--config", str(ROOT / "pyproject.toml")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / practice_path(page).name
        nbformat.write(practice_notebook(page, ref), path)
        for command in (
            ["check", "--fix-only", "--select", "F401,I"],
            ["format"],
        ):
            subprocess.run([*ruff, *command, *config, str(path)], check=True)
        return path.read_text("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the practice notebooks of the chapters given (default: all);
    say which changed."""
    sources = [Path(a).resolve() for a in (argv or [])]
    chosen = [p for p in chapters() if not sources or p.source in sources]
    ref = pinned_commit()
    PRACTICE.mkdir(exist_ok=True)
    for page in chosen:
        target = practice_path(page)
        text = render(page, ref)
        if not target.exists() or target.read_text("utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}")
    if not sources:
        written = {practice_path(p) for p in chapters()}
        for path in set(PRACTICE.glob("*.ipynb")) - written:
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
