"""Run a handed-in notebook in its sandbox and read its answers out.

The notebook runs top to bottom in a fresh kernel (nbclient), as
nbgrader's autograde and Otter's grade do, going on after a cell that
fails. The grader adds cells of its own, which the student never wrote:

- in place of the notebook's key cell, a cell that installs the student
  edition's guard (rnadl.student: a cell that needs what the student left
  unfilled says so instead of failing) and a `clave` whose checks only
  say that the notebook is graded elsewhere: the grading run holds no
  key;
- before each answer cell, `respuesta = ...`, so that an answer cell that
  fails leaves the question unanswered, not the previous answer;
- after each answer cell, a capture: `respuesta` as JSON
  (rnadl.answers.dumps), and the training constants' values, displayed
  under the grader's MIME type. Only the capture cell's own output is
  read: nothing another cell prints counts;
- in a chapter that trains, graded with the quick constants (settings:
  entrenamiento: rapido), the quick values after the constants cell,
  taken from the full edition, not from the submission.

Limits: each cell's time (interrupted when it runs over; the run stops if
the kernel does not answer after that), the notebook's wall-clock time,
the outputs kept (those of the student's cells, all together), and what
sandbox.py sets (CPU, memory, files, the private file system).
"""

import asyncio
import atexit
import subprocess
import sys
import time
from dataclasses import dataclass, field

import nbclient
import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError

from grading.key import ChapterKey, role
from grading.sandbox import Sandbox
from grading.settings import FAST, Settings
from grading.submission import Notebook

CAPTURE_MIME = "application/vnd.rnadl.grading+json"
# What the grader's own cells are, in their metadata.
GRADER = "rnadl_grading"
# After an interrupted cell, how long the kernel has to answer again.
RECOVERY_SECONDS = 20
SIGNALS = {
    6: "el proceso abortó (suele ser memoria agotada dentro de una "
    "biblioteca)",
    9: "el proceso fue terminado (límite de CPU superado o memoria agotada)",
    24: "superó el límite de tiempo de CPU",
    25: "escribió un archivo más grande que el límite",
}

KEY_CELL = """\
# Calificación: este cuaderno corre en el calificador, que juzga cada
# respuesta con la clave del docente, fuera de aquí.
from rnadl.student import install_guard

install_guard()


class _GradedElsewhere:
    def check(self, answer=None):
        return "(Se califica fuera del cuaderno.)"

    def hint(self, number=1):
        return "(Sin pistas durante la calificación.)"


class _GradingKey:
    def check(self, label):
        return _GradedElsewhere()


clave = _GradingKey()
"""

CAPTURE_CELL = """\
import IPython.display as _rnadl_show
import rnadl.answers as _rnadl_answers

_rnadl_found = {{"label": {label!r}, "constants": {{}}}}
try:
    _rnadl_found["answer"] = _rnadl_answers.dumps(respuesta)
except NameError:
    _rnadl_found["missing"] = True
except Exception:
    _rnadl_found["type"] = type(respuesta).__name__
for _rnadl_name in {constants!r}:
    try:
        _rnadl_found["constants"][_rnadl_name] = _rnadl_answers.dumps(
            globals()[_rnadl_name]
        )
    except Exception:
        pass
_rnadl_show.display({{{mime!r}: _rnadl_found}}, raw=True)
"""


@dataclass
class Captured:
    """What the capture after one answer cell read."""

    answer: str | None = None  # respuesta as rnadl.answers JSON
    missing: bool = False  # there was no variable respuesta
    type_name: str | None = None  # respuesta is of a type no answer has
    unreadable: str | None = None  # the capture gave nothing: why
    constants: dict[str, str] = field(default_factory=dict)  # name -> JSON
    cell_error: str | None = None  # the answer cell raised this


@dataclass
class RunResult:
    captured: dict[str, Captured] = field(default_factory=dict)
    # Where the submission's own cells failed: "celda N («…»): Error: …".
    errors: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the run ended before the last cell
    truncated: bool = False  # outputs beyond the limit were dropped
    seconds: float = 0.0


def _grader_cell(source: str, kind: str, **meta) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata[GRADER] = {"kind": kind, **meta}
    return cell


def _is_key_cell(cell: nbformat.NotebookNode) -> bool:
    return role(cell) == "key" or "StudentKey(" in cell.source


def _is_constants_cell(cell: nbformat.NotebookNode) -> bool:
    meta = cell.get("metadata", {})
    return "parameters" in meta.get("tags", []) or "fast" in meta.get(
        "rnadl", {}
    )


def cells_to_run(
    found: Notebook, settings: Settings
) -> list[nbformat.NotebookNode]:
    """The submission's code cells, in their order, with the grader's cells
    among them (see the module's docstring): its key cell right after the
    setup cell (which starts TensorFlow first), or first. Each submission
    cell keeps its position in the handed-in notebook, for the feedback."""
    key: ChapterKey = found.key
    constants = sorted(key.constants["full"]) if key.constants else []
    answers = {index: label for label, index in found.answers.items()}
    run, setup = [], None
    for index, cell in enumerate(found.notebook.cells):
        if cell.cell_type != "code" or _is_key_cell(cell):
            continue
        own = nbformat.v4.new_code_cell(cell.source)
        own.metadata[GRADER] = {"kind": "submission", "cell": index}
        label = answers.get(index)
        if label is not None:
            run.append(_grader_cell("respuesta = ...", "reset"))
        run.append(own)
        if role(cell) == "setup" and setup is None:
            setup = len(run)
        if label is not None:
            source = CAPTURE_CELL.format(
                label=label, constants=constants, mime=CAPTURE_MIME
            )
            run.append(_grader_cell(source, "capture", label=label))
        if (
            _is_constants_cell(cell)
            and key.constants
            and settings.training == FAST
        ):
            values = key.constants["fast"]
            source = "\n".join(f"{n} = {v!r}" for n, v in values.items())
            run.append(_grader_cell(source, "constants"))
    run.insert(setup or 0, _grader_cell(KEY_CELL, "key"))
    return run


class _Specs(KernelSpecManager):
    """The one kernel the grader starts: this Python, interrupted by a
    message (a signal would reach bubblewrap, not the kernel)."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[
                sys.executable,
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
            ],
            display_name="Python 3 (calificación)",
            language="python",
            interrupt_mode="message",
        )


class _SandboxedKernel(AsyncKernelManager):
    """A kernel whose command runs inside the submission's sandbox."""

    sandbox: Sandbox

    def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
        return self.sandbox.command(super().format_kernel_cmd(extra_arguments))


class _Client(nbclient.NotebookClient):
    """nbclient with a cap on the outputs of the submission's cells, and a
    mark on each cell that ran over its time (nbclient then interrupts
    the kernel and goes on)."""

    output_limit: int = 0
    kept: int = 0
    truncated: bool = False

    async def _async_handle_timeout(self, timeout, cell=None):
        if cell is not None:
            cell.metadata[GRADER]["timed_out"] = True
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs, msg, display_id, cell_index):
        cell = self.nb.cells[cell_index]
        if cell.metadata.get(GRADER, {}).get("kind") != "submission":
            return super().output(outs, msg, display_id, cell_index)
        content = msg.get("content", {})
        size = len(str(content.get("text", ""))) + sum(
            len(str(value)) for value in content.get("data", {}).values()
        )
        if self.kept + size > self.output_limit:
            self.truncated = True
            return None
        self.kept += size
        return super().output(outs, msg, display_id, cell_index)


def _first_line(source: str) -> str:
    for line in source.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line if len(line) <= 60 else line[:57] + "…"
    return ""


def _where(cell: nbformat.NotebookNode) -> str:
    number = cell.metadata[GRADER]["cell"] + 1
    line = _first_line(cell.source)
    return f"celda {number}" + (f" («{line}»)" if line else "")


def _error_of(cell: nbformat.NotebookNode) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            text = f"{output.get('ename', '')}: {output.get('evalue', '')}"
            return text.strip(": ")[:300]
    return None


def _death(km: AsyncKernelManager) -> str:
    """Why the kernel ended, from its process's exit status."""
    process = getattr(km.provisioner, "process", None)
    code = process.poll() if process is not None else None
    if code is None:
        return "el núcleo dejó de responder"
    signal = code - 128 if code > 128 else -code if code < 0 else None
    if signal in SIGNALS:
        return f"el núcleo se detuvo: {SIGNALS[signal]}"
    return f"el núcleo terminó (código de salida {code})"


TIMEOUT = "Tiempo agotado"


async def _responds(client: "_Client", index: int, seconds: float) -> bool:
    """After a cell ran over its time and was interrupted: whether the
    kernel answers again within seconds."""
    probe = nbformat.v4.new_code_cell("pass")
    probe.metadata[GRADER] = {"kind": "probe"}
    kept = client.nb.cells[index]
    client.nb.cells[index] = probe
    client.timeout = max(1, int(seconds))
    try:
        await client.async_execute_cell(probe, index)
    except DeadKernelError:
        return False
    finally:
        client.nb.cells[index] = kept
    return not probe.metadata[GRADER].get("timed_out")


async def _run(found: Notebook, settings: Settings, sandbox: Sandbox):
    limits = settings.limits
    cells = cells_to_run(found, settings)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": {"name": "python3"}}
    km = _SandboxedKernel(
        kernel_spec_manager=_Specs(),
        kernel_name="python3",
        transport="ipc",
        ip=sandbox.sockets,
        connection_file=str(sandbox.connection_file),
    )
    km.sandbox = sandbox
    client = _Client(
        notebook,
        km=km,
        timeout=int(limits.cell_seconds),
        startup_timeout=120,
        allow_errors=True,
        shutdown_kernel="immediate",  # nothing to save: no waiting
        interrupt_on_timeout=True,
        error_on_timeout={
            "ename": TIMEOUT,
            "evalue": "la celda pasó de su tiempo y se interrumpió",
            "traceback": [],
        },
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    client.output_limit = int(limits.output_mb * 2**20)
    result = RunResult()
    deadline = time.monotonic() + limits.notebook_seconds
    log = open(sandbox.folder / "kernel.log", "wb")
    try:
        # cleanup_kc: nbclient shuts down a kernel it did not start only
        # when told to.
        async with client.async_setup_kernel(
            cleanup_kc=True,
            cwd=str(sandbox.cwd),
            env=sandbox.environment(),
            stdout=subprocess.DEVNULL,
            stderr=log,
        ):
            await _execute(client, cells, deadline, limits, result)
    finally:
        log.close()
        # nbclient's own guard for an interpreter that exits mid-run would
        # keep this client (and its outputs) alive until the worker ends.
        atexit.unregister(client._cleanup_kernel)
    result.truncated = client.truncated
    _read(cells, result)
    return result


async def _execute(client, cells, deadline, limits, result) -> None:
    for index, cell in enumerate(cells):
        remaining = deadline - time.monotonic()
        where = (
            _where(cell)
            if cell.metadata[GRADER]["kind"] == "submission"
            else "una celda del calificador"
        )
        if remaining < 1:
            result.stopped = (
                f"se agotó el tiempo del cuaderno "
                f"({limits.notebook_seconds:.0f} s) antes de la {where}"
            )
            return
        client.timeout = max(1, int(min(limits.cell_seconds, remaining)))
        cell.metadata[GRADER]["ran"] = True
        try:
            await client.async_execute_cell(cell, index)
        except DeadKernelError:
            result.stopped = f"{_death(client.km)}, en la {where}"
            return
        if cell.metadata[GRADER].get("timed_out"):
            cell.outputs.insert(
                0,
                nbformat.v4.new_output(
                    "error",
                    ename=TIMEOUT,
                    evalue=f"la celda pasó de {client.timeout} s y se "
                    "interrumpió",
                    traceback=[],
                ),
            )
            recovery = min(RECOVERY_SECONDS, limits.cell_seconds)
            if not await _responds(client, index, recovery):
                result.stopped = (
                    f"la {where} no terminó a tiempo y el núcleo no "
                    "respondió al interrumpirla"
                )
                return


def _read(cells: list, result: RunResult) -> None:
    """The captures and the errors of the run."""
    previous = None
    for cell in cells:
        meta = cell.metadata[GRADER]
        if meta["kind"] == "submission":
            error = _error_of(cell)
            if error:
                result.errors.append(f"{_where(cell)}: {error}")
            previous = (cell, error)
        elif meta["kind"] == "capture":
            found = [
                output["data"][CAPTURE_MIME]
                for output in cell.get("outputs", [])
                if CAPTURE_MIME in output.get("data", {})
            ]
            if not meta.get("ran"):
                continue  # the run stopped before it
            captured = Captured(cell_error=previous[1] if previous else None)
            data = found[0] if found else {}
            if (
                not isinstance(data, dict)
                or data.get("label") != meta["label"]
            ):
                captured.unreadable = _error_of(cell) or (
                    "la captura no dio ningún valor"
                )
            else:
                answer = data.get("answer")
                captured.answer = answer if isinstance(answer, str) else None
                captured.missing = data.get("missing") is True
                kind = data.get("type")
                captured.type_name = str(kind)[:80] if kind else None
                constants = data.get("constants", {})
                if isinstance(constants, dict):
                    captured.constants = {
                        str(k): v
                        for k, v in constants.items()
                        if isinstance(v, str)
                    }
            result.captured[meta["label"]] = captured


def run_notebook(found: Notebook, settings: Settings, isolated: bool):
    """Run a submission in a sandbox of its own; its RunResult."""
    sandbox = Sandbox(settings.limits, isolated)
    started = time.monotonic()
    try:
        result = asyncio.run(_run(found, settings, sandbox))
    finally:
        sandbox.remove()
    result.seconds = time.monotonic() - started
    return result
