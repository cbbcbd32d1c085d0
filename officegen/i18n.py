"""Localised text: a definition's text is a string or a map of locale to string.

The output language is ``--lang``, else the organisation's locale, else any translation
present, so a half-translated definition still renders every text in *some* language.
"""

from __future__ import annotations

from typing import Mapping, Union

LocalText = Union[str, Mapping[str, str]]

SUPPORTED_LANGS = ("zh-CN", "en")


def normalise_lang(lang: str) -> str:
    """``zh``, ``zh_cn``, ``ZH-cn`` -> ``zh-CN``; ``en-US`` -> ``en``; anything else unchanged."""
    low = lang.replace("_", "-").lower()
    if low == "zh" or low.startswith("zh-cn") or low.startswith("zh-hans"):
        return "zh-CN"
    if low == "en" or low.startswith("en-"):
        return "en"
    return lang


def resolve(text: LocalText | None, lang: str, fallback: str | None = None) -> str:
    """Pick the translation for ``lang``; then ``fallback``; then a same-language variant; then any."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for want in (lang, fallback):
        if want and want in text:
            return text[want]
    for want in (lang, fallback):
        if want:
            base = want.split("-")[0].lower()
            for key, value in text.items():
                if key.split("-")[0].lower() == base:
                    return value
    return next(iter(text.values()), "")


def pick_labels(table: Mapping[str, Mapping[str, str]], lang: str) -> Mapping[str, str]:
    """A generator's label table for ``lang`` (English when the language has no table)."""
    lang = normalise_lang(lang)
    return table.get(lang) or table["en"]
