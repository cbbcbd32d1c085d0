"""The parts of the chart that changed, before and after: teams (a manager and its direct reports)
and department groups (a department and its sub-departments). Pure data, no pptx.

A team is named by its manager in NEW's terms (None: the top of the chart); its OLD side is the
manager it had in OLD. Each box is marked: added, deleted, moved in or out (on both sides: out of
the old team, into the new one), changed, or the same; a short note says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from officegen.compare.changes import Change, Comparison
from officegen.compare.labels import field_label, labels

#: how a box is marked
ADD, DELETE, MOVE_IN, MOVE_OUT, CHANGE, SAME = "add", "delete", "move_in", "move_out", "change", "same"
TOP = "__top__"  # the key of the chart's top level (roles without a manager, departments without a parent)


@dataclass
class Side:
    """One version of a part: its head (a role or department id, None for the top) and members, in order."""

    head: str | None
    members: list[str]
    marks: dict[str, str] = field(default_factory=dict)  # member (or head) -> mark, SAME when absent
    notes: dict[str, list[str]] = field(default_factory=dict)

    def mark(self, item: str) -> str:
        return self.marks.get(item, SAME)


@dataclass
class Part:
    """A team or a department group, before (None: it is new) and after (None: it is gone)."""

    kind: str  # "role" | "department"
    key: str
    before: Side | None
    after: Side | None


_STRONGER = {SAME: 0, CHANGE: 1, MOVE_IN: 2, MOVE_OUT: 2, ADD: 3, DELETE: 3}


def changed_parts(cmp: Comparison) -> list[Part]:
    """Department groups then teams that changed, each in NEW's chart order (gone ones last)."""
    return _Parts(cmp, "department").run() + _Parts(cmp, "role").run()


class _Parts:
    def __init__(self, cmp: Comparison, kind: str):
        self.cmp, self.kind = cmp, kind
        self.w = labels(cmp.new.lang)
        self.pairs = cmp.matched[kind]
        self.back = {v: k for k, v in self.pairs.items()}
        self.before: dict[str, Side] = {}
        self.after: dict[str, Side] = {}
        #: the strongest mark of every item, per version (a team's head shows its own)
        self.marked: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self.said: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})

    # the chart's structure, per version
    def up(self, old: bool, item: str) -> str | None:
        org = self.cmp.old if old else self.cmp.new
        if self.kind == "role":
            return org.roles[item].reports_to_id
        return org.departments[item].parent_id

    def below(self, old: bool, head: str | None) -> list[str]:
        org = self.cmp.old if old else self.cmp.new
        if self.kind == "role":
            if head is None:
                return [r.id for r in org.root_roles]
            return list(org.roles[head].direct_report_ids)
        if head is None:
            return [d.id for d in org.root_departments]
        return list(org.departments[head].child_ids)

    def key_of_old(self, head: str | None) -> str:
        """A part's key from its OLD head: the head's NEW id, else the OLD id marked as gone."""
        if head is None:
            return TOP
        return self.pairs.get(head, f"old:{head}")

    def side(self, old: bool, key: str) -> Side | None:
        table = self.before if old else self.after
        if key not in table:
            if key == TOP:
                head = None
            elif old:
                head = key[4:] if key.startswith("old:") else self.back.get(key)
                if head is None:
                    return None
            else:
                if key.startswith("old:"):
                    return None
                head = key
            table[key] = Side(head, self.below(old, head))
        return table[key]

    def touch(self, old: bool, key: str, item: str, mark: str, note: str | None = None) -> None:
        side = self.side(old, key)
        if side is None:
            return
        marked = self.marked[0 if old else 1]
        if _STRONGER[mark] >= _STRONGER[marked.get(item, SAME)]:
            marked[item] = mark
        if note:
            self.said[0 if old else 1].setdefault(item, []).append(note)
        if _STRONGER[mark] >= _STRONGER[side.mark(item)]:
            side.marks[item] = mark
        if note:
            side.notes.setdefault(item, []).append(note)

    def both(self, key: str) -> None:
        """A part that changed is shown on both sides (where it exists)."""
        self.side(True, key)
        self.side(False, key)

    def run(self) -> list[Part]:
        for c in self.cmp.changes:
            if c.kind == self.kind:
                self.change(c)
            elif c.kind == "person" and self.kind == "role":
                self.person(c)
        for key in list(dict.fromkeys([*self.after, *self.before])):
            self.both(key)
        for old, table in ((True, self.before), (False, self.after)):
            for side in table.values():
                i = 0 if old else 1
                if side.head is not None and side.head in self.marked[i]:
                    side.marks.setdefault(side.head, self.marked[i][side.head])
                    side.notes.setdefault(side.head, self.said[i].get(side.head, []))
        order = self.order()
        end = len(order)
        keys = sorted(dict.fromkeys([*self.after, *self.before]), key=lambda k: (order.get(k, end), k))
        return [Part(self.kind, key, self.before.get(key), self.after.get(key)) for key in keys]

    def order(self) -> dict[str, int]:
        """NEW's chart order of part keys: the top first."""
        new = self.cmp.new
        ids = [r.id for r in new.roles_in_org_order()] if self.kind == "role" else list(new.departments)
        return {TOP: -1, **{item: i for i, item in enumerate(ids)}}

    def change(self, c: Change) -> None:
        w = self.w
        if c.action == "add" and not c.field:
            self.touch(False, self.up(False, c.id) or TOP, c.id, ADD)
            return
        if c.action == "delete" and not c.field:
            assert c.old_id is not None
            self.touch(True, self.key_of_old(self.up(True, c.old_id)), c.old_id, DELETE)
            return
        old_id = c.old_id or c.id
        if c.field in ("reports_to", "parent"):
            old_key = self.key_of_old(self.up(True, old_id))
            new_key = self.up(False, c.id) or TOP
            to = c.new_name or w["top"]
            came = c.old_name or w["top"]
            self.touch(True, old_key, old_id, MOVE_OUT, f"→ {to}")
            self.touch(False, new_key, c.id, MOVE_IN, f"← {came}")
            return
        note = self.note(c)
        new_key = self.up(False, c.id) or TOP
        self.touch(False, new_key, c.id, CHANGE, note)
        self.touch(True, self.key_of_old(self.up(True, old_id)), old_id, CHANGE)

    def person(self, c: Change) -> None:
        """Holders changed: the role they left and the role they joined are changed boxes."""
        if c.field != "role":
            return
        name = c.name or c.id
        if isinstance(c.old, str) and c.old in self.cmp.old.roles:  # left, or moved away
            self.touch(True, self.key_of_old(self.up(True, c.old)), c.old, CHANGE)
            now = self.pairs.get(c.old)
            if now is not None:
                self.touch(False, self.up(False, now) or TOP, now, CHANGE, f"- {name}")
        if isinstance(c.new, str) and c.new in self.cmp.new.roles:  # joined, or moved here
            self.touch(False, self.up(False, c.new) or TOP, c.new, CHANGE, f"+ {name}")
            then = self.back.get(c.new)
            if then is not None:
                self.touch(True, self.key_of_old(self.up(True, then)), then, CHANGE)

    def note(self, c: Change) -> str:
        w = self.w
        label = field_label(w, c.kind, c.field)
        if c.lang and c.lang != self.cmp.new.lang:
            label += w["lang"].format(x=c.lang)
        if c.field == "id":
            return f"{label}: {c.old} → {c.new}"
        if c.field in ("headcount", "grade", "department"):
            old = c.old_name if c.old_name else c.old
            new = c.new_name if c.new_name else c.new
            return f"{label} {old or w['none']} → {new or w['none']}"
        if c.field == "dotted_line_to":
            sign = "+" if c.action == "add" else "-"
            return f"{label} {sign}{c.new_name or c.new or c.old_name or c.old}"
        return label
