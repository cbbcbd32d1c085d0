"""Change the RACI letters of a team definition in its own text, touching nothing else.

The definition is the user's file: comments, key order, quoting, translations and blank lines
are theirs, and a round trip through a YAML dumper would lose them. So edits are made in place,
at the character spans the parser reports: a changed letter replaces just its scalar, a removed
assignment drops its line (block style) or the mapping is rewritten (flow style, and JSON), an
added one is a new line at the indentation of its neighbours. This is the loader's write-side
twin and, like it, the only other module that knows YAML/JSON syntax.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from officegen.loader import RAW_CONTROL, SUFFIXES, EventParser, LoadFailure, read_text
from officegen.problems import Location, Problem


@dataclass
class _Node:
    kind: str  # scalar | map | seq
    start: int
    end: int
    line: int  # 1-based, of start
    col: int
    value: str = ""
    flow: bool = False
    entries: list[tuple["_Node", "_Node"]] = field(default_factory=list)
    items: list["_Node"] = field(default_factory=list)


@dataclass
class RaciSite:
    """Where one activity's ``raci`` mapping is written (and the activity itself)."""

    file: Path
    activity_id: str
    node: _Node
    key: _Node  # the 'raci' key itself
    item: _Node  # the whole activity
    process: _Node | None  # its 'process' value, when it has one

    def letters(self) -> dict[str, str]:
        return {k.value: v.value for k, v in self.node.entries}

    def location(self, role_id: str | None = None) -> Location:
        for key, value in self.node.entries:
            if key.value == role_id:
                return Location(str(self.file), value.line, value.col)
        return Location(str(self.file), self.node.line, self.node.col)


@dataclass
class Source:
    """One definition file: its text, how to write it back, its RACI sites, and its
    ``activities`` sequence when it has one (where new activities go)."""

    path: Path
    text: str
    bom: bool
    encoding: str
    sites: dict[str, RaciSite]
    activities: _Node | None = None


def read_sources(path: Path) -> tuple[list[Source], list[Problem]]:
    """The files of a definition (one file or a folder) with the spans of every activity's raci."""
    path = Path(path)
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES) if path.is_dir() \
        else [path]
    sources, problems = [], []
    for file in files:
        try:
            text = read_text(file, str(file))
        except LoadFailure as fail:
            problems.append(fail.problem)
            continue
        raw = file.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
        bad = RAW_CONTROL.search(text)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            problems.append(Problem(Location(str(file), line, 1), "error",
                                    "the file holds a control character: remove it before importing", "edit"))
            continue
        parsed = text.replace("\t", " ") if file.suffix.lower() == ".json" else text
        try:
            root = _tree(parsed)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(Location(str(file), mark.line + 1 if mark else 1, mark.column + 1 if mark else 1),
                                    "error", f"YAML syntax: {getattr(exc, 'problem', None) or exc}", "syntax"))
            continue
        found = _get(root, "activities")
        activities = found[1] if found and found[1].kind == "seq" else None
        sources.append(Source(file, text, bom, encoding, _sites(file, root), activities))
    return sources, problems


def _tree(text: str) -> _Node | None:
    parser = EventParser(text)
    events = iter(parser.get_event, None)
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            return _node(events, next(events))
        if isinstance(event, yaml.StreamEndEvent):
            break
    return None


def _node(events, event) -> _Node:
    mark = event.start_mark
    if isinstance(event, yaml.ScalarEvent):
        return _Node("scalar", mark.index, event.end_mark.index, mark.line + 1, mark.column + 1, value=event.value)
    if isinstance(event, yaml.SequenceStartEvent):
        node = _Node("seq", mark.index, 0, mark.line + 1, mark.column + 1, flow=bool(event.flow_style))
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                node.end = event.end_mark.index
                return node
            node.items.append(_node(events, event))
    if isinstance(event, yaml.MappingStartEvent):
        node = _Node("map", mark.index, 0, mark.line + 1, mark.column + 1, flow=bool(event.flow_style))
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                node.end = event.end_mark.index
                return node
            key = _node(events, event)
            node.entries.append((key, _node(events, next(events))))
    return _Node("scalar", mark.index, event.end_mark.index, mark.line + 1, mark.column + 1)  # alias: ignored


def _get(node: _Node | None, key: str) -> tuple[_Node, _Node] | None:
    if node is None or node.kind != "map":
        return None
    return next(((k, v) for k, v in node.entries if k.kind == "scalar" and k.value == key), None)


def _sites(file: Path, root: _Node | None) -> dict[str, RaciSite]:
    found = _get(root, "activities")
    sites: dict[str, RaciSite] = {}
    if found is None or found[1].kind != "seq":
        return sites
    for item in found[1].items:
        ident, raci, process = _get(item, "id"), _get(item, "raci"), _get(item, "process")
        if ident and raci and ident[1].kind == "scalar" and raci[1].kind == "map":
            sites[ident[1].value] = RaciSite(file, ident[1].value, raci[1], raci[0], item,
                                             process[1] if process else None)
    return sites


# -- writing ---------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z\u00c0-\U0010ffff][\w.\-\u00c0-\U0010ffff]*")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _scalar(text: str, as_json: bool) -> str:
    """A key or value as written in the file's language: plain in YAML when that reads back the same."""
    if as_json or not _PLAIN.fullmatch(text) or text.lower() in _RESERVED:
        return json.dumps(text, ensure_ascii=False)
    return text


@dataclass(frozen=True)
class NewActivity:
    """An activity to add: ``process`` is the node of an existing activity's process to copy
    (same process), or a plain text, or None."""

    activity_id: str
    name: str
    process: "_Node | str | None"
    raci: dict[str, str]
    after: RaciSite | None  # insert after this activity; None: at the end of the file's activities


def edit(source: Source, changes: dict[str, dict[str, str]], added: list[NewActivity] = ()) -> str:
    """The text of ``source`` with each activity's raci set to ``changes[activity_id]``
    (role id -> letters, in the order new roles should be added; a role left out is removed),
    and the ``added`` activities written in."""
    as_json = source.path.suffix.lower() == ".json"
    newline = "\r\n" if "\r\n" in source.text else "\n"
    text = source.text
    edits: list[tuple] = []
    for activity_id, wanted in changes.items():
        site = source.sites[activity_id]
        edits.extend(_edits(text, site, wanted, as_json, newline))
    for index, new in enumerate(added):
        edits.append((*_insertion(source, new, as_json, newline), index))
    # from the end backwards, so earlier spans stay valid; insertions at one place in their order
    # (a new activity lands after any raci line added at the same place, and in the order given)
    for start, end, replacement, *_ in sorted(edits, key=lambda e: (e[0], e[3] if len(e) > 3 else -1),
                                              reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _flow(node: "_Node | str | None", as_json: bool) -> str:
    if isinstance(node, str) or node is None:
        return _scalar(node or "", as_json)
    if node.kind == "map":
        return "{" + ", ".join(f"{_scalar(k.value, as_json)}: {_flow(v, as_json)}" for k, v in node.entries) + "}"
    if node.kind == "seq":
        return "[" + ", ".join(_flow(item, as_json) for item in node.items) + "]"
    return _scalar(node.value, as_json)


def _content_end(node: _Node) -> int:
    """Where a node's own text ends: a block collection's reported end is the next token's start."""
    if node.kind == "scalar" or node.flow:
        return node.end
    last = node.entries[-1][1] if node.kind == "map" and node.entries else (node.items[-1] if node.items else None)
    return _content_end(last) if last is not None else node.end


def _insertion(source: Source, new: NewActivity, as_json: bool, newline: str) -> tuple[int, int, str]:
    fields = [("id", _scalar(new.activity_id, as_json)), ("name", _scalar(new.name, as_json))]
    if new.process is not None:
        fields.append(("process", _flow(new.process, as_json)))
    fields.append(("raci", "{" + ", ".join(f"{_scalar(k, as_json)}: {_scalar(v, as_json)}"
                                          for k, v in new.raci.items()) + "}"))
    seq = source.activities
    text = source.text
    if seq is None:  # no activities list in this file yet: start one at its end
        if as_json:
            raise ValueError(f"{source.path}: add an empty \"activities\" list first")
        body = "".join(f"{'  - ' if i == 0 else '    '}{k}: {v}{newline}" for i, (k, v) in enumerate(fields))
        lead = "" if text.endswith("\n") or not text else newline
        return len(text), len(text), f"{lead}activities:{newline}{body}"
    anchor = new.after.item if new.after is not None and new.after.file == source.path else \
        (seq.items[-1] if seq.items else None)
    if seq.flow or as_json:
        item = "{" + ", ".join(f"{_scalar(k, as_json)}: {v}" for k, v in fields) + "}"
        if anchor is None:
            return seq.start + 1, seq.start + 1, item
        return anchor.end, anchor.end, f",{newline}{' ' * (anchor.col - 1)}{item}"
    if anchor is None:  # an empty block list cannot exist; "activities: []" is flow
        return seq.end, seq.end, ""
    key_indent = " " * (anchor.col - 1)
    dash_indent = " " * max(0, anchor.col - 3)
    body = "".join(f"{dash_indent + '- ' if i == 0 else key_indent}{k}: {v}{newline}"
                   for i, (k, v) in enumerate(fields))
    end = _line_end(text, _content_end(anchor))
    at = min(len(text), end + len(newline))
    if at == end:  # the last line has no line break
        return at, at, newline + body[: -len(newline)]
    return at, at, body


def _edits(text: str, site: RaciSite, wanted: dict[str, str], as_json: bool, newline: str):
    node = site.node
    current = site.letters()
    if node.flow or not node.entries or not wanted:
        order = [k for k in current if k in wanted] + [k for k in wanted if k not in current]
        body = ", ".join(f"{_scalar(k, as_json)}: {_scalar(wanted[k], as_json)}" for k in order)
        flow = "{" + body + "}"
        if node.flow:
            return [(node.start, node.end, flow)]
        # a block mapping emptied, or an empty one filled: write it in flow style after the key
        last = node.entries[-1][1] if node.entries else None
        end = _line_end(text, last.end) if last else site.key.end + 1
        return [(site.key.end, end, ": " + flow)]
    edits = []
    indent = " " * (node.entries[0][0].col - 1)
    for key, value in node.entries:
        if key.value not in wanted:
            start = _line_start(text, key.start)
            edits.append((start, _line_end(text, value.end) + len(newline), ""))
        elif wanted[key.value] != value.value:
            edits.append((value.start, value.end, _scalar(wanted[key.value], as_json)))
    added = [k for k in wanted if k not in current]
    if added:
        # whole lines, at the start of the line after the last entry: outside any line removed above
        end = _line_end(text, node.entries[-1][1].end)
        at = min(len(text), end + len(newline))
        lead = newline if at == end else ""  # the file's last line has no line break
        lines = "".join(f"{indent}{_scalar(k, as_json)}: {_scalar(wanted[k], as_json)}{newline}" for k in added)
        edits.append((at, at, lead + (lines[: -len(newline)] if lead else lines)))
    return edits


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The end of the line holding ``index`` (before its line break), comments included."""
    end = text.find("\n", index)
    end = len(text) if end < 0 else end
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def encode(source: Source, text: str) -> bytes:
    data = text.encode(source.encoding)
    return (b"\xef\xbb\xbf" + data) if source.bom else data
