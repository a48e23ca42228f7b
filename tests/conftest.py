"""The built site, shared by the file checks and the browser test."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from book_files import ROOT

SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def site() -> Path:
    """Build the HTML site once, into _build/html; warnings are errors.

    The old HTML goes first, so no page of an earlier build is checked,
    and --all re-reads every page, so every warning is raised again.
    """
    shutil.rmtree(SITE, ignore_errors=True)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(ROOT), "--all"]
    result = subprocess.run(
        [*command, "--builder", "html", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(
            f"The site build failed (exit {result.returncode}); "
            "fix what its log reports:\n"
            f"{result.stdout[-8000:]}\n{result.stderr[-8000:]}",
            pytrace=False,
        )
    return SITE
