"""Read a team definition (YAML, JSON, or a folder of them): one node tree, then plain data.

This is the only module that knows YAML or JSON syntax. The parser's events become one tree of
:class:`Node` (kind, the span of characters it covers, line and column), and both directions
read that tree: the loader turns it into plain data and points every problem at ``FILE:LINE:COL``
through it, and the editor of the way back (``roundtrip.edit_text``) rewrites the text at its
spans. It is built from the events rather than through ``yaml.safe_load`` because that is where
the traps are:

* aliases are refused at the alias (an alias bomb costs nothing to load but exponential time to
  walk), duplicate keys are errors (YAML keeps the last one silently), nesting depth is bounded;
* plain scalars follow the YAML 1.2 core rules, not 1.1: ``NO`` stays the text "NO", ``12:30``
  stays "12:30", ``012`` stays "012", dates stay text; only ``true``/``false``, ``null``/``~``,
  decimal integers and decimal floats become something other than text;
* characters an Office file cannot hold are removed here, once, with a warning naming the place;
* reading the bytes (size limit, byte-order mark, UTF-8 or UTF-16, binary data), listing a
  folder's files, JSON's tabs and the wording of syntax errors (with the hints of
  ``definition.hints`` for what a Chinese keyboard types) are here, once, for both directions.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from officegen.definition.hints import explain
from officegen.i18n import is_chinese, tr
from officegen.office.userfiles import not_regular, open_without_waiting
from officegen.problems import Location, Problem

# Only the event stream is used; libyaml's is ~10x faster, the pure-Python one is the fallback.
EventParser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
SUFFIXES = (".yaml", ".yml", ".json")
#: Keys whose lists are concatenated when a definition is split over a folder of files.
LIST_KEYS = ("departments", "roles", "people", "activities")
#: byte-order marks, and the codec of the text after each
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))

Path_ = tuple  # a path into the data: keys and list indexes

# Characters XML 1.0 (so every Office file) cannot hold, plus C1 controls that the YAML reader
# refuses; tab, newline and carriage return (a line break in the source) are kept.
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
# After parsing, \r is no longer a line break but a character inside a value: remove it too.
_VALUE_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_STR_TAGS = {"!!str", "tag:yaml.org,2002:str", "!"}
#: the longest integer literal read as a number (Python's own limit for turning digits into an int)
MAX_DIGITS = sys.get_int_max_str_digits() or 4300


#: the children of a node that has none of that kind (shared, never appended to)
_NONE: tuple = ()


class Node:
    """One node of the YAML (or JSON) text as written.

    ``kind`` is "scalar", "map" or "seq"; ``start``/``end`` the span of characters it covers
    (a block collection's end is where the next token starts); ``line``/``col`` where it starts,
    1-based. A scalar has its ``value`` as written (unresolved text), ``style`` ("" plain, "'" or
    '"' quoted, "|" or ">" block) and ``tag``; a collection ``flow`` (written in ``{}``/``[]``),
    a map its ``entries`` (key node, value node), a sequence its ``items``.
    """

    __slots__ = ("kind", "start", "end", "line", "col", "value", "style", "tag", "implicit", "flow", "entries", "items")

    def __init__(
        self,
        kind: str,
        start: int,
        end: int,
        line: int,
        col: int,
        value: str = "",
        style: str = "",
        tag: str | None = None,
        implicit: bool = True,
        flow: bool = False,
        entries: list[tuple[Node, Node]] = _NONE,  # type: ignore[assignment]
        items: list[Node] = _NONE,  # type: ignore[assignment]
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.line = line
        self.col = col
        self.value = value
        self.style = style
        self.tag = tag
        #: a plain scalar without a tag: resolved by the YAML 1.2 core rules
        self.implicit = implicit
        self.flow = flow
        self.entries = entries
        self.items = items

    def get(self, key: str) -> tuple[Node, Node] | None:
        """A map's (key node, value node) whose key is written ``key``; None when there is none."""
        if self.kind != "map":
            return None
        return next(((k, v) for k, v in self.entries if k.kind == "scalar" and k.value == key), None)

    def __repr__(self) -> str:
        return f"Node({self.kind}, {self.line}:{self.col}, {self.value!r})"


@dataclass(frozen=True)
class SourceText:
    """One definition file's text, as decoded, and how to write it back (``bom`` + ``encoding``)."""

    name: str
    text: str
    bom: bytes = b""
    encoding: str = "utf-8"

    @property
    def is_json(self) -> bool:
        return self.name.lower().endswith(".json")


class LoadFailure(Exception):
    """A file that cannot be read or parsed; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _err(loc: Location, message: str, code: str) -> LoadFailure:
    return LoadFailure(Problem(loc, "error", message, code))


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X}"


# -- files and bytes -----------------------------------------------------------------------------


def definition_files(path: Path) -> list[Path]:
    """The files of a definition: the file itself, or a folder's .yaml, .yml and .json files by name."""
    path = Path(path)
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def read_source(path: Path, name: str | None = None, say: str = "en") -> SourceText:
    """Read and decode one file (``name``: how problems call it; default the path). Raises LoadFailure
    (said in ``say``)."""
    name = str(path) if name is None else name
    try:
        with open_without_waiting(path) as fh:  # never more than the limit, even if it grows while being read
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):  # a FIFO would wait forever, /dev/zero never end
                raise _err(Location(name), f"{not_regular(path, info.st_mode)}; a team definition is a text file", "io")
            if info.st_size > MAX_FILE_BYTES:
                raise _err(Location(name), _too_large(info.st_size, say), "too-large")
            raw = fh.read(info.st_size + 1)
            while len(raw) <= MAX_FILE_BYTES:
                more = fh.read(1024 * 1024)
                if not more:
                    break
                raw += more
        if len(raw) > MAX_FILE_BYTES:
            raise _err(
                Location(name),
                tr(
                    say,
                    f"file is over {MAX_FILE_BYTES:,} bytes, the limit",
                    f"文件超过了 {MAX_FILE_BYTES:,} 字节的上限",
                ),
                "too-large",
            )
    except FileNotFoundError:
        raise _err(Location(name), tr(say, "no such file", "没有这个文件"), "io") from None
    except OSError as exc:
        raise _err(Location(name), tr(say, "cannot read: ", "无法读取：") + f"{exc.strerror or exc}", "io") from None
    return decode(name, raw, say)


def _too_large(size: int, say: str) -> str:
    return tr(
        say,
        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes",
        f"文件有 {size:,} 字节，上限是 {MAX_FILE_BYTES:,} 字节",
    )


def decode(name: str, raw: bytes, say: str = "en") -> SourceText:
    """The text of a definition file's bytes: UTF-8 (with or without a BOM) or UTF-16 with a BOM.
    Raises LoadFailure for binary data, another encoding, or nothing but blanks."""
    if len(raw) > MAX_FILE_BYTES:
        raise _err(Location(name), _too_large(len(raw), say), "too-large")
    bom, encoding = next(((b, e) for b, e in BOMS if raw.startswith(b)), (b"", "utf-8"))
    body = raw[len(bom) :]
    if not encoding.startswith("utf-16"):
        nul = body.find(b"\x00")
        if nul >= 0:
            line, col = _position(body[:nul].decode("utf-8", "replace"), nul)
            message = tr(
                say,
                "binary data (NUL byte): a team definition is a text file",
                "二进制数据（NUL 字节）：团队定义应当是文本文件",
            )
            raise _err(Location(name, line, col), message, "binary")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        prefix = body[: exc.start].decode(encoding, "replace")
        line, col = _position(prefix, len(prefix))
        raise _err(
            Location(name, line, col),
            tr(
                say,
                f"not UTF-8 text (byte 0x{body[exc.start]:02x}); save the file as UTF-8",
                f"不是 UTF-8 文本（字节 0x{body[exc.start]:02x}）：请把文件另存为 UTF-8 编码",
            ),
            "encoding",
        ) from None
    if not text.strip():
        raise _err(Location(name, 1, 1), tr(say, "the file is empty", "文件是空的"), "empty")
    return SourceText(name, text, bom, encoding)


# -- the node tree -------------------------------------------------------------------------------


def parse(source: SourceText, say: str = "en") -> Node:
    """The tree of ``source``'s one document, whose top level is a mapping. Raises LoadFailure for a
    syntax error (said where a tab or a full-width character caused it, when one did), an alias,
    a tag other than YAML's own, nesting deeper than MAX_DEPTH, or more than one document."""
    text = source.text
    if source.is_json:
        _check_json(text, source.name, say)
        # JSON is YAML 1.2 flow syntax; a raw tab can only sit between tokens in valid JSON.
        text = text.replace("\t", " ")
    return _Parser(source.name, text, say).document()


def _syntax(text: str, where: Location, what: str, said: str, say: str) -> LoadFailure:
    """A syntax error: ``what`` (``YAML syntax``, ``invalid JSON``) and the parser's words, or the
    hint's words at the character that caused it; ``what`` and the hint in ``say``."""
    shown = tr(say, what, {"YAML syntax": "YAML 语法错误", "invalid JSON": "JSON 格式错误"}.get(what, what))
    english = f"{what}: {said}"
    where, message = explain(text, where, english, say, shown)
    if message == english:  # no hint: the parser's own words (English), after the prefix
        message = f"{shown}{tr(say, ': ', '：')}{said}"
    return _err(where, message, "syntax")


#: the YAML parser's words (libyaml's and PyYAML's), for a Chinese reader; others stay as said
_PARSER_ZH = {
    "did not find expected ',' or ']'": "缺少“,”或“]”",
    "did not find expected ',' or '}'": "缺少“,”或“}”",
    "mapping values are not allowed in this context": "这里不能写“键: 值”（文字里的“: ”请加引号）",
    "mapping values are not allowed here": "这里不能写“键: 值”（文字里的“: ”请加引号）",
    "did not find expected key": "缺少键（缩进没有对齐？）",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "found character that cannot start any token": "这个字符不能放在开头（请给这段文字加引号）",
    "did not find expected '-' indicator": "缺少“-”（列表项的缩进没有对齐？）",
    "found unknown escape character": "未知的转义字符（双引号里的“\\”请写成“\\\\”，或改用单引号）",
    "block sequence entries are not allowed in this context": "这里不能开始“- ”列表（换行并缩进）",
    "did not find expected node content": "这里缺少内容",
    "could not find expected ':'": "缺少“:”",
    "found undefined alias": "没有定义的别名（*）",
    "found duplicate %YAML directive": "%YAML 指令重复",
    "did not find expected <document start>": "缺少文档开始标记“---”",
    "found a tab character that violates indentation": "缩进里有制表符（Tab），请改用空格",
    "found a tab character where an indentation space is expected": "缩进里有制表符（Tab），请改用空格",
    "while parsing a flow sequence": "解析 [ ] 列表时",
    "while parsing a flow mapping": "解析 { } 映射时",
    "while parsing a flow node": "解析 [ ] 或 { } 里的内容时",
    "while parsing a block mapping": "解析“键: 值”时",
    "while parsing a block collection": "解析“- ”列表时",
    "while parsing a block node": "解析内容时",
    "while parsing a node": "解析内容时",
    "while scanning a quoted scalar": "读取带引号的文字时",
    "while parsing a quoted scalar": "读取带引号的文字时",
    "while scanning for the next token": "读取下一项时",
    "while scanning a simple key": "读取键时",
    "while scanning an alias": "读取别名（*）时",
    "while scanning an anchor": "读取锚点（&）时",
    "while scanning a block scalar": "读取多行文字（| 或 >）时",
    "while scanning a directive": "读取 % 指令时",
    "Expecting ',' delimiter": "缺少“,”",
    "Expecting ':' delimiter": "缺少“:”",
    "Expecting value": "这里缺少值",
    "Expecting property name enclosed in double quotes": "键要用双引号括起来（或多了一个“,”）",
    "Unterminated string starting at": "字符串没有结束引号",
    "Extra data": "多余的内容",
    "Invalid control character at": "字符串里有控制字符",
    "Invalid \\escape": "无效的转义（“\\”请写成“\\\\”）",
}


def _parser_words(problem: str | None, context: str | None, say: str) -> str:
    """The parser's problem and its context, in ``say`` where the words are known."""
    if is_chinese(say) and (problem or context):
        said = [_PARSER_ZH.get(words, words) for words in (context, problem) if words]
        return "，".join(said)
    if problem and context:
        return f"{problem} ({context})"
    return problem or context or "invalid YAML"


def _deep(say: str) -> str:
    return tr(say, f"nesting deeper than {MAX_DEPTH} levels", f"嵌套超过 {MAX_DEPTH} 层")


def _check_json(text: str, name: str, say: str = "en") -> None:
    try:
        json.loads(text, parse_int=len)  # numbers are the tree's business (a 5,000-digit one too)
    except json.JSONDecodeError as exc:
        said = _parser_words(exc.msg, None, say)
        raise _syntax(text, Location(name, exc.lineno, exc.colno), "invalid JSON", said, say) from None
    except RecursionError:
        raise _err(Location(name, 1, 1), _deep(say), "too-deep") from None


class _Parser:
    """Parser events -> Nodes."""

    def __init__(self, name: str, text: str, say: str = "en"):
        self.name = name
        self.text = text
        self.say = say

    def loc(self, mark) -> Location:
        return Location(self.name, mark.line + 1, mark.column + 1)

    def document(self) -> Node:
        events = iter(EventParser(self.text).get_event, None)
        root = None
        try:
            for event in events:
                if isinstance(event, yaml.DocumentStartEvent):
                    if root is not None:
                        message = tr(self.say, "more than one YAML document in the file", "文件里有不止一个 YAML 文档")
                        raise _err(self.loc(event.start_mark), message, "syntax")
                    root = self.node(events, next(events), 0)
                elif isinstance(event, yaml.StreamEndEvent):
                    break
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = _parser_words(exc.problem, exc.context, self.say)
            loc = self.loc(mark) if mark else Location(self.name, 1, 1)
            raise _syntax(self.text, loc, "YAML syntax", message, self.say) from None
        except yaml.YAMLError as exc:
            said = tr(self.say, "YAML syntax: ", "YAML 语法错误：") + str(exc)
            raise _err(Location(self.name, 1, 1), said, "syntax") from None
        if root is None or (root.kind == "scalar" and root.implicit and root.value in _NULLS):
            raise _err(Location(self.name, 1, 1), tr(self.say, "the file is empty", "文件是空的"), "empty")
        if root.kind != "map":
            message = tr(self.say, "the top level must be a mapping (key: value pairs)", "最外层必须是映射（键: 值）")
            raise _err(Location(self.name, root.line, root.col), message, "type")
        return root

    def node(self, events: Iterator, event, depth: int) -> Node:
        mark = event.start_mark
        kind = type(event)
        if depth > MAX_DEPTH:
            raise _err(self.loc(mark), _deep(self.say), "too-deep")
        if kind is yaml.AliasEvent:
            message = tr(
                self.say,
                f"aliases (*{event.anchor}) are not allowed: write the value out in full",
                f"不允许使用别名（*{event.anchor}）：请把值完整写出来",
            )
            raise _err(self.loc(mark), message, "alias")
        tag = event.tag
        if tag and tag not in _STR_TAGS and not tag.startswith("tag:yaml.org,2002:"):
            raise _err(
                self.loc(mark), tr(self.say, f"YAML tag {tag} is not allowed", f"不允许使用 YAML 标签 {tag}"), "tag"
            )
        if kind is yaml.ScalarEvent:
            style = event.style or ""
            return Node(
                "scalar",
                mark.index,
                event.end_mark.index,
                mark.line + 1,
                mark.column + 1,
                event.value,
                style,
                tag,
                not style and event.implicit[0] and tag not in _STR_TAGS,
            )
        if kind is yaml.SequenceStartEvent:
            items: list[Node] = []
            node = Node(
                "seq", mark.index, 0, mark.line + 1, mark.column + 1, tag=tag, flow=bool(event.flow_style), items=items
            )
            for event in events:
                if type(event) is yaml.SequenceEndEvent:
                    node.end = event.end_mark.index
                    return node
                items.append(self.node(events, event, depth + 1))
        if kind is yaml.MappingStartEvent:
            entries: list[tuple[Node, Node]] = []
            node = Node(
                "map",
                mark.index,
                0,
                mark.line + 1,
                mark.column + 1,
                tag=tag,
                flow=bool(event.flow_style),
                entries=entries,
            )
            for event in events:
                if type(event) is yaml.MappingEndEvent:
                    node.end = event.end_mark.index
                    return node
                key = self.node(events, event, depth + 1)
                entries.append((key, self.node(events, next(events), depth + 1)))
        raise _err(self.loc(mark), "unexpected YAML structure", "syntax")  # pragma: no cover


# -- plain data ----------------------------------------------------------------------------------


@dataclass
class _Part:
    """One file of a definition: its tree and where its top-level keys went in the merged data
    (``lists``: a list key -> the index its first item got; other keys it owns are in ``owns``)."""

    name: str
    root: Node
    keys: dict[int, list[str]]  # id(map node) -> its keys as resolved, in entry order
    lists: dict[str, int] = field(default_factory=dict)
    owns: set[str] | None = None  # None: every key (a definition of one file)


@dataclass
class Loaded:
    """A definition as plain data, the problems found reading it, and where each value was written."""

    data: Any
    problems: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    parts: list[_Part] = field(default_factory=list)

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """Where ``path`` was written (its key, with ``key``); the nearest enclosing value when it was
        not (e.g. a missing field)."""
        if not self.parts:
            return Location(self.sources[0] if self.sources else "<input>", 1, 1)
        part, rest = self._part_of(tuple(path))
        node = part.root
        for n, step in enumerate(rest):
            found = self._child(part, node, step)
            if found is None:
                break
            key_node, node = found
            if key and n == len(rest) - 1 and key_node is not None:
                return Location(part.name, key_node.line, key_node.col)
        return Location(part.name, node.line, node.col)

    def _part_of(self, path: tuple) -> tuple[_Part, tuple]:
        if path and len(self.parts) > 1:
            head = path[0]
            if head in LIST_KEYS:
                holders = [p for p in self.parts if head in p.lists]
                if len(path) > 1 and isinstance(path[1], int):
                    for part in reversed(holders):
                        if path[1] >= part.lists[head]:
                            return part, (head, path[1] - part.lists[head]) + path[2:]
                if holders:
                    return holders[0], path
            for part in self.parts:
                if part.owns is None or head in part.owns:
                    return part, path
        return self.parts[0], path

    @staticmethod
    def _child(part: _Part, node: Node, step) -> tuple[Node | None, Node] | None:
        if node.kind == "map":
            keys = part.keys.get(id(node))
            if keys is None:
                return None
            try:
                index = keys.index(str(step))
            except ValueError:
                return None
            return node.entries[index]
        if node.kind == "seq" and isinstance(step, int) and 0 <= step < len(node.items):
            return None, node.items[step]
        return None


def load(path: str | Path, say: str = "en") -> Loaded:
    """Load one file or a folder of files. Problems are returned, never raised (said in ``say``)."""
    path = Path(path)
    if path.is_dir():
        return _folder(path, [load_file(f, say) for f in definition_files(path)], say)
    return load_file(path, say)


def _folder(folder: Path, parts: list[Loaded], say: str = "en") -> Loaded:
    if not parts:
        message = tr(say, "no .yaml, .yml or .json files in this folder", "这个文件夹里没有 .yaml、.yml 或 .json 文件")
        return Loaded(data={}, problems=[Problem(Location(str(folder)), "error", message, "empty")])
    return merge(parts, say)


def load_file(path: Path, say: str = "en") -> Loaded:
    """One file (never raises: a file that cannot be read is a problem of the result)."""
    try:
        source = read_source(path, say=say)
    except LoadFailure as fail:
        return Loaded(None, [fail.problem], [str(path)])
    return load_source(source, say)


def load_text(name: str, text: str) -> Loaded:
    """A definition given as text (``name``: its file name, which says JSON or YAML, for problems)."""
    return load_source(SourceText(name, text))


def load_texts(files: Iterable[tuple[str, str]]) -> Loaded:
    """A folder definition given as (file name, text) pairs, merged as :func:`load` merges a folder's."""
    return merge([load_text(name, text) for name, text in files])


def load_edited(team: Path, edited: Mapping[Path, bytes | str], say: str = "en") -> Loaded:
    """The definition at ``team`` (a file, or a folder, existing or not) as it would be with the
    files in ``edited`` holding that content (bytes as a file holds them, or text): validated in
    memory, before anything is written. Problems name the real files."""
    team = Path(team)

    def one(path: Path) -> Loaded:
        content = edited[path]
        if isinstance(content, str):
            return load_source(SourceText(str(path), content), say)
        try:
            return load_source(decode(str(path), content, say), say)
        except LoadFailure as fail:
            return Loaded(None, [fail.problem], [str(path)])

    if team in edited or (team.exists() and not team.is_dir()):
        return one(team) if team in edited else load_file(team, say)
    on_disk = definition_files(team) if team.is_dir() else []
    files = sorted(set(on_disk) | {p for p in edited if p.parent == team}, key=lambda p: p.name)
    return _folder(team, [one(p) if p in edited else load_file(p, say) for p in files], say)


def load_source(source: SourceText, say: str = "en") -> Loaded:
    """One decoded file: control characters removed (with warnings), parsed, turned into data."""
    result = Loaded(data=None, sources=[source.name])
    text = _strip_raw_controls(source.text, source.name, result.problems, say)
    if text is not source.text:
        source = SourceText(source.name, text, source.bom, source.encoding)
    try:
        root = parse(source, say)
        builder = _Builder(source.name, result.problems, say)
        result.data = builder.value(root)
    except LoadFailure as fail:
        result.problems.append(fail.problem)
        result.data = None
        return result
    result.parts.append(_Part(source.name, root, builder.keys))
    return result


def merge(parts: list[Loaded], say: str = "en") -> Loaded:
    """The files of a folder definition as one: the lists of LIST_KEYS concatenated in file order,
    every other top-level key given by one file only."""
    merged = Loaded(data={}, sources=[s for p in parts for s in p.sources])
    owners: dict[str, Location] = {}
    # a list key some file gives as a list: every file's must be one
    listed = {k for p in parts if isinstance(p.data, dict) for k in LIST_KEYS if isinstance(p.data.get(k), list)}
    for loaded in parts:
        merged.problems.extend(loaded.problems)
        if not isinstance(loaded.data, dict) or not loaded.parts:
            continue
        part = loaded.parts[0]
        part.owns = set()
        for key, value in loaded.data.items():
            here = loaded.locate((key,), key=True)
            if key in listed:
                if not isinstance(value, list):
                    merged.problems.append(
                        Problem(
                            loaded.locate((key,)),
                            "error",
                            tr(
                                say,
                                f"'{key}' must be a list (in a folder definition, every file that gives "
                                f"'{key}' gives a list of them)",
                                f"“{key}”必须是列表（文件夹定义中，每个给出“{key}”的文件都要给出列表）",
                            ),
                            "type",
                        )
                    )
                    continue
                target = merged.data.setdefault(key, [])
                part.lists[key] = len(target)
                target.extend(value)
            elif key in merged.data:
                if key == "version" and merged.data[key] == value:
                    continue
                merged.problems.append(
                    Problem(
                        here,
                        "error",
                        tr(
                            say,
                            f"'{key}' is already given in {owners[key]}; a folder definition gives it in one file only",
                            f"“{key}”已在 {owners[key]} 中给出；文件夹定义中它只能在一个文件里给出",
                        ),
                        "duplicate-key",
                    )
                )
            else:
                merged.data[key] = value
                owners[key] = here
                part.owns.add(key)
        merged.parts.append(part)
    return merged


def _strip_raw_controls(text: str, name: str, problems: list[Problem], say: str = "en") -> str:
    if not RAW_CONTROL.search(text):
        return text
    for m in RAW_CONTROL.finditer(text):
        line, col = _position(text, m.start())
        problems.append(
            Problem(
                Location(name, line, col),
                "warning",
                tr(
                    say,
                    f"control character {_describe(m.group())} removed (Office files cannot hold it)",
                    f"已删除控制字符 {_describe(m.group())}（Office 文件无法容纳它）",
                ),
                "control-character",
            )
        )
    return RAW_CONTROL.sub("", text)


class _Builder:
    """A tree -> Python values (YAML 1.2 core scalars), keys checked, each map's keys recorded."""

    def __init__(self, name: str, problems: list[Problem], say: str = "en"):
        self.name = name
        self.problems = problems
        self.say = say
        self.keys: dict[int, list[str]] = {}

    def value(self, node: Node) -> Any:
        if node.kind == "scalar":
            return self.scalar(node)
        if node.kind == "seq":
            return [self.value(item) for item in node.items]
        mapping: dict[str, Any] = {}
        keys: list[str] = []
        for key_node, value_node in node.entries:
            where = Location(self.name, key_node.line, key_node.col)
            if key_node.kind != "scalar":
                raise _err(where, tr(self.say, "mapping keys must be plain text", "映射的键必须是普通文本"), "type")
            key = self.scalar(key_node)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise _err(
                    where, tr(self.say, f"mapping key {key!r} must be text", f"映射的键 {key!r} 必须是文本"), "type"
                )
            key = str(key)
            if key in mapping:
                first = node.entries[keys.index(key)][0]
                message = tr(
                    self.say,
                    f"duplicate key '{key}' (first at line {first.line})",
                    f"键“{key}”重复（第一次在第 {first.line} 行）",
                )
                raise _err(where, message, "duplicate-key")
            keys.append(key)
            mapping[key] = self.value(value_node)
        self.keys[id(node)] = keys
        return mapping

    def scalar(self, node: Node) -> Any:
        value = node.value
        if not node.implicit:
            resolved: Any = value
        elif value in _NULLS:
            resolved = None
        elif value in _BOOLS:
            resolved = _BOOLS[value]
        elif _INT.fullmatch(value):
            if len(value.lstrip("+-")) > MAX_DIGITS:
                raise _err(
                    Location(self.name, node.line, node.col),
                    tr(
                        self.say,
                        f"a number of {len(value.lstrip('+-')):,} digits is too long (at most {MAX_DIGITS:,}); "
                        "if it is meant as text, put it in quotes",
                        f"数字有 {len(value.lstrip('+-')):,} 位，太长（最多 {MAX_DIGITS:,} 位）；如果它是文本，请加上引号",
                    ),
                    "value",
                )
            resolved = int(value)
        elif _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
            resolved = float(value)
        else:
            resolved = value
        if isinstance(resolved, str) and _VALUE_BAD.search(resolved):
            found = sorted({_describe(c) for c in _VALUE_BAD.findall(resolved)})
            self.problems.append(
                Problem(
                    Location(self.name, node.line, node.col),
                    "warning",
                    tr(
                        self.say,
                        f"control character{'s' if len(found) > 1 else ''} {', '.join(found)} removed "
                        f"(Office files cannot hold {'them' if len(found) > 1 else 'it'})",
                        f"已删除控制字符 {'、'.join(found)}（Office 文件无法容纳）",
                    ),
                    "control-character",
                )
            )
            resolved = _VALUE_BAD.sub("", resolved)
        return resolved
