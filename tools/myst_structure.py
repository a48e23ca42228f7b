"""The structure of a page's MyST Markdown, read by MyST's own parser.

markdown-it-py with the plugins myst-parser sets up, and the extensions
the book enables in _config.yml, gives the tokens; myst-parser's own
directive reader splits a directive into its argument, options and body.
The tools and the tests read the pages through this module instead of
matching their text:

    directives(markdown)   the directives, in order (nested ones with
                           Directive.directives())
    headings(markdown)     the headings, with their level and line
    prose(markdown)        the words a reader reads as text (below)
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from docutils.parsers.rst import Directive as DocutilsDirective
from docutils.parsers.rst import directives as option_types
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser

ROOT = Path(__file__).resolve().parent.parent
# Directives whose body is code or data, not Markdown.
LITERAL_DIRECTIVES = {
    "code",
    "code-block",
    "code-cell",
    "math",
    "glue:math",
    "raw",
    "bibliography",
}


class MystError(ValueError):
    """A directive that MyST could not read."""


@cache
def parser() -> MarkdownIt:
    """MyST's Markdown parser with the book's extensions (_config.yml)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    extensions = set(config["parse"]["myst_enable_extensions"])
    return create_md_parser(
        MdParserConfig(enable_extensions=extensions), RendererHTML
    )


class _AnyDirective(DocutilsDirective):
    """What myst-parser needs to read any directive: one argument (its
    first line), options, a body."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"class": option_types.unchanged}  # any options, as YAML


@dataclass(frozen=True)
class Directive:
    """A directive: {name} argument, its options and its body (the text
    after the options); the lines (0-based) of its opening fence, of its
    body's first line, and after its closing fence."""

    name: str
    argument: str
    options: dict = field(hash=False)
    body: str
    line: int
    body_line: int
    end: int

    def directives(self) -> list["Directive"]:
        """The directives in the body (none in a literal one), their lines
        counted as in the outer text."""
        if self.name in LITERAL_DIRECTIVES:
            return []
        return [
            Directive(
                d.name,
                d.argument,
                d.options,
                d.body,
                d.line + self.body_line,
                d.body_line + self.body_line,
                d.end + self.body_line,
            )
            for d in directives(self.body)
        ]

    @property
    def classes(self) -> list[str]:
        """The names of its :class: option."""
        return str(self.options.get("class", "")).split()


def _directive(token: Token) -> Directive | None:
    """The directive a fence token opens, or None for a code fence."""
    if not token.info.startswith("{") or "}" not in token.info:
        return None
    name, _, first_line = token.info[1:].partition("}")
    result = parse_directive_text(
        _AnyDirective,
        first_line.strip(),
        token.content,
        validate_options=False,
    )
    if result.warnings:
        raise MystError(
            f"line {token.map[0] + 1}: {{{name}}}: "
            + "; ".join(w.msg for w in result.warnings)
        )
    return Directive(
        name=name,
        argument=result.arguments[0] if result.arguments else "",
        options=result.options,
        body="\n".join(result.body),
        line=token.map[0],
        body_line=token.map[0] + 1 + result.body_offset,
        end=token.map[1],
    )


def directives(markdown: str) -> list[Directive]:
    """The directives of a text (not those nested in them), in order."""
    found = []
    for token in parser().parse(markdown):
        if token.type in ("fence", "colon_fence"):
            directive = _directive(token)
            if directive:
                found.append(directive)
    return found


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


def headings(markdown: str) -> list[Heading]:
    """The headings of a text (not those inside directives), in order."""
    tokens = parser().parse(markdown)
    return [
        Heading(int(token.tag[1:]), tokens[index + 1].content, token.map[0])
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def roles(markdown: str) -> Iterator[tuple[str, str]]:
    """(name, content) of every role, in directive bodies too."""
    for token in parser().parse(markdown):
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "myst_role":
                    yield child.meta["name"], child.content
        elif token.type in ("fence", "colon_fence"):
            directive = _directive(token)
            if directive and directive.name not in LITERAL_DIRECTIVES:
                yield from roles(directive.body)


def prose(markdown: str, glue: str = "", folded: bool = True) -> str:
    """The words and numbers a reader reads as text: without code (spans,
    fences, literal directives), math, roles (a glue role becomes the
    text glue), link targets, directive options, labels and comments; a
    directive's title is left out, but for an admonition whose body is
    folded (:class: dropdown), which keeps its title and loses its body.
    With folded=False, folded bodies and solutions are read too."""
    parts = []
    for token in parser().parse(markdown):
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "text":
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                elif child.type == "myst_role" and child.meta[
                    "name"
                ].startswith("glue"):
                    parts.append(glue)
            parts.append("\n")
        elif token.type in ("fence", "colon_fence"):
            directive = _directive(token)
            if directive is None or directive.name in LITERAL_DIRECTIVES:
                continue
            if folded and directive.name == "solution":
                continue
            if folded and "dropdown" in directive.classes:
                parts.append(prose(directive.argument, glue) + "\n")
                continue
            parts.append(prose(directive.body, glue, folded) + "\n")
    return "".join(parts)
