"""Reproducible Office packages: the same input gives the same bytes.

Office files are zips whose entries carry a timestamp, and whose core properties carry
created/modified dates. Both come from :func:`build_time`: ``SOURCE_DATE_EPOCH`` when set (the
reproducible-builds convention), else a fixed date, never the clock.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from officegen.errors import SettingError

#: The zip format cannot store dates before 1980; it is also the fixed date used by default.
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)
#: ... nor after 2107 (seven bits of years)
ZIP_END = datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)


def source_date() -> datetime | None:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention: seconds since 1970, UTC) as a
    time, None when it is not set or empty. The one place it is read. A value that is not a whole
    number of seconds, or a time a zip file cannot hold, is a SettingError (as the convention
    asks: never a silent guess); one before 1980 is taken as 1980-01-01."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise SettingError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds since 1970 (e.g. 1700000000); "
            "set it to one, or unset it"
        )
    seconds = int(raw)
    if seconds > ZIP_END.timestamp():
        raise SettingError(f"SOURCE_DATE_EPOCH={raw} is after {ZIP_END.year}, the last year a zip file can hold")
    return max(datetime.fromtimestamp(seconds, tz=timezone.utc), ZIP_EPOCH)


def build_time() -> datetime:
    """The timestamp every output carries (UTC, whole seconds): :func:`source_date`, else 1980-01-01."""
    return source_date() or ZIP_EPOCH


def zip_info(name: str, when: datetime | None = None) -> zipfile.ZipInfo:
    """A ZipInfo with fixed time and permissions, deflated."""
    when = when or build_time()
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    return info


_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def rezip(data: bytes) -> bytes:
    """Rewrite an Office package with fixed timestamps and attributes, entries in their order.

    The core properties' created/modified dates are set to :func:`build_time` too: writers stamp
    them with the clock at save time (openpyxl 3.1.5 overwrites ``modified`` whatever the caller
    set), and one differing date makes the whole file differ.
    """
    when = build_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            dst.writestr(zip_info(item.filename, when), content, compresslevel=6)
    return out.getvalue()


def write_opc_package(package, target: Path) -> None:
    """Write a python-pptx package (``prs.part.package``) to ``target`` the way :func:`rezip` would
    rewrite its own save, entries in the same order, but deflated once: python-pptx's writer
    walks the parts, this writes what it hands over."""
    from pptx.opc.serialized import PackageWriter, _PhysPkgWriter

    when = build_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with open(target, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as dst:

        class Entries(_PhysPkgWriter):
            def write(self, pack_uri, blob: bytes) -> None:
                name = pack_uri.membername
                if name == "docProps/core.xml":
                    blob = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), blob)
                dst.writestr(zip_info(name, when), blob, compresslevel=6)

        writer = PackageWriter(str(target), package._rels, tuple(package.iter_parts()))
        entries = Entries()
        writer._write_content_types_stream(entries)
        writer._write_pkg_rels(entries)
        writer._write_parts(entries)


class PreparedEntry:
    """A zip member compressed once, to be written into many archives without compressing again.

    The job-description writer copies a dozen unchanged parts (styles alone are ~350 KB of XML)
    into every document; deflating them once instead of once per document is most of its speed.
    """

    __slots__ = ("name", "data", "crc", "size", "_records")

    def __init__(self, name: str, raw: bytes | Iterable[bytes]):
        """``raw``: the member's bytes, or its pieces in order (deflated as they come, so a very
        large member, like a combined document, is never held whole)."""
        import zlib

        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.name = name.encode("utf-8")
        pieces, crc, size = [], 0, 0
        for piece in (raw,) if isinstance(raw, bytes) else raw:
            pieces.append(compressor.compress(piece))
            crc = zlib.crc32(piece, crc)
            size += len(piece)
        pieces.append(compressor.flush())
        self.data = b"".join(pieces)
        self.crc, self.size = crc, size
        self._records: tuple[int, int, bytes, bytes] | None = None

    def records(self, dos_time: int, dos_date: int) -> tuple[bytes, bytes]:
        """(local header with name and data, central directory record up to its offset): made once
        for an entry copied into many archives."""
        cached = self._records
        if cached is not None and cached[0] == dos_time and cached[1] == dos_date:
            return cached[2], cached[3]
        import struct

        # version, flags (names are UTF-8), deflated, time, date, CRC, sizes, name length, extra length
        common = (0x800, 8, dos_time, dos_date, self.crc, len(self.data), self.size, len(self.name), 0)
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *common)
        # then made-by and needed versions, comment, disk, internal and external attributes
        central = struct.pack("<4s6H3L5HL", b"PK\x01\x02", 20, 20, *common, 0, 0, 0, 0o644 << 16)
        self._records = (dos_time, dos_date, local + self.name + self.data, central)
        return self._records[2], central


def write_prepared_zip(fh, entries: list[PreparedEntry], when: datetime | None = None) -> None:
    """Write a zip of already-deflated entries to the binary file ``fh`` (no ZIP64: parts are small),
    in one write."""
    import struct

    when = when or build_time()
    dos_time = (when.hour << 11) | (when.minute << 5) | (when.second // 2)
    dos_date = ((when.year - 1980) << 9) | (when.month << 5) | when.day
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for e in entries:
        local, record = e.records(dos_time, dos_date)
        out.append(local)
        central += (record, offset.to_bytes(4, "little"), e.name)
        offset += len(local)
    directory = b"".join(central)
    out.append(directory)
    out.append(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0))
    fh.write(b"".join(out))


#: A package made by another writer (e.g. a chart's embedded workbook) is normalised the same way.
normalise_package = rezip
