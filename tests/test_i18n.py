"""Languages: normalising locale codes, picking translations, the helpers every generator uses."""

from __future__ import annotations

from officegen.i18n import SUPPORTED_LANGS, is_chinese, join_list, normalise_lang, resolve, supported


def test_languages():
    assert normalise_lang("zh") == "zh-CN" and normalise_lang("zh_cn") == "zh-CN"
    assert normalise_lang("en-US") == "en"
    assert resolve({"zh-CN": "店长", "en": "Store Manager"}, "en") == "Store Manager"
    assert resolve({"zh-CN": "店长"}, "en", "zh-CN") == "店长"
    assert resolve({"en-GB": "Colour"}, "en") == "Colour"
    assert resolve({"fr": "Directeur"}, "en", "zh-CN") == "Directeur"
    assert resolve(None, "en") == ""


def test_one_home_for_the_languages():
    assert SUPPORTED_LANGS == ("zh-CN", "en")
    assert is_chinese("zh-CN") and is_chinese("zh_cn") and not is_chinese("en")
    assert join_list(["店长", "运营"], "zh-CN") == "店长、运营"
    assert join_list(["Store", "Ops"], "en") == "Store, Ops"
    assert supported("zh-hans") == "zh-CN" and supported("en-GB") == "en"
    assert supported("fr") is None and supported(None) is None
