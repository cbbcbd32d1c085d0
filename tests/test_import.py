"""`officegen import-raci`: a project manager's edits of the workbook go back into the definition,
in place, and nothing else in the file changes."""

from __future__ import annotations

import json
import re
import shutil

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SAMPLE_ZH, load

from officegen.cli import cli
from officegen.generators.raci import FIRST_COL, write_raci

BLOCK = """\
version: 1
organization: {name: Block team, locale: en}
departments:
  - {id: d, name: Dept}
roles:
  - {id: lead, title: Lead, department: d}
  - {id: dev, title: Developer, department: d, reports_to: lead}
  - {id: qa, title: Tester, department: d, reports_to: lead}
  - {id: ops, title: Operator, department: d, reports_to: lead}
activities:
  # planning comes first
  - id: plan
    name: Plan the release
    raci:
      lead: A   # signs off
      dev: R
      qa: C
  - id: ship
    name: Ship it
    raci:
      lead: A
      ops: R
  - id: fix
    name: Fix a bug
    raci:
      dev: R
"""


def workbook_of(team, tmp_path, name="raci.xlsx"):
    return write_raci(load(team), tmp_path / name)


def edit_cells(path, edits):
    """Set matrix cells as a user would: ``edits`` maps (activity id, role title) to a value."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    columns = {ws.cell(3, c).value: c for c in range(FIRST_COL, ws.max_column + 1)}
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    for (activity, title), value in edits.items():
        ws.cell(rows[activity], columns[title]).value = value
    wb.save(path)


def letters(team):
    return {a.id: {r: x for r, x in a.assignments if x} for a in load(team).activities}


def run(*args):
    return CliRunner().invoke(cli, ["import-raci", *map(str, args)])


def test_an_unedited_workbook_changes_nothing(tmp_path):
    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    before = (tmp_path / "team.yaml").read_bytes()
    result = run(workbook_of(team, tmp_path), team)
    assert result.exit_code == 0, result.output
    assert "导入 0 处修改（没有要写的）" in result.stderr and (tmp_path / "team.yaml").read_bytes() == before


@pytest.mark.slow
def test_edits_come_back_and_only_those_lines_change(tmp_path):
    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    org = load(team)
    title = {r.id: r.title for r in org.roles.values()}
    before = letters(team)
    book = workbook_of(team, tmp_path)
    edit_cells(
        book,
        {
            ("act-001", title["store-manager"]): "a/r",  # lower case and a separator, as people type
            ("act-001", title["merch-manager"]): None,  # cleared
            ("act-001", title["designer"]): "c",  # new
            ("act-002", title["ops-director"]): "I",
        },
    )
    original = (tmp_path / "team.yaml").read_text(encoding="utf-8").splitlines()
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert "导入 4 处修改" in result.stderr  # said in the team's language
    assert f"act-001 (制定季度选品与上新计划), {title['store-manager']}: I -> AR" in result.stdout
    after = letters(team)
    expected = {k: dict(v) for k, v in before.items()}
    expected["act-001"]["store-manager"] = "AR"
    del expected["act-001"]["merch-manager"]
    expected["act-001"]["designer"] = "C"
    expected["act-002"]["ops-director"] = "I"
    assert after == expected
    edited = (tmp_path / "team.yaml").read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(original, edited)) if a != b]
    assert len(original) == len(edited) and len(changed) == 2
    assert all("raci:" in original[i] for i in changed)
    # and a workbook made from the edited definition holds what the user typed
    again = openpyxl.load_workbook(workbook_of(team, tmp_path, "again.xlsx")).worksheets[0]
    row = next(r for r in range(4, again.max_row + 1) if again.cell(r, 1).value == "act-001")
    cols = {again.cell(3, c).value: c for c in range(FIRST_COL, again.max_column + 1)}
    assert again.cell(row, cols[title["store-manager"]]).value == "AR"
    assert again.cell(row, cols[title["merch-manager"]]).value is None


def test_block_style_keeps_comments_and_indentation(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    book = workbook_of(team, tmp_path)
    edit_cells(
        book,
        {
            ("plan", "Lead"): "AR",
            ("plan", "Tester"): None,
            ("plan", "Operator"): "I",
            ("fix", "Developer"): None,
            ("fix", "Lead"): "A",
        },
    )
    result = run(book, team)
    assert result.exit_code == 0, result.output
    text = team.read_text(encoding="utf-8")
    assert "      lead: AR   # signs off\n      dev: R\n      ops: I\n" in text
    assert "  # planning comes first\n" in text and "qa: C" not in text
    assert "    raci:\n      lead: A\n      ops: R\n" in text  # 'ship' untouched
    assert text.endswith("    name: Fix a bug\n    raci:\n      lead: A\n")  # last entry removed, one added
    assert letters(team) == {
        "plan": {"lead": "AR", "dev": "R", "ops": "I"},
        "ship": {"lead": "A", "ops": "R"},
        "fix": {"lead": "A"},
    }


def test_an_addition_after_a_last_line_without_a_line_break(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK.rstrip("\n").replace("\n", "\r\n"), encoding="utf-8")  # Windows line ends, no final one
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("fix", "Tester"): "I"})
    assert run(book, team).exit_code == 0
    assert team.read_bytes().endswith(b"    raci:\r\n      dev: R\r\n      qa: I")
    assert letters(team)["fix"] == {"dev": "R", "qa": "I"}


def test_an_emptied_block_mapping_becomes_an_empty_flow_one(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("fix", "Developer"): None})
    assert run(book, team).exit_code == 0
    assert team.read_text(encoding="utf-8").endswith("  - id: fix\n    name: Fix a bug\n    raci: {}\n")
    assert letters(team)["fix"] == {}


def test_json_stays_json(tmp_path):
    import yaml

    team = tmp_path / "team.json"
    team.write_text(json.dumps(yaml.safe_load(BLOCK), ensure_ascii=False, indent=2), encoding="utf-8")
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("ship", "Tester"): "C", ("plan", "Lead"): "R"})
    assert run(book, team).exit_code == 0
    data = json.loads(team.read_text(encoding="utf-8"))
    assert data["activities"][1]["raci"] == {"lead": "A", "ops": "R", "qa": "C"}
    assert data["activities"][0]["raci"]["lead"] == "R"


def test_a_folder_definition_changes_only_the_file_holding_the_activity(tmp_path):
    import yaml

    data = yaml.safe_load(BLOCK)
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "org.yaml").write_text(
        yaml.safe_dump({k: v for k, v in data.items() if k != "activities"}), encoding="utf-8"
    )
    (folder / "work.yaml").write_text(yaml.safe_dump({"activities": data["activities"]}), encoding="utf-8")
    org_before = (folder / "org.yaml").read_bytes()
    book = workbook_of(folder, tmp_path)
    edit_cells(book, {("ship", "Developer"): "C"})
    result = run(book, folder)
    assert result.exit_code == 0, result.output
    assert (folder / "org.yaml").read_bytes() == org_before
    assert letters(folder)["ship"] == {"lead": "A", "ops": "R", "dev": "C"}
    assert str(folder / "work.yaml") in result.stderr


def test_letters_outside_the_scheme_are_refused_with_the_cell_and_nothing_is_written(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("plan", "Tester"): "X", ("ship", "Developer"): "R"})
    result = run(book, team)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: cell" in result.stderr and "(plan, Tester): 'X' is not made of R, A, C, I" in result.stderr
    assert team.read_text(encoding="utf-8") == BLOCK
    # the place as a spreadsheet user finds it, and the summary blames the workbook, not the definition
    sheet = openpyxl.load_workbook(book).worksheets[0].title
    lines = result.stderr.splitlines()
    bad = next(line for line in lines if "'X' is not made of" in line)
    quoted = sheet if re.fullmatch(r"\w+", sheet) else f"'{sheet}'"  # as in a formula
    assert re.match(rf"{re.escape(str(book))}:{re.escape(quoted)}![A-Z]+[0-9]+: error: cell ", bad), bad
    cell = bad.split("!")[1].split(":")[0]
    assert openpyxl.load_workbook(book).worksheets[0][cell].value == "X"
    assert lines[-1] == f"{book}: 1 error, 0 warnings"


def test_dry_run_and_strict_write_nothing(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("ship", "Lead"): "C"})  # leaves 'ship' without an A: a warning
    dry = run(book, team, "--dry-run")
    assert dry.exit_code == 0 and "1 change" in dry.stderr and "dry run" in dry.stderr
    assert team.read_text(encoding="utf-8") == BLOCK
    strict = run(book, team, "--strict")
    assert strict.exit_code == 1 and "error:" in strict.stderr and "(after the import)" in strict.stderr
    assert team.read_text(encoding="utf-8") == BLOCK
    plain = run(book, team)
    assert plain.exit_code == 0 and "warning:" in plain.stderr and "(after the import)" in plain.stderr
    assert letters(team)["ship"] == {"lead": "C", "ops": "R"}


def test_roles_with_the_same_title_are_told_apart_by_the_ids_the_workbook_keeps(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK.replace("title: Tester", "title: Developer"), encoding="utf-8")
    book = workbook_of(team, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    cols = [c for c in range(FIRST_COL, ws.max_column + 1) if ws.cell(3, c).value == "Developer"]
    assert len(cols) == 2
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "ship")
    ws.cell(row, cols[1]).value = "I"  # the second "Developer" column is qa's
    wb.save(book)
    assert run(book, team).exit_code == 0
    assert letters(team)["ship"] == {"lead": "A", "ops": "R", "qa": "I"}


def test_a_deleted_column_keeps_its_letters_and_unknown_rows_are_reported(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    book = workbook_of(team, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    col = next(c for c in range(FIRST_COL, ws.max_column + 1) if ws.cell(3, c).value == "Developer")
    ws.delete_cols(col)
    last = ws.max_row + 1
    ws.cell(last, 1).value = "new-thing"
    ws.cell(last, FIRST_COL).value = "A"
    wb.save(book)
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert "new activity 'new-thing' has no name in column B; not imported" in result.stderr
    assert letters(team) == letters_before(BLOCK, tmp_path)


def letters_before(text, tmp_path):
    copy = tmp_path / "copy.yaml"
    copy.write_text(text, encoding="utf-8")
    return letters(copy)


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_workbook_is_a_clean_error(tmp_path, content):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    bad = tmp_path / "raci.xlsx"
    bad.write_bytes(content)
    result = run(bad, team)
    assert result.exit_code == 1 and "Traceback" not in result.output and "raci.xlsx" in result.stderr


def test_another_workbook_is_refused(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(other)
    result = run(other, team)
    assert result.exit_code == 1 and "not an officegen RACI matrix" in result.stderr


def test_a_workbook_saved_by_libreoffice_imports_cleanly(tmp_path, soffice):
    """A project manager who edits and saves in LibreOffice: the workbook still reads back."""
    from officegen.office.libreoffice import convert

    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("fix", "Lead"): "A"})
    (resaved,) = convert([book], tmp_path / "lo", "xlsx")
    result = run(resaved, team)
    assert result.exit_code == 0, result.output
    assert letters(team)["fix"] == {"dev": "R", "lead": "A"}


def append_rows(path, rows):
    """Rows typed below the matrix: (id, name, {role title: letters}) or a process header (name,)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    columns = {ws.cell(3, c).value: c for c in range(FIRST_COL, ws.max_column + 1)}
    r = ws.max_row
    for row in rows:
        r += 1
        ws.cell(r, 1).value = row[0]
        if len(row) > 1:
            ws.cell(r, 2).value = row[1]
            for title, value in row[2].items():
                ws.cell(r, columns[title]).value = value
    wb.save(path)


def test_new_rows_become_new_activities_in_their_process(tmp_path):
    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    org = load(team)
    title = {r.id: r.title for r in org.roles.values()}
    last_process, last_acts = org.processes[-1]
    book = workbook_of(team, tmp_path)
    append_rows(
        book,
        [
            ("act-900", "直播间复盘: 话术与转化", {title["store-manager"]: "A", title["designer"]: "r"}),
            ("新流程",),
            ("act-901", "供应商年度评审", {title["merch-manager"]: "A", title["buyer"]: "R"}),
        ],
    )
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert "+ act-900 (直播间复盘: 话术与转化), 新活动（" + last_process + "）：" in result.stdout
    after = load(team)
    by_id = {a.id: a for a in after.activities}
    assert by_id["act-900"].process == last_process and by_id["act-900"].name == "直播间复盘: 话术与转化"
    assert dict(by_id["act-900"].assignments) == {"store-manager": "A", "designer": "R"}
    assert by_id["act-901"].process == "新流程"
    order = [a.id for a in after.activities]
    assert order.index("act-900") == order.index(last_acts[-1].id) + 1 and order[-1] == "act-901"
    # the English translation of the process came along with the copy
    assert {a.id: a for a in load_en(team).activities}["act-900"].process == {
        a.id: a for a in load_en(SAMPLE_ZH).activities
    }[last_acts[-1].id].process


def test_a_row_typed_in_without_an_id_gets_the_next_one_and_is_not_added_twice(tmp_path):
    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    org = load(team)
    title = {r.id: r.title for r in org.roles.values()}
    numbers = [int(a.id.split("-")[1]) for a in org.activities if a.id.startswith("act-")]
    expected = f"act-{max(numbers) + 1:03d}"
    assert expected not in {a.id for a in org.activities}
    book = workbook_of(team, tmp_path)
    append_rows(book, [(None, "直播选品会", {title["store-manager"]: "A", title["buyer"]: "R"})])
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert f"A 列没有活动编号；“直播选品会”作为新活动 '{expected}' 加入" in result.stderr  # in the team's language
    after = {a.id: a for a in load(team).activities}
    assert after[expected].name == "直播选品会"
    assert dict(after[expected].assignments) == {"store-manager": "A", "buyer": "R"}
    # the same workbook again (the row still has no id): it is that activity now, not a second one
    again = run(book, team)
    assert again.exit_code == 0, again.output
    names = [a.name for a in load(team).activities]
    assert names.count("直播选品会") == 1 and "作为新活动" not in again.stderr


def test_a_row_with_letters_but_neither_id_nor_name_is_pointed_out(tmp_path):
    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    org = load(team)
    book = workbook_of(team, tmp_path)
    append_rows(book, [(None, None, {org.roles_in_org_order()[0].title: "A"})])
    before = team.read_bytes()
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert "A 列没有活动编号，B 列也没有活动名称；该行未导入" in result.stderr
    assert team.read_bytes() == before


def load_en(team):
    from officegen.definition import load_organization

    return load_organization(team, lang="en")[0]


def test_a_new_activity_in_block_style_yaml_and_in_json(tmp_path):
    import yaml

    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    book = workbook_of(team, tmp_path)
    append_rows(book, [("review", "Review the code", {"Lead": "A", "Tester": "R"})])
    assert run(book, team).exit_code == 0
    assert team.read_text(encoding="utf-8").endswith(
        '      dev: R\n  - id: review\n    name: "Review the code"\n    raci: {lead: A, qa: R}\n'
    )
    as_json = tmp_path / "team.json"
    as_json.write_text(json.dumps(yaml.safe_load(BLOCK), indent=2), encoding="utf-8")
    book = workbook_of(as_json, tmp_path, "j.xlsx")
    append_rows(book, [("review", "Review the code", {"Lead": "A", "Tester": "R"})])
    assert run(book, as_json).exit_code == 0
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data["activities"][-1] == {"id": "review", "name": "Review the code", "raci": {"lead": "A", "qa": "R"}}


def test_a_new_activity_with_a_bad_id_is_refused_and_nothing_written(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(BLOCK, encoding="utf-8")
    book = workbook_of(team, tmp_path)
    append_rows(book, [("plan", "Duplicate of plan", {"Lead": "A"})])  # an id that exists, typed twice
    result = run(book, team)
    assert result.exit_code == 1 and "appears twice" in result.stderr
    assert team.read_text(encoding="utf-8") == BLOCK
    book = workbook_of(team, tmp_path, "again.xlsx")
    append_rows(book, [("bad id!", "Spaces and marks", {"Lead": "A"})])
    result = run(book, team)
    assert result.exit_code == 1 and "(after the import)" in result.stderr and "bad id!" in result.stderr
    assert team.read_text(encoding="utf-8") == BLOCK


# -- what an adversarial trial found ----------------------------------------------------------------


def write_team(tmp_path, text, name="team.yaml", encoding="utf-8"):
    team = tmp_path / name
    team.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return team


def test_an_activity_without_raci_gets_one(tmp_path):
    team = write_team(tmp_path, BLOCK + "  - id: idle\n    name: Nothing yet\n")
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("idle", "Lead"): "A", ("idle", "Tester"): "R"})
    assert run(book, team).exit_code == 0
    assert team.read_text(encoding="utf-8").endswith(
        "  - id: idle\n    name: Nothing yet\n    raci: {lead: A, qa: R}\n"
    )
    assert letters(team)["idle"] == {"lead": "A", "qa": "R"}


def test_the_workbook_of_another_team_is_refused(tmp_path):
    from conftest import SAMPLE_EN

    team = write_team(tmp_path, BLOCK)
    other = write_raci(load(SAMPLE_EN), tmp_path / "other.xlsx")
    result = run(other, team)
    assert result.exit_code == 1 and "another team" in result.stderr
    assert team.read_text(encoding="utf-8") == BLOCK


def test_a_stale_workbook_does_not_bring_deleted_activities_back(tmp_path):
    team = write_team(tmp_path, BLOCK)
    book = workbook_of(team, tmp_path)
    team.write_text(
        BLOCK.replace("  - id: ship\n    name: Ship it\n    raci:\n      lead: A\n      ops: R\n", ""), encoding="utf-8"
    )
    before = team.read_text(encoding="utf-8")
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert "activity 'ship' is no longer in the definition" in result.stderr
    assert team.read_text(encoding="utf-8") == before


def test_repeated_titles_are_not_guessed_once_columns_move(tmp_path):
    team = write_team(tmp_path, BLOCK.replace("title: Tester", "title: Developer"))
    book = workbook_of(team, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    dev_col = next(c for c in range(FIRST_COL, ws.max_column + 1) if ws.cell(3, c).value == "Developer")
    ws.delete_cols(dev_col)  # the first "Developer" (dev); the second (qa) moves left into its place
    wb.save(book)
    edit_cells(book, {("ship", "Operator"): "C"})
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert "several roles have this title and columns were moved" in result.stderr
    assert letters(team)["plan"] == {"lead": "A", "dev": "R", "qa": "C"}  # neither guessed
    assert letters(team)["ship"] == {"lead": "A", "ops": "C"}


def test_role_columns_moved_past_the_counts_still_count(tmp_path):
    team = write_team(tmp_path, BLOCK)
    book = workbook_of(team, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    tester = next(c for c in range(FIRST_COL, ws.max_column + 1) if ws.cell(3, c).value == "Tester")
    ws.move_range(
        f"{openpyxl.utils.get_column_letter(tester)}1:{openpyxl.utils.get_column_letter(tester)}60",
        cols=ws.max_column + 2 - tester,
    )
    wb.save(book)
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    ws.cell(next(r for r in range(4, 30) if ws.cell(r, 1).value == "ship"), ws.max_column).value = "I"
    wb.save(book)
    assert run(book, team).exit_code == 0
    assert letters(team)["ship"] == {"lead": "A", "ops": "R", "qa": "I"}
    assert letters(team)["plan"]["qa"] == "C"


def test_line_ends_lone_cr_refused_mixed_kept(tmp_path):
    team = write_team(tmp_path, BLOCK.replace("\n", "\r"))
    book = workbook_of(write_team(tmp_path, BLOCK, "plain.yaml"), tmp_path)
    edit_cells(book, {("plan", "Operator"): "I"})
    result = run(book, team)
    assert result.exit_code == 1 and "lone CR" in result.stderr and "Traceback" not in result.output
    mixed = BLOCK.replace("  - id: ship\n", "  - id: ship\r\n")
    team = write_team(tmp_path, mixed)
    assert run(book, team).exit_code == 0
    assert letters(team)["plan"] == {"lead": "A", "dev": "R", "qa": "C", "ops": "I"}
    assert b"  - id: ship\r\n" in team.read_bytes() and team.read_bytes().count(b"\r\n") == 1


def test_permissions_and_symlinks_of_the_definition_are_kept(tmp_path):
    import os
    import stat

    real = write_team(tmp_path, BLOCK, "real.yaml")
    os.chmod(real, 0o640)
    link = tmp_path / "team.yaml"
    link.symlink_to(real)
    book = workbook_of(link, tmp_path)
    edit_cells(book, {("ship", "Developer"): "C"})
    assert run(book, link).exit_code == 0
    assert link.is_symlink() and letters(real)["ship"]["dev"] == "C"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    # and files officegen creates are readable like any new file, not private temporary files
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(book.stat().st_mode) == 0o666 & ~mask


def test_a_multi_line_flow_mapping_keeps_its_comments_and_quotes(tmp_path):
    text = BLOCK.replace(
        "    raci:\n      lead: A   # signs off\n      dev: R\n      qa: C\n",
        '    raci: {\n      lead: "A",   # signs off\n      dev: R,\n      qa: C\n    }\n',
    )
    team = write_team(tmp_path, text)
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("plan", "Tester"): "I", ("plan", "Developer"): None, ("plan", "Operator"): "C"})
    result = run(book, team)
    assert result.exit_code == 0, result.output
    out = team.read_text(encoding="utf-8")
    assert '      lead: "A",   # signs off\n' in out and "qa: I" in out and "dev:" not in out.split("ship")[0]
    assert letters(team)["plan"] == {"lead": "A", "qa": "I", "ops": "C"}


@pytest.mark.parametrize("removed", [("Lead", "Developer"), ("Lead",), ("Developer", "Tester")])
def test_flow_entries_removed_anywhere_leave_valid_yaml(tmp_path, removed):
    team = write_team(
        tmp_path,
        BLOCK.replace(
            "    raci:\n      lead: A   # signs off\n      dev: R\n      qa: C\n",
            "    raci: {lead: A, dev: R, qa: C}\n",
        ),
    )
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("plan", title): None for title in removed})
    assert run(book, team).exit_code == 0
    titles = {"Lead": "lead", "Developer": "dev", "Tester": "qa"}
    assert letters(team)["plan"] == {
        k: v for k, v in {"lead": "A", "dev": "R", "qa": "C"}.items() if k not in {titles[t] for t in removed}
    }


def test_a_folder_given_as_dot(tmp_path, monkeypatch):
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "team.yaml").write_text(BLOCK, encoding="utf-8")
    book = workbook_of(folder, tmp_path)
    edit_cells(book, {("fix", "Lead"): "A"})
    monkeypatch.chdir(folder)
    result = run(book, ".")
    assert result.exit_code == 0, result.output
    assert letters(folder)["fix"] == {"dev": "R", "lead": "A"}


def test_a_process_named_like_an_activity_id(tmp_path):
    team = write_team(tmp_path, BLOCK.replace("    name: Ship it\n", "    name: Ship it\n    process: plan\n"))
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("ship", "Tester"): "I"})
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert letters(team)["ship"]["qa"] == "I"


def test_new_activities_after_block_scalars_and_wide_dashes(tmp_path):
    text = BLOCK.replace(
        "  - id: fix\n    name: Fix a bug\n",
        "  -   id: fix\n      name: Fix a bug\n      description: |\n        Line one\n        Line two\n\n",
    )
    text = text.replace("    raci:\n      dev: R\n", "      raci:\n        dev: R\n")
    text = text.replace(
        "      description: |\n        Line one\n        Line two\n\n      raci:\n        dev: R\n",
        "      raci:\n        dev: R\n      description: |\n        Line one\n        Line two\n",
    )
    team = write_team(tmp_path, text)
    assert load(team).activities[-1].description.startswith("Line one")
    book = workbook_of(team, tmp_path)
    append_rows(book, [("triage", 'Triage: "urgent" # first\u2028then', {"Tester": "R", "Lead": "A"})])
    result = run(book, team)
    assert result.exit_code == 0, result.output
    added = {a.id: a for a in load(team).activities}["triage"]
    assert added.name == 'Triage: "urgent" # first\u2028then' and dict(added.assignments) == {"lead": "A", "qa": "R"}
    assert "  -   id: triage\n" in team.read_text(encoding="utf-8")


def test_letters_written_as_a_block_scalar_are_pointed_out(tmp_path):
    team = write_team(tmp_path, BLOCK.replace("      dev: R\n      qa: C\n", "      dev: |-\n        R\n      qa: C\n"))
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("plan", "Tester"): "I"})
    result = run(book, team)
    assert result.exit_code == 1 and "on one line" in result.stderr and "Traceback" not in result.output


def test_utf16_and_minified_json_stay_as_they_were(tmp_path):
    import yaml

    team = write_team(tmp_path, "\ufeff" + BLOCK, encoding="utf-16-be")
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("fix", "Lead"): "A"})
    assert run(book, team).exit_code == 0
    assert team.read_bytes().startswith(b"\xfe\xff") and letters(team)["fix"] == {"dev": "R", "lead": "A"}
    small = tmp_path / "team.json"
    small.write_text(json.dumps(yaml.safe_load(BLOCK), separators=(",", ":")), encoding="utf-8")
    book = workbook_of(small, tmp_path, "j.xlsx")
    append_rows(book, [("review", "Review", {"Lead": "A"})])
    assert run(book, small).exit_code == 0
    assert "\n" not in small.read_text(encoding="utf-8")
    assert json.loads(small.read_text(encoding="utf-8"))["activities"][-1]["id"] == "review"


def test_odd_spaces_in_cells_and_a_column_given_twice(tmp_path):
    team = write_team(tmp_path, BLOCK)
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("ship", "Tester"): "C\u3000I", ("ship", "Developer"): "\xa0r\r\n"})
    assert run(book, team).exit_code == 0
    assert letters(team)["ship"] == {"lead": "A", "ops": "R", "qa": "CI", "dev": "R"}
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    ws.cell(3, FIRST_COL + 1).value = "Lead"  # a second column titled like the first
    wb.save(book)
    result = run(book, team)
    assert result.exit_code == 1 and "second column for the same role" in result.stderr


def test_a_department_named_like_a_count_column(tmp_path):
    team = write_team(tmp_path, BLOCK.replace("name: Dept}", "name: A count}"))
    book = workbook_of(team, tmp_path)
    edit_cells(book, {("fix", "Lead"): "A"})
    result = run(book, team)
    assert result.exit_code == 0, result.output
    assert [a.id for a in load(team).activities] == ["plan", "ship", "fix"]


def test_the_language_of_the_titles_can_be_given(tmp_path):
    """A workbook whose language was lost (re-saved elsewhere) is read with the global --lang."""
    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    from officegen.definition import load_organization

    org_en = load_organization(team, lang="en")[0]
    book = write_raci(org_en, tmp_path / "en.xlsx")
    wb = openpyxl.load_workbook(book)
    wb.properties.language = None
    wb.save(book)
    edit_cells(book, {("act-001", org_en.roles["designer"].title): "C"})
    refused = run(book, team)
    assert refused.exit_code == 1 and "另一种语言" in refused.stderr
    result = CliRunner().invoke(cli, ["--lang", "en", "import-raci", str(book), str(team)])
    assert result.exit_code == 0, result.output
    assert letters(team)["act-001"]["designer"] == "C"


def test_a_process_header_typed_into_the_spare_rows_of_a_libreoffice_workbook(tmp_path, soffice):
    """A row with text in column A only, typed into the spare rows (which carry their count
    formulas) and saved by LibreOffice, starts a process for the rows under it; an existing
    process's name puts the rows under it into that process."""
    from officegen.office.libreoffice import convert

    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    org = load(team)
    title = {r.id: r.title for r in org.roles.values()}
    first_process, first_acts = org.processes[0]
    book = workbook_of(team, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    columns = {ws.cell(3, c).value: c for c in range(FIRST_COL, ws.max_column + 1)}
    row = max(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value) + 1  # the first spare row
    count_a = columns["A数"]
    assert str(ws.cell(row, count_a).value).startswith("=IF(COUNTA(")
    typed = [
        ("离职管理",),
        ("act-900", "离职面谈", "A"),
        ("离职 管理",),
        ("act-901", "离职交接", "A"),
        ("离职管理（Offboarding）",),
        ("act-902", "离职证明", "A"),
        (first_process,),
        ("act-903", "新品复盘", "A"),
    ]
    rows = {}
    for values in typed:
        ws.cell(row, 1).value = values[0]
        if len(values) > 1:
            ws.cell(row, 2).value = values[1]
            ws.cell(row, columns[title["store-manager"]]).value = values[2]
            ws.cell(row, columns[title["cs-lead"]]).value = "R"
        rows[values[0]] = row
        row += 1
    wb.save(book)
    (resaved,) = convert([book], tmp_path / "lo", "xlsx")
    saved = openpyxl.load_workbook(resaved, data_only=True).worksheets[0]
    assert saved.cell(rows["离职管理"], count_a).value in (None, "")  # a header is not an activity without A
    assert saved.cell(rows["act-900"], count_a).value == 1
    result = run(resaved, team)
    assert result.exit_code == 0, result.output
    assert "no name in column B" not in result.output
    by_id = {a.id: a for a in load(team).activities}
    assert by_id["act-900"].process == "离职管理"
    assert by_id["act-901"].process == "离职 管理"
    assert by_id["act-902"].process == "离职管理（Offboarding）"
    assert by_id["act-903"].process == first_process
    assert dict(by_id["act-903"].assignments) == {"store-manager": "A", "cs-lead": "R"}
    order = [a.id for a in load(team).activities]
    assert order.index("act-903") == order.index(first_acts[-1].id) + 1
    # the existing process's translation came along; the new ones have none yet
    assert {a.id: a for a in load_en(team).activities}["act-903"].process == load_en(SAMPLE_ZH).processes[0][0]


def test_a_new_activity_in_one_language_gets_the_untranslated_note(tmp_path):
    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    title = {r.id: r.title for r in load(team).roles.values()}
    book = workbook_of(team, tmp_path)
    append_rows(book, [("act-900", "离职面谈", {title["store-manager"]: "A", title["cs-lead"]: "R"})])
    result = run(book, team)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if ": note: " in line]
    # the sample is fully translated: the new row is the only text without English (said in the
    # team's language, as import-raci says everything)
    assert len(notes) == 1 and notes[0].endswith("note: 活动“act-900”（离职面谈）：name 没有 en 翻译（导入之后）")


def test_a_department_workbook_comes_back_without_a_warning_per_other_activity(tmp_path):
    """raci --department writes part of the matrix; its edits import, the rest is left alone."""
    team = shutil.copy(SAMPLE_ZH, tmp_path / "team.yaml")
    book = tmp_path / "merch.xlsx"
    result = CliRunner().invoke(cli, ["raci", str(team), "-o", str(book), "--department", "merch"])
    assert result.exit_code == 0, result.output
    before = letters(team)
    edit_cells(book, {("act-001", "采购专员"): "I"})
    result = run(book, team)
    assert result.exit_code == 0, result.output
    absent = [line for line in result.stderr.splitlines() if "不在工作簿中" in line]
    assert len(absent) == 1 and "个活动不在工作簿中" in absent[0]
    after = letters(team)
    assert after["act-001"] == {**before["act-001"], "buyer": "I"}
    assert {k: v for k, v in after.items() if k != "act-001"} == {k: v for k, v in before.items() if k != "act-001"}


@pytest.mark.parametrize("listed", ["activities: []\n", ""], ids=["empty-list", "no-list"])
def test_several_new_rows_into_a_definition_without_activities(tmp_path, listed):
    """A roster-imported definition has no activities yet: the project manager types them all into
    the workbook, and every one comes back (the second was run into the first: invalid YAML)."""
    team = tmp_path / "team.yaml"
    team.write_text(
        "version: 1\norganization: {name: T, locale: en}\ndepartments: [{id: d, name: D}]\n"
        "roles:\n  - {id: lead, title: Lead, department: d}\n  - {id: dev, title: Dev, department: d, reports_to: lead}\n"
        + listed,
        encoding="utf-8",
    )
    book = workbook_of(team, tmp_path)
    append_rows(
        book,
        [
            ("a-1", "Plan", {"Lead": "A", "Dev": "R"}),
            ("a-2", "Ship", {"Dev": "AR"}),
            (None, "Review", {"Lead": "A", "Dev": "R"}),
        ],
    )
    result = run(book, team)
    assert result.exit_code == 0, result.output
    after = load(team)
    assert [(a.id, a.name, dict(a.assignments)) for a in after.activities] == [
        ("a-1", "Plan", {"lead": "A", "dev": "R"}),
        ("a-2", "Ship", {"dev": "AR"}),
        ("a-3", "Review", {"lead": "A", "dev": "R"}),
    ]
    text = team.read_text(encoding="utf-8")  # written as a block list, one line a field, like the roles
    assert "activities:\n  - id: a-1\n    name: Plan\n    raci: {lead: A, dev: R}\n  - id: a-2\n" in text, text
    assert "activities: [" not in text
