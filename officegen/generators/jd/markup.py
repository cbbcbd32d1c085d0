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
from functools import lru_cache
from xml.sax.saxutils import escape

from officegen.generators.jd.templates import BREAK, INVALID_XML, LITERAL, PIPE, STAR
from officegen.office.textwidth import text_width

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

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.segments)


@dataclass(frozen=True)
class Row:
    header: bool
    cells: tuple[Cell, ...]


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


def inline(text: str) -> Segments:
    """``**bold**`` runs of a template line, with the values' private markers restored."""
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
    cells = []
    for raw in body.split("|"):
        raw = raw.strip()
        # a label cell: wholly in one bold pair, "**...**" (a regex took a quarter of parsing)
        if len(raw) >= 4 and raw.startswith("**") and raw.endswith("**") and "**" not in raw[2:-2]:
            cells.append(Cell(inline(raw[2:-2]), label=True))
        else:
            cells.append(Cell(inline(raw)))
    return tuple(cells)


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

    def flush_table():
        if rows:
            blocks.append(Block("table", rows=tuple(rows)))
            rows.clear()

    for raw in markup.split("\n"):
        line = raw.rstrip(" \r")
        if line.startswith("|"):
            flush_paragraph()
            if rows and _SEPARATOR.match(line):
                rows[-1] = Row(True, rows[-1].cells)
            else:
                rows.append(Row(line.startswith("|!"), _cells(line)))
            previous = "table"
            continue
        flush_table()
        if not line.strip():
            flush_paragraph()
            previous = None
            continue
        heading = _HEADING.match(line)
        number = _NUMBER.match(line)
        if line.strip() == "[TOC]":
            flush_paragraph()
            blocks.append(Block("toc"))
            kind = "toc"
        elif heading:
            flush_paragraph()
            level = len(heading.group(1))
            blocks.append(Block("heading", inline(line[level + 1 :]), level=level))
            kind = "heading"
        elif line.startswith("% "):
            flush_paragraph()
            blocks.append(Block("title", inline(line[2:])))
            kind = "title"
        elif line.startswith(("- ", "* ")):
            flush_paragraph()
            blocks.append(Block("bullet", inline(line[2:])))
            kind = "bullet"
        elif number:
            flush_paragraph()
            if previous != "number":
                list_no += 1
            blocks.append(Block("number", inline(line[number.end() :]), list_no=list_no))
            kind = "number"
        else:
            if previous in ("bullet", "number"):  # text right under a list item starts a new paragraph
                flush_paragraph()
            paragraph.append(line)
            kind = "para"
        previous = kind
    flush_paragraph()
    flush_table()
    return blocks


# -- XML -------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _measure(line: str) -> tuple[int, int | None]:
    """A table line's width in half-em units, and its longest Latin word (None when it has none
    that must stay whole): measured once per distinct text (role titles recur in many tables)."""
    longest = None
    if line.isascii() or _WORD.search(line):
        longest = max((len(w) for w in _WORD.findall(line)), default=0)
    return text_width(line), longest


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

    # -- runs and paragraphs -----------------------------------------------------------------
    def runs(self, segments: Segments) -> str:
        out = []
        for text, bold in segments:
            rpr = self.bold_rpr if bold else self.rpr
            if "\n" not in text and "\t" not in text:
                if text:
                    out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')
                continue
            for i, line in enumerate(text.split("\n")):
                if i:
                    out.append(f"<w:r>{rpr}<w:br/></w:r>")
                for j, piece in enumerate(line.split("\t")):
                    if j:
                        out.append(f"<w:r>{rpr}<w:tab/></w:r>")
                    if piece:
                        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
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
            spans_last = len(row.cells) < cols
            for i, cell in enumerate(row.cells):
                if spans_last and i == len(row.cells) - 1:
                    continue
                for line in cell.text.split("\n"):
                    if len(line) >= WIDE:  # at least WIDE units: capped, and far from "short"
                        want[i] = WIDE
                        continue
                    bold = 2 if cell.label or row.header else 0
                    measured, longest = _measure(line)
                    width = measured + bold
                    want[i] = max(want[i], min(width, WIDE))
                    if width <= 12:
                        floor[i] = max(floor[i], width)
                    elif longest is not None:  # a Latin word is never split
                        floor[i] = max(floor[i], min(longest + bold, 16))
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
        cell_ppr = '<w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr>'
        for row in rows:
            trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if row.header else "<w:trPr><w:cantSplit/></w:trPr>"
            out.append(f"<w:tr>{trpr}")
            n = len(row.cells)
            for i, cell in enumerate(row.cells):
                span = cols - n + 1 if i == n - 1 else 1
                width = sum(widths[i : i + span])
                strong = row.header or cell.label
                tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
                if span > 1:
                    tcpr += f'<w:gridSpan w:val="{span}"/>'
                if strong:
                    fill = HEADER_FILL if row.header else LABEL_FILL
                    tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
                segments = tuple((t, True) for t, _ in cell.segments) if strong else cell.segments
                out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p>{cell_ppr}{self.runs(segments)}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

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
