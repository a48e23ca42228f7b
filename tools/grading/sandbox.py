"""Where a submission's code runs: a kernel of its own, under limits, out of
reach of everything else.

With bubblewrap (Debian's `bubblewrap`, the sandbox Flatpak uses) the
kernel gets a private file system and namespaces of its own:

- read-only: the system's programs and libraries (/usr), Python, the
  virtual environment, the book's package (lib/) and the data (the
  offline copies of RNADL_DATA_DIR, or Keras's download cache); nothing
  else of this machine exists for it: not the repository (keys, chapters,
  tools), not the folder of submissions, not the report, not /root, /home
  or /etc beyond the few files a program needs to start;
- writable: its own folder (/entrega, the working directory and HOME)
  and /tmp, both in memory, limited in size, gone when it ends; and the
  folder where its kernel's sockets live (the grader's temporary folder
  for that submission, deleted after);
- no network (a namespace with nothing but its own loopback: the kernel
  talks to the grader over Unix sockets), its own process tree (it sees
  and signals only its own processes; all die with it), no capabilities,
  a new session (it cannot type into the grader's terminal).

In every case (bubblewrap or not) the kernel is a separate process, in its
own temporary working folder, with the limits of tools/grading/limited.py
(CPU time, address space, file size) and the grader's wall-clock limits.
Without bubblewrap it can read and write whatever the user who runs the
grader can (the key among it): grade.py refuses to run so unless told to
(--no-sandbox), and says so.

`python tools/grade.py --install-sandbox` finds bubblewrap or installs
it (Debian's package, as root), or says in one line what to run.
"""

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from grading.settings import Limits
from rnadl.downloads import DATA_DIR_ENV, cache_root, offline_dir

LIMITED = Path(__file__).with_name("limited.py")
HOW = (
    "Para aislar las entregas hace falta bubblewrap: instálelo con `sudo "
    "apt-get install -y bubblewrap` (Debian, Ubuntu) y vuelva a calificar; "
    "o califique sin aislamiento con --no-sandbox, sabiendo que el código "
    "de cada entrega podrá leer y escribir lo que usted puede."
)
# Inside the sandbox.
WORK = "/entrega"
DATA = "/datos"
# The few files of /etc a program needs (the dynamic linker's cache, the
# time zone, the fonts' configuration); not the names of the users.
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "fonts")


class SandboxMissing(RuntimeError):
    """No working bubblewrap on this machine."""


@functools.cache
def bubblewrap() -> str | None:
    """The bwrap program, if it is installed and this machine lets it make
    its namespaces (a container may refuse user namespaces)."""
    program = shutil.which("bwrap")
    if program is None:
        return None
    probe = [
        program,
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        "--unshare-all",
        "true",
    ]
    try:
        result = subprocess.run(probe, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return program if result.returncode == 0 else None


def install() -> str:
    """bubblewrap, installed if need be (Debian's package, as root);
    SandboxMissing, saying what to run, when it cannot be."""
    if bubblewrap():
        return bubblewrap()
    if shutil.which("apt-get") and os.geteuid() == 0:
        for command in (
            ["apt-get", "install", "-y", "-q", "bubblewrap"],
            ["apt-get", "update", "-q"],
            ["apt-get", "install", "-y", "-q", "bubblewrap"],
        ):
            print("sandbox:", " ".join(command), flush=True)
            subprocess.run(command, timeout=900)
            bubblewrap.cache_clear()
            if bubblewrap():
                return bubblewrap()
    if shutil.which("bwrap"):
        raise SandboxMissing(
            "bubblewrap está instalado, pero esta máquina no le deja crear "
            "sus espacios de nombres (¿un contenedor sin espacios de "
            "usuario?). " + HOW
        )
    raise SandboxMissing(HOW)


def _system_binds() -> list[str]:
    """/usr read-only, and /bin, /lib… as the host has them (links into
    /usr on a merged system, folders otherwise)."""
    binds = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            binds += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            binds += ["--ro-bind", str(path), str(path)]
    for name in ETC:
        path = Path("/etc") / name
        if path.exists():
            binds += ["--ro-bind", str(path), str(path)]
    return binds


def _python_binds() -> list[str]:
    """Python, the virtual environment and the book's package, read-only,
    where they are on the host (the environment names those paths)."""
    import rnadl

    paths = {
        Path(sys.base_prefix).resolve(),
        Path(sys.prefix).resolve(),
        Path(sys.prefix),
        Path(rnadl.__file__).resolve().parent.parent,
    }
    binds = []
    for path in sorted(paths, key=lambda p: len(p.parts)):
        if any(path != other and other in path.parents for other in paths):
            continue  # inside another one
        binds += ["--ro-bind", str(path), str(path)]
    return binds


def _data() -> tuple[Path, str] | None:
    """The data on this machine, and the variable that names it: the
    offline copies (RNADL_DATA_DIR), else Keras's download cache."""
    folder = offline_dir()
    if folder is not None and folder.is_dir():
        return folder.resolve(), DATA_DIR_ENV
    if cache_root().is_dir():
        return cache_root().resolve(), "KERAS_HOME"
    return None


def data() -> str:
    """Where the submissions read their data from, for the terminal."""
    found = _data()
    if found is None:
        return (
            f"ninguna: ni {DATA_DIR_ENV} ni la caché de Keras; los capítulos "
            "que leen datos fallarán (sin red, las entregas no descargan "
            "nada)"
        )
    folder, variable = found
    if variable == DATA_DIR_ENV:
        return f"{folder} ({DATA_DIR_ENV})"
    return (
        f"{folder}, la caché de Keras, con lo que el libro ya descargó "
        f"(otra carpeta: {DATA_DIR_ENV}=carpeta)"
    )


def environment(home: str, data: str | None) -> dict[str, str]:
    """The kernel's whole environment: nothing of the grader's but the
    book's own settings (RNADL_*, such as which copy of CIFAR-10); HOME
    and the data's folder as the kernel sees them."""
    book = {
        name: value
        for name, value in os.environ.items()
        if name.startswith("RNADL_") and name != DATA_DIR_ENV
    }
    found = _data()
    return {
        **book,
        "HOME": home,
        "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "agg",
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        **({found[1]: data or str(found[0])} if found else {}),
    }


class Sandbox:
    """One submission's place to run: a temporary folder of the grader's
    (the kernel's connection file and sockets; without bubblewrap, also
    its working folder) and the command that starts its kernel there."""

    def __init__(self, limits: Limits, isolated: bool) -> None:
        if isolated and not bubblewrap():
            raise SandboxMissing(HOW)
        self.limits, self.isolated = limits, isolated
        self.folder = Path(tempfile.mkdtemp(prefix="rnadl-entrega-"))
        self.work = self.folder / "entrega"
        self.work.mkdir()

    @property
    def connection_file(self) -> Path:
        return self.folder / "kernel.json"

    @property
    def sockets(self) -> str:
        """The prefix of the kernel's Unix sockets."""
        return str(self.folder / "k")

    @property
    def cwd(self) -> Path:
        """The working folder as the grader starts the kernel in it."""
        return self.folder if self.isolated else self.work

    def command(self, kernel: list[str]) -> list[str]:
        limits = self.limits
        megabyte = 2**20
        limited = [
            sys.executable,
            "-I",
            "-S",
            str(LIMITED),
            str(int(limits.cpu_seconds)),
            str(int(limits.memory_mb * megabyte)),
            str(int(limits.disk_mb * megabyte)),
            "--",
        ]
        if not self.isolated:
            return limited + kernel
        size = str(int(limits.disk_mb * megabyte))
        found = _data()
        data = ["--ro-bind", str(found[0]), DATA] if found else []
        env = []
        for name, value in environment(WORK, DATA).items():
            env += ["--setenv", name, value]
        return (
            limited
            + [bubblewrap(), "--unshare-all", "--die-with-parent"]
            + ["--new-session", "--cap-drop", "ALL", "--hostname", "entrega"]
            + _system_binds()
            + _python_binds()
            + data
            + ["--size", size, "--tmpfs", "/tmp"]
            + ["--size", size, "--tmpfs", WORK]
            + ["--bind", str(self.folder), str(self.folder)]
            + ["--dev", "/dev", "--proc", "/proc", "--chdir", WORK]
            + ["--remount-ro", "/"]
            + ["--clearenv", *env, "--"]
            + kernel
        )

    def environment(self) -> dict[str, str]:
        """The environment the kernel starts with (bubblewrap replaces it
        with its own; without it, this one)."""
        return environment(str(self.work), None)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
