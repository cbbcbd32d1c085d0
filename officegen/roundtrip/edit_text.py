"""Change the RACI letters of a team definition in its own text, touching nothing else.

The definition is the user's file: comments, key order, quoting, translations and blank lines
are theirs, and a round trip through a YAML dumper would lose them. So edits are made in place,
at the character spans the parser reports: a changed letter replaces just its scalar, a removed
assignment drops its line (block style) or its entry (flow style, JSON), an added one is a new
line at the indentation of its neighbours (or a new entry before the closing brace), and a new
activity is written after its neighbour with the same line prefix. This is the loader's
write-side twin and, like it, the only other module that knows YAML/JSON syntax.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from officegen.definition.loader import RAW_CONTROL, SUFFIXES, EventParser, LoadFailure, read_text
from officegen.problems import Location, Problem

#: byte-order marks, and the codec that writes the text after them
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@dataclass
class _Node:
    kind: str  # scalar | map | seq
    start: int
    end: int
    line: int  # 1-based, of start
    col: int
    value: str = ""
    style: str = ""  # a scalar's: "" plain, "'" or '"' quoted, "|" or ">" block
    flow: bool = False
    entries: list[tuple[_Node, _Node]] = field(default_factory=list)
    items: list[_Node] = field(default_factory=list)


@dataclass
class RaciSite:
    """One activity in the text: its ``raci`` mapping (None when it has no raci key yet)."""

    file: Path
    activity_id: str
    node: _Node | None
    key: _Node | None  # the 'raci' key itself
    item: _Node  # the whole activity
    process: _Node | None  # its 'process' value, when it has one

    def letters(self) -> dict[str, str]:
        return {k.value: v.value for k, v in self.node.entries} if self.node else {}

    def location(self, role_id: str | None = None) -> Location:
        for key, value in self.node.entries if self.node else ():
            if key.value == role_id:
                return Location(str(self.file), value.line, value.col)
        where = self.node or self.item
        return Location(str(self.file), where.line, where.col)


@dataclass
class Source:
    """One definition file: its text, how to write it back, its activities' sites, and its
    ``activities`` sequence when it has one (where new activities go)."""

    path: Path
    text: str
    bom: bytes
    encoding: str
    sites: dict[str, RaciSite]
    activities: _Node | None = None


def read_sources(path: Path) -> tuple[list[Source], list[Problem]]:
    """The files of a definition (one file or a folder) with the spans of every activity."""
    path = Path(path)
    files = (
        sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]
    )
    sources, problems = [], []
    for file in files:
        try:
            text = read_text(file, str(file))
        except LoadFailure as fail:
            problems.append(fail.problem)
            continue
        raw = file.read_bytes()
        bom, encoding = next(((b, e) for b, e in _BOMS if raw.startswith(b)), (b"", "utf-8"))
        refusal = _refusal(text)
        if refusal:
            index, message = refusal
            problems.append(Problem(Location(str(file), text.count("\n", 0, index) + 1, 1), "error", message, "edit"))
            continue
        parsed = text.replace("\t", " ") if file.suffix.lower() == ".json" else text
        try:
            root = _tree(parsed)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(
                Problem(
                    Location(str(file), mark.line + 1 if mark else 1, mark.column + 1 if mark else 1),
                    "error",
                    f"YAML syntax: {getattr(exc, 'problem', None) or exc}",
                    "syntax",
                )
            )
            continue
        found = _get(root, "activities")
        activities = found[1] if found and found[1].kind == "seq" else None
        sources.append(Source(file, text, bom, encoding, _sites(file, root), activities))
    return sources, problems


def _refusal(text: str) -> tuple[int, str] | None:
    """Text this editor will not touch, said before anything is changed."""
    bad = RAW_CONTROL.search(text)
    if bad:
        return bad.start(), "the file holds a control character: remove it before importing"
    lone = re.search("\r(?!\n)|[\u2028\u2029\x85]", text)
    if lone:
        return lone.start(), (
            "the file breaks lines with a lone CR, U+0085, U+2028 or U+2029: save it with "
            "ordinary line ends (LF or CRLF) before importing"
        )
    return None


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
        return _Node(
            "scalar",
            mark.index,
            event.end_mark.index,
            mark.line + 1,
            mark.column + 1,
            value=event.value,
            style=event.style or "",
        )
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
        if not ident or ident[1].kind != "scalar" or item.kind != "map":
            continue
        if raci and raci[1].kind != "map":
            continue  # not a mapping: the validator says so; nothing to edit here
        sites[ident[1].value] = RaciSite(
            file,
            ident[1].value,
            raci[1] if raci else None,
            raci[0] if raci else None,
            item,
            process[1] if process else None,
        )
    return sites


# -- writing ---------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z\u00c0-\U0010ffff][\w.\-\u00c0-\U0010ffff]*")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _scalar(text: str, as_json: bool) -> str:
    """A key or value as written in the file's language: plain in YAML when that reads back the same,
    else double-quoted (valid in both YAML and JSON; line-breaking characters escaped)."""
    if not as_json and _PLAIN.fullmatch(text) and text.isprintable() and text.lower() not in _RESERVED:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


@dataclass(frozen=True)
class NewActivity:
    """An activity to add: ``process`` is the node of an existing activity's process to copy
    (same process), or a plain text, or None."""

    activity_id: str
    name: str
    process: _Node | str | None
    raci: dict[str, str]
    after: RaciSite | None  # insert after this activity; None: at the end of the file's activities


class EditError(ValueError):
    """A part of the file written in a way this editor does not change (the message says how to)."""


def edit(source: Source, changes: dict[str, dict[str, str]], added: list[NewActivity] = ()) -> str:
    """The text of ``source`` with each activity's raci set to ``changes[activity_id]``
    (role id -> letters, in the order new roles should be added; a role left out is removed),
    and the ``added`` activities written in. Raises EditError for what it cannot edit in place."""
    as_json = source.path.suffix.lower() == ".json"
    text = source.text
    newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    edits: list[tuple] = []
    for activity_id, wanted in changes.items():
        edits.extend(_edits(source, source.sites[activity_id], wanted, as_json, newline))
    for index, new in enumerate(added):
        edits.append((*_insertion(source, new, as_json, newline), index))
    # from the end backwards, so earlier spans stay valid; insertions at one place in their order
    # (a new activity lands after any raci line added at the same place, and in the order given)
    for start, end, replacement, *_ in sorted(edits, key=lambda e: (e[0], e[3] if len(e) > 3 else -1), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _flow(node: _Node | str | None, as_json: bool) -> str:
    if isinstance(node, str) or node is None:
        return _scalar(node or "", as_json)
    if node.kind == "map":
        return "{" + ", ".join(f"{_scalar(k.value, as_json)}: {_flow(v, as_json)}" for k, v in node.entries) + "}"
    if node.kind == "seq":
        return "[" + ", ".join(_flow(item, as_json) for item in node.items) + "]"
    return _scalar(node.value, as_json)


def _raci_flow(raci: dict[str, str], as_json: bool) -> str:
    return "{" + ", ".join(f"{_scalar(k, as_json)}: {_scalar(v, as_json)}" for k, v in raci.items()) + "}"


def _next_line(text: str, node: _Node) -> int:
    """Where the line after ``node``'s last line starts. A block collection's reported end is the
    next token's start, and a block scalar's already is a line start: both are looked through."""
    while node.kind != "scalar" and not node.flow:
        last = node.entries[-1][1] if node.kind == "map" and node.entries else (node.items[-1] if node.items else None)
        if last is None:
            break
        node = last
    if node.kind == "scalar" and node.style in ("|", ">"):
        return node.end
    return _after_line(text, node.end)


def _insertion(source: Source, new: NewActivity, as_json: bool, newline: str) -> tuple[int, int, str]:
    fields = [("id", _scalar(new.activity_id, as_json)), ("name", _scalar(new.name, as_json))]
    if new.process is not None:
        fields.append(("process", _flow(new.process, as_json)))
    fields.append(("raci", _raci_flow(new.raci, as_json)))
    seq, text = source.activities, source.text
    if seq is None:  # no activities list in this file yet: start one at its end
        if as_json:
            raise EditError(f'{source.path}: add an empty "activities" list to it first')
        body = "".join(f"{'  - ' if i == 0 else '    '}{k}: {v}{newline}" for i, (k, v) in enumerate(fields))
        lead = "" if text.endswith("\n") or not text else newline
        return len(text), len(text), f"{lead}activities:{newline}{body}"
    anchor = (
        new.after.item
        if new.after is not None and new.after.file == source.path
        else (seq.items[-1] if seq.items else None)
    )
    if seq.flow or as_json:
        item = "{" + ", ".join(f"{_scalar(k, as_json)}: {v}" for k, v in fields) + "}"
        if anchor is None:
            return seq.start + 1, seq.start + 1, item
        if "\n" not in text[seq.start : anchor.start]:  # written on one line: stay on it
            return anchor.end, anchor.end, f", {item}"
        indent = re.match(r"[ \t]*", text[_line_start(text, anchor.start) :]).group()
        return anchor.end, anchor.end, f",{newline}{indent}{item}"
    if anchor is None:
        raise EditError(f"{source.path}:{seq.line}: the activities list is empty; add one activity by hand first")
    prefix = text[_line_start(text, anchor.start) : anchor.start]  # e.g. "  - " or "  -   "
    if "-" not in prefix or prefix.strip() != "-":
        raise EditError(
            f"{source.path}:{anchor.line}: write each activity as '- id: ...' on its own line "
            "to add activities after it"
        )
    body = "".join(f"{prefix if i == 0 else ' ' * len(prefix)}{k}: {v}{newline}" for i, (k, v) in enumerate(fields))
    at = _next_line(text, anchor)
    if at == len(text) and not text.endswith("\n"):
        return at, at, newline + body[: -len(newline)]
    return at, at, body


def _edits(source: Source, site: RaciSite, wanted: dict[str, str], as_json: bool, newline: str):
    text, node = source.text, site.node
    if node is None:  # the activity has no raci key yet: give it one
        return [_add_key(source, site, "raci", _raci_flow(wanted, as_json), as_json, newline)]
    current = site.letters()
    for key, value in node.entries:
        if value.kind != "scalar" or value.style in ("|", ">"):
            raise EditError(
                f"{site.file}:{value.line}:{value.col}: write the letters of '{key.value}' on one "
                "line (not as a block) to import into it"
            )
    if node.flow:
        return _flow_edits(text, node, current, wanted, as_json)
    if not node.entries or not wanted:  # an empty block mapping, or one emptied: flow style after the key
        end = _line_end(text, node.entries[-1][1].end) if node.entries else site.key.end + 1
        return [(site.key.end, end, ": " + _raci_flow(wanted, as_json))]
    edits = []
    indent = " " * (node.entries[0][0].col - 1)
    for key, value in node.entries:
        if key.value not in wanted:
            edits.append((_line_start(text, key.start), _after_line(text, value.end), ""))
        elif wanted[key.value] != value.value:
            edits.append((value.start, value.end, _scalar(wanted[key.value], as_json)))
    added = [k for k in wanted if k not in current]
    if added:
        at = _after_line(text, node.entries[-1][1].end)
        lines = "".join(f"{indent}{_scalar(k, as_json)}: {_scalar(wanted[k], as_json)}{newline}" for k in added)
        if at == len(text) and not text.endswith("\n"):
            lines = newline + lines[: -len(newline)]
        edits.append((at, at, lines))
    return edits


def _flow_edits(text: str, node: _Node, current: dict[str, str], wanted: dict[str, str], as_json: bool):
    """Entry by entry inside ``{...}``: comments, quotes and line breaks of the others stay."""
    if not wanted:
        return [(node.start, node.end, "{}")]
    kept = [(k, v) for k, v in node.entries if k.value in wanted]
    if not kept:
        return [(node.start, node.end, _raci_flow(wanted, as_json))]
    edits = []
    entries = node.entries
    seen_kept = False
    for i, (key, value) in enumerate(entries):
        if key.value in wanted:
            seen_kept = True
            if wanted[key.value] != value.value:
                edits.append((value.start, value.end, _scalar(wanted[key.value], as_json)))
            continue
        # an entry on a line of its own goes with its line (its comment too, not the neighbours');
        # else with the separator before it, or, before the first kept one, the one after it
        start = _line_start(text, key.start)
        own_line = not text[start : key.start].strip() and re.fullmatch(
            r"[ \t]*,?[ \t]*(#.*)?", text[value.end : _line_end(text, value.end)]
        )
        if own_line and not (as_json and i == len(entries) - 1):
            edits.append((start, _after_line(text, value.end), ""))
        elif seen_kept:
            edits.append((entries[i - 1][1].end, value.end, ""))
        else:
            edits.append((key.start, entries[i + 1][0].start, ""))
    added = [k for k in wanted if k not in current]
    if added:
        last = kept[-1][1]
        edits.append(
            (last.end, last.end, "".join(f", {_scalar(k, as_json)}: {_scalar(wanted[k], as_json)}" for k in added))
        )
    return _merge_overlaps(edits)


def _merge_overlaps(edits):
    """Removals of neighbouring entries share a boundary; keep them as one span each, in order."""
    edits.sort(key=lambda e: e[0])
    merged: list[tuple[int, int, str]] = []
    for start, end, text in edits:
        if merged and start < merged[-1][1]:
            s0, e0, t0 = merged[-1]
            merged[-1] = (s0, max(e0, end), t0 + text)
        else:
            merged.append((start, end, text))
    return merged


def _add_key(source: Source, site: RaciSite, key: str, value: str, as_json: bool, newline: str):
    item, text = site.item, source.text
    if item.flow or as_json:
        last = item.entries[-1][1]
        return (last.end, last.end, f", {_scalar(key, as_json)}: {value}")
    first = item.entries[0][0]
    indent = " " * (first.col - 1)
    at = _next_line(text, item)
    line = f"{indent}{key}: {value}{newline}"
    if at == len(text) and not text.endswith("\n"):
        return (at, at, newline + line[: -len(newline)])
    return (at, at, line)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The end of the line holding ``index``, before its line break."""
    end = text.find("\n", index)
    end = len(text) if end < 0 else end
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def _after_line(text: str, index: int) -> int:
    """Where the line after the one holding ``index`` starts (the end of the text on the last line)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def encode(source: Source, text: str) -> bytes:
    return source.bom + text.encode(source.encoding)
