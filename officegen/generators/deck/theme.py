"""The deck's own design, made by code from python-pptx's default template: a colour scheme, theme
fonts with an East Asian face (``a:ea``), and five slide layouts (title, agenda, numbered section
divider, content, chart) whose footer carries the organisation's name and the slide number.

Nothing here depends on the clock or on iteration order, so the same definition gives the same
bytes. With ``--reference-deck`` none of this is used: the user's master and layouts replace it.
"""

from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from officegen.generators.deck.slidexml import text as xml_text
from officegen.office.fonts import east_asian_font

EMU = 914400
SLIDE_W, SLIDE_H = 13.333, 7.5
#: the footer band: organisation name on the left, slide number on the right
FOOTER_Y, FOOTER_H = 7.12, 0.3

#: the colour scheme (hex RGB): navy text and bars, light blue panels, six accents for departments
SCHEME = {
    "dk1": "1F2937",
    "lt1": "FFFFFF",
    "dk2": "1B365D",
    "lt2": "EAF1FA",
    "accent1": "2F6EBA",
    "accent2": "3AA6B9",
    "accent3": "E08A3C",
    "accent4": "7B68B5",
    "accent5": "4E9F5D",
    "accent6": "C75B7A",
    "hlink": "2F6EBA",
    "folHlink": "6B7A8F",
}
LATIN = "Calibri"
#: layout names, in the order they are kept from the default template (index there)
LAYOUTS = (("title", 0), ("agenda", 1), ("section", 2), ("content", 5), ("chart", 6))
_NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
SLIDENUM_FIELD_ID = "{5C1B1C2E-0F7A-4C55-9E0B-2D6C7A1E0F01}"  # fixed: the same bytes every time


def apply_theme(prs, org_name: str, lang: str) -> dict[str, object]:
    """Make ``prs`` (python-pptx's default template) the officegen design; returns the layouts by name."""
    _colours_and_fonts(prs, lang)
    master = prs.slide_master
    layouts = list(master.slide_layouts)
    keep = {index: name for name, index in LAYOUTS}
    id_list = master._element.find(qn("p:sldLayoutIdLst"))
    out: dict[str, object] = {}
    for index, (layout, entry) in enumerate(zip(layouts, list(id_list))):
        if index not in keep:
            master.part.drop_rel(entry.get(qn("r:id")))
            id_list.remove(entry)
            continue
        name = keep[index]
        layout.name = name
        tree = layout.shapes._spTree
        for placeholder in list(layout.placeholders):
            tree.remove(placeholder._element)
        _decorate(tree, name, org_name, lang)
        out[name] = layout
    return out


def _colours_and_fonts(prs, lang: str) -> None:
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    elements = root.find(f"{a}themeElements")
    root.set("name", "officegen")
    scheme = elements.find(f"{a}clrScheme")
    scheme.set("name", "officegen")
    for slot, value in SCHEME.items():
        el = scheme.find(f"{a}{slot}")
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{a}srgbClr", val=value)
    fonts = elements.find(f"{a}fontScheme")
    fonts.set("name", "officegen")
    ea = east_asian_font(lang)
    for kind in ("majorFont", "minorFont"):
        font = fonts.find(f"{a}{kind}")
        font.find(f"{a}latin").set("typeface", LATIN)
        font.find(f"{a}ea").set("typeface", ea)
        for script in font.findall(f"{a}font"):
            if script.get("script") in ("Hans", "Hant"):
                script.set("typeface", ea)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _emu(inches: float) -> int:
    return int(round(inches * EMU))


def _rect(shape_id: int, name: str, x, y, w, h, fill: str, *, prst: str = "rect") -> str:
    return (
        f'<p:sp {_NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{_emu(x)}" y="{_emu(y)}"/><a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>'
        f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="{fill}"/></a:solidFill>'
        "<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )


def _text(shape_id: int, name: str, x, y, w, h, run: str, *, align: str, lang: str) -> str:
    return (
        f'<p:sp {_NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/>'
        '<p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{_emu(x)}" y="{_emu(y)}"/><a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        '<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr"/><a:lstStyle/>'
        f'<a:p><a:pPr algn="{align}"/>{run}</a:p></p:txBody></p:sp>'
    )


def _rpr(lang: str, size: int = 900) -> str:
    from officegen.office.fonts import lang_tag

    return (
        f'<a:rPr lang="{lang_tag(lang)}" sz="{size}" dirty="0"><a:solidFill><a:schemeClr val="tx2"/></a:solidFill>'
        f'<a:latin typeface="{LATIN}"/><a:ea typeface="{east_asian_font(lang)}"/></a:rPr>'
    )


def _footer(org_name: str, lang: str, first_id: int) -> list[str]:
    name_run = f"<a:r>{_rpr(lang)}<a:t>{xml_text(org_name)}</a:t></a:r>"
    number_run = f'<a:fld id="{SLIDENUM_FIELD_ID}" type="slidenum">{_rpr(lang)}<a:t>‹#›</a:t></a:fld>'
    return [
        _rect(first_id, "footer-rule", 0.35, FOOTER_Y - 0.04, SLIDE_W - 0.7, 0.012, "accent1"),
        _text(first_id + 1, "footer-org", 0.35, FOOTER_Y, 8.0, FOOTER_H, name_run, align="l", lang=lang),
        _text(first_id + 2, "slide-number", SLIDE_W - 1.35, FOOTER_Y, 1.0, FOOTER_H, number_run, align="r", lang=lang),
    ]


def _decorate(tree, name: str, org_name: str, lang: str) -> None:
    """The layout's own drawing: bands and rules in scheme colours, and the footer."""
    shapes: list[str]
    if name == "title":
        shapes = [
            _rect(20, "band", 0, 0, SLIDE_W, SLIDE_H, "tx2"),
            _rect(21, "accent-bar", 0.9, 4.55, 1.6, 0.08, "accent2"),
            _rect(22, "corner", SLIDE_W - 3.2, 0, 3.2, SLIDE_H, "accent1"),
            _rect(23, "corner-light", SLIDE_W - 2.2, 0, 2.2, SLIDE_H, "accent2"),
        ]
    elif name == "section":
        shapes = [
            _rect(20, "band", 0, 0, 4.6, SLIDE_H, "tx2"),
            _rect(21, "panel", 4.6, 0, SLIDE_W - 4.6, SLIDE_H, "bg2"),
            _rect(22, "accent-bar", 5.3, 4.2, 1.4, 0.08, "accent2"),
        ]
    else:
        shapes = [_rect(20, "title-bar", 0.35, 0.42, 0.09, 0.5, "accent1")] + _footer(org_name, lang, 21)
        if name == "agenda":  # its title is on the panel, not beside a bar
            shapes[0] = _rect(19, "panel", 0, 0, 4.2, SLIDE_H, "bg2")
    for xml in shapes:
        tree.append(etree.fromstring(xml))
