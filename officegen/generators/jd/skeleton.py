"""The document skeleton of a run, built once with python-docx, and the fast per-role writer.

The skeleton holds every part a job description shares: styles (with East Asian fonts), the
list definitions, header and footer, page set-up, theme, settings. It is saved once; each part
is deflated once (``reprozip.PreparedEntry``). A role then costs only its own ``document.xml``
body, its ``numbering.xml`` (one ``w:num`` per numbered list, so each restarts at 1) and its
``docProps/core.xml`` - the rest of the zip is copied already compressed.

With a reference document (``reference_doc``), that document is the skeleton, as pandoc does:
its body is emptied, its section properties, headers, footers, styles and theme are kept, the
styles the markup needs are added when missing, and its own fonts are kept (only theme-font
references are made explicit, and an East Asian font is given where none is set).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from officegen.generators.jd.markup import BodyWriter, Numbering, StyleIds
from officegen.i18n import CHINESE, is_chinese
from officegen.office.fonts import (
    EAST_ASIAN_LANG,
    LANG_TAG,
    docx_default_rpr,
    docx_rpr_child,
    docx_styles_fonts,
    east_asian_font,
    lang_tag,
)
from officegen.office.reprozip import PreparedEntry, build_time, write_prepared_zip
from officegen.office.userfiles import WORD, guarded, open_document
from officegen.office.xmltext import INVALID_XML
from officegen.office.xmltext import escape as xml_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MARK = "officegen-split"
#: A4, 2.2 cm left and right margins: the default page of a Chinese office document
A4_TWIPS = (11906, 16838)
MARGIN_TWIPS = 1247


@dataclass
class Skeleton:
    """Everything shared by the documents of one run."""

    parts: list[tuple[str, PreparedEntry | None]]  # zip order; None = written per document
    document_name: str
    numbering_name: str
    core_name: str
    document_head: str
    document_tail: str
    numbering_head: str
    numbering_tail: str
    bullet_abstract: int
    decimal_abstract: int
    first_num_id: int
    styles: StyleIds
    text_width: int
    text_height: int
    lang: str
    author: str
    subject: str
    #: numbering.xml deflated once per distinct content: it depends only on how many numbered lists
    #: a document has, so a few versions serve every role
    _numberings: dict[str, PreparedEntry] = field(default_factory=dict, repr=False, compare=False)

    def numbering(self) -> Numbering:
        return Numbering(self.bullet_abstract, self.decimal_abstract, self.first_num_id)

    def writer(self) -> BodyWriter:
        return BodyWriter(self.styles, self.text_width, east_asian_hint=is_chinese(self.lang))

    def document(
        self,
        body: str | Iterable[str],
        numbering: Numbering,
        *,
        title: str,
        subject: str | None = None,
        keywords: str = "",
    ) -> bytes:
        """The bytes of one .docx: ``body`` is the body XML (without w:body and the section), or its
        pieces in order (a combined document: deflated as they come; numbering is read after them)."""
        if isinstance(body, str):  # one role's: small, deflated in one call
            document = PreparedEntry(
                self.document_name, (self.document_head + body + self.document_tail).encode("utf-8")
            )
        else:
            document = PreparedEntry(
                self.document_name,
                (text.encode("utf-8") for text in _chain([self.document_head], body, [self.document_tail])),
            )
        per_document = {
            self.document_name: document,
            self.numbering_name: self._numbering_entry(numbering.xml()),
            self.core_name: PreparedEntry(
                self.core_name,
                core_xml(
                    title=title,
                    subject=self.subject if subject is None else subject,
                    author=self.author,
                    keywords=keywords,
                    lang=self.lang,
                ).encode("utf-8"),
            ),
        }
        entries = [entry if entry is not None else per_document[name] for name, entry in self.parts]
        out = io.BytesIO()
        write_prepared_zip(out, entries)
        return out.getvalue()

    def _numbering_entry(self, nums: str) -> PreparedEntry:
        entry = self._numberings.get(nums)
        if entry is None:
            if len(self._numberings) >= 256:  # a combined document's lists are many and one-off
                self._numberings.clear()
            entry = self._numberings[nums] = PreparedEntry(
                self.numbering_name, (self.numbering_head + nums + self.numbering_tail).encode("utf-8")
            )
        return entry


def _chain(*parts):
    for part in parts:
        yield from part


def _x(text: str) -> str:
    return xml_text(INVALID_XML.sub("", text))


def core_xml(*, title: str, subject: str, author: str, keywords: str, lang: str) -> str:
    """Core properties with created/modified from ``build_time()`` (never the clock)."""
    when = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_x(title)}</dc:title><dc:subject>{_x(subject)}</dc:subject>"
        f"<dc:creator>{_x(author)}</dc:creator><cp:keywords>{_x(keywords)}</cp:keywords>"
        f"<dc:language>{_x(LANG_TAG.get(lang, lang))}</dc:language>"
        "<cp:lastModifiedBy>officegen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


# -- building the skeleton ---------------------------------------------------------------------


def build_skeleton(lang: str, page: dict[str, str], reference_doc: Path | None = None) -> Skeleton:
    """Build the shared parts once. ``page`` holds the page template's header, footer and properties.

    A reference document is read (and everything done with it) through ``userfiles``: whatever is
    wrong with it is an input error naming it, never a traceback."""
    if reference_doc is None:
        return _build_skeleton(lang, page, docx.Document(), default=True)
    with guarded(reference_doc, WORD):
        return _build_skeleton(lang, page, open_document(reference_doc), default=False)


def _build_skeleton(lang: str, page: dict[str, str], document, *, default: bool) -> Skeleton:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect_pr = body.get_or_add_sectPr()
    styles = _ensure_styles(document)
    if default:
        docx_styles_fonts(document.styles.element, lang)
        _tune_default_styles(document)
        _page_setup(document)
        _strip_rsids(document, sect_pr)
    else:
        _reference_fonts(document, lang)
    # Word 2010's copy of the styles, which Word 2013 and later neither write nor need: kept, it
    # would hold the reference's old styles beside the rewritten styles.xml (440 KB by default)
    _drop_part(document.part, "/stylesWithEffects")
    text_width = _text_width(document)
    text_height = _text_height(document)
    section = document.sections[-1]
    header, footer = page.get("header", ""), page.get("footer", "")
    if header and (default or not _has_content(section.header)):
        _fill(document, section.header, header, "Header", text_width, lang, border=True)
    if footer and (default or not _has_content(section.footer)):
        _fill(document, section.footer, footer, "Footer", text_width, lang, border=False)
    elif footer and "{PAGE}" in footer:  # a letterhead whose footer numbers no page: numbered below it
        for head, foot in _header_footer_pairs(section):
            if not _has_page_field(head) and not _has_page_field(foot):
                _fill(document, foot, footer, "Footer", text_width, lang, border=False, keep=True)
    bullet_abstract, decimal_abstract, first_num_id = _prepare_numbering(document)
    _drop_part(document.part.package, "/thumbnail")  # a picture of an empty page
    if default:
        _slim_styles(document, styles)
    document.core_properties  # noqa: B018 - creates docProps/core.xml when the reference has none

    # split points for the per-document parts
    body.insert(body.index(sect_pr), etree.Comment(_MARK))
    numbering_el = document.part.numbering_part.element
    numbering_el.append(etree.Comment(_MARK))

    buffer = io.BytesIO()
    document.save(buffer)
    names = {
        "document": document.part.partname.lstrip("/"),
        "numbering": document.part.numbering_part.partname.lstrip("/"),
        "core": document.part.package._core_properties_part.partname.lstrip("/"),
    }
    parts: list[tuple[str, PreparedEntry | None]] = []
    texts = {}
    with zipfile.ZipFile(buffer) as z:
        for info in z.infolist():
            if info.filename in names.values():
                parts.append((info.filename, None))
                texts[info.filename] = z.read(info).decode("utf-8")
            else:
                parts.append((info.filename, PreparedEntry(info.filename, z.read(info))))
    doc_head, doc_tail = _split(texts[names["document"]])
    num_head, num_tail = _split(texts[names["numbering"]])
    return Skeleton(
        parts=parts,
        document_name=names["document"],
        numbering_name=names["numbering"],
        core_name=names["core"],
        document_head=doc_head,
        document_tail=doc_tail,
        numbering_head=num_head,
        numbering_tail=num_tail,
        bullet_abstract=bullet_abstract,
        decimal_abstract=decimal_abstract,
        first_num_id=first_num_id,
        styles=styles,
        text_width=text_width,
        text_height=text_height,
        lang=lang,
        author=page.get("author", ""),
        subject=page.get("subject", ""),
    )


def _split(xml: str) -> tuple[str, str]:
    """Text before and after the split comment; the w: prefix bound on the root if it was not."""
    marker = f"<!--{_MARK}-->"
    head, tail = xml.split(marker, 1)
    if f'xmlns:w="{W_NS}"' not in head:  # a reference document using another prefix for WordprocessingML
        start = head.index("<", head.index("?>") + 2 if head.startswith("<?") else 0)
        end = head.index(">", start)
        head = head[:end] + f' xmlns:w="{W_NS}"' + head[end:]
    return head, tail


def _drop_part(source, reltype_suffix: str) -> None:
    for r_id, rel in list(source.rels.items()):
        if rel.reltype.endswith(reltype_suffix):
            source.rels.pop(r_id)


def _strip_rsids(document, sect_pr) -> None:
    settings = document.settings.element
    for rsids in settings.findall(qn("w:rsids")):
        settings.remove(rsids)
    for attr in list(sect_pr.attrib):
        if "rsid" in attr:
            del sect_pr.attrib[attr]


def _page_setup(document) -> None:
    section = document.sections[-1]
    section.page_width = docx.shared.Twips(A4_TWIPS[0])
    section.page_height = docx.shared.Twips(A4_TWIPS[1])
    section.left_margin = section.right_margin = docx.shared.Twips(MARGIN_TWIPS)
    section.top_margin = section.bottom_margin = docx.shared.Twips(1304)
    section.header_distance = section.footer_distance = docx.shared.Twips(624)


def _text_width(document) -> int:
    section = document.sections[-1]
    try:
        width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    except AttributeError:  # a section without pgSz/pgMar: Word's defaults (Letter, 1.25 in margins)
        width = 8640
    return width if width > 1440 else 8640


def _text_height(document) -> int:
    section = document.sections[-1]
    try:
        height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    except AttributeError:  # Word's defaults: Letter, 1 in margins
        height = 12960
    return height if height > 1440 else 12960


# -- styles --------------------------------------------------------------------------------------

_WANTED = (
    ("title", ("Title",), "paragraph", '<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="48"/></w:rPr>'),
    (
        "heading1",
        ("heading 1",),
        "paragraph",
        '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>'
        '<w:rPr><w:b/><w:sz w:val="36"/></w:rPr>',
    ),
    (
        "heading2",
        ("heading 2",),
        "paragraph",
        '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr>'
        '<w:rPr><w:b/><w:sz w:val="28"/></w:rPr>',
    ),
    (
        "heading3",
        ("heading 3",),
        "paragraph",
        '<w:pPr><w:keepNext/><w:spacing w:before="160" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr>'
        '<w:rPr><w:b/><w:sz w:val="24"/></w:rPr>',
    ),
    ("bullet", ("List Bullet",), "paragraph", ""),
    ("number", ("List Number",), "paragraph", ""),
    (
        "table",
        ("Table Grid",),
        "table",
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>",
    ),
    ("toc1", ("toc 1", "TOC 1"), "paragraph", '<w:pPr><w:spacing w:before="120" w:after="40"/></w:pPr>'),
    ("toc2", ("toc 2", "TOC 2"), "paragraph", '<w:pPr><w:spacing w:after="20"/><w:ind w:left="420"/></w:pPr>'),
)
_STYLE_IDS = {
    "title": "Title",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "heading3": "Heading3",
    "bullet": "ListBullet",
    "number": "ListNumber",
    "table": "TableGrid",
    "toc1": "TOC1",
    "toc2": "TOC2",
}


#: the styles a missing heading style (or the title) is based on, nearest first
_HEADING_KIN = {
    "heading3": ("heading2", "heading1"),
    "heading2": ("heading1", "heading3"),
    "heading1": ("heading2", "heading3"),
    "title": ("heading1", "heading2"),
}


def _find_style(document, names: tuple[str, ...]):
    wanted = {n.lower() for n in names}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and (name.get(qn("w:val")) or "").lower() in wanted:
            return style
    return None


def _ensure_styles(document) -> StyleIds:
    """Style ids of the styles the markup uses, adding those the (reference) document lacks."""
    styles_el = document.styles.element
    taken = {s.get(qn("w:styleId")) for s in styles_el.findall(qn("w:style"))}
    found = {key: _find_style(document, names) for key, names, _, _ in _WANTED}
    ids = {}
    for key, names, kind, props in _WANTED:
        style = found[key]
        if style is None:
            style_id = _STYLE_IDS[key]
            while style_id in taken:
                style_id += "0"
            taken.add(style_id)
            based = '<w:basedOn w:val="TableNormal"/>' if kind == "table" else '<w:basedOn w:val="Normal"/>'
            if kind == "table" and _find_style(document, ("Normal Table", "Table Normal")) is None:
                based = ""
            # a heading level the letterhead lacks looks like its neighbour level: same font, colour
            kin = next((found[k] for k in _HEADING_KIN.get(key, ()) if found[k] is not None), None)
            if kin is not None:
                based = f'<w:basedOn w:val="{kin.get(qn("w:styleId"))}"/>'
            ui = '<w:uiPriority w:val="9"/><w:qFormat/>' if key.startswith("heading") else ""
            style = parse_xml(
                f'<w:style {nsdecls("w")} w:type="{kind}" w:styleId="{style_id}">'
                f'<w:name w:val="{names[0]}"/>{based}{ui}{props}</w:style>'
            )
            styles_el.append(style)
        ids[key] = style.get(qn("w:styleId"))
    return StyleIds(**ids)


_STYLE_REFS = {qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"), qn("w:numStyleLink"), qn("w:styleLink")}
_STYLE_KIN = (qn("w:basedOn"), qn("w:link"), qn("w:next"))


def _slim_styles(document, used: StyleIds) -> None:
    """Keep only the styles the documents use: the markup's, those the header, footer and lists
    name, each type's default, and what they are based on, linked to or followed by. python-docx's
    template carries about 160 (352 KB of styles.xml in every document, re-read by every program
    that opens one); the latent-style list (how Word offers its built-in styles) stays."""
    styles_el = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles_el.findall(qn("w:style"))}
    wanted = {getattr(used, f) for f in used.__dataclass_fields__}
    wanted |= {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true", "on")}
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None or element is styles_el:
            continue
        wanted |= {el.get(qn("w:val")) for el in element.iter(*_STYLE_REFS)}
    todo = [i for i in wanted if i in by_id]
    keep: set[str] = set()
    while todo:
        style_id = todo.pop()
        if style_id in keep:
            continue
        keep.add(style_id)
        for kin in by_id[style_id].iter(*_STYLE_KIN):
            if kin.get(qn("w:val")) in by_id:
                todo.append(kin.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles_el.remove(style)


def _tune_default_styles(document) -> None:
    """python-docx's template, made to look like an HR document: a centred role title, A4."""
    h1 = document.styles["Heading 1"]
    h1.paragraph_format.alignment = 1
    h1.paragraph_format.space_before = docx.shared.Pt(0)
    h1.paragraph_format.space_after = docx.shared.Pt(8)
    h1.font.size = docx.shared.Pt(18)
    h2 = document.styles["Heading 2"]
    h2.paragraph_format.space_before = docx.shared.Pt(10)
    h2.paragraph_format.space_after = docx.shared.Pt(3)
    h3 = document.styles["Heading 3"]
    h3.paragraph_format.space_before = docx.shared.Pt(6)
    h3.paragraph_format.space_after = docx.shared.Pt(2)
    for name in ("Header", "Footer"):
        tabs = document.styles[name].element.pPr.find(qn("w:tabs"))
        if tabs is not None:
            tabs.getparent().remove(tabs)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after = docx.shared.Pt(3)
    normal.line_spacing = 1.1  # a job description should fit on two pages


# -- fonts of a reference document ----------------------------------------------------------------


def _theme_fonts(document, lang: str) -> dict[str, str]:
    """Theme font slots (``minorHAnsi``, ``majorEastAsia``...) resolved to typefaces."""
    try:
        theme = etree.fromstring(document.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return {}
    fonts: dict[str, str] = {}
    for kind in ("major", "minor"):
        scheme = theme.find(f".//{_A}fontScheme/{_A}{kind}Font")
        if scheme is None:
            continue

        def face(tag: str, scheme=scheme) -> str:
            el = scheme.find(f"{_A}{tag}")
            return el.get("typeface", "") if el is not None else ""

        hans = next((f.get("typeface", "") for f in scheme.findall(f"{_A}font") if f.get("script") == "Hans"), "")
        fonts[f"{kind}HAnsi"] = fonts[f"{kind}Ascii"] = face("latin")
        fonts[f"{kind}EastAsia"] = face("ea") or (hans if is_chinese(lang) else "")
        fonts[f"{kind}Bidi"] = face("cs")
    return fonts


def _reference_fonts(document, lang: str) -> None:
    """Keep the user's fonts; replace theme-font references by the theme's typefaces (Word, WPS and
    LibreOffice disagree on theme fonts for Chinese) and give an East Asian font where none is set."""
    theme = _theme_fonts(document, lang)
    styles_el = document.styles.element
    rpr = docx_default_rpr(styles_el)
    fonts = docx_rpr_child(rpr, "rFonts")
    lang_el = docx_rpr_child(rpr, "lang")
    if lang_el.get(qn("w:val")) is None:
        lang_el.set(qn("w:val"), lang_tag(lang))
    lang_el.set(qn("w:eastAsia"), EAST_ASIAN_LANG.get(lang, CHINESE))
    for el in [fonts, *styles_el.iter(qn("w:rFonts"))]:
        for slot, theme_attr in (
            ("ascii", "asciiTheme"),
            ("hAnsi", "hAnsiTheme"),
            ("eastAsia", "eastAsiaTheme"),
            ("cs", "cstheme"),
        ):
            themed = el.attrib.pop(qn(f"w:{theme_attr}"), None)
            if themed is not None and el.get(qn(f"w:{slot}")) is None:
                face = theme.get(themed, "")
                if not face and slot == "eastAsia":
                    face = east_asian_font(lang)
                if face:
                    el.set(qn(f"w:{slot}"), face)
        if is_chinese(lang):
            el.set(qn("w:hint"), "eastAsia")
    if not fonts.get(qn("w:eastAsia")):
        fonts.set(qn("w:eastAsia"), east_asian_font(lang))


# -- header and footer ------------------------------------------------------------------------------


def _has_content(part) -> bool:
    """A reference document's header/footer that shows something (text, a logo, a field)."""
    if part.is_linked_to_previous:
        return False
    element = part._element
    if any((t.text or "").strip() for t in element.iter(qn("w:t"))):
        return True
    return any(
        True for tag in ("w:drawing", "w:pict", "w:fldSimple", "w:instrText", "w:object") for _ in element.iter(qn(tag))
    )


def _header_footer_pairs(section):
    """(header, footer) of every kind of page the section has: all pages, and the first page when
    it has its own."""
    pairs = [(section.header, section.footer)]
    if section.different_first_page_header_footer:
        pairs.append((section.first_page_header, section.first_page_footer))
    return pairs


def _has_page_field(part) -> bool:
    """Whether a header/footer shows a page number (a PAGE field, simple or complex)."""
    if part.is_linked_to_previous:
        return False
    element = part._element
    if any(" PAGE " in f" {(f.get(qn('w:instr')) or '').upper()} " for f in element.iter(qn("w:fldSimple"))):
        return True
    return any(re.match(r"\s*PAGE\b", t.text or "", re.I) for t in element.iter(qn("w:instrText")))


def _fill(document, part, text: str, style_name: str, width: int, lang: str, border: bool, keep: bool = False) -> None:
    """Replace a header/footer's content by one paragraph of ``text`` (``keep``: add it below the
    content): ``\\t`` moves to the right edge (two tabs: centre, then right), ``{PAGE}`` and
    ``{NUMPAGES}`` are live fields."""
    element = part._element  # creates the part when the section has none
    for child in list(element) if not keep else []:
        element.remove(child)
    style = _find_style(document, (style_name.lower(), style_name))
    style_xml = f'<w:pStyle w:val="{style.get(qn("w:styleId"))}"/>' if style is not None else ""
    tabs = text.count("\t")
    stops = {
        0: "",
        1: f'<w:tab w:val="right" w:pos="{width}"/>',
        2: f'<w:tab w:val="center" w:pos="{width // 2}"/><w:tab w:val="right" w:pos="{width}"/>',
    }
    tab_xml = f"<w:tabs>{stops.get(min(tabs, 2))}</w:tabs>" if tabs else ""
    bdr = '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="808080"/></w:pBdr>' if border else ""
    jc = '<w:jc w:val="center"/>' if not tabs and not border else ""
    hint = '<w:rFonts w:hint="eastAsia"/>' if is_chinese(lang) else ""
    rpr = f'<w:rPr>{hint}<w:color w:val="595959"/><w:sz w:val="18"/></w:rPr>'
    runs = []
    for piece in re.split(r"(\{PAGE\}|\{NUMPAGES\}|\t)", INVALID_XML.sub("", text)):
        if piece == "\t":
            runs.append(f"<w:r>{rpr}<w:tab/></w:r>")
        elif piece in ("{PAGE}", "{NUMPAGES}"):
            runs.append(
                f'<w:fldSimple w:instr=" {piece[1:-1]} \\* MERGEFORMAT "><w:r>{rpr}<w:t>1</w:t></w:r></w:fldSimple>'
            )
        elif piece:
            runs.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(piece)}</w:t></w:r>')
    element.append(parse_xml(f"<w:p {nsdecls('w')}><w:pPr>{style_xml}{bdr}{tab_xml}{jc}</w:pPr>{''.join(runs)}</w:p>"))


# -- numbering ---------------------------------------------------------------------------------------


def _prepare_numbering(document) -> tuple[int, int, int]:
    """Add a bullet and a decimal list definition; returns their ids and the first free ``w:numId``."""
    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId")))
        for a in numbering.findall(qn("w:abstractNum"))
        if (a.get(qn("w:abstractNumId")) or "").isdigit()
    ]
    num_ids = [
        int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num")) if (n.get(qn("w:numId")) or "").isdigit()
    ]
    bullet = max(abstract_ids, default=-1) + 1
    decimal = bullet + 1
    for cleanup in numbering.findall(qn("w:numIdMacAtCleanup")):  # must follow every w:num; not needed
        numbering.remove(cleanup)
    ind = '<w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr>'
    definitions = [
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{bullet}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/>'
        f'<w:lvlJc w:val="left"/>{ind}<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/>'
        f"</w:rPr></w:lvl></w:abstractNum>",
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{decimal}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        f'<w:lvlJc w:val="left"/>{ind}</w:lvl></w:abstractNum>',
    ]
    existing = numbering.findall(qn("w:abstractNum")) or numbering.findall(qn("w:numPicBullet"))
    position = numbering.index(existing[-1]) + 1 if existing else 0
    for offset, xml in enumerate(definitions):
        numbering.insert(position + offset, parse_xml(xml))
    return bullet, decimal, max(num_ids, default=0) + 1
