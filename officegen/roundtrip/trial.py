"""Validate a definition as it would be after an edit, before anything is written.

The edited text of each changed file is put, with the unchanged files, into a scratch copy that
the ordinary loader and validator check; the problems name the real files again.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from officegen.problems import Location, Problem


def trial_check(
    team: Path, edited: dict[Path, bytes], *, strict: bool = False, note: str = " (after the import)"
) -> list[Problem]:
    """Every problem of ``team`` (a file or a folder, existing or not) with ``edited`` files'
    contents replaced; each message ends with ``note``."""
    from officegen.definition import check

    team = Path(team)
    with tempfile.TemporaryDirectory(prefix="officegen-trial-") as tmp:
        trial = Path(tmp) / (team.resolve().name or "team")
        if team.is_dir():
            shutil.copytree(team, trial)
            for path, data in edited.items():
                (trial / path.name).write_bytes(data)
        else:
            trial.write_bytes(edited[team])
        result = check(trial, strict=strict)
    return [_rename(p, trial, team, note) for p in result.problems]


def _rename(problem: Problem, trial: Path, team: Path, note: str) -> Problem:
    loc = problem.location
    file = loc.file.replace(str(trial), str(team), 1)
    return Problem(Location(file, loc.line, loc.col, loc.ref), problem.severity, problem.message + note, problem.code)
