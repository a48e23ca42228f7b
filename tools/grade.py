"""Grade the submissions in a folder: `make grade SUBMISSIONS=folder`.

    python tools/grade.py FOLDER [--config calificacion.yml] [--jobs N]
                          [--no-sandbox]
    python tools/grade.py --install-sandbox

Every student notebook (.ipynb) in FOLDER is run in a sandbox of its own
and every answer sheet (.yml: question label -> value) is read; each
answer is judged with the teacher's key (the full edition's). Writes
FOLDER/calificaciones.csv and FOLDER/retroalimentacion/NAME.md, and
prints a summary. Points and limits: calificacion.yml (tools/grading/
settings.py says what it holds). See tools/grading/ for how.
"""

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--config", type=Path, help="points and limits")
    parser.add_argument("--jobs", type=int, help="submissions at once")
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run the submissions without bubblewrap (they can then read "
        "and write what you can)",
    )
    parser.add_argument(
        "--install-sandbox",
        action="store_true",
        help="find bubblewrap or install it (as root), then stop",
    )
    arguments = parser.parse_args(argv)
    # Imported here, not above: every worker and judge process imports this
    # module again (multiprocessing's spawn and forkserver do), and should
    # not pay for what only this process uses.
    from grading import report, sandbox
    from grading.batch import grade_all, submissions
    from grading.key import teacher_keys
    from grading.settings import SettingsError, load
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    if arguments.install_sandbox:
        try:
            console.print(f"sandbox: {sandbox.install()}")
        except sandbox.SandboxMissing as problem:
            console.print(str(problem))
            return 1
        return 0
    folder = arguments.folder
    if folder is None or not folder.is_dir():
        console.print(
            "Diga la carpeta de las entregas: make grade SUBMISSIONS=carpeta"
            + (f" ({folder} no es una carpeta)." if folder else ".")
        )
        return 2
    try:
        settings = load(arguments.config)
    except SettingsError as problem:
        console.print(str(problem))
        return 2
    if arguments.jobs:
        settings = replace(
            settings, limits=replace(settings.limits, jobs=arguments.jobs)
        )
    isolated = not arguments.no_sandbox
    if isolated:
        try:
            sandbox.install()
        except sandbox.SandboxMissing as problem:
            console.print(str(problem))
            return 1
    else:
        console.print(
            "[bold red]Sin aislamiento:[/] el código de cada entrega corre "
            "con sus permisos (puede leer la clave y escribir sus archivos)."
        )
    console.print(f"Datos para las entregas (solo lectura): {sandbox.data()}.")
    keys = teacher_keys()
    for key in keys.values():
        if key.problem:
            console.print(f"Sin clave: {key.problem}.")
    paths, other = submissions(folder)
    started = time.monotonic()
    with Progress(
        TextColumn("Calificando"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
    ) as progress:
        task = progress.add_task("", total=len(paths))

        def done(result) -> None:
            progress.update(task, advance=1, description=result.name)

        results = grade_all(paths, keys, settings, isolated, done)
    grades = report.write_csv(results, folder)
    feedback = report.write_feedback(results, folder)
    console.print(report.summary(results, time.monotonic() - started, other))
    console.print(f"Calificaciones: {grades}\nRetroalimentación: {feedback}/")
    console.print(f"Puntos y límites: {settings.source}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
