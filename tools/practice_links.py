"""Sphinx extension: each chapter's launch menu also offers its practice
notebook, in Colab and as a download.

The practice notebooks (tools/practice_notebooks.py) are copied into the
built site from the folder the configuration names (`practice_folder`:
practica/ for the full edition, estudiante/practica/ for the student one,
which has no other launch entry: there the menu holds only these two).
The full edition's Colab entry keeps opening the full chapter.
"""

import shutil
from pathlib import Path

from sphinx.application import Sphinx

FOLDER = "practica"


def _practice_file(app: Sphinx, pagename: str) -> Path:
    folder = app.config.practice_folder
    return Path(app.srcdir) / folder / (Path(pagename).name + ".ipynb")


def _add_links(app, pagename, templatename, context, doctree) -> None:
    """Append the two entries to the page's launch menu, if it has one."""
    if not _practice_file(app, pagename).is_file():
        return
    buttons = context.setdefault("header_buttons", [])
    group = next(
        (b for b in buttons if b.get("label") == "launch-buttons"), None
    )
    if group is None:  # no other launch entry: a menu for these two
        group = {
            "type": "group",
            "tooltip": "Abrir el cuaderno de práctica",
            "icon": "fas fa-rocket",
            "buttons": [],
            "label": "launch-buttons",
        }
        buttons.insert(0, group)
    folder = app.config.practice_folder
    repository = app.config.html_theme_options["repository_url"]
    branch = app.config.html_theme_options.get("repository_branch", "main")
    owner_repo = repository.removeprefix("https://github.com/").strip("/")
    name = Path(pagename).name + ".ipynb"
    up = "../" * pagename.count("/")
    group["buttons"] += [
        {
            "type": "link",
            "text": "Practicar en Colab",
            "tooltip": "Abrir el cuaderno de práctica del capítulo en Colab",
            "icon": "_static/images/logo_colab.png",
            "url": "https://colab.research.google.com/github/"
            f"{owner_repo}/blob/{branch}/{folder}/{name}",
            "label": "practice-colab",
        },
        {
            "type": "link",
            "text": "Descargar el cuaderno de práctica",
            "tooltip": "El cuaderno de práctica del capítulo (.ipynb)",
            "icon": "fas fa-download",
            "url": f"{up}{folder}/{name}",
            "label": "practice-download",
        },
    ]


def _copy_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.srcdir) / app.config.practice_folder
    target = Path(app.outdir) / app.config.practice_folder
    target.mkdir(parents=True, exist_ok=True)
    for notebook in source.glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)


def setup(app: Sphinx) -> dict:
    app.add_config_value("practice_folder", FOLDER, "html")
    app.connect("html-page-context", _add_links, priority=502)
    app.connect("build-finished", _copy_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
