"""What a comparison of two versions holds: changes, RACI consequences, load shifts and totals.

Plain, immutable records (no I/O): the text and JSON reports, the change-log workbook, the
change deck and the job descriptions' revision record all read the same :class:`Comparison`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from officegen.definition.model import Organization

Kind = Literal["organization", "department", "role", "person", "activity", "raci"]
Action = Literal["add", "delete", "move", "change"]
#: an old or new value: text, a number, a list of texts (responsibilities...), or None (absent)
Value = str | int | float | tuple[str, ...] | None

#: the kinds in report order
KINDS: tuple[str, ...] = ("organization", "department", "role", "person", "activity", "raci")
ACTIONS: tuple[str, ...] = ("add", "delete", "move", "change")


@dataclass(frozen=True)
class Change:
    """One difference between OLD and NEW.

    ``id`` is the item's id in NEW (in OLD when deleted); ``old_id`` its id in OLD (None when
    added), different from ``id`` when the item was renamed. For a person the id is the e-mail
    when given, else the name. ``field`` names what changed ("" for an added or deleted item;
    "id" for a rename); ``old``/``new`` are that field's values, ``old_name``/``new_name`` the
    names of the departments or roles they refer to (for moves and dotted lines), ``lang`` the
    language of text values. A ``raci`` change is one role's letters in one activity: ``id`` is
    the activity, ``role`` the role (its NEW id unless it was deleted), letters "" for none.
    """

    kind: str
    action: str
    id: str
    name: str
    field: str = ""
    old: Value = None
    new: Value = None
    old_id: str | None = None
    old_name: str | None = None
    new_name: str | None = None
    lang: str | None = None
    role: str | None = None
    role_name: str | None = None


@dataclass(frozen=True)
class Finding:
    """A consequence for an activity whose letters changed (or that is new).

    ``code``: ``lost_a`` (had an Accountable, now none), ``gained_a`` (had none, now has one),
    ``multiple_a`` (now more than one A), ``lost_r`` / ``gained_r`` (likewise for Responsible),
    ``no_a`` / ``no_r`` (a new activity without one). ``roles``: the roles now holding A (for
    ``multiple_a`` and ``gained_a``) or R (``gained_r``); empty otherwise.
    """

    activity: str
    name: str
    code: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoadShift:
    """A role whose R+A load (count of A and R letters) changed; 0 on the side it is absent."""

    role: str
    name: str
    old_a: int
    old_r: int
    new_a: int
    new_r: int

    @property
    def old(self) -> int:
        return self.old_a + self.old_r

    @property
    def new(self) -> int:
        return self.new_a + self.new_r

    @property
    def delta(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class Figures:
    """The shape of one version: counts, headcount, span of control and reporting layers.

    ``average_span`` and ``widest_span``: planned people reporting directly to a manager role,
    per holder of that role (as the deck's spans slide counts them); ``layers``: levels of the
    reporting tree.
    """

    departments: int
    roles: int
    activities: int
    people: int
    planned: int
    filled: int
    vacant: int
    managers: int
    average_span: float
    widest_span: float
    layers: int

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in FIGURES}


FIGURES = (
    "departments",
    "roles",
    "activities",
    "people",
    "planned",
    "filled",
    "vacant",
    "managers",
    "average_span",
    "widest_span",
    "layers",
)


@dataclass(frozen=True)
class DepartmentHeadcount:
    """A department whose headcount (its sub-departments included) changed; 0 where it is absent."""

    id: str
    name: str
    old_planned: int
    new_planned: int
    old_filled: int
    new_filled: int


@dataclass(frozen=True)
class Comparison:
    """OLD against NEW: every change in report order, and what follows from them."""

    old: Organization
    new: Organization
    changes: tuple[Change, ...]
    findings: tuple[Finding, ...]
    load: tuple[LoadShift, ...]
    before: Figures
    after: Figures
    headcount: tuple[DepartmentHeadcount, ...]
    #: OLD id -> NEW id of every matched department, role and activity (renames included)
    matched: Mapping[str, Mapping[str, str]] = field(repr=False)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def of(self, kind: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    def counts(self) -> dict[str, dict[str, int]]:
        """{kind: {action: n}} for every kind and action (zeros included, a stable shape)."""
        out = {kind: dict.fromkeys(ACTIONS, 0) for kind in KINDS}
        for c in self.changes:
            out[c.kind][c.action] += 1
        return out

    def role_changes(self, role_id: str) -> tuple[Change, ...]:
        """Changes of role ``role_id`` (a NEW id): its own fields and its letters in activities."""
        return tuple(
            c
            for c in self.changes
            if (c.kind == "role" and c.id == role_id) or (c.kind == "raci" and c.role == role_id)
        )

    def changed_role_ids(self) -> tuple[str, ...]:
        """NEW ids of roles that were added or changed in any way, their letters included, in NEW's order."""
        touched = {c.id for c in self.changes if c.kind == "role"}
        touched.update(c.role for c in self.changes if c.kind == "raci" and c.role)
        return tuple(r for r in self.new.roles if r in touched)
