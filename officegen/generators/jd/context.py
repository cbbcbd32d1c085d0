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
    entry: dict[str, Any] = {
        "id": activity.id,
        "name": activity.name,
        "process": activity.process,
        "description": activity.description,
        "letters": activity.letters_of(role_id),
    }
    others = [(letters, title) for r, letters, title in _titled(org, activity) if r != role_id]
    for letter in LETTERS:
        entry[letter] = [title for letters, title in others if letter in letters]
    owners = dict.fromkeys(entry["A"] + entry["R"])
    entry["owners"] = list(owners)
    return entry


def role_context(org: Organization, role: Role) -> dict:
    """Everything the role template may use about ``role`` (see templates/jd/README.md)."""
    dept = org.departments[role.department_id]
    manager = org.manager_of(role.id)

    # every activity the role takes part in, once, in definition order
    mine: dict[str, Activity] = {}
    for letter in LETTERS:
        for activity in org.activities_for(role.id, letter):
            mine.setdefault(activity.id, activity)
    order = _activity_order(org)
    in_order = sorted(mine.values(), key=lambda a: order[a.id])
    activities = [_activity(org, a, role.id) for a in in_order]

    def having(letter: str) -> list[dict]:
        return [a for a in activities if letter in a["letters"]]

    # who this role works with, and how: keyed by role id (two roles may share a title)
    relations: dict[tuple[str, str], dict] = {}
    for activity in in_order:
        own = activity.letters_of(role.id)
        others = [(r, letters) for r, letters, _ in _titled(org, activity) if r != role.id]
        owners = [r for r, letters in others if "A" in letters or "R" in letters]
        links: list[tuple[str, str]] = []
        if "R" in own:  # who signs off this role's work, and whose work this role signs off
            links += [("approved_by", r) for r, letters in others if "A" in letters]
        if "A" in own:
            links += [("approves", r) for r, letters in others if "R" in letters]
        if "R" in own or "A" in own:
            links += [("consults", r) for r, letters in others if "C" in letters]
            links += [("informs", r) for r, letters in others if "I" in letters]
            links += [("supported_by", r) for r, letters in others if "S" in letters]
        if "C" in own:
            links += [("consulted_by", r) for r in owners]
        if "I" in own:
            links += [("informed_by", r) for r in owners]
        if "S" in own:
            links += [("supports", r) for r in owners]
        for kind, other in links:
            item = relations.get((kind, other))
            if item is None:
                item = relations[kind, other] = {
                    "kind": kind,
                    "id": other,
                    "title": org.roles[other].title,
                    "activities": [],
                }
            if activity.name not in item["activities"]:
                item["activities"].append(activity.name)
    rank = {k: i for i, k in enumerate(RELATION_KINDS)}
    relation_list = sorted(relations.values(), key=lambda r: rank[r["kind"]])  # stable: first appearance
    partners: dict[str, dict] = {}
    kinds_of: dict[str, list[str]] = {}  # the kinds each partner has (each relation has an activity)
    for r in relation_list:
        partner = partners.get(r["id"])
        if partner is None:
            partner = partners[r["id"]] = {"id": r["id"], "title": r["title"], **{k: [] for k in RELATION_KINDS}}
            kinds_of[r["id"]] = []
        partner[r["kind"]] = r["activities"]
        kinds_of[r["id"]].append(r["kind"])
    for partner_id, partner in partners.items():
        present = kinds_of[partner_id]  # a partner has one or two kinds of the eight: only those counted
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
_TITLED_CACHE: dict[int, tuple[object, dict[str, tuple[Activity, list[tuple[str, str, str]]]]]] = {}


def _titled(org: Organization, activity: Activity) -> list[tuple[str, str, str]]:
    """``activity``'s assignments of known roles as (role id, letters, role title): worked out once
    per activity, not once for each of its roles."""
    cached = _TITLED_CACHE.get(id(org))
    if cached is None or cached[0] is not org.roles:
        cached = (org.roles, {})
        _TITLED_CACHE.clear()
        _TITLED_CACHE[id(org)] = cached
    found = cached[1].get(activity.id)
    if found is None or found[0] is not activity:
        roles = org.roles
        found = cached[1][activity.id] = (
            activity,
            [(r, letters, roles[r].title) for r, letters in activity.assignments if r in roles],
        )
    return found[1]


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
