"""The figures of one version (counts, headcount, spans, layers) and each role's A and R counts."""

from __future__ import annotations

from collections import Counter

from officegen.compare.changes import Figures
from officegen.definition.model import Organization


def figures(org: Organization) -> Figures:
    """Counts, headcount, span of control (planned direct reports per holder) and layers."""
    spans = []
    for role in org.roles.values():
        if role.direct_report_ids:
            people = sum(org.roles[r].headcount for r in role.direct_report_ids)
            spans.append(people / max(role.headcount, 1))
    layers = max((r.depth for r in org.roles.values()), default=-1) + 1
    total = org.total_headcount
    return Figures(
        departments=len(org.departments),
        roles=len(org.roles),
        activities=len(org.activities),
        people=len(org.people),
        planned=total.planned,
        filled=total.filled,
        vacant=total.vacant,
        managers=len(spans),
        average_span=round(sum(spans) / len(spans), 2) if spans else 0.0,
        widest_span=round(max(spans), 2) if spans else 0.0,
        layers=layers,
    )


def letter_counts(org: Organization) -> dict[str, Counter]:
    """role id -> Counter of its letters over every activity."""
    counts: dict[str, Counter] = {}
    for activity in org.activities:
        for role_id, letters in activity.assignments:
            counts.setdefault(role_id, Counter()).update(letters)
    return counts
