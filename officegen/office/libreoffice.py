"""LibreOffice headless as a converter: Office files to PDF (and xlsx to a recalculated xlsx/csv).

soffice exits 0 even when it fails, so success is judged by the output file existing. Each
run gets its own user profile so parallel runs (tests, workers) never share a lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from officegen.errors import OutputError, ToolMissingError

INSTALL_HINT = (
    "LibreOffice is not installed. Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
    "libreoffice-calc-nogui libreoffice-impress-nogui fonts-noto-cjk; macOS: brew install --cask libreoffice; "
    "Windows: winget install TheDocumentFoundation.LibreOffice"
)


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ):
        if os.path.exists(candidate):
            return candidate
    return None


def convert(files: Sequence[str | Path], outdir: str | Path, fmt: str = "pdf", *, timeout: int = 600) -> list[Path]:
    """Convert ``files`` into ``outdir`` as ``fmt`` (e.g. ``pdf``, ``csv``, ``xlsx``); returns the outputs
    in the order of ``files``.

    With several kinds of input, each kind goes to a sub-folder named for its suffix, so ``x.docx`` and ``x.pptx`` never
    overwrite each other's ``x.pdf``. Raises ToolMissingError without LibreOffice, OutputError when a file
    was not produced.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ToolMissingError(INSTALL_HINT)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    target_ext = fmt.split(":")[0]
    made: dict[Path, Path] = {}
    with tempfile.TemporaryDirectory(prefix="officegen-lo-") as profile:
        by_suffix: dict[str, list[Path]] = {}
        for f in files:
            by_suffix.setdefault(Path(f).suffix.lower(), []).append(Path(f).resolve())
        for suffix, group in sorted(by_suffix.items()):
            dest = outdir if len(by_suffix) == 1 else outdir / suffix.lstrip(".")
            dest.mkdir(parents=True, exist_ok=True)
            cmd = [
                soffice,
                f"-env:UserInstallation=file://{Path(profile).as_posix()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--convert-to",
                fmt,
                "--outdir",
                str(dest),
                *map(str, group),
            ]
            try:
                proc = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=timeout, env={**os.environ, "HOME": profile}
                )
            except subprocess.TimeoutExpired:
                raise OutputError(f"LibreOffice did not finish converting within {timeout} s") from None
            for src in group:
                out = dest / f"{src.stem}.{target_ext}"
                if not out.exists() or out.stat().st_size == 0:
                    detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
                    raise OutputError(f"{src}: LibreOffice produced no {target_ext.upper()} ({detail[0]})")
                made[src] = out
    return [made[Path(f).resolve()] for f in files]
