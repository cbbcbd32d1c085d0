"""Page numbers for the combined document's contents: where each role starts.

A Word document has no page numbers until something lays it out. The contents of the combined
document are written as ordinary paragraphs whose page numbers are PAGEREF fields to each role's
bookmark, with their results filled in (not a TOC field: that one Word asks to update, and
LibreOffice shows stale): LibreOffice computes PAGEREF fields itself when it lays the document out,
Word shows the results written here (and recomputes them with F9).

The results come from LibreOffice when it is installed (:func:`rendered`: the written document is
converted once, headless, and the numbers it computed are read back), else from :func:`estimate`,
this module's own pagination of the blocks (every role starts on a new page, so only how many
pages each one takes matters).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from officegen.generators.jd.markup import Block, BodyWriter
from officegen.office.textwidth import char_width, em_width, wrap

#: a line of text in ems: Calibri's is 1.22; Chinese faces are taller (Microsoft YaHei 1.32, the
#: Noto Sans CJK that stands in for it where it is not installed 1.45)
LATIN_LINE, CJK_LINE = 1.22, 1.38
#: Calibri's letters against textwidth.em_width's generic measure
LATIN_NARROWER = 0.93
#: the skeleton's line spacing and space after a paragraph (skeleton._tune_default_styles)
SPACING, AFTER_PT = 1.1, 3.0
#: heading sizes and the space around them (points)
HEADINGS = {1: (18, 0, 8), 2: (14, 10, 3), 3: (12, 6, 2)}
TITLE = (24, 0, 10)
#: twips a table cell loses to its margins; points a table row adds (cell spacing, borders)
CELL_MARGIN, ROW_PT = 216, 3.5
#: roles up to which LibreOffice lays the combined document out (above, the estimate is used:
#: converting thousands of pages would take minutes)
RENDER_UP_TO = 300


@dataclass(frozen=True)
class Page:
    """The page size a body is laid out in, in twips."""

    text_width: int
    text_height: int


def _half_ems(text: str) -> float:
    """Width in half-em units: a CJK character 2, Latin letters by their shapes (em_width)."""
    wide = sum(1 for c in text if char_width(c) == 2)
    return wide * 2 + (em_width(text) - wide) * 2 * LATIN_NARROWER


def _lines(text: str, width_units: float) -> int:
    return sum(max(1, len(wrap(part, max(width_units, 2), _half_ems))) for part in (text.split("\n") or [""]))


def _line_factor(blocks: list[Block]) -> float:
    """A line's height in ems: Chinese faces (Microsoft YaHei, Noto Sans CJK) are taller than Calibri."""
    text = "".join(b.text for b in blocks[:40] if b.kind != "table")
    return CJK_LINE if any(char_width(c) == 2 for c in text) else LATIN_LINE


def block_heights(blocks: list[Block], writer: BodyWriter, page: Page) -> list[tuple[str, list[float]]]:
    """(kind, heights in points) per block: one height per line for paragraphs (they may break
    between lines), one per row for tables (rows never split), one for the rest."""
    units = page.text_width / 110  # half-em units of 11-point text across the page
    em = _line_factor(blocks)
    line = 11 * em * SPACING
    out: list[tuple[str, list[float]]] = []
    for block in blocks:
        if block.kind == "heading":
            size, before, after = HEADINGS.get(block.level, HEADINGS[3])
            lines = _lines(block.text, units * 11 / size)
            out.append(("heading", [before + lines * size * em * SPACING + after]))
        elif block.kind == "title":
            size, before, after = TITLE
            out.append(("heading", [before + _lines(block.text, units * 11 / size) * size * em + after]))
        elif block.kind in ("para", "bullet", "number"):
            width = units - (4 if block.kind != "para" else 0)
            n = _lines(block.text, width)
            out.append(("para", [line] * (n - 1) + [line + AFTER_PT]))
        elif block.kind == "table":
            cols = max(len(r.cells) for r in block.rows)
            widths = writer.column_widths(block.rows, cols)
            rows = []
            for row in block.rows:
                tallest = 1
                n = len(row.cells)
                for i, cell in enumerate(row.cells):
                    span = cols - n + 1 if i == n - 1 else 1
                    cell_units = (sum(widths[i : i + span]) - CELL_MARGIN) / 110
                    bold = row.header or cell.label
                    tallest = max(tallest, _lines(cell.text, cell_units - (1 if bold else 0)))
                rows.append(tallest * 11 * em + ROW_PT)
            out.append(("table-header" if block.rows[0].header else "table", rows))
            out.append(("para", [AFTER_PT]))
        elif block.kind == "toc":
            out.append(("para", [line]))
    return out


def estimate(blocks: list[Block], writer: BodyWriter, page: Page) -> int:
    """Pages the blocks take when laid out from the top of a page: paragraphs break between lines,
    table rows never (a header row repeats), a heading keeps with what follows it."""
    height = page.text_height / 20
    pages, y = 1, 0.0
    items = block_heights(blocks, writer, page)
    for index, (kind, parts) in enumerate(items):
        if kind == "heading":
            following = items[index + 1][1][0] if index + 1 < len(items) else 0
            if y > 0 and y + parts[0] + following > height:
                pages, y = pages + 1, 0.0
            y += parts[0]
            continue
        header = parts[0] if kind == "table-header" else 0.0  # repeated at the top of every page
        for i, part in enumerate(parts):
            if y > 0 and y + part > height:
                pages, y = pages + 1, header if i else 0.0
            y += part
    return pages


_PAGEREF = re.compile(r"PAGEREF\s+(_jd\d+)")


def rendered(path: Path, timeout: int = 600) -> dict[str, int] | None:
    """The page numbers LibreOffice computes for the PAGEREF fields of ``path`` (bookmark -> page),
    or None when LibreOffice is not installed or fails."""
    from officegen.errors import OfficegenError
    from officegen.office.libreoffice import convert, find_soffice

    if find_soffice() is None:
        return None
    with tempfile.TemporaryDirectory(prefix="officegen-pages-") as tmp:
        try:
            (out,) = convert([path], tmp, "docx:MS Word 2007 XML", timeout=timeout)
            with zipfile.ZipFile(out) as z:
                xml = z.read("word/document.xml").decode("utf-8")
        except (OfficegenError, OSError, KeyError, zipfile.BadZipFile):
            return None
    return field_results(xml)


def field_results(xml: str) -> dict[str, int]:
    """Bookmark -> the number shown by each ``PAGEREF`` field of a WordprocessingML body."""
    found: dict[str, int] = {}
    pos = 0
    while True:
        m = _PAGEREF.search(xml, pos)
        if not m:
            return found
        sep = xml.find('w:fldCharType="separate"', m.end())
        end = xml.find('w:fldCharType="end"', m.end())
        pos = m.end()
        if sep < 0 or end < 0 or sep > end:
            continue
        shown = "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml[sep:end]))
        if shown.strip().isdigit():
            found.setdefault(m.group(1), int(shown.strip()))
