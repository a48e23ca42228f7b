"""Points per question and the limits a submission runs under.

The defaults are written here; the teacher changes them in one file,
calificacion.yml at the repository's root (or another, with --config).
Its keys are Spanish, as the teacher reads them:

    puntos:
      por_defecto: 1          # every question
      preguntas:              # a label, or a pattern of labels
        ej-*-inciso: 2
    limites:
      segundos_por_cuaderno: 1800
      ...
    entrenamiento: propio     # or rapido

A key the file does not give keeps its default; an unknown key, or a
value that is not a number where one goes, is an error that names it.
"""

import fnmatch
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILE = ROOT / "calificacion.yml"
# How a chapter that trains is graded: the student's own constants (the
# notebook as handed in), or the quick test's, which the grader sets.
OWN, FAST = "propio", "rapido"


class SettingsError(ValueError):
    """A settings file the grader cannot use as it is."""


@dataclass(frozen=True)
class Limits:
    """What one submission may use. The Spanish name of each field is the
    key in calificacion.yml."""

    notebook_seconds: float = field(
        default=1800, metadata={"key": "segundos_por_cuaderno"}
    )
    cell_seconds: float = field(
        default=1200, metadata={"key": "segundos_por_celda"}
    )
    # CPU time of the kernel process, all its threads together.
    cpu_seconds: float = field(
        default=3600, metadata={"key": "segundos_de_cpu"}
    )
    # Address space of the kernel process (TensorFlow alone maps ~2 GB).
    memory_mb: int = field(default=8192, metadata={"key": "memoria_mb"})
    # Outputs kept of the submission's own cells, all together.
    output_mb: float = field(default=20, metadata={"key": "salida_mb"})
    # Its private folder and /tmp (in memory), and any one file it writes.
    disk_mb: int = field(default=1024, metadata={"key": "disco_mb"})
    # The JSON text of one answer.
    answer_kb: int = field(default=512, metadata={"key": "respuesta_kb"})
    # Judging one answer (SymPy's simplify on a hostile expression).
    judge_seconds: float = field(
        default=30, metadata={"key": "segundos_por_respuesta"}
    )
    # Submissions at once; 0: one per core.
    jobs: int = field(default=0, metadata={"key": "entregas_a_la_vez"})

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


@dataclass(frozen=True)
class Points:
    """Points per question: a label's own, else the first pattern that
    matches it, else the default."""

    default: float = 1.0
    by_question: tuple[tuple[str, float], ...] = ()

    def of(self, label: str) -> float:
        for pattern, points in self.by_question:
            if pattern == label:
                return points
        for pattern, points in self.by_question:
            if fnmatch.fnmatchcase(label, pattern):
                return points
        return self.default


@dataclass(frozen=True)
class Settings:
    points: Points = Points()
    limits: Limits = Limits()
    training: str = OWN
    source: str = "los valores por defecto"


def _number(where: str, value: object, minimum: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingsError(
            f"{where}: se esperaba un número y se encontró {value!r}."
        )
    if value < minimum:
        raise SettingsError(f"{where}: debe ser {minimum} o más.")
    return value


def _mapping(where: str, value: object, allowed: set[str]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SettingsError(f"{where}: se esperaba una lista de claves.")
    unknown = sorted(set(map(str, value)) - allowed)
    if unknown:
        raise SettingsError(
            f"{where}: no conozco {', '.join(unknown)}; las claves son "
            f"{', '.join(sorted(allowed))}."
        )
    return value


def load(path: Path | None = None) -> Settings:
    """The settings of a file (default: calificacion.yml at the root, when
    it exists; else the defaults)."""
    if path is None:
        if not DEFAULT_FILE.exists():
            return Settings()
        path = DEFAULT_FILE
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as problem:
        raise SettingsError(f"{path}: no se pudo leer: {problem}") from None
    name = str(path)
    data = _mapping(name, data, {"puntos", "limites", "entrenamiento"})
    points = _mapping(
        f"{name}: puntos", data.get("puntos"), {"por_defecto", "preguntas"}
    )
    default = _number(
        f"{name}: puntos.por_defecto", points.get("por_defecto", 1.0)
    )
    questions = points.get("preguntas") or {}
    if not isinstance(questions, dict):
        raise SettingsError(
            f"{name}: puntos.preguntas es una lista etiqueta: puntos."
        )
    by_question = tuple(
        (str(label), _number(f"{name}: puntos.preguntas.{label}", value))
        for label, value in questions.items()
    )
    keys = {f.metadata["key"]: f for f in fields(Limits)}
    given = _mapping(f"{name}: limites", data.get("limites"), set(keys))
    limits = replace(
        Limits(),
        **{
            keys[key].name: _number(
                f"{name}: limites.{key}",
                value,
                minimum=0 if key == "entregas_a_la_vez" else 1,
            )
            for key, value in given.items()
        },
    )
    training = data.get("entrenamiento", OWN)
    if training not in (OWN, FAST):
        raise SettingsError(
            f"{name}: entrenamiento es {OWN!r} (las constantes del cuaderno) "
            f"o {FAST!r} (las de la prueba rápida); se encontró {training!r}."
        )
    return Settings(
        Points(float(default), by_question), limits, training, name
    )
