"""Validate a definition as it would be after an edit, before anything is written.

The edited files' contents and the unchanged files are validated together in memory
(``definition.check_edited``); the problems name the real files.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from officegen.problems import Problem


def trial_check(
    team: Path,
    edited: Mapping[Path, bytes | str],
    *,
    strict: bool = False,
    note: str = " (after the import)",
    say: str = "en",
) -> list[Problem]:
    """Every problem of ``team`` (a file or a folder, existing or not) with ``edited`` files'
    contents replaced, said in ``say``; each message ends with ``note``."""
    from officegen.definition import check_edited

    result = check_edited(team, edited, strict=strict, say=say)
    return [Problem(p.location, p.severity, p.message + note, p.code) for p in result.problems]
