"""A layout check of a generated deck, read back with python-pptx: what a reader would notice.

- no text overlaps other text (boxes, badges, markers, titles, cards; by their text areas);
- no text runs outside its box by the project's own measure (officegen/office/textwidth.py);
- nothing off the slide, nothing over the footer band of the designed layouts;
- no text below a readable size (9 pt);
- every role's full title on some slide;
- every dotted line drawn, or marked at both ends with a link;
- one numbering (no "第 1/2 页" in titles), no legend that says "+1 more".
"""

from __future__ import annotations

import re

from pptx.oxml.ns import qn

from officegen.generators.deck.shapes import BULLET_INDENT, LINE, MIN_PT
from officegen.generators.deck.theme import FOOTER_Y
from officegen.office.textwidth import em_width, wrap

EMU = 914400
SLIDE_W, SLIDE_H = 12192000 / EMU, 6858000 / EMU
SLACK = 0.005  # inches: rounding of EMU


def _inches(v) -> float:
    return (v or 0) / EMU


def _text_area(shape):
    tf = shape.text_frame
    x, y, w, h = _inches(shape.left), _inches(shape.top), _inches(shape.width), _inches(shape.height)
    body = tf._txBody.find(qn("a:bodyPr"))

    def inset(attr, default):
        value = body.get(attr)
        return int(value) / EMU if value is not None else default

    left, right = inset("lIns", 0.1), inset("rIns", 0.1)
    top, bottom = inset("tIns", 0.05), inset("bIns", 0.05)
    return x + left, y + top, w - left - right, h - top - bottom


def _paragraphs(shape):
    """(text, size in pt, bullet) per paragraph."""
    out = []
    for p in shape.text_frame._txBody.findall(qn("a:p")):
        text = "".join(t.text or "" for t in p.iter(qn("a:t")))
        sizes = [int(r.get("sz")) / 100 for r in p.iter(qn("a:rPr")) if r.get("sz")]
        p_pr = p.find(qn("a:pPr"))
        bullet = p_pr is not None and p_pr.find(qn("a:buChar")) is not None
        out.append((text, max(sizes) if sizes else 18.0, bullet))
    return out


def _overlap(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return min(ax + aw, bx + bw) - max(ax, bx) > 0.01 and min(ay + ah, by + bh) - max(ay, by) > 0.01


def check_deck(prs, org=None) -> list[str]:
    """Every problem found, one line each (empty: the deck passes)."""
    problems: list[str] = []
    texts: list[str] = []
    for number, slide in enumerate(prs.slides, start=1):
        layout = slide.slide_layout.name
        text_areas = []
        for shape in slide.shapes:
            where = f"slide {number} {shape.name!r}"
            x, y = _inches(shape.left), _inches(shape.top)
            w, h = _inches(shape.width), _inches(shape.height)
            if shape._element.tag != qn("p:cxnSp"):  # a connector's box is rotated: its ends are checked elsewhere
                if x < -SLACK or y < -SLACK or x + w > SLIDE_W + SLACK or y + h > SLIDE_H + SLACK:
                    problems.append(f"{where}: off the slide ({x:.2f}, {y:.2f}, {w:.2f} x {h:.2f})")
            if shape.has_table:
                problems += _check_table(shape, where)
                texts += [c.text for row in shape.table.rows for c in row.cells]
                if layout in ("content", "chart", "agenda") and y + h > FOOTER_Y - 0.04 + SLACK:
                    problems.append(f"{where}: runs into the footer")
                continue
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            texts.append(shape.text_frame.text)
            if shape.name == "title" and re.search(r"第 ?\d+ ?/ ?\d+ ?页|\b\d+/\d+$", shape.text_frame.text):
                problems.append(f"{where}: a page count beside the slide numbers ({shape.text_frame.text!r})")
            if shape.name == "legend:more" and re.search(r"(^|\D)1\D", shape.text_frame.text):
                problems.append(f"{where}: {shape.text_frame.text!r} stands for one department (show it)")
            area = _text_area(shape)
            text_areas.append((shape.name, area))
            problems += _check_fit(shape, area, where)
            if layout in ("content", "chart", "agenda") and y + h > FOOTER_Y - 0.04 + SLACK:
                problems.append(f"{where}: runs into the footer")
        for i, (name_a, a) in enumerate(text_areas):
            for name_b, b in text_areas[i + 1 :]:
                if _overlap(a, b):
                    problems.append(f"slide {number}: {name_a!r} and {name_b!r} overlap")
    if org is not None:
        problems += _check_boxes(prs, org)
        problems += _check_titles(org, texts)
        problems += _check_dotted(prs, org)
    return problems


def _check_fit(shape, area, where: str) -> list[str]:
    out = []
    _, _, width, height = area
    used = 0.0
    for text, size, bullet in _paragraphs(shape):
        if size < MIN_PT:
            out.append(f"{where}: {size} pt is below {MIN_PT} pt")
        line_w = width - (BULLET_INDENT if bullet else 0.0)
        capacity = line_w * 72 / size
        if bullet:
            lines = len(wrap(text, capacity, em_width)) if text else 1
        else:
            lines = 1
            if em_width(text) > capacity + 1e-6:
                out.append(
                    f"{where}: {text!r} at {size} pt is wider than its box ({em_width(text) * size / 72:.2f} > {line_w:.2f} in)"
                )
        used += lines * size * LINE / 72
    if used > height + 0.02:
        out.append(f"{where}: its text needs {used:.2f} in, the box has {height:.2f}")
    return out


def _check_table(shape, where: str) -> list[str]:
    out = []
    table = shape.table
    for r, row in enumerate(table.rows):
        row_h = _inches(row.height)
        for c, cell in enumerate(row.cells):
            width = _inches(table.columns[c].width) - _inches(cell.margin_left) - _inches(cell.margin_right)
            used = 0.0
            for text, size, _ in _paragraphs(cell):
                if size < MIN_PT:
                    out.append(f"{where} cell {r},{c}: {size} pt is below {MIN_PT} pt")
                if em_width(text) > width * 72 / size + 1e-6:
                    out.append(f"{where} cell {r},{c}: {text!r} is wider than its column")
                used += size * LINE / 72
            if used > row_h - _inches(cell.margin_top) - _inches(cell.margin_bottom) + 0.09:
                out.append(f"{where} cell {r},{c}: {used:.2f} in of text in a {row_h:.2f} in row")
    return out


def _check_boxes(prs, org) -> list[str]:
    """A chart box never loses its headcount (×8), and its badge hangs wholly below it."""
    out = []
    for number, slide in enumerate(prs.slides, start=1):
        shapes = {s.name: s for s in slide.shapes}
        for name, shape in shapes.items():
            if not name.startswith(("role:", "member:")):
                continue
            role = org.roles[name.split(":", 1)[1]]
            if role.headcount > 1 and f"×{role.headcount}" not in _squash(shape.text_frame.text):
                out.append(f"slide {number} {name!r}: the headcount ×{role.headcount} is lost")
            badge = shapes.get(f"more:{role.id}")
            if name.startswith("role:") and badge is not None and badge.top < shape.top + shape.height:
                out.append(f"slide {number} {name!r}: its badge covers the box")
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_titles(org, texts: list[str]) -> list[str]:
    """Every role's full title (no ellipsis) in some text of some slide, line breaks aside."""
    joined = "\u0000".join(_squash(t) for t in texts)
    return [
        f"role {role.id!r}: its full title {role.title!r} is on no slide"
        for role in org.roles.values()
        if _squash(role.title) not in joined
    ]


def _check_dotted(prs, org) -> list[str]:
    """Each dotted line is a drawn line between the two boxes on one slide, or a marker under each
    end that links to the slide of the other."""
    where: dict[str, int] = {}
    drawn: set[tuple[str, str]] = set()
    marks: dict[str, list[tuple[int | None, str]]] = {}
    index = {s.part.partname: i for i, s in enumerate(prs.slides, start=1)}
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if shape.name.startswith("role:"):
                where[shape.name[5:]] = number
            elif shape.name.startswith("dotted:"):
                source, target = shape.name[7:].split(">")
                drawn.add((source, target))
            elif shape.name.startswith("dotted-mark:"):
                rel = shape._element.find(f".//{qn('a:hlinkClick')}")
                part = slide.part.related_part(rel.get(qn("r:id"))) if rel is not None else None
                marks.setdefault(shape.name[12:], []).append(
                    (index.get(part.partname) if part else None, shape.text_frame.text)
                )
    out = []

    def marked(end: str, other: str) -> bool:
        """A marker at ``end`` that links to ``other``'s slide or names it."""
        return any(n == where.get(other) or org.roles[other].title in text for n, text in marks.get(end, []))

    for role in org.roles.values():
        for other in role.dotted_line_to:
            if (role.id, other) in drawn:
                if where.get(role.id) != where.get(other):
                    out.append(f"dotted line {role.id} > {other}: drawn across slides")
                continue
            for end, far in ((role.id, other), (other, role.id)):
                if not marked(end, far):
                    out.append(f"dotted line {role.id} > {other}: nothing at {end} (slide {where.get(end)}) marks it")
    return out
