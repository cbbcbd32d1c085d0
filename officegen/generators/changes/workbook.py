"""The change log (.xlsx): a summary sheet, every change on one sheet, then one sheet per kind.

Each change is a row (Action, Kind, Id, Name, Field, Old, New, then the old id and the
language of the texts; a RACI row names the role), with a filter on the header row and the
header frozen, so a reviewer can filter "Move" or one department's roles. Text is stored as
text: a name starting with ``=`` stays a name, never a formula.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from officegen.compare.changes import ACTIONS, FIGURES, KINDS, Change, Comparison
from officegen.compare.labels import field_label, labels
from officegen.i18n import is_chinese
from officegen.office import xlsx
from officegen.office.atomic import write_bytes
from officegen.office.fonts import LATIN_FONT, east_asian_font
from officegen.office.reprozip import build_time
from officegen.office.textwidth import cell_width, wrap
from officegen.office.xlsx import Alignment, Fill, Font, Style

WIDEST = 50  # column units: longer text wraps
LINE_PT = 15  # a line of 11-point text, CJK fonts included
_WRAP = Alignment(vertical="top", wrap=True)
_CELL = Style(alignment=_WRAP)
_BOLD = Style(font=Font(bold=True))
_TITLE = Style(font=Font(bold=True, size=14))
_HEAD = Style(font=Font(bold=True), fill=Fill("D9E1F2"))
_CHANGED = Style(font=Font(bold=True))
_ACTION = {
    action: Style(fill=Fill(colour), alignment=_WRAP)
    for action, colour in (("add", "E2EFDA"), ("delete", "FCE4D6"), ("move", "DDEBF7"), ("change", "FFF2CC"))
}


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
        zh = is_chinese(cmp.new.lang)
        # every cell's font named (never the theme's), the East Asian one with its GB2312 charset for Chinese
        self.wb = xlsx.Workbook(east_asian_font(cmp.new.lang) if zh else LATIN_FONT, charset=134 if zh else None)

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
        ws = self.wb.sheet(title)
        header = self.columns(kind)
        self.head(ws, 1, header)
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
                style = _ACTION[action] if col == 1 else _CELL
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    ws.text(r, col, value, style)
                    lines = max(lines, len(wrap(value, widths[col - 1] - 1, cell_width)))
                else:
                    ws.number(r, col, value, style)
            if lines > 1:
                ws.row_height(r, min(lines, 400 // LINE_PT) * LINE_PT)
        for col, width in enumerate(widths, start=1):
            ws.column_width(col, width)
        ws.autofilter = f"A1:{xlsx.column_letter(len(header))}{max(len(rows) + 1, 2)}"
        ws.freeze = "A2"
        ws.print_title_rows = "1:1"
        ws.landscape = True
        ws.fit_to_width = 1

    def summary(self) -> None:
        w, cmp = self.w, self.cmp
        ws = self.wb.sheet(w["summary"])
        ws.text(1, 1, w["title"], _TITLE)
        for i, (label, source, org) in enumerate(
            ((w["old"], self.sources[0], cmp.old), (w["new"], self.sources[1], cmp.new)), start=2
        ):
            ws.text(i, 1, label, _BOLD)
            ws.text(i, 2, source)
            ws.text(i, 3, org.name)
        row = 5
        if not cmp.changed:
            ws.text(row, 1, w["no_changes"], _BOLD)
            row += 2
        # changes by kind and action
        self.head(ws, row, ["", *(w[a] for a in ACTIONS)])
        counts = cmp.counts()
        for kind in KINDS:
            row += 1
            ws.text(row, 1, w[kind])
            for col, action in enumerate(ACTIONS, start=2):
                ws.number(row, col, counts[kind][action])
        row += 2
        # totals
        self.head(ws, row, [w["totals"], w["old"], w["new"], w["delta"]])
        for name in FIGURES:
            row += 1
            before, after = getattr(cmp.before, name), getattr(cmp.after, name)
            ws.text(row, 1, w[f"t.{name}"])
            ws.number(row, 2, before)
            ws.number(row, 3, after)
            ws.number(row, 4, round(after - before, 2), _CHANGED if after != before else xlsx.PLAIN)
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
                ws.text(row, 1, h.name)
                ws.text(row, 2, h.id)
                for col, v in enumerate((h.old_planned, h.new_planned, h.old_filled, h.new_filled), start=3):
                    ws.number(row, col, v)
        if cmp.findings:
            row += 2
            self.head(ws, row, [w["findings"], w["col.id"], w["col.code"]])
            for f in cmp.findings:
                row += 1
                ws.text(row, 1, f.name)
                ws.text(row, 2, f.activity)
                ws.text(row, 3, w[f"c.{f.code}"].format(roles=", ".join(f.roles), n=len(f.roles)))
        if cmp.load:
            row += 2
            self.head(ws, row, [w["load"], w["col.id"], f"A+R · {w['old']}", f"A+R · {w['new']}", w["delta"]])
            for s in cmp.load:
                row += 1
                ws.text(row, 1, s.name)
                ws.text(row, 2, s.role)
                ws.number(row, 3, s.old)
                ws.number(row, 4, s.new)
                ws.number(row, 5, s.delta)
        for col, width in enumerate((28, 24, 24, 14, 14, 14), start=1):
            ws.column_width(col, width)
        ws.fit_to_width = 1

    @staticmethod
    def head(ws: xlsx.Sheet, row: int, names: list[str]) -> None:
        for col, name in enumerate(names, start=1):
            if name:
                ws.text(row, col, name, _HEAD)
            else:
                ws.blank(row, col, _HEAD)

    def build(self) -> xlsx.Workbook:
        w, cmp = self.w, self.cmp
        self.summary()
        self.sheet(w["all"], None, cmp.changes)
        for kind in KINDS:
            self.sheet(w[kind], kind, cmp.of(kind))
        props = self.wb.properties
        props.title = f"{cmp.new.name} — {w['title']}"[:255]
        props.subject = w["subject"]
        props.creator = "officegen"
        props.language = cmp.new.lang
        return self.wb


def build_change_log(cmp: Comparison, old_source: str = "OLD", new_source: str = "NEW") -> xlsx.Workbook:
    """The change-log workbook in memory (not saved)."""
    return _Log(cmp, old_source, new_source).build()


def change_log_bytes(cmp: Comparison, old_source: str = "OLD", new_source: str = "NEW") -> bytes:
    """The change log as the bytes of an .xlsx file, every timestamp the build time (reproducible)."""
    buffer = BytesIO()
    build_change_log(cmp, old_source, new_source).save(buffer, build_time())
    return buffer.getvalue()


def write_change_log(cmp: Comparison, target: str | Path, old_source: str = "OLD", new_source: str = "NEW") -> Path:
    """Write the change log to ``target`` atomically and reproducibly."""
    return write_bytes(target, change_log_bytes(cmp, old_source, new_source))
