"""The book's structure: paired chapters in sync, Colab cells, table of contents, glue, environment."""

import re
import tomllib

import jupytext
import pytest
import yaml
from book_files import BOOK, CHAPTERS, PAGES, ROOT, config, glued_values

# The names other people read the book's results by: they must not change.
REQUIRED_GLUE = {
    "01-raisin": {
        "raisin_rows",
        "raisin_params_shallow",
        "raisin_params_deep",
        "raisin_test_acc_shallow",
        "raisin_test_acc_deep",
        "raisin_cv_acc_shallow",
        "raisin_cv_acc_deep",
        "raisin_cv_acc_logreg",
    },
    "02-cifar10": {
        "cifar_data_source",
        "cifar_train_images",
        "cifar_test_images",
        "cifar_params_total",
        "cifar_test_acc",
        "cifar_convnetjs_test_acc",
        "cifar_epoch_seconds",
        "cifar_epochs_run",
        "cifar_test_acc_lossless1000",
        "cifar_datasize_acc_1000",
        "cifar_datasize_acc_4000",
        "cifar_datasize_acc_16000",
        "cifar_datasize_acc_50000",
        "cifar_modern_test_acc",
        "cifar_modern_test_acc_lossless1000",
        "cifar_modern_train_minutes",
        "cifar_modern_params",
    },
    "03-backprop-6-capas": {"bp6_autodiff_max_abs_diff"},
    "04-backprop-4-4-4": {
        "bp4_b1_new",
        "bp4_b1_delta",
        "bp4_w24_new",
        "bp4_w24_delta",
        "bp4_autodiff_max_abs_diff",
    },
    "05-efficientnet": {
        "effnet_params_b0",
        "effnet_params_b1",
        "effnet_params_b2",
        "effnet_params_b3",
        "effnet_params_b4",
        "effnet_params_b5",
        "effnet_params_b6",
        "effnet_params_b7",
        "effnet_gflops_b0",
        "effnet_gflops_b1",
        "effnet_gflops_b2",
        "effnet_gflops_b3",
        "effnet_gflops_b4",
        "effnet_gflops_b5",
        "effnet_gflops_b6",
        "effnet_gflops_b7",
    },
    "06-tiny-vgg": {
        "tinyvgg_params_total",
        "tinyvgg_examples_top1_correct",
        "tinyvgg_conv_step_abs_diff",
    },
}


def cells(path):
    return [
        (cell.cell_type, cell.source.strip(), cell.metadata.get("tags", []))
        for cell in jupytext.read(path).cells
    ]


def test_every_chapter_is_listed() -> None:
    assert CHAPTERS, "no chapters found in book/"
    assert {path.stem for path in CHAPTERS} == set(REQUIRED_GLUE)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [
        entry["file"] for part in toc["parts"] for entry in part["chapters"]
    ]
    for path in CHAPTERS:
        assert f"book/{path.stem}" in files, (
            f"{path.name} is missing from _toc.yml"
        )
    for entry in files:
        assert any(
            (ROOT / entry).with_suffix(s).exists() for s in (".md", ".ipynb")
        ), entry


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_chapter_pair_is_in_sync_and_executed(source) -> None:
    notebook = source.with_suffix(".ipynb")
    assert notebook.exists(), (
        f"{source.name} has no paired notebook: run make book"
    )
    assert cells(source) == cells(notebook), (
        f"{source.name} and its .ipynb differ: run make book"
    )
    for cell in jupytext.read(notebook).cells:
        if cell.cell_type == "code" and cell.source.strip():
            assert cell.execution_count is not None, (
                f"unexecuted cell in {notebook.name}"
            )
            assert all(o.output_type != "error" for o in cell.outputs)


def colab_cell() -> str:
    """The first cell every chapter must hold, built from the one configured repository URL."""
    repository = config()["repository"]
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    myst_nb = next(pin for pin in pins["book"] if pin.startswith("myst-nb=="))
    return (
        "# Colab only: install this book's package (and myst-nb, for glue).\n"
        "import sys\n\n"
        f'REPOSITORY = "{repository["url"]}"\n'
        f'PACKAGES = f\'"rnadl @ git+{{REPOSITORY}}@{repository["branch"]}" '
        f'"{myst_nb}"\'\n'
        'if "google.colab" in sys.modules:\n'
        "    %pip install --quiet --no-deps {PACKAGES}"
    )


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_starts_with_the_hidden_colab_install_cell(source) -> None:
    first = next(
        c for c in jupytext.read(source).cells if c.cell_type == "code"
    )
    assert first.source.strip() == colab_cell()
    assert "remove-cell" in first.metadata.get("tags", [])


def test_launch_buttons_point_at_the_repository_main_branch() -> None:
    settings = config()
    assert settings["repository"]["branch"] == "main"
    assert re.fullmatch(
        r"https://github\.com/[\w.-]+/[\w.-]+", settings["repository"]["url"]
    )
    assert (
        settings["launch_buttons"]["colab_url"]
        == "https://colab.research.google.com"
    )
    assert settings["sphinx"]["config"]["language"] == "es"


@pytest.mark.parametrize("chapter, names", sorted(REQUIRED_GLUE.items()))
def test_chapter_glues_its_results(chapter: str, names: set[str]) -> None:
    values = glued_values(BOOK / f"{chapter}.ipynb")
    assert names <= set(values), f"missing glue: {sorted(names - set(values))}"


def numbers(chapter: str, *names: str) -> dict[str, float]:
    """The glued values of a chapter read as numbers, for the given names."""
    values = glued_values(BOOK / f"{chapter}.ipynb")
    return {name: float(values[name]) for name in names}


def test_cifar_published_from_all_images() -> None:
    """The published chapter 2 trained on all 50,000 images and tested on all
    10,000; its accuracies are whole numbers of test images; the data-size
    curve ends at the main run, and the modern recipe's numbers are sane."""
    sizes = (1000, 4000, 16000, 50000)
    values = numbers(
        "02-cifar10",
        "cifar_train_images",
        "cifar_test_images",
        "cifar_test_acc",
        "cifar_test_acc_lossless1000",
        "cifar_convnetjs_test_acc",
        "cifar_modern_test_acc",
        "cifar_modern_test_acc_lossless1000",
        "cifar_modern_train_minutes",
        "cifar_modern_params",
        *(f"cifar_datasize_acc_{n}" for n in sizes),
    )
    assert (values["cifar_train_images"], values["cifar_test_images"]) == (
        50_000,
        10_000,
    )
    for name, count in [
        ("cifar_test_acc", 10_000),
        ("cifar_convnetjs_test_acc", 10_000),
        ("cifar_modern_test_acc", 10_000),
        ("cifar_test_acc_lossless1000", 1000),
        ("cifar_modern_test_acc_lossless1000", 1000),
        *((f"cifar_datasize_acc_{n}", 10_000) for n in sizes),
    ]:
        images = values[name] * count
        assert images == pytest.approx(round(images), abs=1e-6), name
    assert values["cifar_datasize_acc_50000"] == values["cifar_test_acc"]
    assert (
        0 < values["cifar_modern_train_minutes"]
        and values["cifar_modern_params"] > 0
    )


def test_raisin_accuracies_are_counts_of_grains() -> None:
    """Each accuracy is a whole number of grains: of the held-out test set,
    or of the 900 grains that the 10 folds hold out once each."""
    values = numbers(
        "01-raisin", "raisin_test_rows", *REQUIRED_GLUE["01-raisin"]
    )
    assert values["raisin_rows"] == 900
    assert values["raisin_params_shallow"] == (7 + 1) * 16 + 17
    assert values["raisin_params_deep"] == 8 * 64 + 65 * 32 + 33 * 16 + 17
    for name in ("test_acc_shallow", "test_acc_deep"):
        grains = values[f"raisin_{name}"] * values["raisin_test_rows"]
        assert grains == pytest.approx(round(grains), abs=1e-9), name
    for name in ("cv_acc_shallow", "cv_acc_deep", "cv_acc_logreg"):
        grains = values[f"raisin_{name}"] * values["raisin_rows"]
        assert grains == pytest.approx(round(grains), abs=1e-9), name


def test_efficientnet_glued_values_are_close_to_the_paper() -> None:
    values = glued_values(BOOK / "05-efficientnet.ipynb")
    # Tan & Le (2019), Table 2: parameters (millions) and FLOPs (billions) of B0-B7.
    paper = zip(
        (5.3, 7.8, 9.2, 12, 19, 30, 43, 66),
        (0.39, 0.70, 1.0, 1.8, 4.2, 9.9, 19, 37),
    )
    for index, (params_m, gflops) in enumerate(paper):
        assert values[f"effnet_params_b{index}"].isdigit()
        assert (
            abs(int(values[f"effnet_params_b{index}"]) / 1e6 / params_m - 1)
            < 0.05
        )
        assert (
            abs(float(values[f"effnet_gflops_b{index}"]) / gflops - 1) < 0.05
        )


def test_backprop_glued_values_are_consistent() -> None:
    six = numbers("03-backprop-6-capas", "bp6_autodiff_max_abs_diff")
    four = numbers(
        "04-backprop-4-4-4",
        "bp4_autodiff_max_abs_diff",
        "bp4_b1_new",
        "bp4_b1_delta",
        "bp4_w24_new",
        "bp4_w24_delta",
    )
    assert 0 <= six["bp6_autodiff_max_abs_diff"] < 1e-12
    assert 0 <= four["bp4_autodiff_max_abs_diff"] < 1e-12
    # Inciso 4 starts from b1 = -1.0 and w(2,4) = 1.0; new value = old value + increment.
    assert four["bp4_b1_new"] == pytest.approx(
        -1.0 + four["bp4_b1_delta"], abs=1e-11
    )
    assert four["bp4_w24_new"] == pytest.approx(
        1.0 + four["bp4_w24_delta"], abs=1e-11
    )
    assert 0 < four["bp4_b1_delta"] < 0.48 and 0 < four["bp4_w24_delta"] < 0.15


def normalise(requirement: str) -> tuple[str, str]:
    """(name, version) of an exact pin such as 'Name_x==1.0; marker', the name in normal form."""
    match = re.fullmatch(
        r"\s*([\w.-]+)\s*==\s*([^\s;]+)\s*(;.*)?", requirement
    )
    assert match, (
        f"{requirement!r} is not an exact pin: pin every dependency as name==version"
    )
    return re.sub(r"[-_.]+", "-", match[1].lower()), match[2]


def test_lock_holds_the_pins_and_environment_yml_is_generated_from_it() -> (
    None
):
    from runpy import run_path  # tools/ holds scripts, not a package

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = set(
        map(
            normalise,
            project["dependencies"] + project["optional-dependencies"]["book"],
        )
    )
    generator = run_path(str(ROOT / "tools" / "environment.py"))
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    locked = set(map(normalise, generator["locked_requirements"](lock)))
    assert pinned <= locked, (
        f"requirements.lock lacks {sorted(pinned - locked)}: run make lock"
    )
    environment = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert environment == generator["render"](lock), (
        "environment.yml is stale: run make lock"
    )
