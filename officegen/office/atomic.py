"""Write files so a failure never leaves half a file and never clobbers the previous good one.

Everything is written to a temporary file in the destination's folder (same file system, so
the final ``os.replace`` is atomic), flushed, then renamed over the target.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

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


def _default_mode() -> int:
    """What a plainly created file gets (0o666 less the umask): temporary files are created 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _settle(tmp: Path, target: Path) -> None:
    """Give the new file the old one's permissions (or a new file's), before it takes its place."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = _default_mode()
    os.chmod(tmp, mode)


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``, on error it is removed.

    A symlinked target is written through: the file it points to is replaced, the link stays."""
    target = Path(target)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        _settle(tmp_path, target)
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
            _settle(src, dest)
            os.replace(src, dest)
    except OSError as exc:
        raise cannot_write(final, exc) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
