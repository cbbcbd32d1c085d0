"""The organisation as the generators see it: typed, immutable, in one language, with its lookups.

Built once from a validated definition; every lookup a generator needs (manager chain, reports,
activities by letter, headcount rolled up per department, roles in org-chart order) is
precomputed here in linear time, so no generator walks the raw definition or repeats the work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any

# the RACI letters' home is the format (schema); generators take them from here, with the model
from officegen.definition.schema import CELL_ORDER as CELL_ORDER
from officegen.definition.schema import LETTERS as LETTERS
from officegen.definition.schema import TeamSpec, normalise_letters
from officegen.definition.validator import RaciFinding, raci_findings
from officegen.i18n import normalise_lang, resolve, untranslated


@dataclass(frozen=True)
class Person:
    name: str
    role_id: str
    email: str | None = None


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    parent_id: str | None
    description: str
    depth: int
    #: sub-departments, in definition order
    child_ids: tuple[str, ...]
    #: roles placed directly in this department, in org order
    role_ids: tuple[str, ...]
    #: the highest role of the department (the one whose manager is outside it), or None
    head_id: str | None


@dataclass(frozen=True)
class Revision:
    """One entry of a job description's revision record: date and version as written ("" when not
    given), and what changed, one line each."""

    date: str
    version: str
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    department_id: str
    reports_to_id: str | None
    dotted_line_to: tuple[str, ...]
    headcount: int
    grade: str
    location: str
    summary: str
    responsibilities: tuple[str, ...]
    requirements: tuple[str, ...]
    kpis: tuple[str, ...]
    people: tuple[Person, ...]
    #: 0 for a role with no manager
    depth: int
    direct_report_ids: tuple[str, ...]
    #: everybody below this role, however deep
    total_reports: int
    #: the revision record of its job description, oldest first
    revisions: tuple[Revision, ...] = ()

    @property
    def filled(self) -> int:
        """People named for this role, never more than its headcount."""
        return min(len(self.people), self.headcount)

    @property
    def vacant(self) -> int:
        return max(self.headcount - len(self.people), 0)


@dataclass(frozen=True)
class Activity:
    id: str
    name: str
    process: str
    description: str
    #: (role id, letters) in the order written; letters upper-case, in cell order (``CELL_ORDER``: "AR")
    assignments: tuple[tuple[str, str], ...]

    def roles_with(self, letter: str) -> tuple[str, ...]:
        return tuple(role for role, letters in self.assignments if letter in letters)

    def letters_of(self, role_id: str) -> str:
        for role, letters in self.assignments:
            if role == role_id:
                return letters
        return ""


@dataclass(frozen=True)
class DocumentControl:
    """The control block of a printed job description (all text; "" when not given);
    ``signatures`` None means the usual three (employee, department head, HR)."""

    number: str
    version: str
    effective_date: str
    prepared_by: str
    approved_by: str
    signatures: tuple[str, ...] | None


@dataclass(frozen=True)
class Headcount:
    planned: int
    filled: int

    @property
    def vacant(self) -> int:
        return self.planned - self.filled


@dataclass(frozen=True)
class Organization:
    """The whole model. Mappings are read-only; departments in tree order, roles in definition order."""

    name: str
    lang: str
    description: str
    scheme: str
    departments: Mapping[str, Department]
    roles: Mapping[str, Role]
    people: tuple[Person, ...]
    activities: tuple[Activity, ...]
    _dotted_from: Mapping[str, tuple[str, ...]] = field(repr=False)
    _by_letter: Mapping[tuple[str, str], tuple[Activity, ...]] = field(repr=False)
    _dept_headcount: Mapping[str, Headcount] = field(repr=False)
    _org_order: tuple[str, ...] = field(repr=False)
    #: how many texts have no translation into ``lang`` and are shown in another language
    untranslated: int = 0
    #: where roles work when they do not say (the organisation's default location), "" for none
    location: str = ""
    #: the document-control block of printed job descriptions, None when not given
    document: DocumentControl | None = None
    #: the department this is a view of (``subtree``), None for the whole organisation
    focus: str | None = None

    def __reduce__(self):
        """Picklable, so worker processes started with spawn (Windows, macOS) can have it: the
        read-only mappings travel as dicts and are made read-only again on arrival."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        proxied = tuple(k for k, v in values.items() if isinstance(v, MappingProxyType))
        return _organization, ({k: dict(v) if k in proxied else v for k, v in values.items()}, proxied)

    # -- departments ---------------------------------------------------------
    @property
    def root_departments(self) -> tuple[Department, ...]:
        return tuple(d for d in self.departments.values() if d.parent_id is None)

    def walk_departments(self) -> Iterator[Department]:
        """Departments depth-first in definition order: the order of an org chart read top-down."""
        stack = list(reversed(self.root_departments))
        while stack:
            dept = stack.pop()
            yield dept
            stack.extend(self.departments[c] for c in reversed(dept.child_ids))

    def in_focus(self, department_id: str) -> bool:
        """Whether a department is part of what this view is about: always for the whole
        organisation; in a department's view (``subtree``), that department and those below it
        (not the departments above, which are there as context)."""
        if self.focus is None:
            return True
        dept: str | None = department_id
        while dept is not None:
            if dept == self.focus:
                return True
            dept = self.departments[dept].parent_id if dept in self.departments else None
        return False

    def department_of(self, role_id: str) -> Department:
        return self.departments[self.roles[role_id].department_id]

    def headcount(self, department_id: str, *, subtree: bool = True) -> Headcount:
        """Planned and filled headcount of a department, its sub-departments included by default."""
        if subtree:
            return self._dept_headcount[department_id]
        roles = [self.roles[r] for r in self.departments[department_id].role_ids]
        return Headcount(sum(r.headcount for r in roles), sum(r.filled for r in roles))

    @property
    def total_headcount(self) -> Headcount:
        return Headcount(sum(r.headcount for r in self.roles.values()), sum(r.filled for r in self.roles.values()))

    # -- roles ---------------------------------------------------------------
    @property
    def root_roles(self) -> tuple[Role, ...]:
        return tuple(r for r in self.roles.values() if r.reports_to_id is None)

    def manager_of(self, role_id: str) -> Role | None:
        manager = self.roles[role_id].reports_to_id
        return self.roles[manager] if manager else None

    def manager_chain(self, role_id: str) -> tuple[Role, ...]:
        """Managers from the direct one up to the top."""
        chain = []
        role = self.manager_of(role_id)
        while role is not None:
            chain.append(role)
            role = self.manager_of(role.id)
        return tuple(chain)

    def direct_reports(self, role_id: str) -> tuple[Role, ...]:
        return tuple(self.roles[r] for r in self.roles[role_id].direct_report_ids)

    def dotted_line_from(self, role_id: str) -> tuple[Role, ...]:
        """Roles that have a dotted line *to* this role."""
        return tuple(self.roles[r] for r in self._dotted_from.get(role_id, ()))

    def roles_in_org_order(self) -> tuple[Role, ...]:
        """Department tree order, then reporting depth, then definition order within a department."""
        return tuple(self.roles[r] for r in self._org_order)

    # -- activities ------------------------------------------------------------
    def activities_for(self, role_id: str, letter: str) -> tuple[Activity, ...]:
        """Activities in which ``role_id`` holds ``letter`` (R, A, S, C or I), in definition order."""
        return self._by_letter.get((role_id, letter), ())

    @property
    def processes(self) -> tuple[tuple[str, tuple[Activity, ...]], ...]:
        """Activities grouped by process, processes in order of first appearance."""
        groups: dict[str, list[Activity]] = {}
        for activity in self.activities:
            groups.setdefault(activity.process, []).append(activity)
        return tuple((name, tuple(items)) for name, items in groups.items())

    @property
    def raci_findings(self) -> tuple[RaciFinding, ...]:
        """The activities that break the RACI rule (one A, at least one R), in definition order, as
        the validator finds them (``validator.raci_findings``)."""
        return tuple(f for a in self.activities for f in raci_findings(a.id, a.assignments))

    @property
    def scheme_letters(self) -> str:
        """The letters of the scheme, in listing order (a scheme's name is its letters: "RASCI")."""
        return self.scheme


def build(spec: TeamSpec, lang: str | None = None) -> Organization:
    """Build the model from a definition that passed validation, in ``lang`` (default: its locale)."""
    fallback = spec.organization.locale
    lang = normalise_lang(lang) if lang else fallback

    fell_back = [0]

    def text(value) -> str:
        if untranslated(value, lang):
            fell_back[0] += 1
        return resolve(value, lang, fallback)

    def name(value) -> str:  # people's names are not translated
        return resolve(value, lang, fallback)

    o = spec.organization
    default_location = text(o.location)
    control = o.document_control
    document = (
        DocumentControl(
            number=text(control.number),
            version=text(control.version),
            effective_date=text(control.effective_date),
            prepared_by=text(control.prepared_by),
            approved_by=text(control.approved_by),
            signatures=tuple(text(t) for t in control.signatures) if control.signatures is not None else None,
        )
        if control is not None
        else None
    )
    people = [Person(name(p.name), p.role, p.email) for p in spec.people]
    roles = [
        Role(
            id=r.id,
            title=text(r.title),
            department_id=r.department,
            reports_to_id=r.reports_to,
            dotted_line_to=tuple(r.dotted_line_to),
            headcount=r.headcount,
            grade=text(r.grade),
            location=text(r.location) or default_location,
            summary=text(r.summary),
            responsibilities=tuple(text(t) for t in r.responsibilities),
            requirements=tuple(text(t) for t in r.requirements),
            kpis=tuple(text(t) for t in r.kpis),
            people=(),
            depth=0,
            direct_report_ids=(),
            total_reports=0,
            revisions=tuple(
                Revision(text(v.date), text(v.version), tuple(text(t) for t in v.changes)) for v in r.revisions
            ),
        )
        for r in spec.roles
    ]
    departments = [
        Department(
            id=d.id,
            name=text(d.name),
            parent_id=d.parent,
            description=text(d.description),
            depth=0,
            child_ids=(),
            role_ids=(),
            head_id=None,
        )
        for d in spec.departments
    ]
    activities = [
        Activity(
            id=a.id,
            name=text(a.name),
            process=text(a.process),
            description=text(a.description),
            assignments=tuple((role, normalise_letters(value)) for role, value in a.raci.items()),
        )
        for a in spec.activities
    ]
    return assemble(
        name=text(o.name),
        lang=lang,
        description=text(o.description),
        scheme=o.raci_scheme,
        departments=departments,
        roles=roles,
        people=people,
        activities=activities,
        untranslated=fell_back[0],
        location=default_location,
        document=document,
    )


def assemble(
    *,
    name: str,
    lang: str,
    description: str,
    scheme: str,
    departments,
    roles,
    people,
    activities,
    untranslated: int = 0,
    location: str = "",
    document: DocumentControl | None = None,
    focus: str | None = None,
) -> Organization:
    """The model from its parts (roles and departments in definition order; their derived fields,
    such as depth, reports and heads, are computed here and whatever they held is ignored)."""
    people = list(people)
    people_by_role: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        people_by_role[person.role_id].append(person)
    roles = list(roles)
    reports: dict[str, list[str]] = defaultdict(list)
    dotted_from: dict[str, list[str]] = defaultdict(list)
    for r in roles:
        if r.reports_to_id:
            reports[r.reports_to_id].append(r.id)
        for other in r.dotted_line_to:
            dotted_from[other].append(r.id)

    # depth and subtree sizes in one pass over the reporting forest, iteratively
    depth: dict[str, int] = {}
    total: dict[str, int] = {}
    order: list[str] = []
    for root in (r.id for r in roles if not r.reports_to_id):
        stack = [root]
        depth[root] = 0
        while stack:
            node = stack.pop()
            order.append(node)
            for child in reports[node]:
                depth[child] = depth[node] + 1
                stack.append(child)
    for node in reversed(order):
        total[node] = sum(1 + total[c] for c in reports[node])

    by_id = {
        r.id: replace(
            r,
            people=tuple(people_by_role.get(r.id, ())),
            depth=depth.get(r.id, 0),
            direct_report_ids=tuple(reports[r.id]),
            total_reports=total.get(r.id, 0),
        )
        for r in roles
    }

    dept_roles: dict[str, list[str]] = defaultdict(list)
    for r in sorted(roles, key=lambda r: depth.get(r.id, 0)):  # stable: definition order per depth
        dept_roles[r.department_id].append(r.id)
    departments = list(departments)
    dept_children: dict[str, list[str]] = defaultdict(list)
    for d in departments:
        if d.parent_id:
            dept_children[d.parent_id].append(d.id)
    dept_depth: dict[str, int] = {}
    dept_order: list[str] = []
    stack = [d.id for d in reversed(departments) if not d.parent_id]
    for root in stack:
        dept_depth[root] = 0
    while stack:
        node = stack.pop()
        dept_order.append(node)
        for child in reversed(dept_children[node]):
            dept_depth[child] = dept_depth[node] + 1
            stack.append(child)

    def head(dept_id: str) -> str | None:
        for role_id in dept_roles.get(dept_id, ()):
            manager = by_id[role_id].reports_to_id
            if manager is None or by_id[manager].department_id != dept_id:
                return role_id
        return None

    depts = {
        d.id: replace(
            d,
            depth=dept_depth.get(d.id, 0),
            child_ids=tuple(dept_children[d.id]),
            role_ids=tuple(dept_roles.get(d.id, ())),
            head_id=head(d.id),
        )
        for d in departments
    }
    dept_headcount: dict[str, Headcount] = {}
    for dept_id in reversed(dept_order):
        own = [by_id[r] for r in depts[dept_id].role_ids]
        planned = sum(r.headcount for r in own)
        filled = sum(r.filled for r in own)
        for child in depts[dept_id].child_ids:
            planned += dept_headcount[child].planned
            filled += dept_headcount[child].filled
        dept_headcount[dept_id] = Headcount(planned, filled)

    by_letter: dict[tuple[str, str], list[Activity]] = defaultdict(list)
    for activity in activities:
        for role, letters in activity.assignments:
            for letter in letters:
                by_letter[(role, letter)].append(activity)

    org_order = [r for dept_id in dept_order for r in depts[dept_id].role_ids]
    return Organization(
        name=name,
        lang=lang,
        description=description,
        scheme=scheme,
        departments=MappingProxyType({d: depts[d] for d in dept_order}),
        roles=MappingProxyType(by_id),
        people=tuple(people),
        activities=tuple(activities),
        _dotted_from=MappingProxyType({k: tuple(v) for k, v in dotted_from.items()}),
        _by_letter=MappingProxyType({k: tuple(v) for k, v in by_letter.items()}),
        _dept_headcount=MappingProxyType(dept_headcount),
        _org_order=tuple(org_order),
        untranslated=untranslated,
        location=location,
        document=document,
        focus=focus,
    )


# -- views: the same organisation, for a narrower audience ---------------------------------------------


def _rebuild(org: Organization, *, roles, departments, people, activities, focus: str | None) -> Organization:
    return assemble(
        name=org.name,
        lang=org.lang,
        description=org.description,
        scheme=org.scheme,
        departments=departments,
        roles=roles,
        people=people,
        activities=activities,
        untranslated=org.untranslated,
        location=org.location,
        document=org.document,
        focus=focus,
    )


def without_names(org: Organization) -> Organization:
    """The organisation with every holder's name (and e-mail) left out, for postings and wide
    distribution: headcounts, filled and vacant positions stay as they are."""
    people = [replace(p, name="", email=None) for p in org.people]
    return _rebuild(
        org,
        roles=org.roles.values(),
        departments=org.departments.values(),
        people=people,
        activities=org.activities,
        focus=org.focus,
    )


def with_roles(org: Organization, roles) -> Organization:
    """The organisation with its roles replaced (the same ids, in the same order: fields such as
    ``revisions`` edited); everything derived is computed again."""
    return _rebuild(org, roles=roles, departments=org.departments.values(), people=org.people,
                    activities=org.activities, focus=org.focus)  # fmt: skip


def department_role_ids(org: Organization, department_id: str) -> tuple[str, ...]:
    """Roles of a department and of every department below it, in org-chart order."""
    inside = _subtree_departments(org, department_id)
    return tuple(r.id for r in org.roles_in_org_order() if r.department_id in inside)


def _subtree_departments(org: Organization, department_id: str) -> set[str]:
    inside = set()
    stack = [department_id]
    while stack:
        dept = stack.pop()
        if dept not in inside:
            inside.add(dept)
            stack.extend(org.departments[dept].child_ids)
    return inside


def subtree(org: Organization, department_id: str, *, partners: bool = False) -> Organization:
    """The part of the organisation a department head wants: the department and everything below
    it, with the managers above it (its head's chain, up to the top) as context, and the activities
    its roles take part in. ``partners`` keeps, too, the roles of other departments that share
    those activities (so every activity keeps all its letters: the RACI checks stay true);
    without, letters of roles outside the view are left out. ``org.focus`` names the department."""
    inside = _subtree_departments(org, department_id)
    scope = {r.id for r in org.roles.values() if r.department_id in inside}
    kept = set(scope)
    for role_id in scope:
        kept.update(m.id for m in org.manager_chain(role_id))
    activities = [a for a in org.activities if any(r in scope for r, _ in a.assignments)]
    if partners:
        kept.update(r for a in activities for r, _ in a.assignments if r in org.roles)
    activities = [replace(a, assignments=tuple((r, x) for r, x in a.assignments if r in kept)) for a in activities]
    roles = [
        replace(
            r,
            reports_to_id=r.reports_to_id if r.reports_to_id in kept else None,
            dotted_line_to=tuple(d for d in r.dotted_line_to if d in kept),
        )
        for r in org.roles.values()
        if r.id in kept
    ]
    needed: set[str] = set()
    for start in [department_id, *(role.department_id for role in roles)]:
        dept: str | None = start
        while dept and dept not in needed:  # a department and those above it (context)
            needed.add(dept)
            dept = org.departments[dept].parent_id
    needed_depts = [
        replace(d, parent_id=d.parent_id if d.parent_id in needed else None)
        for d in org.departments.values()
        if d.id in needed
    ]
    return _rebuild(
        org,
        roles=roles,
        departments=needed_depts,
        people=[p for p in org.people if p.role_id in kept],
        activities=activities,
        focus=department_id,
    )


def _organization(values: dict, proxied: tuple[str, ...]) -> Organization:
    fields_: dict[str, Any] = {k: MappingProxyType(v) if k in proxied else v for k, v in values.items()}
    return Organization(**fields_)
