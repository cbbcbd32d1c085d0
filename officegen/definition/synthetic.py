"""Deterministic synthetic organisations of any size, for benchmarks and scale tests.

Shaped like the benchmark brief: roles ~ people/5, activities ~ 0.3 x people, departments ~
roles/20, reporting depth 6-8, Chinese and Latin text mixed. Every activity has one A and at
least one R and every role takes part in one, so the definition validates without warnings.
"""

from __future__ import annotations

import random
from pathlib import Path

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

    departments = [{"id": "d0", "name": {"zh-CN": "总部", "en": "Headquarters"}}]
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
    activities = []
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


def write_synthetic(path: str | Path, people: int, seed: int = 7) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(synthetic_definition(people, seed), allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
    return path
