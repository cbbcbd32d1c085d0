"""The job descriptions' skeleton (officegen/generators/jd/skeleton.py): a reference document's
styles, fonts and letterhead; the styles the documents need added; unusable reference documents."""

from __future__ import annotations

import pytest
from docx import Document
from test_jd import W, all_text

from officegen.generators.jd import write_job_descriptions

# -- reference documents ---------------------------------------------------------------------------


def test_a_reference_doc_styles_fonts_and_letterhead_are_used(org_zh, tmp_path):
    from docx.shared import RGBColor

    ref = Document()
    ref.styles["Normal"].font.name = "Georgia"
    ref.styles["Normal"].font.color.rgb = RGBColor(0x33, 0x66, 0x99)
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    ref.sections[0].header.paragraphs[0].text = "ACME 公司信笺"
    ref.add_paragraph("this body text must not appear")
    ref.add_table(rows=1, cols=1)
    ref.save(tmp_path / "ref.docx")
    doc = Document(
        write_job_descriptions(org_zh, tmp_path / "o", role_ids=["store-manager"], reference_doc=tmp_path / "ref.docx")[
            0
        ]
    )
    assert doc.styles["Normal"].font.name == "Georgia"
    assert doc.styles["Normal"].font.color.rgb == RGBColor(0x33, 0x66, 0x99)
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0x12, 0x34, 0x56)
    assert doc.sections[0].header.paragraphs[0].text == "ACME 公司信笺"  # the letterhead stays
    assert "PAGE" in doc.sections[0].footer._element.xml  # it had no footer: ours is added
    assert "this body text must not appear" not in all_text(doc)
    assert doc.paragraphs[0].text == "店长" and len(doc.tables) >= 3
    assert "w:ascii=" not in doc.element.xml  # no run overrides the reference fonts
    styles = doc.styles.element.xml
    assert "eastAsiaTheme" not in styles and 'w:eastAsia="' in styles  # Chinese still gets a CJK font


@pytest.mark.slow
def test_a_reference_doc_without_the_needed_styles_gets_them(org_en, tmp_path):
    ref = Document()
    styles = ref.styles.element
    for style in list(styles.findall(f"{W}style")):
        name = style.find(f"{W}name").get(f"{W}val")
        if name in ("heading 1", "heading 2", "heading 3", "List Bullet", "List Number", "Table Grid", "Title"):
            styles.remove(style)
    ref.save(tmp_path / "bare.docx")
    doc = Document(
        write_job_descriptions(org_en, tmp_path / "o", combined=True, reference_doc=tmp_path / "bare.docx")[1]
    )
    used = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "List Number", "List Bullet"} <= used
    assert doc.tables[0].style.name == "Table Grid"
    assert doc.styles["Heading 1"].element.pPr.find(f"{W}outlineLvl") is not None


@pytest.mark.parametrize("content", [b"not a zip", "xlsx"])
def test_an_unreadable_reference_doc_is_an_input_error(org_zh, tmp_path, content):
    from officegen.errors import InputError

    ref = tmp_path / "ref.docx"
    if content == "xlsx":
        import openpyxl

        openpyxl.Workbook().save(ref)  # a zip, but no Word document inside
    else:
        ref.write_bytes(content)
    with pytest.raises(InputError, match="ref.docx: not a usable Word file: "):
        write_job_descriptions(org_zh, tmp_path / "o", reference_doc=ref)
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())
