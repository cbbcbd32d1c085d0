"""The front half of every command: load, validate, build the model. One call for the CLI and tests."""

from __future__ import annotations

from pathlib import Path

from officegen.definition.loader import load
from officegen.definition.model import Organization, build
from officegen.definition.validator import Validation, validate
from officegen.errors import DefinitionError
from officegen.problems import Problem


def check(path: str | Path, *, strict: bool = False, lang: str | None = None) -> Validation:
    """Load and validate; never raises for bad input (problems are in the result). With ``lang``,
    texts without a ``lang`` translation are warnings, not notes."""
    return validate(load(path), strict=strict, lang=lang)


def load_organization(
    path: str | Path, *, lang: str | None = None, strict: bool = False
) -> tuple[Organization, tuple[Problem, ...]]:
    """The model and the warnings; raises DefinitionError listing every problem when any is an error."""
    result = check(path, strict=strict)
    if result.spec is None:
        raise DefinitionError(result.problems)
    return build(result.spec, lang), result.warnings
