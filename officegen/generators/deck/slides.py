"""The structure-chart deck: title, department overview, org chart pages, department slides, summary.

Everything is a native, editable shape, table or chart. Text sizes are chosen by measuring
(CJK about one em, Latin narrower), never by autofit, and never below 9 pt: a chart too large
for one slide continues on others, linked both ways (see ``deck_layout``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from officegen.definition.model import Organization
from officegen.generators.deck.layout import Metrics, Page, frame, paginate
from officegen.generators.deck.shapes import (
    Fonts,
    elbow,
    emu,
    fit_lines,
    link,
    notes,
    rounded_box,
    send_connectors_back,
    set_text,
    straight,
    text_box,
)
from officegen.i18n import list_separator, pick_labels
from officegen.office.atomic import write_with
from officegen.office.reprozip import build_time, normalise_package, save_reproducible
from officegen.office.textwidth import em_width, wrap
from officegen.office.userfiles import POWERPOINT, guarded, open_presentation

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.35
TITLE_H = 0.75
LEGEND_H = 0.4
CHART_TOP = MARGIN + TITLE_H
AVAIL_W = SLIDE_W - 2 * MARGIN
AVAIL_H = SLIDE_H - CHART_TOP - LEGEND_H - MARGIN
BADGE_DROP = 0.08  # how far a "reports on slide N" badge hangs below its box
STACK_GAP = 0.14  # between stacked leaves: room for a badge's drop and a clear gap
ACCENTS = [
    MSO_THEME_COLOR.ACCENT_1,
    MSO_THEME_COLOR.ACCENT_2,
    MSO_THEME_COLOR.ACCENT_3,
    MSO_THEME_COLOR.ACCENT_4,
    MSO_THEME_COLOR.ACCENT_5,
    MSO_THEME_COLOR.ACCENT_6,
]
TINTS = [0.6, 0.4, 0.8]
GREY = RGBColor(0x59, 0x59, 0x59)
HEAT = (0xC0, 0x00, 0x00)

LABELS = {
    "zh-CN": {
        "overview": "部门总览",
        "chart": "组织结构图",
        "head": "负责人",
        "people": "在岗/编制",
        "vacant": "空缺",
        "more": "下属见第 {n} 页 ›",
        "back": "‹ 返回第 {n} 页",
        "next": "续见第 {n} 页 ›",
        "function": "部门职能",
        "roles": "岗位",
        "headcount": "编制",
        "filled": "在岗",
        "key_activities": "主要负责的活动（A）",
        "and_more": "…… 另有 {n} 项",
        "summary": "RACI 热力图与编制",
        "department": "部门",
        "planned": "编制",
        "chart_title": "各部门编制与在岗人数",
        "none": "无",
        "cont": "（续）",
        "page": "第 {i}/{n} 页",
        "dotted": "虚线汇报",
        "reports_to": "汇报给",
        "no_function": "（未填写部门职能）",
        "legend_more": "等 {n} 个部门",
    },
    "en": {
        "overview": "Departments",
        "chart": "Organisation chart",
        "head": "Head",
        "people": "Filled/planned",
        "vacant": "vacant",
        "more": "Reports on slide {n} ›",
        "back": "‹ Back to slide {n}",
        "next": "Continued on slide {n} ›",
        "function": "Function",
        "roles": "Role",
        "headcount": "Headcount",
        "filled": "Filled",
        "key_activities": "Key activities (Accountable)",
        "and_more": "… and {n} more",
        "summary": "RACI heat map and headcount",
        "department": "Department",
        "planned": "Planned",
        "chart_title": "Headcount by department",
        "none": "none",
        "cont": " (cont.)",
        "page": "{i}/{n}",
        "dotted": "dotted line to",
        "reports_to": "reports to",
        "no_function": "(no function given)",
        "legend_more": "+{n} more",
    },
}


class _Deck:
    def __init__(self, org: Organization, reference_deck: Path | None, date_text: str | None):
        self.org = org
        self.labels = pick_labels(LABELS, org.lang)
        self.date_text = date_text
        if reference_deck:
            with guarded(reference_deck, POWERPOINT):  # whatever is wrong with it: an input error naming it
                self.prs = open_presentation(reference_deck)
                _remove_slides(self.prs)
                self._set_up()
        else:
            self.prs = Presentation()
            self._set_up()
        self.fonts = Fonts(org.lang, theme=reference_deck is not None)
        self.colour = {d: i for i, d in enumerate(self.org.departments)}
        self.has_people = bool(org.people)

    def _set_up(self) -> None:
        _fast_partnames(self.prs)
        self.prs.slide_width, self.prs.slide_height = Emu(12192000), Emu(6858000)  # exactly 16:9
        self.prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)
        self.blank = _layout(self.prs, ("Blank", "空白"), 6)
        self.title_layout = _layout(self.prs, ("Title Slide", "标题幻灯片"), 0)

    # -- helpers -----------------------------------------------------------------------------
    def slide(self, title: str, note: str):
        slide = self.prs.slides.add_slide(self.blank)
        for placeholder in list(slide.placeholders):
            placeholder._element.getparent().remove(placeholder._element)
        lines, size = fit_lines(title, AVAIL_W - 2.2, (24, 20, 16), 1)
        text_box(
            slide.shapes,
            MARGIN,
            MARGIN - 0.05,
            AVAIL_W - 2.0,
            TITLE_H,
            [(lines[0], size, True)],
            self.fonts,
            name="title",
            anchor=MSO_ANCHOR.MIDDLE,
        )
        notes(slide, note)
        return slide

    def paint(self, shape, dept_id: str, *, vacant: bool = False, dashed: bool = False) -> None:
        i = self.colour.get(dept_id, 0)
        accent = ACCENTS[i % len(ACCENTS)]
        if vacant:
            shape.fill.solid()
            shape.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
        else:
            shape.fill.solid()
            shape.fill.fore_color.theme_color = accent
            shape.fill.fore_color.brightness = TINTS[(i // len(ACCENTS)) % len(TINTS)]
        shape.line.color.theme_color = accent
        shape.line.width = Pt(1.25)
        if vacant or dashed:
            shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH

    # -- slides ---------------------------------------------------------------------------------
    def title_slide(self) -> None:
        slide = self.prs.slides.add_slide(self.title_layout)
        for placeholder in list(slide.placeholders):
            placeholder._element.getparent().remove(placeholder._element)
        lines, size = fit_lines(self.org.name, SLIDE_W - 2, (40, 32, 28, 24), 2)
        text_box(
            slide.shapes,
            1.0,
            2.2,
            SLIDE_W - 2,
            1.6,
            [(line, size, True) for line in lines],
            self.fonts,
            name="title",
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.BOTTOM,
        )
        sub = [self.org.description] if self.org.description else []
        if self.date_text:
            sub.append(self.date_text)
        paragraphs = []
        for text in sub:
            lines, size = fit_lines(text, SLIDE_W - 3, (18, 16, 14), 3)
            paragraphs += [(line, size, False) for line in lines]
        if paragraphs:
            text_box(
                slide.shapes,
                1.5,
                4.0,
                SLIDE_W - 3,
                2.2,
                paragraphs,
                self.fonts,
                name="subtitle",
                align=PP_ALIGN.CENTER,
                color=GREY,
            )
        notes(slide, "\n".join([self.org.name, *sub]))

    def chart_pages(self, kind: str, pages: list[Page], draw_box, note_for) -> list:
        """Create the slides of a paginated chart first (links need their targets), then draw."""
        title = self.labels["overview" if kind == "dept" else "chart"]
        slides = []
        for i in range(len(pages)):
            suffix = f" · {self.labels['page'].format(i=i + 1, n=len(pages))}" if len(pages) > 1 else ""
            slides.append(self.slide(f"{self.org.name} — {title}{suffix}", ""))
        for page, slide in zip(pages, slides):
            self.draw_page(kind, page, slide, slides, draw_box)
            notes(slide, note_for(page))
        return slides

    def draw_page(self, kind, page: Page, slide, slides, draw_box) -> None:
        shapes = slide.shapes
        left = MARGIN + (AVAIL_W - page.width) / 2
        top = CHART_TOP + 0.05
        drawn, frames = {}, {}
        for box in page.root.walk():
            if box.kind == "root":
                continue
            shape = draw_box(shapes, box, left + box.x, top + box.y)
            drawn[id(box)] = shape
            if box.grid:  # a team in rows: one frame around it (under its boxes), one line to it
                x, y, w, h = frame(box, page.metrics)
                team = rounded_box(shapes, left + x, top + y, w, h, name=f"team:{box.item}")
                team.fill.background()
                team.line.color.rgb = GREY
                team.line.width = Pt(0.75)
                frames[id(box)] = team
            if box.target is not None:
                # on the box's lower right corner, hanging BADGE_DROP below it: the layout's gaps
                # below a box (stack_gap, v_gap) are wider than that, so it never covers a neighbour
                badge_w = min(box.w, max(1.0, em_width(self.labels["more"].format(n=99)) * 9 / 72 + 0.2))
                badge = rounded_box(
                    shapes,
                    left + box.x + box.w - badge_w,
                    top + box.y + box.h + BADGE_DROP - 0.22,
                    badge_w,
                    0.22,
                    name=f"more:{box.item}",
                )
                badge.fill.solid()
                badge.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                badge.line.color.rgb = GREY
                set_text(
                    badge.text_frame,
                    [(self.labels["more"].format(n=box.target + self.first_chart(kind) + 1), 9, False)],
                    self.fonts,
                    color=GREY,
                    margin_in=0.02,
                )
                link(badge, slides[box.target])
        for box in page.root.walk():
            if box.kind == "root" or id(box) not in drawn:
                continue
            if box.grid:
                elbow(shapes, drawn[id(box)], frames[id(box)], 2, 0, name=f"line:{box.key}>team")
                continue
            for child in box.children:
                if box.stacked:
                    site = 1 if child.side > 0 else 3
                    elbow(
                        shapes,
                        drawn[id(box)],
                        drawn[id(child)],
                        2,
                        site,
                        name=f"line:{box.key}>{child.key}",
                        hanging=True,
                    )
                else:
                    elbow(shapes, drawn[id(box)], drawn[id(child)], 2, 0, name=f"line:{box.key}>{child.key}")
        if kind == "role":
            self.dotted_lines(shapes, page, drawn)
        if page.parent_page is not None:
            back = text_box(
                shapes,
                SLIDE_W - MARGIN - 2.0,
                MARGIN,
                2.0,
                0.35,
                [(self.labels["back"].format(n=page.parent_page + self.first_chart(kind) + 1), 10, False)],
                self.fonts,
                name=f"back:{page.parent_page}",
                align=PP_ALIGN.RIGHT,
                color=GREY,
            )
            link(back, slides[page.parent_page])
        if page.next_page is not None:
            nxt = text_box(
                shapes,
                SLIDE_W - MARGIN - 2.6,
                SLIDE_H - MARGIN - LEGEND_H,
                2.6,
                0.35,
                [(self.labels["next"].format(n=page.next_page + self.first_chart(kind) + 1), 10, False)],
                self.fonts,
                name=f"next:{page.next_page}",
                align=PP_ALIGN.RIGHT,
                color=GREY,
            )
            link(nxt, slides[page.next_page])
        self.legend(shapes, page, kind)
        send_connectors_back(slide)

    def first_chart(self, kind: str) -> int:
        return self._first[kind]

    def dotted_lines(self, shapes, page: Page, drawn) -> None:
        shape_of = {b.item: drawn[id(b)] for b in page.root.walk() if b.kind == "role"}
        for role_id, source in shape_of.items():
            for other in self.org.roles[role_id].dotted_line_to:
                target = shape_of.get(other)
                if target is None:
                    continue
                right = target.left > source.left
                straight(
                    shapes,
                    source,
                    target,
                    3 if right else 1,
                    1 if right else 3,
                    name=f"dotted:{role_id}>{other}",
                    dashed=True,
                    colour=GREY,
                )

    def legend(self, shapes, page: Page, kind: str) -> None:
        if kind == "role":
            depts = list(
                dict.fromkeys(
                    self.org.roles[b.item].department_id for b in page.root.walk() if b.kind in ("role", "cont")
                )
            )
        else:
            depts = [b.item for b in page.root.walk() if b.kind in ("role", "cont")]
        x = MARGIN
        y = SLIDE_H - MARGIN - LEGEND_H + 0.1
        limit = SLIDE_W - MARGIN - 2.8
        for n, dept in enumerate(depts):
            name = self.org.departments[dept].name
            width = 0.25 + min(2.2, em_width(name) * 9 / 72 + 0.15)
            if x + width > limit:
                text_box(
                    shapes,
                    x,
                    y - 0.05,
                    1.4,
                    0.3,
                    [(self.labels["legend_more"].format(n=len(depts) - n), 9, False)],
                    self.fonts,
                    name="legend:more",
                    color=GREY,
                )
                break
            chip = rounded_box(shapes, x, y, 0.18, 0.18, name=f"legend:{dept}")
            self.paint(chip, dept)
            lines, size = fit_lines(name, width - 0.3, (9,), 1)
            text_box(
                shapes,
                x + 0.2,
                y - 0.06,
                width - 0.2,
                0.3,
                [(lines[0], size, False)],
                self.fonts,
                name=f"legend-text:{dept}",
                color=GREY,
            )
            x += width + 0.15

    # -- role boxes --------------------------------------------------------------------------------
    def role_lines(self, role_id: str) -> list[tuple[str, float, bool]]:
        role = self.org.roles[role_id]
        title = role.title + (f" ×{role.headcount}" if role.headcount > 1 else "")
        lines, size = fit_lines(title, self.metrics.box_w - 0.1, (10.5, 10, 9), self.title_lines)
        detail = self.role_detail(role)
        out = [(line, size, True) for line in lines]
        if detail:
            d_lines, d_size = fit_lines(detail, self.metrics.box_w - 0.1, (9,), 1)
            out.append((d_lines[0], d_size, False))
        return out

    def role_detail(self, role) -> str:
        sep = list_separator(self.org.lang)
        if not self.has_people:
            return ""
        names = [p.name for p in role.people if p.name]  # none in a view without names
        if role.headcount <= 2 and names:
            text = sep.join(names)
            return text + (f" · {self.labels['vacant']} {role.vacant}" if role.vacant else "")
        if role.vacant and not names:
            return f"{self.labels['vacant']} {role.vacant}"
        return f"{role.filled}/{role.headcount}" + (f" · {self.labels['vacant']} {role.vacant}" if role.vacant else "")

    def draw_role(self, shapes, box, x, y):
        role = self.org.roles[box.item]
        shape = rounded_box(shapes, x, y, box.w, box.h, name=f"{box.kind}:{box.item}")
        vacant = self.has_people and role.filled == 0
        self.paint(
            shape, role.department_id, vacant=vacant, dashed=box.kind == "cont" or (self.has_people and role.vacant > 0)
        )
        lines = self.role_lines(box.item)
        set_text(shape.text_frame, lines, self.fonts, color=RGBColor(0x1F, 0x1F, 0x1F))
        return shape

    def draw_dept(self, shapes, box, x, y):
        dept = self.org.departments[box.item]
        shape = rounded_box(shapes, x, y, box.w, box.h, name=f"{'dept' if box.kind == 'role' else box.kind}:{box.item}")
        self.paint(shape, dept.id, dashed=box.kind == "cont")
        head = self.org.roles[dept.head_id].title if dept.head_id else self.labels["none"]
        hc = self.org.headcount(dept.id)
        name, size = fit_lines(dept.name, box.w - 0.1, (11, 10, 9), 1)
        head_line, hsize = fit_lines(f"{self.labels['head']}: {head}", box.w - 0.1, (9,), 1)
        count, csize = fit_lines(f"{self.labels['people']} {hc.filled}/{hc.planned}", box.w - 0.1, (9,), 1)
        set_text(
            shape.text_frame,
            [(name[0], size, True), (head_line[0], hsize, False), (count[0], csize, False)],
            self.fonts,
            color=RGBColor(0x1F, 0x1F, 0x1F),
        )
        return shape

    # -- department and summary slides ------------------------------------------------------------
    def department_slide(self, dept) -> None:
        labels = self.labels
        roles = [self.org.roles[r] for r in dept.role_ids]
        key = []
        for role in roles:
            key += [a for a in self.org.activities_for(role.id, "A") if a not in key]
        note = [dept.name, dept.description or labels["no_function"]]
        note += [f"{r.title}: {r.headcount}" for r in roles]
        note += [a.name for a in key]
        slide = self.slide(dept.name, "\n".join(note))
        paragraphs = [(labels["function"], 14, True)]
        for line in fit_lines(dept.description or labels["no_function"], 4.6, (14, 12, 11, 10), 12)[0]:
            paragraphs.append((line, 12 if len(paragraphs) < 9 else 11, False))
        text_box(slide.shapes, MARGIN, CHART_TOP, 5.0, 2.9, paragraphs, self.fonts, name="function")
        # key activities
        shown = key[:8]
        items = [(labels["key_activities"], 14, True)]
        for activity in shown:
            line, size = fit_lines("• " + activity.name, 4.6, (12, 11, 10), 1)
            items.append((line[0], size, False))
        if len(key) > len(shown):
            items.append((labels["and_more"].format(n=len(key) - len(shown)), 11, False))
        if not key:
            items.append((labels["none"], 12, False))
        text_box(slide.shapes, MARGIN, CHART_TOP + 3.0, 5.0, 3.2, items, self.fonts, name="activities")
        # roles table
        rows = roles[:13]
        extra = len(roles) - len(rows)
        n_rows = len(rows) + 1 + (1 if extra else 0)
        table_shape = slide.shapes.add_table(
            n_rows, 3, emu(5.8), emu(CHART_TOP), emu(7.1), emu(min(0.4 * n_rows, SLIDE_H - CHART_TOP - MARGIN))
        )
        table_shape.name = "roles"
        table = table_shape.table
        table.columns[0].width, table.columns[1].width, table.columns[2].width = emu(4.5), emu(1.3), emu(1.3)
        header = [labels["roles"], labels["headcount"], labels["filled"]]
        self.fill_row(table, 0, header, bold=True)
        for i, role in enumerate(rows, start=1):
            self.fill_row(table, i, [role.title, str(role.headcount), str(role.filled)])
        if extra:
            self.fill_row(table, len(rows) + 1, [labels["and_more"].format(n=extra), "", ""])

    def fill_row(self, table, row: int, values: list[str], bold: bool = False) -> None:
        for col, value in enumerate(values):
            cell = table.cell(row, col)
            width = table.columns[col].width / 914400 - 0.2
            lines, size = fit_lines(value, width, (12, 11, 10, 9), 1)
            cell.text_frame.text = ""
            set_text(
                cell.text_frame,
                [(lines[0], size, bold)],
                self.fonts,
                align=PP_ALIGN.LEFT if col == 0 else PP_ALIGN.CENTER,
            )
            cell.margin_top = cell.margin_bottom = emu(0.03)

    def summary_slides(self) -> None:
        labels = self.labels
        letters = list(self.org.scheme_letters)
        counts: dict[str, Counter] = {d: Counter() for d in self.org.departments}
        for activity in self.org.activities:
            for role_id, value in activity.assignments:
                for letter in value:
                    counts[self.org.roles[role_id].department_id][letter] += 1
        depts = [d for d in self.org.departments.values() if d.role_ids and self.org.in_focus(d.id)]
        pages = max(1, -(-len(depts) // 12))  # at most 12 departments a slide, spread evenly
        size, extra = divmod(len(depts), pages)
        bounds = [i * size + min(i, extra) for i in range(pages + 1)]
        chunks = [depts[bounds[i] : bounds[i + 1]] for i in range(pages)]
        top = max((counts[d.id][c] for d in depts for c in letters), default=0) or 1
        for n, chunk in enumerate(chunks):
            title = labels["summary"] + (
                f" · {labels['page'].format(i=n + 1, n=len(chunks))}" if len(chunks) > 1 else ""
            )
            lines = [f"{d.name}: " + ", ".join(f"{c} {counts[d.id][c]}" for c in letters) for d in chunk]
            slide = self.slide(f"{self.org.name} — {title}", "\n".join(lines))
            rows = len(chunk) + 1
            shape = slide.shapes.add_table(
                rows, len(letters) + 1, emu(MARGIN), emu(CHART_TOP), emu(5.6), emu(min(0.36 * rows, AVAIL_H + LEGEND_H))
            )
            shape.name = "heatmap"
            table = shape.table
            table.columns[0].width = emu(5.6 - 0.7 * len(letters))
            for i in range(len(letters)):
                table.columns[i + 1].width = emu(0.7)
            self.fill_row(table, 0, [labels["department"], *letters], bold=True)
            for r, dept in enumerate(chunk, start=1):
                self.fill_row(table, r, [dept.name, *[str(counts[dept.id][c]) for c in letters]])
                for i, letter in enumerate(letters):
                    value = counts[dept.id][letter] / top
                    cell = table.cell(r, i + 1)
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor(*[int(255 - (255 - c) * value * 0.85) for c in HEAT])
            self.headcount_chart(slide, chunk)

    def headcount_chart(self, slide, depts) -> None:
        labels = self.labels
        data = CategoryChartData()
        data.categories = [d.name for d in depts]
        data.add_series(labels["planned"], [self.org.headcount(d.id, subtree=False).planned for d in depts])
        data.add_series(labels["filled"], [self.org.headcount(d.id, subtree=False).filled for d in depts])
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, emu(6.3), emu(CHART_TOP), emu(6.6), emu(AVAIL_H + LEGEND_H), data
        )
        frame.name = "headcount-chart"
        chart = frame.chart
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.has_title = True
        chart.chart_title.text_frame.text = labels["chart_title"]
        for paragraph in chart.chart_title.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(12)
                self.fonts.apply(run.font._rPr)
        chart.font.size = Pt(10)
        self.fonts.apply(chart.font._rPr)
        chart.category_axis.reverse_order = True
        _unsigned_axis_ids(chart._chartSpace)


def _unsigned_axis_ids(chart_space) -> None:
    """python-pptx's chart template numbers its axes with negative ids; the schema says unsigned
    (``ST_UnsignedInt``), and a strict consumer may repair the chart. Same ids, made positive."""
    for tag in ("c:axId", "c:crossAx"):
        for el in chart_space.iter(qn(tag)):
            value = int(el.get("val"))
            if value < 0:
                el.set("val", str(value & 0xFFFFFFFF))


def _layout(prs, names: tuple[str, ...], fallback: int):
    for layout in prs.slide_layouts:
        if layout.name in names:
            return layout
    layouts = list(prs.slide_layouts)
    return layouts[fallback] if fallback < len(layouts) else min(layouts, key=lambda layout: len(layout.placeholders))


def _fast_partnames(prs) -> None:
    """python-pptx finds a free part name (slide, notes, chart) by walking every part of the package,
    which makes a deck of hundreds of slides quadratic; remember the names instead."""
    from pptx.opc.packuri import PackURI

    package = prs.part.package
    used = {str(part.partname) for part in package.iter_parts()}
    counters: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        n = counters.get(template, 1)
        while template % n in used:
            n += 1
        counters[template] = n + 1
        used.add(template % n)
        return PackURI(template % n)

    package.next_partname = next_partname


def _remove_slides(prs) -> None:
    """Drop a reference deck's own slides: both the list entry and the relationship."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def build_presentation(org: Organization, *, reference_deck: Path | None = None, date_text: str | None = None):
    deck = _Deck(org, reference_deck, date_text)
    titles = [r.title for r in org.roles.values()]
    capacity = (1.45 - 0.1) * 72 / 9 * 0.94
    long_titles = sum(1 for t in titles if len(wrap(t + " ×00", capacity, em_width)) > 2)
    deck.title_lines = 3 if long_titles > len(titles) // 10 else 2
    deck.metrics = m = _metrics(1.45, 0.78 if deck.title_lines == 3 else 0.62, h_gap=0.16, v_gap=0.34)
    dept_m = _metrics(_dept_box_width(deck), 0.72, h_gap=0.12, v_gap=0.4)
    dept_pages = paginate(
        [d.id for d in org.root_departments],
        lambda d: org.departments[d].child_ids,
        lambda d: (dept_m.box_w, dept_m.box_h),
        dept_m,
        AVAIL_W,
        AVAIL_H,
    )
    role_pages = paginate(
        [r.id for r in org.root_roles],
        lambda r: org.roles[r].direct_report_ids,
        lambda r: (m.box_w, m.box_h),
        m,
        AVAIL_W,
        AVAIL_H,
    )
    deck._first = {"dept": 1, "role": 1 + len(dept_pages)}

    deck.title_slide()
    deck.chart_pages("dept", dept_pages, deck.draw_dept, lambda p: _dept_notes(org, p))
    deck.chart_pages("role", role_pages, deck.draw_role, lambda p: _role_notes(org, p, deck.labels))
    for dept in org.walk_departments():
        if org.in_focus(dept.id):  # a department's view: the departments above are context on the chart only
            deck.department_slide(dept)
    deck.summary_slides()
    when = build_time().replace(tzinfo=None)
    props = deck.prs.core_properties
    props.title, props.subject, props.author = org.name, deck.labels["chart"], "officegen"
    props.last_modified_by = "officegen"
    props.created = props.modified = when
    props.revision = 1
    props.language = org.lang
    for part in deck.prs.part.package.iter_parts():
        if str(part.partname).endswith(".xlsx"):  # a chart's data, written with the clock's time
            part._blob = normalise_package(part.blob)
    return deck.prs


def _metrics(box_w: float, box_h: float, *, h_gap: float, v_gap: float) -> Metrics:
    """Chart metrics for boxes of one size: how many fit across the slide, and how many rows of
    stacked reports fit under a manager before a team is laid out in rows instead."""
    return Metrics(
        box_w=box_w,
        box_h=box_h,
        h_gap=h_gap,
        v_gap=v_gap,
        stack_gap=STACK_GAP,
        spine_gap=0.12,
        max_cols=int((AVAIL_W + h_gap) // (box_w + h_gap)),
        max_stack_rows=max(1, int((AVAIL_H - box_h - v_gap + STACK_GAP) // (box_h + STACK_GAP))),
    )


def _dept_box_width(deck: _Deck, narrowest: float = 1.42, widest: float = 2.2) -> float:
    """One width for every department box: wide enough for the longest name (11 pt) and head
    line (9 pt) up to ``widest``, so that names are cut with an ellipsis only when really long."""
    org, labels = deck.org, deck.labels
    need = 0.0
    for dept in org.departments.values():
        head = org.roles[dept.head_id].title if dept.head_id else labels["none"]
        need = max(need, em_width(dept.name) * 11 / 72, em_width(f"{labels['head']}: {head}") * 9 / 72)
    return round(min(widest, max(narrowest, need / 0.94 + 0.12)), 2)


def _dept_notes(org: Organization, page: Page) -> str:
    lines = []
    for box in page.root.walk():
        if box.kind in ("role", "cont"):
            dept = org.departments[box.item]
            hc = org.headcount(dept.id)
            parent = org.departments[dept.parent_id].name if dept.parent_id else "—"
            lines.append(f"{dept.name} ({parent}): {hc.filled}/{hc.planned}")
    return "\n".join(lines)


def _role_notes(org: Organization, page: Page, labels) -> str:
    lines = []
    for box in page.root.walk():
        if box.kind not in ("role", "cont"):
            continue
        role = org.roles[box.item]
        manager = org.manager_of(role.id)
        text = f"{role.title} ×{role.headcount}"
        if manager:
            text += f" — {labels['reports_to']} {manager.title}"
        if role.dotted_line_to:
            text += f"; {labels['dotted']} " + ", ".join(org.roles[r].title for r in role.dotted_line_to)
        if any(p.name for p in role.people):
            text += ": " + ", ".join(p.name for p in role.people if p.name)
        lines.append(text)
    return "\n".join(lines)


def write_deck(
    org: Organization, target: str | Path, *, reference_deck: Path | None = None, date_text: str | None = None
) -> Path:
    """Write the deck to ``target`` atomically and reproducibly; returns ``target``."""
    prs = build_presentation(org, reference_deck=reference_deck, date_text=date_text)
    return write_with(target, lambda tmp: save_reproducible(prs.save, tmp))
