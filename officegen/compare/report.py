"""A comparison as text for a terminal or a code review, and as JSON (the shape docs/diff.md documents).

The text is grouped by kind (organisation, departments, roles, people, activities, RACI), then
by what happened (added, deleted, then moves and changes item by item), followed by the
consequences for the RACI, the largest shifts of R+A load and the totals before and after.
Colour is a ``style(text, role)`` callback, so the caller decides whether the output is a
terminal; the text itself never carries a definition's line breaks or bidirectional controls
into a line where they would mislead a reader.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping

from officegen.compare.changes import ACTIONS, FIGURES, Change, Comparison
from officegen.compare.labels import field_label, labels
from officegen.i18n import is_chinese
from officegen.office.textwidth import text_width

JSON_FORMAT = "officegen-diff"
JSON_VERSION = 1
Style = Callable[[str, str], str]
SIGNS = {"add": "+", "delete": "-", "move": ">", "change": "~"}
LOAD_SHOWN = 10
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SPACES = re.compile(r"\s*\n\s*")


def plain(text: str, role: str) -> str:
    return text


def one_line(text: str) -> str:
    """Text for one line of a report: line breaks become " ⏎ ", bidirectional controls are shown as escapes."""
    text = _BIDI.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return _SPACES.sub(" ⏎ ", text.strip())


def folded_raci(cmp: Comparison, change: Change) -> bool:
    """Whether a RACI change belongs to an activity added or deleted (shown with that activity)."""
    return change.old_id is None or change.old_id not in cmp.matched["activity"]


# -- JSON --------------------------------------------------------------------------------------------


def as_json(cmp: Comparison, old_source: str, new_source: str) -> dict:
    """The comparison as plain JSON data: every key always present (null when it does not apply)."""

    def value(v):
        return list(v) if isinstance(v, tuple) else v

    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "old": {"source": old_source, "organization": cmp.old.name},
        "new": {"source": new_source, "organization": cmp.new.name},
        "lang": cmp.new.lang,
        "changed": cmp.changed,
        "counts": cmp.counts(),
        "changes": [
            {
                "kind": c.kind,
                "action": c.action,
                "id": c.id,
                "old_id": c.old_id,
                "name": c.name,
                "field": c.field,
                "old": value(c.old),
                "new": value(c.new),
                "old_name": c.old_name,
                "new_name": c.new_name,
                "lang": c.lang,
                "role": c.role,
                "role_name": c.role_name,
            }
            for c in cmp.changes
        ],
        "findings": [
            {"activity": f.activity, "name": f.name, "code": f.code, "roles": list(f.roles)} for f in cmp.findings
        ],
        "load": [
            {
                "role": s.role,
                "name": s.name,
                "old": {"A": s.old_a, "R": s.old_r, "total": s.old},
                "new": {"A": s.new_a, "R": s.new_r, "total": s.new},
                "delta": s.delta,
            }
            for s in cmp.load
        ],
        "totals": {"old": cmp.before.as_dict(), "new": cmp.after.as_dict()},
        "headcount": [
            {
                "department": h.id,
                "name": h.name,
                "old": {"planned": h.old_planned, "filled": h.old_filled},
                "new": {"planned": h.new_planned, "filled": h.new_filled},
            }
            for h in cmp.headcount
        ],
    }


# -- text --------------------------------------------------------------------------------------------


class _Text:
    def __init__(self, cmp: Comparison, style: Style):
        self.cmp = cmp
        self.w = labels(cmp.new.lang)
        self.style = style
        self.lines: list[str] = []
        self.process = {a.id: a.process for a in cmp.old.activities}
        self.process.update((a.id, a.process) for a in cmp.new.activities)
        #: (activity id, added?) -> its letters, for activities added or deleted
        self.folded: dict[tuple[str, bool], list[Change]] = {}
        for c in cmp.of("raci"):
            if folded_raci(cmp, c):
                self.folded.setdefault((c.id, c.old_id is None), []).append(c)

    def value(self, v) -> str:
        if v is None or v == "" or v == ():
            return self.w["none"]
        if isinstance(v, tuple):
            return "; ".join(one_line(x) for x in v)
        if isinstance(v, float):
            return f"{v:g}"
        return one_line(str(v))

    def ref(self, ident, name) -> str:
        """A department or role referred to: its name and id."""
        if ident is None:
            return self.w["none"]
        return f"{one_line(name)} ({ident})" if name else str(ident)

    def head(self, text: str) -> None:
        if self.lines:
            self.lines.append("")
        self.lines.append(self.style(text, "head"))

    def line(self, action: str, text: str, indent: int = 2) -> None:
        self.lines.append(" " * indent + self.style(f"{SIGNS[action]} {text}", action))

    def sub(self, sign: str, text: str) -> None:
        role = {"-": "delete", "+": "add"}.get(sign, "dim")
        self.lines.append("      " + self.style(f"{sign} {text}", role))

    def item(self, c: Change) -> str:
        return f"{c.id}  {one_line(c.name)}" if c.kind != "person" else self._person(c)

    def _person(self, c: Change) -> str:
        name = one_line(c.name) or c.id
        return f"{name} <{c.id}>" if c.id != c.name else name

    def field(self, c: Change) -> str:
        text = field_label(self.w, c.kind, c.field)
        if c.lang and c.lang != self.cmp.new.lang:
            text += self.w["lang"].format(x=c.lang)
        return text

    # -- sections ------------------------------------------------------------------------------
    def render(self, old_source: str, new_source: str) -> str:
        cmp, w = self.cmp, self.w
        self.lines.append(self.style(f"--- {old_source}  ({one_line(cmp.old.name)})", "delete"))
        self.lines.append(self.style(f"+++ {new_source}  ({one_line(cmp.new.name)})", "add"))
        if not cmp.changed:
            self.lines.append("")
            self.lines.append(w["no_changes"])
            return "\n".join(self.lines) + "\n"
        counts = cmp.counts()
        for kind in ("organization", "department", "role", "person", "activity"):
            changes = cmp.of(kind)
            if changes:
                self.head(f"{w[kind]} ({self.count_line(counts[kind])})")
                self.kind(kind, changes)
        raci = [c for c in cmp.of("raci") if not folded_raci(cmp, c)]
        if raci:
            n_acts = len(dict.fromkeys(c.id for c in raci))
            key = "letters_1_1" if len(raci) == 1 else "letters_n_1" if n_acts == 1 else "letters_n"
            self.head(f"{w['raci']} ({w.get(key, w['letters_n']).format(n=len(raci), m=n_acts)})")
            self.raci(raci)
        if cmp.findings:
            self.head(w["findings"])
            for f in cmp.findings:
                roles = ", ".join(f.roles)
                text = w[f"c.{f.code}"].format(roles=roles, n=len(f.roles))
                self.lines.append("  " + self.style(f"! {f.activity}  {one_line(f.name)}: {text}", "warn"))
        if cmp.load:
            self.head(w["load"])
            for s in cmp.load[:LOAD_SHOWN]:
                self.lines.append(f"  {s.role}  {one_line(s.name)}: {s.old} -> {s.new} ({s.delta:+d})")
            if len(cmp.load) > LOAD_SHOWN:
                self.lines.append("  " + w["more"].format(n=len(cmp.load) - LOAD_SHOWN))
        self.totals()
        return "\n".join(self.lines) + "\n"

    def count_line(self, counts: Mapping[str, int]) -> str:
        sep = "，" if is_chinese(self.cmp.new.lang) else ", "
        return sep.join(self.w[f"n.{a}"].format(n=n) for a, n in counts.items() if n)

    def kind(self, kind: str, changes: Iterable[Change]) -> None:
        changes = list(changes)
        order = {a: i for i, a in enumerate(ACTIONS)}
        whole = [c for c in changes if c.action in ("add", "delete") and (not c.field or c.kind == "person")]
        for c in sorted(whole, key=lambda c: order[c.action]):
            self.whole(c)
        for c in changes:
            if not (c.action in ("add", "delete") and (not c.field or c.kind == "person")):
                self.part(c)

    def whole(self, c: Change) -> None:
        """An item added or deleted, with where it is."""
        w, cmp = self.w, self.cmp
        org = cmp.new if c.action == "add" else cmp.old
        where = ""
        if c.kind == "department":
            parent = org.departments[c.id].parent_id
            where = w["under"].format(x=self.ref(parent, org.departments[parent].name)) if parent else w["top"]
        elif c.kind == "role":
            role = org.roles[c.id]
            where = w["in"].format(x=self.ref(role.department_id, org.departments[role.department_id].name))
            if role.reports_to_id:
                where += ("，" if is_chinese(cmp.new.lang) else ", ") + w["reports"].format(
                    x=self.ref(role.reports_to_id, org.roles[role.reports_to_id].title)
                )
        elif c.kind == "person":
            ref = c.new if c.action == "add" else c.old
            name = c.new_name if c.action == "add" else c.old_name
            where = w["joined" if c.action == "add" else "left"].format(x=self.ref(ref, name))
        elif c.kind == "activity":
            process = self.process.get(c.id, "")
            added = c.action == "add"
            where = ", ".join(f"{r.role} {r.new if added else r.old}" for r in self.folded.get((c.id, added), ()))
            if process:
                where = f"[{one_line(process)}]" + (" " + where if where else "")
        self.line(c.action, f"{self.item(c)}" + (f": {where}" if where else ""))

    def part(self, c: Change) -> None:
        """A field of an item changed, moved, or a dotted line added or deleted."""
        w = self.w
        label = self.field(c)
        if c.field == "id":
            self.line("change", f"{self.item(c)}: {w['renamed'].format(x=c.old)}")
        elif c.field in ("parent", "department", "reports_to", "role"):
            self.line(
                c.action, f"{self.item(c)}: {label} {self.ref(c.old, c.old_name)} -> {self.ref(c.new, c.new_name)}"
            )
        elif c.field == "dotted_line_to":
            target = self.ref(c.new, c.new_name) if c.action == "add" else self.ref(c.old, c.old_name)
            self.line(c.action, f"{self.item(c)}: {label} {target}")
        elif isinstance(c.old, tuple) or isinstance(c.new, tuple):
            self.line(c.action, f"{self.item(c)}: {label}")
            self.listing(c.old if isinstance(c.old, tuple) else (), c.new if isinstance(c.new, tuple) else ())
        elif _long(c.old) or _long(c.new):
            self.line(c.action, f"{self.item(c)}: {label}")
            self.sub("-", self.value(c.old))
            self.sub("+", self.value(c.new))
        else:
            self.line(c.action, f"{self.item(c)}: {label} {self.value(c.old)} -> {self.value(c.new)}")

    def listing(self, old: tuple[str, ...], new: tuple[str, ...]) -> None:
        """Items removed and added (unchanged ones left out), in order."""
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for item in old[i1:i2]:
                self.sub("-", one_line(item))
            for item in new[j1:j2]:
                self.sub("+", one_line(item))

    def raci(self, changes: list[Change]) -> None:
        by_activity: dict[str, list[Change]] = {}
        for c in changes:
            by_activity.setdefault(c.id, []).append(c)
        for ident, items in by_activity.items():
            parts = ", ".join(f"{c.role} {c.old or '-'} -> {c.new or '-'}" for c in items)
            self.line("change", f"{ident}  {one_line(items[0].name)}: {parts}")

    def totals(self) -> None:
        w, cmp = self.w, self.cmp
        self.head(w["totals"])
        rows = [(name, getattr(cmp.before, name), getattr(cmp.after, name)) for name in FIGURES]
        width = max(text_width(w[f"t.{name}"]) for name, _, _ in rows)
        header = " " * (width + 2) + _right(w["old"], 8) + " " + _right(w["new"], 8)
        self.lines.append(self.style(header, "dim"))
        for name, before, after in rows:
            label = w[f"t.{name}"]
            pad = " " * (width - text_width(label))
            delta = after - before
            shown = figure_text(name, delta, sign=True) if delta else ""
            row = f"  {label}{pad}{figure_text(name, before):>8} {figure_text(name, after):>8}  {shown}".rstrip()
            self.lines.append(self.style(row, "change") if delta else row)


def figure_text(name: str, v: float, sign: bool = False) -> str:
    """A figure as reports show it: the average span with two decimals, the others as whole
    numbers unless they are not; ``sign`` for a difference (+3, -0.25)."""
    if name == "average_span" or (isinstance(v, float) and not v.is_integer()):
        return f"{v:+.2f}" if sign else f"{v:.2f}"
    return f"{int(v):+d}" if sign else f"{int(v)}"


def _right(text: str, width: int) -> str:
    return " " * max(width - text_width(text), 0) + text


def _long(v) -> bool:
    return isinstance(v, str) and ("\n" in v or text_width(v) > 48)


def as_text(cmp: Comparison, old_source: str, new_source: str, style: Style = plain) -> str:
    """The comparison as lines for a terminal or a review; ``style(text, role)`` adds colour, roles
    ``head``, ``add``, ``delete``, ``move``, ``change``, ``warn`` and ``dim``."""
    return _Text(cmp, style).render(old_source, new_source)
