"""Sentences a teacher marked, checked where the pages can be read
(issue 23): each test holds one corrected claim to what the page says
and, where a number is involved, to what the page computed."""

import ast
import math
import re

import jupytext
import pytest
from book_files import BOOK, ROOT, glued_values
from myst_structure import directives

SOURCES = sorted(BOOK.glob("*.md"))


def source(name: str) -> str:
    return (BOOK / f"{name}.md").read_text("utf-8")


def value(notebook: str, name: str) -> object:
    return ast.literal_eval(glued_values(BOOK / f"{notebook}.ipynb")[name])


@pytest.mark.parametrize(
    "page, wrong",
    [
        ("03-backprop-6-capas", "no es ningún peso"),  # item 2
        ("03-backprop-6-capas", "Input operand"),  # item 15
        ("03-backprop-6-capas", r"$\\propto$ por $\\alpha$"),  # item 17
        ("04-backprop-4-4-4", r"$\\propto$ por $\\alpha$"),  # item 17
        ("04-backprop-4-4-4", "el curso y la solución entregada escriben"),
        ("02-cifar10", "cubre solo unos"),  # item 4
        ("02-cifar10", "receta de la red entregada"),  # item 7
        ("02-cifar10-mas-lejos", "últimos 20 pasos"),  # item 5
        ("05-efficientnet", "sin cabeza, la entrada puede tener otro"),
        ("glosario", "potencias de casi 2"),  # item 11
        ("glosario", "(o filtro)"),  # item 12
        ("06-tiny-vgg", "auto deportivo"),  # item 14
        ("06-tiny-vgg", "pulse Enter"),  # item 14
        ("apendice", "Sistema Internacional"),  # item 18
    ],
)
def test_a_corrected_sentence_is_gone(page: str, wrong: str) -> None:
    assert wrong not in source(page)


def test_chapter_3_gives_the_sign_under_both_readings_of_y() -> None:
    """Item 1: the submitted y − y′ is a − d if y is the network's output
    and d − a if y is the target; the review says which, for each."""
    text = source("03-backprop-6-capas")
    assert "depende de la lectura" in text
    assert "$y - y' = a - d$" in text and "$y - y' = d - a$" in text
    assert "segunda lectura" in text


def test_chapter_4_s_cost_remark_agrees_with_its_review() -> None:
    """Item 3: the course writes δ = fact'·e; the submitted solution
    writes fact, as line 6 of the review says."""
    text = source("04-backprop-4-4-4")
    assert "el curso escribe $\\delta = fact'\\cdot e$" in text
    assert "entregada escribe $fact$ en lugar de $fact'$" in text


def test_the_toy_convolution_window_is_described_as_it_is() -> None:
    """Item 4: the top-left window holds a value other than 1, in the
    kernel's middle column, which the kernel multiplies by 0."""
    odd = value("02-cifar10", "cifar_toy_window_odd")
    column = value("02-cifar10", "cifar_toy_window_odd_column")
    assert odd != 1 and column == 2
    assert value("02-cifar10", "cifar_toy_first") == 0


def test_the_ema_memory_is_the_one_the_code_sets() -> None:
    """Item 5: ema_momentum = 1 − 1/(steps/20): a memory of steps/20."""
    epochs = value("02-cifar10-mas-lejos", "cifar_modern_epochs")
    per_epoch = value("02-cifar10-mas-lejos", "cifar_modern_steps_per_epoch")
    images = value("02-cifar10-mas-lejos", "cifar_modern_images")
    assert per_epoch == math.ceil(images / 256)
    memory = value("02-cifar10-mas-lejos", "cifar_modern_ema_steps")
    assert memory == round(epochs * per_epoch / 20)
    assert "EMA_MEMORY = 1 / 20" in source("02-cifar10-mas-lejos")


def test_every_ablation_row_is_told_once_with_a_paired_error() -> None:
    """Item 6: each row of the ablation is in one of three groups (loses,
    gains, within noise), judged by the paired standard error."""
    page = "02-cifar10-mas-lejos"
    rows = value(page, "cifar_ablation_rows")
    counts = [
        value(page, f"cifar_ablation_{k}") for k in ("resta", "suma", "ruido")
    ]
    assert sum(counts) == rows
    named = []
    for kind in ("resta", "suma", "ruido"):
        listed = value(page, f"cifar_ablation_{kind}_rows")
        named += re.findall(r"«([^»]+)»", listed)
    assert len(named) == len(set(named)) == rows
    assert "paired_difference_and_error" in source(page)


def test_chapter_5_says_the_submission_gives_both_b7_figures() -> None:
    """Item 9: the review answer names the v1 and the current figure."""
    text = source("05-efficientnet")
    (answer,) = [
        d
        for d in directives(text)
        if d.name == "admonition"
        and "exactitudes top-1 distintas para B7" in d.argument
    ]
    assert "effnet_v1_top1_b7_txt" in answer.body
    assert "effnet_paper_top1_b7_txt" in answer.body
    assert "las dos cifras" in answer.body


def test_the_glossary_gives_one_term_per_concept() -> None:
    """Items 10 and 12: MobileNetV2's block has no SE; kernel, filter and
    stride are three terms, and «paso» is only a training step."""
    text = source("glosario")
    mbconv = text[text.index("Bloque MBConv") :].split("\n\n")[0]
    assert mbconv.index("MobileNetV2") < mbconv.index("EfficientNet le añade")
    for term in ("Núcleo\n", "Filtro\n", "Zancada\n"):
        assert term in text
    for path in SOURCES:
        assert "{term}`paso`" not in path.read_text("utf-8"), path.name


def test_practice_notebooks_cite_as_the_site_does() -> None:
    """Item 13: «et al.», never BibTeX's «others»."""
    for path in sorted((ROOT / "practica").glob("*.ipynb")) + sorted(
        (ROOT / "estudiante" / "practica").glob("*.ipynb")
    ):
        text = path.read_text("utf-8")
        assert not re.search(r"\by others\b|\bothers,", text), path.name
    assert (
        "et al." in (ROOT / "practica" / "04-backprop-4-4-4.ipynb").read_text()
    )


ENGLISH_LAYER_NAMES = {
    "flatten",
    "dense",
    "dense1",
    "dense2",
    "output",
    "logits",
}


@pytest.mark.parametrize("page", ["02-cifar10", "02-cifar10-mas-lejos"])
def test_the_cifar_networks_name_their_layers_in_spanish(page: str) -> None:
    """Item 16: the diagrams show the layers' names; nothing forces
    English ones on these networks (unlike Tiny VGG's weight file)."""
    names = set()
    for cell in jupytext.read(BOOK / f"{page}.md").cells:
        if cell.cell_type != "code":
            continue
        names |= set(re.findall(r'name="([^"]+)"', cell.source))
    assert names and not names & ENGLISH_LAYER_NAMES, (
        names & ENGLISH_LAYER_NAMES
    )
