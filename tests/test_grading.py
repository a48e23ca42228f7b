"""The grader (tools/grade.py, tools/grading/): the settings, the lenient
reading of answer sheets and typed formulas, the judge's time limit, and
one folder of submissions graded end to end: right, wrong and unanswered
student notebooks of two chapters, the submitted solution's answer sheet,
the full edition handed in, and every broken or hostile submission of
tests/fixtures/grading/ (hostiles.yml says what each one does).

The notebooks are made here from the real student notebooks
(grading.examples): nothing copies a value of the key by hand.
"""

import ast
import csv
import hashlib
import re
import shutil
from dataclasses import fields
from pathlib import Path

import grade
import nbformat
import pytest
import sympy as sp
import yaml
from book_files import ROOT
from grading import examples, sandbox
from grading.batch import _profile, grade_file
from grading.formulas import FormulaError, formula
from grading.judge import NOT_GRADABLE, Item, Judge
from grading.key import role, teacher_keys
from grading.report import CSV_NAME, FIXED_COLUMNS, feedback_names
from grading.runner import GRADER, Captured, cells_to_run
from grading.settings import FAST, Limits, Settings, SettingsError, load
from grading.submission import read_notebook
from grading.typed import number
from practice_notebooks import answer_key

from rnadl.answers import decode, dumps
from rnadl.backprop import ALPHA, layer_symbol, summation_index
from rnadl.exercises import CORRECT, INCORRECT, UNANSWERED

FIXTURES = ROOT / "tests" / "fixtures" / "grading"
CONFIG = FIXTURES / "calificacion.yml"
SMALL_LIMITS = FIXTURES / "limites-pequenos.yml"
HOSTILES = yaml.safe_load((FIXTURES / "hostiles.yml").read_text("utf-8"))
# The two chapters graded end to end (they run in seconds).
CHAPTERS = ("04-backprop-4-4-4", "06-tiny-vgg")
KEY = ROOT / "book" / "04-backprop-4-4-4.ipynb"
PRACTICE = ROOT / "practica" / "04-backprop-4-4-4.ipynb"
KEYS = teacher_keys()


# The settings ----------------------------------------------------------------


def test_the_defaults_and_the_teachers_file() -> None:
    assert Settings().limits.workers >= 1  # one per core
    settings = load(CONFIG)
    assert settings.limits.notebook_seconds == 300
    assert settings.limits.cell_seconds == Limits().cell_seconds  # default
    assert load(SMALL_LIMITS).limits.cell_seconds == 4
    assert settings.points.of("ej-bp4-inciso") == 2
    assert settings.points.of("ej-bp4-alpha") == 1


@pytest.mark.parametrize(
    "text, problem",
    [
        ("limites:\n  segundos: 3\n", "no conozco segundos"),
        ("limites:\n  memoria_mb: mucha\n", "se esperaba un número"),
        ("entrenamiento: largo\n", "entrenamiento es"),
        ("puntos: [1, 2]\n", "se esperaba una lista de claves"),
    ],
)
def test_a_wrong_settings_file_says_what_is_wrong(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "calificacion.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=problem):
        load(path)


def test_the_files_commented_defaults_are_the_codes() -> None:
    """calificacion.yml shows each default in a comment: the same value as
    tools/grading/settings.py."""
    text = (ROOT / "calificacion.yml").read_text("utf-8")
    shown = dict(re.findall(r"^\s*# (\w+): (\w+)$", text, re.MULTILINE))
    limits = {
        f.metadata["key"]: getattr(Limits(), f.name) for f in fields(Limits)
    }
    assert set(limits) <= set(shown)
    for key, value in limits.items():
        assert float(shown[key]) == value, key
    assert float(shown["por_defecto"]) == Settings().points.default
    assert shown["entrenamiento"] == Settings().training
    assert load(ROOT / "calificacion.yml").limits == Limits()


# Answer sheets ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, integer, value, said",
    [
        ("564.938", True, 564938, "el punto separa los miles"),
        ("564 938", True, 564938, "los espacios separan los miles"),
        ("19,920", True, 19920, "la coma separa los miles"),
        ("0,5", False, 0.5, "coma decimal"),
        ("0.2", False, 0.2, None),
        ("1.234,5", False, 1234.5, "«.» separa los miles"),
        ("1,234.5", False, 1234.5, "«,» separa los miles"),
        ("\u22120,98932", False, -0.98932, "coma decimal"),
        ("86,5 %", False, 0.865, "un porcentaje"),
        ("2432", True, 2432, None),
    ],
)
def test_a_number_is_read_as_a_colombian_document_writes_it(
    typed: str, integer: bool, value: float, said: str | None
) -> None:
    notes: list[str] = []
    assert number(typed, integer, notes) == pytest.approx(value)
    assert (said is None and not notes) or (said in notes[0])


def test_a_formula_is_read_in_the_lessons_names() -> None:
    k3 = summation_index(3)
    delta, weights = layer_symbol("delta", 3), layer_symbol("w", 3)
    out = layer_symbol("a", 2)
    typed = formula(
        "(1 - A[2][4]**2) * Sum(W[3][k_3, 4] * DELTA[3][k_3], (k_3, 1, 4))"
    )
    book = (1 - out[4] ** 2) * sp.Sum(weights[k3, 4] * delta[k3], (k3, 1, 4))
    assert sp.simplify(typed - book) == 0
    assert formula("ALPHA * DELTA[2][4] * A[1][2]") == (
        ALPHA * layer_symbol("delta", 2)[4] * layer_symbol("a", 1)[2]
    )


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo hola')",
        "().__class__.__bases__",
        "A[1][2].func",
        "10 ** 10 ** 10",
        "open('/etc/passwd')",
        "lambda: 1",
    ],
)
def test_a_formula_runs_nothing(text: str) -> None:
    with pytest.raises(FormulaError):
        formula(text)


def test_the_judge_stops_an_answer_that_takes_too_long() -> None:
    spec = KEYS["03-backprop-6-capas"].question("ej-bp6-inciso").spec
    huge = '{"sympy": "Pow(Integer(7), Integer(100000000000))"}'
    with Judge(Limits(judge_seconds=3, memory_mb=2048)) as judge:
        stopped = judge.verdict(Item(spec, None, answer=huge))
        after = judge.verdict(Item(spec, None, answer='{"ellipsis": true}'))
    assert stopped.status == NOT_GRADABLE and "tardó más de 3 s" in (
        stopped.message
    )
    assert after.status == UNANSWERED, after  # a new child judged it


# What the grader runs --------------------------------------------------------


def test_the_grader_adds_its_cells_around_each_answer(tmp_path: Path) -> None:
    path = tmp_path / "vacio.ipynb"
    nbformat.write(examples.unanswered("04"), path)
    found = read_notebook(path, KEYS)
    cells = cells_to_run(found, Settings())
    kinds = [cell.metadata[GRADER]["kind"] for cell in cells]
    labels = found.key.labels
    assert kinds.count("capture") == kinds.count("reset") == len(labels)
    for at, kind in enumerate(kinds):
        if kind == "capture":
            assert kinds[at - 2 : at] == ["reset", "submission"]
    key_cells = [c for c in cells if "StudentKey" in c.source]
    assert not key_cells, "the notebook's key cell does not run"
    assert kinds[1] == "key" and "install_guard" in cells[1].source


def test_the_quick_constants_come_from_the_full_edition(tmp_path) -> None:
    """Graded with the quick constants, a chapter that trains gets them set
    right after its constants cell, with the values of the full edition's
    practice notebook."""
    path = tmp_path / "vacio.ipynb"
    nbformat.write(examples.unanswered("01"), path)
    found = read_notebook(path, KEYS)
    cells = cells_to_run(found, Settings(training=FAST))
    kinds = [cell.metadata[GRADER]["kind"] for cell in cells]
    at = kinds.index("constants")
    assert "parameters" in found.notebook.cells[
        cells[at - 1].metadata[GRADER]["cell"]
    ].metadata.get("tags", [])
    full = nbformat.read(ROOT / "practica" / "01-raisin.ipynb", 4)
    (cell,) = [
        c for c in full.cells if "parameters" in c.metadata.get("tags", [])
    ]
    quick = {
        name: ast.literal_eval(value)
        for name, value in cell.metadata["rnadl"]["fast"].items()
    }
    namespace: dict = {}
    exec(cells[at].source, namespace)  # the grader's own cell: literals
    assert {k: namespace[k] for k in quick} == quick
    assert "constants" not in [
        c.metadata[GRADER]["kind"] for c in cells_to_run(found, Settings())
    ]


def test_a_training_value_is_judged_by_the_profile_it_ran_with() -> None:
    key = KEYS["01-raisin"]
    for profile in ("full", "fast"):
        run = Captured(
            constants={
                name: dumps(value)
                for name, value in key.constants[profile].items()
            }
        )
        assert _profile(key, run) == profile
    changed = dict(key.constants["full"], MAX_EPOCHS=7)
    run = Captured(constants={n: dumps(v) for n, v in changed.items()})
    assert _profile(key, run) is None


def test_feedback_files_keep_apart_two_submissions_of_one_name() -> None:
    class Named:
        def __init__(self, name: str) -> None:
            self.name = name

    names = feedback_names(
        [Named("g3.ipynb"), Named("g3.yml"), Named("a.yml")]
    )
    assert names == {"g3.ipynb": "g3-ipynb.md", "g3.yml": "g3-yml.md"} | {
        "a.yml": "a.md"
    }


# A folder graded end to end --------------------------------------------------


def _blob() -> str:
    template = KEYS["04-backprop-4-4-4"].template
    cell = next(
        c for c in nbformat.read(template, 4).cells if role(c) == "key"
    )
    return next(
        node.value
        for node in ast.walk(ast.parse(cell.source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and len(node.value) > 100
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _full_edition(disguised: bool) -> nbformat.NotebookNode:
    """The full edition's practice notebook, its answers the book's
    solutions, handed in as a student's."""
    notebook = nbformat.read(PRACTICE, as_version=4)
    for cell in notebook.cells:
        if role(cell) == "answer":
            cell.source = cell.metadata["rnadl"]["solution"]
    if disguised:
        notebook.metadata["rnadl"]["edition"] = "student"
    return notebook


def _grade(folder: Path, config: Path) -> dict:
    """Grade a folder with tools/grade.py; what it wrote."""
    try:
        sandbox.install()
    except sandbox.SandboxMissing as problem:
        pytest.fail(str(problem))
    before = {path: _digest(path) for path in [KEY, PRACTICE]}
    before |= {path: _digest(path) for path in folder.iterdir()}
    code = grade.main([str(folder), "--config", str(config)])
    with (folder / CSV_NAME).open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = reader.fieldnames
        rows = {row["archivo"]: row for row in reader}
    feedback = {
        path.name: path.read_text("utf-8")
        for path in (folder / "retroalimentacion").iterdir()
    }
    return {
        "code": code,
        "columns": columns,
        "rows": rows,
        "feedback": feedback,
        "before": before,
        "folder": folder,
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """Right, wrong and unanswered notebooks of two chapters, the submitted
    solution's sheet, the full edition, files that are no notebook: graded
    once, with the default limits."""
    folder = tmp_path_factory.mktemp("capitulos") / "entregas"
    folder.mkdir()
    for chapter in CHAPTERS:
        number = chapter[:2]
        for kind in (examples.SOLVED, examples.WRONG, examples.UNANSWERED):
            nbformat.write(
                examples.made(number, kind), folder / f"{number}-{kind}.ipynb"
            )
    for name in ("no-es-json", "json-sin-cuaderno", "cuaderno-vacio"):
        shutil.copy(FIXTURES / f"{name}.ipynb", folder)
    shutil.copy(FIXTURES / "entregada.yml", folder)
    nbformat.write(_full_edition(False), folder / "edicion-completa.ipynb")
    nbformat.write(
        _full_edition(True), folder / "edicion-completa-disfrazada.ipynb"
    )
    (folder / "notas.txt").write_text("no es una entrega", encoding="utf-8")
    return _grade(folder, CONFIG)


@pytest.fixture(scope="module")
def hostiles(tmp_path_factory) -> dict:
    """Every submission of hostiles.yml, graded once with small limits; a
    file outside everything that one of them tries to delete."""
    base = tmp_path_factory.mktemp("hostiles")
    folder = base / "entregas"
    folder.mkdir()
    canary = base / "canario.txt"
    canary.write_text("sigo aquí", encoding="utf-8")
    places = {
        "root": str(ROOT),
        "key": str(KEY),
        "practice": str(PRACTICE),
        "folder": str(folder),
        "other": str(folder / "bucle-infinito.ipynb"),
        "canary": str(canary),
        "blob": _blob(),
    }
    for name, fixture in HOSTILES.items():
        nbformat.write(
            examples.hostile("04", fixture, places), folder / f"{name}.ipynb"
        )
    return _grade(folder, SMALL_LIMITS) | {"canary": canary}


def verdicts(row: dict, chapter: str = "04-backprop-4-4-4") -> dict:
    return {label: row[f"{label} veredicto"] for label in KEYS[chapter].labels}


def test_the_run_ends_and_writes_its_csv(graded: dict) -> None:
    assert graded["code"] == 0
    labels = [
        label
        for chapter in (
            "02-cifar10",
            "03-backprop-6-capas",
            "04-backprop-4-4-4",
            "06-tiny-vgg",
        )
        for label in KEYS[chapter].labels
    ]
    assert graded["columns"] == FIXED_COLUMNS + [
        f"{label} {part}"
        for label in labels
        for part in ("puntos", "veredicto")
    ]
    made = {path.name for path in graded["folder"].iterdir()}
    assert set(graded["rows"]) == {
        name for name in made if name.endswith((".ipynb", ".yml"))
    }
    assert graded["feedback"].keys() == {
        name.rsplit(".", 1)[0] + ".md" for name in graded["rows"]
    }


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_right_wrong_and_unanswered_notebooks(graded: dict, chapter) -> None:
    number, rows = chapter[:2], graded["rows"]
    key = KEYS[chapter]
    right = rows[f"{number}-{examples.SOLVED}.ipynb"]
    wrong = rows[f"{number}-{examples.WRONG}.ipynb"]
    empty = rows[f"{number}-{examples.UNANSWERED}.ipynb"]
    assert set(verdicts(right, chapter).values()) == {CORRECT}
    assert right["total"] == right["maximo"] != "0"
    assert set(verdicts(wrong, chapter).values()) == {INCORRECT}
    assert set(verdicts(empty, chapter).values()) == {UNANSWERED}
    assert wrong["total"] == empty["total"] == "0"
    text = graded["feedback"][f"{number}-{examples.WRONG}.md"]
    inciso = key.questions[0]
    assert f"## {inciso.title} · ✘ Incorrecta" in text
    if inciso.spec["wrong"]:  # the check's own message, word for word
        assert inciso.spec["wrong"][0][1] in text
    assert "Recalculado al ejecutar su cuaderno." in text
    assert "se ejecutó de arriba abajo en un núcleo nuevo, aislado" in text


def test_the_submitted_solutions_sheet(graded: dict) -> None:
    row = graded["rows"]["entregada.yml"]
    text = graded["feedback"]["entregada.md"]
    assert row["capitulos"] == "2 3 4 6"
    assert row["ej-cifar-inciso veredicto"] == CORRECT
    assert "«564.938» se leyó como 564938 (el punto separa los miles)" in text
    assert row["ej-tinyvgg-inciso veredicto"] == CORRECT
    assert row["ej-bp4-inciso veredicto"] == INCORRECT
    bp4 = KEYS["04-backprop-4-4-4"].question("ej-bp4-inciso").spec
    submitted = next(m for v, m in bp4["wrong"] if decode(v) == (0.2, 0.5))
    assert submitted in text
    # Chapter 3: the first of the chapter's two readings of y − y′.
    assert row["ej-bp6-inciso veredicto"] == INCORRECT
    bp6 = KEYS["03-backprop-6-capas"].question("ej-bp6-inciso").spec
    assert bp6["wrong"][0][1] in text
    assert "Leído de la hoja de respuestas" in text
    assert row["ej-cifar-conv veredicto"] == UNANSWERED


def test_the_full_edition_is_flagged_not_graded(graded: dict) -> None:
    for name in ("edicion-completa", "edicion-completa-disfrazada"):
        row = graded["rows"][f"{name}.ipynb"]
        assert row["revisar"] == "sí" and row["total"] == "0"
        assert "edición completa" in row["motivo"]
        assert set(verdicts(row).values()) == {NOT_GRADABLE}


@pytest.mark.parametrize(
    "name, reason",
    [
        ("no-es-json", "no es JSON"),
        ("json-sin-cuaderno", "es JSON, pero no un cuaderno"),
        ("cuaderno-vacio", "está vacío"),
    ],
)
def test_a_file_that_is_not_a_notebook_gets_a_reason(
    graded: dict, name: str, reason: str
) -> None:
    row = graded["rows"][f"{name}.ipynb"]
    assert reason in row["motivo"] and row["total"] == "0"


ALL_RIGHT = {label: CORRECT for label in KEYS["04-backprop-4-4-4"].labels}
NOTHING = {label: UNANSWERED for label in KEYS["04-backprop-4-4-4"].labels}
STOPPED = {label: NOT_GRADABLE for label in KEYS["04-backprop-4-4-4"].labels}
# What each hostile submission gets, question by question, and what its
# feedback says.
EXPECTED = {
    "lee-la-clave": (NOTHING, "se ejecutó"),
    "lee-la-clave-del-cuaderno": (STOPPED, "lee la clave de las comprob"),
    "escribe-sobre-la-clave": (ALL_RIGHT, "se ejecutó"),
    "borra-fuera-de-su-carpeta": (ALL_RIGHT, "se ejecutó"),
    "bucle-infinito": (ALL_RIGHT, "Tiempo agotado"),
    "bucle-que-no-se-interrumpe": (
        STOPPED,
        "el núcleo no respondió al interrumpirla",
    ),
    "pide-30-gb": (ALL_RIGHT, "MemoryError"),
    "salida-de-100-mb": (ALL_RIGHT, "de salida: el resto se descartó"),
    "reemplaza-check-y-verdict": (NOTHING, "se ejecutó"),
    "solo-imprime-correcto": (NOTHING, "se ejecutó"),
    "respuesta-de-tipo-funcion": (
        {**ALL_RIGHT, "ej-bp4-inciso": INCORRECT},
        "es de tipo builtin_function_or_method",
    ),
    "respuesta-de-tipo-texto": (
        {**ALL_RIGHT, "ej-bp4-inciso": INCORRECT},
        "recibió el texto",
    ),
    "celda-que-falla": (ALL_RIGHT, "ZeroDivisionError"),
    "respuesta-que-falla": (
        {**ALL_RIGHT, "ej-bp4-inciso": UNANSWERED},
        "La celda de respuesta terminó con un error: RuntimeError",
    ),
    "respuestas-borradas-o-renombradas": (
        {
            **ALL_RIGHT,
            "ej-bp4-alpha": NOT_GRADABLE,
            "ej-bp4-dos-pasos": NOT_GRADABLE,
        },
        "había perdido su marca",
    ),
}


def test_every_hostile_fixture_has_an_expected_outcome() -> None:
    assert set(EXPECTED) == set(HOSTILES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_submission_gets_only_what_it_earned(
    hostiles: dict, name: str
) -> None:
    wanted, said = EXPECTED[name]
    row = hostiles["rows"][f"{name}.ipynb"]
    assert verdicts(row) == wanted
    points = load(SMALL_LIMITS).points
    earned = sum(points.of(q) for q, v in wanted.items() if v == CORRECT)
    assert float(row["total"]) == earned
    assert said in hostiles["feedback"][f"{name}.md"] + row["motivo"]


def test_nothing_outside_a_submissions_sandbox_changed(hostiles) -> None:
    """The key, the full edition, the other submissions (as handed in),
    the repository and a file elsewhere are as they were, though the
    paths the hostile cells aimed at exist on this machine."""
    assert hostiles["code"] == 0
    for path, digest in hostiles["before"].items():
        assert _digest(path) == digest, path
    assert hostiles["canary"].read_text("utf-8") == "sigo aquí"
    assert (ROOT / "book").is_dir() and (ROOT / "tools").is_dir()
    assert answer_key(KEY), "the key the hostile cell looked for is there"


def test_output_beyond_the_limit_is_dropped(hostiles: dict) -> None:
    assert len(hostiles["feedback"]["salida-de-100-mb.md"]) < 20_000


def test_a_sheet_is_graded_without_a_kernel() -> None:
    """grade_file on its own, as a worker calls it."""
    result = grade_file(FIXTURES / "entregada.yml", KEYS, Settings(), True)
    assert result.reason is None and result.total == 2
