"""From people to an organisation: departments (a tree), roles, headcounts, reporting lines, heads.

* A role is a (department, title) pair; its headcount counts its rows (vacancies included), its
  people are the filled rows.
* Teams: when two or more people of one role each lead people of their own (three 班组长 of one
  workshop), each of them gets a role of their own (``班组长（张三）``), and a role whose people
  report to several of them is split by team (``操作工（张三组）``), so the org chart shows which
  operators belong to which team lead. ``teams=False`` keeps one role per title instead.
* A role reports to the role most of its people's managers hold; each person whose manager holds
  another role is a warning naming the row, so nothing is silently lost.
* Departments form a tree from path-like names (``生产部/一车间``); a department without a parent
  in its name hangs under the department its head reports into. Its head is the role whose
  people report outside it.
* Ids are made from the names: readable, and the same names give the same ids.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from officegen.i18n import tr
from officegen.problems import Problem
from officegen.roundtrip.roster.people import People, Person, split_paths

Path = tuple  # a department path: names, top first


@dataclass
class DraftDepartment:
    path: Path
    name: str
    line: int  # first roster row in it (or below it)
    parent: Path | None = None
    id: str = ""
    head: tuple | None = None  # a role key
    children: list = field(default_factory=list)


@dataclass
class DraftRole:
    key: tuple  # ("base", path, title) | ("lead", person index) | ("team", path, title, lead index)
    title: str
    base_title: str
    department: Path
    members: list[int]
    id: str = ""
    reports_to: tuple | None = None
    dotted: list = field(default_factory=list)
    grade: str = ""
    location: str = ""
    depth: int = 0
    line: int = 0
    elsewhere: list[str] = field(default_factory=list)  # people reporting outside the role's line

    @property
    def headcount(self) -> int:
        return len(self.members)


@dataclass
class DraftPerson:
    name: str
    email: str
    roster_id: str
    role: tuple  # a role key
    line: int
    index: int


@dataclass
class Draft:
    """The organisation a roster describes, before it is written as a definition."""

    name: str
    lang: str
    departments: list[DraftDepartment]  # tree order
    roles: list[DraftRole]  # departments' order, heads first
    people: list[DraftPerson]  # in the roles' order
    problems: list[Problem]
    people_in: People
    vacancies: int = 0
    pending: int = 0

    def role(self, key) -> DraftRole:
        return self._roles[key]

    def department(self, path) -> DraftDepartment:
        return self._departments[path]

    def __post_init__(self):
        self._roles = {r.key: r for r in self.roles}
        self._departments = {d.path: d for d in self.departments}


_TITLE_NOISE = re.compile(
    r"(员工|人员|全员)?(花名册|通讯录|名单|信息表|信息|明细表?|清单|架构表?)|"
    r"employee[\s_-]*(list|roster|directory|data)|staff[\s_-]*(list|roster)|(?<![a-z0-9])(roster|directory)(?![a-z0-9])|"
    r"(截至|截止|as\s+of)?\s*\d{4}\s*[-/.年]\s*\d{1,2}(\s*[-/.月]\s*\d{1,2}\s*日?)?\s*月?|"
    r"\d{8}|[(（].*?[)）]|"
    # what a file name adds: a month, a copy, an export, a version
    r"\d{1,2}\s*月份?|副本|导出|最新版?|终版|定稿|(?<![a-z0-9])(export|copy|final|latest|new|v\d+)(?![a-z0-9])",
    re.I,
)
_STRIP = " -_:：·|,，.。"
#: names a spreadsheet gives a sheet, saying nothing of the organisation
_DEFAULT_SHEET = re.compile(r"(sheet|工作表|页|表)\s*\d*", re.I)


def organisation_name(people: People, fallback: str) -> str:
    """The organisation's name, from the first of: a title row above the header
    ("XX制造有限公司员工花名册（2026年11月）" -> XX制造有限公司); the company column, when every
    person in it names the same one; ``fallback`` (the file's name: "花名册-XX公司-12月.xlsx" ->
    XX公司); the sheet's name, unless a spreadsheet's default (Sheet1, 工作表1); else 组织 /
    Organization. (``--name`` is given to :func:`build_draft` instead.)"""
    for text in people.table.above:
        name = _TITLE_NOISE.sub("", text).strip(_STRIP)
        if name and len(name) <= 60:
            return name
    companies = [c for c in people.companies if c]
    if len(companies) == 1 and len(companies[0]) <= 60:
        return companies[0]
    sheet = people.table.sheet
    for text in (fallback, sheet if sheet and not _DEFAULT_SHEET.fullmatch(sheet.strip()) else ""):
        name = _TITLE_NOISE.sub("", text).strip(_STRIP)
        if name and len(name) <= 60:
            return name
    return tr(people.lang, "Organization", "组织")


def build_draft(people: People, *, teams: bool = True, name: str | None = None) -> Draft:
    """The draft organisation of ``people`` (whose problems it adds to)."""
    lang = people.lang
    problems: list[Problem] = []
    rows = people.rows
    split_paths(people)
    org = name or organisation_name(people, people.table.path.stem)
    _inherit_departments(rows, org)
    base_of = [("base", p.department, p.title) for p in rows]
    unit_of = _units(people, base_of, teams, problems)
    roles = _roles(people, unit_of, base_of)
    _report_lines(people, roles, unit_of, problems)
    departments = _departments(people, roles)
    _ids(departments, roles)
    ordered_depts = _tree_order(departments)
    order = {d.path: n for n, d in enumerate(ordered_depts)}
    ordered_roles = sorted(roles.values(), key=lambda r: (order[r.department], r.depth, r.line))
    for dept in ordered_depts:
        heads = [
            r
            for r in ordered_roles
            if r.department == dept.path and (r.reports_to is None or roles[r.reports_to].department != dept.path)
        ]
        dept.head = heads[0].key if heads else None
    persons = [
        DraftPerson(rows[i].name, rows[i].email, rows[i].id, role.key, rows[i].line, i)
        for role in ordered_roles
        for i in role.members
        if rows[i].filled
    ]
    draft = Draft(
        org,
        lang,
        ordered_depts,
        ordered_roles,
        persons,
        problems,
        people,
        vacancies=sum(1 for p in rows if p.status == "vacant"),
        pending=sum(1 for p in rows if p.status == "pending"),
    )
    return draft


def _inherit_departments(rows: list[Person], root: str) -> None:
    """A blank department is the manager's (up the chain); at the top, the organisation itself."""
    memo: dict[int, tuple] = {}
    for person in rows:
        chain = []
        node: Person | None = person
        while node is not None and not node.department and node.index not in memo:
            chain.append(node)
            node = rows[node.manager] if node.manager is not None else None
            if len(chain) > len(rows):
                break
        found = (node.department or memo.get(node.index)) if node is not None else None
        found = found or (root,)
        for n in chain:
            memo[n.index] = found
            n.department = found


def _units(people: People, base_of: list[tuple], teams: bool, problems: list[Problem]) -> list[tuple]:
    """Each row's role key: its base role, or its own (a team lead), or its team's."""
    rows = people.rows
    if not teams:
        return list(base_of)
    reports: dict[int, int] = Counter(p.manager for p in rows if p.manager is not None)
    managers_by_role: dict[tuple, int] = Counter(base_of[i] for i in reports)
    leads = {i for i in reports if managers_by_role[base_of[i]] >= 2}
    unit_of = [("lead", i) if i in leads else base_of[i] for i in range(len(rows))]
    led_by: dict[tuple, Counter] = defaultdict(Counter)
    for person in rows:
        if person.index not in leads and person.manager in leads:
            led_by[base_of[person.index]][person.manager] += 1
    split = {role: counts for role, counts in led_by.items() if len(counts) >= 2}
    for person in rows:
        base = base_of[person.index]
        if person.index in leads or base not in split:
            continue
        if person.manager in split[base]:
            unit_of[person.index] = ("team", *base[1:], person.manager)
        elif person.manager is None:
            lead = split[base].most_common(1)[0][0]
            unit_of[person.index] = ("team", *base[1:], lead)
            if person.manager_unknown:
                continue
            problems.append(
                Problem(
                    people.where(person),
                    "warning",
                    tr(
                        people.lang,
                        f"{person.label} ({person.title}) has no manager; counted in the team of "
                        f"{rows[lead].label}, the largest: fill in the team lead to place it",
                        f"{person.label}（{person.title}）没有直属上级，已计入最大的{rows[lead].label}组；请填写其班组长",
                    ),
                    "roster",
                )
            )
    return unit_of


def _lead_name(people: People, person: Person) -> str:
    if person.name:
        return person.name
    what = person.id or tr(people.lang, f"row {person.line}", f"第 {person.line} 行")
    return tr(people.lang, f"vacant {what}", f"空缺 {what}")


def _roles(people: People, unit_of: list[tuple], base_of: list[tuple]) -> dict[tuple, DraftRole]:
    rows, lang = people.rows, people.lang
    roles: dict[tuple, DraftRole] = {}
    for person in rows:
        key = unit_of[person.index]
        role = roles.get(key)
        if role is None:
            title = person.title
            if key[0] == "lead":
                title = tr(lang, f"{title} ({_lead_name(people, person)})", f"{title}（{_lead_name(people, person)}）")
            elif key[0] == "team":
                lead = _lead_name(people, rows[key[-1]])
                title = tr(lang, f"{title} ({lead}'s team)", f"{title}（{lead}组）")
            role = roles[key] = DraftRole(key, title, person.title, person.department, [], line=person.line)
        role.members.append(person.index)
    for role in roles.values():
        for attr, has in (("grade", people.has_grade), ("location", people.has_location)):
            if has:
                values = Counter(getattr(rows[i], attr) for i in role.members if getattr(rows[i], attr))
                setattr(role, attr, values.most_common(1)[0][0] if values else "")
    return roles


def _report_lines(people: People, roles: dict[tuple, DraftRole], unit_of: list[tuple], problems: list[Problem]) -> None:
    """Each role's reports_to (the most common role of its people's managers), dotted lines,
    depth; a role cycle (possible even when people form a tree) is broken at its highest role."""
    rows, lang = people.rows, people.lang
    depth = _person_depths(rows)
    for role in roles.values():
        votes: Counter = Counter()
        first: dict[tuple, int] = {}
        for i in role.members:
            manager = rows[i].manager
            if manager is not None and unit_of[manager] != role.key:
                votes[unit_of[manager]] += 1
                first.setdefault(unit_of[manager], rows[i].line)
        if votes:
            role.reports_to = max(votes, key=lambda k: (votes[k], -first[k]))
        if role.key[0] == "team" and role.reports_to is None:
            role.reports_to = unit_of[role.key[-1]]
        dotted: list[tuple] = []
        for i in role.members:
            dotted.extend(unit_of[d] for d in rows[i].dotted)
        role.dotted = [k for k in dict.fromkeys(dotted) if k != role.key and k != role.reports_to]
    _break_cycles(people, roles, depth, problems)
    for role in roles.values():
        for i in role.members:
            person = rows[i]
            if person.manager is None or unit_of[person.manager] in (role.key, role.reports_to):
                continue
            other = roles[unit_of[person.manager]]
            target = roles[role.reports_to].title if role.reports_to else tr(lang, "nobody", "无")
            boss = rows[person.manager]
            role.elsewhere.append(
                tr(
                    lang,
                    f"{person.label} -> {boss.label} ({other.title})",
                    f"{person.label} → {boss.label}（{other.title}）",
                )
            )
            problems.append(
                Problem(
                    people.where(person, person.manager_col),
                    "warning",
                    tr(
                        lang,
                        f"{person.label} ({role.title}) reports to {boss.label} ({other.title}), but the role reports "
                        f"to {target} as most of its people do: this line is not in the definition",
                        f"{person.label}（{role.title}）的上级是{boss.label}（{other.title}），而这个岗位按多数人汇报给"
                        f"“{target}”：这条汇报线不会写入定义",
                    ),
                    "roster",
                )
            )
    memo: dict[tuple, int] = {}
    for role in roles.values():
        chain: list[DraftRole] = []
        node: DraftRole | None = role
        while node is not None and node.key not in memo and len(chain) <= len(roles):
            chain.append(node)
            node = roles[node.reports_to] if node.reports_to is not None else None
        level = memo[node.key] if node is not None and node.key in memo else -1
        for n in reversed(chain):
            level += 1
            memo[n.key] = level
    for role in roles.values():
        role.depth = memo[role.key]


def _person_depths(rows: list[Person]) -> list[int]:
    depth = [-1] * len(rows)
    for person in rows:
        chain: list[Person] = []
        node: Person | None = person
        while node is not None and depth[node.index] < 0 and len(chain) <= len(rows):
            chain.append(node)
            node = rows[node.manager] if node.manager is not None else None
        level = depth[node.index] if node is not None else -1
        for n in reversed(chain):
            level += 1
            depth[n.index] = level
    return depth


def _break_cycles(people: People, roles: dict[tuple, DraftRole], depth: list[int], problems) -> None:
    state: dict[tuple, int] = {}
    for start in roles:
        path: list[tuple] = []
        node: tuple | None = start
        while node is not None and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = roles[node].reports_to
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            top = min(cycle, key=lambda k: (min(depth[i] for i in roles[k].members), roles[k].line))
            role = roles[top]
            names = " -> ".join(roles[k].title for k in cycle + [cycle[0]])
            problems.append(
                Problem(
                    people.where(role.line),
                    "warning",
                    tr(
                        people.lang,
                        f"roles report in a circle ({names}) although no person does; {role.title} is made a top role",
                        f"岗位之间的汇报成环（{names}），虽然人员之间没有；“{role.title}”作为最上层岗位导入",
                    ),
                    "roster",
                )
            )
            role.reports_to = None
        for k in path:
            state[k] = 2


def _departments(people: People, roles: dict[tuple, DraftRole]) -> dict[Path, DraftDepartment]:
    """Every department and prefix of a path; parents from the paths, else from the heads' lines."""
    depts: dict[Path, DraftDepartment] = {}
    for role in sorted(roles.values(), key=lambda r: r.line):
        path = role.department
        for n in range(1, len(path) + 1):
            prefix = path[:n]
            if prefix not in depts:
                depts[prefix] = DraftDepartment(prefix, prefix[-1], role.line, prefix[:-1] or None)
    # tops of paths: under the department their head reports into
    subtree: dict[Path, list[DraftRole]] = defaultdict(list)
    for role in roles.values():
        for n in range(1, len(role.department) + 1):
            subtree[role.department[:n]].append(role)
    tops = [d for d in depts.values() if d.parent is None]

    def head_of(dept: DraftDepartment):
        inside = {r.key for r in subtree[dept.path]}
        outward = [r for r in subtree[dept.path] if r.reports_to is not None and r.reports_to not in inside]
        return min(outward, key=lambda r: (r.depth, r.line)) if outward else None

    heads = {d.path: head_of(d) for d in tops}
    for dept in sorted(tops, key=lambda d: (heads[d.path].depth if heads[d.path] else -1, d.line)):
        head = heads[dept.path]
        if head is None:
            continue
        parent = roles[head.reports_to].department
        ancestor: tuple | None = parent
        while ancestor is not None and ancestor != dept.path:
            ancestor = depts[ancestor].parent
        if ancestor is None:  # no cycle
            dept.parent = parent
    for dept in depts.values():
        if dept.parent is not None:
            depts[dept.parent].children.append(dept)
    return depts


def _tree_order(depts: dict[Path, DraftDepartment]) -> list[DraftDepartment]:
    out = []
    stack = sorted((d for d in depts.values() if d.parent is None), key=lambda d: d.line, reverse=True)
    while stack:
        dept = stack.pop()
        out.append(dept)
        stack.extend(sorted(dept.children, key=lambda d: d.line, reverse=True))
    return out


def slug(text: str) -> str:
    """An id from a name: ``Vice President, Sales`` -> ``vice-president-sales``; ``生产部`` stays."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w.]+|_+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-.")
    return text[:60].rstrip("-.")


def unique(base: str, taken: set[str], fallback: str) -> str:
    base = base or fallback
    ident, n = base, 2
    while ident.casefold() in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident.casefold())
    return ident


def _ids(depts: dict[Path, DraftDepartment], roles: dict[tuple, DraftRole]) -> None:
    """Department ids from their names (with the parent's when a name repeats); role ids from their
    titles (with the department's when a title is used in several departments)."""
    names = Counter(d.name for d in depts.values())
    taken: set[str] = set()
    for dept in sorted(depts.values(), key=lambda d: (len(d.path), d.line)):
        base = slug(dept.name) if names[dept.name] == 1 else slug("-".join(dept.path[-2:]))
        dept.id = unique(base, taken, "dept")
    titles: dict[str, set] = defaultdict(set)
    for role in roles.values():
        titles[role.base_title].add(role.department)
    taken = set()
    base_ids: dict[tuple, str] = {}

    def base_id(role: DraftRole) -> str:
        key = (role.department, role.base_title)
        if key not in base_ids:
            title = slug(role.base_title)
            base_ids[key] = title if len(titles[role.base_title]) == 1 else f"{depts[role.department].id}-{title}"
        return base_ids[key]

    ordered = sorted(roles.values(), key=lambda r: (r.key[0] != "base", r.line))
    for role in ordered:
        base = base_id(role)
        if role.key[0] != "base":
            suffix = re.search(r"[（(](.*?)(?:组|'s team)?[）)]$", role.title)
            base = f"{base}-{slug(suffix.group(1)) if suffix else len(taken)}"
        role.id = unique(base[:120], taken, "role")
