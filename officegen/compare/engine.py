"""Compare two models item by item: organisation, departments, roles, people, activities, RACI.

Items are paired by id, then by rename (:mod:`match`); references (parent, department, manager,
dotted lines, a person's role, RACI keys) are compared in NEW's terms, so renaming a department
moves none of its roles. Texts are compared in the models' language and, when models in the
other language are given, in that one too (a translation edited alone is a change of the
documents in that language). Time is linear in the size of the two versions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from officegen.compare.changes import Change, Comparison, DepartmentHeadcount, Finding, LoadShift
from officegen.compare.figures import figures, letter_counts
from officegen.compare.match import pair, translate
from officegen.definition.model import Activity, Department, Organization, Person, Role

#: text fields compared in the other language too
TEXT_FIELDS = {
    "organization": ("name", "description", "location"),
    "department": ("name", "description"),
    "role": ("title", "grade", "location", "summary", "responsibilities", "requirements", "kpis"),
    "activity": ("name", "process", "description"),
}
DOCUMENT_FIELDS = ("number", "version", "effective_date", "prepared_by", "approved_by", "signatures")


def compare(
    old: Organization, new: Organization, *, old_alt: Organization | None = None, new_alt: Organization | None = None
) -> Comparison:
    """Every change from ``old`` to ``new`` (one language); ``old_alt``/``new_alt``: the same two
    versions in the other language, for changes of translations only."""
    return _Comparer(old, new, old_alt, new_alt).run()


class _Comparer:
    def __init__(
        self, old: Organization, new: Organization, old_alt: Organization | None, new_alt: Organization | None
    ):
        self.old, self.new = old, new
        self.alt: tuple[Organization, Organization] | None = None
        self.alt_lang = ""
        self.alt_acts: tuple[dict[str, Activity], dict[str, Activity]] = ({}, {})
        if old_alt is not None and new_alt is not None:
            self.alt = (old_alt, new_alt)
            self.alt_lang = new_alt.lang
            self.alt_acts = ({a.id: a for a in old_alt.activities}, {a.id: a for a in new_alt.activities})
        self.changes: list[Change] = []
        self.old_acts = {a.id: a for a in old.activities}
        self.new_acts = {a.id: a for a in new.activities}
        self.dept = pair(
            old.departments,
            new.departments,
            lambda d, p: (d.name, translate(d.parent_id, p)),
            lambda d: (d.name, d.parent_id),
        )
        self.role = pair(
            old.roles,
            new.roles,
            lambda r, p: (r.title, translate(r.department_id, self.dept), translate(r.reports_to_id, p)),
            lambda r: (r.title, r.department_id, r.reports_to_id),
        )
        self.act = pair(self.old_acts, self.new_acts, lambda a, p: (a.name, a.process), lambda a: (a.name, a.process))
        self.role_back = {v: k for k, v in self.role.items()}

    def run(self) -> Comparison:
        self.organization()
        self.departments()
        self.roles()
        self.people()
        findings = self.activities()
        return Comparison(
            old=self.old,
            new=self.new,
            changes=tuple(self.changes),
            findings=tuple(findings),
            load=tuple(self.load()),
            before=figures(self.old),
            after=figures(self.new),
            headcount=tuple(self.headcount()),
            matched={"department": dict(self.dept), "role": dict(self.role), "activity": dict(self.act)},
        )

    # -- helpers -------------------------------------------------------------------------------
    def emit(
        self,
        kind: str,
        action: str,
        ident: str,
        name: str,
        field: str = "",
        old=None,
        new=None,
        *,
        old_id: str | None = None,
        **extra,
    ) -> None:
        self.changes.append(Change(kind, action, ident, name, field, old, new, old_id=old_id, **extra))

    def texts(
        self, kind: str, o, n, fields: Sequence[str], ident: str, name: str, old_id: str, alt_items: tuple | None
    ) -> None:
        """Changes of text fields, then of their translations in the other language."""
        for f in fields:
            ov, nv = getattr(o, f), getattr(n, f)
            if ov != nv:
                self.emit(kind, "change", ident, name, f, ov, nv, old_id=old_id, lang=self.new.lang)
            if alt_items is not None and f in TEXT_FIELDS[kind]:
                ao, an = (getattr(alt_items[0], f), getattr(alt_items[1], f))
                if ao != an and (ao, an) != (ov, nv):
                    self.emit(kind, "change", ident, name, f, ao, an, old_id=old_id, lang=self.alt_lang)

    def alt_pair(self, table: str, old_id: str, new_id: str) -> tuple | None:
        """The OLD and NEW item in the other language, or None without those models."""
        if self.alt is None:
            return None
        if table == "activities":
            return self.alt_acts[0][old_id], self.alt_acts[1][new_id]
        return getattr(self.alt[0], table)[old_id], getattr(self.alt[1], table)[new_id]

    def dept_name(self, org: Organization, dept_id: str | None) -> str | None:
        return org.departments[dept_id].name if dept_id is not None and dept_id in org.departments else None

    def role_title(self, org: Organization, role_id: str | None) -> str | None:
        return org.roles[role_id].title if role_id is not None and role_id in org.roles else None

    # -- organisation ----------------------------------------------------------------------------
    def organization(self) -> None:
        o, n = self.old, self.new
        alt = self.alt
        ident, name = "organization", n.name
        for f in ("name", "description", "location"):
            ov, nv = getattr(o, f), getattr(n, f)
            if ov != nv:
                self.emit("organization", "change", ident, name, f, ov, nv, old_id=ident, lang=n.lang)
            if alt is not None:
                ao, an = getattr(alt[0], f), getattr(alt[1], f)
                if ao != an and (ao, an) != (ov, nv):
                    self.emit("organization", "change", ident, name, f, ao, an, old_id=ident, lang=self.alt_lang)
        if o.scheme != n.scheme:
            self.emit("organization", "change", ident, name, "raci_scheme", o.scheme, n.scheme, old_id=ident)
        od, nd = o.document, n.document
        for f in DOCUMENT_FIELDS:
            ov = getattr(od, f) if od is not None else None
            nv = getattr(nd, f) if nd is not None else None
            if ov != nv:
                self.emit("organization", "change", ident, name, f"document_control.{f}", ov, nv, old_id=ident)

    # -- departments ----------------------------------------------------------------------------
    def departments(self) -> None:
        o_org, n_org = self.old, self.new
        back = {v: k for k, v in self.dept.items()}
        for d in n_org.departments.values():
            if d.id not in back:
                self.emit("department", "add", d.id, d.name)
                continue
            self.department(o_org.departments[back[d.id]], d)
        for d in o_org.departments.values():
            if d.id not in self.dept:
                self.emit("department", "delete", d.id, d.name, old_id=d.id)

    def department(self, o: Department, n: Department) -> None:
        ident, name = n.id, n.name
        if o.id != n.id:
            self.emit("department", "change", ident, name, "id", o.id, n.id, old_id=o.id)
        self.texts("department", o, n, ("name",), ident, name, o.id, self.alt_pair("departments", o.id, n.id))
        if translate(o.parent_id, self.dept) != n.parent_id:
            self.emit(
                "department",
                "move",
                ident,
                name,
                "parent",
                o.parent_id,
                n.parent_id,
                old_id=o.id,
                old_name=self.dept_name(self.old, o.parent_id),
                new_name=self.dept_name(self.new, n.parent_id),
            )
        self.texts("department", o, n, ("description",), ident, name, o.id, self.alt_pair("departments", o.id, n.id))

    # -- roles ----------------------------------------------------------------------------------
    def roles(self) -> None:
        for r in self.new.roles_in_org_order():
            if r.id not in self.role_back:
                self.emit("role", "add", r.id, r.title)
                continue
            self.role_pair(self.old.roles[self.role_back[r.id]], r)
        for r in self.old.roles_in_org_order():
            if r.id not in self.role:
                self.emit("role", "delete", r.id, r.title, old_id=r.id)

    def role_pair(self, o: Role, n: Role) -> None:
        ident, name, old_id = n.id, n.title, o.id
        alt = self.alt_pair("roles", o.id, n.id)
        if o.id != n.id:
            self.emit("role", "change", ident, name, "id", o.id, n.id, old_id=old_id)
        self.texts("role", o, n, ("title",), ident, name, old_id, alt)
        if translate(o.department_id, self.dept) != n.department_id:
            self.emit(
                "role",
                "move",
                ident,
                name,
                "department",
                o.department_id,
                n.department_id,
                old_id=old_id,
                old_name=self.dept_name(self.old, o.department_id),
                new_name=self.dept_name(self.new, n.department_id),
            )
        if translate(o.reports_to_id, self.role) != n.reports_to_id:
            self.emit(
                "role",
                "move",
                ident,
                name,
                "reports_to",
                o.reports_to_id,
                n.reports_to_id,
                old_id=old_id,
                old_name=self.role_title(self.old, o.reports_to_id),
                new_name=self.role_title(self.new, n.reports_to_id),
            )
        old_dotted = {translate(t, self.role): t for t in o.dotted_line_to}
        for t in n.dotted_line_to:
            if t not in old_dotted:
                self.emit(
                    "role",
                    "add",
                    ident,
                    name,
                    "dotted_line_to",
                    None,
                    t,
                    old_id=old_id,
                    new_name=self.role_title(self.new, t),
                )
        for mapped, t in old_dotted.items():
            if mapped not in n.dotted_line_to:
                self.emit(
                    "role",
                    "delete",
                    ident,
                    name,
                    "dotted_line_to",
                    t,
                    None,
                    old_id=old_id,
                    old_name=self.role_title(self.old, t),
                )
        if o.headcount != n.headcount:
            self.emit("role", "change", ident, name, "headcount", o.headcount, n.headcount, old_id=old_id)
        self.texts("role", o, n, ("grade",), ident, name, old_id, alt)
        # a location both versions take from the organisation's default is the organisation's change
        defaulted = o.location == self.old.location and n.location == self.new.location
        if not defaulted:
            self.texts("role", o, n, ("location",), ident, name, old_id, alt)
        self.texts("role", o, n, ("summary", "responsibilities", "requirements", "kpis"), ident, name, old_id, alt)

    # -- people ---------------------------------------------------------------------------------
    def people(self) -> None:
        pairs = pair_people(self.old.people, self.new.people, self.role)
        matched_old = set()
        by_new = {}
        for oi, ni in pairs:
            by_new[ni] = oi
            matched_old.add(oi)
        for ni, n in enumerate(self.new.people):
            ident = person_id(n)
            if ni not in by_new:
                self.emit(
                    "person",
                    "add",
                    ident,
                    n.name,
                    "role",
                    None,
                    n.role_id,
                    new_name=self.role_title(self.new, n.role_id),
                )
                continue
            o = self.old.people[by_new[ni]]
            old_id = person_id(o)
            if o.name != n.name:
                self.emit("person", "change", ident, n.name, "name", o.name, n.name, old_id=old_id)
            if (o.email or None) != (n.email or None):
                self.emit("person", "change", ident, n.name, "email", o.email, n.email, old_id=old_id)
            if translate(o.role_id, self.role) != n.role_id:
                self.emit(
                    "person",
                    "move",
                    ident,
                    n.name,
                    "role",
                    o.role_id,
                    n.role_id,
                    old_id=old_id,
                    old_name=self.role_title(self.old, o.role_id),
                    new_name=self.role_title(self.new, n.role_id),
                )
        for oi, o in enumerate(self.old.people):
            if oi not in matched_old:
                self.emit(
                    "person",
                    "delete",
                    person_id(o),
                    o.name,
                    "role",
                    o.role_id,
                    None,
                    old_id=person_id(o),
                    old_name=self.role_title(self.old, o.role_id),
                )

    # -- activities and their letters ----------------------------------------------------------------
    def activities(self) -> list[Finding]:
        back = {v: k for k, v in self.act.items()}
        findings: list[Finding] = []
        raci: list[Change] = []
        for a in self.new.activities:
            if a.id not in back:
                self.emit("activity", "add", a.id, a.name)
                raci.extend(self.letters(None, a))
                findings.extend(_new_findings(a))
                continue
            o = self.old_acts[back[a.id]]
            self.activity(o, a)
            letters = self.letters(o, a)
            raci.extend(letters)
            if letters:
                findings.extend(_findings(o, a))
        for a in self.old.activities:
            if a.id not in self.act:
                self.emit("activity", "delete", a.id, a.name, old_id=a.id)
                raci.extend(self.letters(a, None))
        self.changes.extend(raci)
        return findings

    def activity(self, o: Activity, n: Activity) -> None:
        ident, name, old_id = n.id, n.name, o.id
        alt = self.alt_pair("activities", o.id, n.id)
        if o.id != n.id:
            self.emit("activity", "change", ident, name, "id", o.id, n.id, old_id=old_id)
        self.texts("activity", o, n, ("name",), ident, name, old_id, alt)
        if o.process != n.process:
            self.emit(
                "activity", "move", ident, name, "process", o.process, n.process, old_id=old_id, lang=self.new.lang
            )
        if alt is not None:
            ao, an = alt[0].process, alt[1].process
            if ao != an and (ao, an) != (o.process, n.process):
                self.emit(
                    "activity",
                    "move" if o.process != n.process else "change",
                    ident,
                    name,
                    "process",
                    ao,
                    an,
                    old_id=old_id,
                    lang=self.alt_lang,
                )
        self.texts("activity", o, n, ("description",), ident, name, old_id, alt)

    def letters(self, o: Activity | None, n: Activity | None) -> list[Change]:
        """One change per role whose letters differ between ``o`` and ``n`` (either may be None)."""
        old: dict[object, str] = {}
        if o is not None:
            for r, letters in o.assignments:
                old[self.role.get(r, ("old", r))] = letters
        new: dict[object, str] = dict(n.assignments) if n is not None else {}
        keys = list(new) + [k for k in old if k not in new]
        activity = n if n is not None else o
        assert activity is not None
        out = []
        for key in keys:
            ol, nl = old.get(key, ""), new.get(key, "")
            if ol == nl:
                continue
            if isinstance(key, tuple):
                role_id = key[1]
                role_name = self.role_title(self.old, role_id)
            else:
                role_id = str(key)
                role_name = self.role_title(self.new, role_id)
            action = "add" if not ol else "delete" if not nl else "change"
            out.append(
                Change(
                    "raci",
                    action,
                    activity.id,
                    activity.name,
                    "raci",
                    ol,
                    nl,
                    old_id=o.id if o is not None else None,
                    role=role_id,
                    role_name=role_name,
                )
            )
        return out

    # -- what follows ---------------------------------------------------------------------------------
    def load(self) -> list[LoadShift]:
        old_counts = letter_counts(self.old)
        new_counts = letter_counts(self.new)
        order = {r: i for i, r in enumerate(self.new.roles)}
        shifts = []
        seen = set()
        for role_id in self.new.roles:
            nc = new_counts.get(role_id, Counter())
            back = self.role_back.get(role_id)
            oc = old_counts.get(back, Counter()) if back else Counter()
            seen.add(back)
            shifts.append(LoadShift(role_id, self.new.roles[role_id].title, oc["A"], oc["R"], nc["A"], nc["R"]))
        for role_id in self.old.roles:
            if role_id not in seen and role_id not in self.role:
                oc = old_counts.get(role_id, Counter())
                shifts.append(LoadShift(role_id, self.old.roles[role_id].title, oc["A"], oc["R"], 0, 0))
        shifts = [s for s in shifts if s.delta]
        end = len(order)
        return sorted(shifts, key=lambda s: (-abs(s.delta), -s.new, order.get(s.role, end)))

    def headcount(self) -> list[DepartmentHeadcount]:
        out = []
        back = {v: k for k, v in self.dept.items()}
        for d in self.new.departments.values():
            now = self.new.headcount(d.id)
            then = self.old.headcount(back[d.id]) if d.id in back else None
            op, of = (then.planned, then.filled) if then else (0, 0)
            if (op, of) != (now.planned, now.filled):
                out.append(DepartmentHeadcount(d.id, d.name, op, now.planned, of, now.filled))
        for d in self.old.departments.values():
            if d.id not in self.dept:
                then = self.old.headcount(d.id)
                if then.planned or then.filled:
                    out.append(DepartmentHeadcount(d.id, d.name, then.planned, 0, then.filled, 0))
        return out


def person_id(person: Person) -> str:
    """How a person is named in changes: the e-mail when given, else the name."""
    return person.email or person.name


def pair_people(old: Sequence[Person], new: Sequence[Person], roles: Mapping[str, str]) -> list[tuple[int, int]]:
    """(OLD index, NEW index) of the same person: by e-mail where it is unique on both sides, then
    by name, those still in the same role (in NEW's terms) first."""
    pairs: list[tuple[int, int]] = []
    old_left = set(range(len(old)))
    new_left = set(range(len(new)))

    def by_email(people: Sequence[Person]) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(people):
            if p.email:
                groups[p.email.strip().lower()].append(i)
        return groups

    old_mail, new_mail = by_email(old), by_email(new)
    for mail, olds in old_mail.items():
        news = new_mail.get(mail, [])
        if len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0]))
            old_left.discard(olds[0])
            new_left.discard(news[0])
    old_names: dict[str, list[int]] = defaultdict(list)
    for i in sorted(old_left):
        old_names[old[i].name].append(i)
    new_names: dict[str, list[int]] = defaultdict(list)
    for i in sorted(new_left):
        new_names[new[i].name].append(i)
    for name, olds in old_names.items():
        news = new_names.get(name, [])
        if not news:
            continue
        rest_old = []
        for oi in olds:  # the same person in the same role, first
            role = roles.get(old[oi].role_id)
            match = next((ni for ni in news if new[ni].role_id == role), None)
            if match is None:
                rest_old.append(oi)
            else:
                pairs.append((oi, match))
                news.remove(match)
        for oi, ni in zip(rest_old, list(news)):  # noqa: B905 - as many as both have
            pairs.append((oi, ni))
            news.remove(ni)
    return sorted(pairs, key=lambda p: p[1])


def _counts(a: Activity) -> tuple[int, int]:
    return len(a.roles_with("A")), len(a.roles_with("R"))


def _findings(o: Activity, n: Activity) -> list[Finding]:
    old_a, old_r = _counts(o)
    new_a, new_r = _counts(n)
    out = []
    if old_a and not new_a:
        out.append(Finding(n.id, n.name, "lost_a"))
    elif not old_a and new_a:
        out.append(Finding(n.id, n.name, "gained_a", n.roles_with("A")))
    if old_a <= 1 < new_a:
        out.append(Finding(n.id, n.name, "multiple_a", n.roles_with("A")))
    if old_r and not new_r:
        out.append(Finding(n.id, n.name, "lost_r"))
    elif not old_r and new_r:
        out.append(Finding(n.id, n.name, "gained_r", n.roles_with("R")))
    return out


def _new_findings(n: Activity) -> list[Finding]:
    new_a, new_r = _counts(n)
    out = []
    if not new_a:
        out.append(Finding(n.id, n.name, "no_a"))
    elif new_a > 1:
        out.append(Finding(n.id, n.name, "multiple_a", n.roles_with("A")))
    if not new_r:
        out.append(Finding(n.id, n.name, "no_r"))
    return out
