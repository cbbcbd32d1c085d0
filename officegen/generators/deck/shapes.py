"""Drawing primitives for the deck: text that fits, boxes, attached elbow connectors, links.

python-pptx writes an elbow connector as an unrotated ``bentConnector3``, which PowerPoint draws
sideways (across, down, across) until a box is moved; LibreOffice reroutes and hides it. An
org chart wants down-across-down, so the geometry is written rotated a quarter turn, the way
PowerPoint itself stores it, with the connection references (stCxn/endCxn) set through
python-pptx so moving a box in PowerPoint keeps the line attached.
"""

from __future__ import annotations

from lxml.etree import SubElement
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from officegen.office.fonts import alt_lang_tag, drawing_rpr_fonts, east_asian_font, lang_tag
from officegen.office.textwidth import em_width, wrap

EMU_PER_INCH = 914400
MIN_PT = 9.0
BULLET_INDENT = 0.2  # inches: a bullet's hanging indent
QUARTER_TURN = 5400000  # 90 degrees in 60,000ths


def emu(inches: float) -> Emu:
    return Emu(int(round(inches * EMU_PER_INCH)))


class Fonts:
    """Latin and East Asian typefaces for runs: explicit by default, theme fonts with a user's deck."""

    def __init__(self, lang: str, theme: bool):
        self.lang = lang
        self.latin = "+mn-lt" if theme else "Calibri"
        self.ea = "+mn-ea" if theme else None
        self.ea_face = self.ea or east_asian_font(lang)
        self.lang_tag = lang_tag(lang)
        self.alt_lang = alt_lang_tag(lang)

    def apply(self, rpr) -> None:
        """Fonts on an existing run-properties element (e.g. a chart's text properties)."""
        drawing_rpr_fonts(rpr, self.lang, self.latin)
        if self.ea:
            rpr.find(qn("a:ea")).set("typeface", self.ea)

    def append_typefaces(self, rpr) -> None:
        """a:latin then a:ea, appended to run properties being built (schema order: after fills)."""
        SubElement(rpr, qn("a:latin"), typeface=self.latin)
        SubElement(rpr, qn("a:ea"), typeface=self.ea_face)


LINE = 1.3  # a line's height over its font size (CJK faces run taller than Latin ones)


def lines_height(lines: int, size: float) -> float:
    """Inches that ``lines`` lines of ``size`` points take."""
    return lines * size * LINE / 72


def capacity(width_in: float, size: float) -> float:
    """Ems that fit on a line ``width_in`` wide at ``size`` points, with a margin for font differences."""
    return width_in * 72 / size * 0.94


def fit_lines(
    text: str, width_in: float, sizes: tuple[float, ...], max_lines: int, *, keep: str = ""
) -> tuple[list[str], float]:
    """Wrap ``text`` + ``keep`` for the largest size in ``sizes`` that needs at most ``max_lines``
    lines; at the smallest size, the last line is cut with an ellipsis before ``keep``, which is
    never cut (a headcount " ×8")."""
    for size in sizes:
        lines = wrap(text + keep, capacity(width_in, size), em_width)
        if len(lines) <= max_lines:
            return lines, size
    size = sizes[-1]
    cap = capacity(width_in, size)
    lines = wrap(text, cap, em_width)[:max_lines]
    last = lines[-1]
    while last and em_width(last + "…" + keep) > cap:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…" + keep
    return lines, size


def fit_fewest(text: str, width_in: float, height_in: float, sizes: tuple[float, ...], max_lines: int = 2):
    """On one line at any of ``sizes`` if it can be, else ``fit_block`` (a slide title, a name)."""
    for size in sizes:
        lines = wrap(text, capacity(width_in, size), em_width)
        if len(lines) == 1 and lines_height(1, size) <= height_in:
            return lines, size
    return fit_block(text, width_in, height_in, sizes, max_lines=max_lines)


def fit_block(
    text: str, width_in: float, height_in: float, sizes: tuple[float, ...], *, max_lines: int = 99, keep: str = ""
) -> tuple[list[str], float]:
    """The largest size whose wrapped lines fit ``height_in`` (and ``max_lines``); else cut at the smallest."""
    for size in sizes:
        room = min(max_lines, int(height_in / lines_height(1, size) + 1e-9))
        if room < 1:
            continue
        lines = wrap(text + keep, capacity(width_in, size), em_width)
        if len(lines) <= room:
            return lines, size
    size = sizes[-1]
    room = max(1, min(max_lines, int(height_in / lines_height(1, size) + 1e-9)))
    return fit_lines(text, width_in, (size,), room, keep=keep)


def set_text(
    frame,
    paragraphs: list[tuple],
    fonts: Fonts,
    *,
    align=PP_ALIGN.CENTER,
    anchor=MSO_ANCHOR.MIDDLE,
    color: RGBColor | str | None = None,
    margin_in: float = 0.04,
    bottom_in: float | None = None,
) -> None:
    """Replace the frame's text: one paragraph per (text, size, bold[, bullet]); explicit size and
    fonts on every run. A bullet paragraph carries its own glyph, font and hanging indent, so an
    item starting with Latin text (``PPAP``, ``8D``) looks like one starting with Chinese.

    Written as XML directly: python-pptx's run and font objects cost most of a large deck's time.
    """
    frame.word_wrap = True
    frame.auto_size = None
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = emu(margin_in)
    frame.margin_top = frame.margin_bottom = emu(margin_in / 2)
    if bottom_in is not None:
        frame.margin_bottom = emu(bottom_in)
    body = frame._txBody
    for p in body.findall(qn("a:p")):
        body.remove(p)
    algn = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}.get(align, "l")
    for text, size, bold, *rest in paragraphs:
        bullet = bool(rest and rest[0])
        sz = str(int(round(max(size, MIN_PT) * 100)))
        p = SubElement(body, qn("a:p"))
        if bullet:
            indent = str(int(round(BULLET_INDENT * EMU_PER_INCH)))
            p_pr = SubElement(p, qn("a:pPr"), marL=indent, indent="-" + indent, algn="l")
            SubElement(p_pr, qn("a:buFont"), typeface="Arial")
            SubElement(p_pr, qn("a:buChar"), char="•")
        else:
            p_pr = SubElement(p, qn("a:pPr"), marL="0", indent="0", algn=algn)
            SubElement(p_pr, qn("a:buNone"))
        r = SubElement(p, qn("a:r"))
        r_pr = SubElement(
            r, qn("a:rPr"), lang=fonts.lang_tag, altLang=fonts.alt_lang, sz=sz, b="1" if bold else "0", dirty="0"
        )
        if isinstance(color, str):  # a theme colour by its scheme name (accent1, tx2, ...)
            fill = SubElement(r_pr, qn("a:solidFill"))
            SubElement(fill, qn("a:schemeClr"), val=color)
        elif color is not None:
            fill = SubElement(r_pr, qn("a:solidFill"))
            SubElement(fill, qn("a:srgbClr"), val=str(color))
        fonts.append_typefaces(r_pr)
        SubElement(r, qn("a:t")).text = text
        end = SubElement(p, qn("a:endParaRPr"), lang=fonts.lang_tag, altLang=fonts.alt_lang, sz=sz, dirty="0")
        fonts.append_typefaces(end)


def text_box(
    shapes,
    x,
    y,
    w,
    h,
    paragraphs,
    fonts: Fonts,
    *,
    name: str,
    align=PP_ALIGN.LEFT,
    anchor=MSO_ANCHOR.TOP,
    color=None,
    margin_in: float = 0.04,
):
    box = shapes.add_textbox(emu(x), emu(y), emu(w), emu(h))
    box.name = name
    set_text(box.text_frame, paragraphs, fonts, align=align, anchor=anchor, color=color, margin_in=margin_in)
    return box


def rounded_box(shapes, x, y, w, h, *, name: str):
    shape = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, emu(x), emu(y), emu(w), emu(h))
    shape.name = name
    shape.adjustments[0] = 0.12
    shape.shadow.inherit = False
    return shape


def link(shape, slide) -> None:
    """Clicking ``shape`` jumps to ``slide``."""
    shape.click_action.target_slide = slide


def elbow(shapes, parent, child, begin_site: int, end_site: int, *, name: str, hanging: bool = False):
    """An elbow connector from ``parent``'s ``begin_site`` to ``child``'s ``end_site``, attached at both
    ends, stored as down-then-across(-then-down) geometry whose ends sit on the two sites."""
    connector = shapes.add_connector(MSO_CONNECTOR.ELBOW, 0, 0, 0, 0)
    _attach(connector, parent, begin_site, child, end_site)
    connector.name = name
    x1, y1 = site_point(parent, begin_site)
    x2, y2 = site_point(child, end_site)
    _rotated_geometry(connector, x1, y1, x2, y2, "bentConnector2" if hanging else "bentConnector3")
    return connector


def _attach(connector, begin, begin_site: int, end, end_site: int) -> None:
    """stCxn/endCxn: what python-pptx's begin_connect/end_connect write, without their geometry work."""
    props = connector._element.nvCxnSpPr.cNvCxnSpPr
    SubElement(props, qn("a:stCxn"), id=str(begin.shape_id), idx=str(begin_site))
    SubElement(props, qn("a:endCxn"), id=str(end.shape_id), idx=str(end_site))


def site_point(shape, site: int) -> tuple[int, int]:
    """EMU coordinates of connection site 0 (top), 1 (left), 2 (bottom) or 3 (right) of a box."""
    x, y, w, h = shape.left, shape.top, shape.width, shape.height
    return {0: (x + w // 2, y), 1: (x, y + h // 2), 2: (x + w // 2, y + h), 3: (x + w, y + h // 2)}[site]


def _rotated_geometry(connector, x1: int, y1: int, x2: int, y2: int, preset: str) -> None:
    """A quarter-turn connector box from (x1, y1) (top) to (x2, y2) (below): flipV when going right."""
    sp_pr = connector._element.spPr
    xfrm = sp_pr.get_or_add_xfrm()
    length, span = y2 - y1, abs(x2 - x1)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    xfrm.set("rot", str(QUARTER_TURN))
    for attr in ("flipH", "flipV"):
        xfrm.attrib.pop(attr, None)
    if x2 > x1:
        xfrm.set("flipV", "1")
    off, ext = xfrm.get_or_add_off(), xfrm.get_or_add_ext()
    off.x, off.y = int(round(cx - length / 2)), int(round(cy - span / 2))
    ext.cx, ext.cy = int(length), int(span)
    sp_pr.prstGeom.set("prst", preset)


def send_connectors_back(slide) -> None:
    """Connectors under the boxes: move every p:cxnSp to the start of the shape tree."""
    tree = slide.shapes._spTree
    connectors = [el for el in tree if el.tag == qn("p:cxnSp")]
    first = 2  # after nvGrpSpPr and grpSpPr
    for el in connectors:
        tree.remove(el)
    for i, el in enumerate(connectors):
        tree.insert(first + i, el)


def notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def routed_elbow(shapes, a, a_site: int, b, b_site: int, channel_in: float, *, name: str, colour: RGBColor):
    """A dashed elbow connector attached to ``a`` and ``b`` (sites 0 top, 2 bottom) whose part
    across runs at ``channel_in`` (inches from the slide's top): written from the higher end to
    the lower one, the bend placed by the connector's adjust value."""
    if site_point(a, a_site)[1] > site_point(b, b_site)[1]:
        a, a_site, b, b_site = b, b_site, a, a_site
    connector = shapes.add_connector(MSO_CONNECTOR.ELBOW, 0, 0, 0, 0)
    _attach(connector, a, a_site, b, b_site)
    connector.name = name
    x1, y1 = site_point(a, a_site)
    x2, y2 = site_point(b, b_site)
    _rotated_geometry(connector, x1, y1, x2, y2, "bentConnector3")
    adjust = int(round((channel_in * EMU_PER_INCH - y1) / (y2 - y1) * 100000))
    av = connector._element.spPr.prstGeom.find(qn("a:avLst"))
    if av is None:
        av = SubElement(connector._element.spPr.prstGeom, qn("a:avLst"))
    for gd in list(av):
        av.remove(gd)
    SubElement(av, qn("a:gd"), name="adj1", fmla=f"val {adjust}")
    connector.line.color.rgb = colour
    connector.line.width = Pt(1.25)
    connector.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    return connector


def polyline(shapes, points: list[tuple[float, float]], *, name: str, colour: RGBColor):
    """A dashed open line through ``points`` (inches): a route whose two ends are at one height."""
    builder = shapes.build_freeform(emu(points[0][0]), emu(points[0][1]), scale=1.0)
    builder.add_line_segments([(emu(x), emu(y)) for x, y in points[1:]], close=False)
    shape = builder.convert_to_shape()
    shape.name = name
    shape.fill.background()
    shape.shadow.inherit = False
    shape.line.color.rgb = colour
    shape.line.width = Pt(1.25)
    shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    return shape
