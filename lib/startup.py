"""Start TensorFlow for a page: oneDNN's rewrites on or off, no start-up notes in the outputs."""

import contextlib
import os
import sys
from collections.abc import Iterator
from types import ModuleType


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Point the process's file descriptor 2 at /dev/null for the duration of the block.

    TensorFlow's C++ code writes some start-up notes there before its log level applies
    (for instance "oneDNN custom operations are on"); Jupyter would show them as output.
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
    """Import TensorFlow with oneDNN's graph rewrites on or off, quietly; return the module.

    The setting is read once, when TensorFlow starts: calling this after TensorFlow was
    imported with the other setting is an error, not a silent no-op.
    """
    wanted = "1" if onednn else "0"
    if "tensorflow" in sys.modules:
        if os.environ.get("TF_ENABLE_ONEDNN_OPTS") != wanted:
            raise RuntimeError(
                f"TensorFlow is already running with TF_ENABLE_ONEDNN_OPTS="
                f"{os.environ.get('TF_ENABLE_ONEDNN_OPTS')!r}; call import_tensorflow("
                f"onednn={onednn}) before anything imports TensorFlow (Keras included)."
            )
        return sys.modules["tensorflow"]
    os.environ["TF_ENABLE_ONEDNN_OPTS"] = wanted
    with native_stderr_silenced():
        import tensorflow
    return tensorflow
