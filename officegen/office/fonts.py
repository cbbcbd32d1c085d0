"""East Asian fonts, set explicitly, because the libraries only write the Latin slot.

python-docx's ``font.name`` writes ``w:ascii``/``w:hAnsi`` only, and Word's Heading and Title
styles name *theme* fonts that override explicit names; python-pptx's ``font.name`` writes
``a:latin`` only. Without an explicit East Asian font, Chinese falls back to whatever the
viewer picks (LibreOffice hides this; Word and WPS show it), so every style and run gets one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from officegen.i18n import CHINESE, is_chinese

if TYPE_CHECKING:  # lxml is imported where it is used: the RACI workbook and the site never need it
    from lxml import etree

LATIN_FONT = "Calibri"
EAST_ASIAN_FONT = {"zh-CN": "Microsoft YaHei", "en": "Microsoft YaHei"}
#: ``w:lang``/``lang`` value for the East Asian script of each output language
EAST_ASIAN_LANG = {"zh-CN": "zh-CN", "en": "zh-CN"}
LANG_TAG = {"zh-CN": "zh-CN", "en": "en-US"}


def east_asian_font(lang: str) -> str:
    return EAST_ASIAN_FONT.get(lang, EAST_ASIAN_FONT[CHINESE])


def lang_tag(lang: str) -> str:
    """The language tag a run of ``lang`` text carries (``en-US`` when unknown)."""
    return LANG_TAG.get(lang, "en-US")


def alt_lang_tag(lang: str) -> str:
    """The other script's tag (DrawingML ``altLang``): English beside Chinese, Chinese beside the rest."""
    return "en-US" if is_chinese(lang) else LANG_TAG[CHINESE]


# -- WordprocessingML ----------------------------------------------------------
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_THEME_ATTRS = tuple(f"{{{_W}}}{a}" for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
# child order of w:rPr (CT_RPr) up to the elements we insert
_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _insert_in_order(parent: etree._Element, child: etree._Element, order: list[str], ns: str) -> None:
    from lxml import etree

    name = etree.QName(child).localname
    later = set(order[order.index(name) + 1 :])
    for i, existing in enumerate(parent):
        if etree.QName(existing).namespace == ns and etree.QName(existing).localname in later:
            parent.insert(i, child)
            return
    parent.append(child)


def docx_rpr_child(rpr: etree._Element, tag: str) -> etree._Element:
    """``rpr``'s ``w:<tag>`` child, inserted in schema order when missing."""
    from lxml import etree

    child = rpr.find(_w(tag))
    if child is None:
        child = etree.Element(_w(tag))
        _insert_in_order(rpr, child, _RPR_ORDER, _W)
    return child


def docx_default_rpr(styles_element: etree._Element) -> etree._Element:
    """The document-wide run properties (``w:docDefaults/w:rPrDefault/w:rPr``), created when missing."""
    from lxml import etree

    defaults = styles_element.find(_w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(_w("docDefaults"))
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(_w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(_w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, _w("rPr"))
    return rpr


def docx_rpr_fonts(rpr: etree._Element, lang: str, latin: str = LATIN_FONT) -> None:
    """Set Latin and East Asian fonts and languages on a ``w:rPr``, removing theme-font overrides."""
    fonts = docx_rpr_child(rpr, "rFonts")
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(attr, None)
    ea = east_asian_font(lang)
    fonts.set(_w("ascii"), latin)
    fonts.set(_w("hAnsi"), latin)
    fonts.set(_w("eastAsia"), ea)
    fonts.set(_w("cs"), latin)
    fonts.set(_w("hint"), "eastAsia") if is_chinese(lang) else fonts.attrib.pop(_w("hint"), None)
    lang_el = docx_rpr_child(rpr, "lang")
    lang_el.set(_w("val"), lang_tag(lang))
    lang_el.set(_w("eastAsia"), EAST_ASIAN_LANG.get(lang, CHINESE))


def docx_styles_fonts(styles_element: etree._Element, lang: str, latin: str = LATIN_FONT) -> None:
    """Apply :func:`docx_rpr_fonts` to the document defaults and to every style that sets fonts.

    ``styles_element`` is the ``w:styles`` root (``document.styles.element``).
    """
    docx_rpr_fonts(docx_default_rpr(styles_element), lang, latin)
    for style in styles_element.iter(_w("style")):
        for style_rpr in style.iter(_w("rPr")):  # the style's own and its table-part (tblStylePr) ones
            if style_rpr.find(_w("rFonts")) is not None:
                docx_rpr_fonts(style_rpr, lang, latin)


# -- DrawingML (pptx) ----------------------------------------------------------
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_RPR_A_ORDER = [
    "ln",
    "noFill",
    "solidFill",
    "gradFill",
    "blipFill",
    "pattFill",
    "grpFill",
    "effectLst",
    "effectDag",
    "highlight",
    "uLnTx",
    "uLn",
    "uFillTx",
    "uFill",
    "latin",
    "ea",
    "cs",
    "sym",
    "hlinkClick",
    "hlinkMouseOver",
    "rtl",
    "extLst",
]


def drawing_rpr_fonts(rpr: etree._Element, lang: str, latin: str | None = LATIN_FONT) -> None:
    """Give an ``a:rPr``/``a:defRPr``/``a:endParaRPr`` an ``a:latin`` and an ``a:ea`` right after it."""
    from lxml import etree

    for tag, face in (("latin", latin), ("ea", east_asian_font(lang))):
        if face is None:
            continue
        el = rpr.find(f"{{{_A}}}{tag}")
        if el is None:
            el = etree.Element(f"{{{_A}}}{tag}")
            _insert_in_order(rpr, el, _RPR_A_ORDER, _A)
        el.set("typeface", face)
    rpr.set("lang", lang_tag(lang))
    rpr.set("altLang", alt_lang_tag(lang))
