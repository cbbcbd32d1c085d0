"""The RACI workbook, read back with openpyxl: every cell, dropdown, format and formula the definition implies."""

from __future__ import annotations

import csv
import re
from datetime import datetime

import openpyxl
import pytest
from conftest import HOSTILE, REAL_RACI, SAMPLE_EN, SAMPLE_ZH, load
from openpyxl.utils import get_column_letter, range_boundaries

from officegen.generators.raci import FIRST_COL, FIRST_ROW, SPARE_ROWS, scheme_values, write_raci


def written(org, tmp_path, name="raci.xlsx"):
    path = write_raci(org, tmp_path / name)
    return openpyxl.load_workbook(path)


def activity_rows(ws):
    """Activity id -> row, from column A of rows with a COUNTIF formula."""
    rows = {}
    for row in range(FIRST_ROW, ws.max_row + 1):
        last = ws.cell(row, ws.max_column).value
        if isinstance(last, str) and last.startswith("=COUNTIF"):
            rows[ws.cell(row, 1).value] = row
    return rows


def role_columns(ws, org):
    titles = [ws.cell(3, FIRST_COL + j).value for j in range(len(org.roles))]
    return {role.id: FIRST_COL + j for j, role in enumerate(org.roles_in_org_order())}, titles


@pytest.mark.parametrize("sample", [SAMPLE_ZH, SAMPLE_EN, REAL_RACI, HOSTILE], ids=["zh", "en", "csa", "hostile"])
def test_every_matrix_cell_equals_the_definition(sample, tmp_path):
    org = load(sample)
    ws = written(org, tmp_path).worksheets[0]
    columns, titles = role_columns(ws, org)
    assert titles == [r.title for r in org.roles_in_org_order()]
    rows = activity_rows(ws)
    assert list(rows) == [a.id for _, acts in org.processes for a in acts]
    for activity in org.activities:
        row = rows[activity.id]
        assert ws.cell(row, 2).value == activity.name
        expected = {columns[r]: letters for r, letters in activity.assignments if letters}
        actual = {
            col: ws.cell(row, col).value
            for col in range(FIRST_COL, FIRST_COL + len(org.roles))
            if ws.cell(row, col).value is not None
        }
        assert actual == expected, activity.id


def test_roles_follow_the_org_chart_and_departments_are_merged_above_them(org_zh, tmp_path):
    ws = written(org_zh, tmp_path).worksheets[0]
    order = org_zh.roles_in_org_order()
    assert order[0].id == "ops-director"
    merged = {str(r) for r in ws.merged_cells.ranges if r.min_row == 2}
    for dept in org_zh.walk_departments():
        cols = [FIRST_COL + j for j, r in enumerate(order) if r.department_id == dept.id]
        if not cols:
            continue
        assert cols == list(range(cols[0], cols[-1] + 1)), dept.id  # contiguous
        assert ws.cell(2, cols[0]).value == dept.name
        if len(cols) > 1:
            assert f"{get_column_letter(cols[0])}2:{get_column_letter(cols[-1])}2" in merged


def test_activities_are_grouped_under_process_rows_that_collapse(org_zh, tmp_path):
    ws = written(org_zh, tmp_path).worksheets[0]
    rows = activity_rows(ws)
    row = FIRST_ROW
    for process, activities in org_zh.processes:
        assert ws.cell(row, 1).value == process
        assert ws.row_dimensions[row].outline_level == 0
        for activity in activities:
            row += 1
            assert rows[activity.id] == row
            assert ws.row_dimensions[row].outline_level == 1
        row += 1


def test_the_dropdown_covers_the_grid_and_the_rows_for_new_activities_from_a_hidden_list(org_en, tmp_path):
    wb = written(org_en, tmp_path)
    ws = wb.worksheets[0]
    (dv,) = ws.data_validations.dataValidation
    last_row = max(activity_rows(ws).values()) + SPARE_ROWS
    last_col = get_column_letter(FIRST_COL + len(org_en.roles) - 1)
    assert str(dv.sqref) == f"{get_column_letter(FIRST_COL)}{FIRST_ROW}:{last_col}{last_row}"
    assert dv.type == "list" and dv.showErrorMessage and dv.error
    m = re.fullmatch(r"=?'?(\w+)'?!\$A\$1:\$A\$(\d+)", dv.formula1)
    lists = wb[m.group(1)]
    assert lists.sheet_state == "hidden"
    values = [lists.cell(i, 1).value for i in range(1, int(m.group(2)) + 1)]
    assert values == scheme_values(org_en)
    assert {"A", "R", "S", "C", "I", "AR"} <= set(values)  # the English sample is RASCI


def test_letter_colours_cover_the_grid(org_zh, tmp_path):
    ws = written(org_zh, tmp_path).worksheets[0]
    grid = str(ws.data_validations.dataValidation[0].sqref)
    rules = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rules.setdefault(str(cf.sqref), []).append(rule)
    letters = [r.text for r in rules[grid]]
    assert letters == ["A", "R", "S", "C", "I"]
    for rule in rules[grid]:
        assert rule.dxf.fill.fgColor.rgb == rule.dxf.fill.bgColor.rgb


def test_rows_typed_below_the_matrix_are_checked_once_filled(org_zh, tmp_path):
    """The spare rows' counts are blank until the row holds something, then count like the others."""
    ws = written(org_zh, tmp_path).worksheets[0]
    first, last = get_column_letter(FIRST_COL), get_column_letter(FIRST_COL + len(org_zh.roles) - 1)
    a_col = FIRST_COL + len(org_zh.roles)
    spare = max(activity_rows(ws).values()) + 1
    for row in (spare, spare + SPARE_ROWS - 1):  # blank while only column A (a process header) is typed
        assert (
            ws.cell(row, a_col).value
            == f'=IF(COUNTA($B{row},{first}{row}:{last}{row})=0,"",COUNTIF({first}{row}:{last}{row},"*A*"))'
        )
        assert ws.cell(row, 1).value is None and ws.cell(row, 2).value is None
    assert ws.cell(spare + SPARE_ROWS, a_col).value is None
    assert ws.auto_filter.ref.endswith(str(spare + SPARE_ROWS - 1))
    # rows the project manager adds print too
    assert ws.print_area.endswith(f"{get_column_letter(a_col + 1)}${spare + SPARE_ROWS - 1}")


def test_count_formulas_reference_their_own_row(org_zh, tmp_path):
    ws = written(org_zh, tmp_path).worksheets[0]
    first, last = get_column_letter(FIRST_COL), get_column_letter(FIRST_COL + len(org_zh.roles) - 1)
    a_col, r_col = FIRST_COL + len(org_zh.roles), FIRST_COL + len(org_zh.roles) + 1
    for row in activity_rows(ws).values():
        assert ws.cell(row, a_col).value == f'=COUNTIF({first}{row}:{last}{row},"*A*")'
        assert ws.cell(row, r_col).value == f'=COUNTIF({first}{row}:{last}{row},"*R*")'
    checks = {str(cf.sqref) for cf in ws.conditional_formatting}
    col = get_column_letter(a_col)
    assert any(s.startswith(f"{col}{FIRST_ROW}:") for s in checks)


def test_workload_counts_against_each_roles_matrix_column(org_zh, tmp_path):
    wb = written(org_zh, tmp_path)
    matrix, workload = wb.worksheets[0], wb.worksheets[1]
    last_row = max(activity_rows(matrix).values()) + SPARE_ROWS  # rows a user adds count too
    for i, role in enumerate(org_zh.roles_in_org_order()):
        row = i + 2
        assert workload.cell(row, 1).value == role.title
        assert workload.cell(row, 2).value == org_zh.department_of(role.id).name
        manager = org_zh.manager_of(role.id)
        assert workload.cell(row, 3).value == (manager.title if manager else None)
        assert workload.cell(row, 4).value == role.headcount
        col = get_column_letter(FIRST_COL + i)
        assert (
            workload.cell(row, 5).value == f"=COUNTIF('{matrix.title}'!{col}${FIRST_ROW}:{col}${last_row},\"*R*\")"
            or workload.cell(row, 5).value == f'=COUNTIF({matrix.title}!{col}${FIRST_ROW}:{col}${last_row},"*R*")'
        )
    rules = [r for cf in workload.conditional_formatting for r in cf.rules]
    assert any(r.type == "top10" and r.percent for r in rules)


def test_checks_list_the_findings_or_say_all_is_well(org_zh, org_hostile, tmp_path):
    assert written(org_zh, tmp_path, "a.xlsx").worksheets[2]["A3"].value == "所有活动都恰好有一个 A，且至少有一个 R。"
    checks = written(org_hostile, tmp_path, "b.xlsx").worksheets[2]
    assert [checks.cell(3, c).value for c in range(1, 5)] == [
        "a2",
        "@import",
        "有 2 个负责人（A），应恰好一个",
        "=1+1、-1 负数开头的标题",
    ]


def test_real_raci_defects_are_listed(real_paths, tmp_path):
    import yaml

    raw = yaml.safe_load(REAL_RACI.read_text(encoding="utf-8"))["activities"]
    no_a = sum(not any("A" in v.upper() for v in a.get("raci", {}).values()) for a in raw)
    no_r = sum(not any("R" in v.upper() for v in a.get("raci", {}).values()) for a in raw)
    assert no_a >= 4 and no_r >= 4  # the published defects
    org = load(REAL_RACI)
    checks = written(org, tmp_path).worksheets[2]
    problems = [checks.cell(r, 3).value for r in range(3, checks.max_row + 1)]
    assert problems.count("No one is Accountable (A)") == no_a
    assert problems.count("No one is Responsible (R)") == no_r


def test_hostile_text_is_stored_as_text(org_hostile, tmp_path):
    wb = written(org_hostile, tmp_path)
    formulas = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(cell.value)
                elif isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    ours = r"=(COUNTIF\(.*\)|[A-Z]+\d+\+[A-Z]+\d+|IF\(COUNTA\(\$B\d+,[A-Z]+\d+:[A-Z]+\d+\)=0,\"\",COUNTIF\(.*\)\))"
    assert formulas and all(re.fullmatch(ours, f) for f in formulas)
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "=1+1" in texts and "=SUM(A1:A9)" in texts and "@import" in texts


def test_sheets_are_named_validly_and_properties_are_set(org_zh, org_en, tmp_path):
    zh = written(org_zh, tmp_path, "zh.xlsx")
    en = written(org_en, tmp_path, "en.xlsx")
    assert zh.sheetnames == ["责任矩阵", "岗位工作量", "检查", "图例", "Lists"]
    assert en.sheetnames == ["RACI matrix", "Workload", "Checks", "Legend", "Lists"]
    for wb in (zh, en):
        for name in wb.sheetnames:
            assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
        assert wb.properties.creator == "officegen" and wb.properties.title and wb.properties.subject
        ws = wb.worksheets[0]
        assert ws.freeze_panes == f"{get_column_letter(FIRST_COL)}{FIRST_ROW}"
        assert ws.auto_filter.ref and ws.print_title_rows.replace("$", "") == "1:3"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    legend = zh["图例"]
    assert [legend.cell(r, 1).value for r in range(2, 6)] == ["R", "A", "C", "I"]
    assert legend["B3"].value == "负责 Accountable"


def test_column_widths_count_cjk_double(org_zh, tmp_path):
    ws = written(org_zh, tmp_path).worksheets[0]

    def width(text):
        return sum(2 if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else 1 for c in text)

    longest = max(width(a.name) for a in org_zh.activities)
    assert longest > max(len(a.name) for a in org_zh.activities)
    assert ws.column_dimensions["B"].width >= min(60, longest)


def _long_names_team(tmp_path):
    """Like the published RACI: activity names longer than the widest name column, and one-role
    departments ("Consumers") above a single rotated column."""
    lines = [
        "version: 1",
        "organization: {name: Platform, locale: en}",
        "departments:",
        "  - {id: apps, name: Data application teams}",
        "  - {id: con, name: Consumers}",
        "  - {id: ops, name: Data landing zone ops}",
        "roles:",
    ]
    lines += [f"  - {{id: a{i}, title: Application role {i}, department: apps}}" for i in range(12)]
    lines += [
        "  - {id: c, title: Data Analyst, department: con}",
        "  - {id: o, title: Platform Ops, department: ops}",
        "activities:",
    ]
    names = [
        "Manage the UI for requesting compute",
        "Specify what tools are used to bring compute to the data platform (Infrastructure as Code template)",
        "Understand relationships between organizations, subscriptions, licenses, user accounts, and tenants, "
        "to set a subscription model",
        "Own source data",
    ]
    lines += [f"  - {{id: x{i}, name: '{n}', raci: {{a0: A, c: R, o: I}}}}" for i, n in enumerate(names)]
    team = tmp_path / "long.yaml"
    team.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return team


@pytest.mark.parametrize("which", ["inline", "csa"])
def test_long_names_get_rows_tall_enough_and_narrow_departments_turn(which, tmp_path):
    """Names longer than the widest name column, and one-role departments above a single rotated
    column: neither may be cut or overlap."""
    team = _long_names_team(tmp_path) if which == "inline" else REAL_RACI
    org = load(team)
    ws = written(org, tmp_path).worksheets[0]
    width = ws.column_dimensions["B"].width
    rows = list(activity_rows(ws).values())
    long_rows = [r for r in rows if len(ws.cell(r, 2).value) > 1.5 * width]
    short_rows = [r for r in rows if len(ws.cell(r, 2).value) < width - 4]
    assert long_rows and short_rows
    for r in long_rows:  # two lines at least (Latin letters are a little narrower than a width unit)
        assert ws.row_dimensions[r].height >= 30, ws.cell(r, 2).value
    assert all(ws.row_dimensions[r].height is None for r in short_rows)
    merged = {str(m).split(":")[0] for m in ws.merged_cells.ranges}
    single = [
        c
        for c in list(ws.iter_rows(min_row=2, max_row=2, min_col=FIRST_COL))[0]
        if c.value and c.coordinate not in merged
    ]
    assert single, "the sample has one-role departments"
    for cell in single:
        assert cell.alignment.textRotation == 90
        assert ws.row_dimensions[2].height >= len(cell.value) / 2 * 6  # on two lines at most


@pytest.mark.parametrize("sample", ["org_zh", "org_en"])
def test_every_cell_font_names_its_typeface(sample, request, tmp_path):
    """No nameless or theme font: Chinese workbooks in a Chinese face (GB2312 charset), others in Calibri."""
    org = request.getfixturevalue(sample)
    wb = written(org, tmp_path)
    expected = "Microsoft YaHei" if org.lang == "zh-CN" else "Calibri"
    fonts = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    fonts.add((cell.font.name, cell.font.scheme, cell.font.charset, cell.font.b))
    assert {name for name, *_ in fonts} == {expected}
    assert {scheme for _, scheme, *_ in fonts} == {None}
    assert {charset for _, _, charset, _ in fonts} == ({134} if org.lang == "zh-CN" else {None})
    assert {bold for *_, bold in fonts} == {True, False}


@pytest.mark.slow
def test_many_roles_get_rotated_titles(synthetic_path, tmp_path):
    org = load(synthetic_path(1000))
    ws = written(org, tmp_path).worksheets[0]
    assert ws.cell(3, FIRST_COL).alignment.textRotation == 90
    assert len(activity_rows(ws)) == len(org.activities)
    assigned = sum(1 for a in org.activities for _, letters in a.assignments if letters)
    grid = ws.data_validations.dataValidation[0].sqref
    min_col, min_row, max_col, max_row = range_boundaries(str(grid))
    cells = sum(
        1
        for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
        for c in row
        if c.value is not None
    )
    assert cells == assigned


def test_output_is_reproducible_and_honours_source_date_epoch(org_zh, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = write_raci(org_zh, tmp_path / "a.xlsx").read_bytes()
    b = write_raci(org_zh, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    # openpyxl stamps ``modified`` with the clock at save: it must be the build time, not now.
    props = openpyxl.load_workbook(tmp_path / "a.xlsx").properties
    assert props.created == props.modified == datetime(1980, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c = write_raci(org_zh, tmp_path / "c.xlsx")
    assert c.read_bytes() != a
    props = openpyxl.load_workbook(c).properties
    assert props.created == props.modified == datetime(2023, 11, 14, 22, 13, 20)


def test_a_failed_write_keeps_the_previous_workbook(org_zh, tmp_path, monkeypatch):
    target = tmp_path / "raci.xlsx"
    write_raci(org_zh, target)
    good = target.read_bytes()
    import officegen.generators.raci.workbook as raci

    def broken(wb, tmp):
        tmp.write_bytes(b"PK half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(raci, "save_workbook", broken)
    from officegen.errors import OutputError

    with pytest.raises(OutputError, match="raci.xlsx: cannot write: no space left"):
        write_raci(org_zh, target)
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["raci.xlsx"]


def test_an_organisation_without_activities_still_gets_a_workbook(real_paths, tmp_path):
    company, _ = real_paths
    org = load(company)
    wb = written(org, tmp_path)
    assert wb.worksheets[0].cell(3, FIRST_COL).value == org.roles_in_org_order()[0].title
    assert wb.worksheets[0].data_validations.dataValidation == []
    assert wb.worksheets[1].max_row == len(org.roles) + 1


def test_libreoffice_opens_the_workbook_and_shows_the_chinese_titles(org_zh, soffice, tmp_path):
    from conftest import pdftotext

    from officegen.office.libreoffice import convert

    book = write_raci(org_zh, tmp_path / "raci.xlsx")
    (pdf,) = convert([book], tmp_path / "pdf", "pdf")
    text = pdftotext(pdf).replace(" ", "")
    assert "电商运营团队" in text and "制定季度选品与上新计划" in text
    # every activity row as LibreOffice computes it: its id, name, letters and the A and R counts its
    # formulas give (a formula that broke, or a row left out, fails here, not only the first row)
    (csv_file,) = convert([book], tmp_path / "csv", "csv:Text - txt - csv (StarCalc):44,34,76")  # UTF-8
    rows = list(csv.reader(csv_file.read_text(encoding="utf-8").splitlines()))
    header = next(r for r in rows if r and r[0] in ("编号", "ID"))
    titles = [org_zh.roles[r].title for r in (role.id for role in org_zh.roles_in_org_order())]
    first = header.index(titles[0])
    col_a, col_r = first + len(titles), first + len(titles) + 1
    by_id = {r[0]: r for r in rows if r}
    for activity in org_zh.activities:
        row = by_id[activity.id]
        assert row[1] == activity.name
        shown = {titles[i]: v for i, v in enumerate(row[first : first + len(titles)]) if v}
        wanted = {org_zh.roles[r].title: letters for r, letters in activity.assignments if letters}
        assert shown == wanted, activity.id
        counts = (int(float(row[col_a])), int(float(row[col_r])))
        assert counts == (sum("A" in v for v in wanted.values()), sum("R" in v for v in wanted.values())), activity.id


def _quality_team(tmp_path, extra_roles: int):
    """A quality department with a long bracketed title, and ``extra_roles`` more roles."""
    lines = [
        "version: 1",
        "organization: {name: 质量, locale: zh-CN}",
        "departments:",
        "  - {id: q, name: 质量部}",
        "roles:",
        "  - {id: qm, title: 质量经理, department: q}",
        "  - {id: qc, title: 检验员（IQC/IPQC/OQC）, department: q, reports_to: qm}",
        "  - {id: qe, title: Quality Engineer (IQC/IPQC/OQC), department: q, reports_to: qm}",
    ]
    lines += [f"  - {{id: r{i}, title: 岗位{i}, department: q, reports_to: qm}}" for i in range(extra_roles)]
    lines += ["activities:", "  - {id: a1, name: 来料检验, raci: {qm: A, qc: R, qe: C}}"]
    team = tmp_path / "quality.yaml"
    team.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return team


def _needed_pt(title: str, latin: float = 0.7) -> float:
    """Points bold 11-point text needs on one line in Microsoft YaHei (CJK 1 em, Latin ~0.6-0.7 em)."""
    wide = sum(1 for c in title if ord(c) > 0x2E80)
    return wide * 11 + (len(title) - wide) * 11 * latin


@pytest.mark.parametrize("extra", [0, 14], ids=["upright", "rotated"])
def test_a_long_bracketed_title_is_shown_whole(extra, tmp_path, soffice):
    """``检验员（IQC/IPQC/OQC）``: upright, the bracketed run is never broken inside (the column is
    wide enough for it); rotated, the row is tall enough for the whole title on one line."""
    from conftest import pdftotext

    from officegen.office.libreoffice import convert

    org = load(_quality_team(tmp_path, extra))
    path = write_raci(org, tmp_path / "raci.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[0]
    titles = {ws.cell(3, c).value: c for c in range(FIRST_COL, FIRST_COL + len(org.roles))}
    for title in ("检验员（IQC/IPQC/OQC）", "Quality Engineer (IQC/IPQC/OQC)"):
        cell = ws.cell(3, titles[title])
        width = ws.column_dimensions[get_column_letter(titles[title])].width
        if extra:
            assert cell.alignment.textRotation == 90
            assert ws.row_dimensions[3].height >= _needed_pt(title) + 8
        else:
            assert cell.alignment.textRotation in (0, None) and cell.alignment.wrap_text
            run = "（IQC/IPQC/OQC）" if title.startswith("检") else "(IQC/IPQC/OQC)"
            # a column unit is 7 px (5.25 pt), less a unit of padding: the run fits on one line
            assert (width - 1) * 5.25 >= _needed_pt(run, 0.6), (title, width)
    (pdf,) = convert([path], tmp_path / "pdf", "pdf")
    lines = [line.strip() for line in pdftotext(pdf).splitlines()]
    if extra:
        assert any("检验员（IQC/IPQC/OQC）" in line for line in lines)
    else:
        assert any("（IQC/IPQC/OQC）" in line for line in lines) and any("检验员" in line for line in lines)
