"""``officegen diff``: exit codes, errors in either input, text and JSON, the change-log workbook."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HOSTILE, SAMPLE_ZH, pdftotext
from diffcases import BASE
from openpyxl import load_workbook

from officegen.cli import cli
from officegen.compare import compare_specs
from officegen.definition import check


@pytest.fixture()
def runner():
    return CliRunner()


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture()
def pair(tmp_path):
    """(old, new) definition files: NEW has a role moved, a headcount and letters changed, a role added."""
    new = copy.deepcopy(BASE)
    roles = {r["id"]: r for r in new["roles"]}
    roles["rep"]["headcount"] = 5
    roles["agent"]["reports_to"] = "sales-lead"
    roles["agent"]["department"] = "sales"
    new["activities"][0]["raci"]["ceo"] = "R"
    new["roles"].append(
        {"id": "analyst", "title": '=HYPERLINK("http://x","分析师")', "department": "hq", "reports_to": "ceo"}
    )
    return _write(tmp_path / "old.json", BASE), _write(tmp_path / "new.json", new)


def _comparison(old, new, lang=None):
    return compare_specs(check(old).spec, check(new).spec, lang=lang)


# -- the command -----------------------------------------------------------------------------------


def test_exit_codes_with_and_without_exit_code(runner, pair):
    old, new = pair
    assert runner.invoke(cli, ["diff", str(old), str(new)]).exit_code == 0
    assert runner.invoke(cli, ["diff", "--exit-code", str(old), str(new)]).exit_code == 1
    same = runner.invoke(cli, ["diff", "--exit-code", str(old), str(old)])
    assert same.exit_code == 0 and same.stdout.endswith("\n没有变化。\n")
    quiet = runner.invoke(cli, ["diff", "--exit-code", "-q", str(old), str(new)])
    assert quiet.exit_code == 1 and quiet.stdout == ""


def test_errors_in_either_input_are_reported_as_validate_reports_them(runner, tmp_path, pair):
    old, _ = pair
    broken = copy.deepcopy(BASE)
    broken["roles"][1]["reports_to"] = "nobody"
    bad = _write(tmp_path / "bad.json", broken)
    worse = tmp_path / "worse.yaml"
    worse.write_text("version: 1\norganization: [\n", encoding="utf-8")
    result = runner.invoke(cli, ["diff", str(bad), str(worse)])
    assert result.exit_code == 1 and result.stdout == ""
    validated = runner.invoke(cli, ["validate", str(bad)]).stderr + runner.invoke(cli, ["validate", str(worse)]).stderr
    assert result.stderr == validated  # the same lines, each naming its file, then each summary
    assert f"{bad}: 1 error" in result.stderr and f"{worse}: 1 error" in result.stderr
    assert "Traceback" not in result.output
    assert runner.invoke(cli, ["diff", "--exit-code", str(old), str(bad)]).exit_code == 2  # trouble, not "changed"
    as_json = runner.invoke(cli, ["diff", "--format", "json", str(old), str(bad)])
    doc = json.loads(as_json.stdout)
    assert doc["valid"] is False and [i["valid"] for i in doc["inputs"]] == [True, False]
    assert doc["inputs"][1]["problems"][0]["code"] == "unknown-reference"


def test_warnings_are_summarised_not_listed(runner, tmp_path, pair):
    old, _ = pair
    warned = copy.deepcopy(BASE)
    warned["activities"][0]["raci"]["ceo"] = "C"  # no A
    path = _write(tmp_path / "warned.json", warned)
    result = runner.invoke(cli, ["diff", str(old), str(path)])
    assert result.exit_code == 0
    assert f"{path}: valid, 1 warning (officegen validate {path} lists them)\n" in result.stderr


def test_the_text_report_is_coloured_only_when_asked_or_on_a_terminal(runner, pair):
    old, new = pair
    plain = runner.invoke(cli, ["--lang", "en", "diff", str(old), str(new)])
    assert "\x1b[" not in plain.stdout
    assert "  > agent  客服专员: reports to 客服主管 (cs-lead) -> 销售主管 (sales-lead)\n" in plain.stdout
    coloured = runner.invoke(cli, ["diff", "--color", "always", str(old), str(new)])
    assert "\x1b[32m+ analyst" in coloured.stdout
    never = runner.invoke(cli, ["diff", "--color", "never", str(old), str(new)])
    assert "\x1b[" not in never.stdout


def test_json_is_one_document_on_stdout(runner, pair):
    old, new = pair
    result = runner.invoke(cli, ["diff", "--format", "json", str(old), str(new)])
    doc = json.loads(result.stdout)
    assert doc["old"]["source"] == str(old) and doc["changed"] is True
    assert [(c["kind"], c["action"], c["id"], c["field"]) for c in doc["changes"]] == [
        ("role", "add", "analyst", ""),
        ("role", "change", "rep", "headcount"),
        ("role", "move", "agent", "department"),
        ("role", "move", "agent", "reports_to"),
        ("raci", "change", "a1", "raci"),
    ]


def test_the_samples_against_an_edited_copy(runner, tmp_path):
    text = SAMPLE_ZH.read_text(encoding="utf-8")
    edited = text.replace("headcount: 6", "headcount: 8", 1).replace(
        "{zh-CN: 店长, en: Store Manager}", "{zh-CN: 店长, en: Shop Manager}"
    )
    assert edited != text
    path = tmp_path / "team.yaml"
    path.write_text(edited, encoding="utf-8")
    result = runner.invoke(cli, ["diff", "--format", "json", str(SAMPLE_ZH), str(path)])
    changes = [(c["id"], c["field"], c["old"], c["new"], c["lang"]) for c in json.loads(result.stdout)["changes"]]
    assert changes == [
        ("store-manager", "title", "Store Manager", "Shop Manager", "en"),
        ("cs-presales", "headcount", 6, 8, None),
    ]


# -- the change log ----------------------------------------------------------------------------------


def test_the_change_log_has_a_sheet_per_kind_filterable_with_every_change(runner, pair, tmp_path):
    old, new = pair
    target = tmp_path / "out" / "changes.xlsx"
    result = runner.invoke(cli, ["--lang", "en", "diff", str(old), str(new), "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.stderr
    wb = load_workbook(target)
    assert wb.sheetnames == [
        "Summary",
        "All changes",
        "Organisation",
        "Departments",
        "Roles",
        "People",
        "Activities",
        "RACI",
    ]
    cmp = _comparison(old, new, "en")
    roles = wb["Roles"]
    assert [c.value for c in roles[1]] == ["Action", "Kind", "Id", "Name", "Field", "Old", "New", "Old id", "Language"]
    assert [[c.value for c in row][:7] for row in roles.iter_rows(min_row=2)] == [
        ["Add", "Role", "analyst", '=HYPERLINK("http://x","分析师")', None, None, None],
        ["Change", "Role", "rep", "销售代表", "headcount", 3, 5],
        ["Move", "Role", "agent", "客服专员", "department", "Service (cs)", "Sales (sales)"],
        ["Move", "Role", "agent", "客服专员", "reports to", "客服主管 (cs-lead)", "销售主管 (sales-lead)"],
    ]
    assert roles["D2"].data_type == "s" and roles["D2"].quotePrefix  # a name, never a formula
    raci = wb["RACI"]
    assert [c.value for c in raci[2]][:7] == ["Change", "RACI", "a1", "制定目标", "CEO (ceo)", "A", "R"]
    for title in ("All changes", "Roles", "RACI", "Departments"):
        ws = wb[title]
        assert ws.auto_filter.ref.startswith("A1:") and ws.freeze_panes == "A2"
    assert wb["All changes"].max_row == len(cmp.changes) + 1
    assert wb["Departments"].max_row == 1  # no changes: the header only
    summary = {row[0].value: [c.value for c in row[1:4]] for row in wb["Summary"].iter_rows() if row[0].value}
    assert summary["Roles"] == [1, 0, 2]  # add, delete, move
    assert summary["headcount (planned)"] == [10, 13, 3]
    assert summary["layers"] == [3, 3, 0]


def test_the_change_log_is_reproducible_and_chinese_by_default(pair, tmp_path, monkeypatch):
    from officegen.generators.changes import write_change_log

    old, new = pair
    cmp = _comparison(old, new)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = write_change_log(cmp, tmp_path / "a.xlsx").read_bytes()
    two = write_change_log(_comparison(old, new), tmp_path / "b.xlsx").read_bytes()
    assert one == two
    wb = load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames[:3] == ["概览", "全部变更", "组织"]
    assert wb["岗位"]["A2"].value == "新增" and wb["岗位"]["A2"].font.name == "Microsoft YaHei"


def test_the_change_log_of_hostile_text_keeps_it_text(tmp_path):
    from officegen.generators.changes import write_change_log

    text = HOSTILE.read_text(encoding="utf-8")
    edited = (
        text.replace('title: "=1+1"', 'title: "=1+2"')
        .replace("headcount: 3", "headcount: 4")
        .replace('{name: "=2*3", role: aux}', '{name: "=2*3", role: com1}')
        .replace('name: "@import"', 'name: "@import2"')
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(edited, encoding="utf-8")
    cmp = compare_specs(check(HOSTILE).spec, check(path).spec)
    assert {(c.kind, c.field) for c in cmp.changes} == {
        ("role", "title"),
        ("role", "headcount"),
        ("person", "role"),
        ("activity", "name"),
    }
    wb = load_workbook(write_change_log(cmp, tmp_path / "hostile.xlsx"))
    values = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.add(cell.value)
    assert {"=1+1", "=1+2", "=2*3", "@import2"} <= values


def test_a_failed_write_leaves_neither_file(runner, pair, tmp_path):
    old, new = pair
    (tmp_path / "slides").write_text("a file where the deck's folder must be", encoding="utf-8")
    result = runner.invoke(
        cli,
        [
            "diff",
            str(old),
            str(new),
            "-o",
            str(tmp_path / "changes.xlsx"),
            "--deck",
            str(tmp_path / "slides" / "deck.pptx"),
        ],
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "slides is a file, not a folder" in result.stderr
    assert not (tmp_path / "changes.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_libreoffice_opens_the_change_log(pair, tmp_path, soffice):
    from officegen.generators.changes import write_change_log
    from officegen.office.libreoffice import convert

    old, new = pair
    path = write_change_log(_comparison(old, new), tmp_path / "changes.xlsx")
    (pdf,) = convert([path], tmp_path / "pdf", "pdf")
    text = pdftotext(pdf)
    for word in ("变更记录", "客服专员", "销售主管 (sales-lead)", "analyst"):
        assert word in text


# -- the change deck -----------------------------------------------------------------------------------


def _shapes(slide) -> dict[str, str]:
    """Shape name -> its text, the lines of a wrapped text joined."""
    return {s.name: s.text_frame.text.replace("\n", "") for s in slide.shapes if s.has_text_frame}


def test_the_change_deck_shows_each_changed_team_before_and_after(runner, pair, tmp_path):
    from pptx import Presentation

    old, new = pair
    target = tmp_path / "changes.pptx"
    result = runner.invoke(cli, ["--lang", "en", "diff", str(old), str(new), "--deck", str(target), "-q"])
    assert result.exit_code == 0, result.output
    prs = Presentation(str(target))
    titles = [_shapes(s).get("title", "") for s in prs.slides]
    assert titles[1:] == [
        "What changes, in figures",
        "CEO: the team",
        "销售主管: the team",
        "客服主管: the team",
        "RACI: the letters that change",
        "Accountability and workload",
    ]
    assert "Re-organisation: what changes" in _shapes(prs.slides[0])["subtitle"]
    ceo = _shapes(prs.slides[2])
    assert "after:add:analyst" in ceo and "before:add:analyst" not in ceo  # new on the right only
    assert ceo["after:add:analyst"].startswith('=HYPERLINK("http://x","分析师")')  # text, not a formula
    lead = _shapes(prs.slides[3])
    assert lead["before:change:rep"].startswith("销售代表 ×3") and lead["after:change:rep"].startswith("销售代表 ×5")
    assert "Changed: headcount 3 →" in lead["after:change:rep"] and lead["after:change:rep"].endswith("5")
    assert "Moved in: ← 客服主管" in lead["after:move_in:agent"]
    service = _shapes(prs.slides[4])
    assert "Moved out: → 销售主管" in service["before:move_out:agent"]
    assert not any(name.startswith("after:") and name.endswith(":agent") for name in service)
    # moved boxes are marked on both sides, with a dashed outline where they left
    moved_out = next(s for s in prs.slides[4].shapes if s.name == "before:move_out:agent")
    assert moved_out.line.dash_style is not None
    # the RACI table: one row per letter changed
    table = next(s for s in prs.slides[5].shapes if s.has_table).table
    assert [c.text for c in table.rows[1].cells] == ["a1", "制定目标", "CEO (ceo)", "A", "R", "Change"]
    figures = next(s for s in prs.slides[1].shapes if s.name == "figures").table
    rows = {r.cells[0].text: [c.text for c in r.cells][1:] for r in figures.rows}
    assert rows["headcount (planned)"] == ["10", "13", "+3"] and rows["layers"] == ["3", "3", ""]
    for slide in prs.slides:  # every run has an East Asian font
        for shape in slide.shapes:
            if shape.has_text_frame:
                for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                    assert run._r.find(qn_ea) is not None


qn_ea = "{http://schemas.openxmlformats.org/drawingml/2006/main}rPr/{http://schemas.openxmlformats.org/drawingml/2006/main}ea"


def test_a_large_team_shows_its_changed_boxes_and_sums_up_the_rest(tmp_path):
    from pptx import Presentation

    from officegen.generators.changes import write_change_deck

    old = copy.deepcopy(BASE)
    old["roles"] += [
        {"id": f"r{i}", "title": f"专员{i}", "department": "cs", "reports_to": "cs-lead"} for i in range(40)
    ]
    new = copy.deepcopy(old)
    new["roles"][-1]["headcount"] = 2
    new["roles"].append({"id": "r-new", "title": "新专员", "department": "cs", "reports_to": "cs-lead"})
    cmp = compare_specs(check(_write(tmp_path / "o.json", old)).spec, check(_write(tmp_path / "n.json", new)).spec)
    prs = Presentation(str(write_change_deck(cmp, tmp_path / "big.pptx")))
    team = next(s for s in prs.slides if _shapes(s).get("title") == "客服主管 团队")
    names = _shapes(team)
    assert "after:change:r39" in names and "after:add:r-new" in names and "before:change:r39" in names
    assert names["more"] == "另有 40 个未变"  # agent, r0..r38
    for shape in team.shapes:  # every box inside the slide
        assert shape.left >= 0 and shape.top >= 0
        assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height


def test_the_change_deck_is_reproducible(pair, tmp_path, monkeypatch):
    from officegen.generators.changes import write_change_deck

    old, new = pair
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = write_change_deck(_comparison(old, new), tmp_path / "a.pptx").read_bytes()
    two = write_change_deck(_comparison(old, new), tmp_path / "b.pptx").read_bytes()
    assert one == two


def test_libreoffice_opens_the_change_deck(pair, tmp_path, soffice):
    from officegen.generators.changes import write_change_deck
    from officegen.office.libreoffice import convert

    old, new = pair
    path = write_change_deck(_comparison(old, new), tmp_path / "changes.pptx")
    (pdf,) = convert([path], tmp_path / "pdf", "pdf")
    text = pdftotext(pdf)
    for word in ("组织调整方案", "调整前", "调整后", "销售代表", "RACI 职责分工变化", "客服专员"):
        assert word in text


def test_two_months_of_a_roster_compare_as_two_definitions(runner, tmp_path):
    header = "工号,姓名,部门,岗位,直属上级工号\n"
    november = header + (
        "1,张伟,总部,总经理,\n2,李娜,销售部,销售经理,1\n3,王芳,销售部,销售代表,2\n4,赵强,销售部,销售代表,2\n"
        "5,刘洋,客服部,客服主管,1\n6,陈静,客服部,客服专员,5\n"
    )
    december = header + (
        "1,张伟,总部,总经理,\n2,李娜,销售部,销售经理,1\n3,王芳,销售部,销售代表,2\n"
        "5,刘洋,客服部,客服主管,1\n6,陈静,销售部,销售代表,2\n7,孙丽,客服部,客服专员,5\n"
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old, new = tmp_path / "a" / "花名册.csv", tmp_path / "b" / "花名册.csv"
    old.write_text(november, encoding="utf-8")
    new.write_text(december, encoding="gb18030")  # as Chinese Excel saves it
    result = runner.invoke(cli, ["diff", "--format", "json", str(old), str(new)])
    assert result.exit_code == 0, result.output
    changes = [(c["kind"], c["action"], c["id"], c["old"], c["new"]) for c in json.loads(result.stdout)["changes"]]
    assert ("person", "add", "孙丽", None, "客服专员") in changes
    assert ("person", "delete", "赵强", "销售代表", None) in changes
    assert ("person", "move", "陈静", "客服专员", "销售代表") in changes
    assert [c for c in changes if c[0] != "person"] == []
    broken = tmp_path / "broken.csv"
    broken.write_text(header + "1,张伟,总部,总经理,9\n", encoding="utf-8")  # a manager nobody is
    bad = runner.invoke(cli, ["diff", str(old), str(broken)])
    assert bad.exit_code == 1 and f"{broken}:" in bad.stderr and "error" in bad.stderr
