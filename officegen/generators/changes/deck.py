"""The change deck (.pptx): what a manager shows to get a re-organisation approved.

Title; a summary of the figures before and after and of the changes by kind; one slide per part
of the chart that changed (a department and its sub-departments, a manager and its team), the
part before on the left and after on the right, each box marked (added, deleted, moved in or
out, changed) and saying what happened; the RACI letters that changed, as a table; the
consequences for accountability and the largest shifts of R+A load.

The chart boxes are laid out by the deck's tidy-tree layout and drawn with its shapes (text
measured and sized explicitly, East Asian fonts, attached elbow connectors), so a changed team
looks the way it does in the organisation deck.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu

from officegen.compare.changes import ACTIONS, FIGURES, KINDS, Comparison
from officegen.compare.labels import labels
from officegen.compare.report import figure_text, one_line
from officegen.generators.changes.parts import ADD, CHANGE, DELETE, MOVE_IN, MOVE_OUT, SAME, Part, Side, changed_parts
from officegen.generators.deck.layout import Box, Metrics, frame, layout
from officegen.generators.deck.shapes import (
    Fonts,
    elbow,
    emu,
    fit_lines,
    outline,
    rgb_fill,
    rounded_box,
    set_text,
    text_box,
)
from officegen.generators.deck.slidexml import NO_FILL, Slide, SlideWriter, Table
from officegen.office.atomic import write_bytes
from officegen.office.reprozip import build_time, rezip
from officegen.office.textwidth import em_width

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.35
TITLE_H = 0.75
CHART_TOP = MARGIN + TITLE_H
LEGEND_H = 0.4
GAP = 0.3  # between the two halves
PANEL_W = (SLIDE_W - 2 * MARGIN - GAP) / 2
PANEL_HEAD = 0.42
PANEL_H = SLIDE_H - CHART_TOP - PANEL_HEAD - LEGEND_H - MARGIN
BOX_W, BOX_H = 1.55, 0.72
MAX_PART_SLIDES = 60
TABLE_ROWS = 12  # rows of changes per RACI slide
MAX_RACI_SLIDES = 20
INK = RGBColor(0x1F, 0x1F, 0x1F)
GREY = RGBColor(0x59, 0x59, 0x59)
LIGHT = RGBColor(0xBF, 0xBF, 0xBF)
#: mark -> (fill, line): green added, red deleted, blue moved, amber changed
COLOURS = {
    ADD: (RGBColor(0xE2, 0xEF, 0xDA), RGBColor(0x38, 0x76, 0x1D)),
    DELETE: (RGBColor(0xFC, 0xE4, 0xD6), RGBColor(0xC0, 0x00, 0x00)),
    MOVE_IN: (RGBColor(0xDD, 0xEB, 0xF7), RGBColor(0x1F, 0x5F, 0xA8)),
    MOVE_OUT: (RGBColor(0xDD, 0xEB, 0xF7), RGBColor(0x1F, 0x5F, 0xA8)),
    CHANGE: (RGBColor(0xFF, 0xF2, 0xCC), RGBColor(0xB0, 0x80, 0x00)),
    SAME: (RGBColor(0xFF, 0xFF, 0xFF), LIGHT),
}
ACTION_FILL = {
    "add": COLOURS[ADD][0],
    "delete": COLOURS[DELETE][0],
    "move": COLOURS[MOVE_IN][0],
    "change": COLOURS[CHANGE][0],
}
METRICS = Metrics(
    box_w=BOX_W,
    box_h=BOX_H,
    h_gap=0.16,
    v_gap=0.36,
    stack_gap=0.14,
    spine_gap=0.12,
    max_cols=int((PANEL_W + 0.16) // (BOX_W + 0.16)),
    max_stack_rows=max(1, int((PANEL_H - BOX_H - 0.36 + 0.14) // (BOX_H + 0.14))),
)


class _Deck:
    def __init__(self, cmp: Comparison, old_source: str, new_source: str, date_text: str | None):
        self.cmp = cmp
        self.w = labels(cmp.new.lang)
        self.sources = (old_source, new_source)
        self.date_text = date_text
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Emu(12192000), Emu(6858000)  # exactly 16:9
        self.prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)
        self.fonts = Fonts(cmp.new.lang, theme=False)
        self.blank = self.prs.slide_layouts[6]
        self.title_layout = self.prs.slide_layouts[0]
        self.writer = SlideWriter(self.prs)

    # -- helpers ------------------------------------------------------------------------------------
    def slide(self, title: str, note: str, layout=None) -> Slide:
        """A slide without the layout's placeholders (the one before is finished)."""
        self.writer.close_all()
        slide = self.writer.add_slide(layout or self.blank)
        if title:
            lines, size = fit_lines(title, SLIDE_W - 2 * MARGIN, (24, 20, 16), 1)
            text_box(
                slide,
                MARGIN,
                MARGIN - 0.05,
                SLIDE_W - 2 * MARGIN,
                TITLE_H,
                [(lines[0], size, True)],
                self.fonts,
                name="title",
                anchor=MSO_ANCHOR.MIDDLE,
            )
        slide.notes(note)
        return slide

    def text(
        self,
        slide,
        x,
        y,
        w,
        h,
        lines: list[tuple[str, float, bool]],
        *,
        name: str,
        align=PP_ALIGN.LEFT,
        color=INK,
        anchor=MSO_ANCHOR.TOP,
    ):
        return text_box(slide, x, y, w, h, lines, self.fonts, name=name, align=align, anchor=anchor, color=color)

    def table(
        self,
        slide,
        x: float,
        y: float,
        widths: list[float],
        rows: list[list[str]],
        *,
        name: str,
        fills: list[RGBColor | None] | None = None,
        size: float = 11,
    ):
        """A native table; the first row is the header. Text fitted to one line of its column."""
        height = 0.34
        table = Table(name, emu(x), emu(y), emu(sum(widths)), emu(height * len(rows)), len(rows), len(widths))
        slide.add(table)
        margin = emu(0.03)
        for i, width in enumerate(widths):
            table.widths[i] = emu(width)
        for r, values in enumerate(rows):
            table.heights[r] = emu(height)
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                lines, fitted = fit_lines(one_line(value) or " ", widths[c] - 0.16, (size, size - 1, 9), 1)
                set_text(
                    cell,
                    [(lines[0], fitted, r == 0)],
                    self.fonts,
                    align=PP_ALIGN.LEFT if c == 0 or not _numeric(value) else PP_ALIGN.RIGHT,
                    color=INK if r else RGBColor(0xFF, 0xFF, 0xFF),
                )
                cell.margins = f' marT="{margin}" marB="{margin}" anchor="ctr"'
                given = fills[r - 1] if r and fills else None
                if given is not None:
                    cell.fill = rgb_fill(given)
                elif r:
                    cell.fill = rgb_fill(RGBColor(0xFF, 0xFF, 0xFF) if r % 2 else RGBColor(0xF2, 0xF2, 0xF2))
        return table

    # -- slides -------------------------------------------------------------------------------------
    def title_slide(self) -> None:
        w, cmp = self.w, self.cmp
        slide = self.slide("", "", self.title_layout)
        lines, size = fit_lines(cmp.new.name, SLIDE_W - 2, (40, 32, 28, 24), 2)
        self.text(
            slide,
            1.0,
            1.9,
            SLIDE_W - 2,
            1.6,
            [(line, size, True) for line in lines],
            name="title",
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.BOTTOM,
        )
        sub = [w["deck.title"], f"{w['old']}: {self.sources[0]}   →   {w['new']}: {self.sources[1]}"]
        if self.date_text:
            sub.append(self.date_text)
        paragraphs = []
        for i, text in enumerate(sub):
            fitted, fsize = fit_lines(one_line(text), SLIDE_W - 3, (24, 20, 16) if i == 0 else (16, 14, 12), 2)
            paragraphs += [(line, fsize, i == 0) for line in fitted]
        self.text(slide, 1.5, 3.7, SLIDE_W - 3, 2.4, paragraphs, name="subtitle", align=PP_ALIGN.CENTER, color=GREY)
        slide.notes("\n".join([cmp.new.name, *sub]))

    def summary_slide(self, parts_left: int, raci_left: int) -> None:
        w, cmp = self.w, self.cmp
        slide = self.slide(w["deck.summary"], "")
        rows = [[w["col.item"], w["old"], w["new"], w["delta"]]]
        fills: list[RGBColor | None] = []
        for name in FIGURES:
            before, after = getattr(cmp.before, name), getattr(cmp.after, name)
            rows.append(
                [
                    w[f"t.{name}"],
                    figure_text(name, before),
                    figure_text(name, after),
                    figure_text(name, after - before, sign=True) if after != before else "",
                ]
            )
            fills.append(COLOURS[CHANGE][0] if after != before else None)
        self.table(slide, MARGIN, CHART_TOP, [2.9, 1.1, 1.1, 1.1], rows, name="figures", fills=fills)
        counts = cmp.counts()
        rows = [["", *(w[a] for a in ACTIONS)]]
        for kind in KINDS:
            rows.append([w[kind], *(str(counts[kind][a]) if counts[kind][a] else "" for a in ACTIONS)])
        x = MARGIN + 6.6
        self.table(slide, x, CHART_TOP, [1.9, 1.05, 1.05, 1.05, 1.05], rows, name="counts")
        lines: list[tuple[str, float, bool]] = []
        if not cmp.changed:
            lines.append((w["no_changes"], 14, True))
        for text in (
            w["deck.more_parts"].format(n=parts_left) if parts_left else "",
            w["deck.more_raci"].format(n=raci_left) if raci_left else "",
        ):
            if text:
                fitted, size = fit_lines(text, 5.9, (12, 11), 2)
                lines += [(line, size, False) for line in fitted]
        if lines:
            self.text(
                slide, x, CHART_TOP + 0.34 * (len(KINDS) + 1) + 0.3, 6.0, 1.6, lines, name="summary-note", color=GREY
            )
        note = [
            f"{w[f't.{n}']}: {figure_text(n, getattr(cmp.before, n))} → {figure_text(n, getattr(cmp.after, n))}"
            for n in FIGURES
        ]
        slide.notes("\n".join(note))

    # -- the chart, before and after ------------------------------------------------------------------
    def part_slides(self, parts: list[Part]) -> None:
        for part in parts:
            for page, (before, after) in enumerate(pages := self.paginate(part), start=1):
                title = self.part_title(part)
                if len(pages) > 1:
                    title += f" ({page}/{len(pages)})"
                slide = self.slide(title, "")
                note: list[str] = []
                for i, (side, shown, org_old) in enumerate(((part.before, before, True), (part.after, after, False))):
                    x = MARGIN + i * (PANEL_W + GAP)
                    self.panel(slide, x, part, side, shown, org_old, note)
                self.legend(slide)
                slide.connectors_first()
                slide.notes("\n".join(note))

    def part_title(self, part: Part) -> str:
        w, cmp = self.w, self.cmp
        side = part.after or part.before
        assert side is not None
        org = cmp.new if part.after is not None else cmp.old
        if part.kind == "role":
            if side.head is None:
                return w["deck.top_team"]
            return w["deck.team"].format(x=org.roles[side.head].title)
        if side.head is None:
            return w["deck.top_departments"]
        return w["deck.departments_of"].format(x=org.departments[side.head].name)

    def paginate(self, part: Part) -> list[tuple[list[str] | None, list[str] | None]]:
        """The members each slide shows, per side: all when they fit, else the marked ones in
        slide-sized groups (the unchanged ones summed up in one box)."""
        sides: list[list] = []
        for side in (part.before, part.after):
            if side is None:
                sides.append([None])
                continue
            if self.fits(side.members, side):
                sides.append([side.members])
                continue
            marked = [m for m in side.members if side.mark(m) != SAME]
            per = self.capacity(side) - 1
            chunks = [marked[i : i + per] for i in range(0, len(marked), per)] or [[]]
            sides.append(chunks)
        n = max(len(s) for s in sides)
        return [(_at(sides[0], i), _at(sides[1], i)) for i in range(n)]

    def capacity(self, side: Side) -> int:
        """How many boxes (the summing-up one included) fit below the head: a binary search."""
        low, high = 2, max(len(side.members), 2)
        while low < high:
            mid = (low + high + 1) // 2
            if self.fits(side.members[:mid], side):
                low = mid
            else:
                high = mid - 1
        return low

    def fits(self, members: list[str], side: Side) -> bool:
        root = self.tree(side, members, [])
        width, height = layout(root, METRICS)
        return width <= PANEL_W + 1e-6 and height <= PANEL_H + 1e-6

    def tree(self, side: Side, members: list[str], hidden: list[str]) -> Box:
        kids = [Box(m, "role", m, BOX_W, BOX_H) for m in members]
        if hidden:
            kids.append(Box("more", "more", None, BOX_W, BOX_H))
        if side.head is None:
            return Box("top", "root", None, 0, 0, kids)
        return Box(side.head, "role", side.head, BOX_W, BOX_H, kids)

    def panel(
        self, slide, x: float, part: Part, side: Side | None, shown: list[str] | None, old: bool, note: list[str]
    ) -> None:
        w = self.w
        head = w["deck.before"] if old else w["deck.after"]
        if side is None:
            empty = w["deck.new_part"] if old else w["deck.gone_part"]
            self.text(slide, x, CHART_TOP, PANEL_W, PANEL_HEAD, [(head, 14, True)], name=f"panel:{head}")
            self.text(
                slide,
                x,
                CHART_TOP + PANEL_HEAD + 1.5,
                PANEL_W,
                0.6,
                [(empty, 14, False)],
                name="empty",
                align=PP_ALIGN.CENTER,
                color=GREY,
            )
            return
        self.text(slide, x, CHART_TOP, PANEL_W, PANEL_HEAD, [(head, 14, True)], name=f"panel:{head}")
        members = shown if shown is not None else side.members
        showing = set(members)
        hidden = [m for m in side.members if m not in showing and side.mark(m) == SAME]
        root = self.tree(side, members, hidden)
        width, _ = layout(root, METRICS)
        left = x + (PANEL_W - width) / 2
        top = CHART_TOP + PANEL_HEAD + 0.05
        drawn: dict[object, Any] = {}
        for box in root.walk():
            if box.kind == "root":
                continue
            if box.kind == "more":
                shape = rounded_box(
                    slide,
                    left + box.x,
                    top + box.y,
                    box.w,
                    box.h,
                    name="more",
                    fill=NO_FILL,
                    line=outline(LIGHT, dash=True),
                )
                set_text(shape, [(w["deck.unchanged_n"].format(n=len(hidden)), 9, False)], self.fonts, color=GREY)
            else:
                shape = self.box(slide, part.kind, box, left + box.x, top + box.y, side, old, note)
            drawn[id(box)] = shape
            if box.grid:
                fx, fy, fw, fh = frame(box, METRICS)
                drawn[("frame", id(box))] = rounded_box(
                    slide, left + fx, top + fy, fw, fh, name=f"team:{box.item}", fill=NO_FILL, line=outline(LIGHT, 0.75)
                )
        for box in root.walk():
            if box.kind == "root" or id(box) not in drawn:
                continue
            if box.grid:
                elbow(slide, drawn[id(box)], drawn[("frame", id(box))], 2, 0, name=f"line:{box.key}>team")
                continue
            for child in box.children:
                if box.stacked:
                    elbow(
                        slide,
                        drawn[id(box)],
                        drawn[id(child)],
                        2,
                        1 if child.side > 0 else 3,
                        name=f"line:{box.key}>{child.key}",
                        hanging=True,
                    )
                else:
                    elbow(slide, drawn[id(box)], drawn[id(child)], 2, 0, name=f"line:{box.key}>{child.key}")

    def box(self, slide: Slide, kind: str, box: Box, x: float, y: float, side: Side, old: bool, note: list[str]):
        w, cmp = self.w, self.cmp
        org = cmp.old if old else cmp.new
        item = box.item
        assert item is not None
        mark = side.mark(item)
        fill, line = COLOURS[mark]
        name = f"{'before' if old else 'after'}:{mark}:{item}"
        shape = rounded_box(
            slide,
            x,
            y,
            box.w,
            box.h,
            name=name,
            fill=rgb_fill(fill),
            line=outline(line, 2.0 if mark != SAME else 1.0, dash=mark in (DELETE, MOVE_OUT)),
        )
        if kind == "role":
            role = org.roles[item]
            title = role.title + (f" ×{role.headcount}" if role.headcount > 1 else "")
            detail_default = f"{w['filled']} {role.filled}/{role.headcount}" if org.people else ""
        else:
            dept = org.departments[item]
            title = dept.name
            hc = org.headcount(item)
            detail_default = f"{w['planned']} {hc.planned}"
        tag = w.get(f"deck.mark.{mark}", "")
        said = sorted(side.notes.get(item, []), key=lambda text: text[:1] not in "←→")  # where it went, first
        if said:
            detail = f"{tag}: " + "; ".join(said)
        elif tag:
            detail = tag
        else:
            detail = detail_default
        lines, size = fit_lines(one_line(title), box.w - 0.1, (10.5, 10, 9), 2)
        paragraphs = [(text, size, True) for text in lines]
        if detail:
            d_lines, d_size = fit_lines(one_line(detail), box.w - 0.1, (9,), 3 - len(lines))
            paragraphs += [(text, d_size, False) for text in d_lines]
        set_text(shape, paragraphs, self.fonts, color=INK)
        note.append(
            f"{'−' if old else '+'} {one_line(title)} ({item}): {detail}"
            if mark != SAME
            else f"  {one_line(title)} ({item})"
        )
        return shape

    def legend(self, slide) -> None:
        w = self.w
        x = MARGIN
        y = SLIDE_H - MARGIN - LEGEND_H + 0.08
        for mark in (ADD, DELETE, MOVE_IN, CHANGE):
            fill, line = COLOURS[mark]
            rounded_box(slide, x, y, 0.34, 0.22, name=f"legend:{mark}", fill=rgb_fill(fill), line=outline(line, 1.5))
            label = w[f"deck.legend.{mark}"]
            width = 0.2 + em_width(label) * 10 / 72
            self.text(
                slide, x + 0.4, y - 0.06, width, 0.34, [(label, 10, False)], name=f"legend-text:{mark}", color=GREY
            )
            x += 0.5 + width

    # -- RACI ------------------------------------------------------------------------------------
    def raci_slides(self) -> None:
        """The letters that changed, 12 to a slide (at most 20 slides: the change log has them all)."""
        w, cmp = self.w, self.cmp
        changes = list(cmp.of("raci"))
        if not changes:
            return
        shown = changes[: TABLE_ROWS * MAX_RACI_SLIDES]
        pages = [shown[i : i + TABLE_ROWS] for i in range(0, len(shown), TABLE_ROWS)]
        for n, page in enumerate(pages, start=1):
            title = w["deck.raci"] + (f" ({n}/{len(pages)})" if len(pages) > 1 else "")
            slide = self.slide(
                title,
                "\n".join(f"{c.id} {c.name}: {c.role_name} ({c.role}) {c.old or '-'} → {c.new or '-'}" for c in page),
            )
            rows = [[w["col.id"], w["col.activity"], w["col.role"], w["old"], w["new"], w["col.action"]]]
            for c in page:
                rows.append(
                    [c.id, c.name, f"{c.role_name or ''} ({c.role})", str(c.old or "—"), str(c.new or "—"), w[c.action]]
                )
            self.table(
                slide,
                MARGIN,
                CHART_TOP,
                [1.5, 4.6, 3.6, 0.9, 0.9, 1.1],
                rows,
                name="raci-changes",
                fills=[ACTION_FILL[c.action] for c in page],
            )

    def findings_slide(self) -> None:
        w, cmp = self.w, self.cmp
        if not cmp.findings and not cmp.load:
            return
        slide = self.slide(w["deck.findings"], "")
        note = []
        if cmp.findings:
            items: list[tuple[str, float, bool]] = [(w["findings"], 14, True)]
            for f in cmp.findings[:14]:
                text = f"{f.name} ({f.activity}): " + w[f"c.{f.code}"].format(roles=", ".join(f.roles), n=len(f.roles))
                note.append(text)
                fitted, size = fit_lines("• " + one_line(text), 6.0, (12, 11, 10), 2)
                items += [(line, size, False) for line in fitted]
            if len(cmp.findings) > 14:
                items.append((w["more"].format(n=len(cmp.findings) - 14), 11, False))
            self.text(slide, MARGIN, CHART_TOP, 6.2, SLIDE_H - CHART_TOP - MARGIN, items, name="findings")
        if cmp.load:
            rows = [[w["col.role"], f"A+R · {w['old']}", f"A+R · {w['new']}", w["delta"]]]
            for s in cmp.load[:12]:
                rows.append([f"{s.name} ({s.role})", str(s.old), str(s.new), f"{s.delta:+d}"])
                note.append(f"{s.name} ({s.role}): {s.old} → {s.new}")
            self.text(slide, MARGIN + 6.6, CHART_TOP, 6.0, 0.4, [(w["load"], 14, True)], name="load-title")
            self.table(slide, MARGIN + 6.6, CHART_TOP + 0.45, [3.0, 1.0, 1.0, 0.9], rows, name="load")
        slide.notes("\n".join(note))

    def build(self):
        parts = changed_parts(self.cmp)
        shown = parts[:MAX_PART_SLIDES]
        raci_left = max(0, len(self.cmp.of("raci")) - TABLE_ROWS * MAX_RACI_SLIDES)
        self.title_slide()
        self.summary_slide(len(parts) - len(shown), raci_left)
        self.part_slides(shown)
        self.raci_slides()
        self.findings_slide()
        when = build_time().replace(tzinfo=None)
        props = self.prs.core_properties
        props.title, props.subject, props.author = self.cmp.new.name, self.w["deck.title"], "officegen"
        props.last_modified_by = "officegen"
        props.created = props.modified = when
        props.revision = 1
        props.language = self.cmp.new.lang
        self.writer.close_all()
        return self.prs


def _at(chunks: list, i: int):
    return chunks[i] if i < len(chunks) else chunks[-1]


def _numeric(value: str) -> bool:
    return bool(value) and value.lstrip("+-").replace(".", "", 1).isdigit()


def build_change_deck(cmp: Comparison, old_source: str = "OLD", new_source: str = "NEW", date_text: str | None = None):
    """The change deck in memory (a python-pptx Presentation, not saved)."""
    return _Deck(cmp, old_source, new_source, date_text).build()


def change_deck_bytes(
    cmp: Comparison, old_source: str = "OLD", new_source: str = "NEW", date_text: str | None = None
) -> bytes:
    """The change deck as the bytes of a .pptx file (fixed timestamps: reproducible)."""
    buffer = BytesIO()
    build_change_deck(cmp, old_source, new_source, date_text).save(buffer)
    return rezip(buffer.getvalue())


def write_change_deck(
    cmp: Comparison, target: str | Path, old_source: str = "OLD", new_source: str = "NEW", date_text: str | None = None
) -> Path:
    """Write the change deck to ``target`` atomically and reproducibly."""
    return write_bytes(target, change_deck_bytes(cmp, old_source, new_source, date_text))
