"""Problems found in a definition, with the place they were found, printed as ``FILE:LINE:COL``.

Every stage (loading, structure, references) reports into the same list, so a user sees every
problem of a definition in one run, sorted by place like a compiler's diagnostics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from officegen.i18n import CHINESE, normalise_lang

#: an error stops generation; a warning is likely a mistake (an error under --strict); a note is
#: work still to do (untranslated text, content not written yet), never an error
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` and ``col`` are 1-based (0 when unknown).

    ``ref`` names the place the way its file's users do, when that is not LINE:COL: a workbook
    cell (``花名册!E57``, with ``line`` its row and ``col`` its column for sorting), or a CSV
    record (``57``, whose fields have no character column). ``str`` is then ``FILE:REF``."""

    file: str
    line: int = 0
    col: int = 0
    ref: str = ""

    def __str__(self) -> str:
        if self.ref:
            return f"{self.file}:{self.ref}"
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


def cell_location(file: str, sheet: str, row: int, col: int | None = None) -> Location:
    """``FILE:SHEET!CELL`` (1-based ``row``, 0-based ``col``), or ``FILE:SHEET!ROW:ROW`` for a whole
    row, the way a spreadsheet user finds the place; a sheet name with spaces or punctuation is
    quoted as in a formula (``'RACI Matrix'!C5``)."""
    quoted = sheet if re.fullmatch(r"\w+", sheet) else "'" + sheet.replace("'", "''") + "'"
    if col is None:
        return Location(file, row, 0, f"{quoted}!{row}:{row}")
    from openpyxl.utils import get_column_letter

    return Location(file, row, col + 1, f"{quoted}!{get_column_letter(col + 1)}{row}")


def source_of(problems: Iterable[Problem], default: str) -> str:
    """The file a summary line names: ``default`` (the definition), unless every error is in one
    other file (the edited workbook, when it is the workbook that is wrong); a file of a folder
    definition is the definition's."""
    files = {p.location.file for p in problems if p.severity == "error" and p.location.file}
    if len(files) != 1:
        return default
    (file,) = files
    inside = Path(file).resolve().is_relative_to(Path(default).resolve()) if default else False
    return default if inside else file


@dataclass(frozen=True)
class Problem:
    """One finding. ``code`` is a stable identifier for tools (``--format json``)."""

    location: Location
    severity: Severity
    message: str
    code: str = "invalid"

    def sort_key(self) -> tuple:
        return (self.location.file, self.location.line, self.location.col, self.severity, self.message)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def count(problems: Iterable[Problem], severity: Severity) -> int:
    return sum(p.severity == severity for p in problems)


def summary(problems: Iterable[Problem], source: str, lang: str = "en") -> str:
    """The last line of a problem list: how many of each, or that the definition is valid, in ``lang``."""
    problems = list(problems)
    n_err, n_warn, n_note = (count(problems, s) for s in ("error", "warning", "note"))
    if normalise_lang(lang) == CHINESE:
        notes_zh = f"，{n_note} 条提示" if n_note else ""
        if n_err:
            return f"{source}：{n_err} 个错误，{n_warn} 个警告{notes_zh}"
        if n_warn:
            return f"{source}：有效，{n_warn} 个警告{notes_zh}"
        return f"{source}：有效{notes_zh}"
    notes = f", {n_note} note{'s' if n_note != 1 else ''}" if n_note else ""
    if n_err:
        return (
            f"{source}: {n_err} error{'s' if n_err != 1 else ''}, {n_warn} warning{'s' if n_warn != 1 else ''}{notes}"
        )
    if n_warn:
        return f"{source}: valid, {n_warn} warning{'s' if n_warn != 1 else ''}{notes}"
    return f"{source}: valid{notes}"
