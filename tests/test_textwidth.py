"""Text measuring: CJK counted double, wrapping that respects CJK punctuation."""

from __future__ import annotations

import random

from officegen.office.textwidth import em_width, text_width, wrap


def test_cjk_counts_double():
    assert text_width("abc") == 3
    assert text_width("运营总监") == 8
    assert text_width("推广专员（直通车）") == 18
    assert em_width("运营") == 2.0 and em_width("ab") < 2


def test_wrap_breaks_cjk_anywhere_and_latin_at_spaces():
    assert wrap("运营总监负责全局", 8) == ["运营总监", "负责全局"]
    assert wrap("Head of Customer Success", 12) == ["Head of", "Customer", "Success"]
    assert all(text_width(line) <= 6 for line in wrap("Supercalifragilistic", 6))
    assert wrap("数据分析师 Data Analyst", 12) == ["数据分析师", "Data Analyst"]


def test_wrap_never_starts_a_line_with_closing_punctuation():
    from officegen.office.textwidth import NO_LINE_END, NO_LINE_START, text_width, wrap

    text = "负责团队内部资源的整合，跟进团队各部门的工作进度。制定运营计划（含大促）并落实；复盘：“数据”。"
    for width in range(6, 30):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(text_width(line) <= width for line in lines)
        assert not any(line[0] in NO_LINE_START for line in lines[1:]), (width, lines)
        assert not any(line[-1] in NO_LINE_END for line in lines), (width, lines)


def test_wrap_breaks_an_over_long_word_that_follows_other_words():
    # the long word comes after a line already holds text: it must still be broken inside
    lines = wrap("ab Pneumonoultramicroscopic", 8)
    assert lines[0] == "ab"
    assert all(text_width(line) <= 8 for line in lines), lines
    assert "".join(lines[1:]) == "Pneumonoultramicroscopic"


def test_wrap_never_exceeds_the_width_and_keeps_every_character():
    rng = random.Random(7)
    alphabet = "ab cdefgh 检验员（）IQC/，。×8 Volunteer"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        width = rng.randint(2, 20)
        lines = wrap(text, width)
        assert all(text_width(line.strip()) <= width for line in lines if len(line.strip()) > 1), (text, width, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_no_line_is_wider_than_the_width_leading_spaces_included():
    """Property over many strings, indents and paragraphs included: a line wider than the width is
    a single character wider than it, and no character but spaces is lost or moved."""
    rng = random.Random(11)
    alphabet = ["a", "b", "cd", " ", " ", "   ", "检", "验员", "（", "）", "，", "。", "W", "\n", "Volunteer", "×8"]
    for n in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        if n % 2:
            text = " " * rng.randint(1, 12) + text  # an indented first line
        width = rng.randint(1, 16)
        measure = em_width if n % 3 == 0 else text_width
        lines = wrap(text, width, measure)
        for line in lines:
            assert measure(line) <= width or len(line) == 1, (text, width, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_an_indent_is_kept_where_it_fits_and_gives_way_where_it_does_not():
    assert wrap("  ab", 4) == ["  ab"]
    assert wrap("     abc", 3) == ["abc"]  # was ["     a", "bc"]: 6 units in 3
    assert wrap("   运营", 3) == [" 运", "营"]
    assert wrap("    Pneumono", 5) == ["Pneum", "ono"]
    assert wrap("  项目经理", 6) == ["  项目", "经理"]
