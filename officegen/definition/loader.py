"""Read a team definition (YAML, JSON, or a folder of them) into plain data plus source positions.

This is the only module that knows YAML or JSON. It builds values straight from the parser's
events rather than through ``yaml.safe_load`` because that is where the traps are:

* every value and key keeps its ``FILE:LINE:COL`` so later stages can point at it;
* aliases are refused at the alias (an alias bomb costs nothing to load but exponential time to
  walk), duplicate keys are errors (YAML keeps the last one silently), nesting depth is bounded;
* plain scalars follow the YAML 1.2 core rules, not 1.1: ``NO`` stays the text "NO", ``12:30``
  stays "12:30", ``012`` stays "012", dates stay text; only ``true``/``false``, ``null``/``~``,
  decimal integers and decimal floats become something other than text;
* characters an Office file cannot hold are removed here, once, with a warning naming the place.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from officegen.definition.hints import explain
from officegen.office.userfiles import not_regular
from officegen.problems import Location, Problem

# Only the event stream is used; libyaml's is ~10x faster, the pure-Python one is the fallback.
EventParser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
SUFFIXES = (".yaml", ".yml", ".json")
#: Keys whose lists are concatenated when a definition is split over a folder of files.
LIST_KEYS = ("departments", "roles", "people", "activities")

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


@dataclass
class Loaded:
    """A definition as plain data, with where each value (and each mapping key) was written."""

    data: Any
    where: dict[Path_, Location] = field(default_factory=dict)
    key_where: dict[Path_, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """Where ``path`` was written; the nearest enclosing value when it was not (e.g. missing)."""
        if key and path in self.key_where:
            return self.key_where[path]
        path = tuple(path)
        while path:
            if path in self.where:
                return self.where[path]
            path = path[:-1]
        return self.where.get((), Location(self.sources[0] if self.sources else "<input>", 1, 1))


class LoadFailure(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _err(loc: Location, message: str, code: str) -> LoadFailure:
    return LoadFailure(Problem(loc, "error", message, code))


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def load(path: str | Path) -> Loaded:
    """Load one file or a folder of files. Problems are returned, never raised."""
    path = Path(path)
    if path.is_dir():
        return _load_folder(path)
    return _load_file(path, str(path))


def _load_folder(folder: Path) -> Loaded:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    merged = Loaded(data={}, sources=[str(p) for p in files])
    if not files:
        merged.problems.append(
            Problem(Location(str(folder)), "error", "no .yaml, .yml or .json files in this folder", "empty")
        )
        return merged
    owners: dict[str, Location] = {}
    for file in files:
        part = _load_file(file, str(file))
        merged.problems.extend(part.problems)
        if not isinstance(part.data, dict):
            continue
        if () not in merged.where:
            merged.where[()] = part.where.get((), Location(str(file), 1, 1))
        offsets = {}
        for key, value in part.data.items():
            if key in LIST_KEYS and isinstance(value, list):
                target = merged.data.setdefault(key, [])
                if not isinstance(target, list):
                    continue
                offsets[key] = len(target)
                target.extend(value)
                merged.where.setdefault((key,), part.where[(key,)])
                merged.key_where.setdefault((key,), part.key_where[(key,)])
            elif key in merged.data:
                if key == "version" and merged.data[key] == value:
                    continue
                first = owners[key]
                merged.problems.append(
                    Problem(
                        part.key_where[(key,)],
                        "error",
                        f"'{key}' is already given in {first}; a folder definition gives it in one file only",
                        "duplicate-key",
                    )
                )
            else:
                merged.data[key] = value
                owners[key] = part.key_where[(key,)]
                offsets[key] = None
        for table, target in ((part.where, merged.where), (part.key_where, merged.key_where)):
            for p, loc in table.items():
                if not p or p[0] not in offsets:
                    continue
                off = offsets[p[0]]
                if off is not None and len(p) > 1:
                    p = (p[0], p[1] + off) + p[2:]
                target.setdefault(p, loc)
    return merged


def _load_file(path: Path, name: str) -> Loaded:
    result = Loaded(data=None, sources=[name])
    try:
        text = read_text(path, name)
        text = _strip_raw_controls(text, name, result.problems)
        if path.suffix.lower() == ".json":
            _check_json(text, name)
            # JSON is YAML 1.2 flow syntax; a raw tab can only sit between tokens in valid JSON.
            text = text.replace("\t", " ")
        result.data = _Builder(name, result).build(text)
    except LoadFailure as fail:
        result.problems.append(fail.problem)
        result.data = None
    return result


def read_text(path: Path, name: str) -> str:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would wait forever, /dev/zero never end
            raise _err(Location(name), f"{not_regular(path, info.st_mode)}; a team definition is a text file", "io")
        if info.st_size > MAX_FILE_BYTES:
            raise _err(
                Location(name), f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes", "too-large"
            )
        with open(path, "rb") as fh:  # never more than the limit, even if it grows while being read
            raw = fh.read(info.st_size + 1)
            while len(raw) <= MAX_FILE_BYTES:
                more = fh.read(1024 * 1024)
                if not more:
                    break
                raw += more
        if len(raw) > MAX_FILE_BYTES:
            raise _err(Location(name), f"file is over {MAX_FILE_BYTES:,} bytes, the limit", "too-large")
    except FileNotFoundError:
        raise _err(Location(name), "no such file", "io") from None
    except OSError as exc:
        raise _err(Location(name), f"cannot read: {exc.strerror or exc}", "io") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
        nul = raw.find(b"\x00")
        if nul >= 0:
            line, col = _position(raw[:nul].decode("utf-8", "replace"), nul)
            raise _err(Location(name, line, col), "binary data (NUL byte): a team definition is a text file", "binary")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = _position(prefix, len(prefix))
        raise _err(
            Location(name, line, col),
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            "encoding",
        ) from None
    if not text.strip():
        raise _err(Location(name, 1, 1), "the file is empty", "empty")
    return text


def _strip_raw_controls(text: str, name: str, problems: list[Problem]) -> str:
    if not RAW_CONTROL.search(text):
        return text
    for m in RAW_CONTROL.finditer(text):
        line, col = _position(text, m.start())
        problems.append(
            Problem(
                Location(name, line, col),
                "warning",
                f"control character {_describe(m.group())} removed (Office files cannot hold it)",
                "control-character",
            )
        )
    return RAW_CONTROL.sub("", text)


def _check_json(text: str, name: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise _err(
            *explain(text, Location(name, exc.lineno, exc.colno), f"invalid JSON: {exc.msg}"), "syntax"
        ) from None
    except RecursionError:
        raise _err(Location(name, 1, 1), f"nesting deeper than {MAX_DEPTH} levels", "too-deep") from None


class _Builder:
    """Turns parser events into Python values, recording positions as it goes."""

    def __init__(self, name: str, result: Loaded):
        self.name = name
        self.result = result

    def loc(self, mark) -> Location:
        return Location(self.name, mark.line + 1, mark.column + 1)

    def build(self, text: str) -> Any:
        parser = EventParser(text)
        try:
            events = iter(parser.get_event, None)
            documents = []
            for event in events:
                if isinstance(event, yaml.DocumentStartEvent):
                    if documents:
                        raise _err(self.loc(event.start_mark), "more than one YAML document in the file", "syntax")
                    documents.append(self._value(events, next(events), (), 0))
                elif isinstance(event, yaml.StreamEndEvent):
                    break
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                message = f"{exc.problem} ({exc.context})"
            loc = self.loc(mark) if mark else Location(self.name, 1, 1)
            raise _err(*explain(text, loc, f"YAML syntax: {message}"), "syntax") from None
        except yaml.YAMLError as exc:
            raise _err(Location(self.name, 1, 1), f"YAML syntax: {exc}", "syntax") from None
        if not documents or documents[0] is None:
            raise _err(Location(self.name, 1, 1), "the file is empty", "empty")
        if not isinstance(documents[0], dict):
            raise _err(self.result.where[()], "the top level must be a mapping (key: value pairs)", "type")
        return documents[0]

    def _value(self, events, event, path: Path_, depth: int) -> Any:
        where = self.result.where
        if depth > MAX_DEPTH:
            raise _err(self.loc(event.start_mark), f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
        if isinstance(event, yaml.AliasEvent):
            raise _err(
                self.loc(event.start_mark),
                f"aliases (*{event.anchor}) are not allowed: write the value out in full",
                "alias",
            )
        where[path] = self.loc(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path)
        self._check_tag(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for event in events:
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                items.append(self._value(events, event, path + (len(items),), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict = {}
            for event in events:
                if isinstance(event, yaml.MappingEndEvent):
                    return mapping
                key_loc = self.loc(event.start_mark)
                if not isinstance(event, yaml.ScalarEvent):
                    raise _err(key_loc, "mapping keys must be plain text", "type")
                key = self._scalar(event, None)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    raise _err(key_loc, f"mapping key {key!r} must be text", "type")
                key = str(key)
                if key in mapping:
                    first = self.result.key_where[path + (key,)]
                    raise _err(key_loc, f"duplicate key '{key}' (first at line {first.line})", "duplicate-key")
                self.result.key_where[path + (key,)] = key_loc
                mapping[key] = self._value(events, next(events), path + (key,), depth + 1)
        raise _err(self.loc(event.start_mark), "unexpected YAML structure", "syntax")  # pragma: no cover

    def _check_tag(self, event) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag not in _STR_TAGS and not tag.startswith("tag:yaml.org,2002:"):
            raise _err(self.loc(event.start_mark), f"YAML tag {tag} is not allowed", "tag")

    def _scalar(self, event, path: Path_ | None) -> Any:
        value = event.value
        self._check_tag(event)
        if event.tag in _STR_TAGS or event.style or not event.implicit[0]:
            resolved: Any = value
        elif value in _NULLS:
            resolved = None
        elif value in _BOOLS:
            resolved = _BOOLS[value]
        elif _INT.fullmatch(value):
            resolved = int(value)
        elif _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
            resolved = float(value)
        else:
            resolved = value
        if isinstance(resolved, str) and _VALUE_BAD.search(resolved):
            found = sorted({_describe(c) for c in _VALUE_BAD.findall(resolved)})
            self.result.problems.append(
                Problem(
                    self.loc(event.start_mark),
                    "warning",
                    f"control character{'s' if len(found) > 1 else ''} {', '.join(found)} removed "
                    f"(Office files cannot hold {'them' if len(found) > 1 else 'it'})",
                    "control-character",
                )
            )
            resolved = _VALUE_BAD.sub("", resolved)
        return resolved
