"""The job-description line markup and its escaping, without writing any document."""

from __future__ import annotations

import pytest
from lxml import etree

from officegen.generators.jd.markup import BodyWriter, Numbering, StyleIds, parse
from officegen.generators.jd.templates import Templates, literal

STYLES = StyleIds("Title", "Heading1", "Heading2", "Heading3", "ListBullet", "ListNumber", "TableGrid", "TOC1", "TOC2")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def body(blocks, **kw) -> etree._Element:
    xml = BodyWriter(STYLES, 9000, east_asian_hint=True).render(blocks, Numbering(10, 11, 5), **kw)
    return etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')


def test_line_starts_make_structure():
    blocks = parse("% T\n# H1\n## H2\n### H3\n- b\n* b2\n1. n\n7. n2\n|! h | h2 |\n| a | b |\n\nplain\nsecond\n[TOC]\n")
    assert [(b.kind, b.level, b.text) for b in blocks if b.kind != "table"] == [
        ("title", 0, "T"),
        ("heading", 1, "H1"),
        ("heading", 2, "H2"),
        ("heading", 3, "H3"),
        ("bullet", 0, "b"),
        ("bullet", 0, "b2"),
        ("number", 0, "n"),
        ("number", 0, "n2"),
        ("para", 0, "plain\nsecond"),
        ("toc", 0, ""),
    ]
    table = next(b for b in blocks if b.kind == "table")
    assert [(r.header, [c.text for c in r.cells]) for r in table.rows] == [(True, ["h", "h2"]), (False, ["a", "b"])]


def test_markdown_separator_row_marks_a_header_and_bold_cells_are_labels():
    (table,) = parse("| a | b |\n|---|:--|\n| **k** | v **w** |\n")
    assert [r.header for r in table.rows] == [True, False]
    label, value = table.rows[1].cells
    assert label.label and label.text == "k"
    assert not value.label and value.segments == (("v ", False), ("w", True))


def test_numbered_lists_restart_after_anything_else():
    blocks = parse("1. a\n2. b\ntext\n1. c\n\n1. d\n- x\n1. e\n")
    assert [b.list_no for b in blocks if b.kind == "number"] == [0, 0, 1, 2, 3]
    xml = body(blocks)
    num_ids = xml.xpath("//w:numPr/w:numId/@w:val", namespaces={"w": W})
    assert num_ids == ["6", "6", "7", "8", "5", "9"]  # 5 is the shared bullet list


@pytest.mark.parametrize(
    "value",
    [
        "# heading",
        "## h",
        "- bullet",
        "* bullet",
        "1. numbered",
        "| a | b |",
        "|! h |",
        "% title",
        "[TOC]",
        "**bold**",
        "a\n# b\n- c\n| d |",
        "a\r\nb",
        "\ue001\ue002 private markers",
        "{{ 7*7 }}",
        "<w:p/>&amp;",
    ],
)
def test_a_value_is_always_text(value):
    """Wherever a template prints a value - line start, table cell, list item - it stays text."""
    templates = Templates("en")
    env = templates.env
    for source in (
        "{{ v }}",
        "# {{ v }}",
        "- {{ v }}",
        "| {{ v }} | x |",
        "{{ v }}{{ v }}",
        "{{ [v, v] | join }}",
        "{% macro m(x) %}{{ x }}{% endmacro %}{{ m(v) }}",
        "{{ v | e }}",
        "{{ v | upper | lower }}",
    ):
        blocks = parse(env.from_string(source).render(v=value))
        texts = [b.text for b in blocks] + [c.text for b in blocks for r in b.rows for c in r.cells]
        expected = value.replace("\r\n", "\n").replace("\ue001", "\ufffd").replace("\ue002", "\ufffd")
        assert any(expected in t or expected.lower() in t for t in texts), (source, blocks)
        assert all(b.kind in ("para", "heading", "bullet", "table") for b in blocks), source
        assert sum(b.kind == "table" for b in blocks) == source.startswith("|")
        assert not any(b.kind == "heading" for b in blocks) or source.startswith("# ")
        for b in blocks:
            for r in b.rows:
                assert len(r.cells) == 2
            assert not any(bold for _, bold in b.segments) or not source.startswith("{{")


def test_literal_marks_values_and_passes_template_markup():
    from markupsafe import Markup

    assert literal(None) == ""
    assert literal(Markup("# made by the template")) == "# made by the template"
    assert literal("# x|y*z\nw").startswith("\ue001") and "|" not in literal("x|y") and "\n" not in literal("a\nb")


def test_runs_escape_xml_and_keep_breaks_and_tabs():
    xml = body(parse('a <b> & "c"\ue002d\te\x01f'))
    texts = xml.xpath("//w:t/text()", namespaces={"w": W})
    assert "".join(texts) == 'a <b> & "c"def'
    assert len(xml.xpath("//w:br", namespaces={"w": W})) == 1 and len(xml.xpath("//w:tab", namespaces={"w": W})) == 1
    assert xml.xpath("//w:rFonts/@w:hint", namespaces={"w": W})[0] == "eastAsia"


def test_tables_fill_the_width_and_short_texts_do_not_wrap():
    (table,) = parse(
        "|! 活动 | 所属流程 | 知会（I） |\n| 一个相当长的活动名称需要换行才能放下一个相当长的活动名称 | 大促活动 | — |\n"
        "| x | y |\n"
    )
    xml = body([table])
    ns = {"w": W}
    widths = [int(w) for w in xml.xpath("//w:gridCol/@w:w", namespaces=ns)]
    assert sum(widths) == 9000
    assert widths[1] >= (8 + 3) * 110 and widths[2] >= (10 + 3) * 110  # "所属流程", "知会（I）" on one line
    assert widths[0] > widths[1]
    spans = xml.xpath("//w:tr[3]/w:tc[2]/w:tcPr/w:gridSpan/@w:val", namespaces=ns)
    assert spans == ["2"]  # the short row's last cell spans to the end
    assert xml.xpath("//w:tr[1]/w:trPr/w:tblHeader", namespaces=ns)
    # a table is never the last thing in the body (Word needs a paragraph after it), and every cell
    # ends with its paragraph (ECMA-376: a w:tc's last child is a w:p)
    assert etree.QName(xml[-1]).localname == "p"
    cells = xml.xpath("//w:tc", namespaces=ns)
    assert cells and all(etree.QName(tc[-1]).localname == "p" for tc in cells)
    two = body([table, table])
    kinds = [etree.QName(child).localname for child in two]
    assert kinds == ["tbl", "p", "tbl", "p"]  # two tables never merge into one


def test_the_contents_link_each_entry_with_its_page_number():
    from officegen.generators.jd.markup import TocEntry

    entries = [TocEntry(1, "Sales", "_jd00001", 3), TocEntry(2, "A", "_jd00001", 3), TocEntry(2, "B", "_jd00002", 5)]
    xml = body(parse("[TOC]\n# A\n"), toc=entries, bookmark=(1, "_jd00001"))
    ns = {"w": W}
    assert xml.xpath("//w:hyperlink/@w:anchor", namespaces=ns) == ["_jd00001", "_jd00001", "_jd00002"]
    assert xml.xpath("//w:bookmarkStart/@w:name", namespaces=ns) == ["_jd00001"]
    assert [t.strip() for t in xml.xpath("//w:instrText/text()", namespaces=ns)] == [
        "PAGEREF _jd00001 \\h",
        "PAGEREF _jd00001 \\h",
        "PAGEREF _jd00002 \\h",
    ]
    assert xml.xpath("//w:fldChar/@w:fldCharType", namespaces=ns) == ["begin", "separate", "end"] * 3
    paragraphs = xml.xpath("//w:p[w:hyperlink]", namespaces=ns)
    texts = ["".join(p.xpath(".//w:t/text()", namespaces=ns)) for p in paragraphs]
    assert texts == ["Sales3", "A3", "B5"]
    assert [p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=ns) for p in paragraphs] == ["TOC1", "TOC2", "TOC2"]
    assert all(p.xpath("w:pPr/w:tabs/w:tab/@w:leader", namespaces=ns) == ["dot"] for p in paragraphs)


def test_page_break_goes_on_the_first_block():
    xml = body(parse("# A\ntext\n"), page_break=True)
    ns = {"w": W}
    assert len(xml.xpath("//w:pageBreakBefore", namespaces=ns)) == 1
    assert xml.xpath("//w:p[1]/w:pPr/w:pageBreakBefore", namespaces=ns)
    xml = body(parse("| a |\n"), page_break=True)
    assert xml.xpath("//w:p[1]/w:pPr/w:pageBreakBefore", namespaces=ns)  # before a leading table
