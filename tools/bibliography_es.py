"""Sphinx extension: the bibliography and the citations in Spanish.

pybtex's "plain" style and sphinxcontrib-bibtex's "author_year" write
English words ("and", "In", "editors", "Technical Report", "edition").
These styles, registered as "plain_es" and "author_year_es", write "y",
"En", "ed.", "Informe técnico", "edición"; a last author "others"
(BibTeX's "and others") as "et al."; and citations in parentheses,
(Tan y Le, 2019; He et al., 2016) and Tan y Le (2019).

A plain-Markdown document (a practice notebook) cites with the same
styles, without Sphinx: `Bibliography(path).cite(keys)` and
`.reference(key)` give the citation and the reference entry as the site
writes them, in Markdown.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import docutils.nodes
import pybtex.plugin
import pybtex_docutils
import sphinxcontrib.bibtex.plugin
from pybtex.database import parse_file
from pybtex.richtext import Tag, Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import (
    FieldIsMissing,
    first_of,
    join,
    node,
    optional,
    optional_field,
    sentence,
    tag,
    together,
    words,
)
from pybtex.style.template import field as bibfield
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.style.referencing import (
    BracketStyle,
    PersonStyle,
    format_references,
)
from sphinxcontrib.bibtex.style.referencing.author_year import (
    AuthorYearReferenceStyle,
)
from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo
from sphinxcontrib.bibtex.style.template import join as join_persons
from sphinxcontrib.bibtex.transforms import node_text_transform

ET_AL = Text(" ", Tag("em", "et al."))


def _persons(data, role: str) -> tuple[list, bool]:
    """The persons of a role without a last "others", and whether it was
    there; a missing role is a missing field (as for pybtex's names)."""
    try:
        persons = list(data["entry"].persons[role])
    except KeyError:
        raise FieldIsMissing(role, data["entry"]) from None
    if persons and str(persons[-1]) == "others":
        return persons[:-1], True
    return persons, False


@node
def names_es(children, data, role):
    """Persons of a role joined in Spanish, for the bibliography."""
    persons, others = _persons(data, role)
    style = data["style"]
    formatted = [
        style.format_name(person, style.abbreviate_names) for person in persons
    ]
    text = join(sep=", ", sep2=" y ", last_sep=" y ")[formatted].format_data(
        data
    )
    return Text(text, ET_AL) if others else text


@node
def names_cited(children, data, role, **kwargs):
    """Persons of a role in a citation: "others" shortens the list."""
    persons, others = _persons(data, role)
    person = data["style"].person
    formatted = [
        person.style_plugin.format(p, person.abbreviate) for p in persons
    ]
    if others:
        first = formatted[0].format_data(data)
        return Text(first, kwargs.get("other") or ET_AL)
    return join_persons(**kwargs)[formatted].format_data(data)


class SpanishStyle(PlainStyle):
    """pybtex's plain style with Spanish words."""

    default_sorting_style = "author_year_title"

    def format_names(self, role, as_sentence=True):
        formatted = names_es(role)
        return sentence[formatted] if as_sentence else formatted

    def format_editor(self, e, as_sentence=True):
        editors = self.format_names("editor", as_sentence=False)
        if "editor" not in e.persons:
            return editors
        word = "eds." if len(e.persons["editor"]) > 1 else "ed."
        result = join(sep=" ")[editors, f"({word})"]
        return sentence[result] if as_sentence else result

    def format_volume_and_series(self, e, as_sentence=True):
        result = first_of[
            optional[
                words[
                    together["vol.", bibfield("volume")],
                    optional[words["de", bibfield("series")]],
                ]
            ],
            optional[
                words[
                    together["núm.", bibfield("number")],
                    optional[words["de", bibfield("series")]],
                ]
            ],
            optional_field("series"),
        ]
        return sentence(capfirst=True)[result] if as_sentence else result

    def format_edition(self, e):
        return optional[words[together[bibfield("edition"), "ª"], "edición"]]

    def get_inproceedings_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            words[
                "En",
                sentence[
                    optional[self.format_editor(e, as_sentence=False)],
                    self.format_btitle(e, "booktitle", as_sentence=False),
                    self.format_volume_and_series(e, as_sentence=False),
                    optional[join(sep="–")[bibfield("pages")]],
                ],
                self.format_address_organization_publisher_date(e),
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[
                words[
                    first_of[optional_field("type"), "Informe técnico"],
                    optional_field("number"),
                ],
                bibfield("institution"),
                optional_field("address"),
                bibfield("year"),
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


@node
def author_or_editor_or_title_es(children, data, **kwargs):
    """Who a citation names: authors, else editors, else the title."""
    return first_of[
        optional[names_cited("author", **kwargs)],
        optional[names_cited("editor", **kwargs)],
        tag("em")[bibfield("title")],
    ].format_data(data)


@dataclass
class SpanishPersons(PersonStyle):
    """Persons in citations: "y" between the last two, "et al." for three
    or more and for BibTeX's "and others"."""

    sep2: str = " y "
    last_sep: str = " y "
    other: Text = field(default_factory=lambda: ET_AL)

    def names(self, role: str, full: bool):
        return names_cited(
            role=role,
            sep=self.sep,
            sep2=self.sep2,
            last_sep=self.last_sep,
            other=None if full else self.other,
        )

    def author_or_editor_or_title(self, full: bool):
        return author_or_editor_or_title_es(
            sep=self.sep,
            sep2=self.sep2,
            last_sep=self.last_sep,
            other=None if full else self.other,
        )


def _parentheses(**separators: str) -> BracketStyle:
    return BracketStyle(left="(", right=")", **separators)


@dataclass
class SpanishAuthorYear(AuthorYearReferenceStyle):
    """author_year with Spanish separators, in parentheses: (Le y Yang,
    2015), (Tan y Le, 2019; He et al., 2016), Le y Yang (2015)."""

    person: PersonStyle = field(default_factory=SpanishPersons)
    bracket_parenthetical: BracketStyle = field(
        default_factory=lambda: _parentheses(sep="; ")
    )
    bracket_textual: BracketStyle = field(
        default_factory=lambda: _parentheses(
            sep=", ", last_sep=" y ", sep2=" y "
        )
    )
    bracket_author: BracketStyle = field(default_factory=_parentheses)
    bracket_label: BracketStyle = field(default_factory=_parentheses)
    bracket_year: BracketStyle = field(default_factory=_parentheses)


# Citations and references in plain Markdown, without Sphinx ---------------


class BibliographyError(ValueError):
    """A citation that names no entry, or a role the style does not know."""


# make_refnode reads the builder only for a link to another document; a
# citation here links to nothing, so its builder is a name alone.
_NO_BUILDER = SimpleNamespace(name="markdown")
_DOCUTILS = pybtex_docutils.Backend()


class Bibliography:
    """A .bib file cited as the site cites it (SpanishAuthorYear) and
    listed as its bibliography lists it (SpanishStyle), in Markdown."""

    def __init__(self, bibfile: Path) -> None:
        self.bibfile = bibfile
        self.entries = parse_file(str(bibfile)).entries
        self.style = SpanishStyle()
        self.references = SpanishAuthorYear()
        formatted = self.style.format_entries(self.entries.values())
        # In the bibliography's order, as the site lists and cites them.
        self.formatted = {entry.key: entry for entry in formatted}

    def in_order(self, keys: Sequence[str]) -> list[str]:
        """The keys in the order the site's bibliography lists them."""
        for key in keys:
            self._entry(key)
        return [key for key in self.formatted if key in set(keys)]

    def cite(self, keys: Sequence[str], role: str = "p") -> str:
        """The citation {cite:role}`keys` as the site writes it, in
        Markdown: role p (the default of {cite}) gives (Abadi *et al.*,
        2015), role t gives Abadi *et al.* (2015)."""
        if role not in self.references.role_names():
            raise BibliographyError(
                f"no citation role {role!r}; the roles are "
                f"{', '.join(sorted(self.references.role_names()))}"
            )
        cited = [
            (
                self._entry(key),
                self.formatted[key],
                SphinxReferenceInfo(
                    builder=_NO_BUILDER,
                    fromdocname="",
                    todocname="",
                    citation_id=key,
                    title=None,
                    pre_text="",
                    post_text="",
                ),
            )
            for key in self.in_order(keys)
        ]
        text = format_references(self.references, role, cited)
        return _markdown(text.render(_DOCUTILS))

    def reference(self, key: str) -> str:
        """The bibliography's entry for key, in Markdown, as the site
        lists it (its \\url fields as links, as sphinxcontrib-bibtex
        makes them)."""
        self._entry(key)
        paragraph = docutils.nodes.paragraph()
        paragraph += self.formatted[key].text.render(_DOCUTILS)
        node_text_transform(paragraph)
        return _markdown(paragraph.children)

    def _entry(self, key: str):
        if key not in self.entries:
            raise BibliographyError(f"no entry {key!r} in {self.bibfile}")
        return self.entries[key]


# Characters that mean something in Jupyter's Markdown (and $ its math).
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>$"})


def _markdown(nodes: Sequence[docutils.nodes.Node]) -> str:
    """Docutils inline nodes as Markdown: text, emphasis, strong, code,
    links; an internal reference (a citation's) as its text."""
    parts = []
    for item in nodes:
        if isinstance(item, docutils.nodes.Text):
            parts.append(item.astext().translate(_MARKDOWN_SPECIAL))
        elif isinstance(item, docutils.nodes.emphasis):
            parts.append(f"*{_markdown(item.children)}*")
        elif isinstance(item, docutils.nodes.strong):
            parts.append(f"**{_markdown(item.children)}**")
        elif isinstance(item, docutils.nodes.literal):
            parts.append(f"`{item.astext()}`")
        elif isinstance(item, docutils.nodes.reference) and "refuri" in item:
            uri, text = item["refuri"], _markdown(item.children)
            parts.append(
                f"<{uri}>" if item.astext() == uri else f"[{text}]({uri})"
            )
        elif isinstance(
            item, docutils.nodes.reference | docutils.nodes.inline
        ):
            parts.append(_markdown(item.children))
        else:
            raise BibliographyError(
                f"no Markdown for the docutils node {item.tagname}: "
                f"{item.astext()!r}"
            )
    return "".join(parts)


def setup(app: Sphinx) -> dict:
    pybtex.plugin.register_plugin(
        "pybtex.style.formatting", "plain_es", SpanishStyle
    )
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing",
        "author_year_es",
        SpanishAuthorYear,
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
