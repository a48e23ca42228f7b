"""How long grading takes: 40 submissions of chapters 3 to 6, made from the
student notebooks (a mix of right, wrong and broken), graded as make grade
grades them, on 2 workers; prints the seconds per submission of each
chapter and of the whole run. A benchmark, not a test: it asserts nothing
about time.

    python tools/grading_benchmark.py [--jobs 2] [--per-chapter 10]
                                      [--chapters 03 04 05 06] [--keep DIR]

Of each chapter's submissions, 4 in 10 are right, 3 wrong, and 3 broken
(unanswered; a cell that raises; two answer cells deleted). Each one's
seconds are its worker's, from reading the file to the last verdict
(kernel start, run, judging); the run's wall-clock time divided by the
count is what a teacher waits per submission.
"""

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

KINDS = (
    ("resuelto", 4),
    ("equivocado", 3),
    ("sin-resolver", 1),
    ("celda-que-falla", 1),
    ("respuestas-borradas", 1),
)
BROKEN = {
    "celda-que-falla": {
        "base": "resuelto",
        "donde": "al-principio",
        "celda": "1 / 0\n",
    },
}


def _broken_deleted(chapter: str, examples) -> dict:
    labels = [
        cell.metadata["rnadl"]["question"]
        for cell in examples.unanswered(chapter).cells
        if cell.metadata.get("rnadl", {}).get("role") == "answer"
    ]
    return {"base": "resuelto", "borra": labels[:2]}


def make_submissions(folder: Path, chapters, per_chapter: int) -> dict:
    """Write the submissions; file name -> (chapter, kind)."""
    import nbformat
    from grading import examples

    made = {}
    scale = per_chapter / sum(count for _, count in KINDS)
    for chapter in chapters:
        for kind, count in KINDS:
            for copy in range(max(1, round(count * scale))):
                name = f"{chapter}-{kind}-{copy + 1}.ipynb"
                if kind == "respuestas-borradas":
                    notebook = examples.hostile(
                        chapter, _broken_deleted(chapter, examples), {}
                    )
                elif kind in BROKEN:
                    notebook = examples.hostile(chapter, BROKEN[kind], {})
                else:
                    notebook = examples.made(chapter, kind)
                nbformat.write(notebook, folder / name)
                made[name] = (chapter, kind)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--per-chapter", type=int, default=10)
    parser.add_argument(
        "--chapters", nargs="+", default=["03", "04", "05", "06"]
    )
    parser.add_argument("--keep", type=Path, help="write the report there")
    arguments = parser.parse_args(argv)
    # Imported here: the worker processes import this module again.
    from grading import report, sandbox
    from grading.batch import grade_all
    from grading.key import teacher_keys
    from grading.settings import load

    from rnadl.machine import cpu_description

    sandbox.install()
    settings = load()
    settings = replace(
        settings, limits=replace(settings.limits, jobs=arguments.jobs)
    )
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="rnadl-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    made = make_submissions(folder, arguments.chapters, arguments.per_chapter)
    paths = [folder / name for name in sorted(made)]
    keys = teacher_keys()
    started = time.monotonic()
    results = grade_all(paths, keys, settings, True)
    wall = time.monotonic() - started
    report.write_csv(results, folder)
    report.write_feedback(results, folder)
    by_chapter = defaultdict(list)
    verdicts = defaultdict(lambda: defaultdict(int))
    for result in results:
        chapter, kind = made[result.name]
        by_chapter[chapter].append(result.seconds)
        for question in result.questions:
            verdicts[kind][question.status] += 1
    print(
        f"{len(results)} submissions, {arguments.jobs} workers, "
        f"{cpu_description()}"
    )
    print("chapter  submissions  seconds each (mean, min-max)")
    for chapter, seconds in sorted(by_chapter.items()):
        mean = sum(seconds) / len(seconds)
        print(
            f"{chapter:>7}  {len(seconds):>11}  {mean:6.1f}"
            f"  ({min(seconds):.1f}-{max(seconds):.1f})"
        )
    every = [s for seconds in by_chapter.values() for s in seconds]
    print(
        f"  total  {len(every):>11}  {sum(every) / len(every):6.1f}"
        f"  wall-clock {wall:.0f} s: {wall / len(every):.1f} s per "
        "submission"
    )
    for kind, counts in verdicts.items():
        print(f"{kind}: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    print(f"report: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
