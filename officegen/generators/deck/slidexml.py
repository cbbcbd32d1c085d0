"""Slides written as XML text: the decks' shapes, tables, links and notes without python-pptx's
object tree.

python-pptx keeps the package (masters, layouts, theme, charts and their workbooks, core
properties); a slide is a plain package part whose relationships python-pptx manages and whose
XML is made here. While a slide is being drawn its shapes are small objects holding a place (EMU)
and the XML of their style and text; when it is finished (:meth:`Slide.close`) its shape tree is
written once as text and kept as bytes, so a deck never holds every slide's tree, and no shape
costs the hundreds of element lookups python-pptx's proxies make.

What is written is what python-pptx writes for the same calls (``add_shape``, ``add_textbox``,
``add_connector``, ``build_freeform``, ``add_table``, a notes slide from the notes master), the same
elements and attributes in the same order, ids from a counter that starts at 2 on every slide.
"""

from __future__ import annotations

import html
import posixpath
import re
from abc import ABC, abstractmethod
from functools import lru_cache

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, _Relationships
from pptx.opc.packuri import PackURI
from pptx.util import lazyproperty

XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECLS = f'xmlns:a="{_NS_A}" xmlns:p="{_NS_P}" xmlns:r="{_NS_R}"'
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's (and PowerPoint's) default
_SHAPE_STYLE = (
    '<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="3">'
    '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="2"><a:schemeClr val="accent1"/>'
    '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>'
)
_CONNECTOR_STYLE = (
    '<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="0">'
    '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="1"><a:schemeClr val="accent1"/>'
    '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></p:style>'
)
EMPTY_SHAPE_BODY = '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody>'
_CTRL = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def text(value: str) -> str:
    """``value`` as XML character data, the way lxml writes it; control characters become
    ``_xHHHH_`` (python-pptx's escape, which PowerPoint reads back), code points XML cannot hold
    are dropped."""
    if _CTRL.search(value):
        value = _CTRL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def attr(value: str) -> str:
    """``value`` as an attribute value between double quotes, the way lxml writes it."""
    value = text(value)
    return value.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


# -- colours, fills and lines --------------------------------------------------------------------


def srgb(hex_value: str) -> str:
    return f'<a:srgbClr val="{hex_value}"/>'


def scheme(name: str, brightness: float = 0.0) -> str:
    """A theme colour (``accent1``, ``bg1``, ``tx2`` ...), lightened like python-pptx's ``brightness``."""
    if brightness > 0:
        mod, off = _percent(1.0 - brightness), _percent(brightness)
        return f'<a:schemeClr val="{name}"><a:lumMod val="{mod}"/><a:lumOff val="{off}"/></a:schemeClr>'
    if brightness < 0:
        return f'<a:schemeClr val="{name}"><a:lumMod val="{_percent(1.0 + brightness)}"/></a:schemeClr>'
    return f'<a:schemeClr val="{name}"/>'


def _percent(value: float) -> str:
    return str(int(round(value * 100000.0)))


def solid(colour: str) -> str:
    """A solid fill of ``colour`` (from :func:`srgb` or :func:`scheme`)."""
    return f"<a:solidFill>{colour}</a:solidFill>"


NO_FILL = "<a:noFill/>"
DASH = '<a:prstDash val="dash"/>'


def line(colour: str | None = None, width_emu: int | None = None, *, dash: bool = False) -> str:
    """An outline: ``colour`` solid (None: no line at all), ``width_emu`` wide, dashed or not."""
    if colour is None:
        return "<a:ln><a:noFill/></a:ln>"
    width = f' w="{width_emu}"' if width_emu is not None else ""
    return f"<a:ln{width}>{solid(colour)}{DASH if dash else ''}</a:ln>"


# -- shapes --------------------------------------------------------------------------------------


class Shape(ABC):
    """What every drawn thing has: an id on its slide, a name, a place in EMU, maybe a link."""

    __slots__ = ("id", "name", "left", "top", "width", "height", "link")
    connector = False

    def __init__(self, name: str, left: int, top: int, width: int, height: int):
        self.id = 0
        self.name = name
        self.left, self.top, self.width, self.height = left, top, width, height
        self.link: str | None = None  # the relationship id of the slide a click jumps to

    def _cnvpr(self) -> str:
        if self.link is None:
            return f'<p:cNvPr id="{self.id}" name="{attr(self.name)}"/>'
        return (
            f'<p:cNvPr id="{self.id}" name="{attr(self.name)}"><a:hlinkClick action="ppaction://hlinksldjump" '
            f'r:id="{self.link}"/></p:cNvPr>'
        )

    def _xfrm(self, tag: str = "a:xfrm", attrs: str = "") -> str:
        return (
            f'<{tag}{attrs}><a:off x="{self.left}" y="{self.top}"/>'
            f'<a:ext cx="{self.width}" cy="{self.height}"/></{tag}>'
        )

    @abstractmethod
    def xml(self) -> str:
        """The shape's element as XML text (``p:sp``, ``p:cxnSp`` or ``p:graphicFrame``)."""


class AutoShape(Shape):
    """A preset shape (a rounded rectangle) with the default shape style, or a text box."""

    __slots__ = ("prst", "adjust", "fill", "outline", "effects", "body", "text_box")

    def __init__(self, name, left, top, width, height, *, prst: str = "roundRect", text_box: bool = False):
        super().__init__(name, left, top, width, height)
        self.prst = prst
        self.text_box = text_box
        self.adjust: float | None = None  # the first adjustment (a rounded corner's radius)
        self.fill: str | None = NO_FILL if text_box else None
        self.outline: str | None = None
        self.effects = not text_box  # an empty effect list: no inherited shadow
        self.body: str | None = None  # <p:txBody>; None: an autoshape's empty centred paragraph

    @property
    def text(self) -> str:
        """The shape's text, a line per paragraph (what a reader sees)."""
        if not self.body:
            return ""
        paragraphs = self.body.split("</a:p>")[:-1]
        runs = [re.findall(r"<a:t>([^<]*)</a:t>", p) for p in paragraphs]
        return "\n".join(html.unescape("".join(r)) for r in runs)

    def xml(self) -> str:
        if self.adjust is None:
            geometry = f'<a:prstGeom prst="{self.prst}"><a:avLst/></a:prstGeom>'
        else:
            value = int(self.adjust * 100000.0)
            geometry = (
                f'<a:prstGeom prst="{self.prst}"><a:avLst><a:gd name="adj" fmla="val {value}"/></a:avLst></a:prstGeom>'
            )
        if self.text_box:
            return (
                f'<p:sp><p:nvSpPr>{self._cnvpr()}<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{self._xfrm()}'
                f"{geometry}{self.fill or ''}{self.outline or ''}</p:spPr>{self.body or ''}</p:sp>"
            )
        return (
            f"<p:sp><p:nvSpPr>{self._cnvpr()}<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{self._xfrm()}{geometry}"
            f"{self.fill or ''}{self.outline or ''}{'<a:effectLst/>' if self.effects else ''}</p:spPr>"
            f"{_SHAPE_STYLE}{self.body or EMPTY_SHAPE_BODY}</p:sp>"
        )


class Connector(Shape):
    """An elbow connector attached to two shapes' connection sites, its geometry stored rotated."""

    __slots__ = ("begin", "end", "preset", "rotation", "flip_v", "adjust", "outline")
    connector = True

    def __init__(self, name, left, top, width, height, *, begin: tuple[int, int], end: tuple[int, int], preset: str):
        super().__init__(name, left, top, width, height)
        self.begin, self.end = begin, end  # (shape id, site)
        self.preset = preset
        self.rotation = 0
        self.flip_v = False
        self.adjust: int | None = None  # adj1, in 100,000ths of the connector's length
        self.outline: str | None = None

    def xml(self) -> str:
        attrs = (f' rot="{self.rotation}"' if self.rotation else "") + (' flipV="1"' if self.flip_v else "")
        av = "<a:avLst/>" if self.adjust is None else f'<a:avLst><a:gd name="adj1" fmla="val {self.adjust}"/></a:avLst>'
        return (
            f"<p:cxnSp><p:nvCxnSpPr>{self._cnvpr()}<p:cNvCxnSpPr>"
            f'<a:stCxn id="{self.begin[0]}" idx="{self.begin[1]}"/><a:endCxn id="{self.end[0]}" idx="{self.end[1]}"/>'
            f"</p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr><p:spPr>{self._xfrm(attrs=attrs)}"
            f'<a:prstGeom prst="{self.preset}">{av}</a:prstGeom>{self.outline or ""}</p:spPr>{_CONNECTOR_STYLE}</p:cxnSp>'
        )


class Freeform(Shape):
    """An open path through points (EMU, absolute), with no fill."""

    __slots__ = ("points", "outline")

    def __init__(self, name: str, points: list[tuple[int, int]]):
        xs, ys = [x for x, _ in points], [y for _, y in points]
        left, top = min(xs), min(ys)
        super().__init__(name, left, top, max(xs) - left, max(ys) - top)
        self.points = [(x - left, y - top) for x, y in points]
        self.outline: str | None = None

    def xml(self) -> str:
        (x0, y0), rest = self.points[0], self.points[1:]
        path = f'<a:moveTo><a:pt x="{x0}" y="{y0}"/></a:moveTo>' + "".join(
            f'<a:lnTo><a:pt x="{x}" y="{y}"/></a:lnTo>' for x, y in rest
        )
        return (
            f"<p:sp><p:nvSpPr>{self._cnvpr()}<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{self._xfrm()}"
            '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/>'
            f'<a:pathLst><a:path w="{self.width}" h="{self.height}">{path}</a:path></a:pathLst></a:custGeom>'
            f"{NO_FILL}{self.outline or ''}<a:effectLst/></p:spPr>{_SHAPE_STYLE}{EMPTY_SHAPE_BODY}</p:sp>"
        )


class Cell:
    __slots__ = ("body", "fill", "margins")

    def __init__(self) -> None:
        self.body = "<a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody>"
        self.fill = ""
        self.margins = ""  # the tcPr attributes


class Table(Shape):
    """A table in the default table style (header row, banded rows)."""

    __slots__ = ("widths", "heights", "cells")

    def __init__(self, name, left, top, width, height, rows: int, cols: int):
        super().__init__(name, left, top, width, height)
        col_w, row_h = width // cols, height // rows  # python-pptx's split: the last absorbs the rest
        self.widths = [col_w] * (cols - 1) + [width - (cols - 1) * col_w]
        self.heights = [row_h] * (rows - 1) + [height - (rows - 1) * row_h]
        self.cells = [[Cell() for _ in range(cols)] for _ in range(rows)]

    def cell(self, row: int, col: int) -> Cell:
        return self.cells[row][col]

    def xml(self) -> str:
        self.width, self.height = sum(self.widths), sum(self.heights)
        grid = "".join(f'<a:gridCol w="{w}"/>' for w in self.widths)
        rows = []
        for h, cells in zip(self.heights, self.cells):
            tcs = "".join(
                f"<a:tc>{c.body}<a:tcPr{c.margins}/></a:tc>"
                if not c.fill
                else f"<a:tc>{c.body}<a:tcPr{c.margins}>{c.fill}</a:tcPr></a:tc>"
                for c in cells
            )
            rows.append(f'<a:tr h="{h}">{tcs}</a:tr>')
        return (
            f'<p:graphicFrame><p:nvGraphicFramePr>{self._cnvpr()}<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
            f"</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>{self._xfrm('p:xfrm')}<a:graphic>"
            f'<a:graphicData uri="{_TABLE_URI}"><a:tbl><a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>'
            f"{TABLE_STYLE}</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>{''.join(rows)}</a:tbl>"
            "</a:graphicData></a:graphic></p:graphicFrame>"
        )


class ChartFrame(Shape):
    """The frame of a chart whose part python-pptx made (related to the slide as ``rel``)."""

    __slots__ = ("rel",)

    def __init__(self, name, left, top, width, height, rel: str):
        super().__init__(name, left, top, width, height)
        self.rel = rel

    def xml(self) -> str:
        return (
            f'<p:graphicFrame><p:nvGraphicFramePr>{self._cnvpr()}<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
            f"</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>{self._xfrm('p:xfrm')}<a:graphic>"
            f'<a:graphicData uri="{_CHART_URI}"><c:chart xmlns:c="{_CHART_URI}" r:id="{self.rel}"/>'
            "</a:graphicData></a:graphic></p:graphicFrame>"
        )


# -- slides and the deck's package ----------------------------------------------------------------

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@lru_cache(maxsize=256)
def _relative_folder(folder: str, base: str) -> str:
    """``posixpath.relpath`` of a part's folder from a relationship source's (python-pptx's
    ``relative_ref`` works it out per relationship; a deck has few folders and many parts)."""
    return posixpath.relpath(folder, base)


class _Rels(_Relationships):
    """A written part's relationships, written as text (python-pptx builds an element tree for each)."""

    @property
    def xml(self) -> bytes:
        def number(rid: str) -> int:
            return int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0

        def target(rel) -> str:
            if rel.is_external:
                return rel.target_ref
            folder, _, name = str(rel.target_partname).rpartition("/")
            up = _relative_folder(folder or "/", self._base_uri)
            return name if up == "." else f"{up}/{name}"

        rows = "".join(
            f'<Relationship Id="{attr(rid)}" Type="{rel.reltype}" Target="{attr(target(rel))}"/>'
            for rid, rel in sorted(self._rels.items(), key=lambda item: (number(item[0]), item[0]))
        )
        return f'{XML_HEAD}<Relationships xmlns="{_RELS_NS}">{rows}</Relationships>'.encode()


class WrittenPart(Part):
    """A slide or notes page whose XML this module writes; python-pptx saves it like any part."""

    @lazyproperty
    def _rels(self) -> _Relationships:
        return _Rels(self._partname.baseURI)

    def add_rel(self, reltype: str, target: Part) -> str:
        """A new relationship (``relate_to`` first searches every one there for the same target)."""
        return self._rels._add_relationship(reltype, target)


class Slide:
    """A slide being drawn: its shapes in z-order, written as XML into its part when closed."""

    def __init__(self, writer: SlideWriter, part: WrittenPart, notes_part: WrittenPart):
        self.writer = writer
        self.part = part
        self.notes_part = notes_part
        self.shapes: list[Shape] = []
        self._links: dict[int, str] = {}  # id(target slide) -> its relationship
        self._next_id = 2
        self.closed = False

    def add(self, shape: Shape) -> Shape:
        shape.id = self._next_id
        self._next_id += 1
        self.shapes.append(shape)
        return shape

    def link(self, shape: Shape, target: Slide) -> None:
        """Clicking ``shape`` jumps to ``target``."""
        rel = self._links.get(id(target))
        if rel is None:
            rel = self._links[id(target)] = self.part.add_rel(RT.SLIDE, target.part)
        shape.link = rel

    def relate_chart(self, chart_part: Part) -> str:
        return self.part.add_rel(RT.CHART, chart_part)

    def connectors_first(self) -> None:
        """Connectors under everything else, in the order drawn."""
        self.shapes = [s for s in self.shapes if s.connector] + [s for s in self.shapes if not s.connector]

    def notes(self, text: str) -> None:
        self.notes_part._blob = self.writer.notes_xml(text)

    def close(self) -> None:
        """Write the shape tree into the slide's part; the shapes are let go."""
        if self.closed:
            return
        body = "".join(shape.xml() for shape in self.shapes)
        self.part._blob = (
            f"{XML_HEAD}<p:sld {NSDECLS}><p:cSld><p:spTree><p:nvGrpSpPr>"
            '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
            f"{body}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
        ).encode()
        self.shapes = []
        self.closed = True


class SlideWriter:
    """Adds slides to a python-pptx presentation as parts whose XML this module writes."""

    def __init__(self, prs) -> None:
        self.prs = prs
        self.package = prs.part.package
        self._ids = prs.part._element.get_or_add_sldIdLst()
        self._notes: tuple[str, str] | None = None  # made after the first slide, as python-pptx does
        self.slides: list[Slide] = []
        self._open: list[Slide] = []  # the slides not yet written out
        self._slide_id: int | None = None

    def add_slide(self, layout) -> Slide:
        number = len(self._ids) + 1
        part = WrittenPart(PackURI(f"/ppt/slides/slide{number}.xml"), CT.PML_SLIDE, self.package, b"")
        part.add_rel(RT.SLIDE_LAYOUT, layout.part)
        rel = self.prs.part._rels._add_relationship(RT.SLIDE, part)
        # python-pptx's add_sldId looks at every id in the list for the largest: counted here
        self._slide_id = self._ids._next_id if self._slide_id is None else self._slide_id + 1
        if self._slide_id > 2147483647:  # past the largest id a slide can have: python-pptx's search
            self._slide_id = self._ids._next_id
        self._ids._add_sldId(id=self._slide_id, rId=rel)
        if self._notes is None:
            self._notes = _notes_template(self.prs)
            self._notes_master = self.prs.part.notes_master_part
        notes_part = WrittenPart(
            self.package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            self.package,
            self.notes_xml(""),
        )
        notes_part.add_rel(RT.NOTES_MASTER, self._notes_master)
        notes_part.add_rel(RT.SLIDE, part)
        part.add_rel(RT.NOTES_SLIDE, notes_part)
        slide = Slide(self, part, notes_part)
        self.slides.append(slide)
        self._open.append(slide)
        return slide

    def notes_xml(self, value: str) -> bytes:
        """A notes page from the notes master with ``value`` as its text, one paragraph a line."""
        assert self._notes is not None  # made with the first slide
        head, tail = self._notes
        if not tail:  # nowhere to put text
            return head.encode("utf-8")
        return (head + _paragraphs(value) + tail).encode("utf-8")

    def close_all(self) -> None:
        for slide in self._open:
            slide.close()
        self._open.clear()


def _paragraphs(value: str) -> str:
    """What python-pptx's ``text_frame.text = value`` writes: a paragraph per line, a run per
    vertical-tab-separated piece with a line break between."""
    out = []
    for line_text in value.split("\n"):
        pieces = []
        for i, piece in enumerate(line_text.split("\v")):
            if i:
                pieces.append("<a:br/>")
            if piece:
                pieces.append(f"<a:r><a:t>{text(piece)}</a:t></a:r>")
        out.append(f"<a:p>{''.join(pieces)}</a:p>" if pieces else "<a:p/>")
    return "".join(out)


def _notes_template(prs) -> tuple[str, str]:
    """The XML of a notes slide cloned from this deck's notes master, split where its text goes."""
    from lxml import etree
    from pptx.oxml.slide import CT_NotesSlide
    from pptx.slide import NotesSlide

    master = prs.part.notes_master_part.notes_master
    element = CT_NotesSlide.new()
    notes = NotesSlide(element, None)  # type: ignore[arg-type]  # a slide's XML only: no part
    notes.clone_master_placeholders(master)
    marker = "\ue000officegen-notes\ue000"
    frame = notes.notes_text_frame
    if frame is not None:  # a user's notes master may have no body placeholder: no notes text then
        frame.text = marker
    xml = etree.tostring(element, encoding="UTF-8", standalone=True).decode("utf-8")
    head, _, tail = xml.partition(f"<a:p><a:r><a:t>{marker}</a:t></a:r></a:p>")
    return head, tail
