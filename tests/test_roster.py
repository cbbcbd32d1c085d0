"""`officegen import-roster`: the rosters HR already has become definitions, and next month's
roster updates one in place without losing a word.

Rosters are made here in the styles their systems export: a Chinese GB18030 CSV (工号 and
直属上级工号), a DingTalk/Feishu-like workbook with merged title rows above the header, English
Visio-wizard and OrgChart Now files with managers by name or email, and BambooHR.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import load
from docx import Document
from openpyxl.styles import Alignment
from pptx import Presentation

from officegen.cli import cli
from officegen.generators.raci import FIRST_COL

HEADER_ZH = ["工号", "姓名", "部门", "岗位", "直属上级工号", "虚线上级工号", "入职日期", "状态"]


def factory_rows():
    """A 26-row manufacturer: a CEO, production with a workshop of three team leads and their
    operators (one a vacancy), quality reporting outside its department, a dotted line, one leaver."""
    rows = [
        ["1001", "王建国", "总经办", "总经理", "", "", "2012-03-01", "在职"],
        ["1002", "李明", "生产部", "生产经理", "1001", "", "2014-05-01", "在职"],
        ["1003", "赵强", "生产部/一车间", "车间主任", "1002", "", "2015-07-01", "在职"],
        ["1004", "张三", "生产部/一车间", "班组长", "1003", "", "2016-01-01", "在职"],
        ["1005", "李四", "生产部/一车间", "班组长", "1003", "", "2016-02-01", "在职"],
        ["1006", "王五", "生产部/一车间", "班组长", "1003", "", "2016-03-01", "在职"],
    ]
    n = 1100
    for lead, count in (("1004", 4), ("1005", 3), ("1006", 5)):
        for _ in range(count):
            rows.append([str(n), f"操作工{n}", "生产部/一车间", "操作工", lead, "", "2020-01-01", "在职"])
            n += 1
    rows += [
        ["", "", "生产部/一车间", "操作工", "1005", "", "", "空缺"],
        ["1201", "周质", "质量部", "质量主管", "1002", "", "2018-01-01", "在职"],
        ["1202", "吴检", "质量部", "质检员", "1201", "1003", "2019-01-01", "在职"],
        ["1203", "郑检", "质量部", "质检员", "1201", "", "2019-06-01", "在职"],
        ["1204", "冯离", "质量部", "质检员", "1201", "", "2019-06-01", "离职"],
        ["", "", "质量部", "质检员", "1201", "", "", "空缺"],
        ["1301", "陈会", "财务部", "会计", "1001", "", "2017-01-01", "在职"],
    ]
    return rows


def write_csv(path, rows, encoding="gb18030", header=HEADER_ZH, delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([header, *rows])
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def imported(tmp_path, roster, *extra, name="team.yaml"):
    out = tmp_path / name
    result = run("import-roster", roster, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out, result


def roles_by_title(team):
    org = load(team)
    return org, {r.title: r for r in org.roles.values()}


# -- a Chinese GB18030 CSV -------------------------------------------------------------------------


def test_a_gb18030_csv_becomes_roles_headcounts_people_and_lines(tmp_path):
    roster = write_csv(tmp_path / "花名册.csv", factory_rows())
    team, result = imported(tmp_path, roster)
    org, by_title = roles_by_title(team)
    assert org.lang == "zh-CN"
    assert by_title["总经理"].reports_to_id is None
    assert org.roles[by_title["生产经理"].reports_to_id].title == "总经理"
    assert [p.name for p in by_title["生产经理"].people] == ["李明"]
    # quality reports outside its department, to production's manager
    quality_head = by_title["质量主管"]
    assert org.roles[quality_head.reports_to_id].title == "生产经理"
    assert org.departments["质量部"].head_id == quality_head.id
    # a vacancy counts in headcount, not in people; the leaver is not imported at all
    inspectors = by_title["质检员"]
    assert inspectors.headcount == 3 and sorted(p.name for p in inspectors.people) == ["吴检", "郑检"]
    assert "冯离" not in {p.name for p in org.people}
    # the dotted line: an inspector also reports to the workshop head
    assert inspectors.dotted_line_to == (by_title["车间主任"].id,)
    # department paths form the tree
    assert org.departments["一车间"].parent_id == "生产部"
    assert org.departments["生产部"].parent_id == "总经办"  # from its head's line
    total = org.total_headcount
    assert (total.planned, total.filled) == (24, 22)
    assert "在岗 22 人，空缺 2 个" in result.stderr


@pytest.mark.slow
def test_three_team_leads_each_get_a_role_and_their_operators_a_team(tmp_path):
    roster = write_csv(tmp_path / "花名册.csv", factory_rows())
    team, _ = imported(tmp_path, roster)
    org, by_title = roles_by_title(team)
    for lead, size, vacant in (("张三", 4, 0), ("李四", 4, 1), ("王五", 5, 0)):
        lead_role = by_title[f"班组长（{lead}）"]
        team_role = by_title[f"操作工（{lead}组）"]
        assert [p.name for p in lead_role.people] == [lead]
        assert lead_role.reports_to_id == by_title["车间主任"].id
        assert team_role.reports_to_id == lead_role.id
        assert (team_role.headcount, team_role.vacant) == (size, vacant)
    expected = {"张三": range(1100, 1104), "李四": range(1104, 1107), "王五": range(1107, 1112)}
    for lead, numbers in expected.items():
        assert sorted(p.name for p in by_title[f"操作工（{lead}组）"].people) == [f"操作工{n}" for n in numbers]
    # the deck shows it: each operator box hangs from its own lead's box
    out = tmp_path / "out"
    assert run("build", team, "-o", out, "-q").exit_code == 0
    deck = Presentation(str(out / "org-chart.pptx"))
    found = {}
    for slide in deck.slides:
        shapes = {s.shape_id: s for s in slide.shapes}
        for shape in slide.shapes:
            xml = shape._element
            st, end = xml.find(".//{*}stCxn"), xml.find(".//{*}endCxn")
            if st is None or end is None or "dotted" in shape.name:
                continue
            parent, child = shapes[int(st.get("id"))], shapes[int(end.get("id"))]
            found[child.name] = parent.name
    for lead in ("张三", "李四", "王五"):
        lead_id, team_id = by_title[f"班组长（{lead}）"].id, by_title[f"操作工（{lead}组）"].id
        child = f"role:{team_id}" if f"role:{team_id}" in found else f"team:{team_id}"
        assert found[child] == f"role:{lead_id}", (lead, found)
    text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert "操作工（李四组）" in text


def test_no_teams_keeps_one_role_per_title(tmp_path):
    roster = write_csv(tmp_path / "r.csv", factory_rows())
    team, _ = imported(tmp_path, roster, "--no-teams")
    _, by_title = roles_by_title(team)
    assert by_title["操作工"].headcount == 13 and by_title["班组长"].headcount == 3
    assert by_title["操作工"].reports_to_id == by_title["班组长"].id


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_csv_encodings_and_delimiters_read_the_same(tmp_path, encoding, delimiter):
    plain = imported(tmp_path, write_csv(tmp_path / "a.csv", factory_rows(), "utf-8"), "--name", "厂", name="a.yaml")[0]
    other = imported(
        tmp_path,
        write_csv(tmp_path / "b.csv", factory_rows(), encoding, delimiter=delimiter),
        "--name",
        "厂",
        name="b.yaml",
    )[0]
    body = lambda p: p.read_text(encoding="utf-8").split("version: 1", 1)[1]  # noqa: E731
    assert body(plain) == body(other)


def test_the_definition_is_commented_reproducible_and_has_no_activities(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    roster = write_csv(tmp_path / "花名册.csv", factory_rows())
    first, _ = imported(tmp_path, roster, name="a.yaml")
    second, _ = imported(tmp_path, roster, name="b.yaml")
    text = first.read_text(encoding="utf-8")
    assert first.read_bytes() == second.read_bytes()
    assert text.startswith("# 团队定义：由 officegen import-roster 从 花名册.csv (GB18030) 生成，2026-01-01。")
    assert "activities: []" in text and "# 负责人：生产经理" in text
    assert "  - {name: 王建国, role: 总经理}  # 工号 1001" in text
    assert run("validate", "--strict", first).exit_code == 0


def _plain_workbook(path, rows, sheet="Sheet1", header=HEADER_ZH):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_roster_without_a_title_row_is_named_after_its_company_file_or_sheet(tmp_path):
    """No title row: the organisation is the company column's one company, else the file's name
    without 花名册/dates/副本, else a sheet's own name, else 组织 (Organization); --name wins."""

    def named(roster, *extra, name="team.yaml"):
        team, _ = imported(tmp_path, roster, *extra, name=name)
        text = team.read_text(encoding="utf-8")
        return load(team).name, text

    rows = factory_rows()
    assert named(write_csv(tmp_path / "花名册-云帆科技有限公司-12月（副本）.csv", rows), name="a.yaml")[0] == (
        "云帆科技有限公司"
    )
    name, text = named(write_csv(tmp_path / "花名册.csv", rows), name="b.yaml")
    assert name == "组织" and "name: {zh-CN: 组织}" in text  # nothing names it: the language's word
    with_company = [[*r, "" if r[7] == "空缺" else "杭州云帆制造有限公司"] for r in rows]
    company = write_csv(tmp_path / "2026年11月花名册.csv", with_company, header=[*HEADER_ZH, "所属公司"])
    name, text = named(company, name="c.yaml")
    assert name == "杭州云帆制造有限公司" and "name: {zh-CN: 杭州云帆制造有限公司}" in text
    two = [[*r[:8], "甲公司" if n % 2 else "乙公司"] for n, r in enumerate(rows)]
    assert named(write_csv(tmp_path / "花名册-集团.csv", two, header=[*HEADER_ZH, "公司"]), name="d.yaml")[0] == "集团"
    assert named(_plain_workbook(tmp_path / "花名册.xlsx", rows, sheet="云帆科技"), name="e.yaml")[0] == "云帆科技"
    assert named(_plain_workbook(tmp_path / "花名册_v2.xlsx", rows), name="f.yaml")[0] == "组织"  # Sheet1 says nothing
    assert named(company, "--name", "云帆集团", name="g.yaml")[0] == "云帆集团"  # the option wins
    formula = [[*r, "=A1" if n == 3 else "云帆"] for n, r in enumerate(rows)]  # only the name: no error
    assert named(_plain_workbook(tmp_path / "k.xlsx", formula, header=[*HEADER_ZH, "公司"]), name="k.yaml")[0] == "云帆"
    english = [["1", "Ann Lee", "Exec", "CEO", ""], ["2", "Bo Wu", "Exec", "VP", "1"]]
    header = ["Employee ID", "Name", "Department", "Title", "Manager ID"]
    roster = write_csv(tmp_path / "employee_roster_final.csv", english, "utf-8", header=header)
    assert named(roster, name="h.yaml")[0] == "Organization"
    roster = write_csv(tmp_path / "Acme Corp roster 2026-11.csv", english, "utf-8", header=header)
    assert named(roster, name="i.yaml")[0] == "Acme Corp"
    roster = write_csv(tmp_path / "x.csv", [[*r, "Acme Ltd"] for r in english], "utf-8", header=[*header, "Company"])
    assert named(roster, name="j.yaml")[0] == "Acme Ltd"


# -- DingTalk / Feishu-like workbooks with title rows ----------------------------------------------


def dingtalk_workbook(path, *, people=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "通讯录"
    ws["A1"] = "杭州云帆科技有限公司 员工通讯录（2026年11月）"
    ws.merge_cells("A1:I1")
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = "说明：部门按“一级部门-二级部门”填写；直属主管填写主管姓名"
    ws.merge_cells("A2:I2")
    ws.append([])
    ws.append(["姓名", "工号", "员工UserID", "手机号", "部门", "职位", "直属主管", "办公地点", "入职时间", None, None])
    people = people or [
        ("陈一", 1, "u001", 13800000001, "总裁办", "CEO", "", "杭州"),
        ("林二", 2, "u002", 13800000002, "研发中心", "研发总监", "陈一", "杭州"),
        ("黄三", 3, "u003", 13800000003, "研发中心-后端组", "后端组长", "林二", "杭州"),
        ("何四", 4, "u004", 13800000004, "研发中心-后端组", "后端工程师", "黄三", "上海"),
        ("高五", 5, "u005", 13800000005, "研发中心-后端组", "后端工程师", "黄三", "上海"),
        ("", None, None, None, "研发中心-后端组", "后端工程师", "黄三", "上海"),
        ("罗六", 6, "u006", 13800000006, "研发中心-前端组", "前端工程师", "林二", "杭州"),
        ("梁七", 7, "u007", 13800000007, "市场部", "市场经理", "陈一", "北京"),
    ]
    for row in people:
        ws.append([*row, dt.datetime(2021, 3, 1)])
        ws.append([])  # blank rows between people, as hand-kept lists have
    wb.save(path)
    return path


def test_a_dingtalk_workbook_with_merged_title_rows_and_dash_paths(tmp_path):
    roster = dingtalk_workbook(tmp_path / "通讯录.xlsx")
    team, _ = imported(tmp_path, roster)
    org, by_title = roles_by_title(team)
    assert org.name == "杭州云帆科技有限公司 员工"[:-3] or org.name.startswith("杭州云帆科技有限公司")
    assert org.departments["后端组"].parent_id == "研发中心"
    assert org.roles[by_title["后端工程师"].reports_to_id].title == "后端组长"
    assert by_title["后端工程师"].headcount == 3 and by_title["后端工程师"].vacant == 1
    assert by_title["后端工程师"].location == "上海"
    # 工号 stored as numbers are the digits, and managers named by name resolve
    assert "# 工号 4" in team.read_text(encoding="utf-8")
    assert org.roles[by_title["前端工程师"].reports_to_id].title == "研发总监"


def test_a_feishu_export_with_user_ids_dotted_lines_and_an_instruction_sheet(tmp_path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填写说明"
    notes["A1"] = "请勿修改表头"
    ws = wb.create_sheet("成员")
    ws.append(["成员信息"])
    ws.merge_cells("A1:G1")
    ws.append(["姓名", "用户 ID", "部门", "职务", "直属上级", "虚线上级", "工作城市"])
    ws.append(["Alice 王", "ou_1", "产品部", "产品总监", "", "", "深圳"])
    ws.append(["Bob 李", "ou_2", "产品部/设计组", "设计师", "ou_1", "ou_3", "深圳"])
    ws.append(["Carol 赵", "ou_3", "运营部", "运营经理", "ou_1", "", "广州"])
    wb.save(tmp_path / "feishu.xlsx")
    team, _ = imported(tmp_path, tmp_path / "feishu.xlsx", "--preset", "feishu")
    org, by_title = roles_by_title(team)
    assert org.roles[by_title["设计师"].reports_to_id].title == "产品总监"
    assert by_title["设计师"].dotted_line_to == (by_title["运营经理"].id,)
    assert "工作表 成员" in team.read_text(encoding="utf-8")


# -- English exports -------------------------------------------------------------------------------


def test_a_visio_wizard_file_with_managers_by_name(tmp_path):
    rows = [
        ["Name", "Reports_To", "Title", "Department", "Telephone"],
        ["Steve Smith", "", "CEO", "Executive", "555-0100"],
        ["Sandra Chen", "Steve Smith", "Vice President", "Marketing", "555-0101"],
        ["George Lopez", "Steve Smith", "Vice President", "Engineering", "555-0102"],
        ["Arnold Osborne", "Sandra Chen", "Exec. Assistant", "Marketing", "555-0103"],
        ["Vacant", "George Lopez", "Software Engineer", "Engineering", ""],
        ["Ivy Park", "George Lopez", "Software Engineer", "Engineering", "555-0104"],
    ]
    with open(tmp_path / "org.csv", "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    team, _ = imported(tmp_path, tmp_path / "org.csv", "--preset", "visio")
    org, by_title = roles_by_title(team)
    assert org.lang == "en"
    engineers = by_title["Software Engineer"]
    assert (engineers.headcount, engineers.filled) == (2, 1)
    vp_ids = {r.id for r in org.roles.values() if r.title == "Vice President"}
    assert engineers.reports_to_id in vp_ids and org.roles[engineers.reports_to_id].department_id == "engineering"
    assert org.departments["marketing"].parent_id == "executive"


def test_orgchart_now_with_managers_by_email(tmp_path):
    rows = [
        ["PersonID", "Name", "Title", "Department", "Email", "Manager Email"],
        ["1", "Steve Smith", "CEO", "Executive", "steve@example.com", ""],
        ["2", "Sandra Chen", "VP Marketing", "Marketing", "sandra@example.com", "STEVE@example.com"],
        ["3", "Arnold Osborne", "Marketing Specialist", "Marketing", "arnold@example.com", "sandra@example.com"],
        ["4", "Ann Lee", "Marketing Specialist", "Marketing", "ann@example.com", "sandra@example.com"],
    ]
    with open(tmp_path / "orgchart.csv", "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    team, _ = imported(tmp_path, tmp_path / "orgchart.csv")
    org, by_title = roles_by_title(team)
    assert org.roles[by_title["Marketing Specialist"].reports_to_id].title == "VP Marketing"
    assert {p.email for p in by_title["Marketing Specialist"].people} == {"arnold@example.com", "ann@example.com"}


def test_bamboohr_export_with_division_status_and_reports_to_by_name(tmp_path):
    rows = [
        [
            "Employee #",
            "First Name",
            "Last Name",
            "Job Title",
            "Department",
            "Division",
            "Location",
            "Reporting to",
            "Work Email",
            "Status",
            "Employment Status",
        ],
        [
            "100",
            "Charlotte",
            "Abbott",
            "CEO",
            "Executive",
            "Corporate",
            "Lindon, Utah",
            "",
            "ca@efficient.com",
            "Active",
            "Full-Time",
        ],
        [
            "101",
            "Ashley",
            "Adams",
            "HR Manager",
            "Human Resources",
            "Corporate",
            "Lindon, Utah",
            "Charlotte Abbott",
            "aa@efficient.com",
            "Active",
            "Full-Time",
        ],
        [
            "102",
            "Christina",
            "Agluinda",
            "HR Generalist",
            "Human Resources",
            "Corporate",
            "Lindon, Utah",
            "Ashley Adams",
            "cag@efficient.com",
            "Active",
            "Part-Time",
        ],
        [
            "103",
            "Dorothy",
            "Chou",
            "HR Generalist",
            "Human Resources",
            "Corporate",
            "Sydney",
            "Ashley Adams",
            "dc@efficient.com",
            "Inactive",
            "Full-Time",
        ],
    ]
    with open(tmp_path / "bamboo.csv", "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)
    team, _ = imported(tmp_path, tmp_path / "bamboo.csv", "--preset", "bamboohr")
    org, by_title = roles_by_title(team)
    generalists = by_title["HR Generalist"]
    assert [p.name for p in generalists.people] == ["Christina Agluinda"]  # Dorothy is inactive
    assert org.roles[generalists.reports_to_id].title == "HR Manager"
    assert org.departments["human-resources"].parent_id == "corporate"
    assert generalists.location == "Lindon, Utah"


# -- build, edit RACI, next month ------------------------------------------------------------------


@pytest.mark.slow
def test_the_whole_path_roster_build_raci_roster_again(tmp_path):
    roster = write_csv(tmp_path / "花名册.csv", factory_rows())
    team, _ = imported(tmp_path, roster)
    text = team.read_text(encoding="utf-8")
    # HR writes responsibilities and an activity by hand
    text = text.replace(
        "  - id: 车间主任\n    title: {zh-CN: 车间主任}\n",
        "  - id: 车间主任\n    title: {zh-CN: 车间主任, en: Workshop Head}  # 我写的\n"
        "    responsibilities: [安全生产, 排产计划]\n",
    )
    text = text.replace("activities: []", "activities:\n  - id: act-1\n    name: 排产\n    raci: {车间主任: A}\n")
    team.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", team, "-o", out, "-q").exit_code == 0
    # the three documents read back
    wb = openpyxl.load_workbook(out / "raci.xlsx")
    titles = [c.value for c in wb.worksheets[0][3][FIRST_COL - 1 :]]
    assert "操作工（张三组）" in titles and "质检员" in titles
    org = load(team)
    docs = sorted((out / "job-descriptions").glob("*.docx"))
    assert len([d for d in docs if d.stem != "job-descriptions-all"]) == len(org.roles)
    jd = Document(str(out / "job-descriptions" / "车间主任.docx"))
    body = "\n".join(p.text for p in jd.paragraphs)
    assert "车间主任" in body and "安全生产" in body
    deck_text = " ".join(
        s.text_frame.text
        for slide in Presentation(str(out / "org-chart.pptx")).slides
        for s in slide.shapes
        if s.has_text_frame
    )
    assert "质量主管" in deck_text
    # the PM fills in letters in Excel and they come back
    ws = wb.worksheets[0]
    col = {ws.cell(3, c).value: c for c in range(FIRST_COL, ws.max_column + 1)}
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "act-1")
    ws.cell(row, col["班组长（张三）"]).value = "R"
    wb.save(out / "raci.xlsx")
    assert run("import-raci", out / "raci.xlsx", team).exit_code == 0
    # next month: one operator leaves, one joins 李四's team, a team lead moves, a new workshop
    rows = [r for r in factory_rows() if r[0] != "1100"]
    rows.append(["1400", "新员工", "生产部/一车间", "操作工", "1005", "", "2026-12-01", "在职"])
    rows.append(["1401", "孙二", "生产部/二车间", "车间主任", "1002", "", "2026-12-01", "在职"])
    write_csv(tmp_path / "花名册-12月.csv", rows)
    result = run("import-roster", tmp_path / "花名册-12月.csv", "--into", team)
    assert result.exit_code == 0, result.output
    after = team.read_text(encoding="utf-8")
    assert "title: {zh-CN: 车间主任, en: Workshop Head}  # 我写的" in after
    assert "responsibilities: [安全生产, 排产计划]" in after
    assert "raci: {车间主任: A, 班组长-张三: R}" in after
    org2, by_title2 = roles_by_title(team)
    assert "操作工1100" not in {p.name for p in org2.people}
    assert "新员工" in [p.name for p in by_title2["操作工（李四组）"].people]
    assert by_title2["操作工（张三组）"].headcount == 3 and by_title2["操作工（李四组）"].headcount == 5
    assert org2.departments["二车间"].parent_id == "生产部"
    assert "+ 新员工 入职：操作工（李四组）" in result.output and "- 操作工1100 离开：操作工（张三组）" in result.output
    assert "+ 新部门 二车间（属于生产部）" in result.output
    # importing the same roster again changes nothing
    before = team.read_bytes()
    again = run("import-roster", tmp_path / "花名册-12月.csv", "--into", team)
    assert again.exit_code == 0 and "没有变化" in again.stderr and team.read_bytes() == before


def test_into_keeps_a_role_with_raci_letters_and_drops_a_bare_one(tmp_path):
    roster = write_csv(tmp_path / "r.csv", factory_rows())
    team, _ = imported(tmp_path, roster)
    text = team.read_text(encoding="utf-8").replace(
        "activities: []", "activities:\n  - {id: a1, name: 记账, raci: {会计: A}}\n"
    )
    team.write_text(text, encoding="utf-8")
    no_finance = [r for r in factory_rows() if r[3] not in ("会计", "质量主管", "质检员")]
    write_csv(tmp_path / "r2.csv", no_finance)
    result = run("import-roster", tmp_path / "r2.csv", "--into", team)
    assert result.exit_code == 0, result.output
    org = load(team)
    assert org.roles["会计"].headcount == 0 and not org.roles["会计"].people
    assert "质检员" not in org.roles and "质量部" not in org.departments
    assert (
        "warning: role '会计' (会计) is not in the roster any more" in result.stderr
        or "岗位“会计”（会计）已不在花名册中" in result.stderr
    )
    assert "- 岗位 质检员 已删除" in result.output and "- 部门 质量部 已删除" in result.output


def test_what_the_definition_check_says_after_a_chinese_import_is_in_chinese(tmp_path):
    """The validator's problems about the definition import-roster edits (and their summary) follow
    the roster's language, with the FILE:LINE:COL: warning: prefix kept."""
    roster = write_csv(tmp_path / "r.csv", factory_rows())
    team, _ = imported(tmp_path, roster)
    text = team.read_text(encoding="utf-8").replace(
        "activities: []", "activities:\n  - {id: a1, name: 记账, raci: {会计: AR}}\n"
    )
    team.write_text(text, encoding="utf-8")
    write_csv(tmp_path / "r2.csv", factory_rows() + [["1500", "钱出纳", "财务部", "出纳", "1301", "", "", "在职"]])
    result = run("import-roster", tmp_path / "r2.csv", "--into", team)
    assert result.exit_code == 0, result.output
    line = next(n for n, t in enumerate(team.read_text(encoding="utf-8").splitlines(), 1) if "id: 出纳" in t)
    assert f"{team}:{line}:9: warning: 岗位“出纳”没有参与任何活动（导入后）" in result.stderr
    assert "takes part in no activity" not in result.stderr
    # a definition that is wrong before the import: its problems and summary in Chinese too
    team.write_text(text.replace("raci: {会计: AR}", "raci: {会计: AR, 出纳员: C}"), encoding="utf-8")
    result = run("import-roster", tmp_path / "r2.csv", "--into", team)
    assert result.exit_code == 1
    assert "error: 没有这个岗位：“出纳员”" in result.stderr
    assert f"{team}：1 个错误，11 个警告" in result.stderr
    assert "unknown role" not in result.stderr and "1 error" not in result.stderr
    # the same in English for an English roster (or --lang en)
    result = run("import-roster", tmp_path / "r2.csv", "--into", team, "--lang", "en")
    assert result.exit_code == 1
    assert "error: unknown role '出纳员'" in result.stderr and f"{team}: 1 error, 11 warnings" in result.stderr
    # a number typed with its unit, a key with a full-width colon: said in Chinese, with what to type
    broken = text.replace("headcount: 3", "headcount: 3人", 1).replace("role: 会计}", "role：会计}", 1)
    team.write_text(broken, encoding="utf-8")
    result = run("import-roster", tmp_path / "r2.csv", "--into", team)
    assert result.exit_code == 1 and "headcount 必须是整数，不能是“3人”（写 headcount: 3，不带单位）" in result.stderr
    assert "人员里没有“role：会计”这个键：“：”（全角冒号，U+FF1A）不是 YAML 的冒号" in result.stderr
    assert "must be" not in result.stderr and "unknown key" not in result.stderr, result.stderr
    # a block key typed with a full-width colon is a YAML syntax error: said in Chinese too
    team.write_text(text.replace("  - id: 会计", "  - id：会计", 1), encoding="utf-8")
    result = run("import-roster", tmp_path / "r2.csv", "--into", team)
    assert result.exit_code == 1
    assert (
        "error: YAML 语法错误：“：”（全角冒号，U+FF1A）：请输入半角“:”并在后面加一个空格：'- id: 会计'" in result.stderr
    )
    assert f"{team}：1 个错误，0 个警告" in result.stderr and "YAML syntax" not in result.stderr


def test_into_a_json_definition_and_a_dry_run(tmp_path):
    roster = write_csv(tmp_path / "r.csv", factory_rows())
    team, _ = imported(tmp_path, roster, name="team.json")
    data = json.loads(team.read_text(encoding="utf-8"))
    assert len(data["people"]) == 22
    rows = factory_rows() + [["1500", "新会计", "财务部", "会计", "1001", "", "", "在职"]]
    write_csv(tmp_path / "r2.csv", rows)
    before = team.read_bytes()
    dry = run("import-roster", tmp_path / "r2.csv", "--into", team, "--dry-run")
    assert dry.exit_code == 0 and "试运行：未写入" in dry.stderr and team.read_bytes() == before
    assert run("import-roster", tmp_path / "r2.csv", "--into", team).exit_code == 0
    data = json.loads(team.read_text(encoding="utf-8"))
    assert {"name": "新会计", "role": "会计"} in data["people"]
    assert next(r for r in data["roles"] if r["id"] == "会计")["headcount"] == 2


# -- LibreOffice -----------------------------------------------------------------------------------


def test_a_roster_saved_by_libreoffice_as_xlsx_and_csv_imports_the_same(tmp_path, soffice):
    from officegen.office.libreoffice import convert

    source = dingtalk_workbook(tmp_path / "source.xlsx")
    xlsx = convert([source], tmp_path / "lo-xlsx", "xlsx")[0]
    csv_file = convert([source], tmp_path / "lo-csv", "csv:Text - txt - csv (StarCalc):44,34,76,1")[0]
    made = [
        imported(tmp_path, path, name=f"{n}.yaml")[0]
        for n, path in (("orig", source), ("xlsx", xlsx), ("csv", csv_file))
    ]
    body = lambda p: p.read_text(encoding="utf-8").split("version: 1", 1)[1]  # noqa: E731
    assert body(made[0]) == body(made[1]) == body(made[2])


# -- bad input -------------------------------------------------------------------------------------


def fails(tmp_path, roster, *extra, code=1):
    out = tmp_path / "team.yaml"
    result = run("import-roster", roster, "-o", out, *extra)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not out.exists()
    return result.stderr


def test_every_roster_problem_at_once_with_its_cell(tmp_path):
    rows = factory_rows()
    rows[7][0] = "1100"  # an operator gets another's 工号
    rows[6][4] = "9999"  # a manager who is nobody
    rows[8][3] = ""  # no title
    rows.append(["1600", "甲", "财务部", "出纳", "1601", "", "", "在职"])
    rows.append(["1601", "乙", "财务部", "出纳", "1600", "", "", "在职"])  # a cycle
    write_csv(tmp_path / "bad.csv", rows)
    err = fails(tmp_path, tmp_path / "bad.csv")
    assert f"{tmp_path / 'bad.csv'}:9: error: 操作工1101的工号 1100 与第 8 行（操作工1100）重复" in err
    assert f"{tmp_path / 'bad.csv'}:8: error: 直属上级工号：“9999”在花名册里找不到" in err
    assert f"{tmp_path / 'bad.csv'}:10: error: 操作工1102没有填写“岗位”" in err
    assert f"{tmp_path / 'bad.csv'}:27: error: 汇报关系成环：甲 (第 27 行) -> 乙 (第 28 行) -> 甲 (第 27 行)" in err
    assert "bad.csv：4 个错误，0 个警告" in err  # the summary in the roster's language too


def test_formulas_and_error_values_point_at_their_cells(tmp_path):
    path = dingtalk_workbook(tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["通讯录"]
    ws["G7"] = "=VLOOKUP(B7,A:B,1,FALSE)"
    ws["F9"] = "#N/A"
    ws["F9"].data_type = "e"
    ws["J7"] = "=TODAY()-I7"  # a formula in a column officegen does not read is fine
    wb.save(path)
    err = fails(tmp_path, path)
    assert f"{path}:通讯录!G7: error: “直属主管”单元格是公式（=VLOOKUP(B7,A:B,1,FALSE)）" in err
    assert f"{path}:通讯录!F9: error: “职位”单元格是错误值 #N/A" in err
    assert "J7" not in err


def test_an_ambiguous_manager_name_asks_for_the_id(tmp_path):
    rows = [
        ["Name", "Title", "Department", "Manager"],
        ["Ann Lee", "CEO", "Exec", ""],
        ["Bo Wu", "VP", "Exec", "Ann Lee"],
        ["Bo Wu", "VP", "Exec", "Ann Lee"],
        ["Cy Ng", "Analyst", "Exec", "Bo Wu"],
    ]
    with open(tmp_path / "r.csv", "w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    err = fails(tmp_path, tmp_path / "r.csv")
    where = f"{tmp_path / 'r.csv'}:5"
    assert f"{where}: error: Manager: 'Bo Wu' is 2 people (rows 3, 4): name the manager by id or email" in err
    assert f"{tmp_path / 'r.csv'}: 1 error, 0 warnings" in err  # an English roster: an English summary


def test_a_roster_with_no_recognisable_columns_says_what_it_found_and_needs(tmp_path):
    with open(tmp_path / "r.csv", "w", newline="") as fh:
        csv.writer(fh).writerows([["Wer", "Was", "Chef"], ["A", "B", ""]])
    err = fails(tmp_path, tmp_path / "r.csv")
    assert "no recognisable columns. The roster's columns: 'Wer', 'Was', 'Chef'" in err
    assert "--map 'Wer=name' --map 'Was=title'" in err
    ok = run(
        "import-roster",
        tmp_path / "r.csv",
        "-o",
        tmp_path / "team.yaml",
        "--map",
        "Wer=name",
        "--map",
        "Was=title",
        "--map",
        "Chef=manager",
    )
    assert ok.exit_code == 0, ok.output


def test_two_columns_mapped_to_one_field_and_other_usage_mistakes(tmp_path):
    roster = write_csv(tmp_path / "r.csv", factory_rows())
    err = fails(tmp_path, roster, "--map", "姓名=name", "--map", "岗位=name", code=2)
    # a Chinese roster (or a --map naming Chinese columns): said in Chinese
    assert "--map：有两列都指定为 name（姓名、岗位）；只指定其中一列，或把另一列指定为别的字段" in err
    assert "--map 职称=title：花名册里没有“职称”这一列（它的列：工号、姓名" in fails(
        tmp_path, roster, "--map", "职称=title", code=2
    )
    assert "“岗位=boss”：没有“boss”这个字段；可用的字段：id, " in fails(tmp_path, roster, "--map", "岗位=boss", code=2)
    assert "“岗位”：请写成 列名=字段" in fails(tmp_path, roster, "--map", "岗位", code=2)
    assert "unknown preset 'sap'" in fails(tmp_path, roster, "--preset", "sap", code=2)  # r.csv: nothing Chinese yet
    assert "没有“sap”这个预设" in fails(tmp_path, roster, "--preset", "sap", "--lang", "zh-CN", code=2)
    english = tmp_path / "en.csv"
    english.write_text("Employee ID,Name,Title\n1,Ann Lee,CEO\n", encoding="utf-8")
    err = fails(tmp_path, english, "--map", "Name=name", "--map", "Title=name", code=2)
    assert "two columns are mapped to name (Name, Title)" in err
    assert "the roster has no column 'Boss' (its columns: Employee ID, Name, Title)" in fails(
        tmp_path, english, "--map", "Boss=manager", code=2
    )
    assert "unknown field 'boss'" in fails(tmp_path, english, "--map", "Title=boss", code=2)
    result = run("import-roster", roster)
    assert result.exit_code == 2 and "give -o NEW.yaml" in result.output
    result = run("import-roster", write_csv(tmp_path / "花名册.csv", factory_rows()))
    assert result.exit_code == 2 and "请给出 -o 新文件.yaml（生成新的定义）或 --into 已有文件.yaml" in result.output


def test_unreadable_rosters_and_an_existing_output(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "save it as .xlsx" in fails(tmp_path, tmp_path / "old.xls")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    assert "not a usable Excel file: not a zip package" in fails(tmp_path, tmp_path / "fake.xlsx")
    (tmp_path / "empty.csv").write_bytes(b"")
    assert "花名册是空的" in fails(tmp_path, tmp_path / "empty.csv", "--lang", "zh-CN")
    header_only = write_csv(tmp_path / "h.csv", [])
    assert "表头下面没有人员" in fails(tmp_path, header_only)
    book = dingtalk_workbook(tmp_path / "r.xlsx")
    assert "no sheet named 'Sheet9' (its sheets: 通讯录)" in fails(tmp_path, book, "--sheet", "Sheet9")
    (tmp_path / "team.yaml").write_text("x", encoding="utf-8")
    result = run("import-roster", book, "-o", tmp_path / "team.yaml")
    assert result.exit_code == 1 and "已存在：要用花名册更新它，请用 --into" in result.output
    assert (tmp_path / "team.yaml").read_text(encoding="utf-8") == "x"


def test_warnings_name_the_rows_and_nothing_is_lost_silently(tmp_path):
    rows = factory_rows()
    rows.append(["1700", "钱临", "生产部/一车间", "操作工", "1003", "", "", "在职"])  # reports to the head, not a lead
    rows.append(["1701", "孙怪", "财务部", "出纳", "1001", "", "", "借调"])  # unknown status
    rows.append(["合计：28 人"])
    write_csv(tmp_path / "r.csv", rows)
    team, result = imported(tmp_path, tmp_path / "r.csv")
    err = result.stderr
    assert "状态“借调”无法识别，按在岗计算" in err
    assert "这一行只有“合计：28 人”，不是人员" in err
    text = team.read_text(encoding="utf-8")
    assert "钱临" in text


@pytest.mark.slow
def test_a_wide_roster_in_a_workbook_streams(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append(["工号", "姓名", "部门", "岗位", "直属上级工号"])
    ws.append(["1", "总", "总部", "总经理", ""])
    for n in range(2, 2002):
        ws.append([str(n), f"员工{n}", f"部门{n % 20}", f"岗位{n % 7}", str(1 if n < 22 else 2 + n % 20)])
    wb.save(tmp_path / "big.xlsx")
    team, _ = imported(tmp_path, tmp_path / "big.xlsx")
    org = load(team)
    assert org.total_headcount.planned == 2001
    with zipfile.ZipFile(tmp_path / "big.xlsx") as z:
        assert "xl/worksheets/sheet1.xml" in z.namelist()


# -- the samples, the real organisations, hostile text, a large one --------------------------------


def roster_of(org, path, *, lang="zh-CN"):
    """The roster HR would export for a definition: a row per person and per vacancy, each
    reporting to the first row of their role's manager role; departments one column a level."""
    depth = 1 + max(len(_ancestors(org, r)) for r in org.roles.values())
    levels = [f"{'一二三四五六七八九'[i]}级部门" if lang == "zh-CN" else f"Department {i + 1}" for i in range(depth)]
    header = (
        ["工号", "姓名", *levels, "岗位", "直属上级工号", "邮箱", "状态"]
        if lang == "zh-CN"
        else ["Employee ID", "Name", *levels, "Job Title", "Manager ID", "Email", "Status"]
    )
    rows, first = [], {}
    n = 1000
    for role in org.roles_in_org_order():
        names = [org.departments[d].name for d in reversed([role.department_id, *_ancestors(org, role)])]
        for k in range(max(role.headcount, len(role.people))):
            person = role.people[k] if k < len(role.people) else None
            n += 1
            first.setdefault(role.id, str(n))
            rows.append(
                [
                    str(n),
                    person.name if person else "",
                    *names,
                    *[""] * (depth - len(names)),
                    role.title,
                    role.id,
                    person.email if person and person.email else "",
                    "在职" if person else "空缺",
                ]
            )
    for row in rows:
        boss = org.roles[row[depth + 3]].reports_to_id
        row[depth + 3] = first.get(boss, "") if boss else ""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def _ancestors(org, role):
    out, dept = [], org.departments[role.department_id].parent_id
    while dept:
        out.append(dept)
        dept = org.departments[dept].parent_id
    return out


def assert_same_structure(original, imported_org):
    """Every role of the original (one per title and department, with people or places) is in the
    import with its headcount, its people and its line."""

    def key(org, role):  # rosters fold runs of spaces (no-break ones too) into one
        path, dept = [], role.department_id
        while dept:
            path.append(" ".join(org.departments[dept].name.split()))
            dept = org.departments[dept].parent_id
        return tuple(reversed(path)), " ".join(role.title.split())

    counts = {}
    for role in original.roles.values():
        counts[key(original, role)] = counts.get(key(original, role), 0) + 1
    mine = {key(imported_org, r): r for r in imported_org.roles.values()}
    checked = 0
    for role in original.roles.values():
        k = key(original, role)
        if counts[k] > 1 or max(role.headcount, len(role.people)) == 0:
            continue
        got = mine[k]
        assert got.headcount == max(role.headcount, len(role.people)), k
        assert sorted(p.name for p in got.people) == sorted(p.name for p in role.people), k
        boss = original.roles[role.reports_to_id] if role.reports_to_id else None
        if boss is not None and counts[key(original, boss)] == 1 and max(boss.headcount, len(boss.people)):
            assert key(imported_org, imported_org.roles[got.reports_to_id]) == key(original, boss), k
        checked += 1
    return checked


@pytest.mark.slow
@pytest.mark.parametrize("which", ["zh", "en", "real-company", "real-raci", "hostile"])
def test_a_roster_of_a_definition_imports_back_to_the_same_structure(tmp_path, which, real_paths):
    from conftest import HOSTILE, SAMPLE_EN, SAMPLE_ZH

    source = {
        "zh": SAMPLE_ZH,
        "en": SAMPLE_EN,
        "real-company": real_paths[0],
        "real-raci": real_paths[1],
        "hostile": HOSTILE,
    }[which]
    original = load(source)
    roster = roster_of(original, tmp_path / "roster.csv", lang=original.lang)
    team, _ = imported(tmp_path, roster, "--no-teams", "--lang", original.lang)
    assert assert_same_structure(original, load(team)) >= min(3, len(original.roles))
    assert run("build", team, "-o", tmp_path / "out", "-q").exit_code == 0


def test_the_sample_roster_into_the_sample_changes_nothing_but_what_the_roster_says(tmp_path):
    from conftest import SAMPLE_ZH

    team = tmp_path / "team.yaml"
    team.write_bytes(SAMPLE_ZH.read_bytes())
    original = load(team)
    roster = roster_of(original, tmp_path / "roster.csv")
    result = run("import-roster", roster, "--into", team, "--no-teams")
    assert result.exit_code == 0, result.output
    changed = team.read_text(encoding="utf-8")
    # only headcounts the roster says differently (more people than places) may change
    assert [line for line in result.stdout.splitlines() if "编制" not in line] == []
    assert load(team).activities == original.activities
    assert changed.count("responsibilities") == SAMPLE_ZH.read_text(encoding="utf-8").count("responsibilities")


@pytest.mark.slow
def test_hostile_text_in_a_roster_stays_text(tmp_path):
    names = [
        "=cmd|' /C calc'!A0",
        "- item",
        "key: value",
        "#not a comment",
        "&anchor",
        "*alias",
        "!tag",
        "yes",
        "0012",
        "12:30",
        "null",
        "'single",
        '"double',
        "tab\there",
        "ctrl\x07char",
        "👩‍💻 Dev",
        "עברית",
        "a" * 300,
    ]
    rows = [["1", "Boss", "Exec", "CEO", ""]] + [
        [str(n + 2), name, "../../etc", name[:40] or "x", "1"] for n, name in enumerate(names)
    ]
    with open(tmp_path / "r.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["ID", "Name", "Department", "Title", "Manager ID"], *rows])
    team, _ = imported(tmp_path, tmp_path / "r.csv")
    org = load(team)
    got = {p.name for p in org.people}
    for name in names:
        assert name.replace("\x07", "").replace("\t", " ") in got, name
    out = tmp_path / "out"
    assert run("build", team, "-o", out, "-q").exit_code == 0
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    wb = openpyxl.load_workbook(out / "raci.xlsx")
    assert all(c.data_type != "f" for c in wb.worksheets[0][3] if isinstance(c.value, str) and "cmd" in c.value)


@pytest.mark.slow
def test_a_synthetic_large_organisation_as_a_roster(tmp_path, synthetic_path):
    original = load(synthetic_path(1000))
    roster = roster_of(original, tmp_path / "roster.csv", lang=original.lang)
    team, _ = imported(tmp_path, roster, "--no-teams", "--lang", original.lang)
    assert assert_same_structure(original, load(team)) > 50


def test_an_xlsm_a_fifo_and_messages_in_chinese_before_the_header_is_read(tmp_path):
    import os

    wb = openpyxl.Workbook()
    wb.active.append(["工号", "姓名", "岗位", "直属上级工号"])
    wb.active.append(["1", "甲", "总经理", ""])
    wb.active.append(["2", "乙", "助理", "1"])
    wb.save(tmp_path / "m.xlsm")
    team, _ = imported(tmp_path, tmp_path / "m.xlsm", name="m.yaml")
    assert load(team).roles["助理"].reports_to_id == "总经理"
    os.mkfifo(tmp_path / "pipe.csv")
    assert "not a regular file" in fails(tmp_path, tmp_path / "pipe.csv")
    (tmp_path / "花名册.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "另存为 .xlsx（Excel 工作簿）或 CSV UTF-8" in fails(tmp_path, tmp_path / "花名册.xls")


def test_the_top_of_the_tree_and_a_person_reporting_outside_their_roles_line(tmp_path):
    rows = [
        ["1", "甲", "总部", "总经理", "0", "", "", "在职"],  # 0: nobody
        ["2", "乙", "总部", "董事", "2", "", "", "在职"],  # oneself: a top too
        ["3", "丙", "质量部", "质量主管", "1", "", "", "在职"],
        ["4", "丁", "质量部", "质检员", "3", "", "", "在职"],
        ["5", "戊", "质量部", "质检员", "3", "", "", "在职"],
        ["6", "己", "质量部", "质检员", "1", "", "", "在职"],  # straight to the top: not the role's line
    ]
    roster = write_csv(tmp_path / "r.csv", rows)
    team, result = imported(tmp_path, roster)
    org, by_title = roles_by_title(team)
    assert by_title["总经理"].reports_to_id is None and by_title["董事"].reports_to_id is None
    assert by_title["质检员"].reports_to_id == by_title["质量主管"].id
    assert (
        f"{roster}:7: warning: 己（质检员）的上级是甲（总经理），而这个岗位按多数人汇报给“质量主管”：这条汇报线不会写入定义"
        in result.stderr
    )
    assert "    # 其中 1 人的上级不在这条汇报线上：己 → 甲（总经理）" in team.read_text(encoding="utf-8")


def test_ids_stay_the_same_next_month(tmp_path):
    first, _ = imported(tmp_path, write_csv(tmp_path / "a.csv", factory_rows()), name="a.yaml")
    rows = [r for r in factory_rows() if r[0] not in ("1301", "1100")]
    rows.append(["1900", "新", "研发部", "工程师", "1001", "", "", "在职"])
    second, _ = imported(tmp_path, write_csv(tmp_path / "b.csv", rows), name="b.yaml")
    ids = lambda team: {(r.department_id, r.title): r.id for r in load(team).roles.values()}  # noqa: E731
    before, after = ids(first), ids(second)
    assert all(after[k] == v for k, v in before.items() if k in after)
    assert len(set(before) & set(after)) == len(before) - 1  # only the accountant's role is gone


def test_into_a_folder_definition_edits_the_file_that_holds_each_part(tmp_path):
    roster = write_csv(tmp_path / "r.csv", factory_rows())
    single, _ = imported(tmp_path, roster)
    text = single.read_text(encoding="utf-8")
    head, people = text.split("\npeople:\n", 1)
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "1-org.yaml").write_text(head.replace("\nactivities: []", "") + "\n", encoding="utf-8")
    (folder / "2-people.yaml").write_text("people:\n" + people, encoding="utf-8")
    rows = [r for r in factory_rows() if r[0] != "1101"] + [["1950", "新人", "财务部", "会计", "1001", "", "", "在职"]]
    result = run("import-roster", write_csv(tmp_path / "r2.csv", rows), "--into", folder)
    assert result.exit_code == 0, result.output
    assert "新人" in (folder / "2-people.yaml").read_text(encoding="utf-8")
    assert "操作工1101" not in (folder / "2-people.yaml").read_text(encoding="utf-8")
    assert "headcount: 2" in (folder / "1-org.yaml").read_text(encoding="utf-8")  # 会计 ×2
    assert load(folder).roles["会计"].headcount == 2


def test_strict_refuses_warnings_and_writes_nothing(tmp_path):
    rows = factory_rows() + [["1701", "孙怪", "财务部", "出纳", "1001", "", "", "借调"]]
    err = fails(tmp_path, write_csv(tmp_path / "r.csv", rows), "--strict")
    assert "状态“借调”无法识别" in err


def test_a_department_merged_down_over_its_people_counts_for_each_of_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["部门", "工号", "姓名", "岗位", "直属上级工号"])
    ws.append(["总经办", "1", "甲", "总经理", ""])
    ws.append(["销售部", "2", "乙", "销售经理", "1"])
    ws.append([None, "3", "丙", "销售员", "1"])  # reporting elsewhere: the merge, not the manager, says where
    ws.append([None, "4", "丁", "销售员", "1"])
    ws.append(["财务部", "5", "戊", "会计", "1"])
    ws.merge_cells("A3:A5")
    wb.save(tmp_path / "r.xlsx")
    team, _ = imported(tmp_path, tmp_path / "r.xlsx")
    org, by_title = roles_by_title(team)
    assert by_title["销售员"].department_id == "销售部" and by_title["销售员"].headcount == 2
    assert by_title["会计"].department_id == "财务部"


PRESET_ROSTERS = {
    # preset: (header, the boss's row, the report's row): the report's title, manager and department are read
    "visio": (["Name", "Reports_To", "Title", "Department"], ["Ann", "", "CEO", "Exec"], ["Bo", "Ann", "VP", "Sales"]),
    "orgchart-now": (
        ["PersonID", "SupervisorID", "Name", "Title", "Department", "IsAssistant"],
        ["1", "", "Ann", "CEO", "Exec", "0"],
        ["2", "1", "Bo", "VP", "Sales", "0"],
    ),
    "orgplus": (
        ["Unique ID", "Boss ID", "Name", "Title", "Department", "AltReportsTo"],
        ["1", "", "Ann", "CEO", "Exec", ""],
        ["2", "1", "Bo", "VP", "Sales", ""],
    ),
    "bamboohr": (
        ["Employee #", "First Name", "Last Name", "Job Title", "Department", "Supervisor EID", "Employment Status"],
        ["7", "Ann", "Lee", "CEO", "Exec", "", "Full-Time"],
        ["8", "Bo", "Wu", "VP", "Sales", "7", "Full-Time"],
    ),
    "dingtalk": (
        ["姓名", "工号", "部门", "职位", "直属主管", "员工状态"],
        ["甲", "1", "总裁办", "CEO", "", "在职"],
        ["乙", "2", "销售部", "VP", "甲", "在职"],
    ),
    "feishu": (
        ["姓名", "用户 ID", "部门", "职务", "直属上级", "人员类型"],
        ["甲", "ou_1", "总裁办", "CEO", "", "正式"],
        ["乙", "ou_2", "销售部", "VP", "ou_1", "正式"],
    ),
    "wecom": (
        ["姓名", "帐号", "职务", "部门", "直属上级", "状态"],
        ["甲", "jia", "CEO", "某公司/总裁办", "", "已激活"],
        ["乙", "yi", "VP", "某公司/销售部", "jia", "未激活"],
    ),
    "beisen": (
        ["工号", "姓名", "组织全称", "职务", "职位", "直线经理", "人员状态"],
        ["1", "甲", "集团/总裁办", "CEO", "P10", "", "在职"],
        ["2", "乙", "集团/销售部", "VP", "P8", "甲", "在职"],
    ),
}


@pytest.mark.parametrize("preset", sorted(PRESET_ROSTERS))
def test_each_preset_reads_its_export(tmp_path, preset):
    header, boss, report = PRESET_ROSTERS[preset]
    wb = openpyxl.Workbook()
    for row in (header, boss, report):
        wb.active.append(row)
    wb.save(tmp_path / "export.xlsx")
    team, _ = imported(tmp_path, tmp_path / "export.xlsx", "--preset", preset)
    org, by_title = roles_by_title(team)
    vp = by_title["VP"]
    assert org.roles[vp.reports_to_id].title == "CEO", preset
    assert org.departments[vp.department_id].name in ("Sales", "销售部")
    assert len(vp.people) == 1


def test_a_preset_that_does_not_fit_says_so(tmp_path):
    roster = write_csv(tmp_path / "r.csv", [["1", "甲"]], header=["Wer", "Was"])
    assert "this does not look like a BambooHR export" in fails(tmp_path, roster, "--preset", "bamboohr")


def test_a_dry_run_prints_the_definition_and_writes_nothing(tmp_path):
    roster = write_csv(tmp_path / "r.csv", factory_rows())
    result = run("import-roster", roster, "-o", tmp_path / "team.yaml", "--dry-run")
    assert result.exit_code == 0 and not (tmp_path / "team.yaml").exists()
    assert result.stdout.startswith("# 团队定义") and "试运行：未写入" in result.stderr
