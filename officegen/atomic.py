"""Write files so a failure never leaves half a file and never clobbers the previous good one.

Everything is written to a temporary file in the destination's folder (same file system, so
the final ``os.replace`` is atomic), flushed, then renamed over the target.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from officegen.errors import OutputError


def cannot_write(path: Path, exc: OSError) -> OutputError:
    """The reason in a user's words: mkdir's "File exists" means a file stands where a folder must."""
    for folder in (path, *path.parents):
        if folder.exists() and not folder.is_dir() and folder != path:
            return OutputError(f"{path}: cannot write: {folder} is a file, not a folder")
        if folder.is_dir():
            break
    if path.is_dir():
        return OutputError(f"{path}: cannot write: it is a folder")
    return OutputError(f"{path}: cannot write: {exc.strerror or exc}")


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``, on error it is removed."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(target: str | Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    return Path(target)


def write_with(target: str | Path, writer: Callable[[Path], None]) -> Path:
    """Call ``writer(tmp_path)`` and move the result into place atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)


@contextmanager
def staged_dir(final: str | Path) -> Iterator[Path]:
    """A scratch folder whose contents are moved into ``final`` together when the block succeeds.

    Used when one run writes many files: on error nothing in ``final`` changes.
    """
    final = Path(final)
    try:
        final.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".officegen-stage-", dir=final))
    except OSError as exc:
        raise cannot_write(final, exc) from None
    try:
        yield stage
        for src in sorted(stage.rglob("*")):
            if src.is_dir():
                continue
            dest = final / src.relative_to(stage)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
    except OSError as exc:
        raise OutputError(f"{final}: cannot write: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
