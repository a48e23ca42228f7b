"""The built site, shared by the file checks and the browser tests."""

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output free of one line per request."""


@pytest.fixture(scope="module")
def bases(site: Path) -> Iterator[dict[str, str]]:
    """The site's root URL per origin: a local HTTP server, and file://."""
    handler = functools.partial(_QuietHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "http": f"http://127.0.0.1:{server.server_port}/",
        "file": site.as_uri() + "/",
    }
    server.shutdown()
    thread.join()
    server.server_close()
