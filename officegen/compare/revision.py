"""A job description's revision record (修订记录) from a comparison: what changed for one role, in words.

``jd --since OLD`` compares OLD with the definition and gives every role that changed (its own
fields, or its letters in any activity) one more entry in its record: the date and version of
the document-control block, and these lines. Entries kept in the definition (``revisions``)
come first, so a controlled set of job descriptions shows its whole history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from officegen.compare.changes import Change, Comparison
from officegen.compare.labels import field_label, labels
from officegen.compare.report import one_line
from officegen.definition.model import Organization, Revision, with_roles
from officegen.i18n import is_chinese

_QUOTE = {"zh-CN": ("「", "」"), "en": ("“", "”")}


def revision_lines(cmp: Comparison, role_id: str) -> list[str]:
    """What changed for role ``role_id`` (a NEW id), one line per change, in NEW's language."""
    w = labels(cmp.new.lang)
    q0, q1 = _QUOTE.get(cmp.new.lang, _QUOTE["en"])
    zh = is_chinese(cmp.new.lang)
    colon = "：" if zh else ": "
    sep = "；" if zh else "; "
    sp = "" if zh else " "  # Chinese puts no space before 「 or a name
    lines: list[str] = []
    letters: list[str] = []
    for c in cmp.role_changes(role_id):
        if c.kind == "raci":
            letters.append(_letters(c, w, q0, q1, sp))
            continue
        if c.field == "revisions":  # the record itself is not a change to record
            continue
        label = field_label(w, c.kind, c.field)
        if c.lang and c.lang != cmp.new.lang:
            label += w["lang"].format(x=c.lang)
        if c.action == "add" and not c.field:
            lines.append(w["rev.new_role"])
        elif c.field == "dotted_line_to":
            target = (c.new_name or c.new) if c.action == "add" else (c.old_name or c.old)
            lines.append(f"{label}{colon}{w['rev.added' if c.action == 'add' else 'rev.removed']}{sp}{target}")
        elif isinstance(c.old, tuple) or isinstance(c.new, tuple):
            before = c.old if isinstance(c.old, tuple) else ()
            after = c.new if isinstance(c.new, tuple) else ()
            gone = [x for x in before if x not in after]
            came = [x for x in after if x not in before]
            parts = [f"{w['rev.added']}{sp}{q0}{one_line(x)}{q1}" for x in came]
            parts += [f"{w['rev.removed']}{sp}{q0}{one_line(x)}{q1}" for x in gone]
            lines.append(f"{label}{colon}" + (sep.join(parts) if parts else w["rev.reordered"]))
        elif c.field in ("summary", "description") or _long(c.old) or _long(c.new):
            lines.append(f"{label}{colon}{w['rev.rewritten']}")
        else:
            old = c.old_name or c.old
            new = c.new_name or c.new
            lines.append(f"{label}{colon}{_show(old, w)} → {_show(new, w)}")
    if letters:
        lines.append(f"RACI{colon}" + sep.join(letters))
    return lines


def _letters(c: Change, w, q0: str, q1: str, sp: str) -> str:
    name = f"{q0}{one_line(c.name)}{q1}"
    if c.action == "add":
        return w["rev.raci_add"].format(x=name, new=c.new)
    if c.action == "delete":
        return w["rev.raci_delete"].format(x=name, old=c.old)
    return f"{name}{sp}{c.old} → {c.new}"


def _show(value, w) -> str:
    if value is None or value == "":
        return w["none"]
    return one_line(str(value))


def _long(value) -> bool:
    return isinstance(value, str) and len(value) > 40


def next_version(record: Sequence[Revision]) -> str:
    """The version of the entry after ``record``: its last numbered version with the last number
    raised by one (1.1 -> 1.2, V2.0 -> V2.1, 3 -> 4), the way a controlled document counts; 1.0
    for a record without one (the first entry of the record)."""
    for entry in reversed(record):
        m = re.search(r"(\d+)(\D*)$", entry.version)
        if m:
            return f"{entry.version[: m.start(1)]}{int(m.group(1)) + 1}{m.group(2)}"
    return "1.0"


def with_revisions(org: Organization, cmp: Comparison, *, date: str, version: str) -> Organization:
    """``org`` with one more revision entry for every role that changed since OLD (``org`` is NEW,
    in ``cmp``'s language). An empty ``version`` is each role's :func:`next_version`."""
    changed = {r for r in cmp.changed_role_ids() if revision_lines(cmp, r)}
    roles = [
        replace(
            role,
            revisions=(
                *role.revisions,
                Revision(date, version or next_version(role.revisions), tuple(revision_lines(cmp, role.id))),
            ),
        )
        if role.id in changed
        else role
        for role in org.roles.values()
    ]
    return with_roles(org, roles)
