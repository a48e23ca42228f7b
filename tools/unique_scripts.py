"""Sphinx extension: each inline script once per page.

Sphinx 7.4 registers a script that an extension adds after the builder
started (sphinx-thebe, sphinx-togglebutton) twice, once with the file name
None and once with "", so the page declares its `const THEBE_JS_URL` twice
and the browser reports "Identifier 'THEBE_JS_URL' has already been
declared". This keeps the first of scripts that render the same.
"""

from sphinx.application import Sphinx


def _drop_repeated_scripts(app, pagename, templatename, context, doctree):
    """Keep the first script of each (file, attributes) on this page."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
