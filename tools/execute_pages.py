"""Execute the book's pages: a MyST source in, its executed paired .ipynb out.

A build tool, not part of the rnadl package: `make book` runs it as
`python tools/execute_pages.py book/NN-name.md ...`. It needs jupytext and nbclient (the
``book`` extra of pyproject.toml, installed from requirements.lock).
"""

import argparse
import time
from pathlib import Path

import jupytext
import nbclient


def execute_chapter(source: Path, timeout: int = 3600) -> Path:
    """Run every cell of a Jupytext MyST chapter in its folder and write the paired .ipynb."""
    source = Path(source)
    if source.suffix != ".md":
        raise ValueError(
            f"{source} is not a MyST chapter (.md); execute the source, not its twin."
        )
    notebook = jupytext.read(source)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"  # stable ids: re-executing changes only what the code changes
    client = nbclient.NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=notebook.metadata.get("kernelspec", {}).get(
            "name", "python3"
        ),
        resources={"metadata": {"path": str(source.parent.resolve())}},
        record_timing=False,  # no timestamps in the stored notebook
    )
    client.execute()
    target = source.with_suffix(".ipynb")
    jupytext.write(notebook, target)
    return target


def main(argv: list[str] | None = None) -> None:
    """Command line: execute each chapter given, in order, and report its time."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument(
        "chapters", nargs="+", type=Path, help="MyST chapters (book/NN-*.md)"
    )
    for source in parser.parse_args(argv).chapters:
        start = time.perf_counter()
        target = execute_chapter(source)
        print(
            f"executed {source} -> {target} in {time.perf_counter() - start:.0f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
