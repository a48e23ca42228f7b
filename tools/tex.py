"""Find the TeX the PDF needs (tools/pdf.py), or install it.

XeLaTeX and latexmk, the LaTeX packages Sphinx's LaTeX builder loads,
Spanish hyphenation, the fonts, and poppler's tools (the PDF's test reads
and renders pages with them), all from Debian's (or Ubuntu's) packages:
as root with apt-get, what is missing is installed; otherwise this says in
one line what to run. `make pdf` runs it first.

    python tools/tex.py [--packages]

--packages prints the package names (the GitHub workflow installs them).
"""

import argparse
import os
import shutil
import subprocess
import sys

# The smallest set that builds the book: the files XeLaTeX reads (its
# -recorder list) come from these, and nothing else of TeX is needed.
# sphinx-jupyterbook-latex's class would also need texlive-fonts-extra
# (509 MB to download, 1.4 GB installed) for bbm.sty: _config.yml turns
# that class off (use_jupyterbook_latex: false).
PACKAGES = (
    "texlive-xetex",
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "texlive-lang-spanish",
    "latexmk",
    "fonts-freefont-otf",
    "fonts-dejavu-core",
    "fonts-dejavu-extra",
    "poppler-utils",
)
PROGRAMS = (
    "xelatex",
    "latexmk",
    "kpsewhich",
    "pdfinfo",
    "pdftotext",
    "pdftoppm",
    "pdfimages",
)
# A file of each TeX package above that the build reads, so that a partial
# installation is found here rather than halfway through a build.
TEX_FILES = (
    "polyglossia.sty",  # texlive-latex-recommended
    "fncychap.sty",  # texlive-latex-extra
    "pzdr.tfm",  # texlive-fonts-recommended
    "hyph-es.tex",  # texlive-lang-spanish: Spanish hyphenation
)
FONTS = ("FreeSerif", "FreeSans", "DejaVu Serif", "DejaVu Sans Mono")
HOW = (
    "No TeX for the PDF: run `sudo apt-get install -y "
    f"--no-install-recommends {' '.join(PACKAGES)}`, then make pdf again."
)


def missing() -> list[str]:
    """What the PDF build needs and this machine lacks."""
    lacking = [name for name in PROGRAMS if shutil.which(name) is None]
    if shutil.which("kpsewhich"):
        for name in TEX_FILES:
            found = subprocess.run(
                ["kpsewhich", name], capture_output=True, text=True
            )
            if found.returncode != 0:
                lacking.append(name)
    for family in FONTS:
        found = subprocess.run(["fc-list", "-q", family], check=False)
        if found.returncode != 0:
            lacking.append(f"the font {family}")
    return lacking


def _run(command: list[str]) -> bool:
    print("tex:", " ".join(command), flush=True)
    try:
        return subprocess.run(command, timeout=1800).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def install() -> None:
    """As root, Debian's packages through apt-get."""
    if os.geteuid() == 0 and shutil.which("apt-get"):
        environment = ["env", "DEBIAN_FRONTEND=noninteractive"]
        _run([*environment, "apt-get", "update", "-q"])
        _run(
            [
                *environment,
                "apt-get",
                "install",
                "-y",
                "-q",
                "--no-install-recommends",
                *PACKAGES,
            ]
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", action="store_true")
    if parser.parse_args().packages:
        print(" ".join(PACKAGES))
        return 0
    if missing():
        install()
        lacking = missing()
        if lacking:
            print(f"Missing: {', '.join(lacking)}.", file=sys.stderr)
            print(HOW, file=sys.stderr)
            return 1
    print("tex:", shutil.which("xelatex"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
