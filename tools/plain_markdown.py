"""A chapter's MyST Markdown as plain Jupyter Markdown (what Colab shows).

Colab knows neither roles nor directives. Here glue roles become the
values the executed chapter stored; {numref} and {ref} the number of a
figure or an exercise («Figura 4.1», «Ejercicio 4.2») or a section's
title; {cite} the citation as the site writes it, the references listed at
the end; {term} and {doc} their text; admonitions headed block quotes and
folded review questions HTML <details>. The structure (directives, their
options and bodies, labels) is read by MyST's own parser
(tools/myst_structure.py).

The two editions differ in three places: the student edition keeps a
review question's title but not its answer, and leaves out every
{solution}; neither holds an exercise's solution or the bibliography
directive (the references come at the end).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from bibliography_es import Bibliography
from glued import glued_data, glued_text
from myst_structure import Directive, directives, parser
from pages import ROOT

FULL, STUDENT = "full", "student"
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
TARGET = re.compile(r"^\(([\w-]+)\)=\s*$")
ADMONITION_TITLES = {
    "note": "Nota",
    "tip": "Consejo",
    "warning": "Advertencia",
    "important": "Importante",
    "margin": "Al margen",
    "seealso": "Véase también",
}
# A review question: an admonition folded on the site, whose title is the
# question and whose body the answer.
REVIEW_CLASS = "dropdown"


class PlainMarkdownError(ValueError):
    """MyST that has no plain-Markdown form here."""


@dataclass
class Labels:
    """Numbers of a chapter's figures and exercises, section titles."""

    chapter: int
    figures: dict[str, str] = field(default_factory=dict)
    exercises: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, markdown_cells: list[str], chapter: int) -> "Labels":
        labels = cls(chapter)
        for text in markdown_cells:
            for directive in _all_directives(text):
                name = directive.options.get("name")
                label = directive.options.get("label")
                if directive.name in ("figure", "glue:figure") and name:
                    count = len(labels.figures) + 1
                    labels.figures[name] = f"Figura {chapter}.{count}"
                if directive.name == "exercise" and label:
                    count = len(labels.exercises) + 1
                    labels.exercises[label] = f"Ejercicio {chapter}.{count}"
            tokens = parser().parse(text)
            for index, token in enumerate(tokens):
                if token.type == "myst_target":
                    heading = next(
                        (t for t in tokens[index + 1 :] if t.type == "inline"),
                        None,
                    )
                    labels.sections[token.content] = (
                        heading.content if heading else token.content
                    )
        return labels

    def reference(self, target: str) -> str:
        for table in (self.figures, self.exercises, self.sections):
            if target in table:
                return table[target]
        raise PlainMarkdownError(
            f"no figure, exercise or section {target!r} in this chapter"
        )


def _all_directives(text: str) -> list[Directive]:
    found = []
    for directive in directives(text):
        found.append(directive)
        found += _all_directives(directive.body)
    return found


class Citations:
    """The chapter's citations, in order, for the references at the end."""

    def __init__(self) -> None:
        self.bibliography = Bibliography(ROOT / "references.bib")
        self.cited: list[str] = []

    def cite(self, keys: str, role: str) -> str:
        chosen = [key.strip() for key in keys.split(",")]
        for key in chosen:
            if key not in self.cited:
                self.cited.append(key)
        return self.bibliography.cite(chosen, role)

    def listing(self) -> str:
        return "\n".join(
            f"- {self.bibliography.reference(key)}"
            for key in self.bibliography.in_order(self.cited)
        )


@dataclass
class Context:
    """What the conversion of one chapter's prose needs."""

    notebook: Path  # the executed chapter: its glued values
    labels: Labels
    citations: Citations
    edition: str = FULL
    _glued: dict[str, dict[str, dict]] = field(default_factory=dict)

    def glued(self, notebook: str = "") -> dict[str, dict]:
        path = ROOT / "book" / notebook if notebook else self.notebook
        if path not in self._glued:
            self._glued[path] = glued_data(path)
        return self._glued[path]


def roles(text: str, context: Context) -> str:
    """The MyST roles of a piece of Markdown as plain text."""

    def replace(match: re.Match) -> str:
        role, content = match.group(1), match.group(2)
        if role in ("glue", "glue:text"):
            notebook, _, target = content.rpartition("::")
            name, _, spec = target.partition(":")
            return glued_text(context.glued(notebook), name, spec)
        if role in ("cite", "cite:p", "cite:t"):
            return context.citations.cite(
                content, role.partition(":")[2] or "p"
            )
        if role in ("numref", "ref"):
            shown = re.fullmatch(r"(.*?)\s*<([\w-]+)>", content)
            if shown:
                text, target = shown.groups()
                number = context.labels.reference(target)
                if role == "numref" and "%s" in text:
                    return text.replace("%s", number.split(" ")[-1])
                return text
            return context.labels.reference(content)
        if role in ("doc", "term", "download", "abbr"):
            shown = re.fullmatch(r"(.*?)\s*<([^>]+)>", content)
            return shown.group(1) if shown else content
        raise PlainMarkdownError(f"no plain Markdown for the role {{{role}}}")

    return ROLE.sub(replace, text)


def _quote(title: str, body: str) -> str:
    lines = [f"**{title}**"] if title else []
    if body.strip():
        lines += ["", *body.strip().splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def directive(item: Directive, context: Context) -> str:
    """A directive as plain Markdown ('' to leave it out)."""
    name, argument, body = item.name, item.argument, item.body
    if name in ("solution", "bibliography"):
        return ""
    if name == "exercise":
        title = context.labels.exercises.get(item.options.get("label", ""))
        return f"### {title or 'Ejercicio'}\n\n{convert(body, context)}"
    if name in ("glue:figure", "figure"):
        number = context.labels.figures.get(item.options.get("name", ""))
        caption = convert(body, context)
        return f"**{number}.** {caption}" if number else caption
    if name == "glue:math":
        data = context.glued()[argument]
        return f"$$\n{data['text/latex'].strip().strip('$')}\n$$"
    if name == "glue":
        data = context.glued()[argument]
        if "text/html" in data:
            return data["text/html"]
        return f"```\n{data['text/plain']}\n```"
    if name == "math":
        return f"$$\n{body.strip()}\n$$"
    if name in ("code-block", "code"):
        return f"```{argument}\n{body.rstrip()}\n```"
    if name == "admonition" and REVIEW_CLASS in item.classes:
        question = roles(argument, context)
        if context.edition == STUDENT:
            return f"**Pregunta.** {question}"
        return (
            f"<details><summary>{question}</summary>\n\n"
            f"{convert(body, context)}\n\n</details>"
        )
    if name == "admonition":
        return _quote(roles(argument, context), convert(body, context))
    if name in ADMONITION_TITLES:
        title = roles(argument, context) or ADMONITION_TITLES[name]
        return _quote(title, convert(body, context))
    raise PlainMarkdownError(f"no plain Markdown for the directive {{{name}}}")


def convert(text: str, context: Context) -> str:
    """A Markdown cell of the chapter as plain Jupyter Markdown."""
    lines = text.splitlines()
    out, line = [], 0
    for item in directives(text):
        out += [
            row for row in lines[line : item.line] if not TARGET.match(row)
        ]
        out.append(directive(item, context))
        line = item.end
    out += [row for row in lines[line:] if not TARGET.match(row)]
    converted = roles("\n".join(out), context)
    return re.sub(r"\n{3,}", "\n\n", converted).strip()
