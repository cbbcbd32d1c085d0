"""Job descriptions: one Word document per role, with its RACI built in.

The document skeleton (styles with East Asian fonts, numbering, header and footer, page set-up)
is built once with python-docx, from the user's reference document when given. Each role then
costs only its body XML, its numbering instances and its core properties; every other part is
copied into the zip already compressed (see ``reprozip.PreparedEntry``). That is what makes
2,000 documents a matter of seconds.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from officegen.atomic import atomic_path
from officegen.fonts import LANG_TAG, LATIN_FONT, docx_styles_fonts, east_asian_font
from officegen.generators.jd_markup import Numbering, StyleIds, body_xml
from officegen.generators.jd_templates import Templates, role_context
from officegen.i18n import pick_labels
from officegen.model import Organization
from officegen.reprozip import PreparedEntry, build_time, write_prepared_zip
from officegen.safenames import NameAllocator
from officegen.userfiles import check_office_file

COMBINED_NAME = "job-descriptions-all"  # not a valid role-file name collision: allocated first
LABELS = {
    "zh-CN": {"subject": "岗位说明书", "all": "全部岗位说明书", "toc": "目录", "page": "第 {PAGE} 页 / 共 {NUMPAGES} 页"},
    "en": {"subject": "Job description", "all": "All job descriptions", "toc": "Contents",
           "page": "Page {PAGE} of {NUMPAGES}"},
}
_BULLET_ABSTRACT, _DECIMAL_ABSTRACT = 9001, 9002
_NUM_BASE = 9001
PARALLEL_ABOVE = 200


@dataclass
class Skeleton:
    """The parts shared by every document of a run, prepared once."""

    entries: list[PreparedEntry]  # unchanged parts, compressed
    document_head: str  # document.xml up to and including <w:body>
    document_tail: str  # the final sectPr and closing tags
    numbering_head: str  # numbering.xml up to the first existing w:num (abstractNums added)
    numbering_tail: str  # existing w:num elements and the closing tag
    styles: StyleIds
    rpr: str
    bold_rpr: str
    core_template: str


def write_job_descriptions(
    org: Organization,
    outdir: str | Path,
    *,
    role_ids: Sequence[str] | None = None,
    combined: bool = False,
    template_dir: Path | None = None,
    reference_doc: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write one .docx per role (in org-chart order) into ``outdir``; returns the paths written."""
    outdir = Path(outdir)
    templates = Templates(org.lang, template_dir)
    skeleton = build_skeleton(org, reference_doc)
    roles = [org.roles[r] for r in role_ids] if role_ids else list(org.roles_in_org_order())
    names = NameAllocator(outdir)
    combined_path = names.allocate(COMBINED_NAME, ".docx") if combined else None
    targets = [(role.id, names.allocate(role.id, ".docx")) for role in roles]
    outdir.mkdir(parents=True, exist_ok=True)
    workers = min(jobs or os.cpu_count() or 1, 8)
    if workers > 1 and len(targets) > PARALLEL_ABOVE and _can_fork():
        _write_parallel(org, templates, skeleton, targets, workers, progress)
    else:
        for role_id, path in targets:
            _write_one(org, templates, skeleton, role_id, path)
            if progress:
                progress(1)
    written = [path for _, path in targets]
    if combined_path is not None:
        _write_combined(org, templates, skeleton, [r.id for r in roles], combined_path)
        if progress:
            progress(1)
        written.insert(0, combined_path)
    return written


# -- the skeleton -------------------------------------------------------------------------------


def build_skeleton(org: Organization, reference_doc: Path | None = None) -> Skeleton:
    labels = pick_labels(LABELS, org.lang)
    if reference_doc:
        document = docx.Document(str(check_office_file(reference_doc)))
    else:
        document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    styles = _ensure_styles(document)
    docx_styles_fonts(document.styles.element, org.lang)
    section = document.sections[0]
    if not reference_doc:
        section.page_width, section.page_height = docx.shared.Mm(210), docx.shared.Mm(297)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, docx.shared.Mm(22))
    if not reference_doc or not section.header.paragraphs[0].text.strip():
        section.header.paragraphs[0].text = org.name
    _page_footer(section.footer.paragraphs[0], labels["page"])
    document.part.numbering_part  # noqa: B018 - creates the part when the template has none
    document.core_properties.author = "officegen"
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # a picture of python-docx's empty template page
            package.rels.pop(r_id)
    buffer = io.BytesIO()
    document.save(buffer)
    ea = east_asian_font(org.lang)
    rpr = (f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{ea}" w:cs="{LATIN_FONT}"/>'
           f'<w:lang w:val="{LANG_TAG.get(org.lang, "en-US")}" w:eastAsia="zh-CN"/></w:rPr>')
    bold_rpr = rpr.replace("<w:rPr><w:rFonts", "<w:rPr><w:rFonts", 1).replace("/><w:lang", "/><w:b/><w:lang", 1)
    entries = []
    document_xml = numbering_xml = ""
    with zipfile.ZipFile(buffer) as z:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "word/document.xml":
                document_xml = data.decode("utf-8")
            elif info.filename == "word/numbering.xml":
                numbering_xml = data.decode("utf-8")
            elif info.filename == "docProps/core.xml":
                continue
            else:
                entries.append(PreparedEntry(info.filename, data))
    head, tail = _split_document(document_xml)
    n_head, n_tail = _split_numbering(numbering_xml)
    return Skeleton(entries, head, tail, n_head, n_tail, styles, rpr, bold_rpr, _core_template(org))


def _ensure_styles(document) -> StyleIds:
    """Style ids of the styles the markup uses, adding any the (reference) document lacks."""
    wanted = {"heading1": ("Heading 1", WD_STYLE_TYPE.PARAGRAPH), "heading2": ("Heading 2", WD_STYLE_TYPE.PARAGRAPH),
              "bullet": ("List Bullet", WD_STYLE_TYPE.PARAGRAPH), "number": ("List Number", WD_STYLE_TYPE.PARAGRAPH),
              "table": ("Table Grid", WD_STYLE_TYPE.TABLE)}
    ids = {}
    for key, (name, kind) in wanted.items():
        try:
            style = document.styles[name]
        except KeyError:
            style = document.styles.add_style(name, kind)
            if key.startswith("heading"):
                style.font.bold = True
                style.font.size = Pt(16 if key == "heading1" else 13)
                pPr = style.element.get_or_add_pPr()
                outline = etree.SubElement(pPr, qn("w:outlineLvl"))
                outline.set(qn("w:val"), "0" if key == "heading1" else "1")
        ids[key] = style.style_id
    return StyleIds(**ids)


def _page_footer(paragraph, pattern: str) -> None:
    """Footer text with live PAGE / NUMPAGES fields."""
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = 1
    for piece in re.split(r"(\{PAGE\}|\{NUMPAGES\})", pattern):
        if piece in ("{PAGE}", "{NUMPAGES}"):
            field = etree.SubElement(paragraph._p, qn("w:fldSimple"))
            field.set(qn("w:instr"), piece.strip("{}"))
            run = etree.SubElement(field, qn("w:r"))
            etree.SubElement(run, qn("w:t")).text = "1"
        elif piece:
            paragraph.add_run(piece)


def _split_document(xml: str) -> tuple[str, str]:
    start = xml.index("<w:body>") + len("<w:body>")
    sect = xml.rfind("<w:sectPr")
    end = sect if sect >= start else xml.index("</w:body>")
    return xml[:start], xml[end:]


def _split_numbering(xml: str) -> tuple[str, str]:
    if not xml:
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:numbering>')
    ours = _abstract_nums()
    first_num = xml.find("<w:num ")
    if first_num < 0:
        first_num = xml.find("<w:numIdMacAtCleanup")
    if first_num < 0:
        first_num = xml.rindex("</w:numbering>")
    if xml.endswith("/>") and "</w:numbering>" not in xml:  # an empty self-closed root
        xml = xml[:-2] + "></w:numbering>"
        first_num = xml.rindex("</w:numbering>")
    return xml[:first_num] + ours, xml[first_num:]


def _abstract_nums() -> str:
    bullet = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>'
              '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr>'
              '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/></w:rPr></w:lvl>')
    decimal = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
               '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl>')
    return (f'<w:abstractNum w:abstractNumId="{_BULLET_ABSTRACT}"><w:multiLevelType w:val="singleLevel"/>{bullet}'
            f'</w:abstractNum><w:abstractNum w:abstractNumId="{_DECIMAL_ABSTRACT}">'
            f'<w:multiLevelType w:val="singleLevel"/>{decimal}</w:abstractNum>')


def _core_template(org: Organization) -> str:
    when = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
        f"<dc:creator>officegen</dc:creator><cp:lastModifiedBy>officegen</cp:lastModifiedBy>"
        f"<dc:language>{org.lang}</dc:language><cp:keywords>{{keywords}}</cp:keywords>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


# -- one document -------------------------------------------------------------------------------


def _document_bytes(skeleton: Skeleton, body: str, numbering: Numbering, title: str, subject: str,
                    keywords: str) -> bytes:
    document = skeleton.document_head + body + skeleton.document_tail
    numbering_xml = skeleton.numbering_head + skeleton.numbering_tail.replace(
        "</w:numbering>", numbering.xml() + "</w:numbering>", 1
    ) if "</w:numbering>" in skeleton.numbering_tail else skeleton.numbering_head + numbering.xml() + skeleton.numbering_tail
    core = skeleton.core_template.format(title=escape(title), subject=escape(subject), keywords=escape(keywords))
    entries = list(skeleton.entries)
    entries.append(PreparedEntry("word/document.xml", document.encode("utf-8")))
    entries.append(PreparedEntry("word/numbering.xml", numbering_xml.encode("utf-8")))
    entries.append(PreparedEntry("docProps/core.xml", core.encode("utf-8")))
    out = io.BytesIO()
    write_prepared_zip(out, entries)
    return out.getvalue()


def render_role(org: Organization, templates: Templates, skeleton: Skeleton, role_id: str,
                numbering: Numbering) -> str:
    markup = templates.render(role_context(org, org.roles[role_id]))
    return body_xml(markup, skeleton.styles, numbering, skeleton.rpr, skeleton.bold_rpr)


def _new_numbering() -> Numbering:
    return Numbering(_BULLET_ABSTRACT, _DECIMAL_ABSTRACT, _NUM_BASE)


def _write_one(org, templates, skeleton, role_id: str, path: Path) -> None:
    numbering = _new_numbering()
    body = render_role(org, templates, skeleton, role_id, numbering)
    labels = pick_labels(LABELS, org.lang)
    role = org.roles[role_id]
    data = _document_bytes(skeleton, body, numbering, role.title, labels["subject"],
                           org.departments[role.department_id].name)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _write_combined(org, templates, skeleton, role_ids: list[str], path: Path) -> None:
    labels = pick_labels(LABELS, org.lang)
    numbering = _new_numbering()
    rpr = skeleton.rpr
    toc_entries = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r>{rpr}<w:t xml:space="preserve">'
        f"{escape(org.roles[r].title)}</w:t></w:r></w:p>" for r in role_ids
    )
    parts = [
        f'<w:p><w:pPr><w:pStyle w:val="{skeleton.styles.heading1}"/></w:pPr><w:r>{rpr}<w:t>'
        f'{escape(org.name)} — {escape(labels["all"])}</w:t></w:r></w:p>',
        f'<w:p><w:r>{rpr}<w:t>{escape(labels["toc"])}</w:t></w:r></w:p>',
        f'<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve">'
        f' TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>',
        toc_entries,
        '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    ]
    for role_id in role_ids:
        parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        parts.append(render_role(org, templates, skeleton, role_id, numbering))
    data = _document_bytes(skeleton, "".join(parts), numbering, f"{org.name} — {labels['all']}",
                           labels["subject"], org.name)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


# -- many documents in parallel ----------------------------------------------------------------

_STATE: dict = {}


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _work(chunk: list[tuple[str, Path]]) -> int:
    org, templates, skeleton = _STATE["args"]
    for role_id, path in chunk:
        _write_one(org, templates, skeleton, role_id, path)
    return len(chunk)


def _write_parallel(org, templates, skeleton, targets, workers: int, progress) -> None:
    """Fork workers that inherit the model, templates and skeleton; each writes whole files."""
    import multiprocessing

    _STATE["args"] = (org, templates, skeleton)
    size = max(16, len(targets) // (workers * 8))
    chunks = [targets[i:i + size] for i in range(0, len(targets), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for done in pool.imap_unordered(_work, chunks):
                if progress:
                    progress(done)
    finally:
        _STATE.clear()
