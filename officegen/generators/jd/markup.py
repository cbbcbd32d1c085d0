"""The templates' line markup: parsed into blocks, then written as WordprocessingML body XML.

Structure comes only from the start of a line the TEMPLATE wrote (values start with the LITERAL
marker, see ``jd_templates``), so no definition text can make a heading, list or table:

====================  =========================================================
``% text``            Title style
``# `` / ``## `` /    Heading 1 / 2 / 3 (the navigation pane and the table of
``### text``          contents use them)
``- `` or ``* text``  bulleted list item
``1. text``           numbered list item (any number); each list restarts at 1
``|! a | b |``        table header row (bold, shaded, repeats on every page)
``| a | b |``         table row; consecutive rows form one table; a row with
                      fewer cells than the table spans its last cell to the end
``|---|---|``         (after the first row) makes the row above a header row
``[TOC]``             the contents (linked lines with page numbers)
blank line            ends a paragraph, a list or a table
anything else         a paragraph; consecutive lines are one paragraph with
                      line breaks
====================  =========================================================

Inline, ``**bold**``; a table cell written entirely in bold is a label cell (bold, shaded).
The body is built as text (no python-docx objects): a role costs a fraction of a millisecond.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from officegen.generators.jd.templates import BREAK, LITERAL, PIPE, STAR
from officegen.office.textwidth import text_width
from officegen.office.xmltext import INVALID_XML
from officegen.office.xmltext import escape as xml_text

_RESTORE = str.maketrans({LITERAL: None, BREAK: "\n", PIPE: "|", STAR: "*"})
_HEADING = re.compile(r"(#{1,3}) ")
_NUMBER = re.compile(r"\d{1,9}\. ")
_SEPARATOR = re.compile(r"\|[\s:|-]*-[\s:|-]*$")
_WORD = re.compile(r"[A-Za-z0-9'’.,:;!?()\[\]/_@&+-]{6,}")
HEADER_FILL = "D9E2F3"
#: the most a column asks for, in half-em units: one long list must not starve the other columns
WIDE = 36
LABEL_FILL = "F2F2F2"

Segments = tuple[tuple[str, bool], ...]  # (text, bold); text may hold "\n" (line break) and "\t"


@dataclass(frozen=True)
class Cell:
    segments: Segments
    label: bool = False

    @cached_property
    def text(self) -> str:  # a cell is made once per distinct text (``_cell``), and measured often
        return "".join(t for t, _ in self.segments)


@dataclass(frozen=True)
class Row:
    header: bool
    cells: tuple[Cell, ...]
    #: what is worked out from it once: its cells' column wishes, and their XML per writer (rows
    #: are made once per distinct line and shared by documents)
    written: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, table or table of contents of the document."""

    kind: str  # "title", "heading", "para", "bullet", "number", "table", "toc"
    segments: Segments = ()
    level: int = 0  # heading level
    list_no: int = 0  # numbered items: which list of the document (each restarts at 1)
    rows: tuple[Row, ...] = ()

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.segments)


def _restore(text: str) -> str:
    """``text.translate(_RESTORE)``, by ``str.replace`` (a translate table is looked up character
    by character; this is a quarter of the time, and most markers are absent)."""
    if LITERAL in text:
        text = text.replace(LITERAL, "")
    if BREAK in text:
        text = text.replace(BREAK, "\n")
    if PIPE in text:
        text = text.replace(PIPE, "|")
    if STAR in text:
        text = text.replace(STAR, "*")
    return text


@lru_cache(maxsize=32768)
def inline(text: str) -> Segments:
    """``**bold**`` runs of a template line, with the values' private markers restored (worked out
    once per distinct text: titles, "—", labels recur in every document)."""
    if "**" not in text:
        return ((_restore(text), False),) if text else ()
    parts = text.split("**")
    if len(parts) % 2 == 0:  # an unpaired "**" is text
        parts[-2:] = [parts[-2] + "**" + parts[-1]]
    return tuple((_restore(p), i % 2 == 1) for i, p in enumerate(parts) if p)


def _cells(line: str) -> tuple[Cell, ...]:
    body = line[2:] if line.startswith("|!") else line[1:]
    if body.endswith("|"):
        body = body[:-1]
    return tuple([_cell(raw.strip()) for raw in body.split("|")])


@lru_cache(maxsize=32768)
def _cell(raw: str) -> Cell:
    """One table cell, made once per distinct text (cells are immutable, documents share them)."""
    # a label cell: wholly in one bold pair, "**...**" (a regex took a quarter of parsing)
    if len(raw) >= 4 and raw.startswith("**") and raw.endswith("**") and "**" not in raw[2:-2]:
        return Cell(inline(raw[2:-2]), label=True)
    return Cell(inline(raw))


def parse(markup: str) -> list[Block]:
    """The blocks of a rendered template."""
    markup = INVALID_XML.sub("", markup)
    blocks: list[Block] = []
    paragraph: list[str] = []
    rows: list[Row] = []
    list_no = -1
    previous = None  # kind of the previous line, to know where a numbered list starts

    def flush_paragraph():
        if paragraph:
            blocks.append(Block("para", inline(BREAK.join(paragraph))))
            paragraph.clear()

    for raw in markup.split("\n"):
        line = raw.rstrip(" \r")
        if line.startswith("|"):
            if paragraph:
                flush_paragraph()
            if rows and "-" in line and _SEPARATOR.match(line):
                rows[-1] = Row(True, rows[-1].cells)
            else:
                rows.append(_row(line))
            previous = "table"
            continue
        if rows:
            blocks.append(Block("table", rows=tuple(rows)))
            rows.clear()
        kind, level, segments = _line(line)
        if kind == "para":
            if previous in ("bullet", "number"):  # text right under a list item starts a new paragraph
                flush_paragraph()
            paragraph.append(line)
        else:
            if paragraph:
                flush_paragraph()
            if kind == "number":
                if previous != "number":
                    list_no += 1
                blocks.append(Block("number", segments, list_no=list_no))
            elif kind is not None:
                blocks.append(Block(kind, segments, level=level))
        previous = kind
    flush_paragraph()
    if rows:
        blocks.append(Block("table", rows=tuple(rows)))
    return blocks


@lru_cache(maxsize=32768)
def _row(line: str) -> Row:
    """A table line's row, once per distinct line (rows are immutable, documents share them)."""
    return Row(line.startswith("|!"), _cells(line))


@lru_cache(maxsize=32768)
def _line(line: str) -> tuple[str | None, int, Segments]:
    """What a line outside a table is: (kind, heading level, its text's segments); kind None for a
    blank line, "para" for a paragraph's line (its segments are the whole paragraph's, made later).
    Once per distinct line: most recur from document to document."""
    stripped = line.strip()
    if not stripped:
        return None, 0, ()
    if stripped == "[TOC]":
        return "toc", 0, ()
    heading = _HEADING.match(line)
    if heading:
        level = len(heading.group(1))
        return "heading", level, inline(line[level + 1 :])
    if line.startswith("% "):
        return "title", 0, inline(line[2:])
    if line.startswith(("- ", "* ")):
        return "bullet", 0, inline(line[2:])
    number = _NUMBER.match(line)
    if number:
        return "number", 0, inline(line[number.end() :])
    return "para", 0, ()


# -- XML -------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _measure(line: str) -> tuple[int, int | None]:
    """A table line's width in half-em units, and its longest Latin word (None when it has none
    that must stay whole): measured once per distinct text (role titles recur in many tables)."""
    longest = None
    if line.isascii() or _WORD.search(line):
        longest = max((len(w) for w in _WORD.findall(line)), default=0)
    return text_width(line), longest


@lru_cache(maxsize=32768)
def _wish(text: str, bold: bool) -> tuple[int, int]:
    """What a cell's text asks of its column, in half-em units: the width it would like (capped at
    WIDE) and the width it must have (a short text never wraps, a Latin word is never split); 0 for
    nothing asked."""
    want = floor = 0
    extra = 2 if bold else 0
    for line in text.split("\n"):
        if len(line) >= WIDE:  # at least WIDE units: capped, and far from "short"
            want = WIDE
            continue
        measured, longest = _measure(line)
        width = measured + extra
        want = max(want, min(width, WIDE))
        if width <= 12:
            floor = max(floor, width)
        elif longest is not None:
            floor = max(floor, min(longest + extra, 16))
    return want, floor


@dataclass(frozen=True)
class StyleIds:
    """Style ids (not names: a localised Word template calls Heading 1 "1") of the styles used."""

    title: str
    heading1: str
    heading2: str
    heading3: str
    bullet: str
    number: str
    table: str
    toc1: str
    toc2: str

    def heading(self, level: int) -> str:
        return (self.heading1, self.heading2, self.heading3)[min(max(level, 1), 3) - 1]


@dataclass
class Numbering:
    """``w:num`` instances of one document: one shared by bullets, a fresh one per numbered list."""

    bullet_abstract: int
    decimal_abstract: int
    first_num_id: int
    nums: list[tuple[int, int, bool]] = field(default_factory=list)  # (numId, abstractNumId, restart)

    def __post_init__(self):
        self.bullet_id = self._new(self.bullet_abstract, restart=False)

    def _new(self, abstract: int, restart: bool) -> int:
        num_id = self.first_num_id + len(self.nums)
        self.nums.append((num_id, abstract, restart))
        return num_id

    def new_list(self) -> int:
        return self._new(self.decimal_abstract, restart=True)

    def xml(self) -> str:
        parts = []
        for num_id, abstract, restart in self.nums:
            override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
            parts.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>')
        return "".join(parts)


class TokenNumbering:
    """Numbering for a fragment of a bigger document: ids are placeholders (``\\x00b\\x00`` for the
    bullet list, ``\\x00<n>\\x00`` for the n-th numbered list) that :func:`fill_tokens` replaces once
    the fragment's place in the whole document is known. NUL never occurs in XML, so no clash."""

    bullet_id = "\x00b\x00"

    def __init__(self):
        self.count = 0

    def new_list(self) -> str:
        self.count += 1
        return f"\x00{self.count}\x00"


_TOKEN = re.compile("\x00([^\x00]+)\x00")


def fill_tokens(xml: str, numbering: Numbering, values: dict[str, str]) -> str:
    """``xml`` with TokenNumbering ids made real (new numbered lists allocated in order) and the
    other ``\\x00name\\x00`` tokens replaced from ``values``."""
    lists: dict[str, int] = {}

    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key == "b":
            return str(numbering.bullet_id)
        if key in values:
            return values[key]
        if key not in lists:
            lists[key] = numbering.new_list()
        return str(lists[key])

    return _TOKEN.sub(replace, xml)


class BodyWriter:
    """Writes blocks as body XML for one skeleton (its style ids, text width and language)."""

    def __init__(self, styles: StyleIds, text_width_twips: int, east_asian_hint: bool):
        self.styles = styles
        self.width = text_width_twips
        hint = '<w:rFonts w:hint="eastAsia"/>' if east_asian_hint else ""
        self.rpr = f"<w:rPr>{hint}</w:rPr>" if hint else ""
        self.bold_rpr = f"<w:rPr>{hint}<w:b/><w:bCs/></w:rPr>"
        #: the runs of each distinct text written (titles, labels, "—" recur in every document)
        self._runs: dict[Segments, str] = {}
        self._cells: dict[tuple[Segments, bool], str] = {}
        #: what a row's cached XML is kept under: the run properties it was written with
        self._key = self.rpr + self.bold_rpr

    # -- runs and paragraphs -----------------------------------------------------------------
    def runs(self, segments: Segments) -> str:
        found = self._runs.get(segments)
        if found is None:
            if len(self._runs) >= 32768:
                self._runs.clear()
            found = self._runs[segments] = self._make_runs(segments)
        return found

    def _make_runs(self, segments: Segments) -> str:
        out = []
        for text, bold in segments:
            rpr = self.bold_rpr if bold else self.rpr
            if "\n" not in text and "\t" not in text:
                if text:
                    out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>')
                continue
            for i, line in enumerate(text.split("\n")):
                if i:
                    out.append(f"<w:r>{rpr}<w:br/></w:r>")
                for j, piece in enumerate(line.split("\t")):
                    if j:
                        out.append(f"<w:r>{rpr}<w:tab/></w:r>")
                    if piece:
                        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(piece)}</w:t></w:r>')
        return "".join(out)

    @staticmethod
    def _ppr(
        style: str | None = None, page_break: bool = False, num_id: int | str | None = None, extra: str = ""
    ) -> str:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if page_break:
            inner += "<w:pageBreakBefore/>"
        if num_id is not None:
            inner += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        inner += extra
        return f"<w:pPr>{inner}</w:pPr>" if inner else ""

    # -- a whole body --------------------------------------------------------------------------
    def render(
        self,
        blocks: list[Block],
        numbering: Numbering | TokenNumbering,
        *,
        page_break: bool = False,
        bookmark: tuple[int | str, str] | None = None,
        toc: list[TocEntry] | None = None,
    ) -> str:
        """Body XML of ``blocks``.

        ``page_break`` starts the first block on a new page; ``bookmark`` (id, name) marks the
        first Heading 1 (the combined document's contents link to it); ``toc`` are the entries
        of a ``[TOC]``.
        """
        out: list[str] = []
        lists: dict[int, int | str] = {}
        pending_break = page_break
        for index, block in enumerate(blocks):
            kind = block.kind
            if kind == "table":
                if pending_break:
                    out.append(f"<w:p>{self._ppr(page_break=True)}</w:p>")
                    pending_break = False
                out.append(self.table(block.rows))
                following = blocks[index + 1].kind if index + 1 < len(blocks) else None
                if following in (None, "table"):
                    out.append("<w:p/>")  # Word joins adjacent tables; a body should not end in one
                continue
            if kind == "toc":
                out.append(self.toc(toc or [], pending_break))
                pending_break = False
                continue
            style = num_id = None
            runs = self.runs(block.segments)
            if kind == "heading":
                style = self.styles.heading(block.level)
                if bookmark is not None and block.level == 1:
                    mark_id, name = bookmark
                    runs = f'<w:bookmarkStart w:id="{mark_id}" w:name="{name}"/>{runs}<w:bookmarkEnd w:id="{mark_id}"/>'
                    bookmark = None
            elif kind == "title":
                style = self.styles.title
            elif kind == "bullet":
                style, num_id = self.styles.bullet, numbering.bullet_id
            elif kind == "number":
                style = self.styles.number
                if block.list_no not in lists:
                    lists[block.list_no] = numbering.new_list()
                num_id = lists[block.list_no]
            out.append(f"<w:p>{self._ppr(style, pending_break, num_id)}{runs}</w:p>")
            pending_break = False
        if pending_break:
            out.append(f"<w:p>{self._ppr(page_break=True)}</w:p>")
        return "".join(out)

    # -- tables --------------------------------------------------------------------------------
    def column_widths(self, rows: tuple[Row, ...], cols: int) -> list[int]:
        """Column widths (twips) from the content: short texts (headers, "—", a process name) never
        wrap; what is left goes to the columns whose long texts would otherwise wrap most."""
        unit = 110  # half an 11 pt em: a Latin character; a CJK one is two
        pad = 3  # cell margins and a little air, in units
        floor = [4] * cols  # the longest text that must not wrap
        want = [4] * cols  # the longest text, capped
        for row in rows:
            wishes = row.written.get("wishes")
            if wishes is None:
                wishes = row.written["wishes"] = [_wish(cell.text, cell.label or row.header) for cell in row.cells]
            last = len(wishes) - 1 if len(wishes) < cols else len(wishes)  # a cell spanning to the end is left out
            for i, (cell_want, cell_floor) in enumerate(wishes):
                if i == last:
                    continue
                if cell_want > want[i]:
                    want[i] = cell_want
                if cell_floor > floor[i]:
                    floor[i] = cell_floor
        floor_tw = [(f + pad) * unit for f in floor]
        want_tw = [(max(w, f) + pad) * unit for w, f in zip(want, floor)]
        if sum(floor_tw) >= self.width:
            widths = [self.width * f // sum(floor_tw) for f in floor_tw]
        elif sum(want_tw) <= self.width:  # everything fits on one line: share the rest by wish
            spare = self.width - sum(want_tw)
            widths = [w + spare * w // sum(want_tw) for w in want_tw]
        else:  # give every column its floor, the rest in proportion to how much more it wants
            deficit = [w - f for w, f in zip(want_tw, floor_tw)]
            spare = self.width - sum(floor_tw)
            widths = [f + spare * d // max(sum(deficit), 1) for f, d in zip(floor_tw, deficit)]
        widths[-1] += self.width - sum(widths)
        return widths

    def table(self, rows: tuple[Row, ...]) -> str:
        cols = max(len(r.cells) for r in rows)
        widths = self.column_widths(rows, cols)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles.table}"/>'
            f'<w:tblW w:w="{self.width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        ]
        openings: dict[str, list[str]] = {}  # a row's shape (its cells' fills) -> each cell's <w:tc><w:tcPr>
        for row in rows:
            written = row.written.get(self._key)
            if written is None:
                written = row.written[self._key] = self._row_parts(row)
            shape, paragraphs = written
            opening = openings.get(shape)
            if opening is None:
                opening = openings[shape] = self._openings(shape, widths, cols)
            out.append(
                "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                if row.header
                else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            )
            for pair in zip(opening, paragraphs):
                out += pair
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    def _row_parts(self, row: Row) -> tuple[str, list[str]]:
        """A row's shape (one letter per cell: H header, L label, - plain) and its cells' paragraphs."""
        shape, paragraphs = [], []
        for cell in row.cells:
            strong = row.header or cell.label
            shape.append("H" if row.header else "L" if strong else "-")
            paragraphs.append(self._cell_paragraph(cell.segments, strong))
        return "".join(shape), paragraphs

    @staticmethod
    def _openings(shape: str, widths: list[int], cols: int) -> list[str]:
        """Each cell's ``<w:tc><w:tcPr>`` in a row of ``shape``: its width (the last cell spans to the
        table's end) and shading."""
        n = len(shape)
        out = []
        for i, kind in enumerate(shape):
            span = cols - n + 1 if i == n - 1 else 1
            tcpr = f'<w:tcW w:w="{sum(widths[i : i + span])}" w:type="dxa"/>'
            if span > 1:
                tcpr += f'<w:gridSpan w:val="{span}"/>'
            if kind != "-":
                fill = HEADER_FILL if kind == "H" else LABEL_FILL
                tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
            out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>")
        return out

    def _cell_paragraph(self, segments: Segments, strong: bool) -> str:
        """A cell's paragraph (bold throughout in a header row or a label cell) and the cell's end,
        once per distinct text."""
        key = (segments, strong)
        found = self._cells.get(key)
        if found is None:
            if len(self._cells) >= 32768:
                self._cells.clear()
            runs = self._make_runs(tuple((t, True) for t, _ in segments) if strong else segments)
            found = self._cells[key] = f'<w:p><w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr>{runs}</w:p></w:tc>'
        return found

    # -- table of contents -----------------------------------------------------------------------
    def toc(self, entries: list[TocEntry], page_break: bool) -> str:
        """The contents: one paragraph per entry (a department in bold, its roles indented), each a
        link to its bookmark with a PAGEREF field whose shown result is the entry's page. Not a TOC
        field: Word would ask to update it and LibreOffice would show it stale, while a PAGEREF
        is laid out by LibreOffice itself and shown by Word as written (F9 recomputes it)."""
        out = []
        tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{self.width}"/></w:tabs>'
        for i, entry in enumerate(entries):
            style = self.styles.toc1 if entry.level == 1 else self.styles.toc2
            runs = self.runs(((entry.text, entry.level == 1),))
            rpr = self.bold_rpr if entry.level == 1 else self.rpr
            number = (
                f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGEREF {entry.anchor} \\h </w:instrText></w:r>'
                f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
                f"<w:r>{rpr}<w:t>{entry.page}</w:t></w:r>"
                f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
            )
            link = (
                f'<w:hyperlink w:anchor="{entry.anchor}" w:history="1">{runs}'
                f"<w:r>{rpr}<w:tab/></w:r>{number}</w:hyperlink>"
            )
            out.append(f"<w:p>{self._ppr(style, page_break and i == 0, extra=tab)}{link}</w:p>")
        if not out:
            out.append(f"<w:p>{self._ppr(self.styles.toc1, page_break)}</w:p>")
        return "".join(out)


@dataclass(frozen=True)
class TocEntry:
    """A line of the contents: ``level`` 1 a department, 2 a role; ``anchor`` the bookmark of the
    (first) role; ``page`` the page it starts on."""

    level: int
    text: str
    anchor: str
    page: int
