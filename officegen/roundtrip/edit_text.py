"""Change the RACI letters of a team definition in its own text, touching nothing else.

The definition is the user's file: comments, key order, quoting, translations and blank lines
are theirs, and a round trip through a YAML dumper would lose them. So edits are made in place,
at the character spans of the loader's node tree (``definition.loader.parse``, the one reader
of YAML/JSON for both directions): a changed letter replaces just its scalar, a removed
assignment drops its line (block style) or its entry (flow style, JSON), an added one is a new
line at the indentation of its neighbours (or a new entry before the closing brace), and a new
activity is written after its neighbour with the same line prefix. Writing YAML/JSON text is
known here only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from officegen.definition.loader import RAW_CONTROL, LoadFailure, Node, definition_files, parse, read_source
from officegen.problems import Location, Problem


@dataclass
class RaciSite:
    """One activity in the text: its ``raci`` mapping (None when it has no raci key yet)."""

    file: Path
    activity_id: str
    node: Node | None
    key: Node | None  # the 'raci' key itself
    item: Node  # the whole activity
    process: Node | None  # its 'process' value, when it has one

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
    """One definition file: its text, how to write it back, its activities' sites, its
    ``activities`` sequence when it has one (where new activities go), and its whole tree."""

    path: Path
    text: str
    bom: bytes
    encoding: str
    sites: dict[str, RaciSite]
    activities: Node | None = None
    root: Node | None = None


def read_sources(path: Path) -> tuple[list[Source], list[Problem]]:
    """The files of a definition (one file or a folder) with the spans of every activity."""
    sources, problems = [], []
    for file in definition_files(Path(path)):
        try:
            source = read_source(file)
        except LoadFailure as fail:
            problems.append(fail.problem)
            continue
        refusal = _refusal(source.text)
        if refusal:
            index, message = refusal
            line = source.text.count("\n", 0, index) + 1
            problems.append(Problem(Location(str(file), line, 1), "error", message, "edit"))
            continue
        try:
            root = parse(source)
        except LoadFailure as fail:
            problems.append(fail.problem)
            continue
        found = _get(root, "activities")
        activities = found[1] if found and found[1].kind == "seq" else None
        sources.append(Source(file, source.text, source.bom, source.encoding, _sites(file, root), activities, root))
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


def _get(node: Node | None, key: str) -> tuple[Node, Node] | None:
    return node.get(key) if node is not None else None


def _sites(file: Path, root: Node | None) -> dict[str, RaciSite]:
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
_PLAIN_WORDS = re.compile(r"[A-Za-z\u00c0-\U0010ffff][\w.\-\u00c0-\U0010ffff]*(?: [\w.\-\u00c0-\U0010ffff]+)*")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _scalar(text: str, as_json: bool, words: bool = False) -> str:
    """A key or value as written in the file's language: plain in YAML when that reads back the same
    (``words``: also several words separated by single spaces), else double-quoted (valid in both
    YAML and JSON; line-breaking characters escaped)."""
    plain = _PLAIN_WORDS if words else _PLAIN
    if not as_json and plain.fullmatch(text) and text.isprintable() and text.lower() not in _RESERVED:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


@dataclass(frozen=True)
class NewActivity:
    """An activity to add: ``process`` is the node of an existing activity's process to copy
    (same process), or a plain text, or None."""

    activity_id: str
    name: str
    process: Node | str | None
    raci: dict[str, str]
    after: RaciSite | None  # insert after this activity; None: at the end of the file's activities


class EditError(ValueError):
    """A part of the file written in a way this editor does not change (the message says how to)."""


def edit(source: Source, changes: dict[str, dict[str, str]], added: Sequence[NewActivity] = ()) -> str:
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
        edits.append((*_insertion(source, new, as_json, newline, first=index == 0), index))
    # from the end backwards, so earlier spans stay valid; insertions at one place in their order
    # (a new activity lands after any raci line added at the same place, and in the order given)
    for start, end, replacement, *_ in sorted(edits, key=lambda e: (e[0], e[3] if len(e) > 3 else -1), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _flow(node: Node | str | None, as_json: bool) -> str:
    if isinstance(node, str) or node is None:
        return _scalar(node or "", as_json)
    if node.kind == "map":
        return "{" + ", ".join(f"{_scalar(k.value, as_json)}: {_flow(v, as_json)}" for k, v in node.entries) + "}"
    if node.kind == "seq":
        return "[" + ", ".join(_flow(item, as_json) for item in node.items) + "]"
    return _scalar(node.value, as_json)


def flow_value(value, as_json: bool = False) -> str:
    """A plain value (text, number, list, mapping, None) in flow style, valid YAML (and JSON when
    ``as_json``): text plain when that reads back the same, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(str(k), as_json)}: {flow_value(v, as_json)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_value(v, as_json) for v in value) + "]"
    return _scalar(str(value), as_json, words=True)


def _raci_flow(raci: dict[str, str], as_json: bool) -> str:
    return "{" + ", ".join(f"{_scalar(k, as_json)}: {_scalar(v, as_json)}" for k, v in raci.items()) + "}"


def _blanks(line: str) -> str:
    """The spaces and tabs ``line`` starts with."""
    return line[: len(line) - len(line.lstrip(" \t"))]


def _next_line(text: str, node: Node) -> int:
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


def _insertion(
    source: Source, new: NewActivity, as_json: bool, newline: str, first: bool = True
) -> tuple[int, int, str]:
    """Where and what to insert for ``new``; ``first``: no other new activity of this file comes before it
    (several go into an empty list, or a list still to be made, one after the other)."""
    fields = [("id", _scalar(new.activity_id, as_json)), ("name", _scalar(new.name, as_json))]
    if new.process is not None:
        fields.append(("process", _flow(new.process, as_json)))
    fields.append(("raci", _raci_flow(new.raci, as_json)))
    seq, text = source.activities, source.text
    if seq is None:  # no activities list in this file yet: start one at its end
        if as_json:
            raise EditError(f'{source.path}: add an empty "activities" list to it first')
        body = "".join(f"{'  - ' if i == 0 else '    '}{k}: {v}{newline}" for i, (k, v) in enumerate(fields))
        if not first:  # the list is started by the first new activity
            return len(text), len(text), body
        lead = "" if text.endswith("\n") or not text else newline
        return len(text), len(text), f"{lead}activities:{newline}{body}"
    anchor = (
        new.after.item
        if new.after is not None and new.after.file == source.path
        else (seq.items[-1] if seq.items else None)
    )
    if seq.flow and not as_json and anchor is None:  # `activities: []` (a roster's): becomes a block list
        indent = " " * (_line_indent(text, seq.start) + 2)
        body = "".join(f"{newline}{indent}{'- ' if i == 0 else '  '}{k}: {v}" for i, (k, v) in enumerate(fields))
        if first:  # the first replaces the "[]", the others follow it
            return text.rfind(":", 0, seq.start) + 1, seq.end, body
        return seq.end, seq.end, body
    if seq.flow or as_json:
        item = "{" + ", ".join(f"{_scalar(k, as_json)}: {v}" for k, v in fields) + "}"
        if anchor is None:  # an empty list: the new ones one after the other
            return seq.start + 1, seq.start + 1, item if first else f", {item}"
        if "\n" not in text[seq.start : anchor.start]:  # written on one line: stay on it
            return anchor.end, anchor.end, f", {item}"
        indent = _blanks(text[_line_start(text, anchor.start) :])
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
    assert site.key is not None  # a raci value comes with its key
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


def _flow_edits(text: str, node: Node, current: dict[str, str], wanted: dict[str, str], as_json: bool):
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


# -- structural edits (import-roster) --------------------------------------------------------------


def top_list(source: Source, kind: str) -> Node | None:
    """The file's top-level ``kind`` sequence (departments, roles, people, activities), if any."""
    found = _get(source.root, kind)
    return found[1] if found and found[1].kind == "seq" else None


def entry(mapping: Node, key: str) -> tuple[Node, Node] | None:
    """A mapping's (key node, value node) for ``key``."""
    return _get(mapping, key)


def scalar_of(mapping: Node, key: str) -> str | None:
    found = _get(mapping, key)
    return found[1].value if found and found[1].kind == "scalar" else None


def text_of(mapping: Node, key: str, lang: str) -> str | None:
    """A text value (a string or a map of locale to string) in ``lang``, as the model resolves it."""
    found = _get(mapping, key)
    if not found:
        return None
    value = found[1]
    if value.kind == "scalar":
        return value.value
    if value.kind == "map":
        from officegen.i18n import resolve

        return resolve({k.value: v.value for k, v in value.entries if v.kind == "scalar"}, lang)
    return None


class TextEditor:
    """Edits of one file's text at the spans its parser reported: set, add and remove keys of a
    mapping, remove and insert items of a sequence, in block or flow style (JSON included). The
    edits are collected and applied together (:meth:`result`), so every span stays valid; the
    comments, quoting and layout of everything not edited stay as they were."""

    def __init__(self, source: Source):
        self.source = source
        self.text = source.text
        self.as_json = source.path.suffix.lower() == ".json"
        self.newline = "\r\n" if self.text.count("\r\n") * 2 > self.text.count("\n") else "\n"
        self.edits: list[tuple[int, int, str, int]] = []
        self._appended: dict[str, list[str]] = {}

    def _add(self, start: int, end: int, replacement: str) -> None:
        self.edits.append((start, end, replacement, len(self.edits)))

    def value(self, value) -> str:
        return flow_value(value, self.as_json)

    # -- mapping entries ----------------------------------------------------------------------------
    def set(self, mapping: Node, key: str, value, *, after: tuple[str, ...] = ()) -> None:
        """``key: value`` in ``mapping``: the value replaced where the key is, else a new entry
        after the last of ``after`` that the mapping has (else after its last entry)."""
        found = _get(mapping, key)
        written = self.value(value)
        text = self.text
        if found:
            k, v = found
            if v.kind == "scalar" and v.style in ("|", ">") or v.kind != "scalar" and not v.flow:
                self._add(k.end, _next_line(text, v), ": " + written + self.newline)
            elif v.kind == "scalar" and v.start == v.end:
                self._add(v.start, v.end, (" " if text[v.start - 1 : v.start] == ":" else "") + written)
            else:
                self._add(v.start, v.end, written)
            return
        anchor = None
        for name in after:
            if _get(mapping, name):
                anchor = _get(mapping, name)
        k, v = anchor or mapping.entries[-1]
        if mapping.flow or self.as_json:
            self._add(v.end, v.end, f", {_scalar(key, self.as_json)}: {written}")
            return
        indent = " " * (mapping.entries[0][0].col - 1)
        at = _next_line(text, v)
        line = f"{indent}{_scalar(key, self.as_json)}: {written}{self.newline}"
        if at == len(text) and not text.endswith("\n"):
            line = self.newline + line[: -len(self.newline)]
        self._add(at, at, line)

    def set_text(self, mapping: Node, key: str, lang: str, value: str, *, after: tuple[str, ...] = ()) -> None:
        """A text value in ``lang``: inside a map of translations only that locale's entry changes
        (or is added); a plain string is replaced; a missing key becomes ``{lang: value}``."""
        found = _get(mapping, key)
        if found and found[1].kind == "map" and found[1].entries:
            self.set(found[1], lang, value)
            return
        self.set(mapping, key, value if found else {lang: value}, after=after)

    def remove(self, mapping: Node, key: str) -> None:
        """Drop ``key`` (and its value, nested blocks included) from ``mapping``."""
        index = next((i for i, (k, _) in enumerate(mapping.entries) if k.kind == "scalar" and k.value == key), None)
        if index is None:
            return
        k, v = mapping.entries[index]
        text = self.text
        if mapping.flow or self.as_json:
            self._add(*_flow_span(text, mapping.entries, index, self.as_json), "")
            return
        start = _line_start(text, k.start)
        if text[start : k.start].strip():  # the first key, on the "- " line: the next key moves up to it
            if index + 1 < len(mapping.entries):
                self._add(k.start, mapping.entries[index + 1][0].start, "")
            return
        self._add(start, _next_line(text, v), "")

    # -- sequence items -----------------------------------------------------------------------------
    def remove_item(self, seq: Node | None, item: Node) -> None:
        """Drop an item of a sequence (with the comment lines inside it, indented under it)."""
        assert seq is not None, "an item to remove is in a sequence"
        index = next(i for i, it in enumerate(seq.items) if it is item)
        text = self.text
        if seq.flow or self.as_json:
            if len(seq.items) == 1:
                self._add(seq.start + 1, seq.end - 1, "")
            else:
                pairs = [(it, it) for it in seq.items]
                self._add(*_flow_span(text, pairs, index, self.as_json), "")
            return
        self._add(_line_start(text, item.start), self._item_end(item), "")

    def _item_end(self, item: Node) -> int:
        """Where the line after a block item starts, past comment lines indented under its dash."""
        text = self.text
        at = _next_line(text, item)
        dash = item.col - 1 - 2  # "  - x": the dash two columns before the item
        while at < len(text):
            end = _after_line(text, at)
            line = text[at:end]
            stripped = line.lstrip(" ")
            if stripped.startswith("#") and len(line) - len(stripped) > max(dash, 0):
                at = end
                continue
            break
        return at

    def insert_items(
        self,
        seq: Node | None,
        items: list[tuple[list[tuple[str, object]], str]],
        *,
        after: Node | None = None,
        key: str = "",
        flow_items: bool = False,
    ) -> None:
        """New items (each: its (key, value) fields and a trailing comment) after ``after`` (else at
        the end of ``seq``); with no ``seq``, a new top-level ``key`` list at the end of the file.
        An item is written like its neighbour (a flow ``{...}`` or block lines); ``flow_items``
        decides when there is no neighbour."""
        if not items:
            return
        text, nl = self.text, self.newline
        if seq is None or seq.kind != "seq":
            if self.as_json:
                raise EditError(f'{self.source.path}: add an empty "{key}" list to it first')
            self._appended.setdefault(key, []).extend(self._block_item(f, c, "  - ", flow_items) for f, c in items)
            return
        anchor = after if after is not None else (seq.items[-1] if seq.items else None)
        if seq.flow or self.as_json:
            bodies = [
                "{" + ", ".join(f"{_scalar(k, self.as_json)}: {self.value(v)}" for k, v in f) + "}" for f, _ in items
            ]
            if anchor is None:
                if not self.as_json and seq.flow:  # `people: []`: becomes a block list
                    indent = " " * max(_line_indent(text, seq.start) + 2, 2)
                    body = "".join(nl + self._block_item(f, c, f"{indent}- ", flow_items)[: -len(nl)] for f, c in items)
                    start = text.rfind(":", 0, seq.start) + 1
                    self._add(start, seq.end, body)
                    return
                indent = " " * (_line_indent(text, seq.start) + 2)
                self._add(
                    seq.start + 1,
                    seq.start + 1,
                    nl + ("," + nl).join(indent + b for b in bodies) + nl + " " * _line_indent(text, seq.start),
                )
                return
            if "\n" not in text[seq.start : anchor.end]:
                self._add(anchor.end, anchor.end, "".join(f", {b}" for b in bodies))
                return
            indent = " " * _line_indent(text, anchor.start)
            self._add(anchor.end, anchor.end, "".join(f",{nl}{indent}{b}" for b in bodies))
            return
        if anchor is None:
            raise EditError(f"{self.source.path}:{seq.line}: the list is empty; add one item by hand first")
        prefix = text[_line_start(text, anchor.start) : anchor.start]
        if prefix.strip() != "-":
            raise EditError(
                f"{self.source.path}:{anchor.line}: write each item as '- ...' on its own line to add items after it"
            )
        as_flow = anchor.kind == "map" and anchor.flow
        body = "".join(self._block_item(f, c, prefix, as_flow) for f, c in items)
        at = self._item_end(anchor)
        if at == len(text) and not text.endswith("\n"):
            body = nl + body[: -len(nl)]
        self._add(at, at, body)

    def _block_item(self, fields: list[tuple[str, object]], comment: str, prefix: str, flow: bool) -> str:
        nl = self.newline
        tail = f"  # {comment}" if comment and not self.as_json else ""
        if flow:
            body = "{" + ", ".join(f"{_scalar(k, False)}: {self.value(v)}" for k, v in fields) + "}"
            return f"{prefix}{body}{tail}{nl}"
        pad = " " * len(prefix)
        return "".join(
            f"{prefix if n == 0 else pad}{_scalar(k, False)}: {self.value(v)}{tail if n == 0 else ''}{nl}"
            for n, (k, v) in enumerate(fields)
        )

    # -- the result ---------------------------------------------------------------------------------
    def result(self) -> str:
        """The text with every edit applied, in one pass (a roster's month can move thousands of
        people: each edit re-copying the whole text would be quadratic). Insertions at one place
        keep the order they were made in, before a replacement starting there; edits that overlap
        a removed span are dropped with it."""
        pieces, pos = [], 0
        for start, end, replacement, _ in sorted(self.edits, key=lambda e: (e[0], e[1] > e[0], e[3])):
            if start < pos:  # inside a span already replaced (its item was removed): nothing to add
                continue
            pieces += [self.text[pos:start], replacement]
            pos = end
        pieces.append(self.text[pos:])
        text = "".join(pieces)
        if self._appended:
            nl = self.newline
            lead = "" if text.endswith("\n") or not text else nl
            text += lead + "".join(f"{key}:{nl}" + "".join(lines) for key, lines in self._appended.items())
        return text

    @property
    def changed(self) -> bool:
        return bool(self.edits or self._appended)


def _line_indent(text: str, index: int) -> int:
    start = _line_start(text, index)
    line = text[start:index]
    return len(line) - len(line.lstrip(" "))


def _flow_span(text: str, pairs, index: int, as_json: bool) -> tuple[int, int]:
    """The span that removes entry ``index`` of a flow collection (its line when it has one of its
    own, else with the separator before it, or the one after it when it is the first)."""
    key, value = pairs[index]
    start = _line_start(text, key.start)
    own_line = not text[start : key.start].strip() and re.fullmatch(
        r"[ \t]*,?[ \t]*(#.*)?\r?", text[value.end : _line_end(text, value.end)] + ""
    )
    last = index == len(pairs) - 1
    if own_line and not (as_json and last):
        return start, _after_line(text, value.end)
    if index > 0:
        return pairs[index - 1][1].end, value.end
    return key.start, pairs[index + 1][0].start
