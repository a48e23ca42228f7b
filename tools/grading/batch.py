"""Grade a folder of submissions: each notebook run in its sandbox, each
sheet read, every answer judged with the teacher's key; several at once.

Each submission is graded by a worker process of its own (one per core
by default); a worker that dies or runs over its time is replaced and
its submission gets a row that says why, and the others go on. Nothing
a submission does reaches another one's result: each result is made in
its worker from the teacher's key and what the capture read.
"""

import multiprocessing
import multiprocessing.connection
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from grading.judge import NOT_GRADABLE, Item, Judge, Judged
from grading.key import ChapterKey
from grading.runner import Captured, run_notebook
from grading.settings import FAST, Settings
from grading.sheets import read_sheet
from grading.submission import Unreadable, read_notebook
from rnadl.answers import decode, dumps
from rnadl.exercises import CORRECT, INCORRECT, UNANSWERED

NOTEBOOK, SHEET = "cuaderno", "hoja"
SUFFIXES = {".ipynb": NOTEBOOK, ".yml": SHEET, ".yaml": SHEET}
# What the report writes in the folder: never a submission.
REPORT_FILES = {"calificaciones.csv"}
REPORT_FOLDER = "retroalimentacion"


@dataclass
class QuestionResult:
    label: str
    title: str
    chapter: int
    points_max: float
    status: str  # correcta, incorrecta, sin responder, no calificable
    message: str
    source: str = ""  # where the value came from (recomputed, the sheet)
    notes: list[str] = field(default_factory=list)

    @property
    def points(self) -> float:
        return self.points_max if self.status == CORRECT else 0.0


@dataclass
class Result:
    name: str  # the file's name in the folder
    kind: str  # cuaderno or hoja
    chapters: list[tuple[int, str]] = field(default_factory=list)
    questions: list[QuestionResult] = field(default_factory=list)
    reason: str | None = None  # why it could not be graded (or is flagged)
    # Not graded, for the teacher to review: the full edition handed in as
    # the student's, or a notebook that reads the self-checks' key.
    flagged: bool = False
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # cells that failed
    how: str = ""  # how it was graded, for the feedback
    seconds: float = 0.0

    @property
    def total(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def maximum(self) -> float:
        return sum(q.points_max for q in self.questions)


def submissions(folder: Path) -> tuple[list[Path], list[Path]]:
    """The notebooks and sheets in a folder, and the other files there
    (which are not graded, and the summary lists)."""
    graded, other = [], []
    for path in sorted(folder.iterdir()):
        if path.name in REPORT_FILES or path.name == REPORT_FOLDER:
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            graded.append(path)
        else:
            other.append(path)
    return graded, other


def _question(key: ChapterKey, label: str, settings: Settings, **kw):
    question = key.question(label)
    return QuestionResult(
        label=label,
        title=question.title,
        chapter=key.number,
        points_max=settings.points.of(label),
        **kw,
    )


def own_run(spec: dict) -> bool:
    """Whether the question asks for a value of the student's own run (an
    accuracy, a loss): its check states bounds."""
    return decode(spec["bounds"]) is not None


def by_profile(spec: dict) -> bool:
    """Whether those bounds depend on the run profile."""
    return isinstance(decode(spec["bounds"]), Mapping)


def _profile(key: ChapterKey, captured: Captured) -> str | None:
    """The run profile whose constants the student's run used (None:
    neither): compared as rnadl.answers JSON, never evaluated."""
    for profile, values in (key.constants or {}).items():
        if all(
            captured.constants.get(name) == dumps(value)
            for name, value in values.items()
        ):
            return profile
    return None


def _own_run_source(profile: str | None, settings: Settings) -> str:
    """Where a value of the student's own run came from, for the
    feedback."""
    if profile == "full":
        chosen = " con las constantes del libro"
    elif profile == "fast" and settings.training == FAST:
        chosen = (
            " con las constantes de la prueba rápida, que puso el "
            "calificador (así lo eligió su docente)"
        )
    elif profile == "fast":
        chosen = " con las constantes de la prueba rápida"
    else:  # bounds that do not depend on the run profile
        chosen = ""
    return (
        "Valor de su propio entrenamiento, recalculado al ejecutar su "
        f"cuaderno{chosen}; se juzga con el intervalo que da un "
        "entrenamiento así, no con el número del libro."
    )


def _unjudged(key: ChapterKey) -> str:
    full = key.constants["full"] if key.constants else {}
    shown = ", ".join(f"{name} = {value!r}" for name, value in full.items())
    return (
        "Este valor sale de su propio entrenamiento, y sus constantes de "
        "entrenamiento no son las del libro ni las de la prueba rápida: no "
        f"hay un intervalo con que juzgarlo. Las del libro: {shown}."
    )


RECOMPUTED = "Recalculado al ejecutar su cuaderno."
FROM_SHEET = "Leído de la hoja de respuestas (no se recalculó)."


def _grade_notebook(path: Path, keys, settings, isolated) -> Result:
    result = Result(path.name, NOTEBOOK)
    try:
        found = read_notebook(path, keys)
    except Unreadable as problem:
        result.reason = f"No se pudo calificar: {problem}."
        return result
    key = found.key
    result.chapters = [(key.number, key.title)]
    result.notes += found.notes
    if found.full_edition or found.reads_key:
        result.flagged = True
        result.reason = (
            "Es la edición completa del libro, no el cuaderno del "
            f"estudiante ({found.full_edition}): trae las soluciones, así "
            "que no se califica; revísela a mano."
            if found.full_edition
            else f"No se califica: {found.reads_key}, que trae las "
            "respuestas; revísela a mano."
        )
        result.questions = [
            _question(
                key,
                label,
                settings,
                status=NOT_GRADABLE,
                message="No se calificó (véase el motivo arriba).",
            )
            for label in key.labels
        ]
        return result
    run = run_notebook(found, settings, isolated)
    result.errors = run.errors
    result.how = (
        "Su cuaderno se ejecutó de arriba abajo en un núcleo nuevo"
        + (", aislado," if isolated else ",")
        + f" en {run.seconds:.0f} s; cada respuesta se recalculó con su "
        "código y se juzgó con la clave del docente."
    )
    if run.truncated:
        result.notes.append(
            "Sus celdas escribieron más de "
            f"{settings.limits.output_mb:g} MB de salida: el resto se "
            "descartó."
        )
    if run.stopped:
        result.notes.append(f"La ejecución se detuvo: {run.stopped}.")
    with Judge(settings.limits) as judge:
        for label in key.labels:
            result.questions.append(
                _notebook_question(key, label, found, run, settings, judge)
            )
    return result


def _notebook_question(key, label, found, run, settings, judge):
    spec = key.question(label).spec
    notes = []

    def answer(status: str, message: str, source: str = ""):
        return _question(
            key,
            label,
            settings,
            status=status,
            message=message,
            source=source,
            notes=notes,
        )

    if label in found.missing:
        return answer(NOT_GRADABLE, f"No se calificó: {found.missing[label]}.")
    captured = run.captured.get(label)
    if captured is None:
        return answer(
            NOT_GRADABLE,
            "No se calificó: la ejecución no llegó a esta pregunta"
            + (f" ({run.stopped})." if run.stopped else "."),
        )
    if captured.cell_error:
        notes.append(
            "La celda de respuesta terminó con un error: "
            f"{captured.cell_error}"
        )
    if captured.unreadable:
        return answer(
            NOT_GRADABLE,
            f"No se pudo leer su respuesta: {captured.unreadable}.",
        )
    if captured.missing:
        return answer(UNANSWERED, "No hay ninguna variable `respuesta`.")
    if captured.type_name:
        return answer(
            INCORRECT,
            f"Su respuesta es de tipo {captured.type_name}, que no es un "
            "valor que se pueda calificar: use números, textos, tuplas, "
            "listas, diccionarios, arreglos de NumPy o expresiones de "
            "SymPy.",
            RECOMPUTED,
        )
    if len(captured.answer.encode()) > settings.limits.answer_kb * 1024:
        return answer(
            NOT_GRADABLE,
            f"Su respuesta ocupa más de {settings.limits.answer_kb} kB: no "
            "se calificó.",
        )
    profile, source = None, RECOMPUTED
    if own_run(spec):
        if by_profile(spec):
            profile = _profile(key, captured)
            if profile is None:
                return answer(NOT_GRADABLE, _unjudged(key))
        source = _own_run_source(profile, settings)
    judged = judge.verdict(Item(spec, profile, answer=captured.answer))
    if judged.status == UNANSWERED:
        source = ""
    return answer(judged.status, judged.message, source)


def _sheet_question(key, label, sheet, settings, judge) -> QuestionResult:
    spec = key.question(label).spec
    status, message, source, notes = UNANSWERED, "", "", ()
    if key.problem:
        status, message = NOT_GRADABLE, f"No se calificó: {key.problem}."
    elif label in sheet.ungradable:
        status = NOT_GRADABLE
        message = f"No se calificó: {sheet.ungradable[label]}."
    elif label not in sheet.typed:
        message = "La hoja no trae esta pregunta."
    else:
        profile = "full" if own_run(spec) and by_profile(spec) else None
        judged: Judged = judge.verdict(
            Item(spec, profile, typed=sheet.typed[label], from_sheet=True)
        )
        status, message, notes = judged.status, judged.message, judged.notes
        source = FROM_SHEET + (
            " Es un valor de un entrenamiento: se juzga con el intervalo "
            "que da el entrenamiento del libro."
            if own_run(spec)
            else ""
        )
    return _question(
        key,
        label,
        settings,
        status=status,
        message=message,
        source=source,
        notes=list(notes),
    )


def _grade_sheet(path: Path, keys, settings) -> Result:
    result = Result(path.name, SHEET)
    try:
        sheet = read_sheet(path, keys)
    except Unreadable as problem:
        result.reason = f"No se pudo calificar: {problem}."
        return result
    result.chapters = [(key.number, key.title) for key in sheet.chapters]
    result.notes += sheet.notes
    result.how = (
        "Sus respuestas se leyeron de la hoja, tal como se escribieron en "
        "el documento, y se juzgaron con la clave del docente."
    )
    with Judge(settings.limits) as judge:
        for key in sheet.chapters:
            for label in key.labels:
                result.questions.append(
                    _sheet_question(key, label, sheet, settings, judge)
                )
    return result


def grade_file(
    path: Path,
    keys: dict[str, ChapterKey],
    settings: Settings,
    isolated: bool,
) -> Result:
    """One submission's result; an error of the grader's own becomes the
    row's reason, never the end of the run."""
    kind = SUFFIXES[path.suffix.lower()]
    started = time.monotonic()
    try:
        if kind == NOTEBOOK:
            result = _grade_notebook(path, keys, settings, isolated)
        else:
            result = _grade_sheet(path, keys, settings)
    except Exception as problem:
        last = traceback.format_exception_only(problem)[-1].strip()
        result = Result(
            path.name,
            kind,
            reason=f"No se pudo calificar: error del calificador ({last}).",
        )
    result.seconds = time.monotonic() - started
    return result


# Several at once -------------------------------------------------------------


def _work(connection, keys, settings, isolated) -> None:
    """A worker: grade the paths it is sent until it is sent None."""
    while True:
        path = connection.recv()
        if path is None:
            return
        connection.send(grade_file(path, keys, settings, isolated))


@dataclass
class _Worker:
    process: multiprocessing.Process
    connection: multiprocessing.connection.Connection
    path: Path | None = None
    started: float = 0.0


def _hard_limit(settings: Settings) -> float:
    """Beyond this a worker is stuck (its own limits failed): killed."""
    limits = settings.limits
    return limits.notebook_seconds + 60 * limits.judge_seconds + 300


def grade_all(
    paths: list[Path],
    keys: dict[str, ChapterKey],
    settings: Settings,
    isolated: bool,
    done: Callable[[Result], None] = lambda result: None,
) -> list[Result]:
    """Every path's result, in the order given; `done` is called as each
    one is ready."""
    context = multiprocessing.get_context("spawn")
    pending = list(paths)
    results: dict[Path, Result] = {}
    workers: list[_Worker] = []

    def start() -> _Worker:
        mine, theirs = context.Pipe()
        process = context.Process(
            target=_work,
            args=(theirs, keys, settings, isolated),
        )
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def finish(worker: _Worker, result: Result) -> None:
        results[worker.path] = result
        worker.path = None
        done(result)

    def lost(worker: _Worker, why: str) -> None:
        path = worker.path
        worker.process.kill()
        worker.process.join()
        workers.remove(worker)
        results[path] = Result(
            path.name,
            SUFFIXES[path.suffix.lower()],
            reason=f"No se pudo calificar: {why}.",
        )
        done(results[path])

    try:
        while pending or any(w.path for w in workers):
            while pending and len(workers) < settings.limits.workers:
                workers.append(start())
            for worker in workers:
                if worker.path is None and pending:
                    worker.path = pending.pop(0)
                    worker.started = time.monotonic()
                    worker.connection.send(worker.path)
            busy = [w for w in workers if w.path is not None]
            ready = multiprocessing.connection.wait(
                [w.connection for w in busy]
                + [w.process.sentinel for w in busy],
                timeout=5,
            )
            for worker in busy:
                if worker.connection in ready:
                    try:
                        finish(worker, worker.connection.recv())
                        continue
                    except (EOFError, OSError):
                        pass
                if worker.connection in ready or not worker.process.is_alive():
                    code = worker.process.exitcode
                    lost(
                        worker,
                        f"el proceso del calificador terminó (código {code})",
                    )
                elif time.monotonic() - worker.started > _hard_limit(settings):
                    lost(worker, "el calificador se quedó detenido")
    finally:
        for worker in workers:
            try:
                worker.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
    return [results[path] for path in paths]
