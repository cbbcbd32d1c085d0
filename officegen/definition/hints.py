"""What to type instead: hints for mistakes a Chinese keyboard makes in a definition.

An input method left in Chinese mode types ``：`` for ``:``, ``，`` for ``,``, ``【】`` for ``[]``,
``“”`` for ``"``; YAML sees none of them as syntax, so the parser's message points somewhere else
(``headcount：22`` is reported on the *next* line as "could not find expected ':'"), or there is no
syntax error at all and a value comes out wrong (``[a，b]`` is one item). A tab in the indentation
and an unquoted comma inside a flow mapping's text are the other two classics.

Pure functions over the source text and the parser's error position (or over a value the
validator found wrong); they name the character, point at it and say what to type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from officegen.i18n import is_chinese, tr
from officegen.problems import Location

#: full-width (Chinese input) look-alikes of characters that are YAML or JSON syntax:
#: character -> (what it is, what to type instead)
LOOKALIKES = {
    "：": ("full-width colon", ":"),
    "，": ("full-width comma", ","),
    "、": ("ideographic comma", ","),
    "【": ("full-width bracket", "["),
    "】": ("full-width bracket", "]"),
    "［": ("full-width bracket", "["),
    "］": ("full-width bracket", "]"),
    "｛": ("full-width brace", "{"),
    "｝": ("full-width brace", "}"),
    "（": ("full-width parenthesis", "("),
    "）": ("full-width parenthesis", ")"),
    "“": ("full-width quotation mark", '"'),
    "”": ("full-width quotation mark", '"'),
    "‘": ("full-width quotation mark", "'"),
    "’": ("full-width quotation mark", "'"),
    "＃": ("full-width number sign", "#"),
    "－": ("full-width hyphen", "-"),
}
#: the same in Chinese, for messages to a Chinese reader
LOOKALIKES_ZH = {
    "：": "全角冒号",
    "，": "全角逗号",
    "、": "顿号",
    "【": "全角方括号",
    "】": "全角方括号",
    "［": "全角方括号",
    "］": "全角方括号",
    "｛": "全角花括号",
    "｝": "全角花括号",
    "（": "全角括号",
    "）": "全角括号",
    "“": "中文引号",
    "”": "中文引号",
    "‘": "中文引号",
    "’": "中文引号",
    "＃": "全角井号",
    "－": "全角减号",
}
_QUOTES = "“”‘’"
#: a key typed with a full-width colon: at the start of a line (after "- "), or after "{" or ","
_KEY_COLON = re.compile(r"(?:^[ \t]*(?:-[ \t]+)*|[{,][ \t]*)[^\s:,{}\[\]\"'#：]+(：)")
_QUOTED_KEY_COLON = re.compile(r"[\"'][ \t]*(：)")


@dataclass(frozen=True)
class Hint:
    """Where the mistake is (1-based line and column) and what to say about it."""

    line: int
    col: int
    message: str


def name(ch: str, lang: str = "en") -> str:
    """``'：' (full-width colon, U+FF1A)``; in Chinese ``“：”（全角冒号，U+FF1A）``."""
    if is_chinese(lang):
        shown = f"「{ch}」" if ch in _QUOTES else f"“{ch}”"  # a quotation mark in quotation marks would not read
        return f"{shown}（{LOOKALIKES_ZH.get(ch, '字符')}，U+{ord(ch):04X}）"
    what = LOOKALIKES.get(ch, (unicodedata.name(ch, "character").lower(), ""))[0]
    return f"'{ch}' ({what}, U+{ord(ch):04X})"


def syntax_hint(text: str, line: int, col: int, message: str, lang: str = "en") -> Hint | None:
    """The likely cause of a YAML/JSON syntax error the parser reported at ``line``:``col``
    (1-based) with ``message``, when it is a tab or a full-width look-alike; None otherwise."""
    lines = text.split("\n")
    if not lines or line < 1:
        return None
    line = min(line, len(lines))
    first = max(1, line - 3)  # a simple key may start a few lines up; the parser reports where it gave up
    if "tab" in message or "\\t" in message or "\t" in lines[line - 1]:
        for n in range(line, first - 1, -1):
            index = lines[n - 1].find("\t")
            if index >= 0:
                said = tr(
                    lang,
                    "a tab character: YAML indents with spaces only; replace the tab with spaces",
                    "制表符（Tab）：YAML 只能用空格缩进；请把 Tab 换成空格",
                )
                return Hint(n, index + 1, said)
    found = None
    for n in range(first, line + 1):
        body = _outside_quotes(lines[n - 1])
        if n == line:
            body = body[: max(col, 1)]  # the cause is at or before where the parser gave up
        for match in _KEY_COLON.finditer(body):
            found = (n, match.start(1))
        for match in _QUOTED_KEY_COLON.finditer(lines[n - 1][: len(body)]):  # "key"：value (JSON too)
            if body[match.start(1)] == "：":
                found = _later(found, (n, match.start(1)))
        for index in _flow_commas(body):
            found = _later(found, (n, index))
        if n == line and found is None:
            for index, ch in enumerate(body):
                if ch in _QUOTES and _starts_value(body, index):
                    found = (n, index)
                    break
    if found is None:
        return None
    n, index = found
    ch = lines[n - 1][index]
    return Hint(n, index + 1, _what_to_type(ch, lines[n - 1], index, lang))


def explain(text: str, where: Location, message: str, lang: str = "en", prefix: str = "") -> tuple[Location, str]:
    """A syntax error's place and message, moved to the tab or full-width character that caused it
    and said in its terms (in ``lang``) when :func:`syntax_hint` finds one; unchanged otherwise.
    ``message`` is ``WHAT: the parser's words``; ``prefix`` replaces WHAT in the hint's message."""
    what, _, said = message.partition(": ")
    hint = syntax_hint(text, where.line, where.col, said or message, lang)
    if hint is None:
        return where, message
    what = prefix or what
    sep = tr(lang, ": ", "：")
    return Location(where.file, hint.line, hint.col), f"{what}{sep}{hint.message}" if said else hint.message


def value_hint(value: str, lang: str = "en") -> str:
    """A sentence about the first full-width look-alike in a value that came out wrong (an
    unknown id, a key, text where a list was expected), or "", in ``lang``."""
    zh = is_chinese(lang)
    for index, ch in enumerate(value):
        if ch in LOOKALIKES and ch not in "（）":
            instead = LOOKALIKES[ch][1]
            if ch == "：":
                key = value[:index].strip()
                rest = value[index + 1 :].strip()
                fits = key and rest and len(key + rest) < 60
                if zh:
                    example = f"（例如 {key}: {rest}）" if fits else ""
                    return f"{name(ch, lang)}不是 YAML 的冒号：请输入半角“:”再加一个空格{example}"
                example = f" (e.g. {key}: {rest})" if fits else ""
                return f"{name(ch)} is not YAML's colon: type a half-width ':' and a space{example}"
            if ch in _QUOTES:
                if zh:
                    return f"{name(ch, lang)}在 YAML 里不起引号的作用：请用半角 {instead}...{instead}"
                return f"{name(ch)} does not quote in YAML: use half-width {instead}...{instead}"
            if zh:
                return f"{name(ch, lang)}不是 YAML 语法：请输入半角“{instead}”"
            return f"{name(ch)} is not YAML syntax: type a half-width '{instead}'"
    return ""


# -- helpers -------------------------------------------------------------------------------------


def _outside_quotes(line: str) -> str:
    """``line`` with quoted text and a trailing comment blanked out (same length, so columns hold)."""
    out = []
    quote = None
    for i, ch in enumerate(line):
        if quote:
            out.append(" ")
            if ch == quote:
                quote = None
        elif ch in "\"'" and (i == 0 or line[i - 1] in " \t{[,:-"):
            quote = ch
            out.append(" ")
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            out.append(" " * (len(line) - i))
            break
        else:
            out.append(ch)
    return "".join(out)


def _flow_commas(body: str) -> list[int]:
    """Indexes of full-width commas inside ``{...}`` or ``[...]`` on the line."""
    depth = 0
    found = []
    for index, ch in enumerate(body):
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth = max(0, depth - 1)
        elif ch == "，" and depth:
            found.append(index)
    return found[:1]


def _starts_value(body: str, index: int) -> bool:
    before = body[:index].rstrip()
    return not before or before.endswith((":", "-", ",", "{", "["))


def _later(a, b):
    return b if a is None or b > a else a


def _what_to_type(ch: str, line: str, index: int, lang: str = "en") -> str:
    instead = LOOKALIKES[ch][1]
    zh = is_chinese(lang)
    if ch == "：":
        fixed = line[:index] + ":" + ("" if line[index + 1 : index + 2] == " " else " ") + line[index + 1 :]
        if zh:
            return f"{name(ch, lang)}：请输入半角“:”并在后面加一个空格：{_shown(fixed)}"
        return f"{name(ch)}: type a half-width ':' followed by a space: {_shown(fixed)}"
    if ch == "，":
        fixed = line[:index] + "," + ("" if line[index + 1 : index + 2] == " " else " ") + line[index + 1 :]
        if zh:
            return f"{name(ch, lang)}在 {{...}} 或 [...] 里：请用半角“,”分隔各项：{_shown(fixed)}"
        return f"{name(ch)} inside {{...}} or [...]: separate the entries with a half-width ',': {_shown(fixed)}"
    if zh:
        return (
            f"{name(ch, lang)}不能给文本加引号：请用半角引号 {instead}...{instead} 把文本括起来（中文引号可以留在里面）"
        )
    return (
        f"{name(ch)} does not quote text: put the text in half-width quotes, {instead}...{instead} "
        f"(full-width quotation marks may stay inside them)"
    )


def _shown(line: str) -> str:
    text = line.strip()
    return f"'{text if len(text) <= 70 else text[:69] + '…'}'"
