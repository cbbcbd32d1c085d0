"""A small SpreadsheetML (.xlsx) writer: cells, styles, merges, validation, conditional formats.

The RACI workbook is tens of thousands of cells in a fixed layout. openpyxl builds a Python object
per cell and then walks them to write XML; here each cell is rendered to its XML the moment it is
set, and the package is written directly with fixed timestamps (``reprozip``): the cost is close
to that of deflating the XML itself. Only what the RACI workbook uses is supported; what is
written follows the order of ECMA-376's schema, which Excel insists on.

Text always goes to the shared-string table, so a cell's text is never a formula; text starting
with ``= + - @`` also gets ``quotePrefix`` so that editing it in Excel keeps it text. Formulas are
written without cached values and the workbook asks to be recalculated on load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from officegen.office.reprozip import PreparedEntry, build_time, write_prepared_zip
from officegen.office.xmltext import INVALID_XML

MAX_CELL = 32767  # characters a cell holds; Excel truncates longer text, openpyxl silently
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ESCAPE_ATTR = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def text_xml(value: str) -> str:
    return INVALID_XML.sub("", value).translate(_ESCAPE)


def attr_xml(value: str) -> str:
    return INVALID_XML.sub("", value).translate(_ESCAPE_ATTR)


_LETTERS: list[str] = [""]
_FORMULA_START = ("=", "+", "-", "@")


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA (cached: a sheet asks for the same few thousand letters again and again)."""
    while len(_LETTERS) <= col:
        n, name = len(_LETTERS), ""
        while n:
            n, rem = divmod(n - 1, 26)
            name = chr(65 + rem) + name
        _LETTERS.append(name)
    return _LETTERS[col]


def quote_sheetname(title: str) -> str:
    """A sheet name as a formula refers to it: quoted unless it is a plain word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", title) and not re.fullmatch(r"[A-Za-z]{1,3}[0-9]+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


# -- styles ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Font:
    bold: bool = False
    size: float = 11
    color: str | None = None  # RRGGBB


@dataclass(frozen=True)
class Fill:
    """A solid fill (fgColor and bgColor alike: Excel reads one, LibreOffice the other)."""

    rgb: str


@dataclass(frozen=True)
class Border:
    """A thin border on all four sides."""

    color: str


@dataclass(frozen=True)
class Alignment:
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    rotation: int = 0


@dataclass(frozen=True)
class Style:
    font: Font = Font()
    fill: Fill | None = None
    border: Border | None = None
    alignment: Alignment | None = None


PLAIN = Style()


def _rgb(value: str) -> str:
    return value if len(value) == 8 else "FF" + value


class Styles:
    """The workbook's cell formats (``cellXfs``) and differential formats (``dxfs``), deduplicated."""

    def __init__(self, font_name: str, charset: int | None):
        self.font_name = font_name
        self.charset = charset
        self.fonts: dict[Font, int] = {Font(): 0}
        self.fills: dict[Fill | None, int] = {None: 0}  # 1 is the reserved gray125
        self.borders: dict[Border | None, int] = {None: 0}
        self.xfs: dict[tuple, int] = {}
        self._by_id: dict[tuple[int, bool], int] = {}  # (id(style), quote) -> xf: styles are few and long-lived
        self._keep: list[Style] = []
        self.dxfs: list[str] = []
        self.xf(PLAIN)

    def xf(self, style: Style, quote: bool = False) -> int:
        key = (id(style), quote)
        found = self._by_id.get(key)
        if found is not None:
            return found
        font = self.fonts.setdefault(style.font, len(self.fonts))
        fill = self.fills.setdefault(style.fill, len(self.fills) + 1) if style.fill else 0
        border = self.borders.setdefault(style.border, len(self.borders)) if style.border else 0
        index = self.xfs.setdefault((font, fill, border, style.alignment, quote), len(self.xfs))
        self._keep.append(style)  # its id stays valid
        self._by_id[key] = index
        return index

    def dxf(self, font: Font | None = None, fill: Fill | None = None) -> int:
        """A differential format (what a conditional format applies): its id."""
        parts = []
        if font is not None:
            parts.append(
                "<font>"
                + ("<b/>" if font.bold else "")
                + (f'<color rgb="{_rgb(font.color)}"/>' if font.color else "")
                + "</font>"
            )
        if fill is not None:
            rgb = _rgb(fill.rgb)
            parts.append(
                f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/><bgColor rgb="{rgb}"/>'
                "</patternFill></fill>"
            )
        self.dxfs.append("<dxf>" + "".join(parts) + "</dxf>")
        return len(self.dxfs) - 1

    def _font_xml(self, font: Font) -> str:
        size = int(font.size) if font.size == int(font.size) else font.size
        return (
            "<font>"
            + ("<b/>" if font.bold else "")
            + f'<sz val="{size}"/>'
            + (f'<color rgb="{_rgb(font.color)}"/>' if font.color else "")
            + f'<name val="{attr_xml(self.font_name)}"/><family val="2"/>'
            + (f'<charset val="{self.charset}"/>' if self.charset is not None else "")
            + "</font>"
        )

    def xml(self) -> str:
        fonts = "".join(self._font_xml(f) for f in self.fonts)
        fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
        fills += [
            f'<fill><patternFill patternType="solid"><fgColor rgb="{_rgb(f.rgb)}"/><bgColor rgb="{_rgb(f.rgb)}"/>'
            "</patternFill></fill>"
            for f in self.fills
            if f is not None
        ]
        borders = ["<border><left/><right/><top/><bottom/><diagonal/></border>"]
        for b in self.borders:
            if b is not None:
                side = f'style="thin"><color rgb="{_rgb(b.color)}"/>'
                borders.append(
                    f"<border><left {side}</left><right {side}</right><top {side}</top>"
                    f"<bottom {side}</bottom><diagonal/></border>"
                )
        xfs = []
        for font, fill, border, alignment, quote in self.xfs:
            attrs = f'numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
            attrs += ' applyFont="1"' if font else ""
            attrs += ' applyFill="1"' if fill else ""
            attrs += ' applyBorder="1"' if border else ""
            attrs += ' quotePrefix="1"' if quote else ""
            if alignment is None:
                xfs.append(f"<xf {attrs}/>")
                continue
            align = ""
            if alignment.horizontal:
                align += f' horizontal="{alignment.horizontal}"'
            if alignment.vertical:
                align += f' vertical="{alignment.vertical}"'
            if alignment.rotation:
                align += f' textRotation="{alignment.rotation}"'
            if alignment.wrap:
                align += ' wrapText="1"'
            xfs.append(f'<xf {attrs} applyAlignment="1"><alignment{align}/></xf>')
        dxfs = f'<dxfs count="{len(self.dxfs)}">{"".join(self.dxfs)}</dxfs>' if self.dxfs else '<dxfs count="0"/>'
        return (
            f"{_HEAD}<styleSheet {_NS}>"
            f'<fonts count="{len(self.fonts)}">{fonts}</fonts>'
            f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
            f'<borders count="{len(borders)}">{"".join(borders)}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            f'{dxfs}<tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
            'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
        )


# -- sheets ---------------------------------------------------------------------------------------------


class SharedStrings:
    def __init__(self):
        self.index: dict[str, int] = {}
        self.count = 0

    def add(self, value: str) -> int:
        self.count += 1
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.index)
        return found

    def pieces(self) -> Iterator[bytes]:
        yield (f'{_HEAD}<sst {_NS} count="{self.count}" uniqueCount="{len(self.index)}">').encode()
        chunk: list[str] = []
        for value in self.index:
            chunk.append(
                f'<si><t xml:space="preserve">{text_xml(value)}</t></si>'
                if value[:1].isspace() or value[-1:].isspace()
                else f"<si><t>{text_xml(value)}</t></si>"
            )
            if len(chunk) >= 4096:
                yield "".join(chunk).encode()
                chunk.clear()
        chunk.append("</sst>")
        yield "".join(chunk).encode()


class Sheet:
    """One worksheet. Cells are rendered as they are set; a cell set twice keeps the last value."""

    def __init__(self, book: Workbook, title: str):
        self.book = book
        self._xf: dict[tuple[int, bool], int] = {}  # (id(style), quote prefix) -> xf index, for the hot setters
        self._tails: dict[tuple[str, int], str] = {}  # (text, id(style)) -> the cell's XML after its reference
        self._strings = book.strings.index
        self.title = title
        self.hidden = False
        self._rows: dict[int, dict[int, str]] = {}
        self._heights: dict[int, float] = {}
        self._outline: dict[int, int] = {}
        self._widths: dict[int, float] = {}
        self._merges: list[str] = []
        self._conditional: list[tuple[str, list[str]]] = []
        self._validations: list[str] = []
        self.freeze: str | None = None  # the top-left cell that scrolls, e.g. "C4"
        self.autofilter: str | None = None
        self.print_title_rows: str | None = None  # "1:3"
        self.print_title_cols: str | None = None  # "A:B"
        self.print_area: str | None = None  # "A1:Z100"
        self.landscape = False
        self.paper_size: int | None = None
        self.fit_to_width: int | None = None  # pages wide (height unlimited)
        self.summary_below = True

    # -- cells ----------------------------------------------------------------------------------------
    def _row(self, row: int) -> dict[int, str]:
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = {}
        return cells

    # the three setters below are the writer's hot path (tens of thousands of calls): inlined by hand
    def text(self, row: int, col: int, value: str, style: Style = PLAIN) -> None:
        """Text, stored as text whatever it starts with (``=1+1`` is not a formula)."""
        tail = self._tails.get((value, id(style)))
        if tail is None:
            tail = self._tail(value, style)
        self.book.strings.count += 1
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = {}
        cells[col] = f'<c r="{_LETTERS[col] if col < len(_LETTERS) else column_letter(col)}{row}"{tail}'

    def _tail(self, value: str, style: Style) -> str:
        """What follows a text cell's reference: its format and shared-string index (the same for
        every cell with this text and style, so it is made once)."""
        key = (value, id(style))
        if len(value) > MAX_CELL:
            value = value[: MAX_CELL - 1] + "…"
        quote = value[:1] in _FORMULA_START
        xf = self.book.styles.xf(style, quote)
        strings = self._strings
        index = strings.get(value)
        if index is None:
            index = strings[value] = len(strings)
        tail = self._tails[key] = f' s="{xf}" t="s"><v>{index}</v></c>' if xf else f' t="s"><v>{index}</v></c>'
        return tail

    def number(self, row: int, col: int, value: int | float, style: Style = PLAIN) -> None:
        xf = self.book.styles.xf(style)
        ref = column_letter(col) + str(row)
        self._row(row)[col] = f'<c r="{ref}" s="{xf}"><v>{value}</v></c>' if xf else f'<c r="{ref}"><v>{value}</v></c>'

    def formula(self, row: int, col: int, formula: str, style: Style = PLAIN) -> None:
        """A formula (without the leading ``=``), calculated when the workbook is opened."""
        xf = self._xf.get((id(style), False))
        if xf is None:
            xf = self._xf[(id(style), False)] = self.book.styles.xf(style)
        ref = (_LETTERS[col] if col < len(_LETTERS) else column_letter(col)) + str(row)
        body = formula.translate(_ESCAPE) if "&" in formula or "<" in formula or ">" in formula else formula
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = {}
        cells[col] = f'<c r="{ref}" s="{xf}"><f>{body}</f></c>' if xf else f'<c r="{ref}"><f>{body}</f></c>'

    def blank(self, row: int, col: int, style: Style) -> None:
        """An empty cell that shows a format (a fill, a border)."""
        self._row(row)[col] = f'<c r="{column_letter(col)}{row}" s="{self.book.styles.xf(style)}"/>'

    # -- rows, columns, ranges -----------------------------------------------------------------------
    def row_height(self, row: int, points: float) -> None:
        self._heights[row] = points

    def row_outline(self, row: int, level: int) -> None:
        self._outline[row] = level

    def column_width(self, col: int, width: float) -> None:
        self._widths[col] = width

    def width_of(self, col: int) -> float:
        """The width given to ``col`` (Excel's default, 8.43, when none was)."""
        return self._widths.get(col, 8.43)

    def merge(self, ref: str) -> None:
        self._merges.append(ref)

    def conditional(self, ref: str, rule: str) -> None:
        """Add a ``cfRule`` (``{priority}`` in it is filled in with its place in the workbook)."""
        for existing, rules in self._conditional:
            if existing == ref:
                rules.append(rule)
                return
        self._conditional.append((ref, [rule]))

    def validation(
        self,
        ref: str,
        formula1: str,
        *,
        error_title: str = "",
        error: str = "",
        prompt_title: str = "",
        prompt: str = "",
    ) -> None:
        """A dropdown (list validation) over ``ref`` whose values are the range ``formula1``."""
        attrs = 'type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"'
        for name, value in (
            ("errorTitle", error_title),
            ("error", error),
            ("promptTitle", prompt_title),
            ("prompt", prompt),
        ):
            if value:
                attrs += f' {name}="{attr_xml(value)}"'
        self._validations.append(
            f'<dataValidation {attrs} sqref="{ref}"><formula1>{text_xml(formula1)}</formula1></dataValidation>'
        )

    # -- XML --------------------------------------------------------------------------------------------
    def _dimension(self) -> str:
        if not self._rows:
            return "A1"
        rows = [r for r, cells in self._rows.items() if cells]
        cols = (
            [c for cells in self._rows.values() for c in cells]
            if len(self._rows) < 64
            else [max(cells) for cells in self._rows.values() if cells]
            + [min(cells) for cells in self._rows.values() if cells]
        )
        return f"{column_letter(min(cols))}{min(rows)}:{column_letter(max(cols))}{max(rows)}"

    def _views(self, selected: bool) -> str:
        tab = ' tabSelected="1"' if selected else ""
        if not self.freeze:
            return f'<sheetViews><sheetView{tab} workbookViewId="0"/></sheetViews>'
        col = self.freeze.rstrip("0123456789")
        row = int(self.freeze[len(col) :])
        x = _column_number(col) - 1
        y = row - 1
        split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
        pane = "bottomRight" if x and y else ("bottomLeft" if y else "topRight")
        selections = ""
        if x and y:
            selections = '<selection pane="topRight"/><selection pane="bottomLeft"/>'
        selections += f'<selection pane="{pane}" activeCell="{self.freeze}" sqref="{self.freeze}"/>'
        return (
            f'<sheetViews><sheetView{tab} workbookViewId="0"><pane{split} topLeftCell="{self.freeze}" '
            f'activePane="{pane}" state="frozen"/>{selections}</sheetView></sheetViews>'
        )

    def _cols(self) -> str:
        if not self._widths:
            return ""
        out: list[list[float]] = []
        run: list[float] | None = None
        for col in sorted(self._widths):
            width = self._widths[col]
            if run and run[1] == col - 1 and run[2] == width:
                run[1] = col
            else:
                if run:
                    out.append(run)
                run = [col, col, width]
        if run:
            out.append(run)
        return (
            "<cols>"
            + "".join(f'<col min="{a}" max="{b}" width="{_num(w)}" customWidth="1"/>' for a, b, w in out)
            + "</cols>"
        )

    def pieces(self, selected: bool) -> Iterator[bytes]:
        """The sheet's XML in pieces (a large sheet is never one string)."""
        priorities = iter(range(1, 1 << 30))  # conditional formats apply in the order they were added
        sheet_pr = ""
        if not self.summary_below:
            sheet_pr += '<outlinePr summaryBelow="0"/>'
        if self.fit_to_width is not None:
            sheet_pr += '<pageSetUpPr fitToPage="1"/>'
        outline = max(self._outline.values(), default=0)
        head = (
            f"{_HEAD}<worksheet {_NS} {_NS_R}>"
            + (f"<sheetPr>{sheet_pr}</sheetPr>" if sheet_pr else "")
            + f'<dimension ref="{self._dimension()}"/>{self._views(selected)}'
            + '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"'
            + (f' outlineLevelRow="{outline}"' if outline else "")
            + "/>"
            + self._cols()
            + "<sheetData>"
        )
        yield head.encode()
        heights, levels = self._heights, self._outline
        rows = sorted(set(self._rows) | set(heights) | set(levels))
        chunk: list[str] = []
        for r in rows:
            attrs = f'<row r="{r}"'
            height = heights.get(r)
            if height is not None:
                attrs += f' ht="{_num(height)}" customHeight="1"'
            level = levels.get(r)
            if level:
                attrs += f' outlineLevel="{level}"'
            cells = self._rows.get(r)
            if cells:
                chunk.append(attrs + ">" + "".join(cells[c] for c in sorted(cells)) + "</row>")
            else:
                chunk.append(attrs + "/>")
            if len(chunk) >= 512:
                yield "".join(chunk).encode()
                chunk.clear()
        chunk.append("</sheetData>")
        if self.autofilter:
            chunk.append(f'<autoFilter ref="{self.autofilter}"/>')
        if self._merges:
            chunk.append(
                f'<mergeCells count="{len(self._merges)}">'
                + "".join(f'<mergeCell ref="{m}"/>' for m in self._merges)
                + "</mergeCells>"
            )
        for ref, rules in self._conditional:
            chunk.append(
                f'<conditionalFormatting sqref="{ref}">'
                + "".join(rule.replace("{priority}", str(next(priorities))) for rule in rules)
                + "</conditionalFormatting>"
            )
        if self._validations:
            chunk.append(
                f'<dataValidations count="{len(self._validations)}">{"".join(self._validations)}</dataValidations>'
            )
        chunk.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>')
        setup = ""
        if self.landscape:
            setup += ' orientation="landscape"'
        if self.paper_size:
            setup += f' paperSize="{self.paper_size}"'
        if self.fit_to_width is not None:
            setup += f' fitToWidth="{self.fit_to_width}" fitToHeight="0"'
        if setup:
            chunk.append(f"<pageSetup{setup}/>")
        chunk.append("</worksheet>")
        yield "".join(chunk).encode()

    def defined_names(self, index: int) -> list[str]:
        name = quote_sheetname(self.title)
        out = []
        if self.autofilter:
            out.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                f"{text_xml(name)}!{_absolute(self.autofilter)}</definedName>"
            )
        titles = []
        if self.print_title_cols:
            a, b = self.print_title_cols.split(":")
            titles.append(f"{name}!${a}:${b}")
        if self.print_title_rows:
            a, b = self.print_title_rows.split(":")
            titles.append(f"{name}!${a}:${b}")
        if titles:
            out.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                f"{text_xml(','.join(titles))}</definedName>"
            )
        if self.print_area:
            out.append(
                f'<definedName name="_xlnm.Print_Area" localSheetId="{index}">'
                f"{text_xml(name)}!{_absolute(self.print_area)}</definedName>"
            )
        return out


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _absolute(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(round(value, 6))


# -- the workbook --------------------------------------------------------------------------------------------


@dataclass
class Properties:
    title: str = ""
    subject: str = ""
    creator: str = ""
    language: str = ""


def _theme_colour(name: str, rgb: str) -> str:
    return f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>'


def _theme_fonts(kind: str, latin: str, hans: str) -> str:
    return (
        f'<a:{kind}><a:latin typeface="{latin}"/><a:ea typeface=""/><a:cs typeface=""/>'
        f'<a:font script="Hans" typeface="{hans}"/></a:{kind}>'
    )


#: Office's default theme, reduced to what the schema asks (colours, fonts, three styles each).
#: Cells name their fonts and colours outright; Excel writes a theme in every workbook and strict
#: validators require one, and Excel and WPS use its fonts for what cells do not name (Hans: 等线).
_THEME = (
    f'{_HEAD}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme">'
    '<a:themeElements><a:clrScheme name="Office">'
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    + "".join(
        _theme_colour(name, rgb)
        for name, rgb in (
            ("dk2", "44546A"),
            ("lt2", "E7E6E6"),
            ("accent1", "4472C4"),
            ("accent2", "ED7D31"),
            ("accent3", "A5A5A5"),
            ("accent4", "FFC000"),
            ("accent5", "5B9BD5"),
            ("accent6", "70AD47"),
            ("hlink", "0563C1"),
            ("folHlink", "954F72"),
        )
    )
    + '</a:clrScheme><a:fontScheme name="Office">'
    + _theme_fonts("majorFont", "Calibri Light", "等线 Light")
    + _theme_fonts("minorFont", "Calibri", "等线")
    + '</a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>'
    + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3
    + "</a:fillStyleLst><a:lnStyleLst>"
    + '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>' * 3
    + "</a:lnStyleLst><a:effectStyleLst>"
    + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
    + "</a:effectStyleLst><a:bgFillStyleLst>"
    + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3
    + "</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"
)


class Workbook:
    """Sheets in order; the first is the active one. Every cell's font is ``font_name``."""

    def __init__(self, font_name: str, charset: int | None = None):
        self.styles = Styles(font_name, charset)
        self.strings = SharedStrings()
        self.sheets: list[Sheet] = []
        self.properties = Properties()

    def sheet(self, title: str, index: int | None = None) -> Sheet:
        sheet = Sheet(self, title)
        self.sheets.insert(len(self.sheets) if index is None else index, sheet)
        return sheet

    def save(self, fh: BinaryIO, when: datetime | None = None) -> None:
        """Write the package to the binary file ``fh``; every timestamp is ``when`` (default: build time)."""
        when = when or build_time()
        entries = [
            PreparedEntry("[Content_Types].xml", self._content_types().encode()),
            PreparedEntry("_rels/.rels", self._root_rels().encode()),
            PreparedEntry("docProps/app.xml", self._app().encode()),
            PreparedEntry("docProps/core.xml", self._core(when).encode()),
            PreparedEntry("xl/workbook.xml", self._workbook().encode()),
            PreparedEntry("xl/_rels/workbook.xml.rels", self._workbook_rels().encode()),
        ]
        for i, sheet in enumerate(self.sheets):
            entries.append(PreparedEntry(f"xl/worksheets/sheet{i + 1}.xml", sheet.pieces(i == 0)))
        entries.append(PreparedEntry("xl/theme/theme1.xml", _THEME.encode()))
        entries.append(PreparedEntry("xl/styles.xml", self.styles.xml().encode()))
        entries.append(PreparedEntry("xl/sharedStrings.xml", self.strings.pieces()))
        write_prepared_zip(fh, entries, when)

    def _content_types(self) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(self.sheets))
        )
        return (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{sheets}"
            '<Override PartName="/xl/theme/theme1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.theme+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/'
            'vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
        )

    @staticmethod
    def _root_rels() -> str:
        return (
            f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        )

    def _workbook_rels(self) -> str:
        n = len(self.sheets)
        sheets = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(n)
        )
        return (
            f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{sheets}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId{n + 3}" Type="{_REL}/theme" Target="theme/theme1.xml"/>'
            "</Relationships>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name="{attr_xml(s.title)}" sheetId="{i + 1}"'
            + (' state="hidden"' if s.hidden else "")
            + f' r:id="rId{i + 1}"/>'
            for i, s in enumerate(self.sheets)
        )
        names = [name for i, s in enumerate(self.sheets) for name in s.defined_names(i)]
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            f"{_HEAD}<workbook {_NS} {_NS_R}><workbookPr/>"
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets>{sheets}</sheets>{defined}<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
        )

    def _app(self) -> str:
        return (
            f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>officegen</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>1.0</AppVersion></Properties>"
        )

    def _core(self, when: datetime) -> str:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        p = self.properties
        return (
            f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{text_xml(p.title)}</dc:title><dc:subject>{text_xml(p.subject)}</dc:subject>"
            f"<dc:creator>{text_xml(p.creator)}</dc:creator><cp:lastModifiedBy>{text_xml(p.creator)}"
            f"</cp:lastModifiedBy><dc:language>{text_xml(p.language)}</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
        )
