"""Write files so a failure never leaves half a file and never clobbers the previous good one.

Everything is written to a temporary file in the destination's folder (same file system, so
the final ``os.replace`` is atomic), flushed, then renamed over the target. Several files that
belong together (a folder definition) are replaced together or not at all (:func:`write_all`);
a folder of many outputs is built aside and moved into place when complete (:func:`staged_dir`).

Scratch names carry the writing process's id (``.officegen-build-<pid>``,
``.officegen-stage-<pid>-...``, ``.NAME.officegen-tmp-<pid>-...``), so what a killed process
left behind is recognised and removed by the next run (:func:`sweep_stale`), while a concurrent
run's scratch is left alone.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from officegen.errors import OutputError

#: what officegen's scratch files and folders are called: ``[.NAME].officegen-KIND-PID[-...]``
SCRATCH = re.compile(r"^\.(?:.+\.)?officegen-(build|stage|old|tmp)-(\d+)(?:-|$)")


def _reason(exc: OSError) -> str:
    """An OSError in a user's words; a full disk and a file-size limit said as such."""
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC:
        return "no space left on the device (the disk is full)"
    if code == errno.EFBIG:
        return "file too large (a file-size limit, e.g. ulimit -f, or the file system's)"
    if code == errno.EDQUOT:
        return "disk quota exceeded"
    if code == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def cannot_write(path: Path, exc: OSError) -> OutputError:
    """The reason in a user's words: mkdir's "File exists" means a file stands where a folder must."""
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS):
        return OutputError(f"{path}: cannot write: {_reason(exc)}; the previous files are unchanged")
    for folder in (path, *path.parents):
        if folder.exists() and not folder.is_dir() and folder != path:
            return OutputError(f"{path}: cannot write: {folder} is a file, not a folder")
        if folder.is_dir():
            break
    if path.is_dir() and getattr(exc, "errno", None) in (errno.EISDIR, errno.EEXIST, errno.ENOTEMPTY, None):
        return OutputError(f"{path}: cannot write: it is a folder")
    return OutputError(f"{path}: cannot write: {_reason(exc)}")


def output_failure(path: Path, exc: BaseException) -> OutputError | None:
    """An OutputError for a failure while saving ``path`` whose cause is the file system, wherever a
    library wrapped it (lxml and zipfile re-raise or chain an OSError); None when it is not that."""
    if isinstance(exc, OSError):
        return cannot_write(path, exc)
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and getattr(seen, "errno", None) is not None:
            return cannot_write(path, seen)
        seen = seen.__cause__ or seen.__context__
    text = str(exc).lower()  # lxml's SerialisationError says only "IO_EFBIG" (openpyxl writes sheets to temp files)
    for code, words in (
        (errno.ENOSPC, ("no space left", "io_enospc")),
        (errno.EFBIG, ("file too large", "io_efbig")),
        (errno.EDQUOT, ("quota", "io_edquot")),
    ):
        if any(w in text for w in words):
            return cannot_write(path, OSError(code, os.strerror(code)))
    return None


def _release_quietly(exc: BaseException) -> None:
    """Let go of what a library's failed save left half-open (openpyxl's sheet writers, a ZipFile)
    now, without the "Exception ignored in ..." tracebacks their clean-up prints when the disk is full."""
    import gc
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        seen: BaseException | None = exc
        while seen is not None:
            traceback.clear_frames(seen.__traceback__)
            seen = seen.__cause__ or seen.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _default_mode(folder: bool = False) -> int:
    """What a plainly created file (or folder) gets, 0o666 (0o777) less the umask: temporary ones are 0o600 (0o700)."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if folder else 0o666) & ~mask


def _settle(tmp: Path, target: Path) -> None:
    """Give the new file the old one's permissions (or a new file's), before it takes its place."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = _default_mode()
    os.chmod(tmp, mode)


def _writable_target(target: Path) -> Path:
    """The file to replace: a symlink is written through (the file it points to is replaced, the link
    stays); a device, FIFO or socket (or a link to one) is refused, never replaced."""
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return target
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        from officegen.office.userfiles import not_regular

        raise OutputError(f"{target}: cannot write: {not_regular(target, mode)}; give a file name")
    return target


# -- one file ------------------------------------------------------------------------------------


def _temp_beside(target: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.officegen-tmp-{os.getpid()}-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(tmp)


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``, on error it is removed.

    A symlinked target is written through: the file it points to is replaced, the link stays.
    A failure of the file system (full disk, file-size limit) while the caller writes is an
    OutputError saying so, whichever library was writing."""
    target = _writable_target(Path(target))
    made = make_folders(target.parent, target)
    try:
        tmp_path = _temp_beside(target)
    except OSError as exc:
        remove_folders(made)
        raise cannot_write(target, exc) from None
    sweep_stale(target.parent)
    done = False
    try:
        yield tmp_path
        _settle(tmp_path, target)
        os.replace(tmp_path, target)
        done = True
    except Exception as exc:  # an OSError, or a library that wrapped the file system's error in its own
        failure = output_failure(target, exc)
        if failure is None:
            raise
        _release_quietly(exc)
        raise failure from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
        if not done:
            remove_folders(made)


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


# -- several files, all or none --------------------------------------------------------------------


def write_all(contents: Mapping[Path, bytes]) -> list[Path]:
    """Write several files so that either all of them change or none does (the files of a folder
    definition, a change log and its deck).

    Every new content is written (and flushed) to a temporary file beside its target first; only
    when all are written are they swapped in, each old file kept (as a second link, so the target
    is never missing, even when the process is killed mid-swap) until all are in place. If a swap
    fails, the files already swapped get their old content back, the temporary files are removed,
    and the error says that no file was changed."""
    staged: list[tuple[Path, Path]] = []  # (target, new file beside it)
    made: list[Path] = []
    current: Path | None = None
    try:
        for target in contents:
            current = _writable_target(Path(target))
            made += make_folders(current.parent, current)
            tmp = _temp_beside(current)
            staged.append((current, tmp))
            with open(tmp, "wb") as fh:
                fh.write(contents[target])
                fh.flush()
                os.fsync(fh.fileno())
            _settle(tmp, current)
    except (OSError, OutputError) as exc:
        for _, tmp in staged:
            _unlink(tmp)
        remove_folders(made)
        if isinstance(exc, OutputError):
            raise
        raise cannot_write(current or Path(next(iter(contents))), exc) from None
    swapped: list[tuple[Path, Path | None]] = []  # (target, its old content kept aside, or None if it was new)
    try:
        for n, (target, tmp) in enumerate(staged):
            current = target
            backup = _keep_old(target, n)
            swapped.append((target, backup))
            os.replace(tmp, target)
    except OSError as exc:
        for target, backup in reversed(swapped):
            try:
                if backup is not None and _same_file(backup, target):  # not swapped yet (rename would do nothing)
                    _unlink(backup)
                elif backup is not None:
                    os.replace(backup, target)
                else:
                    _unlink(target)
            except OSError:  # pragma: no cover - the folder went away under us; say where the old file is
                raise OutputError(
                    f"{target}: cannot write: {_reason(exc)}; and could not put the old file back: it is {backup}"
                ) from None
        for _, tmp in staged:
            _unlink(tmp)
        remove_folders(made)
        others = "; no file was changed" if len(staged) > 1 else ""
        raise OutputError(f"{current}: cannot write: {_reason(exc)}{others}") from None
    for _, backup in swapped:
        if backup is not None:
            _unlink(backup)
    return list(contents)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _keep_old(target: Path, n: int) -> Path | None:
    """A second name for ``target``'s current content (None when there is none), to put it back with
    a rename if a later file of the same write fails. A hard link where the file system has them
    (the target stays in place; a killed run leaves only a link, which the next run sweeps), else a copy."""
    if not target.exists():
        return None
    backup = target.with_name(f".{target.name}.officegen-old-{os.getpid()}-{n}")
    _unlink(backup)
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)
    return backup


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# -- a folder of files ---------------------------------------------------------------------------


def make_folders(folder: Path, for_path: Path) -> list[Path]:
    """Create ``folder`` and the parents it lacks; returns those created (outermost first), for
    :func:`remove_folders` when the write fails. An error names ``for_path``."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        remove_folders(list(reversed(missing)))
        raise cannot_write(for_path, exc) from None
    return list(reversed(missing))


def remove_folders(made: list[Path]) -> None:
    """Remove the folders a failed write created, innermost first, if still empty."""
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            break


@contextmanager
def staged_dir(final: str | Path, *, whole: Sequence[str] = ()) -> Iterator[Path]:
    """A scratch folder whose contents are moved into ``final`` together when the block succeeds.

    Used when one run writes many files (a folder of job descriptions, a whole build): on error
    nothing in ``final`` changes, and a ``final`` (or parents) that did not exist before does not
    exist after. The scratch folder is beside ``final`` (same file system); when ``final`` is new,
    it simply becomes ``final``. Else files are moved one by one over their namesakes (others in
    ``final`` stay), and a folder named in ``whole`` is swapped in as a whole, so files it no
    longer holds (documents of roles since removed) do not linger. An OutputError from the block
    names the file in ``final``, not its scratch copy.
    """
    final = Path(final)
    if final.exists() and not final.is_dir():
        raise OutputError(f"{final}: cannot write: it is a file, not a folder")
    made = make_folders(final.parent, final)
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".officegen-stage-{os.getpid()}-", dir=final.parent))
    except OSError as exc:
        remove_folders(made)
        raise cannot_write(final, exc) from None
    sweep_stale(final.parent)
    if final.is_dir():
        sweep_stale(final)
    done = False
    try:
        try:
            yield stage
        except OutputError as exc:  # name the file the user asked for, not its scratch copy
            raise OutputError(str(exc).replace(str(stage), str(final))) from None
        if not final.exists():
            os.chmod(stage, _default_mode(folder=True))
            os.replace(stage, final)
        else:
            _move_in(stage, final, [name for name in whole if (stage / name).is_dir()])
        done = True
    except OSError as exc:
        raise cannot_write(final, exc) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if not done:
            remove_folders(made)


def _move_in(stage: Path, final: Path, swapped: list[str]) -> None:
    for src in sorted(stage.rglob("*")):
        if src.is_dir() or src.relative_to(stage).parts[0] in swapped:
            continue
        dest = final / src.relative_to(stage)
        dest.parent.mkdir(parents=True, exist_ok=True)
        _settle(src, dest)
        os.replace(src, dest)
    for name in swapped:
        old = final / f".officegen-old-{os.getpid()}-{name}"
        if (final / name).is_dir() and not (final / name).is_symlink():
            os.replace(final / name, old)
        os.replace(stage / name, final / name)
        shutil.rmtree(old, ignore_errors=True)


# -- what killed runs left behind ------------------------------------------------------------------


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (a reused id counts as running: its scratch is then kept)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def sweep_stale(folder: str | Path) -> list[Path]:
    """Remove officegen's scratch files and folders in ``folder`` whose process is gone (a run
    that was killed); returns what was removed. Never raises."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = SCRATCH.match(entry.name)
        if not match or _alive(int(match.group(2))):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed
