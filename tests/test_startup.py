"""TensorFlow started quietly, with oneDNN's setting refused once it is too
late to apply."""

import os

import pytest

from rnadl.startup import import_tensorflow, native_stderr_silenced


def test_native_stderr_is_silenced_only_inside_the_block(
    capfd: pytest.CaptureFixture,
) -> None:
    with native_stderr_silenced():
        os.write(2, b"start-up note\n")
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"


def test_a_setting_too_late_to_apply_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tensorflow  # noqa: F401  (started by conftest.py, as the pages start it)

    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "0")
    assert (
        import_tensorflow(onednn=True).__name__ == "tensorflow"
    )  # the environment wins
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS")
    with pytest.raises(
        RuntimeError, match="before anything imports TensorFlow"
    ):
        import_tensorflow(onednn=True)
    assert "TF_ENABLE_ONEDNN_OPTS" not in os.environ
