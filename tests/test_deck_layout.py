"""The layout check (tests/deckcheck.py) over every slide of the decks of both samples (zh-CN and
en, with and without --load), the real organisations and a 10,000-person synthetic one; and
ooxml-integrity's overlap and overflow findings, which must be none."""

from __future__ import annotations

import pytest
from conftest import REAL_COMPANY, REAL_RACI, SAMPLE_EN, SAMPLE_ZH, load
from deckcheck import check_deck
from pptx import Presentation

from officegen.generators.deck import write_deck

CASES = {
    "zh": (SAMPLE_ZH, None, False),
    "zh-en": (SAMPLE_ZH, "en", False),
    "en": (SAMPLE_EN, None, False),
    "en-zh": (SAMPLE_EN, "zh-CN", False),
    "zh-load": (SAMPLE_ZH, None, True),
    "en-load": (SAMPLE_EN, None, True),
    "company": (REAL_COMPANY, None, False),
    "company-load": (REAL_COMPANY, None, True),
    "csa": (REAL_RACI, None, False),
}


def _deck(path, lang, load_, tmp_path):
    org = load(path, lang)
    return org, write_deck(org, tmp_path / "deck.pptx", load=load_)


@pytest.mark.parametrize("case", list(CASES))
def test_every_slide_passes_the_layout_check(case, tmp_path):
    org, path = _deck(*CASES[case], tmp_path)
    problems = check_deck(Presentation(path), org)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.slow
def test_a_10000_person_organisation_passes_the_layout_check(synthetic_path, tmp_path):
    org = load(synthetic_path(10000))
    path = write_deck(org, tmp_path / "big.pptx")
    problems = check_deck(Presentation(path), org)
    assert not problems, "\n".join(problems[:40])


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The check itself: a badge moved onto its box, a title cut, text at 8 pt, a box off the slide."""
    from pptx.oxml.ns import qn
    from pptx.util import Emu, Pt

    org, path = _deck(SAMPLE_ZH, None, False, tmp_path)
    prs = Presentation(path)
    shapes = {s.name: (slide, s) for slide in prs.slides for s in slide.shapes}
    badge = next(s for name, (_, s) in shapes.items() if name.startswith("more:"))
    badge.top = Emu(badge.top - 2 * badge.height)  # onto its box's text
    box = shapes["role:ops-director"][1]
    title = org.roles["cs-quality"].title  # no department's head: written only as the role's title
    for slide in prs.slides:  # the title cut wherever it is written
        for t in slide.shapes._spTree.iter(qn("a:t")):
            if t.text and title in t.text:
                t.text = t.text.replace(title, title[:2] + "…")
    box.text_frame.paragraphs[-1].runs[0].font.size = Pt(8)
    shapes["title"][1].left = Emu(12192000)
    problems = "\n".join(check_deck(prs, org))
    assert "overlap" in problems
    assert "'cs-quality'" in problems and "full title" in problems
    assert "below 9.0 pt" in problems
    assert "off the slide" in problems


@pytest.mark.parametrize("case", ["zh", "en-load", "company"])
def test_ooxml_integrity_finds_no_overlap_and_no_overflow(case, tmp_path):
    pptx_checks = pytest.importorskip("ooxml_integrity.pptx_checks")
    _, path = _deck(*CASES[case], tmp_path)
    findings = [f for f in pptx_checks.check_pptx(path) if f.code in ("PPT001", "PPT002", "PPT003", "PPT006")]
    assert not findings, "\n".join(str(f) for f in findings)
