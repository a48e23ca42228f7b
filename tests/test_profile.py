"""Run profiles selected by RNADL_PROFILE."""

import pytest

from rnadl.profile import PROFILE_ENV, by_profile, current_profile, profile_banner


def test_default_is_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    assert current_profile() == "full"
    assert by_profile(full=300, fast=20) == 300
    assert "`full`" in profile_banner()


def test_fast_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, " Fast ")
    assert current_profile() == "fast"
    assert by_profile(full=300, fast=20) == 20
    assert "`fast`" in profile_banner() and "no son las publicadas" in profile_banner()


def test_unknown_profile_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, "quick")
    with pytest.raises(ValueError, match="'quick' is not a run profile; use one of full, fast"):
        current_profile()
