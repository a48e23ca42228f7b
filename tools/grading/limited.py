"""Run a command under resource limits (the kernel of a submission).

    python -I -S limited.py CPU_SECONDS MEMORY_BYTES FILE_BYTES -- COMMAND…

Sets the limits of this process, which the command inherits through exec
(and bubblewrap hands on to the kernel): CPU time (SIGXCPU at the limit,
SIGKILL 5 s later), address space (an allocation beyond it fails with
MemoryError), the size of any file it writes (SIGXFSZ beyond it), no core
dumps. Run with -I -S: it imports nothing but the standard library.
"""

import os
import resource
import sys


def main(argv: list[str]) -> None:
    cpu, memory, files, separator, *command = argv
    if separator != "--" or not command:
        sys.exit("usage: limited.py CPU MEMORY FILES -- COMMAND…")
    cpu, memory, files = int(cpu), int(memory), int(files)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (files, files))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
