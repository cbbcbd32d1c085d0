"""Start from the roster HR already has: read an employee list (.xlsx or .csv, as HR systems and
org-chart tools export it) and write a team definition, or update an existing one in place.

The steps are modules: ``table`` (reading, header finding), ``columns`` (what each column holds,
presets, ``--map``), ``people`` (rows -> people, managers resolved, every problem with its cell),
``structure`` (people -> departments, roles, reporting lines), ``write`` (a new definition's text)
and ``update`` (next month's roster into an existing definition, edited in place).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from officegen.errors import DefinitionError, OutputError
from officegen.i18n import CHINESE, is_chinese, tr
from officegen.problems import Location, Problem, has_errors, sort_problems
from officegen.roundtrip.roster.columns import (
    MapError,
    Preset,
    known,
    needed_message,
    parse_map,
    preset_named,
    recognise,
)
from officegen.roundtrip.roster.people import read_people
from officegen.roundtrip.roster.structure import Draft, build_draft
from officegen.roundtrip.roster.table import RosterError, open_table

__all__ = ["RosterError", "MapError", "Imported", "read_roster", "new_definition"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class Imported:
    """What an import did: the draft organisation, the definition's text, the warnings, the file."""

    draft: Draft
    text: str
    problems: list[Problem] = field(default_factory=list)
    written: Path | None = None

    def summary(self, output: Path, dry_run: bool) -> str:
        d = self.draft
        vacant = sum(r.headcount for r in d.roles) - len(d.people)
        source = describe_source(d)
        if is_chinese(d.lang):
            text = (
                f"{output}：{len(d.departments)} 个部门，{len(d.roles)} 个岗位，在岗 {len(d.people)} 人，"
                f"空缺 {vacant} 个（来自 {source}）"
            )
            return text + ("（试运行：未写入）" if dry_run else f"\n下一步：officegen build {output}")
        text = (
            f"{output}: {len(d.departments)} departments, {len(d.roles)} roles, {len(d.people)} people, "
            f"{vacant} vacancies (from {source})"
        )
        return text + (" (dry run: nothing written)" if dry_run else f"\nnext: officegen build {output}")


def read_roster_strictly(path: Path, strict: bool, **options) -> Draft:
    """:func:`read_roster`; with ``strict``, the roster's warnings are errors too."""
    draft = read_roster(path, **options)
    if strict and draft.problems:
        raise DefinitionError([Problem(p.location, "error", p.message, p.code) for p in draft.problems], draft.lang)
    return draft


def read_roster(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: tuple[str, ...] = (),
    preset: str | None = None,
    lang: str | None = None,
    teams: bool = True,
    name: str | None = None,
) -> Draft:
    """The organisation a roster describes. Raises DefinitionError listing every problem when the
    roster has errors, RosterError when it cannot be read, MapError for a ``--map`` or
    ``--preset`` that does not fit it."""
    # the language of messages before the header is read: the file's name or the --map's columns say it
    guess = lang or ("zh-CN" if _CJK.search(Path(path).name + " ".join(mapping)) else "en")
    pairs = parse_map(mapping, guess)
    chosen: Preset | None = None
    if preset:
        chosen = preset_named(preset)
        if chosen is None:
            from officegen.roundtrip.roster.columns import PRESETS

            names = ", ".join(p.name for p in PRESETS)
            raise MapError(
                tr(
                    guess,
                    f"unknown preset '{preset}'; presets: {names}",
                    f"没有“{preset}”这个预设；可用的预设：{names}",
                )
            )
    mapped = {c.strip() for c, _ in pairs}

    def score(cells) -> int:
        texts = [c if isinstance(c, str) else "" for c in cells]
        return sum(1 for t in texts if t and (known(t) or t.strip() in mapped))

    table = open_table(Path(path), sheet=sheet, is_header=score, lang=guess)
    lang = lang or _language(table)
    if not table.titles:
        raise DefinitionError(
            [Problem(Location(str(path)), "error", tr(lang, "the roster is empty", "花名册是空的"), "roster")], lang
        )
    columns = recognise(table.titles, pairs, chosen, lang)
    if columns.get("title") is None or not (
        {"name", "id", "first_name", "last_name", "name_last_first"} & set(columns.by_field)
    ):
        if chosen is not None and not set(columns.by_field) & {n for _, n in chosen.columns}:
            message = tr(
                lang,
                f"this does not look like a {chosen.label} export: none of its columns "
                f"({', '.join(c for c, _ in chosen.columns[:8])} ...) is here. ",
                f"这不像{chosen.label}导出的花名册：没有它的列（{'、'.join(c for c, _ in chosen.columns[:8])}……）。",
            )
        else:
            message = ""
        raise DefinitionError(
            [Problem(table.where(table.header_line), "error", message + needed_message(table.titles, lang), "roster")],
            lang,
        )
    people = read_people(table, columns, lang)
    for what, used, other in columns.duplicates:
        people.problems.append(
            Problem(
                table.where(table.header_line, other),
                "warning",
                tr(
                    lang,
                    f"column '{columns.titles[other]}' also reads as {what}; column '{columns.titles[used]}' is used "
                    f"(say otherwise with --map)",
                    f"“{columns.titles[other]}”列也可作为 {what}；已使用“{columns.titles[used]}”列（可用 --map 另行指定）",
                ),
                "roster",
            )
        )
    if not people.rows and not has_errors(people.problems):
        people.problems.append(
            Problem(
                table.where(table.header_line),
                "error",
                tr(lang, "no people under the header row", "表头下面没有人员"),
                "roster",
            )
        )
    draft = build_draft(people, teams=teams, name=name)
    problems = sort_problems(people.problems + draft.problems)
    if has_errors(problems):
        raise DefinitionError(problems, lang)
    draft.problems = problems
    return draft


def _language(table) -> str:
    sample = " ".join(t for t in table.titles if t) + " ".join(table.above)
    return CHINESE if _CJK.search(sample) else "en"


def roster_date(draft: Draft) -> str:
    """The date the definition names: SOURCE_DATE_EPOCH when set (reproducible builds), else the
    workbook's own date, else the file's modification date."""
    from officegen.office.reprozip import source_date

    fixed = source_date()
    if fixed is not None:
        return fixed.date().isoformat()
    table = draft.people_in.table
    if table.date:
        return table.date
    try:
        return dt.date.fromtimestamp(table.path.stat().st_mtime).isoformat()
    except OSError:
        return ""


def describe_source(draft: Draft) -> str:
    table = draft.people_in.table
    if table.sheet is not None:
        return tr(draft.lang, f"{table.path.name} (sheet {table.sheet})", f"{table.path.name}（工作表 {table.sheet}）")
    return f"{table.path.name} ({table.encoding})"


def new_definition(roster: Path, output: Path, *, write: bool = True, strict: bool = False, **options) -> Imported:
    """Read ``roster`` and write a new definition to ``output`` (refused when it exists). The text
    is validated first; nothing is written when it would not validate."""
    from officegen.office.atomic import write_bytes
    from officegen.roundtrip.roster.write import definition_text
    from officegen.roundtrip.trial import trial_check

    output = Path(output)
    if output.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise OutputError(f"{output}: a definition is a .yaml, .yml or .json file")
    draft = read_roster_strictly(roster, strict, **options)
    if output.exists():
        raise OutputError(
            tr(
                draft.lang,
                f"{output} exists: to update it from the roster, use --into {output}",
                f"{output} 已存在：要用花名册更新它，请用 --into {output}",
            )
        )
    text = definition_text(
        draft, source=describe_source(draft), date=roster_date(draft), as_json=output.suffix.lower() == ".json"
    )
    data = text.encode("utf-8")
    checked = trial_check(
        output,
        {output: data},
        strict=strict,
        note=tr(draft.lang, " (in the definition made from the roster)", "（由花名册生成的定义中）"),
        say=draft.lang,
    )
    if has_errors(checked):
        raise DefinitionError(draft.problems + checked, draft.lang)
    result = Imported(draft, text, draft.problems + checked)
    if write:
        write_bytes(output, data)
        result.written = output
    return result
