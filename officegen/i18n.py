"""Localised text: a definition's text is a string or a map of locale to string.

The output language is ``--lang``, else the organisation's locale, else any translation
present, so a half-translated definition still renders every text in *some* language.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from typing import Literal, TypeVar, get_args

T = TypeVar("T")

LocalText = str | Mapping[str, str]

#: the output languages: labels, fonts and wording exist for these
Lang = Literal["zh-CN", "en"]
SUPPORTED_LANGS: tuple[Lang, ...] = get_args(Lang)
#: the language whose documents get East Asian fonts first and Chinese punctuation
CHINESE: Lang = "zh-CN"


def is_chinese(lang: str) -> bool:
    """Whether ``lang`` (as normalised) is Chinese output: East Asian fonts first, 、 between items."""
    return normalise_lang(lang) == CHINESE


def tr(lang: str, en: str, zh: str) -> str:
    """A message in ``lang``: the Chinese text for Chinese, else the English."""
    return zh if is_chinese(lang) else en


def user_lang() -> Lang | None:
    """The language of the user's locale for messages (the first of LC_ALL, LC_MESSAGES and LANG
    that is set, as gettext reads them): zh-CN for any Chinese locale, en for an English one,
    None for C, POSIX or a language officegen does not speak (then the definition's own decides)."""
    value = next((os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), "")
    base = value.split(".")[0].split("@")[0]
    if base.lower().startswith("zh"):
        return CHINESE
    return supported(base) if base not in ("C", "POSIX") else None


def declared_lang(data: object) -> Lang | None:
    """A loaded definition's ``organization.locale``, when it is one officegen speaks."""
    organization = data.get("organization") if isinstance(data, dict) else None
    locale = organization.get("locale") if isinstance(organization, dict) else None
    return supported(locale) if isinstance(locale, str) else None


def list_separator(lang: str) -> str:
    """What goes between the items of a list in running text: 、 in Chinese, a comma in English."""
    return "、" if is_chinese(lang) else ", "


def join_list(items: Iterable[str], lang: str) -> str:
    return list_separator(lang).join(items)


def supported(lang: str | None) -> Lang | None:
    """``lang`` as one of :data:`SUPPORTED_LANGS` (normalised), None when it is none of them."""
    if not lang:
        return None
    lang = normalise_lang(lang)
    return next((s for s in SUPPORTED_LANGS if s == lang), None)


@functools.lru_cache(maxsize=1024)
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


def _has_cjk(text: str) -> bool:
    return any(
        "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002fa1f" for ch in text
    )


def written_in(text: LocalText | None) -> frozenset[str]:
    """The output languages ``text`` is written in. A map: its locales. A plain string: zh-CN when
    it has Chinese characters, en when it is English words (letters and spaces); anything else (a
    code such as ``P5`` or ``GMV``, a name, a number) reads the same in every language."""
    if text is None:
        return frozenset(SUPPORTED_LANGS)
    if isinstance(text, str):
        if _has_cjk(text):
            return frozenset({"zh-CN"})
        words = text.split()
        if len(words) > 1 and sum(w.isalpha() and w.isascii() for w in words) > 1:
            return frozenset({"en"})
        return frozenset(SUPPORTED_LANGS)
    return frozenset(normalise_lang(str(k)) for k, v in text.items() if str(v).strip())


def untranslated(text: LocalText | None, lang: str) -> bool:
    """Whether ``text`` is written but not in ``lang`` (so ``lang`` output shows another language)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return False
    return normalise_lang(lang) not in written_in(text)


def pick_labels(table: Mapping[str, Mapping[str, T]], lang: str) -> Mapping[str, T]:
    """A generator's label table for ``lang`` (English when the language has no table)."""
    lang = normalise_lang(lang)
    return table.get(lang) or table["en"]
