"""The change log (.xlsx): a summary sheet, every change on one sheet, then one sheet per kind.

Each change is a row (Action, Kind, Id, Name, Field, Old, New, then the old id and the
language of the texts; a RACI row names the role), with a filter on the header row and the
header frozen, so a reviewer can filter "Move" or one department's roles. Text is stored as
text: a name starting with ``=`` stays a name, never a formula.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties

from officegen.compare.changes import ACTIONS, FIGURES, KINDS, Change, Comparison
from officegen.compare.labels import field_label, labels
from officegen.office.atomic import write_with
from officegen.office.fonts import LATIN_FONT, east_asian_font
from officegen.office.reprozip import build_time, save_reproducible
from officegen.office.textwidth import cell_width, wrap

MAX_CELL = 32767  # what a cell holds; Excel cuts longer text
WIDEST = 50  # column units: longer text wraps
LINE_PT = 15  # a line of 11-point text, CJK fonts included
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2", bgColor="D9E1F2")
_FILLS = {
    action: PatternFill("solid", fgColor=colour, bgColor=colour)
    for action, colour in (("add", "E2EFDA"), ("delete", "FCE4D6"), ("move", "DDEBF7"), ("change", "FFF2CC"))
}
_WRAP = Alignment(vertical="top", wrap_text=True)


def _text(cell, value: str) -> None:
    """Store ``value`` as text, never as a formula, whatever it starts with (as the RACI workbook does)."""
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - 1] + "…"
    cell.value = value
    if value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"
        cell.quotePrefix = True


def _value(v) -> str | int | float | None:
    if v is None:
        return None
    if isinstance(v, tuple):
        return "\n".join(v)
    return v


class _Log:
    def __init__(self, cmp: Comparison, old_source: str, new_source: str):
        self.cmp = cmp
        self.w = labels(cmp.new.lang)
        self.sources = (old_source, new_source)
        self.wb = Workbook()

    def columns(self, kind: str | None) -> list[str]:
        w = self.w
        head = [
            w["col.action"],
            w["col.kind"],
            w["col.id"],
            w["col.name"],
            w["col.field"],
            w["col.old"],
            w["col.new"],
            w["col.old_id"],
        ]
        if kind == "raci":
            return head + [w["col.role_id"]]
        return head + [w["col.lang"]]

    def row(self, c: Change) -> list:
        w = self.w
        if c.kind == "raci":
            field = f"{c.role_name} ({c.role})" if c.role_name else (c.role or "")
            return [w[c.action], w[f"k.{c.kind}"], c.id, c.name, field, c.old or "", c.new or "", c.old_id, c.role]
        field = field_label(w, c.kind, c.field) if c.field else ""
        old, new = _value(c.old), _value(c.new)
        if c.old_name and isinstance(c.old, str):
            old = f"{c.old_name} ({c.old})"
        if c.new_name and isinstance(c.new, str):
            new = f"{c.new_name} ({c.new})"
        return [w[c.action], w[f"k.{c.kind}"], c.id, c.name, field, old, new, c.old_id, c.lang]

    def sheet(self, title: str, kind: str | None, changes) -> None:
        ws = self.wb.create_sheet(title)
        header = self.columns(kind)
        for col, name in enumerate(header, start=1):
            cell = ws.cell(1, col)
            _text(cell, name)
            cell.font, cell.fill = _BOLD, _HEAD_FILL
        rows = [(c.action, self.row(c)) for c in changes]
        widths = [cell_width(h) + 4 for h in header]  # room for the filter button
        for _, values in rows:
            for i, value in enumerate(values):
                if isinstance(value, str) and value:
                    widths[i] = max(widths[i], max(cell_width(x) for x in value.split("\n")))
        widths = [min(w * 1.1 + 2, WIDEST) for w in widths]
        for r, (action, values) in enumerate(rows, start=2):
            lines = 1
            for col, value in enumerate(values, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(r, col)
                if isinstance(value, str):
                    _text(cell, value)
                    lines = max(lines, len(wrap(value, widths[col - 1] - 1, cell_width)))
                else:
                    cell.value = value
                cell.alignment = _WRAP
            ws.cell(r, 1).fill = _FILLS[action]
            if lines > 1:
                ws.row_dimensions[r].height = min(lines, 400 // LINE_PT) * LINE_PT
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 2)}"
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        _one_page_wide(ws, "landscape")

    def summary(self) -> None:
        ws = self.wb.active
        w, cmp = self.w, self.cmp
        ws.title = w["summary"]
        _text(ws.cell(1, 1), w["title"])
        ws.cell(1, 1).font = _TITLE
        for i, (label, source, org) in enumerate(
            ((w["old"], self.sources[0], cmp.old), (w["new"], self.sources[1], cmp.new)), start=2
        ):
            _text(ws.cell(i, 1), label)
            ws.cell(i, 1).font = _BOLD
            _text(ws.cell(i, 2), source)
            _text(ws.cell(i, 3), org.name)
        row = 5
        if not cmp.changed:
            _text(ws.cell(row, 1), w["no_changes"])
            row += 2
        # changes by kind and action
        self.head(ws, row, ["", *(w[a] for a in ACTIONS)])
        counts = cmp.counts()
        for kind in KINDS:
            row += 1
            _text(ws.cell(row, 1), w[kind])
            for col, action in enumerate(ACTIONS, start=2):
                ws.cell(row, col, counts[kind][action])
        row += 2
        # totals
        self.head(ws, row, [w["totals"], w["old"], w["new"], w["delta"]])
        for name in FIGURES:
            row += 1
            before, after = getattr(cmp.before, name), getattr(cmp.after, name)
            _text(ws.cell(row, 1), w[f"t.{name}"])
            ws.cell(row, 2, before)
            ws.cell(row, 3, after)
            ws.cell(row, 4, round(after - before, 2))
            if after != before:
                ws.cell(row, 4).font = _BOLD
        if cmp.headcount:
            row += 2
            self.head(
                ws,
                row,
                [
                    w["headcount_by_dept"],
                    w["col.id"],
                    f"{w['planned']} · {w['old']}",
                    f"{w['planned']} · {w['new']}",
                    f"{w['filled']} · {w['old']}",
                    f"{w['filled']} · {w['new']}",
                ],
            )
            for h in cmp.headcount:
                row += 1
                _text(ws.cell(row, 1), h.name)
                _text(ws.cell(row, 2), h.id)
                for col, v in enumerate((h.old_planned, h.new_planned, h.old_filled, h.new_filled), start=3):
                    ws.cell(row, col, v)
        if cmp.findings:
            row += 2
            self.head(ws, row, [w["findings"], w["col.id"], w["col.code"]])
            for f in cmp.findings:
                row += 1
                _text(ws.cell(row, 1), f.name)
                _text(ws.cell(row, 2), f.activity)
                _text(ws.cell(row, 3), w[f"c.{f.code}"].format(roles=", ".join(f.roles), n=len(f.roles)))
        if cmp.load:
            row += 2
            self.head(ws, row, [w["load"], w["col.id"], f"A+R · {w['old']}", f"A+R · {w['new']}", w["delta"]])
            for s in cmp.load:
                row += 1
                _text(ws.cell(row, 1), s.name)
                _text(ws.cell(row, 2), s.role)
                ws.cell(row, 3, s.old)
                ws.cell(row, 4, s.new)
                ws.cell(row, 5, s.delta)
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 24
        ws.column_dimensions["C"].width = 24
        for letter in "DEF":
            ws.column_dimensions[letter].width = 14
        _one_page_wide(ws, "portrait")

    @staticmethod
    def head(ws, row: int, names: list[str]) -> None:
        for col, name in enumerate(names, start=1):
            cell = ws.cell(row, col)
            if name:
                _text(cell, name)
            cell.font, cell.fill = _BOLD, _HEAD_FILL

    def build(self) -> Workbook:
        w, cmp = self.w, self.cmp
        self.summary()
        self.sheet(w["all"], None, cmp.changes)
        for kind in KINDS:
            self.sheet(w[kind], kind, cmp.of(kind))
        when = build_time().replace(tzinfo=None)
        props = self.wb.properties
        props.title = f"{cmp.new.name} — {w['title']}"[:255]
        props.subject = w["subject"]
        props.creator = props.lastModifiedBy = "officegen"
        props.created = props.modified = when
        props.language = cmp.new.lang
        _name_fonts(self.wb, cmp.new.lang)
        return self.wb


def _one_page_wide(ws, orientation: str) -> None:
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _name_fonts(wb: Workbook, lang: str) -> None:
    """Every cell font named explicitly (not the theme's), the East Asian one for Chinese (its
    GB2312 charset), so Excel, WPS and LibreOffice all pick a Chinese face."""
    name = east_asian_font(lang) if lang == "zh-CN" else LATIN_FONT
    named = []
    for font in wb._fonts:
        font = copy(font)
        font.name, font.scheme, font.family = name, None, 2
        font.charset = 134 if lang == "zh-CN" else None
        named.append(font)
    wb._fonts = IndexedList(named)


def build_change_log(cmp: Comparison, old_source: str = "OLD", new_source: str = "NEW") -> Workbook:
    """The change-log workbook in memory (not saved)."""
    return _Log(cmp, old_source, new_source).build()


def save_change_log(cmp: Comparison, path: str | Path, old_source: str = "OLD", new_source: str = "NEW") -> None:
    """Save the change log to ``path`` reproducibly (not atomically: see :func:`write_change_log`)."""
    wb = build_change_log(cmp, old_source, new_source)
    save_reproducible(wb.save, Path(path))


def write_change_log(cmp: Comparison, target: str | Path, old_source: str = "OLD", new_source: str = "NEW") -> Path:
    """Write the change log to ``target`` atomically and reproducibly."""
    return write_with(target, lambda tmp: save_change_log(cmp, tmp, old_source, new_source))
