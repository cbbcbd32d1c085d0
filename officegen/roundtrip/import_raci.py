"""Bring a project manager's edits of the RACI workbook back into the team definition.

The workbook is where the matrix lives day to day; the definition is what every document is
made from. Without a way back, regenerating the job descriptions or the deck would silently drop
the PM's edits. This reads the letters from the workbook's matrix (roles found by their column
title, or by the role ids the workbook keeps on its hidden Lists sheet when titles repeat),
compares them with the definition, and rewrites only the changed ``raci`` entries in the
definition's own text (``definition_edit``). The result is validated before anything is written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from officegen.definition.model import Organization
from officegen.definition.schema import normalise_letters
from officegen.errors import DefinitionError, InputError
from officegen.i18n import SUPPORTED_LANGS, list_separator, tr
from officegen.problems import Location, Problem, cell_location, has_errors
from officegen.roundtrip.edit_text import EditError, NewActivity, Source, edit, encode, read_sources

#: activities missing from a workbook listed one by one; more are one warning
MAX_ABSENT_LISTED = 5
_SEPARATORS = str.maketrans("", "", " \u3000\xa0/,，、+&;；|\t\r\n")


@dataclass(frozen=True)
class Change:
    """One role's letters for one activity, before and after ("" when it had none)."""

    where: Location
    activity_id: str
    activity: str
    role_id: str
    role: str
    before: str
    after: str


@dataclass(frozen=True)
class NewRow:
    """A row the user added: an activity the definition does not have yet."""

    row: int
    activity_id: str
    name: str
    process: str  # the process header above it, as shown ("" for none)
    letters: dict[str, str]


@dataclass
class Matrix:
    """What the workbook says: activity id -> {role id: letters} for the roles it shows."""

    letters: dict[str, dict[str, str]]
    shown_roles: set[str]
    problems: list[Problem]
    new: list[NewRow]
    sheet: str = ""  # the matrix sheet's name, for FILE:SHEET!CELL


#: a sheet's rows as read: (0-based row, {0-based column: value}) for the cells that hold something
Rows = list[tuple[int, dict[int, object]]]


def sheet_cells(ws) -> Iterator[tuple[int, dict[int, object]]]:
    """The cells a read-only openpyxl sheet holds, row by row: ``(row, {column: value})`` (0-based),
    only the rows and cells its XML has, with a value (formulas as ``=...`` text).

    openpyxl's own ``iter_rows`` fills every row out to the dimension the sheet declares: one cell
    at XFD1048576 (or a declared ``A1:XFD1048576``) would make a million rows of 16,384 cells. This
    streams the sheet's XML with openpyxl's parser instead, so time and memory follow the cells
    that exist."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = ws.parent
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for index, cells in parser.parse():
            row = {cell["column"] - 1: cell["value"] for cell in cells if cell["value"] is not None}
            if row:
                yield index - 1, row


def _open(path: Path) -> tuple[Rows, list, str | None, str]:
    """The workbook's matrix rows (values and formulas as text; only the cells it holds), the role
    ids it keeps on its hidden Lists sheet, its language and the matrix sheet's name. Anything wrong with the file is an
    input error naming it (``userfiles``: the one way user files are opened)."""
    from officegen.generators.raci.layout import LABELS
    from officegen.office.userfiles import EXCEL, guarded, open_workbook

    wb = open_workbook(path, read_only=True)
    with guarded(path, EXCEL):
        try:
            sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
            if not sheets:
                raise InputError(f"{path}: the workbook has no worksheet")
            rows = list(sheet_cells(sheets[0]))
            sheet = sheets[0].title
            lists = next((ws for ws in sheets if ws.title == LABELS["en"]["lists"]), None)
            kept = [row.get(1) for _, row in sheet_cells(lists)] if lists else []
            lang = wb.properties.language
        finally:
            wb.close()
    return rows, kept, (lang if lang in SUPPORTED_LANGS else None), sheet


def read_matrix(path: Path, org: Organization, opened=None) -> Matrix:
    """Read the matrix sheet (the first) of an officegen RACI workbook, as edited by its users
    (``opened``: what ``_open(path)`` returned, when the caller has it already)."""
    from officegen.generators.raci.layout import ACTIVITY_FORMULA, FIRST_COL, LABELS

    name = str(path)
    problems: list[Problem] = []
    rows, kept_ids, _, sheet = opened or _open(path)
    counts = {labels[key] for labels in LABELS.values() for key in ("count_a", "count_r")}
    ids = {labels["id"] for labels in LABELS.values()}
    header = next(
        (
            n
            for n, (r, row) in enumerate(rows)
            if r < 12 and row.get(0) in ids and any(v in counts for v in row.values())
        ),
        None,
    )
    lang = org.lang
    if header is None:
        raise InputError(
            tr(
                lang,
                f"{name}: the first sheet is not an officegen RACI matrix (no 'ID' and "
                f"'{LABELS['en']['count_a']}' columns in its header)",
                f"{name}：第一个工作表不是 officegen 的 RACI 矩阵（表头中没有“{LABELS['zh-CN']['id']}”和"
                f"“{LABELS['zh-CN']['count_a']}”列）",
            )
        )
    header_row, titles = rows[header]
    count_cols = sorted(c for c, v in titles.items() if v in counts)
    columns = _role_columns(titles, count_cols, kept_ids, org, name, sheet, header_row, FIRST_COL, problems)
    if not columns:
        raise InputError(
            tr(
                lang,
                f"{name}: none of its columns is titled like a role of the definition: "
                "is it the workbook of another team, or in another language (officegen --lang ...)?",
                f"{name}：没有一列的标题是定义中的岗位：这是另一个团队的工作簿，还是另一种语言的"
                "（officegen --lang ...）？",
            )
        )
    activities = {a.id: a for a in org.activities}
    allowed = set(org.scheme_letters)
    no_process = {labels["process_none"] for labels in LABELS.values()}
    found: dict[str, dict[str, str]] = {}
    new: list[NewRow] = []
    process = ""
    body = rows[header + 1 :]
    ids_in_workbook = {_text(row.get(0)) for _, row in body} - {""}
    in_workbook = {a.name for a in org.activities if a.id in ids_in_workbook}
    names = Counter(a.name for a in org.activities)
    by_name = {a.name: a.id for a in org.activities if names[a.name] == 1 and a.id not in ids_in_workbook}
    next_id = _id_maker([*activities, *ids_in_workbook])
    for r, row in body:
        ident = _text(row.get(0))
        title = _text(row.get(1))
        cells = {col: value for col, value in row.items() if col in columns and _text(value)}
        formula = next((str(row[c]) for c in count_cols if str(row.get(c) or "").startswith("=")), "")
        # a process header: text in A only. The spare rows carry their (blank-until-used) count
        # formulas, so a header typed into one still has a formula beside it; only the COUNTIF of a
        # row officegen wrote for an activity makes it an activity row.
        written = formula.upper().startswith(ACTIVITY_FORMULA)
        if ident and not title and not cells and not written:
            process = "" if ident in no_process else ident
            continue
        if not ident and title:
            # a row typed in without an id: the activity of that name when the definition has one
            # (a row added before and imported once), else a new activity with the next id
            ident = by_name.get(title, "") if title not in in_workbook else ""
            if not ident:
                ident = next_id()
                problems.append(
                    Problem(
                        cell_location(name, sheet, r + 1, 0),
                        "warning",
                        tr(
                            lang,
                            f"row {r + 1}: no activity id in column A; '{title}' is added as '{ident}' "
                            f"(type '{ident}' into {get_column_letter(1)}{r + 1} to keep it on the next import)",
                            f"第 {r + 1} 行：A 列没有活动编号；“{title}”作为新活动 '{ident}' 加入"
                            f"（在 {get_column_letter(1)}{r + 1} 填入 '{ident}'，下次导入时它仍是这个活动）",
                        ),
                        "import",
                    )
                )
        if not ident:
            if cells:
                problems.append(
                    Problem(
                        cell_location(name, sheet, r + 1, 0),
                        "warning",
                        tr(
                            lang,
                            f"row {r + 1}: no activity id in column A and no name in column B; the row is not imported",
                            f"第 {r + 1} 行：A 列没有活动编号，B 列也没有活动名称；该行未导入",
                        ),
                        "import",
                    )
                )
            continue
        if ident in found or any(n.activity_id == ident for n in new):
            problems.append(
                Problem(
                    cell_location(name, sheet, r + 1, 0),
                    "error",
                    tr(
                        lang,
                        f"row {r + 1}: activity '{ident}' appears twice in the matrix",
                        f"第 {r + 1} 行：活动 '{ident}' 在矩阵中出现了两次",
                    ),
                    "import",
                )
            )
            continue
        letters = _letters(cells, columns, org, allowed, ident, name, sheet, r, problems)
        if ident in activities:
            found[ident] = letters
        elif written:  # a row officegen wrote: the activity has left the definition
            problems.append(
                Problem(
                    cell_location(name, sheet, r + 1, 0),
                    "warning",
                    tr(
                        lang,
                        f"row {r + 1}: activity '{ident}' is no longer in the definition (renamed or "
                        "deleted since the workbook was made); not added back",
                        f"第 {r + 1} 行：活动 '{ident}' 已不在定义中（工作簿生成后被改名或删除）；不会重新加入",
                    ),
                    "import",
                )
            )
        elif not title:
            problems.append(
                Problem(
                    cell_location(name, sheet, r + 1, 1),
                    "warning",
                    tr(
                        lang,
                        f"row {r + 1}: new activity '{ident}' has no name in column B; not imported",
                        f"第 {r + 1} 行：新活动 '{ident}' 在 B 列没有名称；未导入",
                    ),
                    "import",
                )
            )
        else:
            new.append(NewRow(r + 1, ident, title, process, letters))
    if activities and not found:
        raise InputError(
            tr(
                lang,
                f"{name}: none of its activity ids is in the definition: is it the workbook of another team?",
                f"{name}：它的活动编号都不在定义中：这是另一个团队的工作簿吗？",
            )
        )
    absent = [ident for ident in activities if ident not in found]
    if len(absent) > MAX_ABSENT_LISTED:  # a workbook of one department (raci --department), most likely
        problems.append(
            Problem(
                Location(name),
                "warning",
                tr(
                    lang,
                    f"{len(absent)} activities are not in the workbook (e.g. '{absent[0]}'): a workbook "
                    "of part of the organisation? Their letters are left as they are",
                    f"{len(absent)} 个活动不在工作簿中（如 '{absent[0]}'）：这是组织中一部分的工作簿？"
                    "它们的 RACI 保持不变",
                ),
                "import",
            )
        )
    else:
        for ident in absent:
            problems.append(
                Problem(
                    Location(name),
                    "warning",
                    tr(
                        lang,
                        f"activity '{ident}' is not in the workbook; its letters are left as they are",
                        f"活动 '{ident}' 不在工作簿中；它的 RACI 保持不变",
                    ),
                    "import",
                )
            )
    return Matrix(found, set(columns.values()), problems, new, sheet)


def _id_maker(taken: Iterable[str]) -> Callable[[], str]:
    """Ids for rows added without one: the next number in the definition's own pattern (act-054
    after act-053), never one the definition or the workbook has."""
    used = set(taken)
    counts: Counter[tuple[str, int]] = Counter()
    top: dict[tuple[str, int], int] = {}
    for ident in used:
        m = re.fullmatch(r"(.*?)(\d+)", ident)
        if m:
            key = (m.group(1), len(m.group(2)))
            counts[key] += 1
            top[key] = max(top.get(key, 0), int(m.group(2)))
    prefix, width = max(counts, key=lambda k: (counts[k], k)) if counts else ("act-", 3)
    n = top.get((prefix, width), 0)

    def make() -> str:
        nonlocal n
        while True:
            n += 1
            ident = f"{prefix}{n:0{width}d}"
            if ident not in used:
                used.add(ident)
                return ident

    return make


def _role_columns(titles, count_cols, kept_ids, org, name, sheet, header, first_col, problems) -> dict[int, str]:
    """Column index -> role id, by title; where titles repeat, by the ids the workbook keeps, but
    only while its role columns are still the ones it was written with (none moved or removed)."""
    by_title: dict[str, list[str]] = {}
    for role in org.roles.values():
        by_title.setdefault(role.title, []).append(role.id)
    role_cols = sorted(i for i in titles if i >= first_col - 1 and i not in count_cols)
    kept = [k for k in kept_ids if k]
    unmoved = len(kept) == len(role_cols) and all(
        k in org.roles and org.roles[k].title == str(titles[i]) for k, i in zip(kept, role_cols)
    )
    columns: dict[int, str] = {}
    taken: set[str] = set()
    lang = org.lang
    for n, i in enumerate(role_cols):
        title = str(titles[i])
        candidates = by_title.get(title, [])
        if len(candidates) == 1:
            role_id = candidates[0]
        elif candidates and unmoved:
            role_id = kept[n]
        else:
            why = (
                tr(
                    lang,
                    "several roles have this title and columns were moved, so which is which is unknown",
                    "有几个岗位同名，而列被移动过，分不清哪列是哪个岗位",
                )
                if candidates
                else tr(lang, "no role in the definition has this title", "定义中没有这个名称的岗位")
            )
            problems.append(
                Problem(
                    cell_location(name, sheet, header + 1, i),
                    "warning",
                    tr(
                        lang,
                        f"column {get_column_letter(i + 1)} '{title}': {why}; its letters are not imported",
                        f"第 {get_column_letter(i + 1)} 列“{title}”：{why}；该列的字母未导入",
                    ),
                    "import",
                )
            )
            continue
        if role_id in taken:  # a set: 10,000 role columns looked up in the dict's values was quadratic
            raise InputError(
                tr(
                    lang,
                    f"{name}: column {get_column_letter(i + 1)} '{title}' is a second column for the "
                    "same role; remove one of them",
                    f"{name}：第 {get_column_letter(i + 1)} 列“{title}”是同一岗位的第二列；请删掉其中一列",
                )
            )
        columns[i] = role_id
        taken.add(role_id)
    return columns


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _letters(cells, columns, org, allowed, ident, name, sheet, r, problems) -> dict[str, str]:
    """A row's letters by role, normalised ("a/r" -> "AR"); a cell with other letters is a problem."""
    letters: dict[str, str] = {}
    for col, value in cells.items():
        text = str(value).translate(_SEPARATORS).upper()
        wrong = sorted(set(text) - allowed)
        if wrong:
            problems.append(
                Problem(
                    cell_location(name, sheet, r + 1, col),
                    "error",
                    tr(
                        org.lang,
                        f"cell {get_column_letter(col + 1)}{r + 1} ({ident}, {org.roles[columns[col]].title}): "
                        f"'{value}' is not made of {', '.join(org.scheme_letters)}",
                        f"单元格 {get_column_letter(col + 1)}{r + 1}（{ident}，{org.roles[columns[col]].title}）："
                        f"“{value}”不是由 {'、'.join(org.scheme_letters)} 组成的",
                    ),
                    "import",
                )
            )
            continue
        letters[columns[col]] = normalise_letters(text)
    return letters


@dataclass
class FileEdits:
    raci: dict[str, dict[str, str]] = field(default_factory=dict)  # activity id -> wanted letters by role
    added: list[NewActivity] = field(default_factory=list)


def plan(
    org: Organization, matrix: Matrix, sources: list[Source], workbook: Path = Path("raci.xlsx")
) -> tuple[list[Change], dict[Path, FileEdits]]:
    """The changes, and per file what to edit (for ``definition_edit``)."""
    site_of = {aid: (source, site) for source in sources for aid, site in source.sites.items()}
    changes: list[Change] = []
    per_file: dict[Path, FileEdits] = {}
    for activity in org.activities:
        if activity.id not in matrix.letters or activity.id not in site_of:
            continue
        source, site = site_of[activity.id]
        written = site.letters()  # as in the file (the source of truth for order and spelling)
        new = matrix.letters[activity.id]
        wanted: dict[str, str] = {}
        changed = False
        for role_id, letters in written.items():
            if role_id not in matrix.shown_roles:  # a column the workbook no longer shows: keep
                wanted[role_id] = letters
            elif role_id in new and set(new[role_id]) == set(letters.upper()):
                wanted[role_id] = letters
            elif role_id in new:
                wanted[role_id] = new[role_id]
                changed = True
                changes.append(_change(org, activity, role_id, letters, new[role_id], site.location(role_id)))
            elif letters.strip():
                changed = True
                changes.append(_change(org, activity, role_id, letters, "", site.location(role_id)))
            else:  # an empty entry the workbook also leaves empty
                wanted[role_id] = letters
        for role_id, letters in new.items():
            if role_id not in written:
                wanted[role_id] = letters
                changed = True
                changes.append(_change(org, activity, role_id, "", letters, site.location()))
        if changed:
            per_file.setdefault(source.path, FileEdits()).raci[activity.id] = wanted
    _plan_new(org, matrix, sources, site_of, changes, per_file, workbook)
    return changes, per_file


def _plan_new(org, matrix: Matrix, sources, site_of, changes, per_file, workbook: Path) -> None:
    """New rows go after the last activity of their process (in its file), so the next workbook
    shows them where the user put them; a new process goes after the last activity of all."""
    last_of = {a.process: a.id for a in org.activities if a.id in site_of}
    last = org.activities[-1].id if org.activities and org.activities[-1].id in site_of else None
    home = next((src for src in sources if src.activities is not None), sources[0] if sources else None)
    for row in matrix.new:
        anchor_id = last_of.get(row.process, last)
        source, site = site_of[anchor_id] if anchor_id else (home, None)
        if source is None:
            continue
        known = row.process in last_of and site is not None
        process = site.process if site is not None and known and row.process else (row.process or None)
        per_file.setdefault(source.path, FileEdits()).added.append(
            NewActivity(row.activity_id, row.name, process, row.letters, site)
        )
        summary = list_separator(org.lang).join(f"{org.roles[r].title} {x}" for r, x in row.letters.items()) or "—"
        changes.append(
            Change(
                cell_location(str(workbook), matrix.sheet, row.row, 0)
                if matrix.sheet
                else Location(str(workbook), row.row, 1),
                row.activity_id,
                row.name,
                "",
                "",
                "",
                tr(
                    org.lang,
                    f"new activity{' in ' + row.process if row.process else ''}: {summary}",
                    f"新活动{'（' + row.process + '）' if row.process else ''}：{summary}",
                ),
            )
        )


def _differs(org: Organization, matrix: Matrix) -> bool:
    """Whether the workbook says anything the model does not (letters compared as sets)."""
    if matrix.new:
        return True
    for activity in org.activities:
        new = matrix.letters.get(activity.id)
        if new is None:
            continue
        current = {r: set(x.upper()) for r, x in activity.assignments if x and r in matrix.shown_roles}
        if current != {r: set(x) for r, x in new.items()}:
            return True
    return False


def _change(org, activity, role_id, before, after, where) -> Change:
    return Change(where, activity.id, activity.name, role_id, org.roles[role_id].title, before, after)


def apply(
    team: Path,
    sources: list[Source],
    per_file: dict[Path, FileEdits],
    *,
    strict: bool,
    write: bool,
    say: str = "en",
) -> tuple[list[Path], list[Problem]]:
    """Edit the files' text, validate the edited definition as a whole, then (``write``) replace the
    changed files atomically; returns them and the edited definition's warnings (said in ``say``).
    Raises DefinitionError, naming the real files, when it would be invalid."""
    from officegen.definition.validator import item_name
    from officegen.office.atomic import write_all
    from officegen.roundtrip.trial import trial_check

    edited = {}
    for source in sources:
        if source.path in per_file:
            todo = per_file[source.path]
            try:
                edited[source.path] = encode(source, edit(source, todo.raci, todo.added))
            except EditError as exc:
                raise InputError(str(exc)) from None  # the definition is written in a way the editor does not change
    if not edited:
        return [], []
    # notes of the definition as a whole are validate's business; those of the new activities
    # (a name in one language only, say) are news to the user
    added = [item_name("activities", {"id": a.activity_id}, say) for todo in per_file.values() for a in todo.added]

    def about_added(message: str) -> bool:  # "activity 'a9' (name): ..." or 活动“a9”（名称）：...
        return any(message.startswith(name) and message[len(name) : len(name) + 1] in " :（：" for name in added)

    after = tr(say, " (after the import)", "（导入之后）")
    problems = [
        p
        for p in trial_check(team, edited, strict=strict, note=after, say=say)
        if p.severity != "note" or about_added(p.message)
    ]
    if has_errors(problems):
        raise DefinitionError(tuple(problems), say)
    if write:
        write_all(edited)
    return list(edited), problems


def import_raci(workbook: Path, team: Path, *, strict: bool = False, write: bool = True, lang: str | None = None):
    """Read ``workbook``, change ``team``'s RACI to match; returns (changes, files written, problems,
    the language they are said in: the definition's, as the workbook's titles are).

    Problems found in the workbook are returned (warnings) or raised (errors, DefinitionError):
    nothing is written when the workbook holds a letter outside the scheme or the edited
    definition would not validate.
    """
    from officegen.definition import load_organization

    opened = _open(workbook)
    org, _ = load_organization(team, lang=lang or opened[2])  # titles in the workbook's language
    matrix = read_matrix(workbook, org, opened)
    if has_errors(matrix.problems):
        raise DefinitionError(tuple(matrix.problems))
    if not _differs(org, matrix):  # the usual case after a look without edits: no need to read the text
        return [], [], matrix.problems, org.lang
    sources, problems = read_sources(team)
    if problems:
        raise DefinitionError(tuple(problems))
    changes, per_file = plan(org, matrix, sources, workbook)
    written, warnings = apply(team, sources, per_file, strict=strict, write=write, say=org.lang)
    return changes, written, matrix.problems + warnings, org.lang
