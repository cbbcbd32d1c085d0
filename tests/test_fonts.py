"""officegen/office/fonts.py: East Asian fonts set explicitly, in schema order, theme fonts removed."""

from __future__ import annotations

import pytest
from lxml import etree

from officegen.office.fonts import (
    EAST_ASIAN_FONT,
    LATIN_FONT,
    docx_rpr_fonts,
    docx_styles_fonts,
    drawing_rpr_fonts,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.mark.parametrize("lang, tag, hint", [("zh-CN", "zh-CN", "eastAsia"), ("en", "en-US", None)])
def test_a_word_run_gets_both_fonts_its_languages_and_no_theme_fonts(lang, tag, hint):
    rpr = etree.fromstring(
        f'<w:rPr xmlns:w="{W}"><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"/>'
        '<w:b/><w:sz w:val="22"/></w:rPr>'
    )
    docx_rpr_fonts(rpr, lang)
    fonts = rpr.find(w("rFonts"))
    assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == LATIN_FONT
    assert fonts.get(w("eastAsia")) == EAST_ASIAN_FONT[lang]
    assert fonts.get(w("asciiTheme")) is None and fonts.get(w("eastAsiaTheme")) is None
    assert fonts.get(w("hint")) == hint
    language = rpr.find(w("lang"))
    assert language.get(w("val")) == tag and language.get(w("eastAsia")) == "zh-CN"
    assert [etree.QName(c).localname for c in rpr] == ["rFonts", "b", "sz", "lang"]
    # what is missing is inserted in ECMA-376 order (rFonts first, lang after sz), not appended
    bare = etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:b/><w:sz w:val="22"/></w:rPr>')
    docx_rpr_fonts(bare, lang)
    assert [etree.QName(c).localname for c in bare] == ["rFonts", "b", "sz", "lang"]


def test_every_style_that_sets_fonts_and_the_defaults_get_them():
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W}"><w:style w:styleId="H1"><w:rPr><w:rFonts w:ascii="Arial"/></w:rPr></w:style>'
        '<w:style w:styleId="Plain"><w:rPr><w:b/></w:rPr></w:style></w:styles>'
    )
    docx_styles_fonts(styles, "zh-CN")
    default = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    assert default is not None and default.get(w("eastAsia")) == EAST_ASIAN_FONT["zh-CN"]
    h1, plain = styles.findall(w("style"))
    assert h1.find(f"{w('rPr')}/{w('rFonts')}").get(w("eastAsia")) == EAST_ASIAN_FONT["zh-CN"]
    assert plain.find(f"{w('rPr')}/{w('rFonts')}") is None  # inherits the defaults, left alone


def test_a_drawing_run_gets_latin_then_ea_after_its_fill():
    rpr = etree.fromstring(f'<a:rPr xmlns:a="{A}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:rPr>')
    drawing_rpr_fonts(rpr, "zh-CN")
    assert [etree.QName(c).localname for c in rpr] == ["solidFill", "latin", "ea"]
    assert rpr.find(f"{{{A}}}ea").get("typeface") == EAST_ASIAN_FONT["zh-CN"]
    assert rpr.get("lang") == "zh-CN"
    drawing_rpr_fonts(rpr, "zh-CN")  # twice: still one of each
    assert len(rpr) == 3
