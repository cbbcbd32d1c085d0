"""Every error class of the format, each reported with its FILE:LINE:COL, all at once."""

from __future__ import annotations

import textwrap

from officegen.definition import check, load_organization

BASE = """\
version: 1
organization:
  name: {zh-CN: 测试团队, en: Test Team}
  locale: zh-CN
departments:
  - id: ops
    name: 运营部
  - id: cs
    name: 客服部
    parent: ops
roles:
  - id: boss
    title: 运营总监
    department: ops
  - id: agent
    title: 客服
    department: cs
    reports_to: boss
    headcount: 2
activities:
  - id: a1
    name: 接待
    raci: {boss: A, agent: R}
"""


def run(tmp_path, text: str, name: str = "team.yaml", strict: bool = False) -> list[str]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return [str(p) for p in check(path, strict=strict).problems if p.severity != "note"]  # notes: test_notes


def errors(tmp_path, text: str, name: str = "team.yaml") -> list[str]:
    return [p for p in run(tmp_path, text, name) if ": error: " in p]


def test_a_good_definition_has_no_problems(tmp_path):
    assert run(tmp_path, BASE) == []


def test_unsupported_version_names_the_line(tmp_path):
    problems = run(tmp_path, BASE.replace("version: 1", "version: 2"))
    assert problems == [f"{tmp_path}/team.yaml:1:10: error: unsupported version 2: this officegen reads version 1"]


def test_unknown_keys_are_errors_with_a_suggestion(tmp_path):
    text = BASE.replace("    title: 客服\n", "    titel: 客服\n").replace("activities:", "activites:")
    problems = run(tmp_path, text)
    assert f"{tmp_path}/team.yaml:16:5: error: unknown key 'titel' in role (did you mean 'title'?)" in problems
    assert f"{tmp_path}/team.yaml:16:5: error: role is missing required field 'title'" not in problems
    assert f"{tmp_path}/team.yaml:20:1: error: unknown key 'activites' (did you mean 'activities'?)" in problems


def test_missing_required_fields_point_at_their_item(tmp_path):
    problems = errors(tmp_path, BASE.replace("    department: cs\n", ""))
    assert problems == [f"{tmp_path}/team.yaml:15:5: error: role is missing required field 'department'"]


def test_wrong_types(tmp_path):
    text = BASE.replace("headcount: 2", "headcount: many").replace("name: 运营部", "name: [运营部]")
    problems = run(tmp_path, text)
    assert f"{tmp_path}/team.yaml:19:16: error: headcount must be a whole number, not 'many'" in problems
    assert any(p.startswith(f"{tmp_path}/team.yaml:7:11: error: name: expected text") for p in problems)


def test_negative_headcount(tmp_path):
    problems = run(tmp_path, BASE.replace("headcount: 2", "headcount: -1"))
    assert problems == [f"{tmp_path}/team.yaml:19:16: error: headcount must be greater than or equal to 0"]


def test_duplicate_and_malformed_ids(tmp_path):
    text = BASE.replace("  - id: cs\n", "  - id: ops\n").replace("- id: agent", "- id: -agent")
    problems = run(tmp_path, text)
    assert any("8:9: error: duplicate department id 'ops' (first at" in p for p in problems)
    assert any("15:9: error: id: invalid id '-agent'" in p for p in problems)


def test_unknown_references_everywhere(tmp_path):
    text = (
        BASE.replace("parent: ops", "parent: opz")
        .replace("reports_to: boss", "reports_to: bos\n    dotted_line_to: [nobody]")
        .replace("department: cs", "department: cx")
        .replace("raci: {boss: A, agent: R}", "raci: {boss: A, agent: R, ghost: C}")
        + "people:\n  - {name: 张三, role: agnt}\n"
    )
    problems = errors(tmp_path, text)
    f = f"{tmp_path}/team.yaml"
    assert f"{f}:10:13: error: unknown parent department 'opz' (did you mean 'ops'?)" in problems
    assert f"{f}:17:17: error: unknown department 'cx'; the department ids are: ops (运营部), cs (客服部)" in problems
    assert f"{f}:18:17: error: unknown role 'bos' (did you mean 'boss'?)" in problems
    assert f"{f}:19:22: error: unknown role 'nobody'; the role ids are: boss (运营总监), agent (客服)" in problems
    assert f"{f}:24:31: error: unknown role 'ghost'; the role ids are: boss (运营总监), agent (客服)" in problems
    assert f"{f}:26:22: error: unknown role 'agnt' (did you mean 'agent'?)" in problems


def test_reporting_cycles_name_every_member(tmp_path):
    text = BASE.replace("    department: ops\n", "    department: ops\n    reports_to: agent\n", 1)
    text = text.replace("  - id: ops\n    name: 运营部\n", "  - id: ops\n    name: 运营部\n    parent: cs\n")
    problems = run(tmp_path, text)
    assert any("error: cycle in reporting lines: boss -> agent -> boss" in p for p in problems)
    assert any("error: cycle in department parents: ops -> cs -> ops" in p for p in problems)


def test_letters_outside_the_scheme(tmp_path):
    problems = run(tmp_path, BASE.replace("agent: R}", "agent: RS}"))
    assert problems[0] == (
        f"{tmp_path}/team.yaml:23:28: error: 'RS' for role 'agent': S not allowed; use one or more of R, A, C, I "
        "(RACI scheme)"
    )
    rasci = BASE.replace("locale: zh-CN", "locale: zh-CN\n  raci_scheme: RASCI").replace("agent: R}", "agent: RS}")
    assert run(tmp_path, rasci) == []


def test_raci_warnings_and_strict(tmp_path):
    text = BASE.replace("raci: {boss: A, agent: R}", "raci: {boss: A, agent: A}")
    text += "  - id: a2\n    name: 复盘\n    raci: {boss: R}\n"
    problems = run(tmp_path, text)
    f = f"{tmp_path}/team.yaml"
    assert problems == [
        f"{f}:21:9: warning: activity 'a1' has 2 roles Accountable (A): 'boss' and 'agent'; exactly one is "
        "expected (keep A for one of them; the others R or C)",
        f"{f}:21:9: warning: activity 'a1' has no role Responsible (R)",
        f"{f}:24:9: warning: activity 'a2' has 0 roles Accountable (A); exactly one is expected",
    ]
    assert all(": error: " in p for p in run(tmp_path, text, strict=True))


def test_unused_roles_empty_departments_and_over_headcount_warn(tmp_path):
    text = BASE.replace("raci: {boss: A, agent: R}", "raci: {boss: AR}")
    text = text.replace("departments:\n", "departments:\n  - id: empty\n    name: 空部门\n")
    text += "people:\n  - {name: A, role: boss}\n  - {name: B, role: boss}\n"
    problems = run(tmp_path, text)
    assert any("warning: role 'agent' takes part in no activity" in p for p in problems)
    assert any(":6:9: warning: department 'empty' has no roles" in p for p in problems)
    assert any("warning: role 'boss' has 2 people but a headcount of 1" in p for p in problems)


def test_the_reference_and_raci_checks_speak_chinese_when_asked(tmp_path):
    """``say='zh-CN'`` (what import-roster passes for a Chinese roster): the checks its users meet
    are in Chinese, with the same places, keywords and codes as in English."""
    text = (
        BASE.replace("  - id: cs\n", "  - id: ops\n")
        .replace("reports_to: boss", "reports_to: bos")
        .replace("department: cs", "department: cx")
        .replace("raci: {boss: A, agent: R}", "raci: {boss: A, agent: X, ghost: C}")
        + "  - id: a2\n    name: 复盘\n    raci: {boss: AR}\n"
        + "people:\n  - {name: A, role: boss}\n  - {name: B, role: boss}\n  - {name: C, role: 客服}\n"
    )
    path = tmp_path / "team.yaml"
    path.write_text(text, encoding="utf-8")
    zh = {str(p) for p in check(path, say="zh-CN").problems}
    en = {str(p) for p in check(path).problems}
    f = f"{tmp_path}/team.yaml"
    assert any(p.startswith(f"{f}:8:9: error: 部门 id“ops”重复（第一次在 {f}:") for p in zh)
    assert f"{f}:17:17: error: 没有这个部门：“cx”；现有的部门 id：ops（运营部）" in zh
    assert f"{f}:18:17: error: 没有这个岗位：“bos”（是不是“boss”？）" in zh
    assert f"{f}:23:31: error: 没有这个岗位：“ghost”；现有的岗位 id：boss（运营总监）、agent（客服）" in zh
    assert f"{f}:23:28: error: 岗位“agent”的“X”：不能用 X；请用 R、A、C、I 中的一个或几个（RACI 方案）" in zh
    assert f"{f}:10:13: error: 部门“ops”的上级部门是它自己" in zh
    assert f"{f}:12:5: warning: 岗位“boss”有 2 人，但编制只有 1 个" in zh
    assert f"{f}:30:21: error: 没有这个岗位：“客服”：“客服”是岗位 “agent” 的名称；请写它的 id（agent）" in zh
    assert len(zh) == len(en) and not any("unknown" in p or "duplicate" in p for p in zh)
    assert any("error: unknown department 'cx'" in p for p in en)  # English stays the default
    cycle = BASE.replace("    department: ops\n", "    department: ops\n    reports_to: agent\n", 1)
    path.write_text(cycle.replace("raci: {boss: A, agent: R}", "raci: {boss: A, agent: A}"), encoding="utf-8")
    zh = {str(p) for p in check(path, say="zh-CN").problems}
    assert any(p.endswith("error: 汇报关系成环：boss -> agent -> boss") for p in zh)
    assert any(
        p.endswith(
            "warning: 活动“a1”有 2 个最终负责（A）的岗位：“boss”、“agent”；应当恰好一个（只给其中一个留 A，其余改为 R 或 C）"
        )
        for p in zh
    )
    assert any(p.endswith("warning: 活动“a1”没有负责执行（R）的岗位") for p in zh)


def test_the_structure_checks_and_full_width_hints_speak_chinese_when_asked(tmp_path):
    """What a Chinese keyboard makes of a definition edited by hand (then imported into with
    --into): unknown keys, a unit after a number, a full-width colon in a key, said in Chinese."""
    text = (
        BASE.replace("    title: 客服\n", "    titel: 客服\n")
        .replace("headcount: 2", "headcount: 5人")
        .replace("  locale: zh-CN", "  locale: zh-CN\n  raci_scheme: RAC")
        .replace("department: cs", "department: cs：客服部")
        + "people:\n  - {name: A, role：boss}\n  - x\n"
    )
    path = tmp_path / "team.yaml"
    path.write_text(text, encoding="utf-8")
    zh = [str(p) for p in check(path, say="zh-CN").problems]
    en = [str(p) for p in check(path).problems]
    f = f"{tmp_path}/team.yaml"
    assert zh == [
        f"{f}:5:16: error: raci_scheme 只能是 'RACI' 或 'RASCI'，不能是 'RAC'",
        f"{f}:9:9: warning: 部门“cs”下面没有岗位",
        f"{f}:16:5: error: 岗位缺少必填字段“title”",
        f"{f}:17:5: error: 岗位里没有“titel”这个键（是不是“title”？）",
        f"{f}:18:17: error: department：无效的 id“cs：客服部”：只能用文字、数字和半角的 - _ .，并以文字或数字开头："
        "“：”（全角冒号，U+FF1A）不是 YAML 的冒号：请输入半角“:”再加一个空格（例如 cs: 客服部）",
        f"{f}:20:16: error: headcount 必须是整数，不能是“5人”（写 headcount: 5，不带单位）",
        f"{f}:26:5: error: 人员缺少必填字段“role”",
        f"{f}:26:15: error: 人员里没有“role：boss”这个键：“：”（全角冒号，U+FF1A）不是 YAML 的冒号："
        "请输入半角“:”再加一个空格（例如 role: boss）",
        f"{f}:27:5: error: 每个人员都必须是映射（键: 值）",
    ]
    assert len(en) == len(zh) and en[5].startswith(f"{f}:20:16: error: headcount must be a whole number, not '5人'")
    # the full-width colon is said before a near key name, in English too
    assert en[7] == (
        f"{f}:26:15: error: unknown key 'role：boss' in person: '：' (full-width colon, U+FF1A) is not YAML's "
        "colon: type a half-width ':' and a space (e.g. role: boss)"
    )


def test_the_summary_line_in_chinese_and_english():
    from officegen.problems import Location, Problem, summary

    problems = [Problem(Location("t.yaml", 1, 1), s, "x") for s in ("error", "warning", "warning", "note")]
    assert summary(problems, "t.yaml", "zh-CN") == "t.yaml：1 个错误，2 个警告，1 条提示"
    assert summary(problems[1:], "t.yaml", "zh-CN") == "t.yaml：有效，2 个警告，1 条提示"
    assert summary([], "t.yaml", "zh") == "t.yaml：有效"
    assert summary(problems, "t.yaml") == "t.yaml: 1 error, 2 warnings, 1 note"
    assert summary(problems[1:], "t.yaml", "en") == "t.yaml: valid, 2 warnings, 1 note"


def test_a_parent_department_with_staffed_children_is_not_empty(tmp_path):
    text = BASE.replace(
        "  - id: boss\n    title: 运营总监\n    department: ops\n",
        "  - id: boss\n    title: 运营总监\n    department: cs\n",
    )
    assert not any("has no roles" in p for p in run(tmp_path, text))


def test_every_problem_at_once_sorted(tmp_path):
    text = BASE.replace("version: 1", "version: 9").replace("titel", "x").replace("reports_to: boss", "reports_to: b")
    text = text.replace("headcount: 2", "headcount: two")
    problems = run(tmp_path, text)
    assert len(problems) == 3
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)


HR_COMPANY = __import__("pathlib").Path(__file__).parent / "data" / "hr-company.yaml"


def _listed(problems, code="untranslated") -> int:
    """How many texts the untranslated notes/warnings list ("title, all 3 responsibilities, 2 of 4 kpis")."""
    import re

    total = 0
    for p in problems:
        if p.code != code:
            continue
        for part in p.message.split(" translation of ", 1)[1].split(", "):
            m = re.match(r"(?:all (\d+)|(\d+) of \d+) ", part)
            total += int(m.group(1) or m.group(2)) if m else 1
    return total


def test_untranslated_texts_and_content_not_written_are_notes(tmp_path):
    """A definition in two languages: what has no translation, and what is not written yet, is
    listed as notes (never errors, not even under --strict); asking for the missing language makes
    the untranslated texts warnings."""
    result = check(HR_COMPANY)
    notes = [str(p).split(": note: ")[1] for p in result.problems if p.severity == "note"]
    assert result.spec is not None and not result.warnings and len(notes) == len(result.problems)
    assert (
        "role 'inspector' (检验员（IQC/IPQC/OQC）): no en translation of title, summary, all 3 responsibilities"
        in notes
    )
    assert (
        "role 'prod-mgr' (生产经理): no en translation of 1 of 4 responsibilities, all 3 requirements, all 4 kpis"
        in notes
    )
    assert "department 'intl-sales' (海外销售): no en translation of name" in notes
    assert "role 'assembly-operator' (装配操作员): not written yet: summary, requirements, KPIs" in notes
    assert "department 'admin' (行政部): not written yet: description (the department's function)" in notes
    assert not any("'G2'" in n or "grade" in n for n in notes)  # a code reads the same in both languages
    assert all(p.severity == "note" for p in check(HR_COMPANY, strict=True).problems)
    english = check(HR_COMPANY, lang="en")
    assert {p.code for p in english.warnings} == {"untranslated"}
    assert {p.code for p in english.problems if p.severity == "note"} == {"not-written"}
    # the English output shows exactly the texts validate --lang en lists in another language
    org = load_organization(HR_COMPANY, lang="en")[0]
    assert org.untranslated == _listed(english.warnings) > 100
    assert load_organization(HR_COMPANY)[0].untranslated == 0  # all written in Chinese


def test_a_definition_in_one_language_has_no_translation_notes(tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text(BASE.replace("{zh-CN: 测试团队, en: Test Team}", "测试团队"), encoding="utf-8")
    assert check(path).problems == ()
    assert [p.code for p in check(path, lang="en").problems] == [
        "untranslated"
    ] * 6  # organization, 2 departments, 2 roles, 1 activity


def test_the_raci_rule_is_one_accountable_and_at_least_one_responsible():
    from officegen.definition.validator import RaciFinding, raci_findings

    assert raci_findings("a1", [("pm", "AR"), ("dev", "C")]) == ()
    assert raci_findings("a2", [("pm", "C"), ("dev", "I")]) == (
        RaciFinding("a2", "no-accountable"),
        RaciFinding("a2", "no-responsible", ("pm", "dev")),
    )
    (many,) = raci_findings("a3", [("pm", "A"), ("dev", "AR"), ("qa", "C")])
    assert many == RaciFinding("a3", "many-accountable", ("pm", "dev"))
    assert many.code == "raci-accountable"
    assert many.message() == (
        "activity 'a3' has 2 roles Accountable (A): 'pm' and 'dev'; exactly one is expected "
        "(keep A for one of them; the others R or C)"
    )
