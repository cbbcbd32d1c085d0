"""What a job-description template sees about a role: plain dicts, lists and strings.

The sandbox only ever gets plain data (no model objects, no methods worth calling), built here
from the model's precomputed lookups in time linear in the role's own activities.
"""

from __future__ import annotations

from typing import Any

from officegen.definition.model import LETTERS, Activity, Organization, Role

#: how much a kind of link says about working together (a sign-off either way most, being told least)
STRENGTH = {
    "approved_by": 3,
    "approves": 3,
    "consults": 2,
    "consulted_by": 2,
    "supported_by": 2,
    "supports": 2,
    "informs": 1,
    "informed_by": 1,
}
#: order of the collaboration kinds in ``relations`` (and of their rows in the default templates)
RELATION_KINDS = (
    "approved_by",
    "approves",
    "consults",
    "informs",
    "supported_by",
    "consulted_by",
    "informed_by",
    "supports",
)


def _titles(org: Organization, ids) -> list[str]:
    return [org.roles[i].title for i in ids]


def department_path(org: Organization, dept_id: str | None) -> list[str]:
    path: list[str] = []
    seen: set[str] = set()
    while dept_id and dept_id not in seen:
        seen.add(dept_id)
        dept = org.departments[dept_id]
        path.append(dept.name)
        dept_id = dept.parent_id
    return path[::-1]


def _activity(org: Organization, activity: Activity, role_id: str) -> dict:
    """One activity from ``role_id``'s point of view: its letters and the OTHER roles per letter."""
    shared = _shared(org, activity)
    own = shared.letters.get(role_id, "")
    entry: dict[str, Any] = {
        "id": activity.id,
        "name": activity.name,
        "process": activity.process,
        "description": activity.description,
        "letters": own,
    }
    for letter in LETTERS:
        holders = shared.titles[letter]
        # a role holds each of its letters once: only where it holds this one is it left out
        entry[letter] = [title for r, title in holders if r != role_id] if letter in own else list(shared.names[letter])
    owners = dict.fromkeys(entry["A"] + entry["R"])
    entry["owners"] = list(owners)
    return entry


def role_context(org: Organization, role: Role) -> dict:
    """Everything the role template may use about ``role`` (see templates/jd/README.md)."""
    dept = org.departments[role.department_id]
    manager = org.manager_of(role.id)
    role_id = role.id

    # every activity the role takes part in, once, in definition order
    mine: dict[str, Activity] = {}
    for letter in LETTERS:
        for activity in org.activities_for(role_id, letter):
            mine.setdefault(activity.id, activity)
    order = _activity_order(org)
    in_order = sorted(mine.values(), key=lambda a: order[a.id])
    activities = [_activity(org, a, role_id) for a in in_order]

    def having(letter: str) -> list[dict]:
        return [a for a in activities if letter in a["letters"]]

    # who this role works with, and how: keyed by role id (two roles may share a title); the kinds
    # in RELATION_KINDS order, each kind's in order of first appearance
    relations: dict[str, dict[str, dict]] = {kind: {} for kind in RELATION_KINDS}
    roles = org.roles
    for activity in in_order:
        shared = _shared(org, activity)
        own = shared.letters.get(role_id, "")
        ids = shared.ids
        links: list[tuple[str, tuple[str, ...]]] = []
        if "R" in own:  # who signs off this role's work, and whose work this role signs off
            links.append(("approved_by", ids["A"]))
        if "A" in own:
            links.append(("approves", ids["R"]))
        if "R" in own or "A" in own:
            links += (("consults", ids["C"]), ("informs", ids["I"]), ("supported_by", ids["S"]))
        if "C" in own:
            links.append(("consulted_by", shared.owners))
        if "I" in own:
            links.append(("informed_by", shared.owners))
        if "S" in own:
            links.append(("supports", shared.owners))
        name = activity.name
        for kind, others in links:
            of_kind = relations[kind]
            for other in others:
                if other == role_id:
                    continue
                item = of_kind.get(other)
                if item is None:
                    item = of_kind[other] = {"kind": kind, "id": other, "title": roles[other].title, "activities": []}
                if name not in item["activities"]:
                    item["activities"].append(name)
    relation_list = [item for kind in RELATION_KINDS for item in relations[kind].values()]
    partners: dict[str, dict] = {}
    kinds_of: dict[str, list[str]] = {}  # the kinds each partner has (each relation has an activity)
    for r in relation_list:
        partner = partners.get(r["id"])
        if partner is None:
            partner = partners[r["id"]] = {
                "id": r["id"],
                "title": r["title"],
                "approved_by": [],
                "approves": [],
                "consults": [],
                "informs": [],
                "supported_by": [],
                "consulted_by": [],
                "informed_by": [],
                "supports": [],
            }
            kinds_of[r["id"]] = []
        partner[r["kind"]] = r["activities"]
        kinds_of[r["id"]].append(r["kind"])
    for partner_id, partner in partners.items():
        present = kinds_of[partner_id]  # a partner has one or two kinds of the eight: only those counted
        if len(present) == 1:
            kind = present[0]
            partner["strength"] = STRENGTH[kind]
            partner["score"] = STRENGTH[kind] * len(partner[kind])
            partner["activity_count"] = len(set(partner[kind]))
        else:
            partner["strength"] = max(STRENGTH[k] for k in present)
            partner["score"] = sum(STRENGTH[k] * len(partner[k]) for k in present)
            partner["activity_count"] = len({a for k in present for a in partner[k]})

    return {
        "lang": org.lang,
        "org": _org(org),
        "role": {
            "id": role.id,
            "title": role.title,
            "department": dept.name,
            "grade": role.grade,
            "location": role.location,
            "summary": role.summary,
            "headcount": role.headcount,
            "filled": role.filled,
            "vacant": role.vacant,
            "people": [p.name for p in role.people if p.name],  # none in a view without names
            "responsibilities": list(role.responsibilities),
            "requirements": list(role.requirements),
            "kpis": list(role.kpis),
            "total_reports": role.total_reports,
        },
        "department": {
            "id": dept.id,
            "name": dept.name,
            "description": dept.description,
            "path": department_path(org, dept.id),
        },
        "manager": manager.title if manager else None,
        "direct_reports": _titles(org, role.direct_report_ids),
        "dotted_line_to": _titles(org, (r for r in role.dotted_line_to if r in org.roles)),
        "dotted_line_from": [r.title for r in org.dotted_line_from(role.id)],
        "career_path": [r.title for r in org.manager_chain(role.id)],
        "activities": activities,
        "responsible": having("R"),
        "accountable": having("A"),
        "supporting": having("S"),
        "consulted": having("C"),
        "informed": having("I"),
        "relations": relation_list,
        "partners": list(partners.values()),
        # the same, the strongest working relationship first (who signs off whose work, then who
        # consults whom, then who informs whom; then the most shared activities): what a two-page
        # description shows one line each, and summarises the rest of
        "partners_by_strength": sorted(partners.values(), key=lambda p: (-p["strength"], -p["score"])),
        "document": _document(org),
        # the revision record (修订记录), oldest first: from the definition, and from jd --since
        "revisions": [{"date": r.date, "version": r.version, "changes": list(r.changes)} for r in role.revisions],
        # kept for templates written against the first version
        "collaborations": activities,
    }


def _document(org: Organization) -> dict | None:
    """The document-control block (organisation.document_control), None when not given;
    ``signatures`` None means the template's usual ones."""
    d = org.document
    if d is None:
        return None
    return {
        "number": d.number,
        "version": d.version,
        "effective_date": d.effective_date,
        "prepared_by": d.prepared_by,
        "approved_by": d.approved_by,
        "signatures": list(d.signatures) if d.signatures is not None else None,
    }


def _org(org: Organization) -> dict:
    return {
        "name": org.name,
        "description": org.description,
        "scheme": org.scheme,
        "letters": org.scheme_letters,
        "lang": org.lang,
    }


_ORDER_CACHE: dict[int, tuple[object, dict[str, int]]] = {}
_SHARED_CACHE: dict[int, tuple[object, dict[str, _Shared]]] = {}


class _Shared:
    """What every role of an activity sees the same: its known roles per letter (ids, and ids with
    titles, in the order written), each one's letters, and its owners (A or R): worked out once
    per activity, not once for each of its roles."""

    __slots__ = ("activity", "letters", "ids", "titles", "names", "owners")

    def __init__(self, org: Organization, activity: Activity):
        roles = org.roles
        known = [(r, letters) for r, letters in activity.assignments if r in roles]
        self.activity = activity
        self.letters: dict[str, str] = {}
        for r, letters in known:
            self.letters.setdefault(r, letters)  # as Activity.letters_of: the first
        self.ids = {letter: tuple(r for r, letters in known if letter in letters) for letter in LETTERS}
        self.titles = {letter: tuple((r, roles[r].title) for r in self.ids[letter]) for letter in LETTERS}
        self.names = {letter: tuple(title for _, title in self.titles[letter]) for letter in LETTERS}
        self.owners = tuple(r for r, letters in known if "A" in letters or "R" in letters)


def _shared(org: Organization, activity: Activity) -> _Shared:
    cached = _SHARED_CACHE.get(id(org))
    if cached is None or cached[0] is not org.roles:
        cached = (org.roles, {})
        _SHARED_CACHE.clear()
        _SHARED_CACHE[id(org)] = cached
    found = cached[1].get(activity.id)
    if found is None or found.activity is not activity:
        found = cached[1][activity.id] = _Shared(org, activity)
    return found


def _activity_order(org: Organization) -> dict[str, int]:
    cached = _ORDER_CACHE.get(id(org))
    if cached is None or cached[0] is not org.activities:
        cached = (org.activities, {a.id: i for i, a in enumerate(org.activities)})
        _ORDER_CACHE.clear()
        _ORDER_CACHE[id(org)] = cached
    return cached[1]


def combined_context(org: Organization, roles) -> dict:
    """Context of the combined document's front matter (title page, table of contents)."""
    return {
        "lang": org.lang,
        "org": _org(org),
        "roles": [{"id": r.id, "title": r.title, "department": org.departments[r.department_id].name} for r in roles],
        "document": _document(org),
    }


def page_context(org: Organization) -> dict:
    """Context of the page template (header, footer, document properties)."""
    return {"lang": org.lang, "org": _org(org)}
