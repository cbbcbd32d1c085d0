"""The structure-chart deck: title, department overview, org chart pages, department slides, summary.

Everything is a native, editable shape, table or chart. Text sizes are chosen by measuring
(CJK about one em, Latin narrower), never by autofit, and never below 9 pt: a chart too large
for one slide continues on others, linked both ways (see ``deck_layout``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.parts.chart import ChartPart
from pptx.util import Emu, Pt

from officegen.definition.model import Organization
from officegen.generators.deck import story
from officegen.generators.deck.layout import Metrics, Page, frame, paginate
from officegen.generators.deck.route import route
from officegen.generators.deck.shapes import (
    Fonts,
    capacity,
    elbow,
    emu,
    fit_block,
    fit_fewest,
    fit_lines,
    lines_height,
    outline,
    polyline,
    rgb_fill,
    rounded_box,
    routed_elbow,
    set_text,
    text_box,
    theme,
    wrap_ems,
)
from officegen.generators.deck.slidexml import NO_FILL, ChartFrame, Shape, Slide, SlideWriter, Table
from officegen.generators.deck.theme import FOOTER_Y, apply_theme
from officegen.i18n import is_chinese, list_separator, pick_labels
from officegen.office.atomic import write_with
from officegen.office.reprozip import build_time, normalise_package, write_opc_package
from officegen.office.textwidth import em_width
from officegen.office.userfiles import POWERPOINT, guarded, open_presentation

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.35
TITLE_H = 0.75
LEGEND_H = 0.36
CHART_TOP = MARGIN + TITLE_H
CONTENT_BOTTOM = FOOTER_Y - 0.1  # the footer band (organisation, slide number) is below
AVAIL_W = SLIDE_W - 2 * MARGIN
AVAIL_H = CONTENT_BOTTOM - CHART_TOP - LEGEND_H
BADGE_H = 0.2  # a "reports on slide N" badge hangs wholly below its box: it never covers its text
BADGE_GAP = 0.02
CHART_H = AVAIL_H - BADGE_GAP - BADGE_H - 0.06  # an org chart page's height (room for a badge)
MAX_SCALE = 1.5  # a small chart page is drawn up to this much larger
STACK_GAP = 0.26  # between stacked leaves: room for a badge and a clear gap
LOAD_STRIP = 0.2  # with --load: the strip at a box's foot that carries its A and R counts
DARK = RGBColor(0x1F, 0x29, 0x37)
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
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
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
        "dotted": "虚线汇报",
        "reports_to": "汇报给",
        "no_function": "（未填写部门职能）",
        "legend_more": "等 {n} 个部门",
        "agenda": "目录",
        "agenda_en": "CONTENTS",
        "s_team": "团队构成",
        "s_team_sub": "各部门及其职能",
        "s_structure": "组织结构",
        "s_structure_sub": "部门总览与组织结构图",
        "s_depts": "部门与岗位",
        "s_depts_sub": "每个部门的岗位、编制与主要职责",
        "s_raci": "职责分工",
        "s_raci_sub": "RACI 热力图、编制、管理幅度与层级",
        "team_facts": "{d} 个部门 · {r} 个岗位 · 编制 {p} 人",
        "team_facts_filled": "{d} 个部门 · {r} 个岗位 · 编制 {p} 人 · 在岗 {f} 人",
        "composition": "团队的组成",
        "card_people": "编制 {p} · 在岗 {f}",
        "card_planned": "编制 {p}",
        "chart_of": "组织结构图 — {name}",
        "vacant_big": "空缺",
        "dept_chart": "岗位与汇报关系",
        "raci_load": "RACI 负荷",
        "load_letter": "{letter} {n}",
        "more_roles": "另有 {n} 个岗位，见下一页",
        "more_on_chart": "另有 {n} 个岗位，见组织结构图",
        "spans": "管理幅度与层级",
        "layers": "管理层级",
        "layers_unit": "{n} 层",
        "managers": "管理者",
        "avg_span": "平均管理幅度",
        "one_report": "只有一名下属的管理者",
        "span_chart": "各管理者的直接下属人数",
        "span_dist": "管理幅度分布（管理者个数）",
        "span_axis": "下属人数",
        "managers_axis": "管理者",
        "vacancy_chart": "各部门空缺",
        "no_vacancies": "各部门均无空缺",
        "no_people": "定义中没有人员：空缺无法统计",
        "one_report_list": "只有一名下属：{list}",
        "dotted_far": "虚线汇报 → {title}，第 {n} 页",
        "dotted_from": "虚线汇报 ← {title}，第 {n} 页",
        "dotted_mark": "虚线汇报 {arrow} {title}，第 {n} 页",
        "dotted_title": "虚线 {arrow} {title}",
        "dotted_short": "虚线 {arrow} 第 {n} 页",
        "dotted_tiny": "虚线{arrow}",
        "more_short": "下属 › {n}",
        "load_note": "A{a} R{r}",
        "people_unit": "人",
        "no_raci": "尚未分配 RACI：在 RACI 工作簿（raci.xlsx）里填写活动和字母，再运行 officegen import-raci",
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
        "dotted": "dotted line to",
        "reports_to": "reports to",
        "no_function": "(no function given)",
        "legend_more": "+{n} more",
        "agenda": "Contents",
        "agenda_en": "AGENDA",
        "s_team": "The team",
        "s_team_sub": "The departments and what they do",
        "s_structure": "The structure",
        "s_structure_sub": "Department overview and organisation chart",
        "s_depts": "Departments and roles",
        "s_depts_sub": "Each department's roles, headcount and main accountabilities",
        "s_raci": "Responsibilities",
        "s_raci_sub": "RACI heat map, headcount, spans and layers",
        "team_facts": "{d} departments · {r} roles · {p} planned",
        "team_facts_filled": "{d} departments · {r} roles · {p} planned · {f} filled",
        "composition": "How the team is made up",
        "card_people": "{p} planned · {f} filled",
        "card_planned": "{p} planned",
        "chart_of": "Organisation chart — {name}",
        "vacant_big": "Vacant",
        "dept_chart": "Roles and reporting lines",
        "raci_load": "RACI load",
        "load_letter": "{letter} {n}",
        "more_roles": "{n} more roles on the next slide",
        "more_on_chart": "{n} more roles on the organisation chart",
        "spans": "Spans and layers",
        "layers": "Layers",
        "layers_unit": "{n}",
        "managers": "Managers",
        "avg_span": "Average span of control",
        "one_report": "Managers with one report",
        "span_chart": "Direct reports per manager",
        "span_dist": "Span of control (managers)",
        "span_axis": "Direct reports",
        "managers_axis": "Managers",
        "vacancy_chart": "Vacancies by department",
        "no_vacancies": "No vacancies in any department",
        "no_people": "No people in the definition: vacancies cannot be counted",
        "one_report_list": "One report: {list}",
        "dotted_far": "Dotted line → {title}, slide {n}",
        "dotted_from": "Dotted line ← {title}, slide {n}",
        "dotted_mark": "Dotted line {arrow} {title}, slide {n}",
        "dotted_title": "Dotted {arrow} {title}",
        "dotted_short": "Dotted {arrow} slide {n}",
        "dotted_tiny": "Dotted{arrow}",
        "more_short": "Reports › {n}",
        "load_note": "A{a} R{r}",
        "people_unit": "",
        "no_raci": "No RACI yet: fill in activities and letters in the RACI workbook (raci.xlsx), then run officegen import-raci",
    },
}


class _Deck:
    metrics: Metrics  # the org chart's box sizes and gaps, set by the layout (_layout_charts)

    def __init__(self, org: Organization, reference_deck: Path | None, date_text: str | None, *, load: bool = False):
        self.org = org
        self.labels = pick_labels(LABELS, org.lang)
        self.date_text = date_text
        self.load = load  # each chart box carries its A and R counts
        self.designed = reference_deck is None
        if reference_deck:
            with guarded(reference_deck, POWERPOINT):  # whatever is wrong with it: an input error naming it
                self.prs = open_presentation(reference_deck)
                _remove_slides(self.prs)
                self._set_up()
                blank = _layout(self.prs, ("Blank", "空白"), 6)
                self.layouts = {
                    "title": _layout(self.prs, ("Title Slide", "标题幻灯片"), 0),
                    "section": _layout(self.prs, ("Section Header", "节标题"), 2),
                    "agenda": blank,
                    "content": blank,
                    "chart": blank,
                }
        else:
            self.prs = Presentation()
            self._set_up()
            self.layouts = apply_theme(self.prs, org.name, org.lang)
        self.fonts = Fonts(org.lang, theme=reference_deck is not None)
        self.writer = SlideWriter(self.prs)
        self.colour = {d: i for i, d in enumerate(self.org.departments)}
        self.has_people = bool(org.people)
        self._first: dict[str, int] = {}
        self._badge_w: dict[int, float] = {}
        self.page_of: dict[str, int] = {}  # role id -> its chart page
        loads = sorted(len(org.activities_for(r, "A")) + len(org.activities_for(r, "R")) for r in org.roles)
        self._heavy = max(3, loads[int(len(loads) * 0.9)] if loads else 3)  # the top tenth is marked

    def _set_up(self) -> None:
        _fast_partnames(self.prs)
        self.prs.slide_width, self.prs.slide_height = Emu(12192000), Emu(6858000)  # exactly 16:9
        self.prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)

    # -- helpers -----------------------------------------------------------------------------
    def bare_slide(self, layout: str, note: str, *, keep_open: bool = False) -> Slide:
        """A slide of one of the layouts (title, agenda, section, content, chart), without the
        layout's placeholders: every text is a measured text box. The slides before it are
        finished (written out), unless ``keep_open`` (a chart's pages, drawn after all exist)."""
        if not keep_open:
            self.writer.close_all()
        slide = self.writer.add_slide(self.layouts[layout])
        slide.notes(note)
        return slide

    def slide(self, title: str, note: str, layout: str = "content", *, keep_open: bool = False) -> Slide:
        slide = self.bare_slide(layout, note, keep_open=keep_open)
        left = MARGIN + (0.2 if self.designed else 0.0)  # after the layout's title bar
        width = AVAIL_W - 2.2 - (left - MARGIN)
        lines, size = fit_fewest(title, width, TITLE_H, (24, 22, 20, 18, 16))
        text_box(
            slide,
            left,
            MARGIN - 0.05,
            width,
            TITLE_H,
            [(line, size, True) for line in lines],
            self.fonts,
            name="title",
            anchor=MSO_ANCHOR.MIDDLE,
            color=DARK if self.designed else None,
        )
        return slide

    def accent(self, dept_id: str):
        return ACCENTS[self.colour.get(dept_id, 0) % len(ACCENTS)]

    def paint(self, shape, dept_id: str, *, vacant: bool = False, dashed: bool = False) -> None:
        """The department's colour: its accent, lightened (white when vacant), outlined in it."""
        i = self.colour.get(dept_id, 0)
        accent = ACCENTS[i % len(ACCENTS)]
        if vacant:
            shape.fill = theme(MSO_THEME_COLOR.BACKGROUND_1)
        else:
            shape.fill = theme(accent, TINTS[(i // len(ACCENTS)) % len(TINTS)])
        shape.outline = outline(accent, 1.25, dash=vacant or dashed)

    # -- slides ---------------------------------------------------------------------------------
    def title_slide(self) -> None:
        slide = self.bare_slide("title", "")
        light = RGBColor(0xFF, 0xFF, 0xFF) if self.designed else None
        x, w = (0.9, SLIDE_W - 4.6) if self.designed else (1.0, SLIDE_W - 2)
        align = PP_ALIGN.LEFT if self.designed else PP_ALIGN.CENTER
        title = self.org.name
        sub = [self.org.description] if self.org.description else []
        if self.org.focus is not None:  # a department's deck: its name, the organisation's under it
            title = self.org.departments[self.org.focus].name
            sub = [self.org.name]
        lines, size = fit_fewest(title, w, 1.9, (44, 40, 36, 32, 28, 24))
        text_box(
            slide,
            x,
            2.5,
            w,
            1.95,
            [(line, size, True) for line in lines],
            self.fonts,
            name="title",
            align=align,
            anchor=MSO_ANCHOR.BOTTOM,
            color=light,
        )
        org = self.org
        if org.focus is None:
            total, depts, roles = org.total_headcount, len(org.departments), len(org.roles)
        else:  # the department's own figures, not the managers above it shown as context
            total = org.headcount(org.focus)
            depts = sum(1 for d in org.departments if org.in_focus(d))
            roles = sum(1 for r in org.roles.values() if org.in_focus(r.department_id))
        key = "team_facts_filled" if self.has_people else "team_facts"
        facts = self.labels[key].format(d=depts, r=roles, p=total.planned, f=total.filled)
        sub.append(facts)
        if self.date_text:
            sub.append(self.date_text)
        paragraphs = []
        room = 2.2
        for text in sub:
            lines, size = fit_block(text, w, room / len(sub), (18, 16, 14, 12), max_lines=3)
            paragraphs += [(line, size, False) for line in lines]
        text_box(
            slide,
            x,
            4.75,
            w,
            2.3,
            paragraphs,
            self.fonts,
            name="subtitle",
            align=align,
            color=RGBColor(0xDB, 0xE6, 0xF3) if self.designed else GREY,
        )
        slide.notes("\n".join([title, *sub]))

    def chart_pages(self, kind: str, pages: list[Page], draw_box, note_for) -> list:
        """Create the slides of a paginated chart first (links need their targets), then draw."""
        title = self.labels["overview" if kind == "dept" else "chart"]
        self._first[kind] = len(self.writer.slides)
        slides = []
        for i, page in enumerate(pages):
            text = title
            if i and page.root.kind != "root":  # one numbering, the slide's: a page is named by its top box
                top = page.root.item
                assert top is not None  # a page below the root is named by its top box
                name = self.org.departments[top].name if kind == "dept" else self.org.roles[top].title
                text = self.labels["chart_of"].format(name=name) if kind == "role" else f"{title} — {name}"
            slides.append(self.slide(text, "", "chart", keep_open=bool(i)))
        for page, slide in zip(pages, slides):
            self.draw_page(kind, page, slide, slides, draw_box)
            slide.notes(note_for(page))
            slide.close()
        return slides

    def draw_tree(self, slide: Slide, root, metrics: Metrics, left: float, top: float, draw_box) -> dict:
        """Every box of a laid-out tree at (left, top), a frame around each team in rows, and the
        attached elbow connectors; returns the drawn shape of each box (by ``id(box)``)."""
        drawn, frames = {}, {}
        for box in root.walk():
            if box.kind == "root":
                continue
            drawn[id(box)] = draw_box(slide, box, left + box.x, top + box.y)
            if box.grid:  # a team in rows: one frame around it (under its boxes), one line to it
                x, y, w, h = frame(box, metrics)
                frames[id(box)] = rounded_box(
                    slide, left + x, top + y, w, h, name=f"team:{box.item}", fill=NO_FILL, line=outline(GREY, 0.75)
                )
        for box in root.walk():
            if box.kind == "root" or id(box) not in drawn:
                continue
            if box.grid:
                elbow(slide, drawn[id(box)], frames[id(box)], 2, 0, name=f"line:{box.key}>team")
                continue
            for child in box.children:
                if box.stacked:
                    site = 1 if child.side > 0 else 3
                    elbow(
                        slide,
                        drawn[id(box)],
                        drawn[id(child)],
                        2,
                        site,
                        name=f"line:{box.key}>{child.key}",
                        hanging=True,
                    )
                else:
                    elbow(slide, drawn[id(box)], drawn[id(child)], 2, 0, name=f"line:{box.key}>{child.key}")
        return drawn

    def draw_page(self, kind, page: Page, slide: Slide, slides: list[Slide], draw_box) -> None:
        """A chart page: a small one larger (up to MAX_SCALE, its text too) and in the middle of
        the slide, so that a team of a dozen does not sit small at the top of an empty slide."""
        metrics = page.metrics or self.metrics
        budget = CHART_H  # above the legend, with room for a badge under the lowest boxes
        scale = min(MAX_SCALE, AVAIL_W / page.width, budget / page.height) if page.width and page.height else 1.0
        if scale >= 1.1:
            metrics = _scale_page(page, metrics, scale)
            box_drawer = draw_box

            def draw_box(slide_, box, x, y):
                return box_drawer(slide_, box, x, y, scale=scale)

        left = MARGIN + (AVAIL_W - page.width) / 2
        top = self._chart_top = CHART_TOP + 0.05 + max(0.0, (budget - page.height) / 2)
        drawn = self.draw_tree(slide, page.root, metrics, left, top, draw_box)
        # the row under a box that has reports elsewhere is its badge's (and a dotted-line marker's)
        hanging = [
            (left + b.x, top + b.y + b.h, left + b.x + b.w, top + b.y + b.h + BADGE_GAP + BADGE_H)
            for b in page.root.walk()
            if b.target is not None
        ]
        marks = self.dotted_lines(slide, page, drawn, hanging) if kind == "role" else {}
        for box in page.root.walk():
            if box.target is not None:
                # wholly below the box (the layout's gaps below a box, stack_gap and v_gap, are wider
                # than a badge), its right edge on the box's: it covers no text, its own box's included
                n = box.target + self.first_chart(kind) + 1
                label = self.labels["more_short" if box.item in marks else "more"].format(n=n)
                badge_w = min(box.w, em_width(label) * 9 / 72 / 0.94 + 0.12)
                self._badge_w[id(box)] = badge_w
                badge = rounded_box(
                    slide,
                    left + box.x + box.w - badge_w,
                    top + box.y + box.h + BADGE_GAP,
                    badge_w,
                    BADGE_H,
                    name=f"more:{box.item}",
                    fill=rgb_fill(WHITE),
                    line=outline(GREY),
                )
                set_text(badge, [(label, 9, False)], self.fonts, color=GREY, margin_in=0.02)
                slide.link(badge, slides[box.target])
        box_of = {b.item: b for b in page.root.walk() if b.kind == "role"}
        for role_id, items in marks.items():
            self.dotted_marker(slide, box_of[role_id], drawn[id(box_of[role_id])], items)
        if page.parent_page is not None:
            back = text_box(
                slide,
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
            slide.link(back, slides[page.parent_page])
        if page.next_page is not None:
            nxt = text_box(
                slide,
                SLIDE_W - MARGIN - 2.6,
                CONTENT_BOTTOM - LEGEND_H,
                2.6,
                0.35,
                [(self.labels["next"].format(n=page.next_page + self.first_chart(kind) + 1), 10, False)],
                self.fonts,
                name=f"next:{page.next_page}",
                align=PP_ALIGN.RIGHT,
                color=GREY,
            )
            slide.link(nxt, slides[page.next_page])
        self.legend(slide, page, kind)
        slide.connectors_first()

    def first_chart(self, kind: str) -> int:
        return self._first[kind]

    def dotted_lines(self, slide: Slide, page: Page, drawn, hanging) -> dict[str, list[tuple[str, str, int, bool]]]:
        """Dotted reporting lines of the roles on this page: routed round every box when both ends
        are here; else (or when no route crosses nothing) a labelled marker under each end, linked
        to the other end's slide (虚线汇报 → title, slide N)."""
        org = self.org
        box_of = {b.item: b for b in page.root.walk() if b.kind == "role"}
        shape_of = {item: drawn[id(b)] for item, b in box_of.items()}
        pairs = []
        for role_id in box_of:
            pairs += [(role_id, other) for other in org.roles[role_id].dotted_line_to]
            pairs += [(other.id, role_id) for other in org.dotted_line_from(role_id) if other.id not in box_of]
        marks: dict[str, list[tuple[str, str, int, bool]]] = {}
        for source, target in pairs:
            if source in box_of and target in box_of:
                obstacles = [
                    _rect_in(s)
                    for s in slide.shapes
                    if not s.connector
                    and not s.name.startswith("team:")
                    and s.name != "title"
                    and s.id not in (shape_of[source].id, shape_of[target].id)
                ] + hanging
                found = route(_rect_in(shape_of[source]), _rect_in(shape_of[target]), obstacles)
                if found is not None and found.level:
                    polyline(slide, list(found.points), name=f"dotted:{source}>{target}", colour=GREY)
                    continue
                if found is not None:
                    routed_elbow(
                        slide,
                        shape_of[source],
                        found.begin_site,
                        shape_of[target],
                        found.end_site,
                        found.channel,
                        name=f"dotted:{source}>{target}",
                        colour=GREY,
                    )
                    continue
            for end, other, arrow in ((source, target, "→"), (target, source, "←")):
                if end in box_of:
                    there = self._first["role"] + self.page_of[other]
                    marks.setdefault(end, []).append((arrow, org.roles[other].title, there, other in box_of))
        return marks

    def dotted_marker(self, slide: Slide, box, shape, items: list[tuple[str, str, int, bool]]) -> None:
        """Under the box, left of its badge (and of the line down to its reports): 虚线汇报 → title,
        slide N when it fits, else shorter; linked to the other end's slide."""
        labels = self.labels
        x, w = shape.left / 914400, shape.width / 914400
        y = self._chart_top + box.y + box.h  # below the load strip too
        room = w - (self._badge_w[id(box)] + 0.05 if box.target is not None else 0.0)
        if box.children and not box.grid:
            room = min(room, w / 2 - 0.05)
        sep = "；" if is_chinese(self.org.lang) else "; "
        full = sep.join(labels["dotted_mark"].format(arrow=a, title=t, n=n + 1) for a, t, n, _ in items)
        arrow, title, n, same = items[0]
        texts = [full]
        if same:
            texts.append(labels["dotted_title"].format(arrow=arrow, title=title))
        texts += [labels["dotted_short"].format(arrow=arrow, n=n + 1), labels["dotted_tiny"].format(arrow=arrow)]
        text = next((t for t in texts if em_width(t) * 9 / 72 / 0.94 + 0.1 <= room), texts[-1])
        width = em_width(text) * 9 / 72 / 0.94 + 0.1
        marker = rounded_box(
            slide,
            x,
            y + BADGE_GAP,
            width,
            BADGE_H,
            name=f"dotted-mark:{box.item}",
            fill=rgb_fill(WHITE),
            line=outline(GREY, dash=True),
        )
        set_text(marker, [(text, 9, False)], self.fonts, color=GREY, margin_in=0.02)
        slide.link(marker, self.writer.slides[n])

    def legend(self, slide: Slide, page: Page, kind: str) -> None:
        if kind == "role":
            depts = list(
                dict.fromkeys(
                    self.org.roles[b.item].department_id for b in page.root.walk() if b.kind in ("role", "cont")
                )
            )
        else:
            depts = [b.item for b in page.root.walk() if b.kind in ("role", "cont")]
        x = MARGIN
        y = CONTENT_BOTTOM - LEGEND_H + 0.06
        more_w = 1.4  # room kept for "+N more"
        limit = SLIDE_W - MARGIN - 2.8
        for n, dept in enumerate(depts):
            name = self.org.departments[dept].name
            width = 0.25 + min(2.2, em_width(name) * 9 / 72 / 0.94 + 0.1)
            last = n == len(depts) - 1
            if x + width > limit - (0 if last else more_w):
                if last and limit - x >= 0.9:  # the one left: itself, its name shortened, not "+1 more"
                    width = limit - x
                else:
                    text_box(
                        slide,
                        x,
                        y - 0.06,
                        more_w,
                        0.3,
                        [(self.labels["legend_more"].format(n=len(depts) - n), 9, False)],
                        self.fonts,
                        name="legend:more",
                        color=GREY,
                    )
                    break
            chip = rounded_box(slide, x, y, 0.18, 0.18, name=f"legend:{dept}")
            self.paint(chip, dept)
            lines, size = fit_lines(name, width - 0.3, (9,), 1)
            text_box(
                slide,
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
    def role_lines(
        self, role_id: str, box_w: float, box_h: float, sizes=(10.5, 10, 9.5, 9)
    ) -> list[tuple[str, float, bool]]:
        """The title (its headcount never cut: wrapped to a third line, or smaller, before an
        ellipsis), then the holders or the filled/planned count."""
        role = self.org.roles[role_id]
        keep = f" ×{role.headcount}" if role.headcount > 1 else ""
        width = box_w - 0.1
        detail = self.role_detail(role)
        inner = box_h - 0.04
        out: list[tuple[str, float, bool]] = []
        if detail:
            d_lines, d_size = fit_lines(detail, width, (9,), 1)
            out = [(d_lines[0], d_size, False)]
            inner -= lines_height(1, d_size)
        lines, size = fit_block(role.title, width, inner, sizes, max_lines=3, keep=keep)
        return [(line, size, True) for line in lines] + out

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

    def draw_role(self, slide: Slide, box, x, y, sizes=(10.5, 10, 9.5, 9), *, scale: float = 1.0):
        """A role's box; with ``--load`` the box leaves a strip at the foot of its place in the layout
        free, and the role's A and R counts sit in it (no shape covers another). ``scale``: the box
        is that much larger than the chart's usual one, and so is its title."""
        if scale != 1.0:
            sizes = tuple(size * scale for size in sizes[:-1]) + (sizes[-1],)
        role = self.org.roles[box.item]
        strip = LOAD_STRIP if self.load else 0.0
        shape = rounded_box(slide, x, y, box.w, box.h - strip, name=f"{box.kind}:{box.item}")
        vacant = self.has_people and role.filled == 0
        self.paint(
            shape, role.department_id, vacant=vacant, dashed=box.kind == "cont" or (self.has_people and role.vacant > 0)
        )
        lines = self.role_lines(box.item, box.w, box.h - strip, sizes)
        set_text(shape, lines, self.fonts, color=DARK)
        if self.load and box.kind in ("role", "member"):
            self.load_marker(slide, box.item, x, y + box.h - strip, box.w)
        return shape

    def load_marker(self, slide: Slide, role_id: str, x: float, y: float, w: float) -> None:
        """The role's A and R counts under its box, left of the line down to its reports: the
        overloaded roles (the top tenth) show on the chart itself, in red."""
        a = len(self.org.activities_for(role_id, "A"))
        r = len(self.org.activities_for(role_id, "R"))
        label = self.labels["load_note"].format(a=a, r=r)
        mw = min(w / 2 - 0.06, em_width(label) * 9 / 72 / 0.94 + 0.1)
        heavy = a + r >= self._heavy
        red = RGBColor(*HEAT)
        marker = rounded_box(
            slide,
            x,
            y + 0.02,
            mw,
            LOAD_STRIP - 0.03,
            name=f"load:{role_id}",
            fill=rgb_fill(red if heavy else WHITE),
            line=outline(red if heavy else GREY, 0.75),
        )
        set_text(
            marker,
            [(label, 9, heavy)],
            self.fonts,
            color=WHITE if heavy else GREY,
            margin_in=0.02,
        )

    def head_text(self, dept) -> str:
        """负责人: the head's name and title (the title alone when nobody, or no name, is known)."""
        if not dept.head_id:
            return self.labels["none"]
        head = self.org.roles[dept.head_id]
        names = [p.name for p in head.people if p.name]
        if not names:
            return head.title
        return f"{names[0]}（{head.title}）" if is_chinese(self.org.lang) else f"{names[0]} ({head.title})"

    def draw_dept(self, slide: Slide, box, x, y, *, scale: float = 1.0):
        dept = self.org.departments[box.item]
        shape = rounded_box(slide, x, y, box.w, box.h, name=f"{'dept' if box.kind == 'role' else box.kind}:{box.item}")
        self.paint(shape, dept.id, dashed=box.kind == "cont")
        hc = self.org.headcount(dept.id)
        width = box.w - 0.1
        small = (9 * scale, 9) if scale != 1.0 else (9,)
        name, size = fit_lines(dept.name, width, (11 * scale, 10 * scale, 9 * scale, 9), 1)
        count, csize = fit_lines(f"{self.labels['people']} {hc.filled}/{hc.planned}", width, small, 1)
        room = box.h - 0.04 - lines_height(1, size) - lines_height(1, csize)
        head_lines, hsize = fit_block(f"{self.labels['head']}: {self.head_text(dept)}", width, room, small, max_lines=2)
        set_text(
            shape,
            [(name[0], size, True), *[(line, hsize, False) for line in head_lines], (count[0], csize, False)],
            self.fonts,
            color=DARK,
        )
        return shape

    # -- department and summary slides ------------------------------------------------------------
    def fill_row(
        self, table: Table, row: int, values: list[str], bold: bool = False, *, lines: int = 1, sizes=(12, 11, 10, 9)
    ) -> None:
        margin = emu(0.03)
        for col, value in enumerate(values):
            cell = table.cell(row, col)
            width = table.widths[col] / 914400 - 0.2
            text, size = fit_lines(value, width, sizes if lines > 1 else (12, 11, 10, 9), lines)
            set_text(
                cell,
                [(line, size, bold) for line in text],
                self.fonts,
                align=PP_ALIGN.LEFT if col == 0 else PP_ALIGN.CENTER,
            )
            cell.margins = f' marT="{margin}" marB="{margin}"'

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
            title = labels["summary"] + (labels["cont"] if n else "")  # one numbering: the slide's
            lines = [f"{d.name}: " + ", ".join(f"{c} {counts[d.id][c]}" for c in letters) for d in chunk]
            slide = self.slide(title, "\n".join(lines))
            if not self.org.activities:  # no RACI yet (a definition from a roster): say what to do
                panel = rounded_box(
                    slide, MARGIN, CHART_TOP, 5.6, 2.0, name="no-raci", fill=rgb_fill(story.PANEL), line=outline()
                )
                said, said_size = fit_block(self.labels["no_raci"], 5.2, 1.8, (16, 14, 12), max_lines=4)
                set_text(panel, [(line, said_size, False) for line in said], self.fonts, color=DARK)
                self.headcount_chart(slide, chunk)
                continue
            rows = len(chunk) + 1
            table = Table(
                "heatmap",
                emu(MARGIN),
                emu(CHART_TOP),
                emu(5.6),
                emu(min(0.36 * rows, AVAIL_H + LEGEND_H)),
                rows,
                len(letters) + 1,
            )
            slide.add(table)
            table.widths[0] = emu(5.6 - 0.7 * len(letters))
            for i in range(len(letters)):
                table.widths[i + 1] = emu(0.7)
            self.fill_row(table, 0, [labels["department"], *letters], bold=True)
            for r, dept in enumerate(chunk, start=1):
                self.fill_row(table, r, [dept.name, *[str(counts[dept.id][c]) for c in letters]])
                for i, letter in enumerate(letters):
                    share = counts[dept.id][letter] / top
                    table.cell(r, i + 1).fill = rgb_fill(RGBColor(*[int(255 - (255 - c) * share * 0.85) for c in HEAT]))
            self.headcount_chart(slide, chunk)

    def headcount_chart(self, slide, depts) -> None:
        labels = self.labels
        data = CategoryChartData()
        depts = list(reversed(depts))  # a bar chart's first category is at the bottom: the first department on top
        data.categories = [d.name for d in depts]
        data.add_series(labels["planned"], [self.org.headcount(d.id, subtree=False).planned for d in depts])
        data.add_series(labels["filled"], [self.org.headcount(d.id, subtree=False).filled for d in depts])
        self.native_chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            data,
            6.3,
            CHART_TOP,
            6.6,
            CONTENT_BOTTOM - CHART_TOP,
            labels["chart_title"],
            name="headcount-chart",
            legend=True,
        )

    def native_chart(self, slide: Slide, kind, data, x, y, w, h, title: str, *, name: str, legend=False):
        """A native chart with its title, fonts (East Asian included) and theme colours: python-pptx
        makes its part (and embedded workbook), the slide holds its frame."""
        chart_part = ChartPart.new(kind, data, self.prs.part.package)
        frame = ChartFrame(name, emu(x), emu(y), emu(w), emu(h), slide.relate_chart(chart_part))
        slide.add(frame)
        chart = chart_part.chart
        chart.has_legend = legend
        if legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        chart.has_title = True
        chart.chart_title.text_frame.text = title
        for paragraph in chart.chart_title.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(12)
                self.fonts.apply(run.font._rPr)
        chart.font.size = Pt(10)
        self.fonts.apply(chart.font._rPr)
        _unsigned_axis_ids(chart._chartSpace)
        return frame


def _scale_page(page: Page, metrics: Metrics, scale: float) -> Metrics:
    """Make a laid-out page ``scale`` times larger (every box and gap); returns the metrics to
    draw it with (a team frame's padding scaled too)."""
    for box in page.root.walk():
        box.x, box.y, box.w, box.h = box.x * scale, box.y * scale, box.w * scale, box.h * scale
    page.width, page.height = page.width * scale, page.height * scale
    return replace(metrics, frame_pad=metrics.frame_pad * scale)


def _rect_in(shape: Shape) -> tuple[float, float, float, float]:
    """A shape's (x0, y0, x1, y1) in inches."""
    e = 914400
    return (shape.left / e, shape.top / e, (shape.left + shape.width) / e, (shape.top + shape.height) / e)


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


def build_presentation(
    org: Organization, *, reference_deck: Path | None = None, date_text: str | None = None, load: bool = False
):
    """The deck, in the order of a management deck: title, agenda, 01 the team, 02 the structure,
    03 departments and roles, 04 responsibilities (with spans and layers)."""
    deck = _Deck(org, reference_deck, date_text, load=load)
    titles = [(r.title, f" ×{r.headcount}" if r.headcount > 1 else "") for r in org.roles.values()]
    box_w = 1.45
    inner = 0.62 - 0.04 - (LOAD_STRIP if load else 0.0) - (lines_height(1, 9) if org.people else 0.0)
    two_lines = min(2, int(inner / lines_height(1, 9) + 1e-9))
    # a title needing a third line at 10 pt makes every box a line taller: wrapped, not cut
    long_titles = any(len(wrap_ems(t + k, capacity(box_w - 0.1, 10))) > two_lines for t, k in titles)
    box_h = (0.8 if long_titles else 0.62) + (LOAD_STRIP if load else 0.0)
    deck.metrics = m = _metrics(box_w, box_h, h_gap=0.16, v_gap=0.34)
    dept_pages = _dept_pages(deck)
    role_pages = paginate(
        [r.id for r in org.root_roles],
        lambda r: org.roles[r].direct_report_ids,
        lambda r: (m.box_w, m.box_h),
        m,
        AVAIL_W,
        CHART_H,  # the chart starts 0.05 below CHART_TOP
    )
    deck.page_of = {b.item: i for i, p in enumerate(role_pages) for b in p.root.walk() if b.kind == "role"}
    labels = deck.labels
    parts = story.sections(labels)
    deck.title_slide()
    story.agenda_slide(deck)
    story.section_slide(deck, *parts[0])
    story.composition_slides(deck)
    story.section_slide(deck, *parts[1])
    deck.chart_pages("dept", dept_pages, deck.draw_dept, lambda p: _dept_notes(org, p))
    deck.chart_pages("role", role_pages, deck.draw_role, lambda p: _role_notes(org, p, deck.labels))
    story.section_slide(deck, *parts[2])
    for dept in org.walk_departments():
        if org.in_focus(dept.id):  # a department's view: the departments above are context on the chart only
            story.department_slide(deck, dept)
    story.section_slide(deck, *parts[3])
    deck.summary_slides()
    story.spans_slide(deck)
    when = build_time().replace(tzinfo=None)
    props = deck.prs.core_properties
    title = org.name if org.focus is None else f"{org.name} — {org.departments[org.focus].name}"
    props.title, props.subject, props.author = title, deck.labels["chart"], "officegen"
    props.last_modified_by = "officegen"
    props.created = props.modified = when
    props.revision = 1
    props.language = org.lang
    deck.writer.close_all()
    for part in deck.prs.part.package.iter_parts():
        if str(part.partname).endswith(".xlsx"):  # a chart's data, written with the clock's time
            part._blob = normalise_package(part.blob)
    return deck.prs


def _dept_pages(deck: _Deck) -> list[Page]:
    """The department overview: at the usual box size, or smaller boxes when that keeps it on one slide."""
    org = deck.org
    tried = None
    for narrowest, height, h_gap in ((1.42, 0.74, 0.12), (1.2, 0.74, 0.08), (1.0, 0.74, 0.06)):
        dept_m = _metrics(
            _dept_box_width(deck, narrowest, widest=2.2 if narrowest > 1.3 else narrowest + 0.3),
            height,
            h_gap=h_gap,
            v_gap=0.36,
        )
        pages = paginate(
            [d.id for d in org.root_departments],
            lambda d: org.departments[d].child_ids,
            _constant((dept_m.box_w, dept_m.box_h)),
            dept_m,
            AVAIL_W,
            AVAIL_H,
        )
        if tried is None:
            tried = pages
        if len(pages) == 1:
            return pages
    assert tried is not None  # the loop runs at least once
    return tried


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
    line (9 pt, on up to two lines) up to ``widest``, so that names are cut only when really long."""
    org, labels = deck.org, deck.labels
    need = 0.0
    for dept in org.departments.values():
        head = f"{labels['head']}: {deck.head_text(dept)}"
        need = max(need, em_width(dept.name) * 11 / 72, em_width(head) * 9 / 72 / 2)
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
    org: Organization,
    target: str | Path,
    *,
    reference_deck: Path | None = None,
    date_text: str | None = None,
    load: bool = False,
) -> Path:
    """Write the deck to ``target`` atomically and reproducibly; returns ``target``. ``load``: every
    chart box carries its A and R counts."""
    prs = build_presentation(org, reference_deck=reference_deck, date_text=date_text, load=load)
    return write_with(target, lambda tmp: write_opc_package(prs.part.package, tmp))


def _constant(value: tuple[float, float]) -> Callable[[str], tuple[float, float]]:
    """A box-size function giving every box the same size."""
    return lambda _item: value
