"""What the page knows: the model reduced to plain lists (JSON), with the deck's wording and colours.

Everything the page shows is decided here, in Python, so the browser only arranges and filters
it: which roles are context (in a view of one department, ``model.subtree``: the managers above
it, greyed and not counted), each box's second line (the deck's rule: holders' names for a role of one
or two, else filled/planned, and the vacancies), department colours (the deck's accents and
tints, in department tree order), the labels in the page's language, and how many levels are
open when the page opens.
"""

from __future__ import annotations

import colorsys
from dataclasses import asdict

from officegen.definition.model import Organization, department_role_ids
from officegen.generators.deck.layout import STACK_FROM, Metrics
from officegen.i18n import list_separator, pick_labels

#: the chart's geometry in the deck's units (inches: box 1.45 x 0.62, the deck's gaps), drawn at
#: SCALE pixels an inch; a page is wider than a slide, so teams wrap at more columns and rows
METRICS = Metrics(
    box_w=1.45, box_h=0.62, h_gap=0.16, v_gap=0.34, stack_gap=0.14, spine_gap=0.12, max_cols=8, max_stack_rows=10
)
SCALE = 110
PAD = 40  # pixels of margin around the chart
#: the chart opens with every level when it has at most this many boxes, else with as many
#: levels as keep it under that (at least the tops and their reports)
OPEN_BOXES = 150

#: the accents of the deck's default theme (deck/theme.py SCHEME: accent1..accent6) and the tints
#: it lays over them (``brightness``), in the order the deck gives them to departments
ACCENTS = ("2F6EBA", "3AA6B9", "E08A3C", "7B68B5", "4E9F5D", "C75B7A")
TINTS = (0.6, 0.4, 0.8)
#: the RACI workbook's letter colours (fill, text)
LETTER_COLOURS = {
    "A": ("C00000", "FFFFFF"),
    "R": ("F4B183", "000000"),
    "S": ("FFE699", "000000"),
    "C": ("BDD7EE", "000000"),
    "I": ("E2EFDA", "000000"),
}

LABELS = {
    "zh-CN": {
        "chart": "组织结构图",
        "search": "搜索岗位、姓名、部门或活动",
        "role": "岗位",
        "person": "人员",
        "department": "部门",
        "activity": "活动",
        "process": "流程",
        "no_match": "没有找到",
        "matches": "{n} 个结果",
        "more_matches": "另有 {n} 个结果，请输入更多文字",
        "totals": "{roles} 个岗位 · 编制 {planned} · 在岗 {filled} · 空缺 {vacant}",
        "totals_no_people": "{roles} 个岗位 · 编制 {planned}",
        "expand_all": "全部展开",
        "collapse_all": "全部收起",
        "fit": "适应窗口",
        "zoom_in": "放大",
        "zoom_out": "缩小",
        "close": "关闭",
        "legend": "部门",
        "print": "打印",
        "expand": "展开 {n} 个下属岗位",
        "collapse": "收起下属岗位",
        "summary": "岗位概述",
        "responsibilities": "岗位职责",
        "requirements": "任职资格",
        "kpis": "绩效考核",
        "raci": "参与的活动（RACI）",
        "manager": "直接上级",
        "reports": "直接下属",
        "dotted_to": "虚线汇报至",
        "dotted_from": "虚线汇报人",
        "headcount": "编制",
        "filled": "在岗",
        "vacant": "空缺",
        "holders": "在岗人员",
        "grade": "职级",
        "location": "工作地点",
        "none": "无",
        "top": "（最高层）",
        "context": "上级链（不属于所选部门）",
        "people": "在岗/编制",
        "sep": "、",
        "letters": {"R": "执行", "A": "负责", "S": "支持", "C": "咨询", "I": "知会"},
        "no_activity": "不参与任何活动",
        "description": "说明",
        "who": "各岗位的角色",
        "noscript": "此页面需要启用 JavaScript 才能显示组织结构图。",
        "total_reports": "下属岗位共 {n} 个",
        "n_roles": "{n} 个岗位",
        "shown": "显示 {shown} / {total} 个岗位",
    },
    "en": {
        "chart": "Organisation chart",
        "search": "Search roles, people, departments, activities",
        "role": "Role",
        "person": "Person",
        "department": "Department",
        "activity": "Activity",
        "process": "Process",
        "no_match": "No match",
        "matches": "{n} results",
        "more_matches": "{n} more: type more to narrow",
        "totals": "{roles} roles · {planned} planned · {filled} filled · {vacant} vacant",
        "totals_no_people": "{roles} roles · {planned} planned",
        "totals_one": "1 role · {planned} planned · {filled} filled · {vacant} vacant",
        "totals_no_people_one": "1 role · {planned} planned",
        "n_roles_one": "1 role",
        "expand_one": "Show the role below",
        "expand_all": "Expand all",
        "collapse_all": "Collapse all",
        "fit": "Fit",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "close": "Close",
        "legend": "Departments",
        "print": "Print",
        "expand": "Show {n} roles below",
        "collapse": "Hide the roles below",
        "summary": "Purpose",
        "responsibilities": "Responsibilities",
        "requirements": "Requirements",
        "kpis": "KPIs",
        "raci": "Activities (RACI)",
        "manager": "Reports to",
        "reports": "Direct reports",
        "dotted_to": "Dotted line to",
        "dotted_from": "Dotted line from",
        "headcount": "Headcount",
        "filled": "Filled",
        "vacant": "Vacant",
        "holders": "Holders",
        "grade": "Grade",
        "location": "Location",
        "none": "none",
        "top": "(top of the chart)",
        "context": "Management chain (outside the department shown)",
        "people": "Filled/planned",
        "sep": ", ",
        "letters": {"R": "Responsible", "A": "Accountable", "S": "Support", "C": "Consulted", "I": "Informed"},
        "no_activity": "Takes part in no activity",
        "description": "Description",
        "who": "Who does what",
        "noscript": "This page needs JavaScript to show the organisation chart.",
        "total_reports": "{n} roles below",
        "n_roles": "{n} roles",
        "shown": "{shown} of {total} roles shown",
    },
}
#: the deck's words for a box's second line
_DETAIL = {"zh-CN": {"vacant": "空缺"}, "en": {"vacant": "vacant"}}


def labels_for(lang: str) -> dict:
    return dict(pick_labels(LABELS, lang))


def tint(hex_rgb: str, brightness: float) -> str:
    """What PowerPoint shows for a theme colour with ``brightness`` > 0: luminance moved that far
    towards white (``lumMod`` 1 - b, ``lumOff`` b), hue and saturation kept."""
    r, g, b = (int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = lum * (1 - brightness) + brightness
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, lum, s))


def palette() -> list[tuple[str, str]]:
    """(fill, line) per colour index, as the deck paints department i: accent i mod 6, tint i // 6 mod 3."""
    return [(tint(ACCENTS[i % 6], TINTS[(i // 6) % 3]), ACCENTS[i % 6]) for i in range(6 * len(TINTS))]


def _detail(role, has_people: bool, lang: str) -> str:
    """A box's second line, the deck's rule (``role_detail``); names left out (``without_names``)
    give the counts."""
    if not has_people:
        return ""
    vacant = _DETAIL.get(lang, _DETAIL["en"])["vacant"]
    sep = list_separator(lang)
    holders = [p.name for p in role.people if p.name]
    if role.headcount <= 2 and holders:
        return sep.join(holders) + (f" · {vacant} {role.vacant}" if role.vacant else "")
    if role.vacant and not role.people:
        return f"{vacant} {role.vacant}"
    return f"{role.filled}/{role.headcount}" + (f" · {vacant} {role.vacant}" if role.vacant else "")


def _below(org: Organization, dept_id: str) -> set[str]:
    """``dept_id`` and every department below it."""
    out, stack = set(), [dept_id]
    while stack:
        d = stack.pop()
        out.add(d)
        stack.extend(org.departments[d].child_ids)
    return out


def page_data(org: Organization) -> dict:
    """The page's data: plain lists and strings, in the order the page shows them.

    A view of one department (``model.subtree``, ``org.focus``) shows the managers above it as
    context (greyed, not counted); names left out (``model.without_names``) give counts."""
    lang = org.lang
    labels = labels_for(lang)
    role_ids = list(org.roles)
    inside = set(department_role_ids(org, org.focus)) if org.focus else set(role_ids)
    context = {r for r in role_ids if r not in inside}
    index = {r: i for i, r in enumerate(role_ids)}
    has_people = bool(org.people)
    in_scope = _below(org, org.focus) if org.focus else set(org.departments)
    dept_ids = list(org.departments)
    dept_index = {d: i for i, d in enumerate(dept_ids)}
    colour = {d: i % (6 * len(TINTS)) for i, d in enumerate(org.departments)}

    departments = []
    for d in dept_ids:
        dept = org.departments[d]
        hc = org.headcount(d)
        departments.append(
            {
                "id": d,
                "name": dept.name,
                "parent": dept_index.get(dept.parent_id, -1) if dept.parent_id else -1,
                "colour": colour[d],
                "planned": hc.planned,
                "filled": hc.filled,
                "description": dept.description,
                "context": d not in in_scope,
            }
        )

    roles = []
    for role_id in role_ids:
        role = org.roles[role_id]
        manager = role.reports_to_id if role.reports_to_id in index else None
        item = {
            "id": role.id,
            "title": role.title,
            "dept": dept_index[role.department_id],
            "manager": index[manager] if manager else -1,
            "headcount": role.headcount,
            "filled": role.filled,
            "detail": "" if role_id in context else _detail(role, has_people, lang),
        }
        if any(p.name for p in role.people):
            item["people"] = [p.name for p in role.people if p.name]
        for key in ("grade", "location", "summary"):
            if getattr(role, key):
                item[key] = getattr(role, key)
        for key in ("responsibilities", "requirements", "kpis"):
            if getattr(role, key):
                item[key] = list(getattr(role, key))
        dotted = [index[r] for r in role.dotted_line_to if r in index]
        if dotted:
            item["dotted"] = dotted
        if role_id in context:
            item["context"] = True
        roles.append(item)

    processes: dict[str, int] = {}
    activities = []
    for activity in org.activities:
        raci: list[tuple[int, str]] = [(index[r], letters) for r, letters in activity.assignments if r in index]
        if not any(role_ids[i] not in context for i, _ in raci):
            continue
        process = processes.setdefault(activity.process, len(processes))
        item = {"id": activity.id, "name": activity.name, "process": process, "raci": raci}
        if activity.description:
            item["description"] = activity.description
        activities.append(item)

    counted = [org.roles[r] for r in role_ids if r not in context]
    planned = sum(r.headcount for r in counted)
    filled = sum(r.filled for r in counted)
    depth = _depths(roles)
    return {
        "lang": lang,
        "name": org.name,
        "description": org.description,
        "department": org.departments[org.focus].name if org.focus else None,
        "letters": org.scheme_letters,
        "labels": labels,
        "letterColours": {k: list(v) for k, v in LETTER_COLOURS.items() if k in org.scheme_letters},
        "metrics": {**asdict(METRICS), "stack_from": STACK_FROM, "scale": SCALE, "pad": PAD},
        "open": _open_depth(depth),
        "hasPeople": has_people,
        "totals": {"roles": len(counted), "planned": planned, "filled": filled, "vacant": planned - filled},
        "departments": departments,
        "roles": roles,
        "processes": list(processes),
        "activities": activities,
    }


def _depths(roles: list[dict]) -> list[int]:
    """Depth of each role on the chart (0 for its tops); managers come in any order."""
    depth = [-1] * len(roles)
    for i in range(len(roles)):
        chain, j = [], i
        while depth[j] < 0 and roles[j]["manager"] >= 0:
            chain.append(j)
            j = roles[j]["manager"]
        base = depth[j] if depth[j] >= 0 else 0
        depth[j] = base
        for k in reversed(chain):
            base += 1
            depth[k] = base
    return depth


def _open_depth(depth: list[int]) -> int:
    """How many levels show when the page opens: all when the chart is small, else as many as
    keep it under OPEN_BOXES boxes, and never fewer than the tops and their reports."""
    counts: dict[int, int] = {}
    for d in depth:
        counts[d] = counts.get(d, 0) + 1
    levels, shown = 0, 0
    for d in sorted(counts):
        if shown + counts[d] > OPEN_BOXES and levels >= 2:
            break
        shown += counts[d]
        levels += 1
    return levels
