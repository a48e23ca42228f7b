"""What grading writes: the grades (calificaciones.csv), each
submission's feedback (retroalimentacion/NAME.md) and a summary on the
terminal.

The CSV has one row per submission (its file name): the chapters it
answers, its total and maximum, the reason when it could not be graded
(or why the teacher should review it: the full edition handed in, a
notebook that reads its self-checks' key), and for every question of
the chapters graded its points and its verdict (correcta, incorrecta,
sin responder, no calificable; empty for a question of another chapter).
It is UTF-8 with a byte-order mark, so that a spreadsheet opens its
accents right.

The feedback is in Spanish, for the student: each question with the
check's own message (the same words as the notebook's self-check), where
the value came from (recomputed by running the notebook, or read from the
sheet) and what a sheet's reading changed; then what failed in the run.
"""

import csv
from collections import Counter
from pathlib import Path

from grading.batch import REPORT_FOLDER, Result
from grading.judge import NOT_GRADABLE
from rnadl.exercises import CORRECT, INCORRECT, SYMBOLS, UNANSWERED

CSV_NAME = "calificaciones.csv"
FIXED_COLUMNS = [
    "archivo",
    "tipo",
    "capitulos",
    "total",
    "maximo",
    "revisar",
    "motivo",
]
SHOWN = {
    CORRECT: SYMBOLS[CORRECT].replace("Correcto", "Correcta"),
    INCORRECT: SYMBOLS[INCORRECT].replace("Incorrecto", "Incorrecta"),
    UNANSWERED: SYMBOLS[UNANSWERED],
    NOT_GRADABLE: "⊘ No calificable",
}


def points(value: float) -> str:
    """Points as a spreadsheet and a student read them: 2, 1.5."""
    return f"{value:g}"


def labels_in_order(results: list[Result]) -> list[str]:
    """Every question any result grades, by chapter and in the order its
    notebook asks them."""
    seen: dict[str, tuple[int, int]] = {}
    for result in results:
        for position, question in enumerate(result.questions):
            seen.setdefault(question.label, (question.chapter, position))
    return sorted(seen, key=seen.get)


def write_csv(results: list[Result], folder: Path) -> Path:
    labels = labels_in_order(results)
    path = folder / CSV_NAME
    with path.open("w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            FIXED_COLUMNS
            + [
                f"{label} {part}"
                for label in labels
                for part in ("puntos", "veredicto")
            ]
        )
        for result in results:
            by_label = {q.label: q for q in result.questions}
            row = [
                result.name,
                result.kind,
                " ".join(str(number) for number, _ in result.chapters),
                points(result.total),
                points(result.maximum),
                "sí" if result.flagged else "",
                result.reason or "",
            ]
            for label in labels:
                question = by_label.get(label)
                row += (
                    [points(question.points), question.status]
                    if question
                    else ["", ""]
                )
            writer.writerow(row)
    return path


def feedback_names(results: list[Result]) -> dict[str, str]:
    """Each submission's feedback file name: its own name as .md (with its
    suffix kept when two submissions share a stem)."""
    stems = Counter(Path(result.name).stem for result in results)
    names = {}
    for result in results:
        stem, suffix = Path(result.name).stem, Path(result.name).suffix
        names[result.name] = (
            f"{stem}.md" if stems[stem] == 1 else f"{stem}-{suffix[1:]}.md"
        )
    return names


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def feedback(result: Result) -> str:
    """The feedback a student receives, as Markdown."""
    lines = [f"# Retroalimentación de «{result.name}»", ""]
    for number, title in result.chapters:
        lines += [f"**Capítulo {number}.** {title}", ""]
    if result.questions and not result.flagged:
        lines += [
            f"**Calificación: {points(result.total)} de "
            f"{points(result.maximum)} puntos.**",
            "",
        ]
    if result.reason:
        lines += [result.reason, ""]
    if result.how:
        lines += [result.how, ""]
    if result.questions:
        lines += ["| Pregunta | Resultado | Puntos |", "|---|---|---|"]
        for question in result.questions:
            lines.append(
                f"| {question.title} | {SHOWN[question.status]} | "
                f"{points(question.points)} de "
                f"{points(question.points_max)} |"
            )
        lines.append("")
    for question in result.questions:
        lines += [
            f"## {question.title} · {SHOWN[question.status]} "
            f"({points(question.points)} de {points(question.points_max)})",
            "",
        ]
        if question.message:
            lines += [question.message, ""]
        if question.source:
            lines += [f"*De dónde sale el valor:* {question.source}", ""]
        lines += [f"- {note}" for note in question.notes]
        if question.notes:
            lines.append("")
    if result.notes or result.errors:
        lines += ["## Avisos", ""]
        lines += [f"- {note}" for note in result.notes]
        if result.errors:
            lines.append("- Celdas que terminaron con un error:")
            lines += [f"  - {_cell(error)}" for error in result.errors[:20]]
            if len(result.errors) > 20:
                lines.append(f"  - … y {len(result.errors) - 20} más.")
        lines.append("")
    return "\n".join(lines)


def write_feedback(results: list[Result], folder: Path) -> Path:
    target = folder / REPORT_FOLDER
    target.mkdir(exist_ok=True)
    names = feedback_names(results)
    for result in results:
        (target / names[result.name]).write_text(
            feedback(result), encoding="utf-8"
        )
    return target


def summary(results: list[Result], seconds: float, other: list[Path]) -> str:
    """A few lines for the terminal: how many graded, how many failed and
    why, the time taken."""
    graded = [r for r in results if not r.reason]
    failed = [r for r in results if r.reason and not r.flagged]
    flagged = [r for r in results if r.flagged]
    verdicts = Counter(q.status for r in graded for q in r.questions)
    lines = [
        f"{len(results)} entregas en {seconds:.0f} s: {len(graded)} "
        f"calificadas, {len(failed)} sin calificar, {len(flagged)} "
        "para revisar a mano.",
    ]
    if verdicts:
        lines.append(
            "Respuestas: "
            + ", ".join(
                f"{verdicts[status]} {status}"
                for status in (CORRECT, INCORRECT, UNANSWERED, NOT_GRADABLE)
                if verdicts[status]
            )
            + "."
        )
    for result in failed + flagged:
        lines.append(f"  {result.name}: {result.reason}")
    for path in other:
        lines.append(
            f"  {path.name}: no se calificó (no es un cuaderno .ipynb ni "
            "una hoja .yml)."
        )
    return "\n".join(lines)
