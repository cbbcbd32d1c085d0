"""Reproducible Office packages: the same input gives the same bytes.

Office files are zips whose entries carry a timestamp, and whose core properties carry
created/modified dates. Both come from :func:`build_time`: ``SOURCE_DATE_EPOCH`` when set (the
reproducible-builds convention), else a fixed date, never the clock.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

#: The zip format cannot store dates before 1980; it is also the fixed date used by default.
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)


def build_time() -> datetime:
    """The timestamp every output carries (UTC, whole seconds)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        stamp = datetime.fromtimestamp(int(raw), tz=timezone.utc)
        return max(stamp, ZIP_EPOCH)
    return ZIP_EPOCH


def zip_info(name: str, when: datetime | None = None) -> zipfile.ZipInfo:
    """A ZipInfo with fixed time and permissions, deflated."""
    when = when or build_time()
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    return info


def rezip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, entries in their original order."""
    when = build_time()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(zip_info(item.filename, when), src.read(item.filename), compresslevel=6)
    return out.getvalue()


def save_reproducible(save, target: Path) -> None:
    """Call ``save(buffer)`` (a library's save method), then write the normalised zip to ``target``."""
    buffer = io.BytesIO()
    save(buffer)
    Path(target).write_bytes(rezip(buffer.getvalue()))
