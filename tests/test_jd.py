"""Job descriptions, read back with python-docx: one per role, holding what the definition implies,
in real Word structure (headings, numbered lists that restart, tables with header rows)."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document
from docx.table import Table

from officegen.generators.jd import COMBINED_NAME, write_job_descriptions
from officegen.office.safenames import safe_stem, titled

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: headings that introduce the R table and the A table in the bundled templates
R_HEADING = {"zh-CN": "流程职责", "en": "Activities this role carries out"}
A_HEADING = {"zh-CN": "三、工作权限", "en": "Authority"}
PARTNER_HEADING = {"zh-CN": "内部协作", "en": "Collaboration"}


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def table_after(doc, heading_start: str) -> Table | None:
    """The first table after the heading starting with ``heading_start``, before the next heading."""
    found = False
    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            if found:
                return item
            continue
        if item.style.name.startswith("Heading"):
            if found:
                return None
            found = item.text.startswith(heading_start)
    return None


def rows_of(table: Table | None) -> list[list[str]]:
    if table is None:
        return []
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def zh_docs(tmp_path_factory, org_zh):
    out = tmp_path_factory.mktemp("jd-zh")  # the full detail: every activity of every relationship
    # the estimated TOC pages: the LibreOffice-counted ones are tested in test_hr (a real-client test)
    return out, write_job_descriptions(org_zh, out, combined=True, detail=True, toc_pages="estimate")


@pytest.fixture(scope="module")
def en_docs(tmp_path_factory, org_en):
    out = tmp_path_factory.mktemp("jd-en")
    return out, write_job_descriptions(org_en, out, detail=True)


@pytest.fixture(params=["zh", "en"])
def sample(request):
    """(org, folder, paths) of one bundled sample."""
    org = request.getfixturevalue(f"org_{request.param}")
    out, paths = request.getfixturevalue(f"{request.param}_docs")
    return org, out, paths


# -- one document per role, with its content -----------------------------------------------------


def named(org, role_id: str) -> str:
    """The file name of a role's document: its title, then its id (made safe)."""
    return safe_stem(titled(org.roles[role_id].title, role_id)) + ".docx"


def test_one_document_per_role_named_from_its_title_and_id(sample):
    org, out, paths = sample
    role_paths = [p for p in paths if p.stem != COMBINED_NAME]
    assert [p.name for p in role_paths] == [named(org, r.id) for r in org.roles_in_org_order()]
    if org.lang == "zh-CN":
        assert role_paths[0].name == "运营总监 (ops-director).docx"
        assert "推广专员（直通车_钻展） (ppc-specialist).docx" in {p.name for p in role_paths}  # "/" is not a name
    assert all(p.parent == out.resolve() for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)  # nothing else left behind


@pytest.mark.slow
def test_each_document_holds_its_role(sample):
    org, out, _ = sample
    for role in org.roles_in_org_order():
        doc = Document(out / named(org, role.id))
        text = all_text(doc)
        heading = doc.paragraphs[0]
        assert heading.style.name == "Heading 1" and heading.text == role.title
        assert org.departments[role.department_id].name in text
        manager = org.manager_of(role.id)
        if manager:
            assert manager.title in text
        for report in org.direct_reports(role.id):
            assert report.title in text
        for item in role.responsibilities + role.requirements + role.kpis:
            assert item in text, (role.id, item)
        if role.summary:
            assert role.summary in text
        # filled and vacant each in its place (both numbers appearing somewhere is not enough)
        label, value = _FILLED_VACANT[org.lang]
        assert _beside(doc, label) == value.format(filled=role.filled, vacant=role.vacant), role.id
        assert doc.core_properties.title == role.title


_FILLED_VACANT = {
    "zh-CN": ("在岗 / 空缺", "{filled} 人 / {vacant} 人"),
    "en": ("Filled / vacant", "{filled} / {vacant}"),
}


def _beside(doc, label: str) -> str | None:
    """The text of the table cell right of the cell that reads ``label``."""
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            for i, text in enumerate(cells[:-1]):
                if text == label:
                    return cells[i + 1]
    return None


def test_exactly_the_activities_it_is_r_or_a_for(sample):
    org, out, _ = sample
    checked = 0
    for role in org.roles.values():
        doc = Document(out / named(org, role.id))
        expected_r = [a.name for a in org.activities if "R" in a.letters_of(role.id)]
        expected_a = [a.name for a in org.activities if "A" in a.letters_of(role.id)]
        r_rows = rows_of(table_after(doc, R_HEADING[org.lang]))
        a_rows = rows_of(table_after(doc, A_HEADING[org.lang]))
        assert [r[0] for r in r_rows[1:]] == expected_r, role.id
        assert [r[0] for r in a_rows[1:]] == expected_a, role.id
        checked += bool(expected_r) + bool(expected_a)
    assert checked > len(org.roles) // 2  # the samples do give most roles R and A work


def test_r_and_a_rows_name_the_counterparts(sample):
    """Where the role is R, the row names who is A, C and I; where it is A, who is R, C and I (S too in RASCI)."""
    org, out, _ = sample
    for role in org.roles.values():
        doc = Document(out / named(org, role.id))
        r_rows = {r[0]: r for r in rows_of(table_after(doc, R_HEADING[org.lang]))[1:]}
        a_rows = {r[0]: r for r in rows_of(table_after(doc, A_HEADING[org.lang]))[1:]}
        for activity in org.activities:
            letters = activity.letters_of(role.id)
            others = {c: [org.roles[r].title for r in activity.roles_with(c) if r != role.id] for c in "RASCI"}
            for table, own in ((r_rows, "R"), (a_rows, "A")):
                if own not in letters:
                    continue
                row = " | ".join(table[activity.name])
                for letter in ("A" if own == "R" else "R") + "CI" + ("S" if org.scheme == "RASCI" else ""):
                    for title in others[letter]:
                        assert title in row, (role.id, activity.id, letter, title)


def test_collaboration_names_who_signs_off_consults_and_informs(sample):
    org, out, _ = sample
    for role in org.roles.values():
        doc = Document(out / named(org, role.id))
        partners = {r[0]: r[1] for r in rows_of(table_after(doc, PARTNER_HEADING[org.lang]))[1:]}
        for activity in org.activities:
            letters = activity.letters_of(role.id)
            if not letters:
                continue
            owners = [r for r in activity.roles_with("A") + activity.roles_with("R") if r != role.id]
            counterparts = []
            if "C" in letters or "I" in letters:
                counterparts = owners
            if "R" in letters or "A" in letters:
                counterparts = [r for r in activity.roles_with("C") + activity.roles_with("I") if r != role.id]
            if "R" in letters:  # who signs off this role's work
                counterparts += [r for r in activity.roles_with("A") if r != role.id]
            if "A" in letters:  # whose work this role signs off
                counterparts += [r for r in activity.roles_with("R") if r != role.id]
            for other in counterparts:
                title = org.roles[other].title
                assert title in partners and activity.name in partners[title], (role.id, activity.id, other)


def test_career_path_runs_to_the_top(zh_docs):
    out, _ = zh_docs
    text = all_text(Document(out / "打包发货员 (packer).docx"))
    assert "打包发货员 → 仓储主管 → 物流经理 → 运营总监" in text


# -- Word structure ---------------------------------------------------------------------------------


def test_chinese_fonts_are_explicit_on_styles_and_theme_fonts_removed(zh_docs):
    out, _ = zh_docs
    with zipfile.ZipFile(out / "店长 (store-manager).docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles).group(0)
    assert 'w:eastAsia="Microsoft YaHei"' in defaults and 'w:eastAsia="zh-CN"' in defaults
    for style_id in ("Heading1", "Heading2", "Heading3", "Title"):
        style = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles).group(0)
        assert 'w:eastAsia="Microsoft YaHei"' in style and 'w:ascii="Calibri"' in style, style_id
    assert "eastAsiaTheme" not in styles and "asciiTheme" not in styles
    # runs leave the fonts to the styles (so a reference document's fonts apply) but ask for the
    # East Asian font for ambiguous characters such as “ ” and —
    text_runs = re.findall(r"<w:r>(.*?)</w:r>", document)
    assert text_runs and all('<w:rFonts w:hint="eastAsia"/>' in r for r in text_runs if "<w:t" in r)
    assert "w:ascii=" not in document


def test_headings_lists_and_tables_are_real_word_structure(zh_docs):
    out, _ = zh_docs
    doc = Document(out / "店长 (store-manager).docx")
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "List Number", "List Bullet"} <= styles
    assert doc.styles["Heading 2"].element.pPr.find(f"{W}outlineLvl").get(f"{W}val") == "1"
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(set(ids)) == 3  # responsibilities, requirements, KPIs: three lists, each restarting
    numbering = doc.part.numbering_part.element
    for num_id in set(ids):
        num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
        abstract = num.xpath("./w:abstractNumId/@w:val")[0]
        assert numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract}"]//w:numFmt/@w:val') == ["decimal"]
    bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets and all(p._p.pPr.numPr is not None for p in bullets)
    info, *others = doc.tables
    assert info.rows[0].cells[0].text == "岗位名称" and info.rows[0]._tr.trPr.find(f"{W}tblHeader") is None
    assert others and all(t.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None for t in others)
    widths = [int(g.get(f"{W}w")) for g in info._tbl.tblGrid.findall(f"{W}gridCol")]
    section = doc.sections[0]
    assert sum(widths) == section.page_width.twips - section.left_margin.twips - section.right_margin.twips


def test_header_footer_and_properties(zh_docs, org_zh):
    out, _ = zh_docs
    doc = Document(out / "店长 (store-manager).docx")
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == f"{org_zh.name}\t岗位说明书"
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "fldSimple" in footer_xml
    props = doc.core_properties
    assert (props.title, props.subject, props.author) == ("店长", "岗位说明书", org_zh.name)
    assert props.created.year == 1980 and props.modified == props.created
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)


def test_combined_document_has_a_toc_bookmarks_and_page_breaks(zh_docs, org_zh):
    out, paths = zh_docs
    assert paths[0].name == f"{COMBINED_NAME}.docx"
    doc = Document(paths[0])
    xml = doc.element.xml
    # the contents: each department, then its roles, each with the page it starts on (a PAGEREF
    # field with its result written: no TOC field for Word to ask about, nothing marked dirty)
    assert " TOC " not in xml and "w:dirty" not in xml and "updateFields" not in xml
    titles = [r.title for r in org_zh.roles_in_org_order()]
    depts = [p for p in doc.paragraphs if p.style.name.lower() == "toc 1"]
    roles = [p for p in doc.paragraphs if p.style.name.lower() == "toc 2"]
    assert [p.text.rsplit("\t", 1)[0] for p in roles] == titles
    pages = [int(p.text.rsplit("\t", 1)[1]) for p in roles]
    assert pages == sorted(pages) and pages[0] >= 2 and len(set(pages)) == len(pages)
    shown_depts = [p.text.rsplit("\t", 1)[0] for p in depts]
    expected = []
    for role in org_zh.roles_in_org_order():
        path = [d.name for d in _path(org_zh, role.department_id)][1:] or [org_zh.departments[role.department_id].name]
        if not expected or expected[-1] != " / ".join(path):
            expected.append(" / ".join(path))
    assert shown_depts == expected
    anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', xml)
    marks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>', xml)
    assert sorted(set(anchors)) == marks and len(marks) == len(titles)
    assert re.findall(r"PAGEREF (_jd\d+) ", xml) == anchors
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == titles
    assert all(p._p.pPr.find(f"{W}pageBreakBefore") is not None for p in headings)
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == org_zh.name
    numbered = {p._p.pPr.numPr.numId.val for p in doc.paragraphs if p.style.name == "List Number"}
    assert len(numbered) >= 3 * len(titles) - 5  # every role's lists restart, across the whole document


def _path(org, dept_id):
    path = []
    while dept_id:
        path.insert(0, org.departments[dept_id])
        dept_id = org.departments[dept_id].parent_id
    return path


@pytest.mark.slow
def test_progress_counts_every_document(org_en, tmp_path):
    seen = []
    paths = write_job_descriptions(org_en, tmp_path, combined=True, progress=seen.append)
    assert sum(seen) == len(paths) == len(org_en.roles) + 1


# -- file names and hostile text --------------------------------------------------------------------


def test_hostile_ids_give_safe_unique_names_inside_the_folder(org_hostile, tmp_path):
    out = tmp_path / "out"
    paths = write_job_descriptions(org_hostile, out)
    names = {role.id: p.name for role, p in zip(org_hostile.roles_in_org_order(), paths)}
    assert names == {
        "Aux": "=1+1 (Aux).docx",
        "aux": "1 负数开头的标题 (aux).docx",
        "com1": "@mention (com1).docx",
        "trailing.": "Trailing dot id . . . (trailing.).docx",
        "很长的岗位名称": "超长标题超长标题超长标题超长标题超长标题超长标题超长标题超长标… (很长的岗位名称).docx",
    }
    assert all(len(n.encode()) <= 125 for n in names.values())
    assert all(p.parent == out.resolve() and p.is_file() for p in paths)
    assert len({n.casefold() for n in names.values()}) == len(names)
    assert sorted(p.name for p in out.iterdir()) == sorted(names.values())


@pytest.mark.slow
def test_hostile_text_appears_literally(org_hostile, tmp_path):
    paths = write_job_descriptions(org_hostile, tmp_path, combined=True)
    doc = Document(tmp_path / "=1+1 (Aux).docx")
    text = all_text(doc)
    assert doc.paragraphs[0].text == "=1+1"
    assert "{{ cycler.__init__.__globals__.os.popen('id').read() }}" in text
    assert "<script>alert(1)</script> & ' \"" in text
    assert "مرحبا RTL text and emoji 😀 and 𠮷" in text
    assert "Line one\nLine two\twith tab" in text  # a value's line break stays inside its paragraph
    assert "=cmd|'/C calc'!A0" in text
    combined = all_text(Document(paths[0]))
    assert "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}" in combined  # the organisation's description
    assert "49" not in combined and "looploop" not in combined


def test_a_value_cannot_inject_structure(tmp_path):
    from officegen.definition import load_organization

    path = tmp_path / "t.yaml"
    path.write_text(
        "version: 1\norganization: {name: T, locale: en}\ndepartments: [{id: d, name: 'D | x **y**'}]\n"
        "roles:\n  - id: r\n    title: '# Not a heading'\n    department: d\n"
        '    summary: "one\\n# two\\n- three\\n| a | b |\\n1. four\\n[TOC]\\n% five"\n'
        "    responsibilities: ['**not bold**', '|! not a header |', '{{ 7*7 }}']\n",
        encoding="utf-8",
    )
    org, _ = load_organization(path)
    doc = Document(write_job_descriptions(org, tmp_path / "o")[0])
    assert doc.paragraphs[0].text == "# Not a heading"
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == ["# Not a heading"]
    assert "one\n# two\n- three\n| a | b |\n1. four\n[TOC]\n% five" in [p.text for p in doc.paragraphs]
    assert [p.text for p in doc.paragraphs if p.style.name == "List Number"][:3] == [
        "**not bold**",
        "|! not a header |",
        "{{ 7*7 }}",
    ]
    assert not any(r.bold for p in doc.paragraphs if p.style.name == "List Number" for r in p.runs)
    info = doc.tables[0]
    assert info.rows[1].cells[1].text == "D | x **y**" and len(info.columns) == 4
    assert "instrText" not in doc.element.xml  # "[TOC]" in a value made no table of contents


# -- bytes ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_role_subset_and_reproducible_bytes(org_zh, tmp_path, monkeypatch):
    a = write_job_descriptions(org_zh, tmp_path / "a", role_ids=["packer", "ops-director"], combined=True)
    b = write_job_descriptions(org_zh, tmp_path / "b", role_ids=["packer", "ops-director"], combined=True)
    assert [p.name for p in a] == [f"{COMBINED_NAME}.docx", "打包发货员 (packer).docx", "运营总监 (ops-director).docx"]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    for p in a:
        with zipfile.ZipFile(p) as z:
            assert z.testzip() is None
            assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
            assert z.namelist()[0] == "[Content_Types].xml"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c = write_job_descriptions(org_zh, tmp_path / "c", role_ids=["packer"])[0]
    assert Document(c).core_properties.created.year == 2023
    with zipfile.ZipFile(c) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2023, 11, 14)}


@pytest.mark.slow
def test_the_fast_writer_writes_exactly_the_markup(org_zh, org_en, tmp_path):
    """What python-docx reads back is, block for block, what the template's markup describes."""
    from officegen.generators.jd import render_markup
    from officegen.generators.jd.markup import parse

    kinds = {
        "Heading 1": "heading",
        "Heading 2": "heading",
        "Heading 3": "heading",
        "List Number": "number",
        "List Bullet": "bullet",
        "Normal": "para",
        "Title": "title",
    }
    for org in (org_zh, org_en):
        for path, role in zip(write_job_descriptions(org, tmp_path / org.lang), org.roles_in_org_order()):
            blocks = parse(render_markup(org, role.id))
            doc = Document(path)
            read = []
            for item in doc.iter_inner_content():
                if isinstance(item, Table):
                    read.append(("table", [[c.text for c in row.cells] for row in item.rows]))
                elif item.text or item.style.name != "Normal":
                    read.append((kinds[item.style.name], item.text))
            expected = []
            for b in blocks:
                if b.kind == "table":
                    cols = max(len(r.cells) for r in b.rows)
                    # python-docx repeats a spanned cell once per grid column it covers
                    expected.append(
                        (
                            "table",
                            [[c.text for c in r.cells] + [r.cells[-1].text] * (cols - len(r.cells)) for r in b.rows],
                        )
                    )
                else:
                    expected.append((b.kind, b.text))
            assert read == expected, role.id


def test_an_unknown_role_id_is_a_library_error_naming_it(org_en, tmp_path):
    from officegen.errors import OfficegenError

    with pytest.raises(OfficegenError, match="unknown role id\\(s\\): nosuch"):
        write_job_descriptions(org_en, tmp_path / "jd", role_ids=["nosuch"])
    assert not (tmp_path / "jd").exists()
