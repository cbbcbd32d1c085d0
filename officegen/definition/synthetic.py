"""Deterministic synthetic organisations of any size, for benchmarks and scale tests.

Shaped like the benchmark brief: roles ~ people/5, activities ~ 0.3 x people, departments ~
roles/20, reporting depth 6-8, Chinese and Latin text mixed. Every activity has one A and at
least one R and every role takes part in one, so the definition validates without warnings.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

_DEPT_WORDS = ["运营", "商品", "推广", "营销", "销售", "物流", "Data", "Platform", "客服", "Finance", "设计", "Growth"]
_ROLE_WORDS = ["专员", "经理", "主管", "Engineer", "Analyst", "策划", "Specialist", "顾问", "Lead", "助理"]
_ACTS = ["上新", "复盘", "Launch", "大促", "Review", "采购", "Forecast", "Audit", "直播", "Onboarding"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def synthetic_definition(people: int, seed: int = 7) -> dict:
    """A version-1 definition (plain data) for an organisation of about ``people`` people."""
    rng = random.Random(seed)
    n_roles = max(people // 5, 3)
    n_depts = max(n_roles // 20, 1)
    n_acts = max(int(people * 0.3), 1)

    departments: list[dict[str, Any]] = [{"id": "d0", "name": {"zh-CN": "总部", "en": "Headquarters"}}]
    for i in range(1, n_depts):
        parent = f"d{rng.randrange(0, max(1, min(i, 1 + i // 3)))}"
        word = _DEPT_WORDS[i % len(_DEPT_WORDS)]
        departments.append(
            {"id": f"d{i}", "name": {"zh-CN": f"{word}{i}部", "en": f"{word} Dept {i}"}, "parent": parent}
        )

    roles: list[dict] = []
    depth: dict[str, int] = {}
    dept_roles: dict[str, list[str]] = {d["id"]: [] for d in departments}
    heads: dict[str, str] = {}
    max_depth = 6 + seed % 3  # 6, 7 or 8
    for i in range(n_roles):
        rid = f"r{i}"
        dept = departments[i % n_depts]["id"] if i else "d0"
        if i == 0:
            manager = None
        elif dept not in heads:
            parent_dept = next(d.get("parent") for d in departments if d["id"] == dept) or "d0"
            manager = heads.get(parent_dept, "r0")
        else:
            pool = [r for r in dept_roles[dept][-12:] if depth[r] < max_depth]
            manager = rng.choice(pool) if pool else heads[dept]
        depth[rid] = 0 if manager is None else depth[manager] + 1
        heads.setdefault(dept, rid)
        dept_roles[dept].append(rid)
        word = _ROLE_WORDS[i % len(_ROLE_WORDS)]
        role = {
            "id": rid,
            "title": {"zh-CN": f"{word}{i}", "en": f"{word} {i}"},
            "department": dept,
            "reports_to": manager,
            "headcount": rng.randint(1, 9),
            "grade": f"P{4 + depth[rid] % 5}",
            "summary": {"zh-CN": f"负责{word}{i}相关工作，支持业务目标。", "en": f"Owns the work of {word} {i}."},
            "responsibilities": [f"职责 {k}: 完成 {word} 任务 {k} and report weekly" for k in range(4)],
            "requirements": [f"要求 {k}: {k + 2} 年以上经验 experience" for k in range(3)],
            "kpis": [f"KPI {k}: 达成率 ≥ {90 + k}%" for k in range(3)],
        }
        roles.append(role)

    people_list = []
    for role in roles:
        for _ in range(role["headcount"] - (1 if rng.random() < 0.2 else 0)):
            name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.5 else "")
            people_list.append({"name": name, "role": role["id"]})
            if len(people_list) >= people:
                break
        if len(people_list) >= people:
            break

    role_ids = [r["id"] for r in roles]
    unused = list(role_ids)
    rng.shuffle(unused)
    activities: list[dict[str, Any]] = []
    for i in range(n_acts):
        picked: dict[str, str] = {}
        chosen = rng.sample(role_ids, k=min(len(role_ids), rng.randint(3, 6)))
        for j, rid in enumerate(chosen):
            picked[rid] = "A" if j == 0 else "R" if j == 1 else rng.choice("CCI")
        while unused and len(picked) < 8 and (i >= n_acts - len(unused) or rng.random() < 0.5):
            rid = unused.pop()
            picked.setdefault(rid, "I")
        word = _ACTS[i % len(_ACTS)]
        activities.append(
            {
                "id": f"a{i}",
                "name": {"zh-CN": f"{word}活动 {i}", "en": f"{word} activity {i}"},
                "process": {"zh-CN": f"流程{i % 12}", "en": f"Process {i % 12}"},
                "raci": picked,
            }
        )
    used = {rid for a in activities for rid in a["raci"]}
    for k, rid in enumerate(r for r in role_ids if r not in used):
        activities[k % len(activities)]["raci"].setdefault(rid, "I")

    return {
        "version": 1,
        "organization": {
            "name": {"zh-CN": f"合成组织（{people}人）", "en": f"Synthetic organisation ({people} people)"},
            "locale": "zh-CN",
        },
        "departments": departments,
        "roles": roles,
        "people": people_list,
        "activities": activities,
    }


def revised_definition(data: dict, seed: int = 11) -> tuple[dict, dict[str, int]]:
    """The next version of a synthetic definition, re-organised the way a real one is: about 1 in
    50 roles moved to another manager, 1 in 20 headcounts changed, 1 in 100 roles retitled, 1 in
    100 leaf roles removed (with their people and letters) and as many added, 1 in 20 people moved,
    1 in 50 left and as many joined, and the A and an R swapped in 1 in 30 activities.

    Returns the new data and how many of each change were made (the diff must report exactly
    those). New managers always sit higher than the role they get, so no cycle can appear."""
    rng = random.Random(seed)
    new = {
        **data,
        "roles": [dict(r) for r in data["roles"]],
        "people": [dict(p) for p in data["people"]],
        "activities": [{**a, "raci": dict(a["raci"])} for a in data["activities"]],
    }
    roles = new["roles"]
    depth: dict[str, int] = {}
    for r in roles:  # managers come before their reports in a synthetic definition
        depth[r["id"]] = depth[r["reports_to"]] + 1 if r.get("reports_to") else 0
    has_reports = {r["reports_to"] for r in roles if r.get("reports_to")}
    made = dict.fromkeys(
        ("moved", "headcount", "retitled", "removed", "added", "people_moved", "left", "joined", "swapped"), 0
    )
    by_depth: dict[int, list[str]] = {}
    for r in roles:
        by_depth.setdefault(depth[r["id"]], []).append(r["id"])
    higher = {d: [r for k in range(d) for r in by_depth.get(k, [])] for d in by_depth}
    step = 0
    for r in roles[1:]:
        step += 1
        if step % 50 == 0:
            choices = [m for m in higher[depth[r["id"]]] if m != r.get("reports_to")]
            if choices:
                r["reports_to"] = rng.choice(choices)
                made["moved"] += 1
        elif step % 20 == 7:
            r["headcount"] = r.get("headcount", 1) + 1
            made["headcount"] += 1
        elif step % 100 == 13:
            r["title"] = {"zh-CN": r["title"]["zh-CN"] + "（新）", "en": r["title"]["en"] + " (new)"}
            made["retitled"] += 1
    removable = [r["id"] for r in roles[1:] if r["id"] not in has_reports]
    removed = set(removable[5::100])
    made["removed"] = len(removed)
    new["roles"] = [r for r in roles if r["id"] not in removed]
    for r in new["roles"]:
        if r.get("dotted_line_to"):
            r["dotted_line_to"] = [d for d in r["dotted_line_to"] if d not in removed]
    managers = [r["id"] for r in new["roles"][: max(len(new["roles"]) // 10, 1)]]
    for k in range(len(removed)):
        boss = managers[k % len(managers)]
        dept = next(r["department"] for r in new["roles"] if r["id"] == boss)
        new["roles"].append(
            {
                "id": f"n{k}",
                "title": {"zh-CN": f"新岗位{k}", "en": f"New role {k}"},
                "department": dept,
                "reports_to": boss,
            }
        )
        made["added"] += 1
    people = [p for p in new["people"] if p["role"] not in removed]
    live = [r["id"] for r in new["roles"]]
    kept = []
    for i, person in enumerate(people):
        if i % 50 == 17:
            made["left"] += 1
            continue
        if i % 20 == 3 and live[(i * 7) % len(live)] != person["role"]:
            person["role"] = live[(i * 7) % len(live)]
            made["people_moved"] += 1
        kept.append(person)
    for k in range(made["left"]):
        kept.append({"name": f"新同事{k}", "role": live[(k * 13) % len(live)]})
        made["joined"] += 1
    new["people"] = kept
    for i, activity in enumerate(new["activities"]):
        raci = {k: v for k, v in activity["raci"].items() if k not in removed}
        if i % 30 == 4:
            a = next((k for k, v in raci.items() if v == "A"), None)
            r = next((k for k, v in raci.items() if v == "R"), None)
            if a and r:
                raci[a], raci[r] = "R", "A"
                made["swapped"] += 1
        activity["raci"] = raci
    used = {k for a in new["activities"] for k in a["raci"]}
    for k, role in enumerate(r for r in new["roles"] if r["id"] not in used):  # every role takes part
        new["activities"][k % len(new["activities"])]["raci"][role["id"]] = "I"
    return new, made


def write_synthetic(path: str | Path, people: int, seed: int = 7, *, revised: bool = False) -> Path:
    """Write a synthetic definition as YAML; ``revised``: its next version (:func:`revised_definition`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = synthetic_definition(people, seed)
    if revised:
        data, _ = revised_definition(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
    return path
