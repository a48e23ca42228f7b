"""Execute the book's pages: a MyST source in, its executed .ipynb out.

A build tool, not part of the rnadl package: `make book` runs it. For each
page it first writes the page's setup cell into the source
(tools/setup_cells.py). Then it executes the page only when what its
outputs depend on changed since the stored notebook was made: the page's
code cells, requirements.lock, the rnadl modules the page imports (with
those they import, and the files named like them beside them, such as a
script a module inlines), and the run settings those modules read. Each
executed notebook records them in its metadata (``rnadl.inputs``). An
unchanged page only gets the prose and tags of its source, with its
stored outputs kept. ``--force`` executes every page given.

While a page executes, a progress bar shows the cell, its first line and
the elapsed time; the notebook records the seconds it took and the CPU.
A failing cell stops the build with the page, the cell,
its source and the error; the partial notebook is kept beside the page as
``NN-name.failed.ipynb`` (never over the published one).
"""

import argparse
import ast
import hashlib
import re
import sys
import time
from pathlib import Path

import jupytext
import nbclient
import nbformat
from cell_code import syntax_tree
from nbclient.exceptions import CellExecutionError
from pages import ROOT, Page, page_of, pages
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from setup_cells import is_setup, setup_cell, with_setup_cell

from rnadl.cifar10 import CIFAR10_SOURCE_ENV, cifar10_source
from rnadl.machine import cpu_description
from rnadl.run_profile import PROFILE_ENV, current_profile

LOCK = ROOT / "requirements.lock"
PACKAGE = ROOT / "lib" / "rnadl"
# The run settings a module reads, recorded when a page uses it: the
# environment variable, and the module's own reader of the value it will
# use (its default included: the CIFAR-10 source depends on whether the
# offline copies are read).
SETTINGS = {
    "rnadl.run_profile": (PROFILE_ENV, current_profile),
    "rnadl.cifar10": (CIFAR10_SOURCE_ENV, cifar10_source),
}
# The kernel's start-up warning about TCP transport says nothing about
# the book; errors still show.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


class PageFailed(RuntimeError):
    """A cell of a page raised; the partial notebook was kept."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _imported_modules(tree: ast.AST) -> set[str]:
    """Names of the rnadl modules a syntax tree imports."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [
                f"{node.module}.{alias.name}" for alias in node.names
            ]
        else:
            continue
        found |= {
            name
            for name in names
            if name.startswith("rnadl.") and _module_file(name).is_file()
        }
    return found


def _module_file(module: str) -> Path:
    return PACKAGE / (module.removeprefix("rnadl.") + ".py")


def _module_files(module: str) -> list[Path]:
    """A module's source and the files of the same name beside it (the
    script and style sheet a module inlines into a page's output)."""
    source = _module_file(module)
    return sorted(source.parent.glob(source.stem + ".*"))


def rnadl_modules(*cells: str) -> list[str]:
    """The rnadl modules that a page's code cells (IPython lines included)
    import, with those they import in turn, and the package itself."""
    seen = {"rnadl.__init__"}
    pending = set().union(*(_imported_modules(syntax_tree(c)) for c in cells))
    while pending:
        module = pending.pop()
        if module not in seen:
            seen.add(module)
            source = _module_file(module).read_text(encoding="utf-8")
            pending |= _imported_modules(ast.parse(source))
    return sorted(seen)


def inputs_of(notebook: nbformat.NotebookNode, page: Page) -> dict:
    """What a page's outputs depend on (see the module's docstring). The
    setup cell counts by its one choice, oneDNN on or off: the rest of it
    (what Colab installs) does not change an output."""
    code = [
        c.source
        for c in notebook.cells
        if c.cell_type == "code" and not is_setup(c)
    ]
    modules = rnadl_modules(*code)
    settings = {
        variable: value()
        for module, (variable, value) in SETTINGS.items()
        if module in modules
    }
    settings["oneDNN"] = "on" if page.onednn else "off"
    return {
        "code": _sha256("\x00".join(code).encode()),
        "lock": _sha256(LOCK.read_bytes()),
        "rnadl": {
            module: _sha256(
                b"".join(path.read_bytes() for path in _module_files(module))
            )
            for module in modules
        },
        "settings": settings,
    }


def stored_inputs(target: Path) -> dict | None:
    """The inputs recorded in an executed notebook, if any."""
    if not target.exists():
        return None
    notebook = nbformat.read(target, as_version=4)
    return notebook.metadata.get("rnadl", {}).get("inputs")


def changed_inputs(old: dict | None, new: dict) -> list[str]:
    """Which of a page's inputs differ from those recorded."""
    if old is None:
        return ["no executed notebook with a record"]
    reasons = [
        key for key in ("code", "lock", "settings") if old.get(key) != new[key]
    ]
    old_modules = old.get("rnadl", {})
    reasons += [
        module
        for module in sorted(set(old_modules) | set(new["rnadl"]))
        if old_modules.get(module) != new["rnadl"].get(module)
    ]
    return reasons


def source_notebook(page: Page) -> nbformat.NotebookNode:
    """The page's source as a notebook, its setup cell written in (and the
    source rewritten when that changed it)."""
    notebook = jupytext.read(page.source)
    if with_setup_cell(notebook, setup_cell(page.onednn)):
        jupytext.write(notebook, page.source, fmt="md:myst")
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"  # stable ids: diffs show only real changes
    return notebook


def _first_line(cell: nbformat.NotebookNode) -> str:
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return (lines[0] if lines else "")[:60]


def execute(
    notebook: nbformat.NotebookNode,
    page: Page,
    progress: Progress,
    timeout: int = 3600,
) -> None:
    """Run every code cell in the page's folder, showing progress; on a
    failing cell keep the partial notebook and raise PageFailed."""
    client = nbclient.NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=notebook.metadata.get("kernelspec", {}).get(
            "name", "python3"
        ),
        resources={"metadata": {"path": str(page.source.parent.resolve())}},
        record_timing=False,  # no timestamps in the stored notebook
        extra_arguments=KERNEL_ARGUMENTS,
    )
    code = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
    task = progress.add_task(page.name, total=len(code), cell="")
    start = time.perf_counter()
    with client.setup_kernel():
        for done, index in enumerate(code):
            cell = notebook.cells[index]
            progress.update(task, completed=done, cell=_first_line(cell))
            if not progress.console.is_terminal:  # a log, not a live bar
                elapsed = time.strftime(
                    "%M:%S", time.gmtime(time.perf_counter() - start)
                )
                progress.console.print(
                    f"{page.name} {elapsed} cell {done + 1}/{len(code)}: "
                    f"{_first_line(cell)}",
                    highlight=False,
                    no_wrap=True,
                    overflow="ellipsis",
                )
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as error:
                kept = page.source.with_suffix(".failed.ipynb")
                nbformat.write(notebook, kept)
                raise PageFailed(
                    f"{_shown(page.source)}: code cell "
                    f"{done + 1} of {len(code)} failed.\n"
                    f"--- its source ---\n{cell.source}\n"
                    f"--- the error ---\n{_error_text(error)}\n"
                    f"The partial notebook is kept in {_shown(kept)}."
                ) from None
        progress.update(task, completed=len(code), cell="")


def _shown(path: Path) -> Path:
    """A path as the reader typed it: relative to the book when inside."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _error_text(error: CellExecutionError) -> str:
    """The last lines of the error's traceback, without colour codes."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error).strip())
    return "\n".join(plain.splitlines()[-25:])


def with_stored_outputs(
    notebook: nbformat.NotebookNode, stored: nbformat.NotebookNode
) -> None:
    """Give the source's code cells the outputs of the stored notebook
    (whose code is the same) and keep its record."""
    old = [c for c in stored.cells if c.cell_type == "code"]
    new = [c for c in notebook.cells if c.cell_type == "code"]
    for before, after in zip(old, new, strict=True):
        after.outputs = before.outputs
        after.execution_count = before.execution_count
    notebook.metadata["rnadl"] = stored.metadata["rnadl"]


def build(page: Page, force: bool, progress: Progress) -> str:
    """Bring a page's executed notebook up to date; say what was done."""
    notebook = source_notebook(page)
    inputs = inputs_of(notebook, page)
    reasons = changed_inputs(stored_inputs(page.notebook), inputs)
    if force or reasons:
        start = time.perf_counter()
        execute(notebook, page, progress)
        seconds = time.perf_counter() - start
        # What a reader needs to plan a run: how long, on what machine.
        notebook.metadata["rnadl"] = {
            "inputs": inputs,
            "seconds": round(seconds),
            "cpu": cpu_description(),
        }
        verdict = (
            f"executed in {seconds:.0f} s ("
            + ("forced" if force and not reasons else ", ".join(reasons))
            + ")"
        )
    else:
        stored = nbformat.read(page.notebook, as_version=4)
        with_stored_outputs(notebook, stored)
        verdict = "prose updated, outputs kept"
    text = jupytext.writes(notebook, fmt="ipynb") + "\n"  # as write() does
    if page.notebook.exists() and page.notebook.read_text("utf-8") == text:
        return verdict if force or reasons else "up to date"
    page.notebook.write_text(text, encoding="utf-8")
    page.source.with_suffix(".failed.ipynb").unlink(missing_ok=True)
    return verdict


def main(argv: list[str] | None = None) -> int:
    """Command line: bring the given pages (default: all) up to date."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "sources", nargs="*", type=Path, help="book/NN-name.md (default: all)"
    )
    parser.add_argument(
        "--force", action="store_true", help="execute even unchanged pages"
    )
    arguments = parser.parse_args(argv)
    chosen = [page_of(s) for s in arguments.sources] or pages()
    console = Console(stderr=True)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[cell]}"),
    )
    with Progress(*columns, console=console) as progress:
        for page in chosen:
            try:
                verdict = build(page, arguments.force, progress)
            except PageFailed as error:
                console.print(f"[red]{error}")
                return 1
            progress.console.print(f"{page.name}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
