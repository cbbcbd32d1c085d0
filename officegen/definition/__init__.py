"""The front half of every command: load, validate, build the model. One call for the CLI and tests."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import ParamSpec, TypeVar

from officegen.definition.loader import Loaded, load, load_edited, load_text, load_texts
from officegen.definition.model import Organization, build
from officegen.definition.validator import Validation, validate
from officegen.errors import DefinitionError
from officegen.i18n import declared_lang
from officegen.office.memory import paused_gc
from officegen.problems import Problem

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _gc_paused(func: Callable[_P, _R]) -> Callable[_P, _R]:
    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with paused_gc():
            return func(*args, **kwargs)

    return wrapper


def _load_saying(path: str | Path, say: str | None) -> tuple[Loaded, str]:
    """The loaded definition and the language its problems are said in: ``say``, or (None) the
    definition's own locale (its file's syntax problems said again in it when that is not English)."""
    loaded = load(path, say or "en")
    if say is None:
        say = declared_lang(loaded.data) or (_written_locale(Path(path)) if loaded.problems else None) or "en"
        if say != "en" and loaded.problems:
            loaded = load(path, say)
    return loaded, say


_LOCALE_LINE = re.compile(r"""(?:^|[{,\s])["']?locale["']?\s*:\s*["']?([A-Za-z_-]+)""", re.M)


def _written_locale(path: Path) -> str | None:
    """The locale a definition that does not parse says it has (its ``locale:`` line), if any."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 16).decode("utf-8", "replace")
    except OSError:  # a folder, or unreadable: its problems say so
        return None
    found = _LOCALE_LINE.search(head)
    return declared_lang({"organization": {"locale": found.group(1)}}) if found else None


@_gc_paused
def check(path: str | Path, *, strict: bool = False, lang: str | None = None, say: str | None = "en") -> Validation:
    """Load and validate; never raises for bad input (problems are in the result). With ``lang``,
    texts without a ``lang`` translation are warnings, not notes; ``say`` is the messages' language
    (None: the definition's locale; the result's ``lang`` says which)."""
    loaded, said = _load_saying(path, say)
    return validate(loaded, strict=strict, lang=lang, say=said)


@_gc_paused
def check_text(name: str, text: str, *, strict: bool = False, lang: str | None = None) -> Validation:
    """:func:`check` of a definition given as text; ``name`` is its file name (``.json`` is read as
    JSON) and what problems call it."""
    return validate(load_text(name, text), strict=strict, lang=lang)


@_gc_paused
def check_texts(files: Iterable[tuple[str, str]], *, strict: bool = False, lang: str | None = None) -> Validation:
    """:func:`check` of a folder definition given as (file name, text) pairs, merged as a folder's files are."""
    return validate(load_texts(files), strict=strict, lang=lang)


@_gc_paused
def check_edited(
    team: str | Path,
    edited: Mapping[Path, bytes | str],
    *,
    strict: bool = False,
    lang: str | None = None,
    say: str = "en",
) -> Validation:
    """:func:`check` of the definition at ``team`` (a file or a folder, existing or not) as it would
    be with the files of ``edited`` holding that content: an edit validated in memory, before it
    is written. Problems name the real files."""
    return validate(load_edited(Path(team), edited, say), strict=strict, lang=lang, say=say)


@_gc_paused
def load_organization(
    path: str | Path, *, lang: str | None = None, strict: bool = False, say: str | None = "en"
) -> tuple[Organization, tuple[Problem, ...]]:
    """The model and the warnings; raises DefinitionError listing every problem when any is an
    error. ``say``: the problems' language (None: the definition's locale)."""
    loaded, said = _load_saying(path, say)
    result = validate(loaded, strict=strict, notes=False, say=said)  # the notes are validate's to show
    if result.spec is None:
        raise DefinitionError(result.problems, said)
    return build(result.spec, lang), result.warnings
