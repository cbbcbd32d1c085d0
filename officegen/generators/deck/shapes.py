"""Drawing primitives for the decks: text that fits, boxes, attached elbow connectors, lines.

Text is measured (CJK about one em, Latin narrower) to choose sizes and line breaks; the shapes
are :mod:`slidexml`'s, written as XML when their slide is finished. Connectors carry their
connection references (stCxn/endCxn), so moving a box in PowerPoint keeps the line attached.
"""

from __future__ import annotations

from functools import lru_cache

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from officegen.generators.deck.slidexml import (
    AutoShape,
    Cell,
    Connector,
    Freeform,
    Shape,
    Slide,
    attr,
    line,
    scheme,
    solid,
    srgb,
)
from officegen.generators.deck.slidexml import text as xml_text
from officegen.office.fonts import alt_lang_tag, drawing_rpr_fonts, east_asian_font, lang_tag
from officegen.office.textwidth import em_width, wrap

EMU_PER_INCH = 914400
MIN_PT = 9.0
BULLET_INDENT = 0.2  # inches: a bullet's hanging indent
QUARTER_TURN = 5400000  # 90 degrees in 60,000ths


def emu(inches: float) -> int:
    return int(round(inches * EMU_PER_INCH))


class Fonts:
    """Latin and East Asian typefaces for runs: explicit by default, theme fonts with a user's deck."""

    def __init__(self, lang: str, theme: bool):
        self.lang = lang
        self.latin = "+mn-lt" if theme else "Calibri"
        self.ea = "+mn-ea" if theme else None
        self.ea_face = self.ea or east_asian_font(lang)
        self.lang_tag = lang_tag(lang)
        self.alt_lang = alt_lang_tag(lang)
        #: a run's a:latin and a:ea (schema order: after its fill)
        self.typefaces = f'<a:latin typeface="{attr(self.latin)}"/><a:ea typeface="{attr(self.ea_face)}"/>'

    def apply(self, rpr) -> None:
        """Fonts on an existing run-properties element (e.g. a chart's text properties)."""
        drawing_rpr_fonts(rpr, self.lang, self.latin)
        if self.ea:
            rpr.find(qn("a:ea")).set("typeface", self.ea)


LINE = 1.3  # a line's height over its font size (CJK faces run taller than Latin ones)


@lru_cache(maxsize=1 << 16)
def _wrapped(text: str, ems: float) -> tuple[str, ...]:
    return tuple(wrap(text, ems, em_width))


def wrap_ems(text: str, ems: float) -> list[str]:
    """``text`` wrapped to lines of at most ``ems`` (measured once per text and width: a deck
    measures the same titles and names for several boxes and sizes)."""
    return list(_wrapped(text, ems))


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
        lines = wrap_ems(text + keep, capacity(width_in, size))
        if len(lines) <= max_lines:
            return lines, size
    size = sizes[-1]
    cap = capacity(width_in, size)
    lines = wrap_ems(text, cap)[:max_lines]
    last = lines[-1]
    while last and em_width(last + "…" + keep) > cap:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…" + keep
    return lines, size


def fit_fewest(text: str, width_in: float, height_in: float, sizes: tuple[float, ...], max_lines: int = 2):
    """On one line at any of ``sizes`` if it can be, else ``fit_block`` (a slide title, a name)."""
    for size in sizes:
        lines = wrap_ems(text, capacity(width_in, size))
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
        lines = wrap_ems(text + keep, capacity(width_in, size))
        if len(lines) <= room:
            return lines, size
    size = sizes[-1]
    room = max(1, min(max_lines, int(height_in / lines_height(1, size) + 1e-9)))
    return fit_lines(text, width_in, (size,), room, keep=keep)


def _colour(color) -> str:
    """A run's or shape's colour: an RGBColor, a scheme name (``accent1``) or a theme colour enum."""
    if isinstance(color, str):
        return scheme(color)
    if isinstance(color, RGBColor):
        return srgb(str(color))
    return scheme(color.xml_value)


def theme(color, brightness: float = 0.0) -> str:
    """A solid fill of a theme colour (MSO_THEME_COLOR), lightened by ``brightness``."""
    return solid(scheme(color.xml_value, brightness))


def rgb_fill(color: RGBColor) -> str:
    return solid(srgb(str(color)))


def outline(color=None, width_pt: float | None = None, *, dash: bool = False) -> str:
    """A shape's line: ``color`` (RGBColor, theme colour or scheme name; None: no line), in points."""
    if color is None:
        return line()
    return line(_colour(color), None if width_pt is None else int(Pt(width_pt)), dash=dash)


_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr", PP_ALIGN.RIGHT: "r"}
_BULLET_INDENT = str(int(round(BULLET_INDENT * EMU_PER_INCH)))


def set_text(
    shape: AutoShape | Cell,
    paragraphs: list[tuple],
    fonts: Fonts,
    *,
    align=PP_ALIGN.CENTER,
    anchor=MSO_ANCHOR.MIDDLE,
    color: RGBColor | str | None = None,
    margin_in: float = 0.04,
    bottom_in: float | None = None,
) -> None:
    """The shape's (or table cell's) text: one paragraph per (text, size, bold[, bullet]); explicit
    size and fonts on every run, no autofit. A bullet paragraph carries its own glyph, font and
    hanging indent, so an item starting with Latin text (``PPAP``, ``8D``) looks like one starting
    with Chinese."""
    side = emu(margin_in)
    top = emu(margin_in / 2)
    bottom = top if bottom_in is None else emu(bottom_in)
    insets = f'lIns="{side}" rIns="{side}" tIns="{top}" bIns="{bottom}"'
    where = anchor.xml_value
    algn = _ALIGN.get(align, "l")
    fill = "" if color is None else solid(_colour(color))
    faces = fonts.typefaces
    lang = f'lang="{fonts.lang_tag}" altLang="{fonts.alt_lang}"'
    out = []
    for text, size, bold, *rest in paragraphs:
        sz = int(round(max(size, MIN_PT) * 100))
        if rest and rest[0]:
            p_pr = (
                f'<a:pPr marL="{_BULLET_INDENT}" indent="-{_BULLET_INDENT}" algn="l">'
                '<a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>'
            )
        else:
            p_pr = f'<a:pPr marL="0" indent="0" algn="{algn}"><a:buNone/></a:pPr>'
        out.append(
            f'<a:p>{p_pr}<a:r><a:rPr {lang} sz="{sz}" b="{1 if bold else 0}" dirty="0">{fill}{faces}</a:rPr>'
            f'<a:t>{xml_text(text)}</a:t></a:r><a:endParaRPr {lang} sz="{sz}" dirty="0">{faces}</a:endParaRPr></a:p>'
        )
    if isinstance(shape, Cell):
        shape.body = (
            f'<a:txBody><a:bodyPr wrap="square" anchor="{where}" {insets}/><a:lstStyle/>{"".join(out)}</a:txBody>'
        )
    elif shape.text_box:
        shape.body = (
            f'<p:txBody><a:bodyPr wrap="square" anchor="{where}" {insets}/><a:lstStyle/>{"".join(out)}</p:txBody>'
        )
    else:
        shape.body = (
            f'<p:txBody><a:bodyPr rtlCol="0" anchor="{where}" wrap="square" {insets}/><a:lstStyle/>'
            f"{''.join(out)}</p:txBody>"
        )


def text_box(
    slide: Slide,
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
) -> AutoShape:
    box = AutoShape(name, emu(x), emu(y), emu(w), emu(h), prst="rect", text_box=True)
    slide.add(box)
    set_text(box, paragraphs, fonts, align=align, anchor=anchor, color=color, margin_in=margin_in)
    return box


def rounded_box(slide: Slide, x, y, w, h, *, name: str, fill: str | None = None, line: str | None = None) -> AutoShape:
    """A rounded rectangle (corner 0.12), no shadow; ``fill`` and ``line`` as XML (see :func:`theme`,
    :func:`rgb_fill`, :func:`outline`)."""
    shape = AutoShape(name, emu(x), emu(y), emu(w), emu(h))
    shape.adjust = 0.12
    shape.fill, shape.outline = fill, line
    slide.add(shape)
    return shape


def elbow(
    slide: Slide, parent: Shape, child: Shape, begin_site: int, end_site: int, *, name: str, hanging: bool = False
):
    """An elbow connector from ``parent``'s ``begin_site`` to ``child``'s ``end_site``, attached at both
    ends, stored as down-then-across(-then-down) geometry whose ends sit on the two sites."""
    x1, y1 = site_point(parent, begin_site)
    x2, y2 = site_point(child, end_site)
    connector = _rotated(name, x1, y1, x2, y2, "bentConnector2" if hanging else "bentConnector3")
    connector.begin, connector.end = (parent.id, begin_site), (child.id, end_site)
    slide.add(connector)
    return connector


def site_point(shape: Shape, site: int) -> tuple[int, int]:
    """EMU coordinates of connection site 0 (top), 1 (left), 2 (bottom) or 3 (right) of a box."""
    x, y, w, h = shape.left, shape.top, shape.width, shape.height
    return {0: (x + w // 2, y), 1: (x, y + h // 2), 2: (x + w // 2, y + h), 3: (x + w, y + h // 2)}[site]


def _rotated(name: str, x1: int, y1: int, x2: int, y2: int, preset: str) -> Connector:
    """A quarter-turn connector box from (x1, y1) (top) to (x2, y2) (below): flipV when going right.

    python-pptx writes an elbow connector unrotated, which PowerPoint draws sideways (across,
    down, across) until a box is moved, and LibreOffice reroutes and hides; an org chart wants
    down-across-down, stored the way PowerPoint itself stores it."""
    length, span = y2 - y1, abs(x2 - x1)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    connector = Connector(
        name,
        int(round(cx - length / 2)),
        int(round(cy - span / 2)),
        int(length),
        int(span),
        begin=(0, 0),
        end=(0, 0),
        preset=preset,
    )
    connector.rotation = QUARTER_TURN
    connector.flip_v = x2 > x1
    return connector


def routed_elbow(
    slide: Slide, a: Shape, a_site: int, b: Shape, b_site: int, channel_in: float, *, name: str, colour: RGBColor
):
    """A dashed elbow connector attached to ``a`` and ``b`` (sites 0 top, 2 bottom) whose part
    across runs at ``channel_in`` (inches from the slide's top): written from the higher end to
    the lower one, the bend placed by the connector's adjust value."""
    if site_point(a, a_site)[1] > site_point(b, b_site)[1]:
        a, a_site, b, b_site = b, b_site, a, a_site
    x1, y1 = site_point(a, a_site)
    x2, y2 = site_point(b, b_site)
    connector = _rotated(name, x1, y1, x2, y2, "bentConnector3")
    connector.begin, connector.end = (a.id, a_site), (b.id, b_site)
    connector.adjust = int(round((channel_in * EMU_PER_INCH - y1) / (y2 - y1) * 100000))
    connector.outline = outline(colour, 1.25, dash=True)
    slide.add(connector)
    return connector


def polyline(slide: Slide, points: list[tuple[float, float]], *, name: str, colour: RGBColor) -> Freeform:
    """A dashed open line through ``points`` (inches): a route whose two ends are at one height."""
    shape = Freeform(name, [(emu(x), emu(y)) for x, y in points])
    shape.outline = outline(colour, 1.25, dash=True)
    slide.add(shape)
    return shape
