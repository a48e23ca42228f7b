"""The GitHub workflows pass jactionlint, a maintained fork of actionlint that
runs offline."""

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from book_files import ROOT
from packaging.requirements import Requirement

GITHUB = ROOT / ".github"
WORKFLOW = GITHUB / "workflows" / "book.yml"


def jactionlint(*files: Path) -> subprocess.CompletedProcess:
    """Run jactionlint's default rules (correctness, security, policy) on
    files, offline.

    The shell scripts of the steps are single commands, so shellcheck and
    pyflakes are not used.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    book = map(Requirement, project["optional-dependencies"]["book"])
    pin = next(
        requirement
        for requirement in book
        if requirement.name == "jactionlint"
    )
    if pin.marker and not pin.marker.evaluate():
        pytest.skip(
            f"jactionlint publishes no binary for this platform ({pin.marker} "
            "is false)"
        )
    if importlib.util.find_spec("jactionlint") is None:
        pytest.fail(
            "jactionlint is not installed: run `make unit`, which installs "
            "requirements.lock"
        )
    command = [
        sys.executable,
        "-m",
        "jactionlint",
        "--no-color",
        "--no-online",
    ]
    command += ["--shellcheck=", "--pyflakes=", *map(str, files)]
    return subprocess.run(command, check=False, capture_output=True, text=True)


def test_workflows_and_dependabot_pass_jactionlint() -> None:
    files = sorted((GITHUB / "workflows").glob("*.y*ml")) + [
        GITHUB / "dependabot.yml"
    ]
    assert WORKFLOW in files
    result = jactionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_jactionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    mistakes = {
        "    needs: test\n": ("    needs: tests\n", "undefined-job-needs"),
        "cache-dependency-path:": (
            "cache-dependency-file:",
            "unknown-action-input",
        ),
        "steps.deployment.outputs": (
            "steps.deploy.outputs",
            "undefined-property",
        ),
    }
    text = WORKFLOW.read_text(encoding="utf-8")
    for right, (wrong, _) in mistakes.items():
        assert text.count(right) == 1, right
        text = text.replace(right, wrong)
    broken = tmp_path / ".github" / "workflows" / "book.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text, encoding="utf-8")
    result = jactionlint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    for _, rule in mistakes.values():
        assert f"[{rule}]" in result.stdout, result.stdout


def test_every_hashed_file_exists_and_the_data_cache_follows_checksums() -> (
    None
):
    """hashFiles() of a path that matches nothing is an empty string: a key
    built on it never changes. The data cache must be keyed on the module
    that holds every checksum."""
    from rnadl import data_files

    text = WORKFLOW.read_text(encoding="utf-8")
    hashed = re.findall(r"hashFiles\('([^']+)'\)", text)
    assert hashed, "the workflow hashes no file"
    for pattern in hashed:
        assert list(ROOT.glob(pattern)), (
            f"hashFiles('{pattern}') matches nothing"
        )
    registry = Path(data_files.__file__).resolve().relative_to(ROOT)
    key = next(line for line in text.splitlines() if "rnadl-data-" in line)
    assert f"hashFiles('{registry.as_posix()}')" in key
    source = Path(data_files.__file__).read_text(encoding="utf-8")
    for data_file in data_files.DATA_FILES.values():
        assert data_file.sha256 in source
