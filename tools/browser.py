"""Find the Chromium that the browser test drives, or install one.

In order: Playwright's own Chromium, a `chromium` on PATH; else install
Playwright's (it downloads from the internet), then, as root, Debian's
package; else say in one line what to run. `make test` runs this first;
tests/test_browser.py launches what `chromium()` finds.
"""

import os
import shutil
import subprocess
import sys

# What Debian's Chromium needs to run headless as root in a container,
# without reaching for Google's services.
SYSTEM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HOW = (
    "No Chromium for the browser test: run `.venv/bin/python -m playwright "
    "install chromium` (needs the internet) or `sudo apt-get install -y "
    "chromium`, then make test again."
)


def playwright_chromium() -> str | None:
    """The path of Playwright's own Chromium, if it is installed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if os.path.exists(path) else None


def chromium() -> tuple[str | None, list[str]]:
    """(executable, launch flags) of the Chromium to use; None when there
    is none. None as executable means Playwright's own."""
    if playwright_chromium():
        return None, []
    system = shutil.which("chromium")
    if system:
        return system, SYSTEM_FLAGS
    raise FileNotFoundError(HOW)


def _run(command: list[str]) -> bool:
    print("browser:", " ".join(command), flush=True)
    try:
        return subprocess.run(command, timeout=900).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def install() -> None:
    """Try Playwright's download, then Debian's package as root."""
    _run([sys.executable, "-m", "playwright", "install", "chromium"])
    if playwright_chromium() is None and shutil.which("apt-get"):
        if os.geteuid() == 0:
            _run(["apt-get", "update", "-q"])
            _run(["apt-get", "install", "-y", "-q", "chromium"])


def main() -> int:
    try:
        executable, _ = chromium()
    except FileNotFoundError:
        install()
        try:
            executable, _ = chromium()
        except FileNotFoundError as error:
            print(error, file=sys.stderr)
            return 1
    print("browser:", executable or "Playwright's Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
