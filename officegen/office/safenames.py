"""File names made from ids: safe on Windows, macOS and Linux, unique, and always inside the output folder.

Ids may be any script (商品部/主管, ../../etc/passwd, CON, Aux.txt); names are NFC-normalised,
stripped of characters that are illegal somewhere, kept off the reserved DOS device names, and
made unique case-insensitively because two of the three systems fold case.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from officegen.errors import OutputError

_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
MAX_STEM = 120


def safe_stem(name: str) -> str:
    """One path component built from ``name``, without extension; never empty, never reserved."""
    stem = unicodedata.normalize("NFC", name)
    stem = _ILLEGAL.sub("_", stem)
    stem = stem.strip().rstrip(". ").lstrip(".")
    if len(stem.encode("utf-8")) > MAX_STEM:
        stem = stem.encode("utf-8")[:MAX_STEM].decode("utf-8", "ignore")
    if not stem:
        stem = "_"
    if _RESERVED.match(stem):
        stem = "_" + stem
    return stem


def titled(title: str, ident: str) -> str:
    """``店长 (store-manager)``: a file name people recognise, that still names the id. The title is
    shortened (never the id) to keep the name within MAX_STEM bytes; just the id when the title is
    empty, the same as the id, or there is no room for it."""
    title = " ".join(title.split()).lstrip("-. ")  # "-x" reads as an option on a command line
    if not title or title == ident:
        return ident
    suffix = f" ({ident})"
    room = MAX_STEM - len(suffix.encode("utf-8"))
    if room < 8:
        return ident
    raw = title.encode("utf-8")
    if len(raw) > room:
        title = raw[: room - len("…".encode())].decode("utf-8", "ignore").rstrip() + "…"
    return title + suffix


class NameAllocator:
    """Hands out unique file names in one folder, case-insensitively (``A`` and ``a`` never collide)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._resolved: Path | None = None
        self._taken: set[str] = set()

    def allocate(self, name: str, suffix: str) -> Path:
        stem = safe_stem(name)
        candidate = stem
        n = 2
        while (candidate + suffix).casefold() in self._taken:
            candidate = f"{stem}-{n}"
            n += 1
        self._taken.add((candidate + suffix).casefold())
        if self._resolved is None:
            self._resolved = self.folder.resolve()
        # a safe stem is one name (no separator, not "." or ".."): inside the folder unless it is a
        # link already there, which only resolving tells (the folder is resolved once, not per name)
        path = self._resolved / (candidate + suffix)
        return inside(self._resolved, path.name) if path.is_symlink() else path


def inside(folder: str | Path, name: str) -> Path:
    """``folder/name``, refusing anything that would resolve outside ``folder``."""
    folder = Path(folder).resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder) or path == folder:
        raise OutputError(f"{name}: refusing to write outside {folder}")
    return path
