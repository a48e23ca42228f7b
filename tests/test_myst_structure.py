"""A page's MyST structure as MyST reads it (tools/myst_structure.py):
directives with their options and nested ones, headings, roles, prose."""

import pytest
from myst_structure import MystError, directives, headings, prose, roles

PAGE = """\
(sec-a)=
# Título

````{admonition} Respuesta al inciso 2
:class: tip

La red acierta el {glue:text}`acc_txt`.

```{glue:figure} curve
:name: fig-curve

Las curvas.
```
````

## Ejercicios

:::{exercise}
:label: ej-2-uno

¿Cuánto vale {term}`época <Época>`?
:::

```{solution} ej-2-uno
:class: dropdown

Vale `1`.
```

```python
x = "```{note} not a directive"
```
"""


def test_directives_with_arguments_options_bodies_and_lines() -> None:
    box, exercise, solution = directives(PAGE)
    assert (box.name, box.argument, box.options, box.line) == (
        "admonition",
        "Respuesta al inciso 2",
        {"class": "tip"},
        3,
    )
    assert box.classes == ["tip"] and box.body_line == 6 and box.end == 14
    assert box.body.startswith("La red acierta")
    (figure,) = box.directives()
    assert (figure.name, figure.argument, figure.options) == (
        "glue:figure",
        "curve",
        {"name": "fig-curve"},
    )
    assert PAGE.splitlines()[figure.line] == "```{glue:figure} curve"
    assert (exercise.name, exercise.options["label"]) == (
        "exercise",
        "ej-2-uno",
    )
    assert (solution.argument, solution.body) == ("ej-2-uno", "Vale `1`.")


def test_headings_and_roles() -> None:
    assert [(h.level, h.text, h.line) for h in headings(PAGE)] == [
        (1, "Título", 1),
        (2, "Ejercicios", 15),
    ]
    assert list(roles(PAGE)) == [
        ("glue:text", "acc_txt"),
        ("term", "época <Época>"),
    ]


def test_prose_is_what_a_reader_reads() -> None:
    """No code, labels, options, directive names, arguments or roles (a
    glue role as the text asked for); folded answers only when asked."""
    assert " ".join(prose(PAGE, glue="N").split()) == (
        "Título La red acierta el N. Las curvas. Ejercicios ¿Cuánto vale ?"
    )
    assert " ".join(prose(PAGE, folded=False).split()).endswith(
        "¿Cuánto vale ? Vale ."
    )


def test_a_directive_myst_cannot_read_is_named() -> None:
    with pytest.raises(MystError, match=r"line 1: \{admonition\}.*YAML"):
        directives("```{admonition} Título\n:class: [a\n\nTexto\n```\n")
