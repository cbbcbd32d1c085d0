"""Previews a person can look at: PDF and PNG pages of generated files, rendered by LibreOffice.

The point is to see what a user of LibreOffice sees (fonts, clipping, layout), so previews are
made by the real application, not redrawn.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Sequence

from officegen.errors import OutputError, ToolMissingError
from officegen.office import convert


def preview(files: Sequence[str | Path], outdir: str | Path, *, dpi: int = 80, first_page_only: bool = False) -> list[Path]:
    """Render ``files`` to ``outdir/NAME.pdf`` and ``outdir/NAME-N.png``; returns every file written."""
    outdir = Path(outdir)
    files = [Path(f) for f in files]
    for f in files:
        if f.suffix.lower() not in (".xlsx", ".docx", ".pptx"):
            raise OutputError(f"{f}: not an Office file officegen writes (.xlsx, .docx, .pptx)")
    written: list[Path] = []
    stems = [f.stem for f in files]
    if len(set(stems)) == len(stems):
        written += convert(files, outdir, "pdf")
    else:  # x.docx and x.pptx would both become x.pdf: keep the suffix in the name
        for f in files:
            pdf = convert([f], outdir / f".{f.suffix.lstrip('.')}", "pdf")[0]
            target = outdir / f"{f.stem}.{f.suffix.lstrip('.')}.pdf"
            pdf.replace(target)
            shutil.rmtree(pdf.parent, ignore_errors=True)
            written.append(target)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ToolMissingError("pdftoppm is not installed (Debian/Ubuntu: apt-get install poppler-utils; "
                               "macOS: brew install poppler); the PDFs were written: " + ", ".join(map(str, written)))
    pngs: list[Path] = []
    for pdf in written:
        prefix = pdf.with_suffix("")
        cmd = [pdftoppm, "-png", "-r", str(dpi)]
        if first_page_only:
            cmd += ["-f", "1", "-l", "1"]
        subprocess.run(cmd + [str(pdf), str(prefix)], check=True, capture_output=True)
        pngs += sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
    if not pngs:
        raise OutputError("pdftoppm produced no PNG pages")
    return written + pngs
