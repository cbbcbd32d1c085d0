"""Previews a person can look at: PDF and PNG pages of generated files, rendered by LibreOffice
(Office files) and headless Chromium (the web page).

The point is to see what a user of LibreOffice or a browser sees (fonts, clipping, layout), so
previews are made by the real application, not redrawn.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from officegen.errors import OutputError, ToolMissingError
from officegen.office.libreoffice import convert
from officegen.office.userfiles import regular_file

OFFICE = (".xlsx", ".docx", ".pptx")
PAGES = (".html", ".htm")


def preview(
    files: Sequence[str | Path], outdir: str | Path, *, dpi: int = 80, pages: tuple[int, int] | None = None
) -> list[Path]:
    """Render ``files`` to ``outdir/NAME.pdf`` and ``outdir/NAME-N.png``; returns every file written.

    ``pages`` (first, last), 1-based, limits the PNG pages; the PDFs are always whole. A web page
    gives ``NAME.png``, the screen at 1280 x 800 (``dpi`` / 96 pixels a CSS pixel), and
    ``NAME.pdf``, what the browser prints.
    """
    outdir = Path(outdir)
    paths = [Path(f) for f in files]
    for f in paths:
        if f.suffix.lower() not in OFFICE + PAGES:
            raise OutputError(f"{f}: not a file officegen writes (.xlsx, .docx, .pptx, .html)")
        regular_file(f, "document")  # LibreOffice or a browser would wait on a FIFO, or read /dev/zero for ever
    stems = Counter(f.stem.casefold() for f in paths)
    pages_out: list[Path] = []
    for f in [f for f in paths if f.suffix.lower() in PAGES]:
        from officegen.office.browser import capture

        stem = f.stem if stems[f.stem.casefold()] == 1 else f"{f.stem}.{f.suffix.lstrip('.')}"
        pages_out += capture(f, png=outdir / f"{stem}.png", pdf=outdir / f"{stem}.pdf", scale=dpi / 96)
    office = [f for f in paths if f.suffix.lower() in OFFICE]
    if not office:
        return pages_out
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="officegen-preview-") as tmp:
        for f, pdf in zip(office, convert(office, tmp, "pdf")):
            name = f"{f.stem}.pdf" if stems[f.stem.casefold()] == 1 else f"{f.stem}.{f.suffix.lstrip('.')}.pdf"
            outdir.mkdir(parents=True, exist_ok=True)
            target = outdir / name
            shutil.move(str(pdf), target)
            written.append(target)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ToolMissingError(
            "pdftoppm is not installed (Debian/Ubuntu: apt-get install poppler-utils; "
            "macOS: brew install poppler); the PDFs were written: " + ", ".join(map(str, written))
        )
    pngs: list[Path] = []
    for pdf in written:
        prefix = pdf.with_suffix("")
        cmd = [pdftoppm, "-png", "-r", str(dpi)]
        if pages:
            cmd += ["-f", str(pages[0]), "-l", str(pages[1])]
        subprocess.run(cmd + [str(pdf), str(prefix)], check=True, capture_output=True)
        pngs += sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
    if not pngs:
        raise OutputError("pdftoppm produced no PNG pages")
    return pages_out + written + pngs
