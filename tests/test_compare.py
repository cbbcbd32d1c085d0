"""The comparison: every kind of change reported, exactly, and nothing reported that did not change."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from conftest import HOSTILE, REAL_COMPANY, REAL_RACI, SAMPLE_EN, SAMPLE_ZH
from diffcases import BASE

from officegen.compare import compare_specs
from officegen.compare.report import as_json, as_text
from officegen.definition import check
from officegen.definition.loader import load


def _spec(tmp_path, data, name):
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = check(path)
    assert result.spec is not None, [str(p) for p in result.errors]
    return result.spec


@pytest.fixture()
def diff(tmp_path):
    def run(new, old=BASE, lang=None):
        return compare_specs(_spec(tmp_path, old, "old.json"), _spec(tmp_path, new, "new.json"), lang=lang)

    return run


def rows(cmp):
    """The changes as (kind, action, id, field, old, new) for exact comparison."""
    return [(c.kind, c.action, c.id, c.field, c.old, c.new) for c in cmp.changes]


def role(data, role_id):
    return next(r for r in data["roles"] if r["id"] == role_id)


def activity(data, activity_id):
    return next(a for a in data["activities"] if a["id"] == activity_id)


# -- nothing changed -------------------------------------------------------------------------------


def test_a_definition_against_itself_has_no_changes(diff):
    cmp = diff(BASE)
    assert not cmp.changed and rows(cmp) == [] and cmp.findings == () and cmp.load == () and cmp.headcount == ()
    assert cmp.before == cmp.after


def test_a_reordered_copy_has_no_changes(diff):
    data = copy.deepcopy(BASE)
    for key in ("departments", "roles", "people", "activities"):
        data[key].reverse()
    for a in data["activities"]:
        a["raci"] = {k: v.lower() for k, v in reversed(a["raci"].items())}  # letters in lower case too
    activity(data, "a1")["raci"]["ceo"] = "a"
    assert rows(diff(data)) == []


def test_yaml_against_json_of_the_same_content_has_no_changes(tmp_path):
    yaml_text = (
        "# the same team, written by hand in YAML\n"
        "version: 1\n"
        "organization: {name: {zh-CN: 测试团队, en: Test Team}, locale: zh-CN}\n"
        "departments:\n"
        "  - {id: hq, name: {zh-CN: 总部, en: HQ}, description: 统筹全局}\n"
        "  - {id: sales, name: {zh-CN: 销售部, en: Sales}, parent: hq}\n"
        "  - {id: cs, name: {zh-CN: 客服部, en: Service}, parent: hq}\n"
        "roles:\n"
        "  - {id: ceo, title: {zh-CN: 总经理, en: CEO}, department: hq, reports_to: null}\n"
        "  - id: sales-lead\n    title: 销售主管\n    department: sales\n    reports_to: ceo\n"
        '    responsibilities:\n      - 带领团队\n      - "制定目标"\n'
        "  - {id: rep, title: 销售代表, department: sales, reports_to: sales-lead, headcount: 3, grade: P3}\n"
        "  - {id: cs-lead, title: 客服主管, department: cs, reports_to: ceo, dotted_line_to: [sales-lead]}\n"
        "  - {id: agent, title: 客服专员, department: cs, reports_to: cs-lead, headcount: 4}\n"
        "people:\n"
        "  - {name: 张伟, role: ceo, email: zw@example.com}\n"
        "  - {name: 李娜, role: sales-lead}\n"
        "  - {name: 王芳, role: rep}\n  - {name: 王芳, role: agent}\n  - {name: 赵强, role: agent}\n"
        "activities:\n"
        "  - {id: a1, name: 制定目标, process: 计划, raci: {ceo: A, sales-lead: R, cs-lead: C}}\n"
        "  - {id: a2, name: 拜访客户, process: 销售, raci: {sales-lead: A, rep: R}}\n"
        "  - {id: a3, name: 处理投诉, process: 服务, raci: {cs-lead: A, agent: R, rep: I}}\n"
    )
    path = tmp_path / "team.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    cmp = compare_specs(_spec(tmp_path, BASE, "team.json"), check(path).spec)
    assert rows(cmp) == []


@pytest.mark.parametrize(
    "path", [SAMPLE_ZH, SAMPLE_EN, HOSTILE, REAL_COMPANY, REAL_RACI], ids=["zh", "en", "hostile", "company", "raci"]
)
def test_real_definitions_against_reformatted_copies_have_no_changes(tmp_path, path):
    data = load(path).data
    original = check(path).spec
    as_json = _spec(tmp_path, data, "copy.json")
    as_yaml = _spec(tmp_path, data, "copy.yaml")  # block style, re-quoted, comments gone
    assert rows(compare_specs(original, original)) == []
    assert rows(compare_specs(original, as_json)) == []
    assert rows(compare_specs(as_yaml, original)) == []


def test_a_folder_against_the_single_file_has_no_changes(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    first = {k: v for k, v in BASE.items() if k in ("version", "organization", "departments")}
    (folder / "1.json").write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    (folder / "2.json").write_text(
        json.dumps(
            {"roles": BASE["roles"], "people": BASE["people"], "activities": BASE["activities"]}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    assert rows(compare_specs(_spec(tmp_path, BASE, "one.json"), check(folder).spec)) == []


# -- departments -----------------------------------------------------------------------------------


def test_departments_added_deleted_renamed_moved_and_their_function_changed(diff):
    data = copy.deepcopy(BASE)
    data["departments"][1]["name"] = {"zh-CN": "销售中心", "en": "Sales"}
    data["departments"][2]["parent"] = "sales"
    data["departments"][0]["description"] = "统筹全局，制定战略"
    data["departments"].append({"id": "hr", "name": "人事部", "parent": "hq"})
    cmp = diff(data)
    assert rows(cmp) == [
        ("department", "change", "hq", "description", "统筹全局", "统筹全局，制定战略"),
        ("department", "change", "sales", "name", "销售部", "销售中心"),
        ("department", "move", "cs", "parent", "hq", "sales"),
        ("department", "add", "hr", "", None, None),
    ]
    move = cmp.changes[2]
    assert (move.old_name, move.new_name) == ("总部", "销售中心")
    deleted = copy.deepcopy(data)
    deleted["departments"] = [d for d in deleted["departments"] if d["id"] != "hr"]
    assert rows(diff(deleted, old=data)) == [("department", "delete", "hr", "", None, None)]


def test_a_department_with_a_new_id_but_the_same_name_and_place_is_a_rename(diff):
    data = copy.deepcopy(BASE)
    data["departments"][1]["id"] = "sales-dept"
    for r in data["roles"]:
        if r["department"] == "sales":
            r["department"] = "sales-dept"
    cmp = diff(data)
    assert rows(cmp) == [("department", "change", "sales-dept", "id", "sales", "sales-dept")]
    assert cmp.changes[0].old_id == "sales"  # and none of its roles moved


def test_renaming_a_department_and_its_sub_department_together_is_two_renames(diff):
    data = copy.deepcopy(BASE)
    data["departments"][0]["id"] = "head-office"
    for d in data["departments"]:
        if d.get("parent") == "hq":
            d["parent"] = "head-office"
    data["departments"][2]["id"] = "service"
    for r in data["roles"]:
        r["department"] = {"hq": "head-office", "cs": "service"}.get(r["department"], r["department"])
    assert rows(diff(data)) == [
        ("department", "change", "head-office", "id", "hq", "head-office"),
        ("department", "change", "service", "id", "cs", "service"),
    ]


# -- roles -----------------------------------------------------------------------------------------


def test_roles_added_deleted_renamed_moved_and_every_field_changed(diff):
    data = copy.deepcopy(BASE)
    rep = role(data, "rep")
    rep["title"] = "销售顾问"
    rep["headcount"] = 5
    rep["grade"] = "P4"
    rep["location"] = "杭州"
    rep["summary"] = "开拓客户"
    rep["requirements"] = ["大专"]
    rep["kpis"] = ["销售额"]
    lead = role(data, "sales-lead")
    lead["responsibilities"] = ["带领团队", "培训新人"]
    agent = role(data, "agent")
    agent["department"] = "sales"
    agent["reports_to"] = "sales-lead"
    cs_lead = role(data, "cs-lead")
    cs_lead["dotted_line_to"] = ["rep"]
    data["roles"].append({"id": "analyst", "title": "分析师", "department": "hq", "reports_to": "ceo"})
    cmp = diff(data)
    assert rows(cmp) == [
        ("role", "add", "analyst", "", None, None),
        ("role", "change", "sales-lead", "responsibilities", ("带领团队", "制定目标"), ("带领团队", "培训新人")),
        ("role", "change", "rep", "title", "销售代表", "销售顾问"),
        ("role", "change", "rep", "headcount", 3, 5),
        ("role", "change", "rep", "grade", "P3", "P4"),
        ("role", "change", "rep", "location", "", "杭州"),
        ("role", "change", "rep", "summary", "", "开拓客户"),
        ("role", "change", "rep", "requirements", (), ("大专",)),
        ("role", "change", "rep", "kpis", (), ("销售额",)),
        ("role", "move", "agent", "department", "cs", "sales"),
        ("role", "move", "agent", "reports_to", "cs-lead", "sales-lead"),
        ("role", "add", "cs-lead", "dotted_line_to", None, "rep"),
        ("role", "delete", "cs-lead", "dotted_line_to", "sales-lead", None),
    ]
    moved = next(c for c in cmp.changes if c.field == "reports_to")
    assert (moved.old_name, moved.new_name) == ("客服主管", "销售主管")
    dotted = next(c for c in cmp.changes if c.field == "dotted_line_to" and c.action == "add")
    assert dotted.new_name == "销售顾问"
    gone = copy.deepcopy(BASE)
    gone["roles"] = [r for r in gone["roles"] if r["id"] != "rep"]
    gone["people"] = [p for p in gone["people"] if p["role"] != "rep"]
    for a in gone["activities"]:
        a["raci"].pop("rep", None)
    cmp = diff(gone)
    assert [r for r in rows(cmp) if r[0] == "role"] == [("role", "delete", "rep", "", None, None)]
    assert [(c.kind, c.action, c.id, c.role, c.old, c.new) for c in cmp.of("raci")] == [
        ("raci", "delete", "a2", "rep", "R", ""),
        ("raci", "delete", "a3", "rep", "I", ""),
    ]
    assert [(c.kind, c.action, c.id, c.old) for c in cmp.of("person")] == [("person", "delete", "王芳", "rep")]


def test_a_role_with_a_new_id_but_the_same_title_and_place_is_a_rename_and_its_references_follow(diff):
    data = copy.deepcopy(BASE)
    role(data, "sales-lead")["id"] = "sales-manager"
    role(data, "rep")["reports_to"] = "sales-manager"
    role(data, "cs-lead")["dotted_line_to"] = ["sales-manager"]
    data["people"][1]["role"] = "sales-manager"
    for a in data["activities"]:
        a["raci"] = {("sales-manager" if k == "sales-lead" else k): v for k, v in a["raci"].items()}
    cmp = diff(data)
    assert rows(cmp) == [("role", "change", "sales-manager", "id", "sales-lead", "sales-manager")]
    assert cmp.matched["role"]["sales-lead"] == "sales-manager"


def test_a_renamed_manager_and_its_renamed_report_are_both_renames(diff):
    data = copy.deepcopy(BASE)
    role(data, "cs-lead")["id"] = "service-lead"
    role(data, "agent")["id"] = "service-agent"
    role(data, "service-agent")["reports_to"] = "service-lead"
    data["people"][3]["role"] = data["people"][4]["role"] = "service-agent"
    activity(data, "a3")["raci"] = {"service-lead": "A", "service-agent": "R", "rep": "I"}
    activity(data, "a1")["raci"] = {"ceo": "A", "sales-lead": "R", "service-lead": "C"}
    assert rows(diff(data)) == [
        ("role", "change", "service-lead", "id", "cs-lead", "service-lead"),
        ("role", "change", "service-agent", "id", "agent", "service-agent"),
    ]


def test_a_new_id_with_a_new_title_is_a_deletion_and_an_addition(diff):
    data = copy.deepcopy(BASE)
    lead = role(data, "cs-lead")
    lead["id"], lead["title"] = "service-lead", "服务主管"
    role(data, "agent")["reports_to"] = "service-lead"
    for a in data["activities"]:
        if "cs-lead" in a["raci"]:
            a["raci"]["service-lead"] = a["raci"].pop("cs-lead")
    cmp = diff(data)
    assert [r for r in rows(cmp) if r[0] == "role"] == [
        ("role", "add", "service-lead", "", None, None),
        ("role", "move", "agent", "reports_to", "cs-lead", "service-lead"),
        ("role", "delete", "cs-lead", "", None, None),
    ]


def test_two_candidates_for_a_rename_are_not_guessed_between(diff):
    data = copy.deepcopy(BASE)
    data["roles"] = [r for r in data["roles"] if r["id"] != "analyst"]
    old = copy.deepcopy(BASE)
    old["roles"].append({"id": "x1", "title": "助理", "department": "hq"})
    data["roles"].append({"id": "y1", "title": "助理", "department": "hq"})
    data["roles"].append({"id": "y2", "title": "助理", "department": "hq"})
    assert [r[:3] for r in rows(diff(data, old=old))] == [
        ("role", "add", "y1"),
        ("role", "add", "y2"),
        ("role", "delete", "x1"),
    ]


def test_a_location_taken_from_the_organisation_is_reported_once(diff):
    old = copy.deepcopy(BASE)
    old["organization"]["location"] = "杭州"
    new = copy.deepcopy(old)
    new["organization"]["location"] = "上海"
    assert rows(diff(new, old=old)) == [("organization", "change", "organization", "location", "杭州", "上海")]


# -- people ----------------------------------------------------------------------------------------


def test_people_joined_left_moved_and_renamed(diff):
    data = copy.deepcopy(BASE)
    data["people"][0]["name"] = "张伟伟"  # same e-mail: the same person, renamed
    data["people"][1]["role"] = "cs-lead"  # moved
    del data["people"][4]  # 赵强 left
    data["people"].append({"name": "孙丽", "role": "rep", "email": "sl@example.com"})
    cmp = diff(data)
    assert rows(cmp) == [
        ("person", "change", "zw@example.com", "name", "张伟", "张伟伟"),
        ("person", "move", "李娜", "role", "sales-lead", "cs-lead"),
        ("person", "add", "sl@example.com", "role", None, "rep"),
        ("person", "delete", "赵强", "role", "agent", None),
    ]
    assert cmp.changes[1].old_name == "销售主管" and cmp.changes[1].new_name == "客服主管"


def test_two_people_of_the_same_name_keep_their_roles_when_one_leaves(diff):
    data = copy.deepcopy(BASE)
    del data["people"][2]  # the 王芳 who was a sales rep; the one in service stays
    assert rows(diff(data)) == [("person", "delete", "王芳", "role", "rep", None)]


# -- activities and RACI -----------------------------------------------------------------------------


def test_activities_added_deleted_renamed_moved_and_described(diff):
    data = copy.deepcopy(BASE)
    activity(data, "a1")["name"] = "制定年度目标"
    activity(data, "a2")["process"] = "计划"
    activity(data, "a2")["description"] = "每周一次"
    data["activities"] = [a for a in data["activities"] if a["id"] != "a3"]
    data["activities"].append({"id": "a4", "name": "复盘", "raci": {"ceo": "A", "sales-lead": "R"}})
    cmp = diff(data)
    assert rows(cmp) == [
        ("activity", "change", "a1", "name", "制定目标", "制定年度目标"),
        ("activity", "move", "a2", "process", "销售", "计划"),
        ("activity", "change", "a2", "description", "", "每周一次"),
        ("activity", "add", "a4", "", None, None),
        ("activity", "delete", "a3", "", None, None),
        ("raci", "add", "a4", "raci", "", "A"),
        ("raci", "add", "a4", "raci", "", "R"),
        ("raci", "delete", "a3", "raci", "A", ""),
        ("raci", "delete", "a3", "raci", "R", ""),
        ("raci", "delete", "a3", "raci", "I", ""),
    ]
    assert [c.role for c in cmp.of("raci")] == ["ceo", "sales-lead", "cs-lead", "agent", "rep"]


def test_an_activity_with_a_new_id_but_the_same_name_and_process_is_a_rename(diff):
    data = copy.deepcopy(BASE)
    activity(data, "a2")["id"] = "act-002"
    assert rows(diff(data)) == [("activity", "change", "act-002", "id", "a2", "act-002")]


def test_raci_letters_changed_per_role_and_their_consequences(diff):
    data = copy.deepcopy(BASE)
    activity(data, "a1")["raci"] = {"ceo": "R", "sales-lead": "R", "cs-lead": "C"}  # loses its only A
    activity(data, "a2")["raci"] = {"sales-lead": "A", "rep": "A", "agent": "C"}  # two A, loses its R
    activity(data, "a3")["raci"] = {"cs-lead": "AR", "rep": "I"}  # agent's R goes to the lead
    cmp = diff(data)
    assert [(c.id, c.role, c.action, c.old, c.new) for c in cmp.changes] == [
        ("a1", "ceo", "change", "A", "R"),
        ("a2", "rep", "change", "R", "A"),
        ("a2", "agent", "add", "", "C"),
        ("a3", "cs-lead", "change", "A", "AR"),
        ("a3", "agent", "delete", "R", ""),
    ]
    assert [(f.activity, f.code, f.roles) for f in cmp.findings] == [
        ("a1", "lost_a", ()),
        ("a2", "multiple_a", ("sales-lead", "rep")),
        ("a2", "lost_r", ()),
    ]
    # A -> R and R -> A keep a role's R+A load; the largest shifts first, then the most loaded
    assert [(s.role, s.old, s.new, s.delta) for s in cmp.load] == [("cs-lead", 1, 2, 1), ("agent", 1, 0, -1)]
    restored = diff(BASE, old=data)
    assert [(f.activity, f.code) for f in restored.findings] == [("a1", "gained_a"), ("a2", "gained_r")]


def test_a_new_activity_without_an_a_or_an_r_is_a_finding(diff):
    data = copy.deepcopy(BASE)
    data["activities"].append({"id": "a9", "name": "盘点", "raci": {"agent": "C"}})
    assert [(f.activity, f.code) for f in diff(data).findings] == [("a9", "no_a"), ("a9", "no_r")]


def test_the_raci_scheme_and_the_organisation_name_changes(diff):
    data = copy.deepcopy(BASE)
    data["organization"]["raci_scheme"] = "RASCI"
    data["organization"]["name"] = {"zh-CN": "测试团队二", "en": "Test Team"}
    assert rows(diff(data)) == [
        ("organization", "change", "organization", "name", "测试团队", "测试团队二"),
        ("organization", "change", "organization", "raci_scheme", "RACI", "RASCI"),
    ]


# -- translations, totals ------------------------------------------------------------------------------


def test_a_translation_edited_alone_is_a_change_in_that_language(diff):
    data = copy.deepcopy(BASE)
    role(data, "ceo")["title"] = {"zh-CN": "总经理", "en": "General Manager"}
    cmp = diff(data)
    assert [(c.kind, c.id, c.field, c.old, c.new, c.lang) for c in cmp.changes] == [
        ("role", "ceo", "title", "CEO", "General Manager", "en")
    ]
    english = diff(data, lang="en")
    assert [(c.field, c.old, c.new, c.lang) for c in english.changes] == [("title", "CEO", "General Manager", "en")]


def test_a_plain_text_change_is_reported_once_not_per_language(diff):
    data = copy.deepcopy(BASE)
    role(data, "rep")["title"] = "销售顾问"  # plain text: both languages show it
    assert [(c.field, c.lang) for c in diff(data).changes] == [("title", "zh-CN")]


def test_totals_headcount_spans_and_layers_before_and_after(diff):
    data = copy.deepcopy(BASE)
    role(data, "rep")["headcount"] = 6
    data["roles"].append({"id": "intern", "title": "实习生", "department": "sales", "reports_to": "rep"})
    cmp = diff(data)
    assert (cmp.before.planned, cmp.after.planned) == (10, 14)
    assert (cmp.before.filled, cmp.after.filled) == (5, 5)
    assert (cmp.before.vacant, cmp.after.vacant) == (5, 9)
    assert (cmp.before.layers, cmp.after.layers) == (3, 4)
    assert (cmp.before.managers, cmp.after.managers) == (3, 4)
    # spans: ceo 2 (sales-lead, cs-lead), sales-lead 3 -> 6, cs-lead 4, rep 1/6
    assert cmp.before.average_span == pytest.approx((2 + 3 + 4) / 3, abs=0.01)
    assert cmp.after.widest_span == 6
    assert [(h.id, h.old_planned, h.new_planned) for h in cmp.headcount] == [("hq", 10, 14), ("sales", 4, 8)]


# -- reports ---------------------------------------------------------------------------------------


def test_the_text_report_is_grouped_and_reads_like_a_review(diff):
    data = copy.deepcopy(BASE)
    role(data, "rep")["headcount"] = 5
    role(data, "agent")["reports_to"] = "sales-lead"
    activity(data, "a1")["raci"]["ceo"] = "R"
    data["roles"].append({"id": "analyst", "title": "分析师", "department": "hq", "reports_to": "ceo"})
    text = as_text(diff(data, lang="en"), "v1.yaml", "v2.yaml")
    assert text.splitlines()[:2] == ["--- v1.yaml  (Test Team)", "+++ v2.yaml  (Test Team)"]
    assert "Roles (1 added, 1 moved, 1 changed)\n" in text
    assert "  + analyst  分析师: in HQ (hq), reports to CEO (ceo)\n" in text
    assert "  ~ rep  销售代表: headcount 3 -> 5\n" in text
    assert "  > agent  客服专员: reports to 客服主管 (cs-lead) -> 销售主管 (sales-lead)\n" in text
    assert "RACI (1 letter change in 1 activity)\n  ~ a1  制定目标: ceo A -> R\n" in text
    assert "  ! a1  制定目标: lost its Accountable (A): none now\n" in text
    assert "\x1b" not in text
    coloured = as_text(diff(data), "v1", "v2", style=lambda t, r: f"<{r}>{t}</{r}>")
    assert "<add>+ analyst  分析师" in coloured and "<warn>! a1" in coloured


def test_the_text_report_shows_no_changes_and_keeps_hostile_text_on_one_line(diff):
    assert as_text(diff(BASE, lang="en"), "a", "b").endswith("\nNo changes.\n")
    data = copy.deepcopy(BASE)
    role(data, "rep")["title"] = "销售\n代表\u202e evil"
    text = as_text(diff(data), "a", "b")
    assert "销售 ⏎ 代表\\u202e evil" in text and "\u202e" not in text


def test_the_json_report_has_its_documented_shape(diff):
    data = copy.deepcopy(BASE)
    role(data, "rep")["headcount"] = 5
    role(data, "sales-lead")["responsibilities"] = ["带领团队"]
    doc = json.loads(json.dumps(as_json(diff(data), "v1.yaml", "v2.yaml"), ensure_ascii=False))
    assert set(doc) == {
        "format",
        "version",
        "old",
        "new",
        "lang",
        "changed",
        "counts",
        "changes",
        "findings",
        "load",
        "totals",
        "headcount",
    }
    assert doc["format"] == "officegen-diff" and doc["version"] == 1 and doc["changed"] is True
    assert doc["counts"]["role"] == {"add": 0, "delete": 0, "move": 0, "change": 2}
    assert doc["changes"][0] == {
        "kind": "role",
        "action": "change",
        "id": "sales-lead",
        "old_id": "sales-lead",
        "name": "销售主管",
        "field": "responsibilities",
        "old": ["带领团队", "制定目标"],
        "new": ["带领团队"],
        "old_name": None,
        "new_name": None,
        "lang": "zh-CN",
        "role": None,
        "role_name": None,
    }
    assert doc["totals"]["old"]["planned"] == 10 and doc["totals"]["new"]["planned"] == 12
    assert doc["headcount"][0] == {
        "department": "hq",
        "name": "总部",
        "old": {"planned": 10, "filled": 5},
        "new": {"planned": 12, "filled": 5},
    }


@pytest.mark.slow
def test_a_synthetic_reorganisation_is_reported_exactly(tmp_path):
    from collections import Counter

    from officegen.definition.synthetic import revised_definition, synthetic_definition

    old = synthetic_definition(1000)
    new, made = revised_definition(old)
    cmp = compare_specs(_spec(tmp_path, old, "old.json"), _spec(tmp_path, new, "new.json"))
    counts = Counter((c.kind, c.action, c.field) for c in cmp.changes)
    removed = {r["id"] for r in old["roles"]} - {r["id"] for r in new["roles"]}
    in_removed = sum(1 for p in old["people"] if p["role"] in removed)
    letters_lost = sum(1 for a in old["activities"] for r in a["raci"] if r in removed)
    assert made["moved"] and made["swapped"] and made["left"] and removed
    assert counts == {
        ("role", "move", "reports_to"): made["moved"],
        ("role", "change", "headcount"): made["headcount"],
        ("role", "change", "title"): 2 * made["retitled"],  # both languages' titles changed
        ("role", "add", ""): made["added"],
        ("role", "delete", ""): made["removed"],
        ("person", "move", "role"): made["people_moved"],
        ("person", "delete", "role"): made["left"] + in_removed,
        ("person", "add", "role"): made["joined"],
        ("raci", "change", "raci"): 2 * made["swapped"],
        ("raci", "add", "raci"): made["added"],  # each new role informed of one activity
        ("raci", "delete", "raci"): letters_lost,
    }


def test_a_revision_record_added_in_the_definition_is_a_change(diff):
    data = copy.deepcopy(BASE)
    role(data, "rep")["revisions"] = [{"date": "2026-12-01", "version": "2.0", "changes": ["编制调整"]}]
    assert rows(diff(data)) == [("role", "change", "rep", "revisions", (), ("2.0 2026-12-01: 编制调整",))]
