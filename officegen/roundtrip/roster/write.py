"""Write a draft organisation as a new team definition: YAML with comments saying where each part
came from (which roster, sheet and date, how roles and reporting lines were decided), or JSON.

The definition carries no activities: the RACI is filled in the workbook ``officegen raci`` writes
and brought back with ``officegen import-raci``.
"""

from __future__ import annotations

import json

from officegen.i18n import CHINESE, is_chinese, tr
from officegen.roundtrip.edit_text import flow_value
from officegen.roundtrip.roster.structure import Draft, DraftRole

MAX_NOTES = 5  # people reporting outside their role's line, named in a comment per role


def _text(draft: Draft, value: str) -> dict[str, str]:
    return {draft.lang: value}


def role_fields(draft: Draft, role: DraftRole) -> list[tuple[str, object]]:
    """A role's keys as the definition writes them, in the format's order."""
    fields: list[tuple[str, object]] = [
        ("id", role.id),
        ("title", _text(draft, role.title)),
        ("department", draft.department(role.department).id),
    ]
    if role.reports_to is not None:
        fields.append(("reports_to", draft.role(role.reports_to).id))
    if role.dotted:
        fields.append(("dotted_line_to", [draft.role(k).id for k in role.dotted]))
    fields.append(("headcount", role.headcount))
    if role.grade:
        fields.append(("grade", role.grade))
    if role.location:
        fields.append(("location", _text(draft, role.location)))
    return fields


def department_fields(draft: Draft, dept) -> list[tuple[str, object]]:
    fields: list[tuple[str, object]] = [("id", dept.id), ("name", _text(draft, dept.name))]
    if dept.parent is not None:
        fields.append(("parent", draft.department(dept.parent).id))
    return fields


def person_fields(draft: Draft, person) -> list[tuple[str, object]]:
    fields: list[tuple[str, object]] = [("name", person.name), ("role", draft.role(person.role).id)]
    if person.email:
        fields.append(("email", person.email))
    return fields


def id_comment(draft: Draft, roster_id: str) -> str:
    """The trailing comment that keeps a person's roster id (how ``--into`` knows them next month)."""
    return f"  # {tr(draft.lang, 'ID', '工号')} {roster_id}" if roster_id else ""


def definition_text(draft: Draft, *, source: str, date: str, as_json: bool = False) -> str:
    """The whole definition, commented (YAML) or plain (JSON)."""
    if as_json:
        return _json(draft)
    lang = draft.lang
    people = draft.people_in
    vacant = sum(r.headcount for r in draft.roles) - len(draft.people)
    counts_en = (
        f"# {len(people.rows)} rows: {len(draft.people)} people in post, {vacant} vacancies"
        f"{f' ({draft.pending} about to start)' if draft.pending else ''}; {len(draft.departments)} "
        f"departments, {len(draft.roles)} roles"
        f"{f'; {people.left} who have left are not included' if people.left else ''}."
    )
    counts_zh = (
        f"# {len(people.rows)} 行：在岗 {len(draft.people)} 人，空缺 {vacant} 个"
        f"{f'（其中待入职 {draft.pending} 人）' if draft.pending else ''}；{len(draft.departments)} 个部门，"
        f"{len(draft.roles)} 个岗位{f'；{people.left} 名离职人员未导入' if people.left else ''}。"
    )
    header = {
        "en": [
            f"# Team definition made by `officegen import-roster` from {source}, {date}.",
            counts_en,
            "# Next month's roster: officegen import-roster NEW-ROSTER --into THIS-FILE updates departments,",
            "#   roles, people, headcounts and reporting lines, and keeps everything you add here (summaries,",
            "#   responsibilities, requirements, KPIs, translations, activities and their RACI, comments).",
            "# Then: officegen build THIS-FILE, fill in the RACI in output/raci.xlsx, bring it back with",
            "#   officegen import-raci output/raci.xlsx THIS-FILE, and build again.",
        ],
        "zh-CN": [
            f"# 团队定义：由 officegen import-roster 从 {source} 生成，{date}。",
            counts_zh,
            "# 下个月的花名册：officegen import-roster 新花名册 --into 本文件，更新部门、岗位、人员、编制和汇报关系，",
            "#   并保留你在这里补充的一切（岗位概述、职责、任职资格、KPI、翻译、活动与 RACI、注释）。",
            "# 接下来：officegen build 本文件，在 output/raci.xlsx 里填写 RACI，",
            "#   用 officegen import-raci output/raci.xlsx 本文件 写回这里，然后再次 build。",
        ],
    }
    notes = {
        "departments": {
            "en": [
                "# Departments: from the department column (paths such as A/B are a tree); a department with no",
                "# parent in its name hangs under the department its head reports into.",
            ],
            "zh-CN": ["# 部门：来自部门列（A/B 这样的路径构成层级）；名称里没有上级的部门，挂在其负责人汇报的部门下。"],
        },
        "roles": {
            "en": [
                "# Roles: the people of one title in one department; headcount counts the roster's rows (vacancies",
                "# included); reports_to is the role most of its people's managers hold. Where several people of",
                "# one role each lead people (three team leads of one workshop), each has a role of their own and",
                '# the people they lead are split by team ("Operator (Zhang San\'s team)").',
            ],
            "zh-CN": [
                "# 岗位：同一部门、同一岗位名称的人；headcount 是花名册的行数（含空缺）；reports_to 是多数人的",
                "# 直属上级所在的岗位。同一岗位有几个人各自带人（如一个车间的三个班组长）时，每人一个岗位，",
                "# 其下属按组分开（“操作工（张三组）”），组织结构图因此能看出谁归哪个班组长。",
            ],
        },
    }
    key = CHINESE if is_chinese(lang) else "en"
    lines = [
        *header[key],
        "version: 1",
        "organization:",
        f"  name: {flow_value(_text(draft, draft.name))}",
        f"  locale: {lang}",
        "",
        *notes["departments"][key],
        "departments:",
    ]
    for dept in draft.departments:
        head = draft.role(dept.head).title if dept.head else None
        note = tr(lang, f"  # head: {head}", f"  # 负责人：{head}") if head else ""
        lines.extend(_block(department_fields(draft, dept), note))
    lines += ["", *notes["roles"][key], "roles:"]
    current = None
    for role in draft.roles:
        if role.department != current:
            current = role.department
            lines.append(f"  # {' / '.join(current)}")
        lines.extend(_block(role_fields(draft, role), ""))
        if role.elsewhere:
            shown = "; ".join(role.elsewhere[:MAX_NOTES]) + (" ..." if len(role.elsewhere) > MAX_NOTES else "")
            lines.append(
                tr(
                    lang,
                    f"    # {len(role.elsewhere)} of its people report outside this line: {shown}",
                    f"    # 其中 {len(role.elsewhere)} 人的上级不在这条汇报线上：{shown}",
                )
            )
    lines += ["", "people:"]
    if not draft.people:
        lines[-1] = "people: []"
    for person in draft.people:
        body = flow_value(dict(person_fields(draft, person)))
        lines.append(f"  - {body}{id_comment(draft, person.roster_id)}")
    lines += ["", "activities: []", ""]
    return "\n".join(lines)


def _block(fields: list[tuple[str, object]], note: str) -> list[str]:
    out = []
    for n, (key, value) in enumerate(fields):
        out.append(f"{'  - ' if n == 0 else '    '}{key}: {flow_value(value)}{note if n == 0 else ''}")
    return out


def _json(draft: Draft) -> str:
    data = {
        "version": 1,
        "organization": {"name": _text(draft, draft.name), "locale": draft.lang},
        "departments": [dict(department_fields(draft, d)) for d in draft.departments],
        "roles": [dict(role_fields(draft, r)) for r in draft.roles],
        "people": [dict(person_fields(draft, p)) for p in draft.people],
        "activities": [],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
