"""Write environment.yml (conda, Binder) from requirements.lock: Python 3.11
and the locked versions.

`make lock` runs it after each resolution; tests/test_book.py checks that
environment.yml is exactly what it writes.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADER = """\
# Conda/Binder environment: Python 3.11 and, through pip, every version of
# requirements.lock. Written by tools/environment.py (make lock): do not edit.
# Binder then installs the book's own package with ./postBuild.
name: rnadl
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def locked_requirements(lock: str) -> list[str]:
    """Every 'name==version' of a lock written by `uv pip compile`, with its
    marker if it has one."""
    requirements = []
    for line in lock.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            pin, _, marker = line.removesuffix("\\").partition(";")
            requirements.append(
                f"{pin.strip()}; {marker.strip()}" if marker else pin.strip()
            )
    return requirements


def render(lock: str) -> str:
    """The text of environment.yml for the text of requirements.lock."""
    entries = [
        json.dumps(requirement) if ";" in requirement else requirement
        for requirement in locked_requirements(lock)
    ]
    return HEADER + "".join(f"      - {entry}\n" for entry in entries)


if __name__ == "__main__":
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    (ROOT / "environment.yml").write_text(render(lock), encoding="utf-8")
