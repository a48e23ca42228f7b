"""The machine a page ran on, described for readers: CPU model, cores and
the widest vector instruction set TensorFlow's kernels may use."""

import os
import platform
from pathlib import Path

# From the widest: the instruction sets oneDNN picks its kernels by.
INSTRUCTION_SETS = (
    ("avx512f", "AVX-512"),
    ("avx2", "AVX2"),
    ("sse4_1", "SSE4.1"),
)


def _cpuinfo() -> dict[str, str]:
    """The first processor's fields of /proc/cpuinfo (Linux), else {}."""
    path = Path("/proc/cpuinfo")
    if not path.is_file():
        return {}
    fields = {}
    for line in path.read_text().splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def instruction_set(flags: set[str] | None = None) -> str:
    """The widest instruction set of the CPU (or 'desconocido')."""
    if flags is None:
        flags = set(_cpuinfo().get("flags", "").split())
    for flag, name in INSTRUCTION_SETS:
        if flag in flags:
            return name
    return "desconocido"


def cpu_description() -> str:
    """Model, cores and instruction set: 'Intel(R) Xeon(R) … @ 2.60GHz,
    2 núcleos, AVX-512'."""
    model = _cpuinfo().get("model name") or platform.processor()
    count = cores()
    return (
        f"{model or 'procesador desconocido'}, {count} "
        f"{'núcleo' if count == 1 else 'núcleos'}, {instruction_set()}"
    )
