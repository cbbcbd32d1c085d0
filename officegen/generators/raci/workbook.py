"""The RACI workbook: a matrix a project manager keeps editing, with checks that stay live.

Everything that must keep working after a user's edits is expressed in the workbook itself, not
precomputed: letters are colour-coded by conditional formats over the whole grid, the A and R
counts are COUNTIF formulas, the workload sheet counts against the matrix columns, and the
dropdown lists its values from a hidden sheet (an inline list is capped at 255 characters).

Only cells that hold something are written: an empty grid cell costs nothing, so a 3,000 x
2,000 matrix costs what its assignments cost. Styles are created once and shared.
"""

from __future__ import annotations

import re
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from officegen.definition.model import Organization
from officegen.generators.raci.layout import ACTIVITY_FORMULA, FIRST_COL, FIRST_ROW, LABELS, SPARE_FORMULA, SPARE_ROWS
from officegen.i18n import pick_labels
from officegen.office.atomic import write_with
from officegen.office.fonts import LATIN_FONT, east_asian_font
from officegen.office.reprozip import build_time, save_reproducible
from officegen.office.textwidth import cell_width, char_width, em_width, text_width, wrap

MEANINGS = {
    "zh-CN": {
        "R": ("执行 Responsible", "实际完成工作的人；每项活动至少一个。"),
        "A": ("负责 Accountable", "对结果最终负责并审批的人；每项活动恰好一个。"),
        "S": ("支持 Support", "为执行人提供资源或协助的人。"),
        "C": ("咨询 Consulted", "事前征求意见的人，双向沟通。"),
        "I": ("知会 Informed", "事后通知结果的人，单向沟通。"),
    },
    "en": {
        "R": ("Responsible", "Does the work; at least one per activity."),
        "A": ("Accountable", "Owns the outcome and signs it off; exactly one per activity."),
        "S": ("Support", "Provides resources or help to those Responsible."),
        "C": ("Consulted", "Asked for input before the work; two-way."),
        "I": ("Informed", "Told of the outcome afterwards; one-way."),
    },
}

#: fill colour and font colour per letter, strongest first (the order conditional formats apply in)
COLOURS = {
    "A": ("C00000", "FFFFFF"),
    "R": ("F4B183", "000000"),
    "S": ("FFE699", "000000"),
    "C": ("BDD7EE", "000000"),
    "I": ("E2EFDA", "000000"),
}

MAX_CELL = 32767
ROTATE_ABOVE = 12  # more roles than this: role titles are rotated
MAX_HEADER_PT = 200  # tallest a rotated department row gets
MAX_ROTATED_PT = 300  # tallest the rotated role-title row gets; longer titles take two lines
ROTATED_LINE_WIDTH = 2.6  # column units a further rotated line needs
HEADER_WIDTH_MAX = 22  # widest an unrotated role column gets
LINE_PT = 16  # a line of 11-point text: Calibri needs 15, the CJK fonts a little more

_thin = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2", bgColor="D9E1F2")
_PROCESS_FILL = PatternFill("solid", fgColor="EDEDED", bgColor="EDEDED")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ROTATED = Alignment(horizontal="center", vertical="bottom", textRotation=90, wrap_text=True)
_WRAP = Alignment(vertical="center", wrap_text=True)
_MIDDLE = Alignment(vertical="center")


def _text(cell, value: str) -> None:
    """Store ``value`` as text, never as a formula, whatever it starts with."""
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - 1] + "…"
    cell.value = value
    if value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"
        cell.quotePrefix = True


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour, bgColor=colour)


def scheme_values(org: Organization) -> list[str]:
    """The dropdown's values: the scheme's letters, AR, and every combination the definition uses."""
    values = list("ARCI") + (["S"] if org.scheme == "RASCI" else []) + ["AR"]
    for activity in org.activities:
        for _, letters in activity.assignments:
            if letters and letters not in values:
                values.append(letters)
    return values


def raci_findings(org: Organization) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(activity id, activity name, problem key, roles involved) for every A/R problem."""
    findings = []
    for a in org.activities:
        accountable = a.roles_with("A")
        if len(accountable) == 0:
            findings.append((a.id, a.name, "no_a", ()))
        elif len(accountable) > 1:
            findings.append((a.id, a.name, f"many_a:{len(accountable)}", accountable))
        if not a.roles_with("R"):
            findings.append((a.id, a.name, "no_r", tuple(r for r, _ in a.assignments)))
    return findings


def build_workbook(org: Organization) -> Workbook:
    """The workbook in memory (not saved): matrix, workload, checks, legend and the hidden lists."""
    labels = pick_labels(LABELS, org.lang)
    wb = Workbook()
    matrix = wb.active
    matrix.title = labels["matrix"]
    roles = org.roles_in_org_order()
    grid = _write_matrix(matrix, org, roles, labels)
    lists = wb.create_sheet(labels["lists"])
    values = scheme_values(org)
    for i, value in enumerate(values, start=1):
        lists.cell(i, 1, value)
    for i, role in enumerate(roles, start=1):  # the matrix's role columns, in order: read back on import
        _text(lists.cell(i, 2), role.id)
    lists.sheet_state = "hidden"
    if grid:
        _dropdown(matrix, grid, lists.title, values, labels)
        _letter_colours(matrix, grid)
    _write_workload(wb.create_sheet(labels["workload"], 1), org, roles, matrix.title, grid, labels)
    _write_checks(wb.create_sheet(labels["checks"], 2), org, labels)
    _write_legend(wb.create_sheet(labels["legend"], 3), org, labels)
    wb.active = 0
    when = build_time().replace(tzinfo=None)
    wb.properties.title = f"{org.name} — {labels['title']}"[:255]
    wb.properties.subject = labels["subject"]
    wb.properties.creator = "officegen"
    wb.properties.lastModifiedBy = "officegen"
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.language = org.lang
    _name_fonts(wb, org.lang)
    return wb


def _name_fonts(wb: Workbook, lang: str) -> None:
    """Give every cell font an explicit typeface, not the theme's.

    A font without a name (``Font(bold=True)``) is drawn in the viewer's fallback (a serif in
    LibreOffice), and the default font's ``scheme="minor"`` lets the theme replace the name (宋体
    for Chinese in Excel). Chinese workbooks name the East Asian font with its GB2312 charset,
    so Excel, WPS and LibreOffice all pick a Chinese face. Fonts are replaced in place: cells refer
    to them by index.
    """
    name = east_asian_font(lang) if lang == "zh-CN" else LATIN_FONT
    named = []
    for font in wb._fonts:
        font = copy(font)
        font.name, font.scheme, font.family = name, None, 2
        font.charset = 134 if lang == "zh-CN" else None
        named.append(font)
    wb._fonts = IndexedList(named)


def write_raci(org: Organization, target: str | Path) -> Path:
    """Write the workbook to ``target`` atomically and reproducibly; returns ``target``."""
    wb = build_workbook(org)
    return write_with(target, lambda tmp: save_reproducible(wb.save, tmp))


# -- the matrix ------------------------------------------------------------------------------


def _write_matrix(ws, org: Organization, roles, labels) -> str | None:
    """Write the matrix; returns the grid range (role columns x activity rows), None when empty."""
    n = len(roles)
    last_col = FIRST_COL + max(n, 1) - 1
    col_a, col_r = last_col + 1, last_col + 2
    _text(ws.cell(1, 1), f"{org.name} — {labels['title']}")
    ws.cell(1, 1).font = _TITLE
    for col, key in ((1, "id"), (2, "activity"), (col_a, "count_a"), (col_r, "count_r")):
        cell = ws.cell(3, col, labels[key])
        cell.font, cell.fill, cell.alignment, cell.border = _BOLD, _HEAD_FILL, _CENTER, _BORDER
    rotate = n > ROTATE_ABOVE
    column = {}
    header_pt = 48.0
    if rotate:  # one line up the column for every title, as tall as the longest needs (capped)
        header_pt = min(MAX_ROTATED_PT, max(60.0, *(rotated_length(r.title) for r in roles)))
    for j, role in enumerate(roles):
        col = FIRST_COL + j
        column[role.id] = col
        cell = ws.cell(3, col)
        _text(cell, role.title)
        cell.font, cell.fill, cell.border = _BOLD, _HEAD_FILL, _BORDER
        cell.alignment = _ROTATED if rotate else _CENTER
        if rotate:  # a title longer than the row: side by side lines, the column wide enough for them all
            lines = min(4, -(-rotated_length(role.title) // header_pt))
            width = 5.5 + (lines - 1) * ROTATED_LINE_WIDTH
        else:
            width, lines = header_width(role.title)
            header_pt = max(header_pt, LINE_PT * lines + 6)
        ws.column_dimensions[get_column_letter(col)].width = width
    # department headers, merged over each department's run of columns; a name that would not
    # fit on two lines across its columns (a one-role department among rotated titles) is rotated
    start = 0
    dept_height = 30.0 if not rotate else 45.0
    while start < n:
        dept = roles[start].department_id
        end = start
        while end + 1 < n and roles[end + 1].department_id == dept:
            end += 1
        cell = ws.cell(2, FIRST_COL + start)
        name = org.departments[dept].name
        _text(cell, name)
        span = sum(ws.column_dimensions[get_column_letter(FIRST_COL + j)].width for j in range(start, end + 1))
        room = span - 1.5  # bold, and the cell's padding
        # a Latin word wider than its columns would be broken inside: turned too
        turned = len(wrap(name, room)) > 2 or any(text_width(word) > room for word in name.split() if word.isascii())
        cell.font, cell.fill, cell.border = _BOLD, _HEAD_FILL, _BORDER
        cell.alignment = _ROTATED if turned else _CENTER
        if turned:
            dept_height = max(dept_height, min(MAX_HEADER_PT, _two_line_width(name) * 6.5 + 12))
        if end > start:
            ws.merge_cells(start_row=2, start_column=FIRST_COL + start, end_row=2, end_column=FIRST_COL + end)
        start = end + 1
    ws.row_dimensions[2].height = dept_height
    ws.row_dimensions[3].height = header_pt

    row = FIRST_ROW
    first_activity = None
    names: list[tuple[int, str]] = []
    name_width = text_width(labels["activity"])
    id_width = text_width(labels["id"])
    last = get_column_letter(last_col)
    first = get_column_letter(FIRST_COL)
    for process, activities in org.processes:
        head = ws.cell(row, 1)
        _text(head, process or labels["process_none"])
        head.font = _BOLD
        for col in (1, 2):
            ws.cell(row, col).fill = _PROCESS_FILL
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        row += 1
        for activity in activities:
            first_activity = first_activity or row
            _text(ws.cell(row, 1), activity.id)
            ws.cell(row, 1).alignment = _MIDDLE
            name = ws.cell(row, 2)
            _text(name, activity.name)
            name.alignment = _WRAP
            id_width = max(id_width, text_width(activity.id))
            name_width = max(name_width, text_width(activity.name))
            names.append((row, activity.name))
            for role_id, letters in activity.assignments:
                if letters and role_id in column:
                    cell = ws.cell(row, column[role_id], letters)
                    cell.alignment = _CENTER
            span = f"{first}{row}:{last}{row}"
            ws.cell(row, col_a, f'{ACTIVITY_FORMULA}{span},"*A*")').alignment = _CENTER
            ws.cell(row, col_r, f'{ACTIVITY_FORMULA}{span},"*R*")').alignment = _CENTER
            ws.row_dimensions[row].outline_level = 1
            row += 1
    last_row = row - 1
    ws.sheet_properties.outlinePr.summaryBelow = False
    ws.column_dimensions["A"].width = min(16, max(6, id_width + 2))
    ws.column_dimensions["B"].width = min(60, max(16, name_width + 2))
    _fit_row_heights(ws, names, ws.column_dimensions["B"].width - 2)
    for col in (col_a, col_r):
        ws.column_dimensions[get_column_letter(col)].width = 8
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_COL)
    # rows a user types below the matrix (new activities) get the checks, dropdowns and colours too;
    # their counts stay blank until the row has a name or letters (a process header typed in
    # column A alone is not flagged as an activity without A and R)
    end = last_row + SPARE_ROWS if first_activity is not None and roles else last_row
    for r in range(last_row + 1, end + 1):
        span = f"{first}{r}:{last}{r}"
        for col, letter in ((col_a, "A"), (col_r, "R")):
            ws.cell(r, col, f'{SPARE_FORMULA}$B{r},{span})=0,"",COUNTIF({span},"*{letter}*"))').alignment = _CENTER
    ws.auto_filter.ref = f"A3:{get_column_letter(col_r)}{max(end, 3)}"
    ws.print_title_rows = "1:3"
    ws.print_title_cols = "A:B"
    ws.print_area = f"A1:{get_column_letter(col_r)}{max(end, 3)}"  # the spare rows print too
    _landscape_one_page_wide(ws)
    if first_activity is None or not roles:
        return None
    grid = f"{first}{FIRST_ROW}:{last}{end}"
    # the live checks: highlighted when A is not exactly one, or R is zero
    bad = DifferentialStyle(fill=_fill("FFC7CE"), font=Font(color="9C0006", bold=True))
    a_col, r_col = get_column_letter(col_a), get_column_letter(col_r)
    ws.conditional_formatting.add(
        f"{a_col}{FIRST_ROW}:{a_col}{end}",
        Rule(type="expression", dxf=bad, formula=[f"AND(ISNUMBER({a_col}{FIRST_ROW}),{a_col}{FIRST_ROW}<>1)"]),
    )
    ws.conditional_formatting.add(
        f"{r_col}{FIRST_ROW}:{r_col}{end}",
        Rule(type="expression", dxf=bad, formula=[f"AND(ISNUMBER({r_col}{FIRST_ROW}),{r_col}{FIRST_ROW}=0)"]),
    )
    return grid


def _two_line_width(text: str) -> float:
    """The width of the longer line when ``text`` is wrapped on (at most) two lines: a turned
    header gets two lines across its column, and a row only as tall as the longer one."""
    width = max(text_width(text) / 2, *(text_width(word) for word in text.split() or [text]))
    while len(wrap(text, width)) > 2:
        width += 1
    return width


def _fit_row_heights(ws, names: list[tuple[int, str]], width: float) -> None:
    """Give rows whose activity name wraps the height of its lines: Excel does not grow a row for
    wrapped text it did not type itself, and LibreOffice does not either when converting."""
    for row, name in names:
        if text_width(name) <= width and "\n" not in name:
            continue
        lines = max(1, len(wrap(name, width, cell_width)))
        if lines > 1:
            ws.row_dimensions[row].height = min(409, LINE_PT * lines + 2)


def _bold_width(text: str) -> float:
    """Width in column units of bold header text, measured for the widest face the workbook may be
    shown in (Microsoft YaHei's Latin letters are wider than Calibri's, bold wider still)."""
    return cell_width(text) * 1.25


def header_width(title: str) -> tuple[float, int]:
    """Column width for an unrotated title and its number of lines: the narrowest width (7 to
    HEADER_WIDTH_MAX) at which it wraps on two lines without breaking a Latin run such as
    ``（IQC/IPQC/OQC）`` inside; a longer title gets the widest column and as many lines as it needs."""
    for width in range(7, HEADER_WIDTH_MAX + 1):
        lines = wrap(title, width - 2, _bold_width)
        if (
            len(lines) <= 2
            and not _breaks_a_word(title, lines)
            and all(_bold_width(line) <= width - 2 for line in lines)
        ):
            return float(width), len(lines)
    return float(HEADER_WIDTH_MAX), len(wrap(title, HEADER_WIDTH_MAX - 2, _bold_width))


def _breaks_a_word(title: str, lines: list[str]) -> bool:
    """Whether wrapping cut a Latin word (a run without spaces) in two."""
    words = re.findall(r"[!-~]+", title)  # runs of Latin letters, digits and marks
    return any(not any(word in line for line in lines) for word in words)


def rotated_length(title: str) -> float:
    """Points a bold 11-point title needs along a rotated header: CJK an em each, Latin letters
    measured for the widest face the workbook may be shown in (Microsoft YaHei's Latin is ~20% wider
    than Calibri's), plus the cell's padding."""
    wide = sum(1 for ch in title if char_width(ch) == 2)
    latin = em_width(title) - wide
    return round((wide + latin * 1.25) * 11 * 1.08 + 14, 1)


def _landscape_one_page_wide(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _dropdown(ws, grid: str, lists_title: str, values: list[str], labels) -> None:
    source = f"{quote_sheetname(lists_title)}!$A$1:$A${len(values)}"
    dv = DataValidation(
        type="list",
        formula1=f"={source}",
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=labels["error_title"],
        error=labels["error"].format(values=", ".join(values))[:255],
        promptTitle=labels["prompt_title"],
        prompt=labels["prompt"][:255],
    )
    dv.add(grid)
    ws.add_data_validation(dv)


def _letter_colours(ws, grid: str) -> None:
    top_left = grid.split(":")[0]
    for letter, (fill, font) in COLOURS.items():
        style = DifferentialStyle(fill=_fill(fill), font=Font(color=font, bold=letter == "A"))
        rule = Rule(
            type="containsText",
            operator="containsText",
            text=letter,
            dxf=style,
            stopIfTrue=True,
            formula=[f'NOT(ISERROR(SEARCH("{letter}",{top_left})))'],
        )
        ws.conditional_formatting.add(grid, rule)


# -- the other sheets --------------------------------------------------------------------------


def _header(ws, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row, col, name)
        cell.font, cell.fill, cell.alignment, cell.border = _BOLD, _HEAD_FILL, _CENTER, _BORDER


def _write_workload(ws, org: Organization, roles, matrix_title: str, grid: str | None, labels) -> None:
    letters = [c for c in "RASCI" if c in org.scheme_letters]
    _header(
        ws, 1, [labels["role"], labels["department"], labels["manager"], labels["headcount"], *letters, labels["load"]]
    )
    sheet = quote_sheetname(matrix_title)
    last_row = int("".join(ch for ch in grid.split(":")[1] if ch.isdigit())) if grid else FIRST_ROW
    widths = [text_width(labels["role"]), text_width(labels["department"]), text_width(labels["manager"])]
    for i, role in enumerate(roles):
        row = i + 2
        manager = org.manager_of(role.id)
        values = [role.title, org.departments[role.department_id].name, manager.title if manager else ""]
        for col, value in enumerate(values, start=1):
            _text(ws.cell(row, col), value)
            widths[col - 1] = max(widths[col - 1], text_width(value))
        ws.cell(row, 4, role.headcount)
        col_letter = get_column_letter(FIRST_COL + i)
        for k, letter in enumerate(letters):
            ws.cell(row, 5 + k, f'=COUNTIF({sheet}!{col_letter}${FIRST_ROW}:{col_letter}${last_row},"*{letter}*")')
        r_cell = get_column_letter(5 + letters.index("R")) + str(row)
        a_cell = get_column_letter(5 + letters.index("A")) + str(row)
        ws.cell(row, 5 + len(letters), f"={r_cell}+{a_cell}")
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(40, max(8, width + 2))
    load_col = get_column_letter(5 + len(letters))
    ws.column_dimensions[load_col].width = 11
    last = len(roles) + 1
    if roles:
        heavy = DifferentialStyle(fill=_fill("FFC7CE"), font=Font(color="9C0006", bold=True))
        ws.conditional_formatting.add(
            f"{load_col}2:{load_col}{last}",
            Rule(type="top10", rank=10, percent=True, dxf=heavy),
        )
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{load_col}{max(last, 1)}"
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{load_col}{max(last, 1)}"
    _landscape_one_page_wide(ws)


def _write_checks(ws, org: Organization, labels) -> None:
    _text(ws.cell(1, 1), labels["checks_note"])
    _header(ws, 2, [labels["id"], labels["activity"], labels["problem"], labels["roles"]])
    findings = raci_findings(org)
    if not findings:
        _text(ws.cell(3, 1), labels["all_well"])
    widths = [8, 16, 24, 16]
    for row, (aid, name, key, roles) in enumerate(findings, start=3):
        if key.startswith("many_a"):
            problem = labels["many_a"].format(n=key.split(":")[1])
        else:
            problem = labels[key]
        involved = "、".join if org.lang == "zh-CN" else ", ".join
        titles = involved(org.roles[r].title for r in roles) if roles else labels["none"]
        for col, value in enumerate((aid, name, problem, titles), start=1):
            _text(ws.cell(row, col), value)
            ws.cell(row, col).alignment = _WRAP
            widths[col - 1] = max(widths[col - 1], min(60, text_width(value) + 2))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    end = max(len(findings) + 2, 3)
    ws.print_area = f"A1:D{end}"
    ws.print_title_rows = "2:2"
    _landscape_one_page_wide(ws)


def _write_legend(ws, org: Organization, labels) -> None:
    meanings = pick_labels(MEANINGS, org.lang)
    _header(ws, 1, [labels["letter"], labels["meaning"], labels["explanation"]])
    letters = [c for c in "RASCI" if c in org.scheme_letters]
    for row, letter in enumerate(letters, start=2):
        meaning, explanation = meanings[letter]
        fill, font = COLOURS[letter]
        cell = ws.cell(row, 1, letter)
        cell.fill, cell.font, cell.alignment = _fill(fill), Font(color=font, bold=True), _CENTER
        ws.cell(row, 2, meaning)
        ws.cell(row, 3, explanation).alignment = _WRAP
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 60
    ws.print_area = f"A1:C{len(letters) + 1}"
