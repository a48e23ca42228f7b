"""Run profiles: the published ``full`` run and a ``fast`` one for quick checks."""

import os
from typing import TypeVar

PROFILE_ENV = "RNADL_PROFILE"
PROFILES = ("full", "fast")

T = TypeVar("T")


def current_profile() -> str:
    """Return the profile named by RNADL_PROFILE (default ``full``); reject unknown names."""
    name = os.environ.get(PROFILE_ENV, "full").strip().lower() or "full"
    if name not in PROFILES:
        raise ValueError(
            f"{PROFILE_ENV}={name!r} is not a run profile; use one of {', '.join(PROFILES)}."
        )
    return name


def by_profile(*, full: T, fast: T) -> T:
    """Pick the value that belongs to the current profile."""
    return full if current_profile() == "full" else fast


def profile_banner() -> str:
    """One Spanish sentence (Markdown) telling the reader which profile produced the page."""
    name = current_profile()
    meaning = {
        "full": "la ejecución completa, la que se publica",
        "fast": "una ejecución reducida para comprobaciones rápidas; las cifras no son las publicadas",
    }[name]
    return f"**Perfil de ejecución:** `{name}` ({meaning}). Se elige con la variable `{PROFILE_ENV}`."
