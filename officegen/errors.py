"""One exception family, so the CLI can turn every library failure into a clean message in one place.

Input errors (the definition is wrong) and output errors (a file could not be written) are
separate branches: the first exits 1 with a problem list, the second names the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from officegen.problems import Problem


class OfficegenError(Exception):
    """Base of every error officegen raises on purpose."""


class DefinitionError(OfficegenError):
    """The team definition has errors; ``problems`` lists every one (warnings too). ``lang`` is
    the language the problems are said in (their summary line follows it)."""

    def __init__(self, problems: Sequence[Problem], lang: str = "en"):
        self.problems = tuple(problems)
        self.lang = lang
        errors = sum(p.severity == "error" for p in self.problems)
        super().__init__(f"{errors} error(s) in the team definition")


class InputError(OfficegenError):
    """A file the user gave besides the definition (a reference document, a workbook, a template)
    cannot be used; the message names the file and says why."""


class TemplateError(InputError):
    """A user template could not be loaded, parsed or rendered; the message names file and line."""


class UnknownIdError(OfficegenError, LookupError):
    """An id asked for by the caller (``role_ids``, a ``--role``) is not in the definition; the
    message names it. The CLI checks its options first, so this reaches library callers."""


class OutputError(OfficegenError):
    """An output file could not be written; the message names the file."""


class ToolMissingError(OfficegenError):
    """An external program (LibreOffice) is needed but not installed."""


class SettingError(OfficegenError):
    """An environment setting (``SOURCE_DATE_EPOCH``) is malformed; the message names it."""
