"""Start TensorFlow for a page: oneDNN's rewrites on or off, no start-up notes
in the outputs."""

import contextlib
import os
import sys
from collections.abc import Iterator
from types import ModuleType


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Point the process's file descriptor 2 at /dev/null for the duration of
    the block.

    TensorFlow's C++ code writes some start-up notes there before its log level
    applies (for instance "oneDNN custom operations are on"); Jupyter would
    show them as output.
    """
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def import_tensorflow(onednn: bool) -> ModuleType:
    """Import TensorFlow quietly, with oneDNN's graph rewrites on or off;
    return the module.

    onednn is the page's choice; TF_ENABLE_ONEDNN_OPTS set in the environment
    wins (the test command sets it to run the pages on other kernels). Quietly:
    the C++ log shows errors only (TF_CPP_MIN_LOG_LEVEL=3 unless set) and the
    notes written before that applies are dropped. The setting is read once,
    when TensorFlow starts: asking for it after something else started
    TensorFlow is an error, not a silent no-op.
    """
    chosen_before = "TF_ENABLE_ONEDNN_OPTS" in os.environ
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1" if onednn else "0")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "tensorflow" in sys.modules:
        if not chosen_before:
            del os.environ["TF_ENABLE_ONEDNN_OPTS"]
            raise RuntimeError(
                "TensorFlow was started before its oneDNN setting was "
                f"chosen; call import_tensorflow(onednn={onednn}) before "
                "anything imports TensorFlow (Keras included)."
            )
        return sys.modules["tensorflow"]
    with native_stderr_silenced():
        import tensorflow
    return tensorflow
