"""Next month's roster into an existing definition, edited in place.

Departments, roles and people of the roster are matched with the definition's (departments by
their name path, else their unique name; roles by department and title, else their unique title;
people by the roster id kept in their line's comment, else email, else name); then only what the
roster holds is changed: who is in which role, headcounts, reporting and dotted lines,
departments' places, grades and locations. Summaries, responsibilities, requirements, KPIs,
translations, activities and their RACI letters, comments and layout stay. A role the roster no
longer has is removed only when nothing was written into it; otherwise it stays, with headcount
0 and a warning. The edited definition is validated before anything is written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from officegen.definition.loader import Node
from officegen.errors import DefinitionError, OutputError
from officegen.i18n import is_chinese, tr
from officegen.problems import Location, Problem, has_errors
from officegen.roundtrip.edit_text import (
    EditError,
    Source,
    TextEditor,
    encode,
    read_sources,
    scalar_of,
    text_of,
    top_list,
)
from officegen.roundtrip.roster import describe_source, read_roster_strictly
from officegen.roundtrip.roster.structure import Draft, DraftDepartment, DraftRole, unique
from officegen.roundtrip.roster.write import id_comment

_ID_COMMENT = re.compile(r"#\s*(?:工号|ID|id|Id)\s+(\S+)")
_ROLE_AFTER = ("department", "reports_to", "dotted_line_to", "headcount")


@dataclass
class Item:
    """An item of the definition's text: which file, its node, its id."""

    source: Source
    node: Node
    id: str
    order: int  # position among its kind across the files


@dataclass
class Updated:
    """What ``--into`` did: the report lines, warnings, files written."""

    draft: Draft
    team: Path
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def report(self) -> list[str]:
        return self.lines

    def summary(self, dry_run: bool) -> str:
        lang = self.draft.lang
        c = self.counts
        parts = [
            (c.get("joined", 0), "joined", "人入职"),
            (c.get("left", 0), "left", "人离开"),
            (c.get("moved", 0), "moved", "人调岗"),
            (c.get("new_roles", 0), "new roles", "个新岗位"),
            (c.get("removed_roles", 0), "roles removed", "个岗位删除"),
            (c.get("new_depts", 0), "new departments", "个新部门"),
            (c.get("removed_depts", 0), "departments removed", "个部门删除"),
            (c.get("other", 0), "other changes", "处其他变化"),
        ]
        shown = [(n, en, zh) for n, en, zh in parts if n]
        source = describe_source(self.draft)
        if is_chinese(lang):
            body = "，".join(f"{n} {zh}" for n, _, zh in shown) or "没有变化"
            tail = "（试运行：未写入）" if dry_run else ("" if self.written else "（无需写入）")
            return f"{self.team}：{body}（来自 {source}）{tail}"
        body = ", ".join(f"{n} {en}" for n, en, _ in shown) or "no changes"
        tail = " (dry run: nothing written)" if dry_run else ("" if self.written else " (nothing to write)")
        return f"{self.team}: {body} (from {source}){tail}"


def update_definition(roster: Path, team: Path, *, write: bool = True, strict: bool = False, **options) -> Updated:
    """Update ``team`` (a file or a folder) from ``roster``; see the module docstring."""
    from officegen.definition import check
    from officegen.definition.model import build
    from officegen.office.atomic import write_all
    from officegen.roundtrip.trial import trial_check

    team = Path(team)
    draft = read_roster_strictly(roster, strict, **options)
    before = check(team, say=draft.lang)
    if before.spec is None:
        raise DefinitionError(before.problems, draft.lang)
    org = build(before.spec, draft.lang)
    sources, problems = read_sources(team)
    if problems:
        raise DefinitionError(tuple(problems), draft.lang)
    plan = _Plan(draft, org, sources, team)
    plan.run()
    edited = {}
    for path, editor in plan.editors.items():
        if editor.changed:
            try:
                edited[path] = encode(editor.source, editor.result())
            except EditError as exc:
                raise OutputError(str(exc)) from None
    result = Updated(draft, team, plan.lines, plan.counts, draft.problems + plan.problems)
    if not edited:
        return result
    note = tr(draft.lang, " (after the import)", "（导入后）")
    checked = trial_check(team, edited, strict=strict, note=note, say=draft.lang)
    if has_errors(checked):
        raise DefinitionError(tuple(result.problems + checked), draft.lang)
    known = {(p.code, p.message) for p in before.problems}  # the definition's own warnings are not news
    result.problems += [p for p in checked if (p.code, p.message[: len(p.message) - len(note)]) not in known]
    if write:
        result.written = write_all(edited)
    return result


class _Plan:
    def __init__(self, draft: Draft, org, sources: list[Source], team: Path):
        self.draft, self.org, self.sources, self.team = draft, org, sources, team
        self.lang = draft.lang
        self.people_in = draft.people_in
        self.editors = {s.path: TextEditor(s) for s in sources}
        self.lines: list[str] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.problems: list[Problem] = []
        self.items = {kind: self._items(kind) for kind in ("departments", "roles")}
        self.people_items = self._people_items()

    # -- the text's items ---------------------------------------------------------------------------
    def _items(self, kind: str) -> dict[str, Item]:
        out: dict[str, Item] = {}
        for source in self.sources:
            seq = top_list(source, kind)
            for node in seq.items if seq else ():
                ident = scalar_of(node, "id") if node.kind == "map" else None
                if ident is not None and ident not in out:
                    out[ident] = Item(source, node, ident, len(out))
        return out

    def _people_items(self) -> list[Item]:
        out: list[Item] = []
        for source in self.sources:
            seq = top_list(source, "people")
            for node in seq.items if seq else ():
                if node.kind == "map":
                    out.append(Item(source, node, scalar_of(node, "role") or "", len(out)))
        return out

    def editor(self, item: Item) -> TextEditor:
        return self.editors[item.source.path]

    def home(self, kind: str) -> Source:
        """The file new items of ``kind`` go to when they have no neighbour: one that has the list."""
        return next((s for s in self.sources if top_list(s, kind) is not None), self.sources[0])

    def where(self, item: Item) -> Location:
        return Location(str(item.source.path), item.node.line, item.node.col)

    def say(self, line: str) -> None:
        self.lines.append(line)

    def run(self) -> None:
        self.dept_ids = self._match_departments()
        self.role_ids = self._match_roles()
        self._departments()
        self._roles()
        self._people()
        self._remove_unheld()

    # -- matching ----------------------------------------------------------------------------------
    def _existing_path(self, dept_id: str) -> tuple:
        path, node, seen = [], dept_id, set()
        while node is not None and node in self.org.departments and node not in seen:
            seen.add(node)
            path.append(self.org.departments[node].name)
            node = self.org.departments[node].parent_id
        return tuple(reversed(path))

    def _draft_path(self, dept: DraftDepartment) -> tuple:
        path: list[str] = []
        node: DraftDepartment | None = dept
        while node is not None:
            path.append(node.name)
            node = self.draft.department(node.parent) if node.parent is not None else None
        return tuple(reversed(path))

    def _match_departments(self) -> dict[tuple, str]:
        """Draft department path -> the definition's department id (matched or new)."""
        if not self.people_in.has_department:
            return {}
        existing = {d: self._existing_path(d) for d in self.org.departments}
        by_path = {p: d for d, p in existing.items()}
        out: dict[tuple, str] = {}
        for dept in self.draft.departments:
            found = by_path.get(self._draft_path(dept)) or by_path.get(dept.path)
            if found and found not in out.values():
                out[dept.path] = found
        left = [d for d in self.org.departments if d not in out.values()]
        names = defaultdict(list)
        for d in left:
            names[self.org.departments[d].name].append(d)
        draft_names = defaultdict(list)
        for dept in self.draft.departments:
            if dept.path not in out:
                draft_names[dept.name].append(dept)
        for name, depts in draft_names.items():
            if len(depts) == 1 and len(names.get(name, ())) == 1:
                out[depts[0].path] = names[name][0]
        taken = {d.casefold() for d in self.org.departments}
        for dept in self.draft.departments:
            if dept.path not in out:
                out[dept.path] = unique(dept.id, taken, "dept")
        return out

    def _dept_id_of(self, role: DraftRole) -> str:
        if self.people_in.has_department:
            return self.dept_ids[role.department]
        return ""  # decided when the role is new (departments are not the roster's)

    def _match_roles(self) -> dict[tuple, str]:
        """Draft role key -> the definition's role id (matched or new)."""
        existing = defaultdict(list)
        titles = defaultdict(list)
        for role in self.org.roles.values():
            existing[(role.department_id, role.title)].append(role.id)
            titles[role.title].append(role.id)
        out: dict[tuple, str] = {}
        used: set[str] = set()
        for role in self.draft.roles:
            ids = (
                existing.get((self._dept_id_of(role), role.title), [])
                if self.people_in.has_department
                else titles.get(role.title, [])
            )
            free = [i for i in ids if i not in used]
            if free:
                out[role.key] = free[0]
                used.add(free[0])
        draft_titles = defaultdict(list)
        for role in self.draft.roles:
            if role.key not in out:
                draft_titles[role.title].append(role)
        for title, roles in draft_titles.items():
            free = [i for i in titles.get(title, []) if i not in used]
            if len(roles) == 1 and len(free) == 1:  # the same title, moved to another department
                out[roles[0].key] = free[0]
                used.add(free[0])
        taken = {r.casefold() for r in self.org.roles}
        for role in self.draft.roles:
            if role.key not in out:
                out[role.key] = unique(role.id, taken, "role")
        return out

    # -- departments -------------------------------------------------------------------------------
    def _departments(self) -> None:
        if not self.people_in.has_department:
            return
        lang, draft = self.lang, self.draft
        new_after: dict[str, Item] = {}
        for dept in draft.departments:
            ident = self.dept_ids[dept.path]
            parent = self.dept_ids[dept.parent] if dept.parent is not None else None
            item = self.items["departments"].get(ident)
            if item is None:
                fields: list[tuple[str, object]] = [("id", ident), ("name", {lang: dept.name})]
                fields += [("parent", parent)] if parent else []
                anchor = self._dept_anchor(parent, new_after)
                source = anchor.source if anchor else self.home("departments")
                self.editors[source.path].insert_items(
                    top_list(source, "departments"),
                    [(fields, "")],
                    after=anchor.node if anchor else None,
                    key="departments",
                )
                if anchor is not None:
                    new_after[ident] = anchor
                self.counts["new_depts"] += 1
                self.say(
                    tr(
                        lang,
                        f"+ department {dept.name}" + (f" (in {self._dept_name(parent)})" if parent else ""),
                        f"+ 新部门 {dept.name}" + (f"（属于{self._dept_name(parent)}）" if parent else ""),
                    )
                )
                continue
            current = self.org.departments[ident].parent_id
            if len(dept.path) > 1 and parent != current:  # the roster's path names the parent
                self.editor(item).set(item.node, "parent", parent, after=("name",))
                self.counts["other"] += 1
                self.say(
                    tr(
                        lang,
                        f"~ department {dept.name}: now in {self._dept_name(parent)} (was "
                        f"{self._dept_name(current) or 'top level'})",
                        f"~ 部门 {dept.name}：改属{self._dept_name(parent)}"
                        f"（原为{self._dept_name(current) or '顶层'}）",
                    )
                )

    def _dept_name(self, ident: str | None) -> str:
        if ident is None:
            return ""
        if ident in self.org.departments:
            return self.org.departments[ident].name
        for path, d in self.dept_ids.items():
            if d == ident:
                return path[-1]
        return ident

    def _dept_anchor(self, parent: str | None, new_after: dict[str, Item]) -> Item | None:
        """The department item a new one goes after: the last of its parent's subtree in the text."""
        items = self.items["departments"]
        if parent is None:
            return max(items.values(), key=lambda i: i.order, default=None)
        if parent in new_after:
            return new_after[parent]
        if not hasattr(self, "_last_in_subtree"):  # once: every department's last item below it
            last: dict[str, Item] = {}
            for dept in reversed(list(self.org.departments.values())):  # children before their parents
                own = [items[d] for d in (dept.id, *dept.child_ids) if d in items]
                own += [last[c] for c in dept.child_ids if c in last]
                if own:
                    last[dept.id] = max(own, key=lambda i: i.order)
            self._last_in_subtree = last
        found = self._last_in_subtree.get(parent)
        return found or max(items.values(), key=lambda i: i.order, default=None)

    # -- roles -------------------------------------------------------------------------------------
    def _role_dept(self, role: DraftRole) -> str:
        if self.people_in.has_department:
            return self.dept_ids[role.department]
        ident = self.role_ids[role.key]
        if ident in self.org.roles:
            return self.org.roles[ident].department_id
        boss = role.reports_to
        while boss is not None:
            boss_id = self.role_ids[boss]
            if boss_id in self.org.roles:
                return self.org.roles[boss_id].department_id
            boss = self.draft.role(boss).reports_to
        return next(iter(self.org.departments))

    def _roles(self) -> None:
        lang, draft, p = self.lang, self.draft, self.people_in
        inserted: dict[str, Item] = {}
        for role in draft.roles:
            ident = self.role_ids[role.key]
            dept = self._role_dept(role)
            boss = self.role_ids[role.reports_to] if role.reports_to is not None else None
            dotted = [self.role_ids[k] for k in role.dotted]
            item = self.items["roles"].get(ident)
            if item is None:
                fields: list[tuple[str, object]] = [("id", ident), ("title", {lang: role.title}), ("department", dept)]
                if boss:
                    fields.append(("reports_to", boss))
                if dotted:
                    fields.append(("dotted_line_to", dotted))
                fields.append(("headcount", role.headcount))
                if role.grade:
                    fields.append(("grade", role.grade))
                if role.location:
                    fields.append(("location", {lang: role.location}))
                anchor = inserted.get(dept) or self._role_anchor(dept)
                source = anchor.source if anchor else self.home("roles")
                self.editors[source.path].insert_items(
                    top_list(source, "roles"), [(fields, "")], after=anchor.node if anchor else None, key="roles"
                )
                if anchor is not None:
                    inserted[dept] = anchor
                self.counts["new_roles"] += 1
                self.say(
                    tr(
                        lang,
                        f"+ role {role.title} ({self._dept_name(dept)}), headcount {role.headcount}",
                        f"+ 新岗位 {role.title}（{self._dept_name(dept)}），编制 {role.headcount}",
                    )
                )
                continue
            current = self.org.roles[ident]
            editor, node = self.editor(item), item.node
            if p.has_department and dept != current.department_id:
                editor.set(node, "department", dept, after=("title",))
                self._other(
                    f"~ role {role.title}: department {self._dept_name(current.department_id)} -> "
                    f"{self._dept_name(dept)}",
                    f"~ 岗位 {role.title}：部门 {self._dept_name(current.department_id)} → {self._dept_name(dept)}",
                )
            if p.has_manager and boss != current.reports_to_id:
                if boss is None:
                    editor.remove(node, "reports_to")
                else:
                    editor.set(node, "reports_to", boss, after=("title", "department"))
                self._other(
                    f"~ role {role.title}: reports to {self._role_title(current.reports_to_id)} -> "
                    f"{self._role_title(boss)}",
                    f"~ 岗位 {role.title}：汇报给 {self._role_title(current.reports_to_id)} → {self._role_title(boss)}",
                )
            if p.has_dotted and set(dotted) != set(current.dotted_line_to):
                if dotted:
                    editor.set(node, "dotted_line_to", dotted, after=("title", "department", "reports_to"))
                else:
                    editor.remove(node, "dotted_line_to")
                self._other(
                    f"~ role {role.title}: dotted lines to {', '.join(dotted) or '—'}",
                    f"~ 岗位 {role.title}：虚线汇报给 {'、'.join(dotted) or '无'}",
                )
            if role.headcount != current.headcount:
                editor.set(node, "headcount", role.headcount, after=_ROLE_AFTER)
                self._other(
                    f"~ role {role.title}: headcount {current.headcount} -> {role.headcount}",
                    f"~ 岗位 {role.title}：编制 {current.headcount} → {role.headcount}",
                )
            for attr in ("grade", "location"):
                value = getattr(role, attr)
                if getattr(p, f"has_{attr}") and value and value != getattr(current, attr):
                    editor.set_text(node, attr, lang, value, after=_ROLE_AFTER)
                    self._other(
                        f"~ role {role.title}: {attr} {getattr(current, attr) or '—'} -> {value}",
                        f"~ 岗位 {role.title}：{'职级' if attr == 'grade' else '工作地点'} "
                        f"{getattr(current, attr) or '无'} → {value}",
                    )

    def _other(self, en: str, zh: str) -> None:
        self.counts["other"] += 1
        self.say(tr(self.lang, en, zh))

    def _role_title(self, ident: str | None) -> str:
        if ident is None:
            return tr(self.lang, "nobody", "无")
        if ident in self.org.roles:
            return self.org.roles[ident].title
        for role in self.draft.roles:
            if self.role_ids[role.key] == ident:
                return role.title
        return ident

    def _role_anchor(self, dept: str) -> Item | None:
        """The role item a new role goes after: the last of its department in the text, else of the
        nearest ancestor department, else the last role."""
        items = self.items["roles"]
        if not hasattr(self, "_last_role_of"):  # once: each department's last role in the text
            last: dict[str, Item] = {}
            for role in self.org.roles.values():
                item = items.get(role.id)
                if item is not None and (role.department_id not in last or last[role.department_id].order < item.order):
                    last[role.department_id] = item
            self._last_role_of = last
        node: str | None = dept
        while node is not None:
            if node in self._last_role_of:
                return self._last_role_of[node]
            node = self.org.departments[node].parent_id if node in self.org.departments else None
        return max(items.values(), key=lambda i: i.order, default=None)

    # -- people ------------------------------------------------------------------------------------
    def _people(self) -> None:
        lang, draft = self.lang, self.draft
        entries: list[dict[str, Any]] = []
        for item in self.people_items:
            node = item.node
            first_line_end = item.source.text.find("\n", node.start)
            tail = item.source.text[node.end : first_line_end if first_line_end >= 0 else len(item.source.text)]
            line = item.source.text[node.start : first_line_end if first_line_end >= 0 else None]
            comment = _ID_COMMENT.search(tail) or _ID_COMMENT.search(line)
            entries.append(
                {
                    "item": item,
                    "name": text_of(node, "name", lang) or "",
                    "role": item.id,
                    "email": (scalar_of(node, "email") or "").casefold(),
                    "rid": comment.group(1) if comment else "",
                }
            )
        matched: dict[int, dict] = {}
        taken: set[int] = set()
        persons = draft.people

        def match(key_of_person, key_of_entry) -> None:
            index = defaultdict(list)
            for n, e in enumerate(entries):
                if n not in taken and key_of_entry(e):
                    index[key_of_entry(e)].append(n)
            for person in persons:
                if person.index in matched:
                    continue
                key = key_of_person(person)
                free = [n for n in index.get(key, []) if n not in taken] if key else []
                if free:
                    matched[person.index] = entries[free[0]]
                    taken.add(free[0])

        match(lambda p: p.roster_id, lambda e: e["rid"])
        match(lambda p: p.email.casefold() if p.email else "", lambda e: e["email"])
        match(lambda p: (p.name, self.role_ids[p.role]), lambda e: (e["name"], e["role"]) if e["name"] else "")
        names: defaultdict[str, int] = defaultdict(int)
        for person in persons:
            if person.index not in matched:
                names[person.name] += 1
        match(lambda p: p.name if names[p.name] == 1 else "", lambda e: e["name"])
        new_by_role: dict[str, list] = defaultdict(list)
        for person in persons:
            role_id = self.role_ids[person.role]
            entry_ = matched.get(person.index)
            where = self.people_in.where(person.line)
            role_title = draft.role(person.role).title
            if entry_ is None:
                new_by_role[role_id].append(person)
                self.counts["joined"] += 1
                self.say(
                    tr(
                        lang,
                        f"{where}: + {person.name} joined: {role_title}",
                        f"{where}: + {person.name} 入职：{role_title}",
                    )
                )
                continue
            item = entry_["item"]
            editor = self.editor(item)
            if entry_["role"] != role_id:
                editor.set(item.node, "role", role_id)
                self.counts["moved"] += 1
                self.say(
                    tr(
                        lang,
                        f"{where}: ~ {person.name} moved: {self._role_title(entry_['role'])} -> {role_title}",
                        f"{where}: ~ {person.name} 调岗：{self._role_title(entry_['role'])} → {role_title}",
                    )
                )
            if person.name and entry_["name"] != person.name:
                editor.set_text(item.node, "name", lang, person.name)
                self._other(
                    f"{where}: ~ {entry_['name']} is now named {person.name}",
                    f"{where}: ~ {entry_['name']} 改名为 {person.name}",
                )
            if self.people_in.has_email and person.email and entry_["email"] != person.email.casefold():
                editor.set(item.node, "email", person.email, after=("name", "role"))
                self._other(
                    f"{where}: ~ {person.name}: email {entry_['email'] or '—'} -> {person.email}",
                    f"{where}: ~ {person.name}：邮箱 {entry_['email'] or '无'} → {person.email}",
                )
        for n, e in enumerate(entries):
            if n in taken:
                continue
            item = e["item"]
            self.editor(item).remove_item(top_list(item.source, "people"), item.node)
            self.counts["left"] += 1
            self.say(
                tr(
                    lang,
                    f"{self.where(item)}: - {e['name']} left: {self._role_title(e['role'])}",
                    f"{self.where(item)}: - {e['name']} 离开：{self._role_title(e['role'])}",
                )
            )
        self._insert_people(new_by_role, entries, taken)

    def _insert_people(self, new_by_role: dict[str, list], entries: list[dict], taken: set[int]) -> None:
        kept = [e["item"] for n, e in enumerate(entries) if n in taken]
        dept_of = {self.role_ids[r.key]: self._role_dept(r) for r in self.draft.roles}
        last_of_role: dict[str, Item] = {}
        last_of_dept: dict[str, Item] = {}
        for item in kept:  # kept entries in text order: the last wins
            last_of_role[item.id] = item
            dept = dept_of.get(item.id) or (self.org.roles[item.id].department_id if item.id in self.org.roles else "")
            last_of_dept[dept] = item
        for role_id, persons in new_by_role.items():
            anchor = (
                last_of_role.get(role_id) or last_of_dept.get(dept_of.get(role_id, "")) or (kept[-1] if kept else None)
            )
            source = anchor.source if anchor else self.home("people")
            fields = [
                (
                    [("name", p.name), ("role", role_id)] + ([("email", p.email)] if p.email else []),
                    id_comment(self.draft, p.roster_id).strip().lstrip("#").strip(),
                )
                for p in persons
            ]
            self.editors[source.path].insert_items(
                top_list(source, "people"), fields, after=anchor.node if anchor else None, key="people", flow_items=True
            )

    # -- what the roster no longer holds -----------------------------------------------------------
    def _remove_unheld(self) -> None:
        lang = self.lang
        held = set(self.role_ids.values())
        lettered = {r for a in self.org.activities for r, letters in a.assignments if letters}
        unheld = [r for r in self.org.roles.values() if r.id not in held]
        keep: dict[str, str] = {}
        for role in unheld:
            if role.id in lettered:
                keep[role.id] = tr(lang, "it holds RACI letters", "它有 RACI 字母")
            elif role.summary or role.responsibilities or role.requirements or role.kpis:
                keep[role.id] = tr(lang, "text was written into it", "其中写有内容")
        changed = True
        while changed:  # what a kept role reports to stays too, so no line dangles
            changed = False
            for role in unheld:
                if role.id in keep:
                    for ref in (role.reports_to_id, *role.dotted_line_to):
                        if ref and ref not in held and ref not in keep:
                            keep[ref] = tr(lang, f"{role.title} reports to it", f"“{role.title}”汇报给它")
                            changed = True
        for role in unheld:
            item = self.items["roles"].get(role.id)
            if item is None:
                continue
            if role.id in keep:
                if role.headcount != 0:
                    self.editor(item).set(item.node, "headcount", 0, after=_ROLE_AFTER)
                self.problems.append(
                    Problem(
                        self.where(item),
                        "warning",
                        tr(
                            lang,
                            f"role '{role.id}' ({role.title}) is not in the roster any more: it has no people now and "
                            f"headcount 0; kept because {keep[role.id]} (move them to another role, then delete it)",
                            f"岗位“{role.id}”（{role.title}）已不在花名册中：现在没有人员，编制为 0；因为{keep[role.id]}而保留"
                            "（把它们移到别的岗位后再删除）",
                        ),
                        "roster",
                    )
                )
                self.counts["other"] += 1
                self.say(
                    tr(
                        lang,
                        f"! role {role.title}: no one left; kept ({keep[role.id]}), headcount 0",
                        f"! 岗位 {role.title}：已无人员；保留（{keep[role.id]}），编制 0",
                    )
                )
                continue
            self.editor(item).remove_item(top_list(item.source, "roles"), item.node)
            self.counts["removed_roles"] += 1
            self.say(
                tr(
                    lang,
                    f"- role {role.title} removed (no one in the roster holds it)",
                    f"- 岗位 {role.title} 已删除（花名册里没有人在这个岗位）",
                )
            )
        if not self.people_in.has_department:
            return
        remaining_roles: defaultdict[str, int] = defaultdict(int)
        for role in self.draft.roles:
            remaining_roles[self._role_dept(role)] += 1
        for ident in keep:
            if ident in self.org.roles:
                remaining_roles[self.org.roles[ident].department_id] += 1
        needed = set(self.dept_ids.values()) | set(remaining_roles)
        changed = True
        while changed:
            changed = False
            for d in list(needed):
                parent = self.org.departments[d].parent_id if d in self.org.departments else None
                if parent and parent not in needed:
                    needed.add(parent)
                    changed = True
        for dept in self.org.departments.values():
            if dept.id in needed:
                continue
            item = self.items["departments"].get(dept.id)
            if item is None:
                continue
            self.editor(item).remove_item(top_list(item.source, "departments"), item.node)
            self.counts["removed_depts"] += 1
            self.say(
                tr(
                    lang,
                    f"- department {dept.name} removed (no one in the roster is in it)",
                    f"- 部门 {dept.name} 已删除（花名册里没有人在这个部门）",
                )
            )
