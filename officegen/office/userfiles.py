"""Checks on Office files a user hands us (reference documents and decks) before a library opens them.

A 1 MB .docx can declare a gigabyte of XML (python-docx then needs seconds and gigabytes), and
any XML part can carry a DTD with entity expansion. The zip's central directory tells the
declared sizes without inflating anything, and defusedxml parses each XML part with DTDs
forbidden, so both are refused in milliseconds with a message naming the file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from officegen.errors import OutputError

MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000
_MAIN_PART = {".docx": "word/document.xml", ".pptx": "ppt/presentation.xml", ".xlsx": "xl/workbook.xml"}


class UnsafeFileError(OutputError):
    """A user-supplied Office file is malformed or hostile."""


def check_office_file(path: str | Path) -> Path:
    """Return ``path`` when it is a plausible, bounded Office package; raise UnsafeFileError otherwise."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_ENTRIES:
                raise UnsafeFileError(f"{path}: {len(infos):,} zip entries; refusing to open it")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO and total > 10 * 1024 * 1024:
                raise UnsafeFileError(
                    f"{path}: declares {total:,} bytes uncompressed from {packed:,} (a zip bomb?); refusing to open it"
                )
            names = {i.filename for i in infos}
            main = _MAIN_PART.get(suffix)
            if "[Content_Types].xml" not in names or (main and main not in names):
                raise UnsafeFileError(f"{path}: not a {suffix or 'Office'} file (its main part is missing)")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    safe_et.fromstring(z.read(info), forbid_dtd=True)
    except zipfile.BadZipFile:
        raise UnsafeFileError(f"{path}: not an Office file (not a zip package)") from None
    except DefusedXmlException as exc:
        raise UnsafeFileError(
            f"{path}: an XML part declares a DTD or entities ({type(exc).__name__}); refusing it"
        ) from None
    except safe_et.ParseError as exc:
        raise UnsafeFileError(f"{path}: an XML part is malformed ({exc})") from None
    except OSError as exc:
        raise UnsafeFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return path
