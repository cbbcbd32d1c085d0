"""What ``diff`` compares: a definition (a file or a folder), or a roster read as ``import-roster`` reads it.

A roster (.xlsx, .xlsm, .csv, .tsv) becomes the definition ``import-roster -o`` would write, checked
as that would be; problems name the roster. Two months' rosters compare as two definitions: the
people who joined, left or moved, new and removed roles, headcounts.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from officegen.definition import check
from officegen.definition.validator import Validation
from officegen.errors import DefinitionError
from officegen.problems import Location, Problem, sort_problems

ROSTER_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv")


def is_roster(path: Path) -> bool:
    """By its name: a FIFO or a device named like a roster is refused as a roster (``read_roster``)."""
    return not path.is_dir() and path.suffix.lower() in ROSTER_SUFFIXES


def check_input(path: Path, *, lang: str | None = None, say: str | None = "en") -> Validation:
    """The validated definition at ``path``, or the one its roster makes; never raises for bad
    input (problems are in the result), except RosterError for a roster that cannot be read.
    ``say``: the language of a definition's problems (None: its own locale)."""
    if not is_roster(path):
        return check(path, say=say)
    from officegen.roundtrip.roster import describe_source, read_roster, roster_date
    from officegen.roundtrip.roster.write import definition_text

    try:
        draft = read_roster(path, lang=lang)
    except DefinitionError as exc:
        return Validation(None, tuple(sort_problems(exc.problems)))
    text = definition_text(draft, source=describe_source(draft), date=roster_date(draft))
    with tempfile.TemporaryDirectory(prefix="officegen-diff-") as tmp:
        made = Path(tmp) / f"{path.stem}.yaml"
        made.write_text(text, encoding="utf-8")
        result = check(made, say=say or draft.lang)  # as import-roster says them: in the roster's language
    problems = [*draft.problems, *(_renamed(p, made, path) for p in result.problems)]
    return Validation(result.spec, tuple(problems))


def _renamed(problem: Problem, made: Path, roster: Path) -> Problem:
    """A problem of the definition made from the roster, said of the roster."""
    loc = problem.location
    where = Location(str(roster)) if loc.file == str(made) else loc
    return Problem(where, problem.severity, problem.message + " (in the definition made from the roster)", problem.code)
