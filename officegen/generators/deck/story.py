"""The slides that tell the definition's story, in the genre of a management deck: the agenda,
numbered section dividers, the team as numbered cards, one slide per department (its part of the
chart, its headcount as figures, what it is accountable for, its RACI load) and the analytics of
spans and layers. Each slide is one function of the deck (``_Deck`` in slides.py) and a slide.
"""

from __future__ import annotations

from collections import Counter

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

from officegen.generators.deck.layout import Box, Measure, Metrics, layout
from officegen.generators.deck.shapes import (
    BULLET_INDENT,
    capacity,
    fit_block,
    fit_lines,
    lines_height,
    outline,
    rgb_fill,
    rounded_box,
    set_text,
    text_box,
    theme,
    wrap_ems,
)
from officegen.generators.deck.slidexml import Slide, Table
from officegen.i18n import join_list

GREY = RGBColor(0x59, 0x59, 0x59)
DARK = RGBColor(0x1F, 0x29, 0x37)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
PANEL = RGBColor(0xEA, 0xF1, 0xFA)  # the theme's lt2, for decks on a user's master too
LETTER_FILL = {"A": "C00000", "R": "F4B183", "S": "FFE699", "C": "BDD7EE", "I": "E2EFDA"}
CARDS_PER_SLIDE = 12


def scheme_name(theme_color) -> str:
    """accent1 for MSO_THEME_COLOR.ACCENT_1, and so on (the names set_text writes as a:schemeClr)."""
    return theme_color.xml_value


def _panel(shape, accent=None) -> None:
    """A light panel: no line, or a line in the department's accent."""
    shape.fill = rgb_fill(PANEL)
    shape.outline = outline(accent, 1.25 if accent is not None else None)


def top_departments(org) -> list:
    """The departments a reader thinks of as "the team's": the roots, or, below a single root
    (a company's one top department), its children."""
    tops = [d for d in org.root_departments if org.in_focus(d.id) or org.focus is None]
    while len(tops) == 1 and tops[0].child_ids:
        tops = [org.departments[c] for c in tops[0].child_ids]
    return tops


def sections(labels) -> list[tuple[str, str, str]]:
    return [
        ("01", labels["s_team"], labels["s_team_sub"]),
        ("02", labels["s_structure"], labels["s_structure_sub"]),
        ("03", labels["s_depts"], labels["s_depts_sub"]),
        ("04", labels["s_raci"], labels["s_raci_sub"]),
    ]


def agenda_slide(deck) -> None:
    labels = deck.labels
    items = sections(labels)
    slide = deck.bare_slide("agenda", "\n".join(f"{n} {t}: {s}" for n, t, s in items))
    shapes = slide
    if not deck.designed:
        _panel(rounded_box(shapes, 0.35, 0.35, 3.5, 6.6, name="agenda-panel"))
    text_box(shapes, 0.7, 2.6, 3.2, 0.9, [(labels["agenda"], 36, True)], deck.fonts, name="agenda-title", color=DARK)
    text_box(shapes, 0.7, 3.5, 3.2, 0.45, [(labels["agenda_en"], 14, False)], deck.fonts, name="agenda-sub", color=GREY)
    top, step = 1.0, 1.35
    for i, (number, title, sub) in enumerate(items):
        y = top + i * step
        mark = rounded_box(
            shapes,
            5.0,
            y,
            0.95,
            0.95,
            name=f"agenda-number:{number}",
            fill=theme(MSO_THEME_COLOR.ACCENT_1),
            line=outline(),
        )
        set_text(mark, [(number, 24, True)], deck.fonts, color=WHITE)
        lines, size = fit_block(title, 6.8, 0.5, (24, 20, 18), max_lines=1)
        text_box(
            shapes, 6.25, y, 6.8, 0.5, [(lines[0], size, True)], deck.fonts, name=f"agenda-item:{number}", color=DARK
        )
        lines, size = fit_block(sub, 6.8, 0.42, (14, 12, 11, 10), max_lines=1)
        text_box(
            shapes,
            6.25,
            y + 0.52,
            6.8,
            0.42,
            [(lines[0], size, False)],
            deck.fonts,
            name=f"agenda-sub:{number}",
            color=GREY,
        )


def section_slide(deck, number: str, title: str, sub: str) -> None:
    slide = deck.bare_slide("section", f"{number} {title}: {sub}")
    shapes = slide
    number_colour = WHITE if deck.designed else None
    if not deck.designed:
        rounded_box(
            shapes, 0.35, 0.35, 4.0, 6.8, name="section-band", fill=theme(MSO_THEME_COLOR.ACCENT_1), line=outline()
        )
        number_colour = WHITE
    text_box(
        shapes,
        0.6,
        2.45,
        3.6,
        2.0,
        [(number, 96, True)],
        deck.fonts,
        name="section-number",
        align=PP_ALIGN.CENTER,
        anchor=MSO_ANCHOR.MIDDLE,
        color=number_colour,
    )
    lines, size = fit_block(title, 7.4, 1.4, (40, 36, 32, 28), max_lines=2)
    text_box(
        shapes,
        5.3,
        4.1 - 1.4,
        7.4,
        1.4,
        [(line, size, True) for line in lines],
        deck.fonts,
        name="section-title",
        anchor=MSO_ANCHOR.BOTTOM,
        color=DARK,
    )
    lines, size = fit_block(sub, 7.4, 1.0, (18, 16, 14), max_lines=2)
    text_box(
        shapes, 5.3, 4.45, 7.4, 1.0, [(line, size, False) for line in lines], deck.fonts, name="section-sub", color=GREY
    )


# -- 01: the team as numbered cards ------------------------------------------------------------


def composition_slides(deck) -> None:
    org, labels = deck.org, deck.labels
    tops = top_departments(org)
    for start in range(0, len(tops), CARDS_PER_SLIDE):
        chunk = tops[start : start + CARDS_PER_SLIDE]
        title = labels["composition"] + (labels["cont"] if start else "")
        note = "\n".join(
            f"{start + i + 1:02d} {d.name}: {d.description or labels['no_function']}" for i, d in enumerate(chunk)
        )
        slide = deck.slide(title, note)
        _cards(deck, slide, chunk, start)


def _cards(deck, shapes, depts, start: int) -> None:
    org, labels = deck.org, deck.labels
    n = len(depts)
    cols = n if n <= 3 else 3 if n <= 6 else 4
    rows = -(-n // cols)
    x0, y0, width, height, gap = 0.35, 1.3, 12.63, 5.6, 0.22
    card_w = (width - (cols - 1) * gap) / cols
    most = (height - (rows - 1) * gap) / rows
    # as tall as the longest function needs at 12 pt (no empty half-cards), at most what is there
    need = max(
        lines_height(len(wrap_ems(d.description or labels["no_function"], capacity(card_w - 0.3, 12))), 12)
        for d in depts
    )
    card_h = max(1.6, min(most, 2.7, need + 0.75 + 0.45))
    y0 += (height - rows * card_h - (rows - 1) * gap) / 2
    for i, dept in enumerate(depts):
        x = x0 + (i % cols) * (card_w + gap)
        y = y0 + (i // cols) * (card_h + gap)
        accent = deck.accent(dept.id)
        card = rounded_box(shapes, x, y, card_w, card_h, name=f"card:{dept.id}")
        _panel(card, accent)
        card.adjust = 0.06
        number = f"{start + i + 1:02d}"
        text_box(
            shapes,
            x + 0.15,
            y + 0.12,
            0.8,
            0.5,
            [(number, 24, True)],
            deck.fonts,
            name=f"card-number:{dept.id}",
            anchor=MSO_ANCHOR.MIDDLE,
            color=scheme_name(accent),
        )
        name_lines, name_size = fit_block(dept.name, card_w - 1.1, 0.5, (16, 14, 12, 11, 10), max_lines=1)
        text_box(
            shapes,
            x + 0.95,
            y + 0.12,
            card_w - 1.1,
            0.5,
            [(name_lines[0], name_size, True)],
            deck.fonts,
            name=f"card-name:{dept.id}",
            anchor=MSO_ANCHOR.MIDDLE,
            color=DARK,
        )
        hc = org.headcount(dept.id)
        facts = labels["card_people" if deck.has_people else "card_planned"].format(p=hc.planned, f=hc.filled)
        body_h = card_h - 0.75 - 0.38
        body, size = fit_block(
            dept.description or labels["no_function"], card_w - 0.3, body_h, (12, 11, 10.5, 10, 9.5, 9)
        )
        text_box(
            shapes,
            x + 0.15,
            y + 0.7,
            card_w - 0.3,
            body_h,
            [(line, size, False) for line in body],
            deck.fonts,
            name=f"card-text:{dept.id}",
            color=DARK,
        )
        fact_lines, fsize = fit_lines(facts, card_w - 0.3, (10, 9), 1)
        text_box(
            shapes,
            x + 0.15,
            y + card_h - 0.36,
            card_w - 0.3,
            0.3,
            [(fact_lines[0], fsize, False)],
            deck.fonts,
            name=f"card-facts:{dept.id}",
            color=GREY,
        )


# -- figures ---------------------------------------------------------------------------------


def figure(deck, shapes, x, y, w, h, value: str, label: str, *, name: str, accent=MSO_THEME_COLOR.ACCENT_1) -> None:
    """A big number over its label, on a panel."""
    card = rounded_box(shapes, x, y, w, h, name=f"figure:{name}")
    _panel(card)
    value_lines, vsize = fit_block(value, w - 0.2, h * 0.6, (32, 28, 24, 20, 16), max_lines=1)
    label_lines, lsize = fit_block(label, w - 0.2, h * 0.34, (11, 10, 9), max_lines=2)
    text_box(
        shapes,
        x + 0.1,
        y + 0.05,
        w - 0.2,
        h * 0.6,
        [(value_lines[0], vsize, True)],
        deck.fonts,
        name=f"figure-value:{name}",
        align=PP_ALIGN.CENTER,
        anchor=MSO_ANCHOR.BOTTOM,
        color=scheme_name(accent),
    )
    text_box(
        shapes,
        x + 0.1,
        y + 0.05 + h * 0.6,
        w - 0.2,
        h * 0.34,
        [(line, lsize, False) for line in label_lines],
        deck.fonts,
        name=f"figure-label:{name}",
        align=PP_ALIGN.CENTER,
        color=GREY,
    )


# -- 03: one slide per department ---------------------------------------------------------------

LEFT_W = 7.5
RIGHT_X = 8.15
RIGHT_W = 13.333 - 0.35 - RIGHT_X
TOP = 1.25
BOTTOM = 6.95


def department_letters(deck) -> dict[str, Counter]:
    """RACI letters per department (its own roles), counted once for the deck."""
    if getattr(deck, "_letters", None) is None:
        org = deck.org
        deck._letters = {d: Counter() for d in org.departments}
        for activity in org.activities:
            for role_id, value in activity.assignments:
                for letter in value:
                    deck._letters[org.roles[role_id].department_id][letter] += 1
    return deck._letters


def department_slide(deck, dept) -> None:
    org, labels = deck.org, deck.labels
    roles = [org.roles[r] for r in dept.role_ids]
    key = list({a.id: a for role in roles for a in org.activities_for(role.id, "A")}.values())
    note = [dept.name, dept.description or labels["no_function"]]
    note += [f"{r.title}: {r.headcount}" for r in roles]
    note += [a.name for a in key]
    slide = deck.slide(dept.name, "\n".join(note))
    shapes = slide
    rest = _department_chart(deck, shapes, dept, roles)
    # figures: 编制 / 在岗 / 空缺
    hc = org.headcount(dept.id, subtree=False)
    gap = 0.12
    fw = (RIGHT_W - 2 * gap) / 3
    values = [
        (str(hc.planned), labels["headcount"]),
        (str(hc.filled) if deck.has_people else "—", labels["filled"]),
        (str(hc.vacant) if deck.has_people else "—", labels["vacant_big"]),
    ]
    accents = (MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_5, MSO_THEME_COLOR.ACCENT_3)
    for i, (value, label) in enumerate(values):
        figure(
            deck,
            shapes,
            RIGHT_X + i * (fw + gap),
            TOP,
            fw,
            1.05,
            value,
            label,
            name=f"{dept.id}:{i}",
            accent=accents[i],
        )
    y = TOP + 1.05 + 0.2
    # RACI load at the foot
    letters = list(org.scheme_letters)
    counts = department_letters(deck)[dept.id]
    load_top = BOTTOM - 0.85
    text_box(
        shapes,
        RIGHT_X,
        load_top,
        RIGHT_W,
        0.3,
        [(labels["raci_load"], 12, True)],
        deck.fonts,
        name="load-title",
        color=DARK,
    )
    chip_gap = 0.1
    cw = (RIGHT_W - (len(letters) - 1) * chip_gap) / max(1, len(letters))
    if not org.activities:  # a definition from a roster: nothing to count yet, say what to do
        lines, size = fit_block(labels["no_raci"], RIGHT_W, 0.48, (11, 10, 9), max_lines=2)
        text_box(
            shapes,
            RIGHT_X,
            load_top + 0.36,
            RIGHT_W,
            0.48,
            [(line, size, False) for line in lines],
            deck.fonts,
            name="no-raci",
            color=GREY,
        )
        letters = []
    for i, letter in enumerate(letters):
        fill = RGBColor.from_string(LETTER_FILL.get(letter, "D9D9D9"))
        chip = rounded_box(
            shapes,
            RIGHT_X + i * (cw + chip_gap),
            load_top + 0.36,
            cw,
            0.48,
            name=f"load-chip:{letter}",
            fill=rgb_fill(fill),
            line=outline(),
        )
        set_text(
            chip,
            [(labels["load_letter"].format(letter=letter, n=counts[letter]), 14, True)],
            deck.fonts,
            color=WHITE if letter == "A" else DARK,
        )
    # function, then the accountable activities in what is left
    _function_and_activities(deck, shapes, dept, key, y, load_top - 0.1 - y)
    if rest:
        roles_continued(deck, dept, rest)


def _function_and_activities(deck, shapes, dept, key, y: float, room: float) -> None:
    """The department's function, then its accountable activities as bullets, at the largest size
    (14 pt down to 10.5) at which the function is whole and every activity fits; else at the
    smallest, with as many activities as fit and a line saying how many more."""
    labels = deck.labels
    function = dept.description or labels["no_function"]
    head = lines_height(1, 12) + 0.1
    width = RIGHT_W - 0.1
    bullet_w = width - BULLET_INDENT
    for size in (14, 13, 12, 11, 10.5):
        f_lines = wrap_ems(function, capacity(width, size))
        f_h = head + lines_height(len(f_lines), size)
        if f_h + 0.1 + head + lines_height(max(1, len(key)), size) > room + 1e-9:
            continue  # a line per activity at least: this size cannot fit, no need to measure them
        a_h = head + sum(lines_height(len(wrap_ems(a.name, capacity(bullet_w, size))), size) for a in key)
        if not key:
            a_h += lines_height(1, size)
        if f_h + 0.1 + a_h <= room and f_h <= room * 0.5:
            break
    else:
        size = 10.5
        f_lines, _ = fit_block(function, width, room * 0.4 - head, (size,))
        f_h = head + lines_height(len(f_lines), size)
    text_box(
        shapes,
        RIGHT_X,
        y,
        RIGHT_W,
        f_h,
        [(labels["function"], 12, True)] + [(line, size, False) for line in f_lines],
        deck.fonts,
        name="function",
        color=DARK,
    )
    _activities(deck, shapes, key, RIGHT_X, y + f_h + 0.1, RIGHT_W, room - f_h - 0.1, size)


def _activities(deck, shapes, key, x, y, w, h, size: float = 11) -> None:
    labels = deck.labels
    paragraphs: list[tuple] = [(labels["key_activities"], 12, True)]
    used = lines_height(1, 12) + 0.1
    width = w - BULLET_INDENT - 0.1
    shown = 0
    for i, activity in enumerate(key):
        lines = wrap_ems(activity.name, capacity(width, size))
        left = len(key) - i - 1
        need = lines_height(len(lines), size) + (lines_height(1, size) if left else 0)
        if used + need > h:
            break
        paragraphs.append((activity.name, size, False, True))
        used += lines_height(len(lines), size)
        shown += 1
    if shown < len(key):
        paragraphs.append((labels["and_more"].format(n=len(key) - shown), size, False))
    if not key:
        paragraphs.append((labels["none"], size, False))
    text_box(shapes, x, y, w, h, paragraphs, deck.fonts, name="activities", color=DARK)


def _department_chart(deck, shapes, dept, roles) -> list:
    """The department's part of the chart, as large as the left column allows, and under it, when
    there is room, its roles with their full titles and headcount; returns the roles it had no
    room to list (the chart shows every role: none then)."""
    org, labels = deck.org, deck.labels
    ids = {r.id for r in roles}
    tops = [r.id for r in roles if org.roles[r.id].reports_to_id not in ids]
    text_box(
        shapes,
        0.35,
        TOP - 0.05,
        LEFT_W,
        0.32,
        [(labels["dept_chart"], 12, True)],
        deck.fonts,
        name="chart-title",
        color=DARK,
    )
    area_top, area_h = TOP + 0.35, BOTTOM - TOP - 0.35
    first = len(shapes.shapes)
    best = None
    if roles and len(roles) <= 40:
        base = deck.metrics

        def reports(role_id: str) -> list[str]:
            return [c for c in org.roles[role_id].direct_report_ids if c in ids]

        # the sizes tried are measured (each subtree's contour once), only the one drawn is laid out
        measure = Measure(reports, lambda _role, m: (m.box_w, m.box_h), lambda _role: len(roles))
        for scale in (1.6, 1.35, 1.2, 1.0):
            m = Metrics(
                box_w=base.box_w * scale,
                box_h=base.box_h * scale,
                h_gap=base.h_gap,
                v_gap=base.v_gap * min(scale, 1.2),
                stack_gap=0.14,
                spine_gap=base.spine_gap,
                max_cols=max(1, int((LEFT_W + 0.16) // (base.box_w * scale + 0.16))),
                max_stack_rows=6,
            )
            width, height = measure.extent(tops, m)
            if width <= LEFT_W + 1e-6 and height <= area_h + 1e-6:
                root = _tree(org, tops, ids, m)
                width, height = layout(root, m)
                best = (root, m, width, height, scale)
                break
    used = 0.0
    base = deck.metrics
    # roles whose titles the organisation chart had to shorten: they are listed in full here
    cut = [r for r in roles if any("…" in t for t, *_ in deck.role_lines(r.id, base.box_w, base.box_h))]
    if best is not None:
        root, m, width, height, scale = best
        sizes = tuple(s * scale for s in (10.5, 10, 9.5)) + (9.0,)

        def draw(shapes_, box, x, y):
            return deck.draw_role(shapes_, box, x, y, sizes=sizes)

        deck.draw_tree(shapes, root, m, 0.35 + (LEFT_W - width) / 2, area_top, draw)
        used = height + 0.3
        cut = [r for r in cut if any("…" in t for t, *_ in deck.role_lines(r.id, m.box_w, m.box_h, sizes))]
    room = area_h - used
    if room < 0.9 and best is not None:
        return cut
    # the roles, those with shortened titles first; the ones left over continue when shortened elsewhere
    listed = cut + [r for r in roles if r not in cut]
    shown = _roles_table(deck, shapes, listed, 0.35, area_top + used, LEFT_W, room, continued=cut)
    _centre_vertically(shapes, first, area_top, area_h)
    return [r for r in listed[shown:] if r in cut]


def _centre_vertically(slide: Slide, first: int, top: float, height: float) -> None:
    """Move the shapes from index ``first`` on down, so that what they take of ``height`` is centred
    in it (a small department's chart and list do not leave the column's lower half empty)."""
    drawn = slide.shapes[first:]
    if not drawn:
        return
    bottom = max(s.top + s.height for s in drawn if not s.connector) / 914400
    shift = (top + height - bottom) / 2
    if shift <= 0.05:
        return
    delta = _emu(shift)
    for shape in drawn:
        shape.top = shape.top + delta


def _tree(org, tops, ids, m: Metrics) -> Box:
    def box(role_id: str) -> Box:
        b = Box(f"member:{role_id}", "member", role_id, m.box_w, m.box_h)
        b.children = [box(c) for c in org.roles[role_id].direct_report_ids if c in ids]
        return b

    boxes = [box(t) for t in tops]
    if len(boxes) == 1:
        return boxes[0]
    root = Box("root", "root", None, 0.0, 0.0)
    root.children = boxes
    return root


def _roles_table(deck, shapes, roles, x, y, w, h, *, continued=None, more_row: bool = True) -> int:
    """The roles with their full titles (up to three lines), headcount and filled; as many as the
    height allows, then a row saying how many more there are: on the next slide (those in
    ``continued``), or on the organisation chart. Returns how many roles it shows."""
    labels = deck.labels
    widths = (w - 2.2, 1.1, 1.1)
    one = 0.3
    heights = [one]
    rows: list[list[str]] = [[labels["roles"], labels["headcount"], labels["filled"]]]
    shown = 0
    for i, role in enumerate(roles):
        lines, _ = fit_lines(role.title, widths[0] - 0.2, (11, 10, 9), 3)
        row_h = one + (len(lines) - 1) * lines_height(1, 11)
        left = len(roles) - i - 1
        if sum(heights) + row_h + (one if left and more_row else 0) > h + 1e-6:
            if not more_row:
                break
            rest = roles[i:]
            later = sum(1 for r in rest if continued is not None and r in continued)
            key = "more_roles" if later else "more_on_chart"
            rows.append([labels[key].format(n=later or len(rest)), "", ""])
            heights.append(one)
            break
        rows.append([role.title, str(role.headcount), str(role.filled) if deck.has_people else "—"])
        heights.append(row_h)
        shown += 1
    table = Table("roles", _emu(x), _emu(y), _emu(w), _emu(sum(heights)), len(rows), 3)
    shapes.add(table)
    for i, cw in enumerate(widths):
        table.widths[i] = _emu(cw)
    for i, (values, row_h) in enumerate(zip(rows, heights)):
        table.heights[i] = _emu(row_h)
        deck.fill_row(table, i, values, bold=i == 0, lines=3, sizes=(11, 10, 9))
    return shown


def roles_continued(deck, dept, roles) -> None:
    """The roles a department slide had no room for: two tables side by side, as many slides as needed."""
    labels = deck.labels
    while roles:
        slide = deck.slide(dept.name + labels["cont"], "\n".join(f"{r.title}: {r.headcount}" for r in roles))
        half = (12.63 - 0.3) / 2
        shown = _roles_table(deck, slide, roles, 0.35, TOP, half, BOTTOM - TOP, more_row=False)
        rest = roles[shown:]
        shown2 = 0
        if rest:
            shown2 = _roles_table(deck, slide, rest, 0.35 + half + 0.3, TOP, half, BOTTOM - TOP, continued=rest)
        roles = rest[shown2:]


def _emu(inches: float):
    from officegen.generators.deck.shapes import emu

    return emu(inches)


# -- 04: spans and layers ----------------------------------------------------------------------


def spans(org) -> dict:
    """Span of control (people reporting directly) per manager role, the number of layers,
    managers with a single report, vacancies by department."""
    managers = []
    for role in org.roles_in_org_order():
        if role.direct_report_ids:
            span = sum(org.roles[r].headcount for r in role.direct_report_ids)
            managers.append((role, span))
    depths = [r.depth for r in org.roles.values()]
    layers = (max(depths) - min(depths) + 1) if depths else 0
    vacancies = []
    for dept in org.walk_departments():
        if dept.role_ids and org.in_focus(dept.id):
            hc = org.headcount(dept.id, subtree=False)
            vacancies.append((dept, hc.vacant))
    return {
        "managers": managers,
        "layers": layers,
        "one": [role for role, span in managers if span == 1],
        "vacancies": vacancies,
    }


def spans_slide(deck) -> None:
    org, labels = deck.org, deck.labels
    facts = spans(org)
    managers, one = facts["managers"], facts["one"]
    avg = sum(s for _, s in managers) / len(managers) if managers else 0.0
    sep_list = join_list([r.title for r in one], org.lang)
    note = [
        f"{labels['layers']}: {facts['layers']}",
        f"{labels['managers']}: {len(managers)}",
        f"{labels['avg_span']}: {avg:.1f}",
        labels["one_report_list"].format(list=sep_list or labels["none"]),
    ]
    note += [f"{r.title}: {s}" for r, s in managers]
    note += [f"{d.name}: {labels['vacant']} {v}" for d, v in facts["vacancies"]]
    slide = deck.slide(labels["spans"], "\n".join(note))
    shapes = slide
    gap = 0.2
    fw = (12.63 - 3 * gap) / 4
    cards = [
        (labels["layers_unit"].format(n=facts["layers"]), labels["layers"], MSO_THEME_COLOR.ACCENT_1),
        (str(len(managers)), labels["managers"], MSO_THEME_COLOR.ACCENT_2),
        (f"{avg:.1f}", labels["avg_span"], MSO_THEME_COLOR.ACCENT_5),
        (str(len(one)), labels["one_report"], MSO_THEME_COLOR.ACCENT_3),
    ]
    for i, (value, label, accent) in enumerate(cards):
        figure(deck, shapes, 0.35 + i * (fw + gap), TOP, fw, 1.1, value, label, name=f"spans:{i}", accent=accent)
    y = TOP + 1.1 + 0.12
    lines, size = fit_lines(labels["one_report_list"].format(list=sep_list or labels["none"]), 12.63, (11, 10, 9), 1)
    text_box(shapes, 0.35, y, 12.63, 0.3, [(lines[0], size, False)], deck.fonts, name="one-report", color=GREY)
    top = y + 0.42
    height = BOTTOM - top
    # span of control: per manager (the widest first) when they fit, else as a distribution
    if not managers:
        box = rounded_box(shapes, 0.35, top, 6.2, height, name="span-panel")
        _panel(box)
        set_text(box, [(labels["span_chart"], 14, True), (labels["none"], 12, False)], deck.fonts, color=DARK)
    else:
        data = CategoryChartData()
        if len(managers) <= 14:
            ranked = sorted(managers, key=lambda rs: rs[1])  # the first category is drawn at the bottom
            data.categories = [r.title for r, _ in ranked]
            data.add_series(labels["span_axis"], [s for _, s in ranked])
            title, kind = labels["span_chart"], XL_CHART_TYPE.BAR_CLUSTERED
        else:
            bins = Counter(min(s, 15) for _, s in managers)
            data.categories = [str(n) if n < 15 else "15+" for n in range(1, 16)]
            data.add_series(labels["managers_axis"], [bins.get(n, 0) for n in range(1, 16)])
            title, kind = labels["span_dist"], XL_CHART_TYPE.COLUMN_CLUSTERED
        deck.native_chart(slide, kind, data, 0.35, top, 6.2, height, title, name="span-chart")
    # vacancies by department, the most first
    vacant = sorted([dv for dv in facts["vacancies"] if dv[1] > 0], key=lambda dv: dv[1])[-12:]  # the most on top
    if deck.has_people and vacant:
        data = CategoryChartData()
        data.categories = [d.name for d, _ in vacant]
        data.add_series(labels["vacant_big"], [v for _, v in vacant])
        deck.native_chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            data,
            6.78,
            top,
            6.2,
            height,
            labels["vacancy_chart"],
            name="vacancy-chart",
        )
    else:
        message = labels["no_vacancies"] if deck.has_people else labels["no_people"]
        box = rounded_box(shapes, 6.78, top, 6.2, height, name="vacancy-panel")
        _panel(box)
        set_text(box, [(labels["vacancy_chart"], 14, True), (message, 12, False)], deck.fonts, color=DARK)
