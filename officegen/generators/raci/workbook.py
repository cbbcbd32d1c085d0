"""The RACI workbook: a matrix a project manager keeps editing, with checks that stay live.

Everything that must keep working after a user's edits is expressed in the workbook itself, not
precomputed: letters are colour-coded by conditional formats over the whole grid, the A and R
counts are COUNTIF formulas, the workload sheet counts against the matrix columns, and the
dropdown lists its values from a hidden sheet (an inline list is capped at 255 characters).

Only cells that hold something are written: an empty grid cell costs nothing, so a 3,000 x
2,000 matrix costs what its assignments cost. Styles are created once and shared. The package is
written by ``office.xlsx`` (each cell's XML made as it is set), at close to the cost of deflating
that XML; openpyxl is only needed to read workbooks back (``import-raci``).
"""

from __future__ import annotations

import re
from pathlib import Path

from officegen.definition.model import CELL_ORDER, Organization
from officegen.generators.raci.layout import ACTIVITY_FORMULA, FIRST_COL, FIRST_ROW, LABELS, SPARE_FORMULA, SPARE_ROWS
from officegen.i18n import is_chinese, join_list, pick_labels
from officegen.office import xlsx
from officegen.office.atomic import write_with
from officegen.office.fonts import LATIN_FONT, east_asian_font
from officegen.office.reprozip import build_time
from officegen.office.textwidth import cell_width, char_width, em_width, text_width, wrap
from officegen.office.xlsx import Alignment, Border, Fill, Font, Style, column_letter, quote_sheetname

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

ROTATE_ABOVE = 12  # more roles than this: role titles are rotated
MAX_HEADER_PT = 200  # tallest a rotated department row gets
MAX_ROTATED_PT = 300  # tallest the rotated role-title row gets; longer titles take two lines
ROTATED_LINE_WIDTH = 2.6  # column units a further rotated line needs
HEADER_WIDTH_MAX = 22  # widest an unrotated role column gets
LINE_PT = 16  # a line of 11-point text: Calibri needs 15, the CJK fonts a little more

_BORDER = Border("A6A6A6")
_BOLD = Font(bold=True)
_HEAD_FILL = Fill("D9E1F2")
_PROCESS_FILL = Fill("EDEDED")
_CENTER = Alignment(horizontal="center", vertical="center", wrap=True)
_ROTATED = Alignment(horizontal="center", vertical="bottom", rotation=90, wrap=True)
_WRAP = Alignment(vertical="center", wrap=True)
_MIDDLE = Alignment(vertical="center")

TITLE = Style(Font(bold=True, size=14))
HEADER = Style(_BOLD, _HEAD_FILL, _BORDER, _CENTER)
HEADER_ROTATED = Style(_BOLD, _HEAD_FILL, _BORDER, _ROTATED)
PROCESS = Style(_BOLD, _PROCESS_FILL)
PROCESS_FILL = Style(fill=_PROCESS_FILL)
CENTER = Style(alignment=_CENTER)
WRAP = Style(alignment=_WRAP)
MIDDLE = Style(alignment=_MIDDLE)


def _text(ws: xlsx.Sheet, row: int, col: int, value: str, style: Style = xlsx.PLAIN) -> None:
    """Store ``value`` as text, never as a formula, whatever it starts with (an empty text: no cell)."""
    if value:
        ws.text(row, col, value, style)


def scheme_values(org: Organization) -> list[str]:
    """The dropdown's values: the scheme's letters, AR, and every combination the definition uses."""
    values = sorted(org.scheme_letters, key=CELL_ORDER.index) + ["AR"]
    for activity in org.activities:
        for _, letters in activity.assignments:
            if letters and letters not in values:
                values.append(letters)
    return values


def build_workbook(org: Organization) -> xlsx.Workbook:
    """The workbook in memory (not saved): matrix, workload, checks, legend and the hidden lists.

    Every cell font names its typeface, never the theme's: a font without a name is drawn in the
    viewer's fallback (a serif in LibreOffice), and a theme font lets Excel replace the name (宋体
    for Chinese). Chinese workbooks name the East Asian font with its GB2312 charset, so Excel, WPS
    and LibreOffice all pick a Chinese face.
    """
    labels = pick_labels(LABELS, org.lang)
    zh = is_chinese(org.lang)
    wb = xlsx.Workbook(east_asian_font(org.lang) if zh else LATIN_FONT, charset=134 if zh else None)
    matrix = wb.sheet(labels["matrix"])
    roles = org.roles_in_org_order()
    grid = _write_matrix(matrix, org, roles, labels)
    lists = wb.sheet(labels["lists"])
    values = scheme_values(org)
    for i, value in enumerate(values, start=1):
        _text(lists, i, 1, value)
    for i, role in enumerate(roles, start=1):  # the matrix's role columns, in order: read back on import
        _text(lists, i, 2, role.id)
    lists.hidden = True
    if grid:
        _dropdown(matrix, grid, lists.title, values, labels)
        _letter_colours(matrix, grid)
    _write_workload(wb.sheet(labels["workload"], 1), org, roles, matrix.title, grid, labels)
    _write_checks(wb.sheet(labels["checks"], 2), org, labels)
    _write_legend(wb.sheet(labels["legend"], 3), org, labels)
    wb.properties.title = f"{org.name} — {labels['title']}"[:255]
    wb.properties.subject = labels["subject"]
    wb.properties.creator = "officegen"
    wb.properties.language = org.lang
    return wb


def save_workbook(wb: xlsx.Workbook, target: Path) -> None:
    """Write ``wb`` to ``target`` with every timestamp the build time (``SOURCE_DATE_EPOCH``)."""
    with open(target, "wb") as fh:
        wb.save(fh, build_time())


def write_raci(org: Organization, target: str | Path) -> Path:
    """Write the workbook to ``target`` atomically and reproducibly; returns ``target``."""
    wb = build_workbook(org)
    return write_with(target, lambda tmp: save_workbook(wb, tmp))


# -- the matrix ------------------------------------------------------------------------------


def _write_matrix(ws: xlsx.Sheet, org: Organization, roles, labels) -> str | None:
    """Write the matrix; returns the grid range (role columns x activity rows), None when empty."""
    n = len(roles)
    last_col = FIRST_COL + max(n, 1) - 1
    col_a, col_r = last_col + 1, last_col + 2
    _text(ws, 1, 1, f"{org.name} — {labels['title']}", TITLE)
    for col, key in ((1, "id"), (2, "activity"), (col_a, "count_a"), (col_r, "count_r")):
        _text(ws, 3, col, labels[key], HEADER)
    rotate = n > ROTATE_ABOVE
    column = {}
    header_pt = 48.0
    if rotate:  # one line up the column for every title, as tall as the longest needs (capped)
        lengths = [rotated_length(r.title) for r in roles]
        header_pt = min(MAX_ROTATED_PT, max(60.0, *lengths))
    for j, role in enumerate(roles):
        col = FIRST_COL + j
        column[role.id] = col
        _text(ws, 3, col, role.title, HEADER_ROTATED if rotate else HEADER)
        if rotate:  # a title longer than the row: side by side lines, the column wide enough for them all
            lines = min(4, -(-lengths[j] // header_pt))
            width = 5.5 + (lines - 1) * ROTATED_LINE_WIDTH
        else:
            width, lines = header_width(role.title)
            header_pt = max(header_pt, LINE_PT * lines + 6)
        ws.column_width(col, width)
    # department headers, merged over each department's run of columns; a name that would not
    # fit on two lines across its columns (a one-role department among rotated titles) is rotated
    start = 0
    dept_height = 30.0 if not rotate else 45.0
    while start < n:
        dept = roles[start].department_id
        end = start
        while end + 1 < n and roles[end + 1].department_id == dept:
            end += 1
        name = org.departments[dept].name
        across = sum(ws.width_of(FIRST_COL + j) for j in range(start, end + 1))
        room = across - 1.5  # bold, and the cell's padding
        # a Latin word wider than its columns would be broken inside: turned too
        turned = len(wrap(name, room)) > 2 or any(text_width(word) > room for word in name.split() if word.isascii())
        _text(ws, 2, FIRST_COL + start, name, HEADER_ROTATED if turned else HEADER)
        if turned:
            dept_height = max(dept_height, min(MAX_HEADER_PT, _two_line_width(name) * 6.5 + 12))
        if end > start:
            ws.merge(f"{column_letter(FIRST_COL + start)}2:{column_letter(FIRST_COL + end)}2")
        start = end + 1
    ws.row_height(2, dept_height)
    ws.row_height(3, header_pt)

    row = FIRST_ROW
    first_activity = None
    names: list[tuple[int, str]] = []
    name_width = text_width(labels["activity"])
    id_width = text_width(labels["id"])
    last = column_letter(last_col)
    first = column_letter(FIRST_COL)
    text = ws.text
    for process, activities in org.processes:
        _text(ws, row, 1, process or labels["process_none"], PROCESS)
        ws.blank(row, 2, PROCESS_FILL)
        ws.merge(f"A{row}:B{row}")
        row += 1
        for activity in activities:
            first_activity = first_activity or row
            _text(ws, row, 1, activity.id, MIDDLE)
            _text(ws, row, 2, activity.name, WRAP)
            id_width = max(id_width, text_width(activity.id))
            name_width = max(name_width, text_width(activity.name))
            names.append((row, activity.name))
            for role_id, letters in activity.assignments:
                if letters and role_id in column:
                    text(row, column[role_id], letters, CENTER)  # _text inlined: the matrix's hot loop
            span = f"{first}{row}:{last}{row}"
            ws.formula(row, col_a, f'{ACTIVITY_FORMULA[1:]}{span},"*A*")', CENTER)
            ws.formula(row, col_r, f'{ACTIVITY_FORMULA[1:]}{span},"*R*")', CENTER)
            ws.row_outline(row, 1)
            row += 1
    last_row = row - 1
    ws.summary_below = False
    ws.column_width(1, min(16, max(6, id_width + 2)))
    ws.column_width(2, min(60, max(16, name_width + 2)))
    _fit_row_heights(ws, names, ws.width_of(2) - 2)
    for col in (col_a, col_r):
        ws.column_width(col, 8)
    ws.freeze = f"{first}{FIRST_ROW}"
    # rows a user types below the matrix (new activities) get the checks, dropdowns and colours too;
    # their counts stay blank until the row has a name or letters (a process header typed in
    # column A alone is not flagged as an activity without A and R)
    end = last_row + SPARE_ROWS if first_activity is not None and roles else last_row
    for r in range(last_row + 1, end + 1):
        span = f"{first}{r}:{last}{r}"
        for col, letter in ((col_a, "A"), (col_r, "R")):
            ws.formula(r, col, f'{SPARE_FORMULA[1:]}$B{r},{span})=0,"",COUNTIF({span},"*{letter}*"))', CENTER)
    ws.autofilter = f"A3:{column_letter(col_r)}{max(end, 3)}"
    ws.print_title_rows = "1:3"
    ws.print_title_cols = "A:B"
    ws.print_area = f"A1:{column_letter(col_r)}{max(end, 3)}"  # the spare rows print too
    _landscape_one_page_wide(ws)
    if first_activity is None or not roles:
        return None
    grid = f"{first}{FIRST_ROW}:{last}{end}"
    # the live checks: highlighted when A is not exactly one, or R is zero
    bad = ws.book.styles.dxf(Font(bold=True, color="9C0006"), Fill("FFC7CE"))
    a_col, r_col = column_letter(col_a), column_letter(col_r)
    ws.conditional(
        f"{a_col}{FIRST_ROW}:{a_col}{end}", _expression(bad, f"AND(ISNUMBER({a_col}{FIRST_ROW}),{a_col}{FIRST_ROW}<>1)")
    )
    ws.conditional(
        f"{r_col}{FIRST_ROW}:{r_col}{end}", _expression(bad, f"AND(ISNUMBER({r_col}{FIRST_ROW}),{r_col}{FIRST_ROW}=0)")
    )
    return grid


def _expression(dxf: int, formula: str) -> str:
    return (
        f'<cfRule type="expression" dxfId="{dxf}" priority="{{priority}}"><formula>{xlsx.text_xml(formula)}'
        "</formula></cfRule>"
    )


def _two_line_width(text: str) -> float:
    """The width of the longer line when ``text`` is wrapped on (at most) two lines: a turned
    header gets two lines across its column, and a row only as tall as the longer one."""
    width = max(text_width(text) / 2, *(text_width(word) for word in text.split() or [text]))
    while len(wrap(text, width)) > 2:
        width += 1
    return width


def _fit_row_heights(ws: xlsx.Sheet, names: list[tuple[int, str]], width: float) -> None:
    """Give rows whose activity name wraps the height of its lines: Excel does not grow a row for
    wrapped text it did not type itself, and LibreOffice does not either when converting."""
    for row, name in names:
        if text_width(name) <= width and "\n" not in name:
            continue
        lines = max(1, len(wrap(name, width, cell_width)))
        if lines > 1:
            ws.row_height(row, min(409, LINE_PT * lines + 2))


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


def _landscape_one_page_wide(ws: xlsx.Sheet) -> None:
    ws.landscape = True
    ws.paper_size = 9  # A4
    ws.fit_to_width = 1


def _dropdown(ws: xlsx.Sheet, grid: str, lists_title: str, values: list[str], labels) -> None:
    ws.validation(
        grid,
        f"{quote_sheetname(lists_title)}!$A$1:$A${len(values)}",
        error_title=labels["error_title"],
        error=labels["error"].format(values=", ".join(values))[:255],
        prompt_title=labels["prompt_title"],
        prompt=labels["prompt"][:255],
    )


def _letter_colours(ws: xlsx.Sheet, grid: str) -> None:
    top_left = grid.split(":")[0]
    for letter, (fill, font) in COLOURS.items():
        dxf = ws.book.styles.dxf(Font(bold=letter == "A", color=font), Fill(fill))
        ws.conditional(
            grid,
            f'<cfRule type="containsText" dxfId="{dxf}" priority="{{priority}}" stopIfTrue="1" '
            f'operator="containsText" text="{letter}"><formula>NOT(ISERROR(SEARCH("{letter}",'
            f"{top_left})))</formula></cfRule>",
        )


# -- the other sheets --------------------------------------------------------------------------


def _header(ws: xlsx.Sheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        _text(ws, row, col, name, HEADER)


def _write_workload(ws: xlsx.Sheet, org: Organization, roles, matrix_title: str, grid: str | None, labels) -> None:
    letters = list(org.scheme_letters)
    _header(
        ws, 1, [labels["role"], labels["department"], labels["manager"], labels["headcount"], *letters, labels["load"]]
    )
    sheet = quote_sheetname(matrix_title)
    last_row = int("".join(ch for ch in grid.split(":")[1] if ch.isdigit())) if grid else FIRST_ROW
    widths = [text_width(labels["role"]), text_width(labels["department"]), text_width(labels["manager"])]
    r_at, a_at = column_letter(5 + letters.index("R")), column_letter(5 + letters.index("A"))
    for i, role in enumerate(roles):
        row = i + 2
        manager = org.manager_of(role.id)
        values = [role.title, org.departments[role.department_id].name, manager.title if manager else ""]
        for col, value in enumerate(values, start=1):
            _text(ws, row, col, value)
            widths[col - 1] = max(widths[col - 1], text_width(value))
        ws.number(row, 4, role.headcount)
        col_letter = column_letter(FIRST_COL + i)
        for k, letter in enumerate(letters):
            ws.formula(row, 5 + k, f'COUNTIF({sheet}!{col_letter}${FIRST_ROW}:{col_letter}${last_row},"*{letter}*")')
        ws.formula(row, 5 + len(letters), f"{r_at}{row}+{a_at}{row}")
    for col, width in enumerate(widths, start=1):
        ws.column_width(col, min(40, max(8, width + 2)))
    load_col = column_letter(5 + len(letters))
    ws.column_width(5 + len(letters), 11)
    last = len(roles) + 1
    if roles:
        heavy = ws.book.styles.dxf(Font(bold=True, color="9C0006"), Fill("FFC7CE"))
        ws.conditional(
            f"{load_col}2:{load_col}{last}",
            f'<cfRule type="top10" dxfId="{heavy}" priority="{{priority}}" percent="1" rank="10"/>',
        )
    ws.freeze = "B2"
    ws.autofilter = f"A1:{load_col}{max(last, 1)}"
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{load_col}{max(last, 1)}"
    _landscape_one_page_wide(ws)


#: the label of each kind of A/R finding
FINDING_LABEL = {"no-accountable": "no_a", "many-accountable": "many_a", "no-responsible": "no_r"}


def _write_checks(ws: xlsx.Sheet, org: Organization, labels) -> None:
    _text(ws, 1, 1, labels["checks_note"])
    _header(ws, 2, [labels["id"], labels["activity"], labels["problem"], labels["roles"]])
    findings = org.raci_findings
    if not findings:
        _text(ws, 3, 1, labels["all_well"])
    widths = [8, 16, 24, 16]
    names = {a.id: a.name for a in org.activities}
    for row, finding in enumerate(findings, start=3):
        aid, name, roles = finding.activity_id, names[finding.activity_id], finding.roles
        problem = labels[FINDING_LABEL[finding.kind]].format(n=len(roles))
        titles = join_list((org.roles[r].title for r in roles), org.lang) if roles else labels["none"]
        for col, value in enumerate((aid, name, problem, titles), start=1):
            _text(ws, row, col, value, WRAP)
            widths[col - 1] = max(widths[col - 1], min(60, text_width(value) + 2))
    for col, width in enumerate(widths, start=1):
        ws.column_width(col, width)
    end = max(len(findings) + 2, 3)
    ws.print_area = f"A1:D{end}"
    ws.print_title_rows = "2:2"
    _landscape_one_page_wide(ws)


def _write_legend(ws: xlsx.Sheet, org: Organization, labels) -> None:
    meanings = pick_labels(MEANINGS, org.lang)
    _header(ws, 1, [labels["letter"], labels["meaning"], labels["explanation"]])
    letters = list(org.scheme_letters)
    for row, letter in enumerate(letters, start=2):
        meaning, explanation = meanings[letter]
        fill, font = COLOURS[letter]
        _text(ws, row, 1, letter, Style(Font(bold=True, color=font), Fill(fill), alignment=_CENTER))
        _text(ws, row, 2, meaning)
        _text(ws, row, 3, explanation, WRAP)
    ws.column_width(1, 8)
    ws.column_width(2, 22)
    ws.column_width(3, 60)
    ws.print_area = f"A1:C{len(letters) + 1}"
