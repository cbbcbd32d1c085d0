"""Measure and wrap text the way a reader sees it: a CJK character is about twice a Latin one.

Spreadsheet column widths are counted in Latin "characters", and slide boxes in ems; both need
East Asian Wide and Fullwidth characters counted double, combining marks as nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=65536)
def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Width in half-width units: ``len`` for ASCII, twice that for Chinese."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def em_width(text: str) -> float:
    """Approximate width in ems: CJK 1.0, Latin capitals and digits ~0.62, other Latin ~0.52."""
    ems = _EMS
    try:
        return sum([ems[c] for c in text])
    except KeyError:
        return sum([ems[c] if c in ems else _char_ems(c) for c in text])


_EMS: dict[str, float] = {}  # each character's width in ems, as it is first met


def _char_ems(c: str) -> float:
    w = char_width(c)
    if w == 2:
        value = 1.0
    elif w == 1:
        value = 0.62 if (c.isupper() or c.isdigit()) else (0.3 if c in " .,;:!|'ilj()[]" else 0.52)
    else:
        value = 0.0
    _EMS[c] = value
    return value


def cell_width(text: str) -> float:
    """Width in spreadsheet column units (the width of a "0" in 11-point Calibri): proportional
    Latin letters are narrower than a digit, a CJK character twice as wide."""
    wide = sum(1 for ch in text if char_width(ch) == 2)
    return (em_width(text) - wide) * 1.7 + wide * 2


def wrap(text: str, max_units: float, measure: Callable[[str], float] = text_width) -> list[str]:
    """Greedy line wrap to ``max_units``: CJK may break between any two characters, Latin at spaces.

    A Latin word longer than a line is broken inside, so no line ever exceeds the width (but for
    a single character wider than it). Leading spaces (an indent) are kept as far as they fit
    with the first word after them (none before a word too wide for a line, which is broken).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        whole = paragraph.rstrip()
        if measure(whole) <= max_units:  # the usual case: widths add up, so every shorter line fits too
            lines.append(whole)
            continue
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if measure(candidate.rstrip()) <= max_units:
                line = candidate
                continue
            if line.strip():  # the token starts the next line
                lines.append(line.rstrip())
                line = ""
                token = token.lstrip()
            else:  # an indent: it gives way to the token as far as needed (all of it for a token too wide)
                while line and measure((line + token).rstrip()) > max_units:
                    line = line[1:]
                if line:
                    line += token
                    continue
            # character by character: a token that fits goes whole, a wider one is broken inside
            for ch in token:
                if measure((line + ch).rstrip()) > max_units and line.strip():
                    lines.append(line.rstrip())
                    line = ch.lstrip()
                else:
                    line += ch
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Split into break opportunities: each CJK character alone, Latin words with their trailing space."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if char_width(ch) == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(word + ch)
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    return _keep_punctuation_attached(tokens)


#: may not begin a line (Chinese line-breaking rules, 禁则): closing marks and sentence ends
NO_LINE_START = set("，。、；：？！）」』》〉】〕〗”’…—·％,.;:?!)]}%")
#: may not end a line: opening marks
NO_LINE_END = set("（「『《〈【〔〖“‘([{")


def _keep_punctuation_attached(tokens: list[str]) -> list[str]:
    """Glue a closing mark to the character before it and an opening mark to the one after, so a
    line never starts with "，" or ends with "（": the pair moves to the next line together."""
    out: list[str] = []
    carry = ""
    for token in tokens:
        token = carry + token
        carry = ""
        if out and token[0] in NO_LINE_START and not out[-1].endswith(" "):
            out[-1] += token
        elif token[-1] in NO_LINE_END:
            carry = token
        else:
            out.append(token)
    if carry:
        out.append(carry)
    return out
