"""Run profiles: the published ``full`` run and a ``fast`` one for quick
checks."""

import os
from typing import TypeVar

# A practice notebook leaves out every call of this module; it gathers the
# constants chosen with by_profile in one cell (tools/practice_code.py).
BOOK_ONLY = True
PROFILE_ENV = "RNADL_PROFILE"
PROFILES = ("full", "fast")

T = TypeVar("T")


def current_profile() -> str:
    """Return the profile named by RNADL_PROFILE (default ``full``); reject
    unknown names."""
    name = os.environ.get(PROFILE_ENV, "full").strip().lower() or "full"
    if name not in PROFILES:
        raise ValueError(
            f"{PROFILE_ENV}={name!r} is not a run profile; use one of "
            f"{', '.join(PROFILES)}."
        )
    return name


def by_profile(*, full: T, fast: T) -> T:
    """Pick the value that belongs to the current profile."""
    return full if current_profile() == "full" else fast


def profile_banner() -> str:
    """Markdown that warns the reader of a page not made by the published run.

    Empty for the ``full`` profile (the published book says nothing); a
    Spanish warning admonition for any other profile.
    """
    name = current_profile()
    if name == "full":
        return ""
    return (
        ":::{warning}\n"
        f"Esta página se generó con el perfil de ejecución `{name}`, una "
        "ejecución reducida para comprobaciones rápidas: sus cifras no son "
        "las publicadas.\n"
        ":::"
    )


def warn_unless_published() -> None:
    """Show the profile's warning on the page; show nothing for ``full``.

    (An empty Markdown output would still render, as its plain-text repr.)
    """
    banner = profile_banner()
    if banner:
        from IPython.display import Markdown, display

        display(Markdown(banner))
