"""What a new HR user needs (issue 14), checked on a 38-role company written the way she writes
it (tests/data/hr-company.yaml: Chinese, partly translated) and on both samples: documents for
one department, without names, the job-description set HR prints."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SAMPLE_EN, SAMPLE_ZH, TESTDATA, load
from docx import Document
from pptx import Presentation

from officegen.cli import cli
from officegen.generators.raci import FIRST_COL

HR = TESTDATA / "hr-company.yaml"


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def docx_text(path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def zip_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def role_of(path) -> str:
    """The role id a job description is for (its document title is the role title; the id is in its table)."""
    doc = Document(path)
    cells = [c.text for table in doc.tables[:2] for row in table.rows for c in row.cells]
    return cells[cells.index(next(c for c in cells if c in ("岗位编号", "Role id"))) + 1]


# -- one department, no names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "team,department", [(HR, "prod"), (SAMPLE_ZH, "merch"), (SAMPLE_EN, None)], ids=["hr", "zh", "en"]
)
@pytest.mark.slow
def test_build_for_one_department_without_names(team, department, tmp_path):
    org = load(team)
    department = department or next(
        d.id for d in org.departments.values() if d.parent_id and d.child_ids or d.parent_id and d.role_ids
    )
    invoke("build", team, "-o", tmp_path, "--department", department, "--no-names")
    from officegen.definition.model import department_role_ids

    inside = department_role_ids(org, department)
    names = {p.name for p in org.people}
    assert names
    # job descriptions: the department's roles only, with their full working relationships, no names
    docs = sorted((tmp_path / "job-descriptions").glob("*.docx"))
    singles = [d for d in docs if not d.name.startswith("job-descriptions-all")]
    assert sorted(role_of(d) for d in singles) == sorted(inside)
    for doc in docs:
        text = docx_text(doc)
        assert not any(name in text for name in names), doc.name
    # the workbook: every activity a role of the department takes part in, with all its letters
    ws = openpyxl.load_workbook(tmp_path / "raci.xlsx").worksheets[0]
    ids = [
        ws.cell(r, 1).value
        for r in range(4, ws.max_row + 1)
        if str(ws.cell(r, ws.max_column).value or "").startswith("=COUNTIF")
    ]
    expected = [a.id for a in org.activities if any(r in inside for r, _ in a.assignments)]
    assert ids == expected
    titles = {ws.cell(3, c).value for c in range(FIRST_COL, ws.max_column - 1)}
    assert {org.roles[r].title for r in inside} <= titles
    for activity in org.activities:
        if activity.id in ids:
            assert {org.roles[r].title for r, _ in activity.assignments} <= titles
    # the deck: the department's roles and the managers above them, no names, no other department's slide
    prs = Presentation(tmp_path / "org-chart.pptx")
    boxes = {
        s.name.split(":", 1)[1] for slide in prs.slides for s in slide.shapes if s.name.startswith(("role:", "cont:"))
    }
    chain = {m.id for r in inside for m in org.manager_chain(r)}
    assert set(inside) <= boxes <= set(inside) | chain
    text = zip_text(tmp_path / "org-chart.pptx")
    assert not any(name in text for name in names)
    # the page
    site = (tmp_path / "site.html").read_text(encoding="utf-8")
    assert not any(name in site for name in names)


def test_no_names_keeps_filled_and_vacant(tmp_path):
    invoke("jd", HR, "-o", tmp_path, "--role", "molding-operator", "--no-names")
    (doc,) = tmp_path.glob("*.docx")
    text = docx_text(doc)
    assert "5 人 / 3 人" in text and "黄小明" not in text and "在岗人员" not in text
    invoke("jd", HR, "-o", tmp_path / "named", "--role", "molding-operator")
    assert "黄小明" in docx_text(next((tmp_path / "named").glob("*.docx")))


def test_an_unknown_department_is_a_usage_error(tmp_path):
    for command in ("raci", "jd", "deck", "build"):
        result = CliRunner().invoke(cli, [command, str(HR), "-o", str(tmp_path / command), "--department", "qualty"])
        assert result.exit_code == 2 and "unknown department 'qualty' (did you mean 'quality'?)" in result.stderr


# -- the job descriptions HR prints -----------------------------------------------------------------


@pytest.mark.parametrize("team", [HR, SAMPLE_ZH, SAMPLE_EN], ids=["hr", "zh", "en"])
def test_every_job_description_fits_on_two_pages(team, tmp_path, soffice):
    """Rendered by LibreOffice: no role of the three organisations runs past two pages (the sample's
    store manager ran to four, two of them the collaboration table)."""
    from conftest import pdf_pages

    from officegen.office.libreoffice import convert

    invoke("jd", team, "-o", tmp_path / "jd", "-q")
    docs = sorted((tmp_path / "jd").glob("*.docx"))
    pages = {pdf.stem: pdf_pages(pdf) for pdf in convert(docs, tmp_path / "pdf", "pdf")}
    assert len(pages) == len(load(team).roles)
    assert max(pages.values()) <= 2, {k: v for k, v in pages.items() if v > 2}
    if team == SAMPLE_ZH:  # the full detail is still there for who wants it: longer
        invoke("jd", team, "-o", tmp_path / "full", "--role", "store-manager", "--full-detail")
        (full,) = convert(list((tmp_path / "full").glob("*.docx")), tmp_path / "fullpdf", "pdf")
        assert pdf_pages(full) > pages["店长 (store-manager)"]


def partner_rows(path):
    doc = Document(path)
    heading = next(i for i, p in enumerate(doc.paragraphs) if p.text in ("内部协作", "Collaboration"))
    for table in doc.tables:
        if table.rows[0].cells[0].text in ("协作岗位", "Role"):
            return [[c.text for c in row.cells] for row in table.rows], heading
    raise AssertionError("no collaboration table")


def test_the_collaboration_table_is_one_line_a_partner_strongest_first(tmp_path):
    from officegen.generators.jd.context import role_context

    org = load(SAMPLE_ZH)
    invoke("jd", SAMPLE_ZH, "-o", tmp_path, "--role", "store-manager")
    rows, _ = partner_rows(tmp_path / "店长 (store-manager).docx")
    assert rows[0] == ["协作岗位", "其审批本岗位工作", "本岗位审批其工作", "相互征求意见", "相互知会"]
    partners = role_context(org, org.roles["store-manager"])["partners"]
    shown, rest = rows[1:-1], rows[-1]
    assert len(shown) == 6 and rest[0] == f"另有 {len(partners) - 6} 个岗位"
    assert set(rest[1].split("、")) | {r[0] for r in shown} == {p["title"] for p in partners}
    # who signs off whose work comes first; then the most shared activities
    signs = [r for r in shown if r[1] != "—" or r[2] != "—"]
    assert shown[: len(signs)] == signs and signs
    assert shown[0][0] == "运营总监" and shown[0][1] == "3 项"  # signs off three of the store manager's activities
    for row in shown:
        assert all(cell == "—" or cell.endswith(" 项") for cell in row[1:])


def test_content_not_written_yet_shows_one_marker(tmp_path):
    invoke("jd", HR, "-o", tmp_path, "--role", "driver", "--role", "trainer")
    driver = docx_text(tmp_path / "司机 (driver).docx")
    assert driver.count("（待补充）") == 3  # summary, requirements, KPIs; responsibilities are written
    trainer = docx_text(tmp_path / "培训专员 (trainer).docx")
    assert trainer.count("（待补充）") == 3
    invoke("--lang", "en", "jd", HR, "-o", tmp_path / "en", "--role", "driver")
    assert docx_text(next((tmp_path / "en").glob("*.docx"))).count("(to be written)") == 3


def test_document_control_and_sign_off_from_the_organisation(tmp_path):
    invoke("jd", HR, "-o", tmp_path, "--role", "prod-mgr", "--role", "driver")
    doc = Document(tmp_path / "生产经理 (prod-mgr).docx")
    control = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert control[:6] == ["文件编号", "HR-JD-2026-01", "版本", "V1.0", "生效日期", "2026-12-01"]
    assert "人力资源部" in control and "总经理" in control
    sign = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert sign == [["签字人", "签字", "日期"], ["员工", "", ""], ["部门负责人", "", ""], ["人力资源", "", ""]]
    # the organisation's location for roles that give none; a role's own wins
    text = docx_text(tmp_path / "生产经理 (prod-mgr).docx")
    assert "工作地点\n东莞" in text
    assert "东莞/深圳" in docx_text(tmp_path / "司机 (driver).docx")
    # without document_control (the samples): neither block
    invoke("jd", SAMPLE_ZH, "-o", tmp_path / "zh", "--role", "store-manager")
    plain = docx_text(tmp_path / "zh" / "店长 (store-manager).docx")
    assert "文件编号" not in plain and "确认签字" not in plain


def _start_pages(pdf) -> dict[str, int]:
    """Heading text -> the page it starts on, from the PDF LibreOffice made: the first line under
    the page header of every page that starts a role."""
    import subprocess

    from conftest import pdf_pages

    starts: dict[str, int] = {}
    for page in range(1, pdf_pages(pdf) + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > 2:
            starts.setdefault(lines[2], page)  # under the header's two lines (organisation, document)
    return starts


def _contents(path) -> list[tuple[str, int]]:
    """(role title, page) of the combined document's contents, as Word shows them (the written results)."""
    doc = Document(path)
    return [
        (p.text.rsplit("\t", 1)[0], int(p.text.rsplit("\t", 1)[1]))
        for p in doc.paragraphs
        if p.style.name.lower() == "toc 2"
    ]


@pytest.mark.parametrize(
    "team,mode",
    [(HR, "auto"), (SAMPLE_ZH, "estimate"), (SAMPLE_EN, "auto")],
    ids=["hr-rendered", "zh-estimated", "en-rendered"],
)
def test_the_combined_contents_show_the_pages_the_roles_start_on(team, mode, tmp_path, soffice):
    from officegen.generators.jd import write_job_descriptions
    from officegen.office.libreoffice import convert

    org = load(team)
    combined = write_job_descriptions(org, tmp_path / "jd", combined=True, toc_pages=mode)[0]
    contents = _contents(combined)
    assert len(contents) == len(org.roles)
    (pdf,) = convert([combined], tmp_path / "pdf", "pdf")
    starts = _start_pages(pdf)
    assert contents == [(title, starts[title]) for title, _ in contents]


def test_libreoffice_corrects_an_estimate_that_is_wrong(tmp_path, soffice, monkeypatch):
    """The pages shown are the ones LibreOffice lays out, whatever the estimate said."""
    from officegen.generators.jd import pages, write_job_descriptions, writer

    monkeypatch.setattr(writer, "estimate", lambda *a: 1)  # every role on one page: wrong
    org = load(HR)
    combined = write_job_descriptions(org, tmp_path / "jd", combined=True, toc_pages="estimate")[0]
    assert [p for _, p in _contents(combined)][:3] == [2, 3, 4]
    combined = write_job_descriptions(org, tmp_path / "jd2", combined=True)[0]
    assert [p for _, p in _contents(combined)][:3] == [3, 5, 7]
    assert pages.RENDER_UP_TO >= len(org.roles)


@pytest.mark.slow
def test_the_combined_document_groups_roles_by_department(tmp_path):
    invoke(
        "jd",
        HR,
        "-o",
        tmp_path,
        "--combined",
        "--role",
        "inspector",
        "--role",
        "hr-mgr",
        "--role",
        "qa-mgr",
        "--role",
        "recruiter",
    )
    doc = Document(tmp_path / "job-descriptions-all.docx")
    lines = [
        (p.style.name.lower(), p.text.rsplit("\t", 1)[0])
        for p in doc.paragraphs
        if p.style.name.lower() in ("toc 1", "toc 2")
    ]
    assert lines == [
        ("toc 1", "人力资源部"),
        ("toc 2", "人力资源经理"),
        ("toc 2", "招聘专员"),
        ("toc 1", "质量部"),
        ("toc 2", "质量经理"),
        ("toc 2", "检验员（IQC/IPQC/OQC）"),
    ]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [t for s, t in lines if s == "toc 2"]
    first = next(doc.iter_inner_content())
    before_contents = []
    for item in doc.iter_inner_content():
        if getattr(item, "style", None) is not None and item.style.name.lower() == "toc 1":
            break
        before_contents.append(item)
    tables = [t for t in before_contents if hasattr(t, "rows")]
    assert first.style.name == "Title"
    assert tables and "HR-JD-2026-01" in [c.text for row in tables[0].rows for c in row.cells]  # document control


# -- a letterhead (--reference-doc) -----------------------------------------------------------------


def _letterhead(path, *, first_page: bool = False):
    """A letterhead as Word leaves one: its own header and footer (an address, no page number),
    Heading 1 and 2 restyled, no Heading 3 or Title defined (Word keeps unused styles latent)."""
    from docx.shared import RGBColor

    ref = Document()
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    ref.styles["Heading 2"].font.color.rgb = RGBColor(0x00, 0x70, 0x30)
    ref.styles["Heading 2"].font.name = "Georgia"
    styles = ref.styles.element
    for style in list(styles.iterchildren()):
        name = style.find(f"{W}name")
        if name is not None and name.get(f"{W}val") in ("heading 3", "Title"):
            styles.remove(style)
    section = ref.sections[0]
    section.header.paragraphs[0].text = "华锐精密 · 人力资源部"
    section.footer.paragraphs[0].text = "广东省东莞市松山湖 · 电话 0769-0000000"
    if first_page:
        section.different_first_page_header_footer = True
        section.first_page_footer.paragraphs[0].text = "首页地址栏"
    ref.save(path)
    return path


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _effective(doc, style_name: str, attr: str):
    style = doc.styles[style_name]
    while style is not None:
        value = getattr(style.font, attr) if attr != "color" else style.font.color.rgb
        if value is not None:
            return value
        style = style.base_style
    return None


@pytest.mark.slow
def test_every_heading_level_takes_the_letterheads_heading_styles(tmp_path):
    from docx.shared import RGBColor

    ref = _letterhead(tmp_path / "letterhead.docx")
    invoke("jd", SAMPLE_ZH, "-o", tmp_path / "o", "--role", "store-manager", "--combined", "--reference-doc", ref)
    doc = Document(tmp_path / "o" / "店长 (store-manager).docx")
    by_text = {p.text: p.style.name for p in doc.paragraphs}
    assert by_text["店长"] == "Heading 1" and by_text["二、岗位职责"] == "Heading 2"
    sub = next(p for p in doc.paragraphs if p.text.startswith("流程职责"))
    assert sub.style.name == "Heading 3"
    # the level the letterhead lacks is based on its neighbour: the same face and colour
    assert doc.styles["Heading 3"].base_style.name == "Heading 2"
    assert _effective(doc, "Heading 3", "color") == RGBColor(0x00, 0x70, 0x30)
    assert _effective(doc, "Heading 3", "name") == "Georgia"
    assert _effective(doc, "Heading 1", "color") == RGBColor(0xC0, 0x00, 0x00)
    combined = Document(tmp_path / "o" / "job-descriptions-all.docx")
    assert combined.paragraphs[0].style.name == "Title"
    assert combined.styles["Title"].base_style.name == "Heading 1"


@pytest.mark.parametrize("first_page", [False, True], ids=["one-footer", "own-first-page"])
def test_a_letterhead_without_page_numbers_gets_them_below_its_footer(first_page, tmp_path, soffice):
    from conftest import pdftotext

    from officegen.office.libreoffice import convert

    ref = _letterhead(tmp_path / "letterhead.docx", first_page=first_page)
    invoke("jd", SAMPLE_ZH, "-o", tmp_path / "o", "--role", "store-manager", "--reference-doc", ref)
    path = tmp_path / "o" / "店长 (store-manager).docx"
    doc = Document(path)
    footer = doc.sections[0].footer
    assert footer.paragraphs[0].text == "广东省东莞市松山湖 · 电话 0769-0000000"  # the letterhead's stays first
    assert "PAGE" in footer._element.xml
    (pdf,) = convert([path], tmp_path / "pdf", "pdf")
    import re

    pages = [re.sub(r"\s+", "", page) for page in pdftotext(pdf).split("\f") if page.strip()]
    total = len(pages)
    assert total >= 2
    for n, page in enumerate(pages, start=1):
        assert f"第{n}页/共{total}页" in page
    assert "0769-0000000" in pages[1] and ("首页地址栏" in pages[0]) == first_page
    # a letterhead that numbers its pages is left as it is
    numbered = Document(ref)
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbered.sections[0].footer._element.append(
        parse_xml(f'<w:p {nsdecls("w")}><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>')
    )
    numbered.save(tmp_path / "numbered.docx")
    invoke(
        "jd", SAMPLE_ZH, "-o", tmp_path / "n", "--role", "store-manager", "--reference-doc", tmp_path / "numbered.docx"
    )
    kept = Document(tmp_path / "n" / "店长 (store-manager).docx").sections[0].footer._element.xml
    assert kept.count("PAGE") == 1 and "NUMPAGES" not in kept
