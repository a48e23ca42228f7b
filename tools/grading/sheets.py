"""Answer sheets: the numbers a group typed in a document, copied by the
teacher into a YAML file, question label -> value.

    # Entrega del grupo 3
    ej-cifar-inciso:          # a dict: its keys
      conv1: 2432
      total: 564.938          # as the document writes it
    ej-bp4-inciso: {b: 0.2, w: 0.5}   # a tuple: in order, or by its names
    ej-tinyvgg-inciso: [280, 910, 910, 910, 16910, 19920]
    ej-bp6-inciso: "no calificable: la cadena no se puede escribir"

The sheet is read as text (YAML's own reading of 564.938 as a decimal
number is not used); each value is then read by grading.typed, guided by
what the teacher's key expects there. A label the key does not know is
said, with the closest one; «no calificable» (with a reason after a
colon) marks a question the teacher could not copy.
"""

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grading.key import ChapterKey
from grading.submission import Unreadable
from grading.typed import plain

MAX_SHEET_KB = 256
NOT_GRADABLE = "no calificable"


@dataclass
class Sheet:
    path: Path
    chapters: list[ChapterKey]
    typed: dict[str, object] = field(default_factory=dict)
    # label -> why the sheet itself marks it ungradable.
    ungradable: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def read_sheet(path: Path, keys: dict[str, ChapterKey]) -> Sheet:
    """The sheet's answers by label, and the chapters they belong to;
    Unreadable when it is not a sheet."""
    if path.stat().st_size > MAX_SHEET_KB * 1024:
        raise Unreadable(
            f"la hoja pesa más de {MAX_SHEET_KB} kB: no es una hoja de "
            "respuestas"
        )
    try:
        # BaseLoader: every value as the text typed, nothing converted.
        data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    except (UnicodeDecodeError, yaml.YAMLError) as problem:
        first = str(problem).strip().splitlines()[0][:200]
        raise Unreadable(f"la hoja no es YAML válido: {first}") from None
    if not isinstance(data, dict) or not data:
        raise Unreadable(
            "la hoja no tiene respuestas: se espera una lista «etiqueta: "
            "valor», como ej-bp4-inciso: [-0.98, 1.07]"
        )
    owner = {q.label: key for key in keys.values() for q in key.questions}
    sheet = Sheet(path, [])
    for written, value in data.items():
        label = written.strip().lower().replace("_", "-")
        if label not in owner:
            close = difflib.get_close_matches(label, list(owner), n=1)
            sheet.notes.append(
                f"La hoja trae «{written}», que no es ninguna pregunta"
                + (f" (¿quiso decir {close[0]}?)" if close else "")
                + ": no se calificó."
            )
            continue
        if label != written:
            sheet.notes.append(f"«{written}» se leyó como {label}.")
        if isinstance(value, str) and plain(value).startswith(NOT_GRADABLE):
            reason = value.split(":", 1)[1].strip() if ":" in value else ""
            sheet.ungradable[label] = reason or "la hoja lo marca así"
        else:
            sheet.typed[label] = value
        if owner[label] not in sheet.chapters:
            sheet.chapters.append(owner[label])
    if not sheet.chapters:
        raise Unreadable(
            "la hoja no trae ninguna pregunta de los capítulos: "
            + " ".join(sheet.notes)
        )
    sheet.chapters.sort(key=lambda key: key.number)
    return sheet
