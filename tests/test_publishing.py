"""One's own copy: the repository is named once, in _config.yml, and
everything else that names it is written from there."""

import subprocess

import jupytext
from book_files import ROOT, config
from pages import pages
from setup_cells import is_setup

# Files written from _config.yml by the tools: the pages' setup cells
# (tools/setup_cells.py, through the executor) and the practice notebooks
# of both editions (tools/practice_notebooks.py).
GENERATED = ("practica/", "estudiante/practica/")


def committed_files_naming(text: str) -> list[str]:
    result = subprocess.run(
        ["git", "grep", "-l", "--fixed-strings", text],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return result.stdout.split()


def test_the_repository_is_named_only_in_the_config_and_what_it_writes():
    url = config()["repository"]["url"]
    owner = url.removeprefix("https://github.com/")
    sources = {str(p.source.relative_to(ROOT)) for p in pages()}
    notebooks = {str(p.notebook.relative_to(ROOT)) for p in pages()}
    for path in sorted(set(committed_files_naming(owner))):
        if path == "_config.yml" or path.startswith(GENERATED):
            continue
        assert path in sources | notebooks, (
            f"{path} names the repository {owner}: only _config.yml may "
            "(the tools write it into the pages' setup cells and the "
            "practice notebooks)"
        )
        cells = jupytext.read(ROOT / path).cells
        naming = [c for c in cells if owner in c.source]
        assert naming and all(is_setup(c) for c in naming), (
            f"{path}: a cell other than the setup cell names {owner}"
        )
