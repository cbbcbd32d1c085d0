"""Job descriptions, read back with python-docx: one per role, with what the definition implies."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from conftest import SAMPLE_ZH, load
from officegen.errors import TemplateError
from officegen.generators.jd import COMBINED_NAME, write_job_descriptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def zh_docs(tmp_path_factory, org_zh):
    out = tmp_path_factory.mktemp("jd-zh")
    return out, write_job_descriptions(org_zh, out, combined=True)


def test_one_document_per_role_named_from_its_id(zh_docs, org_zh):
    out, paths = zh_docs
    assert paths[0].name == f"{COMBINED_NAME}.docx"
    assert sorted(p.name for p in paths[1:]) == sorted(f"{r}.docx" for r in org_zh.roles)


@pytest.mark.parametrize("fixture", ["org_zh", "org_en"])
def test_each_document_holds_its_role(request, fixture, tmp_path):
    org = request.getfixturevalue(fixture)
    paths = write_job_descriptions(org, tmp_path)
    for role, path in zip(org.roles_in_org_order(), paths):
        doc = Document(path)
        text = all_text(doc)
        heading = doc.paragraphs[0]
        assert heading.style.name == "Heading 1" and heading.text == role.title
        assert org.departments[role.department_id].name in text
        manager = org.manager_of(role.id)
        if manager:
            assert manager.title in text
        for item in role.responsibilities + role.requirements + role.kpis:
            assert item in text
        assert doc.core_properties.title == role.title


def _bullets_after(doc, label_start: str) -> list[str]:
    """Texts of the list paragraphs that follow the paragraph starting with ``label_start``."""
    found, items = False, []
    for p in doc.paragraphs:
        if found:
            if p.style.name in ("List Bullet", "List Number"):
                items.append(p.text)
            else:
                break
        elif p.text.startswith(label_start):
            found = True
    return items


def test_exactly_the_activities_it_is_r_or_a_for(zh_docs, org_zh):
    out, _ = zh_docs
    for role in org_zh.roles.values():
        doc = Document(out / f"{role.id}.docx")
        r_items = _bullets_after(doc, "负责执行的工作")
        a_items = _bullets_after(doc, "对以下工作的结果负最终责任")
        expected_r = [a.name for a in org_zh.activities if "R" in a.letters_of(role.id)]
        expected_a = [a.name for a in org_zh.activities if "A" in a.letters_of(role.id)]
        assert [t.split("（")[0] for t in r_items] == [n.split("（")[0] for n in expected_r], role.id
        assert [t.split("：")[0] for t in a_items] == expected_a, role.id


def test_working_relationships_name_the_counterparts(zh_docs, org_zh):
    out, _ = zh_docs
    doc = Document(out / "ppc-specialist.docx")
    table = doc.tables[1]
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "活动" and table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    act = next(a for a in org_zh.activities if a.id == "act-020")  # ppc-specialist R, promo-manager A, analyst C
    assert rows[act.name][1] == "R"
    assert rows[act.name][2] == org_zh.roles["data-analyst"].title
    assert rows[act.name][4] == org_zh.roles["promo-manager"].title


def test_career_path_runs_to_the_top(zh_docs, org_zh):
    out, _ = zh_docs
    text = all_text(Document(out / "packer.docx"))
    assert "打包发货员 → 仓储主管 → 物流经理 → 运营总监" in text


def test_chinese_fonts_are_explicit_and_theme_fonts_removed(zh_docs):
    out, _ = zh_docs
    with zipfile.ZipFile(out / "store-manager.docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="Microsoft YaHei"' in styles
    assert "eastAsiaTheme" not in styles and "asciiTheme" not in styles
    assert 'w:lang w:val="zh-CN" w:eastAsia="zh-CN"' in styles
    runs = re.findall(r"<w:r>(.*?)</w:r>", document)
    text_runs = [r for r in runs if "<w:t" in r]
    assert text_runs and all('w:eastAsia="Microsoft YaHei"' in r for r in text_runs)


def test_lists_are_real_numbering_that_restarts(zh_docs):
    out, _ = zh_docs
    doc = Document(out / "store-manager.docx")
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(set(ids)) == 3  # responsibilities, requirements, KPIs: three lists
    numbering = doc.part.numbering_part.element
    for num_id in set(ids):
        num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
    bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets and all(p._p.pPr.numPr is not None for p in bullets)


def test_header_footer_and_properties(zh_docs, org_zh):
    out, _ = zh_docs
    doc = Document(out / "store-manager.docx")
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == org_zh.name
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    props = doc.core_properties
    assert (props.title, props.subject, props.author) == ("店长", "岗位说明书", "officegen")


def test_combined_document_has_a_toc_and_page_breaks(zh_docs, org_zh):
    out, paths = zh_docs
    doc = Document(paths[0])
    xml = doc.element.xml
    assert 'TOC \\o "1-1"' in xml
    assert xml.count('w:type="page"') == len(org_zh.roles)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:] == [r.title for r in org_zh.roles_in_org_order()]


def test_hostile_ids_give_safe_unique_names_inside_the_folder(org_hostile, tmp_path):
    paths = write_job_descriptions(org_hostile, tmp_path / "out")
    names = {role.id: p.name for role, p in zip(org_hostile.roles_in_org_order(), paths)}
    assert names == {"Aux": "_Aux.docx", "aux": "_aux-2.docx", "com1": "_com1.docx", "trailing.": "trailing.docx",
                     "很长的岗位名称": "很长的岗位名称.docx"}
    names = list(names.values())
    assert all(p.parent == (tmp_path / "out").resolve() for p in paths)
    assert len({n.casefold() for n in names}) == len(names)


def test_hostile_text_appears_literally(org_hostile, tmp_path):
    paths = write_job_descriptions(org_hostile, tmp_path)
    doc = Document(paths[0])
    text = all_text(doc)
    assert doc.paragraphs[0].text == "=1+1"
    assert "{{ cycler.__init__.__globals__.os.popen('id').read() }}" in text
    assert "<script>alert(1)</script> & ' \"" in text
    assert "Line one\nLine two\twith tab" in text  # a value's line break stays inside its paragraph
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert all(not p.text.startswith("#") for p in headings)


def test_a_value_cannot_inject_structure(tmp_path):
    from officegen.pipeline import load_organization

    path = tmp_path / "t.yaml"
    path.write_text(
        "version: 1\norganization: {name: T, locale: en}\ndepartments: [{id: d, name: 'D | x'}]\n"
        "roles:\n  - id: r\n    title: '# Not a heading'\n    department: d\n"
        "    summary: \"one\\n# two\\n- three\\n| a | b |\"\n",
        encoding="utf-8",
    )
    org, _ = load_organization(path)
    doc = Document(write_job_descriptions(org, tmp_path / "o")[0])
    assert doc.paragraphs[0].text == "# Not a heading"
    assert [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")] == ["# Not a heading"]
    assert "one\n# two\n- three\n| a | b |" in [p.text for p in doc.paragraphs]
    assert len(doc.tables) == 1 and doc.tables[0].rows[2].cells[1].text == "D | x"


def test_a_user_template_changes_the_wording(org_en, tmp_path):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "en.md.j2").write_text("# {{ role.title }}\n\nOur promise: {{ org.name }}\n", encoding="utf-8")
    doc = Document(write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)[0])
    assert [p.text for p in doc.paragraphs] == [org_en.roles_in_org_order()[0].title, f"Our promise: {org_en.name}"]


def test_template_errors_name_the_file_and_line(org_en, tmp_path):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "en.md.j2").write_text("# {{ role.title }}\n\n{% for x in %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"en\.md\.j2:3: error: "):
        write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)
    (custom / "en.md.j2").write_text("# {{ role.title }}\n{{ role.nickname }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"en\.md\.j2:2: error: UndefinedError"):
        write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)


def test_a_malicious_template_cannot_escape_the_sandbox(org_en, tmp_path):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "en.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(tmp_path / "pwned") + "').read() }}\n"
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="SecurityError|UndefinedError"):
        write_job_descriptions(org_en, tmp_path / "o", template_dir=custom)
    assert not (tmp_path / "pwned").exists()


def test_a_reference_doc_styles_and_letterhead_are_used(org_zh, tmp_path):
    from docx.shared import RGBColor

    ref = Document()
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    ref.sections[0].header.paragraphs[0].text = "ACME 公司信笺"
    ref.add_paragraph("this body text must not appear")
    ref.save(tmp_path / "ref.docx")
    doc = Document(write_job_descriptions(org_zh, tmp_path / "o", role_ids=["store-manager"],
                                          reference_doc=tmp_path / "ref.docx")[0])
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0x12, 0x34, 0x56)
    assert doc.sections[0].header.paragraphs[0].text == "ACME 公司信笺"
    assert "this body text must not appear" not in all_text(doc)


def test_a_hostile_reference_doc_is_refused(org_zh, tmp_path):
    from officegen.userfiles import UnsafeFileError

    (tmp_path / "ref.docx").write_bytes(b"not a zip")
    with pytest.raises(UnsafeFileError):
        write_job_descriptions(org_zh, tmp_path / "o", reference_doc=tmp_path / "ref.docx")


def test_role_subset_and_reproducible_bytes(org_zh, tmp_path):
    a = write_job_descriptions(org_zh, tmp_path / "a", role_ids=["packer", "ops-director"])
    b = write_job_descriptions(org_zh, tmp_path / "b", role_ids=["packer", "ops-director"])
    assert [p.name for p in a] == ["packer.docx", "ops-director.docx"]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    for p in a:
        with zipfile.ZipFile(p) as z:
            assert z.testzip() is None
            assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())


def test_parallel_and_serial_writers_agree(synthetic_path, tmp_path):
    org = load(synthetic_path(1500))
    assert len(org.roles) == 300
    seen = []
    serial = write_job_descriptions(org, tmp_path / "s", jobs=1)
    parallel = write_job_descriptions(org, tmp_path / "p", jobs=2, progress=seen.append)
    assert sum(seen) == len(org.roles)
    assert [p.name for p in serial] == [p.name for p in parallel]
    assert all(s.read_bytes() == p.read_bytes() for s, p in zip(serial, parallel))
    doc = Document(parallel[-1])
    assert doc.paragraphs[0].text == org.roles_in_org_order()[-1].title


def test_libreoffice_renders_the_chinese_title_in_a_cjk_font(zh_docs, soffice, tmp_path):
    from conftest import pdffonts, pdftotext
    from officegen.office import convert

    out, _ = zh_docs
    pdfs = convert([out / "store-manager.docx", out / "ops-director.docx"], tmp_path, "pdf")
    text = pdftotext(pdfs[0])
    assert "店长" in text and "岗位职责" in text
    assert "运营总监" in pdftotext(pdfs[1])
    assert re.search(r"NotoSansCJK|NotoSerifCJK|WenQuanYi|Droid", pdffonts(pdfs[0]))
