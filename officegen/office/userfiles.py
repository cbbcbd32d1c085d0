"""The one way officegen opens a file a user hands it: reference documents, decks and workbooks.

Every such file goes through :func:`open_document`, :func:`open_presentation` or
:func:`open_workbook` (and code that keeps reading it afterwards runs inside :func:`guarded`),
so whatever is wrong with it ends as one input error naming the file:
``FILE: not a usable Word file: <reason>``, never a library's traceback.

Before a library sees the file it is checked here, cheaply:

* it is a regular file (a FIFO would block forever, ``/dev/zero`` would fill the memory);
* the zip's central directory tells the declared sizes without inflating anything (a 1 MB .docx
  can declare a gigabyte of XML: python-docx then needs seconds and gigabytes);
* the package's main part is found the way Office finds it (``_rels/.rels``), is inside the
  package, has the main content type of the expected kind and the expected root element (so a
  .docx given as a deck is told as such);
* every XML part parses with DTDs forbidden (defusedxml: no entity expansion).
"""

from __future__ import annotations

import os
import posixpath
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from officegen.errors import InputError, OfficegenError

MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000

_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_OOXML = "application/vnd.openxmlformats-officedocument."


@dataclass(frozen=True)
class Kind:
    name: str  # as users know it: "Word", "PowerPoint", "Excel"
    suffix: str
    root: str  # the main part's root element, {namespace}local
    content_types: tuple[str, ...]  # main-part content types of documents, templates and macro-enabled files


WORD = Kind(
    "Word",
    ".docx",
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}document",
    (
        _OOXML + "wordprocessingml.document.main+xml",
        _OOXML + "wordprocessingml.template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    ),
)
POWERPOINT = Kind(
    "PowerPoint",
    ".pptx",
    "{http://schemas.openxmlformats.org/presentationml/2006/main}presentation",
    (
        _OOXML + "presentationml.presentation.main+xml",
        _OOXML + "presentationml.template.main+xml",
        _OOXML + "presentationml.slideshow.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    ),
)
EXCEL = Kind(
    "Excel",
    ".xlsx",
    "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}workbook",
    (
        _OOXML + "spreadsheetml.sheet.main+xml",
        _OOXML + "spreadsheetml.template.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
    ),
)
KINDS = {k.suffix: k for k in (WORD, POWERPOINT, EXCEL)}


class UnsafeFileError(InputError):
    """A user-supplied file is not one officegen can use (malformed, hostile, or not a regular file)."""


def not_regular(path: str | Path, mode: int) -> str | None:
    """Why a file of this ``st_mode`` cannot be read as one ("not a regular file but a named pipe"),
    or None for a regular file or a folder."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = (
        "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a special file"
    )
    link = f" (a link to {os.path.realpath(path)})" if os.path.islink(path) else ""
    return f"not a regular file but {kind}{link}"


def open_without_waiting(path: str | Path) -> BinaryIO:
    """``path`` opened for reading at once, whatever it is (a FIFO does not wait for a writer), so
    the caller asks the open file what it is (``os.fstat``, :func:`not_regular`): the file checked
    is the file read, even if it was swapped for a FIFO or a device after an earlier look."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    return os.fdopen(fd, "rb")


def regular_file(path: str | Path, what: str = "file") -> Path:
    """``path`` when it is a regular file (after symlinks); an input error at once otherwise.

    Asked before anything opens the file: opening a FIFO waits for a writer forever, and
    reading ``/dev/zero`` (or a symlink to it) never ends."""
    path = Path(path)
    what = _a(what)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UnsafeFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise UnsafeFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise UnsafeFileError(f"{path}: is a folder; {what} is expected here")
    if not stat.S_ISREG(mode):
        raise UnsafeFileError(f"{path}: {not_regular(path, mode)}; {what} is expected here")
    return path


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if (
        isinstance(exc, (KeyError, AttributeError, TypeError, ValueError, IndexError))
        and type(exc).__name__ not in text
    ):
        text = f"{type(exc).__name__}: {text}"
    return text if len(text) <= 300 else text[:297] + "..."


@contextmanager
def guarded(path: str | Path, kind: Kind) -> Iterator[None]:
    """Any failure inside (the library reading the user's file, or code using what it read)
    becomes ``FILE: not a usable <kind> file: <reason>``; officegen's own errors pass unchanged."""
    try:
        yield
    except OfficegenError:
        raise
    except MemoryError:
        raise UnsafeFileError(f"{path}: not a usable {kind.name} file: too large to read") from None
    except Exception as exc:  # noqa: BLE001 - every library raises its own kinds for a bad package
        raise UnsafeFileError(f"{path}: not a usable {kind.name} file: {_reason(exc)}") from None


def _kind_of(path: Path, kind: Kind | None) -> Kind | None:
    return kind or KINDS.get(path.suffix.lower())


def check_office_file(path: str | Path, kind: Kind | None = None) -> Path:
    """``path`` when it is a plausible, bounded Office package of ``kind`` (default: by its suffix);
    UnsafeFileError naming the file and the reason otherwise."""
    path = regular_file(path, f"{kind.name} file" if kind else "file")
    kind = _kind_of(path, kind)
    name = f"{kind.name} file" if kind else "Office file"
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
            parsed: dict[str, Element] = {}
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    parsed[info.filename] = safe_et.fromstring(z.read(info), forbid_dtd=True)
            names = {i.filename for i in infos}
            if kind is not None:
                _check_main_part(path, kind, parsed, names)
                _check_relationships(path, kind, parsed, names)
                _check_part_roots(path, kind, parsed, names)
                if kind is not EXCEL:  # openpyxl follows none of a sheet's ids that matter; rosters are messy
                    _check_relationship_ids(path, kind, parsed)
    except zipfile.BadZipFile:
        raise UnsafeFileError(f"{path}: not a usable {name}: not a zip package") from None
    except DefusedXmlException as exc:
        raise UnsafeFileError(
            f"{path}: an XML part declares a DTD or entities ({type(exc).__name__}); refusing it"
        ) from None
    except safe_et.ParseError as exc:
        raise UnsafeFileError(f"{path}: not a usable {name}: an XML part is malformed ({exc})") from None
    except OSError as exc:
        raise UnsafeFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (RuntimeError, NotImplementedError, zipfile.LargeZipFile, EOFError) as exc:  # encrypted, unknown method
        raise UnsafeFileError(f"{path}: not a usable {name}: {_reason(exc)}") from None
    return path


def _check_main_part(path: Path, kind: Kind, parsed: dict[str, Element], names: set[str]) -> None:
    """The main part as Office finds it: the package's officeDocument relationship, its content type, its root."""

    def unusable(reason: str) -> UnsafeFileError:
        return UnsafeFileError(f"{path}: not a usable {kind.name} file: {reason}")

    types = parsed.get("[Content_Types].xml")
    if types is None:
        raise unusable("it has no [Content_Types].xml (not an Office package)")
    rels = parsed.get("_rels/.rels")
    if rels is None:
        raise unusable("it has no _rels/.rels (not an Office package)")
    main = [r for r in rels.iter(f"{{{_PKG_REL}}}Relationship") if r.get("Type") == _OFFICE_DOCUMENT]
    if not main:
        raise unusable("its _rels/.rels names no main document part")
    rel = main[0]
    if (rel.get("TargetMode") or "").lower() == "external":
        raise unusable(f"its main document is an external link ({rel.get('Target')}), not a part of the package")
    target = posixpath.normpath(posixpath.join("/", rel.get("Target") or "")).lstrip("/")
    if target not in names:
        raise unusable(f"its main document part {target} is missing")
    content_type = _content_types(types, names)[target]
    if not content_type:
        raise unusable(f"[Content_Types].xml gives {target} no content type")
    if content_type not in kind.content_types:
        other = next((k for k in KINDS.values() if content_type in k.content_types), None)
        raise unusable(
            f"it is {_a(other.name)} file ({other.suffix}), not {_a(kind.name)} one"
            if other
            else f"[Content_Types].xml gives its main part {target} the content type {content_type!r}, "
            f"not a {kind.name} document's"
        )
    root = parsed.get(target)
    if root is None:
        raise unusable(f"its main part {target} is not XML")
    if root.tag != kind.root:
        raise unusable(
            f"its main part {target} has the root element {_shown(root.tag, kind.root)}, not {_shown(kind.root, root.tag)}"
        )


def _content_types(types: Element, names: set[str]) -> dict[str, str]:
    """Each part's content type as [Content_Types].xml gives it ("" for none)."""
    overrides = {
        (o.get("PartName") or "").lstrip("/").casefold(): (o.get("ContentType") or "").strip()
        for o in types.iter(f"{{{_CT}}}Override")
    }
    defaults = {
        (d.get("Extension") or "").casefold(): (d.get("ContentType") or "").strip()
        for d in types.iter(f"{{{_CT}}}Default")
    }
    return {
        name: overrides.get(name.casefold()) or defaults.get(posixpath.splitext(name)[1].lstrip(".").casefold(), "")
        for name in names
    }


#: root elements of the parts the libraries read, by the end of their content type
_ROOTS = {
    "wordprocessingml.styles+xml": "styles",
    "wordprocessingml.settings+xml": "settings",
    "wordprocessingml.numbering+xml": "numbering",
    "wordprocessingml.header+xml": "hdr",
    "wordprocessingml.footer+xml": "ftr",
    "wordprocessingml.fontTable+xml": "fonts",
    "presentationml.slideMaster+xml": "sldMaster",
    "presentationml.slideLayout+xml": "sldLayout",
    "presentationml.slide+xml": "sld",
    "presentationml.notesMaster+xml": "notesMaster",
    "presentationml.notesSlide+xml": "notes",
    "presentationml.presProps+xml": "presentationPr",
    "officedocument.theme+xml": "theme",
    "spreadsheetml.worksheet+xml": "worksheet",
    "spreadsheetml.sharedStrings+xml": "sst",
    "spreadsheetml.styles+xml": "styleSheet",
    "package.core-properties+xml": "coreProperties",
}


def _check_part_roots(path: Path, kind: Kind, parsed: dict[str, Element], names: set[str]) -> None:
    types = _content_types(parsed["[Content_Types].xml"], names)
    for name, root in sorted(parsed.items()):
        content_type = types.get(name, "")
        want = next((tag for end, tag in _ROOTS.items() if content_type.endswith(end)), None)
        if want and _local(root.tag) != want:
            raise UnsafeFileError(
                f"{path}: not a usable {kind.name} file: its part {name} has the root element "
                f"<{_local(root.tag)}>, not <{want}>"
            )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _shown(tag: str, other: str) -> str:
    """``<local>``, with its namespace when that is all that differs from ``other``'s."""
    if _local(tag) != _local(other) or tag == other:
        return f"<{_local(tag)}>"
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    return f"<{_local(tag)}> in the namespace {namespace or '(none)'!r}"


def _a(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


#: relationship types whose target may live outside the package (links the user made)
_MAY_BE_EXTERNAL = (
    "/hyperlink",
    "/image",
    "/oleObject",
    "/package",
    "/video",
    "/audio",
    "/media",
    "/attachedTemplate",
    "/frame",
    "/subDocument",
    "/externalLinkPath",
    "/mailMergeSource",
    "/mailMergeHeaderSource",
    "/recipientData",
    "/dataSource",
    "/xlPathMissing",
    "/externalLink",
)


def _check_relationships(path: Path, kind: Kind, parsed: dict[str, Element], names: set[str]) -> None:
    """Every relationship the libraries follow leads to a part that is there (python-docx then fails
    with a KeyError, python-pptx drops the link and fails later, or writes a deck PowerPoint repairs)."""
    for rels_name, rels in sorted(parsed.items()):
        if not rels_name.endswith(".rels"):
            continue
        folder, base = posixpath.split(rels_name)
        source = posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])
        for rel in rels.iter(f"{{{_PKG_REL}}}Relationship"):
            rtype, target = rel.get("Type") or "", rel.get("Target") or ""
            short = rtype.rsplit("/", 1)[-1] or "a relationship"
            if (rel.get("TargetMode") or "").lower() == "external":
                if not rtype.endswith(_MAY_BE_EXTERNAL):
                    raise UnsafeFileError(
                        f"{path}: not a usable {kind.name} file: {source or 'the package'} links its "
                        f"{short} to {target!r} outside the package"
                    )
                continue
            if not target or "#" in target and rtype.endswith("/hyperlink"):
                continue
            resolved = posixpath.normpath(posixpath.join("/" + posixpath.dirname(source), unquote(target))).lstrip("/")
            if resolved not in names:
                raise UnsafeFileError(
                    f"{path}: not a usable {kind.name} file: {source or 'the package'} refers to "
                    f"its {short} {resolved}, which is missing"
                )


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _check_relationship_ids(path: Path, kind: Kind, parsed: dict[str, Element]) -> None:
    """Every ``r:id`` (``r:embed``, ...) a part's XML uses is one of its relationships: the
    libraries look them up (python-docx: a KeyError; python-pptx, a deck PowerPoint repairs)."""
    for name, root in sorted(parsed.items()):
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        rels = parsed.get(rels_name)
        ids = {r.get("Id") for r in rels.iter(f"{{{_PKG_REL}}}Relationship")} if rels is not None else set()
        for element in root.iter():
            for key, value in element.attrib.items():
                if key.startswith(_R) and value and value not in ids:
                    where = f"{rels_name} does not have" if rels is not None else f"it has no {rels_name} for"
                    raise UnsafeFileError(
                        f"{path}: not a usable {kind.name} file: {name} refers to its relationship "
                        f"{value!r} (in <{_local(element.tag)} r:{_local(key)}>), which {where}"
                    )


# -- opening -----------------------------------------------------------------------------------


def open_document(path: str | Path):
    """The user's .docx as a python-docx Document, read through once; UnsafeFileError when unusable."""
    import docx

    path = Path(path)
    with guarded(path, WORD):
        check_office_file(path, WORD)
        document = docx.Document(str(path))
        if document.element.body is None:
            raise UnsafeFileError(f"{path}: not a usable Word file: its main part has no <w:body>")
        _ = document.styles.element, document.settings.element, document.core_properties
        for section in document.sections:  # headers and footers are parts reached by relationships
            _ = section.header.is_linked_to_previous, section.footer.is_linked_to_previous
            width, left, right = section.page_width, section.left_margin, section.right_margin
            if width is not None and width - (left or 0) - (right or 0) <= 0:
                raise UnsafeFileError(
                    f"{path}: not a usable Word file: its page is {width.cm:.1f} cm wide, which leaves no room between its margins "
                    f"({(left or 0) / 360000:.1f} cm and {(right or 0) / 360000:.1f} cm)"
                )
        return document


def open_presentation(path: str | Path):
    """The user's .pptx as a python-pptx Presentation, read through once; UnsafeFileError when unusable."""
    from pptx import Presentation

    path = Path(path)
    with guarded(path, POWERPOINT):
        check_office_file(path, POWERPOINT)
        prs = Presentation(str(path))
        if not len(prs.slide_masters):
            raise UnsafeFileError(f"{path}: not a usable PowerPoint file: it has no slide master")
        for master in prs.slide_masters:
            if not len(master.slide_layouts):
                raise UnsafeFileError(f"{path}: not a usable PowerPoint file: its slide master has no slide layouts")
            for layout in master.slide_layouts:
                _ = layout.name, [p.placeholder_format.idx for p in layout.placeholders]
        _ = prs.slide_width, prs.core_properties, prs.notes_master
        return prs


def open_workbook(path: str | Path, **options):
    """The user's .xlsx as an openpyxl workbook (``options`` as for ``load_workbook``); UnsafeFileError when unusable."""
    import openpyxl

    path = Path(path)
    with guarded(path, EXCEL):
        check_office_file(path, EXCEL)
        return openpyxl.load_workbook(path, **options)
