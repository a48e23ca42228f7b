"""Judge answers with the teacher's checks, in a child process with a time
limit per answer.

An answer reaches the judge as data: the JSON text a capture read out of
a submission's kernel (rnadl.answers, decoded without evaluating
anything) or a value typed in an answer sheet (read by
grading.sheets). The check is the teacher's: rnadl.exercises.Check
rebuilt from the full edition's spec, judging a training value by the
bounds of the run profile given. Decoding and judging run in a child
process (SymPy's simplify, or an integer power, on a hostile expression
can run for hours): when one answer runs over its time, the child is
killed, that answer is "no calificable" and a new child judges the rest.
"""

import multiprocessing
import resource
from dataclasses import dataclass, field

from grading.settings import Limits

NOT_GRADABLE = "no calificable"
# Imported once by the forkserver, so that each child starts at once.
PRELOAD = ["rnadl.exercises", "rnadl.backprop", "sympy", "numpy", "pandas"]
# A child's start (the forkserver's first start imports those).
STARTUP_SECONDS = 300


@dataclass(frozen=True)
class Item:
    """One answer to judge."""

    spec: dict  # the teacher's Check spec
    profile: str | None  # the profile whose bounds judge a training value
    answer: str | None = None  # JSON text of rnadl.answers (a notebook)
    typed: object = None  # what an answer sheet holds (a sheet)
    from_sheet: bool = False


@dataclass(frozen=True)
class Judged:
    status: str  # correcta, incorrecta, sin responder, no calificable
    message: str
    notes: tuple[str, ...] = field(
        default=()
    )  # what a sheet's reading changed


def _judge(item: Item) -> Judged:
    """In the child: decode (or read) the answer and check it."""
    from grading.typed import SheetValueError, read_value
    from rnadl.answers import AnswerFormatError, decode, loads
    from rnadl.exercises import Check

    notes: tuple[str, ...] = ()
    if item.from_sheet:
        try:
            value, notes = read_value(item.typed, item.spec)
        except SheetValueError as problem:
            return Judged(NOT_GRADABLE, str(problem))
    else:
        try:
            value = loads(item.answer)
        except AnswerFormatError as problem:
            return Judged(
                NOT_GRADABLE, f"La respuesta no se pudo leer: {problem}."
            )
    spec = item.spec
    if decode(spec["bounds"]) is not None:
        # A value of the student's own run: judged by the bounds alone, as
        # the student notebook's self-check judges it.
        spec = {**spec, "expected": None, "wrong": []}
    check = Check.from_spec(spec, profile=item.profile)
    try:
        verdict = check.check(value)
    except Exception as problem:  # an answer the check cannot compare
        return Judged(
            NOT_GRADABLE,
            f"La respuesta no se pudo comparar con la clave "
            f"({type(problem).__name__}): revísela a mano.",
            notes,
        )
    return Judged(verdict.status, verdict.message, notes)


def _serve(connection, memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    import grading.typed  # noqa: F401  (before the clock runs)
    from rnadl import exercises  # noqa: F401

    connection.send("ready")
    while True:
        item = connection.recv()
        if item is None:
            return
        try:
            connection.send(_judge(item))
        except MemoryError:
            connection.send(
                Judged(
                    NOT_GRADABLE,
                    "Comparar esta respuesta con la clave agotó la memoria "
                    "del calificador: revísela a mano.",
                )
            )


class Judge:
    """A child process that judges answers one by one, each within
    seconds; replaced when one runs over."""

    def __init__(self, limits: Limits) -> None:
        self.seconds = limits.judge_seconds
        self.memory = int(limits.memory_mb * 2**20)
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self.child = None
        self.connection = None

    def __enter__(self) -> "Judge":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        mine, theirs = self.context.Pipe()
        child = self.context.Process(
            target=_serve, args=(theirs, self.memory), daemon=True
        )
        child.start()
        theirs.close()
        self.child, self.connection = child, mine
        if not mine.poll(STARTUP_SECONDS) or mine.recv() != "ready":
            self._kill()
            raise RuntimeError("the judge did not start")

    def _kill(self) -> None:
        if self.child is not None:
            self.child.kill()
            self.child.join()
        self.child = self.connection = None

    def close(self) -> None:
        if self.child is not None:
            try:
                self.connection.send(None)
                self.child.join(timeout=5)
            except (BrokenPipeError, OSError):
                pass
            self._kill()

    def verdict(self, item: Item) -> Judged:
        try:
            if self.child is None:
                self._start()
        except RuntimeError:
            return Judged(
                NOT_GRADABLE,
                "El calificador no pudo arrancar la comprobación: revise "
                "esta respuesta a mano.",
            )
        try:
            self.connection.send(item)
            if self.connection.poll(self.seconds):
                return self.connection.recv()
        except (EOFError, BrokenPipeError, OSError):
            self._kill()
            return Judged(
                NOT_GRADABLE,
                "La comprobación de esta respuesta falló en el calificador: "
                "revísela a mano.",
            )
        self._kill()
        return Judged(
            NOT_GRADABLE,
            f"Comparar esta respuesta con la clave tardó más de "
            f"{self.seconds:.0f} s y se detuvo (¿una expresión demasiado "
            "grande?): revísela a mano.",
        )
