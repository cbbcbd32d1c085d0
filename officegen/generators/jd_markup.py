"""The templates' line markup turned into WordprocessingML body XML, as text.

Building the body as a string (rather than python-docx objects) is what makes a job description
cost a fraction of a millisecond; structure only ever comes from the template's own line starts,
because inserted values carry the LITERAL marker and have no line breaks or pipes of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from officegen.generators.jd_templates import BREAK, LITERAL, PIPE

#: total text width of a table, in twentieths of a point (A4 minus margins)
TABLE_WIDTH = 9000


@dataclass(frozen=True)
class StyleIds:
    heading1: str
    heading2: str
    bullet: str
    number: str
    table: str


@dataclass
class Numbering:
    """Allocates numbering instances: one shared for bullets, a fresh one per numbered list."""

    bullet_abstract: int
    decimal_abstract: int
    first_num_id: int
    nums: list[tuple[int, int, bool]] = field(default_factory=list)  # (numId, abstractId, restart)

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
            override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else "")
            parts.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>')
        return "".join(parts)


def _runs(text: str, rpr: str) -> str:
    """Runs for ``text`` with line breaks from inserted values kept as w:br."""
    text = text.replace(LITERAL, "").replace(PIPE, "|")
    pieces = text.split(BREAK)
    out = []
    for i, piece in enumerate(pieces):
        if i:
            out.append(f"<w:r>{rpr}<w:br/></w:r>")
        if piece:
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return "".join(out)


def _para(text: str, rpr: str, style: str | None = None, num_id: int | None = None, extra_ppr: str = "") -> str:
    ppr = ""
    if style or num_id is not None or extra_ppr:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num_id is not None:
            inner += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}{extra_ppr}</w:pPr>"
    return f"<w:p>{ppr}{_runs(text, rpr)}</w:p>"


def _table(rows: list[tuple[bool, list[str]]], styles: StyleIds, rpr: str, bold_rpr: str) -> str:
    cols = max(len(cells) for _, cells in rows)
    widths = [TABLE_WIDTH // cols] * cols
    if cols == 2:
        widths = [2400, TABLE_WIDTH - 2400]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{styles.table}"/><w:tblW w:w="{TABLE_WIDTH}" w:type="dxa"/>'
           f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for header, cells in rows:
        cells = cells + [""] * (cols - len(cells))
        trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        tcs = []
        for i, (cell, width) in enumerate(zip(cells, widths)):
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/>' if header or (cols == 2 and i == 0) else ""
            run_props = bold_rpr if header or (cols == 2 and i == 0) else rpr
            tcs.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                       f'{_para(cell.strip(), run_props)}</w:tc>')
        out.append(f"<w:tr>{trpr}{''.join(tcs)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[2:] if body.startswith("|!") else body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return body.split("|")


def body_xml(markup: str, styles: StyleIds, numbering: Numbering, rpr: str, bold_rpr: str) -> str:
    """The body paragraphs and tables for ``markup`` (without w:body and w:sectPr)."""
    out: list[str] = []
    table: list[tuple[bool, list[str]]] = []
    paragraph: list[str] = []
    list_kind = None
    list_id = None

    def flush_paragraph():
        if paragraph:
            out.append(_para(BREAK.join(paragraph), rpr))
            paragraph.clear()

    def flush_table():
        if table:
            out.append(_table(table, styles, rpr, bold_rpr))
            out.append("<w:p/>")  # keeps two tables apart (Word would join them) and spaces the text
            table.clear()

    for raw in markup.split("\n"):
        line = raw.rstrip()
        kind = None
        if line.startswith("|!") or line.startswith("|"):
            kind = "table"
        elif line.startswith("## "):
            kind = "h2"
        elif line.startswith("# "):
            kind = "h1"
        elif line.startswith("- "):
            kind = "bullet"
        elif line.startswith("1. "):
            kind = "number"
        elif not line.strip():
            kind = "blank"
        if kind != "table":
            flush_table()
        if kind in ("bullet", "number"):
            flush_paragraph()
            if list_kind != kind:
                list_kind = kind
                list_id = numbering.bullet_id if kind == "bullet" else numbering.new_list()
            style = styles.bullet if kind == "bullet" else styles.number
            out.append(_para(line[2:] if kind == "bullet" else line[3:], rpr, style, list_id))
            continue
        list_kind = None
        if kind == "table":
            flush_paragraph()
            table.append((line.startswith("|!"), _cells(line)))
        elif kind == "h1":
            flush_paragraph()
            out.append(_para(line[2:], rpr, styles.heading1))
        elif kind == "h2":
            flush_paragraph()
            out.append(_para(line[3:], rpr, styles.heading2))
        elif kind == "blank":
            flush_paragraph()
        else:
            paragraph.append(line)
    flush_paragraph()
    flush_table()
    return "".join(out)
