"""Run profiles selected by RNADL_PROFILE."""

import pytest

from rnadl.run_profile import (
    PROFILE_ENV,
    by_profile,
    current_profile,
    profile_banner,
    warn_unless_published,
)


def test_default_is_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    assert current_profile() == "full"
    assert by_profile(full=300, fast=20) == 300
    assert profile_banner() == ""  # the published book says nothing


def test_fast_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, " Fast ")
    assert current_profile() == "fast"
    assert by_profile(full=300, fast=20) == 20
    banner = profile_banner()
    assert banner.startswith(":::{warning}") and "`fast`" in banner
    assert "no son las publicadas" in banner


def test_unknown_profile_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, "quick")
    with pytest.raises(
        ValueError, match="'quick' is not a run profile; use one of full, fast"
    ):
        current_profile()


def test_the_published_page_shows_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing is displayed in the published profile; in another, the
    banner itself, as Markdown (so the site renders the admonition)."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    warn_unless_published()
    assert shown == []
    monkeypatch.setenv(PROFILE_ENV, "fast")
    warn_unless_published()
    (markdown,) = shown
    assert isinstance(markdown, IPython.display.Markdown)
    assert markdown.data == profile_banner()
