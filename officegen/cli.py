"""The ``officegen`` command line: parses options, calls the library, reports.

This is the only module that knows about options, echo and exit codes. Library errors become
Click errors in one place (:class:`_Group`): a definition with errors prints every problem as
``FILE:LINE:COL: error: ...`` and exits 1; any other failure prints ``Error: ...`` and exits 1;
usage mistakes exit 2.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from officegen import __version__
from officegen.errors import DefinitionError, OfficegenError, SettingError, TemplateError
from officegen.i18n import SUPPORTED_LANGS, is_chinese, normalise_lang, tr, user_lang
from officegen.problems import count, source_of, summary


def _problems_json(problems, source: str) -> dict:
    """What ``validate --format json`` prints for one definition."""
    problems = list(problems)
    n_err = count(problems, "error")
    return {
        "source": source,
        "valid": n_err == 0,
        "errors": n_err,
        "warnings": count(problems, "warning"),
        "notes": count(problems, "note"),
        "problems": [p.as_dict() for p in problems],
    }


def _echo_problems(problems, source: str, fmt: str = "text", lang: str = "en") -> None:
    problems = list(problems)
    if fmt == "json":
        click.echo(json.dumps(_problems_json(problems, source), ensure_ascii=False, indent=2))
        return
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(summary(problems, source, lang), err=True)


class _KindList(click.ParamType):
    """``--only raci,deck``: documents by kind, comma-separated (full-width commas too), in any order."""

    name = "LIST"

    def convert(self, value, param, ctx) -> tuple[str, ...]:
        from officegen.build import KINDS

        if isinstance(value, tuple):
            return value
        kinds = tuple(dict.fromkeys(k.strip().lower() for k in re.split(r"[,，、]", str(value)) if k.strip()))
        unknown = [k for k in kinds if k not in KINDS]
        if unknown or not kinds:
            what = f"unknown {', '.join(repr(k) for k in unknown)}: " if unknown else ""
            self.fail(f"{what}use a comma-separated list of {', '.join(KINDS)}", param, ctx)
        return kinds


class _PageRange(click.ParamType):
    """``--pages 3`` or ``--pages 2-3`` (a full-width or en dash too): (first, last), 1-based."""

    name = "N[-M]"

    def convert(self, value, param, ctx) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        m = re.fullmatch(r"\s*(\d+)\s*(?:[-－–]\s*(\d+)\s*)?", str(value))
        if not m or int(m.group(1)) < 1 or int(m.group(2) or m.group(1)) < int(m.group(1)):
            self.fail("use N or N-M, e.g. 1 or 2-3", param, ctx)
        return int(m.group(1)), int(m.group(2) or m.group(1))


class _Group(click.Group):
    """Turns library errors into clean messages and exit codes, for every command at once."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DefinitionError as exc:
            source = source_of(exc.problems, ctx.meta.get("officegen.source", "definition"))
            _echo_problems(exc.problems, source, lang=exc.lang)
            ctx.exit(1)
        except SettingError as exc:  # the invocation's environment: a usage mistake, said without the usage
            raise click.UsageError(str(exc)) from None
        except TemplateError as exc:  # already FILE:LINE: error: ..., like the definition's problems
            click.echo(str(exc), err=True)
            ctx.exit(1)
        except OfficegenError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise click.ClickException(f"{name}{exc.strerror or exc}") from None


def _lang_option(f):
    return click.option(
        "--lang",
        type=click.Choice(SUPPORTED_LANGS, case_sensitive=False),
        metavar="[zh-CN|en]",
        default=None,
        help="Output language (default: the global --lang, else the definition's locale).",
    )(f)


def _no_names_option(f):
    return click.option(
        "--no-names",
        is_flag=True,
        help="Leave holders' names out (for postings and wide distribution); headcounts stay.",
    )(f)


def _department_option(f):
    return click.option(
        "--department",
        metavar="ID",
        default=None,
        help="Only this department and those below it (the chart keeps the managers above as context).",
    )(f)


def _check_department(org, department: str | None) -> None:
    if department is not None:
        _check_ids([department], org.departments, "department", "--department")


def _full_detail_option(f):
    return click.option(
        "--full-detail",
        is_flag=True,
        help="Job descriptions list every working relationship with its activities (and the "
        "process of each activity), instead of the two-page summary.",
    )(f)


def _team_argument(required: bool = True):
    return click.argument("team", type=click.Path(exists=True, dir_okay=True, path_type=Path), required=required)


def _load(ctx: click.Context, team: Path, lang: str | None, strict: bool = False, quiet: bool = False):
    """Load the model; print warnings (and, unless ``quiet``, how many texts fall back to another
    language); errors raise DefinitionError (handled by the group)."""
    from officegen.definition import load_organization

    ctx.meta["officegen.source"] = str(team)
    lang = lang or ctx.find_root().params.get("lang")
    say = _say(lang)
    org, warnings = load_organization(team, lang=normalise_lang(lang) if lang else None, strict=strict, say=say)
    ctx.meta["officegen.say"] = say or org.lang  # what the command's own lines are said in
    for w in warnings:
        click.echo(str(w), err=True)
    if org.untranslated and not quiet:
        n = org.untranslated
        click.echo(
            tr(
                say or org.lang,
                f"{team}: note: {_count(n, 'text')} ha{'s' if n == 1 else 've'} no {org.lang} translation and "
                f"{'is' if n == 1 else 'are'} shown in another language "
                f"(officegen validate --lang {org.lang} {team} lists them)",
                f"{team}: note: {n} 处文字没有 {org.lang} 译文，以另一种语言显示"
                f"（officegen validate --lang {org.lang} {team} 列出它们）",
            ),
            err=True,
        )
    return org, warnings


def _say(lang: str | None) -> str | None:
    """The language of a command's messages: its --lang (or the global one), else the user's
    locale (LC_ALL, LC_MESSAGES, LANG), else None: the definition's own locale."""
    return normalise_lang(lang) if lang else user_lang()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="officegen")
@click.option(
    "--lang",
    type=click.Choice(SUPPORTED_LANGS, case_sensitive=False),
    metavar="[zh-CN|en]",
    default=None,
    help="Output language for every command (zh-CN or en).",
)
def cli(lang: str | None) -> None:
    """Turn one team definition into the Office documents an organisation runs on.

    \b
    Example:
      officegen init my-team
      officegen validate my-team/team.yaml
      officegen --lang en validate data/ecommerce-team.yaml
    """
    from officegen.office.reprozip import source_date

    source_date()  # a malformed SOURCE_DATE_EPOCH is said before any work, by every command


@cli.command()
@_team_argument()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints the problems as a JSON document on stdout, for CI and editors.",
)
@click.option(
    "--lang",
    type=click.Choice(SUPPORTED_LANGS, case_sensitive=False),
    metavar="[zh-CN|en]",
    default=None,
    help="The output language to check for: texts without a translation into it are warnings.",
)
@click.pass_context
def validate(ctx: click.Context, team: Path, strict: bool, fmt: str, lang: str | None) -> None:
    """Check a team definition (a .yaml/.json file or a folder of them).

    Prints every problem as FILE:LINE:COL: error|warning|note: message, then a summary. Notes are
    work still to do: texts without a translation (when the definition uses two languages) and
    content not written yet. Exits 0 when valid (warnings and notes allowed), 1 when there is any error.

    \b
    Example:
      officegen validate data/ecommerce-team.yaml
      officegen validate --lang en my-team/team.yaml     # what English output would show untranslated
      officegen validate --strict --format json my-team/
    """
    from officegen.definition import check

    lang = lang or ctx.find_root().params.get("lang")
    result = check(team, strict=strict, lang=normalise_lang(lang) if lang else None, say=_say(lang))
    _echo_problems(result.problems, str(team), fmt, lang=result.lang)
    if result.errors:
        ctx.exit(1)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing team.yaml.")
def init(directory: Path, force: bool) -> None:
    """Create DIRECTORY/team.yaml: a small, commented starter definition that validates.

    \b
    Example:
      officegen init my-team && officegen validate my-team/team.yaml
    """
    from officegen.office.atomic import write_bytes
    from officegen.resources import starter_definition

    target = directory / "team.yaml"
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists; use --force to overwrite it")
    write_bytes(target, starter_definition().encode("utf-8"))
    click.echo(f"wrote {target}")
    click.echo(f"next: officegen validate {target}")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the team-definition format (for editor autocompletion).

    \b
    Example:
      officegen schema -o team.schema.json
      # then, first line of team.yaml:
      # yaml-language-server: $schema=team.schema.json
    """
    from officegen.definition.schema import json_schema
    from officegen.office.atomic import write_bytes

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        write_bytes(output, text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def _said() -> str:
    """The language of the running command's own lines (its definition's, once loaded)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("officegen.say", "en") if ctx is not None else "en"


def _report(paths) -> None:
    here = Path.cwd()
    say = _said()
    for path in paths:
        path = Path(path)
        shown = path.relative_to(here) if path.is_absolute() and path.is_relative_to(here) else path
        size = _size(path.stat().st_size)
        click.echo(tr(say, f"wrote {shown} ({size})", f"已写入 {shown}（{size}）"))


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


@cli.command()
@_team_argument()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("output/raci.xlsx"),
    show_default=True,
    help="The workbook to write.",
)
@_lang_option
@_department_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (write nothing).")
@click.pass_context
def raci(ctx: click.Context, team: Path, output: Path, lang: str | None, department: str | None, strict: bool) -> None:
    """Write the RACI workbook: the responsibility matrix with dropdowns and live checks.

    \b
    Example:
      officegen raci data/ecommerce-team.yaml -o output/raci.xlsx
      officegen raci data/software-team.yaml --lang en
      officegen raci data/ecommerce-team.yaml --department merch -o merch-raci.xlsx
    """
    from officegen.build import view
    from officegen.generators.raci import write_raci

    org, _ = _load(ctx, team, lang, strict)
    _check_department(org, department)
    _report([write_raci(view(org, "raci", department=department), output)])


@cli.command("import-raci")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_team_argument()
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--strict", is_flag=True, help="Refuse when the edited definition has warnings.")
@click.pass_context
def import_raci_command(ctx: click.Context, workbook: Path, team: Path, dry_run: bool, strict: bool) -> None:
    """Bring the letters of an edited RACI workbook back into the team definition.

    Matches activities by their ID column and roles by their column titles, then rewrites only
    the changed raci entries of TEAM in place (comments and layout kept). Nothing is written when
    a cell holds letters outside the scheme or the result would not validate.

    \b
    Example:
      officegen raci data/team.yaml -o raci.xlsx     # ... the project manager edits raci.xlsx ...
      officegen import-raci raci.xlsx data/team.yaml --dry-run
      officegen import-raci raci.xlsx data/team.yaml && officegen build data/team.yaml
    """
    from officegen.roundtrip.import_raci import import_raci

    ctx.meta["officegen.source"] = str(team)
    lang = ctx.find_root().params.get("lang")
    if workbook.suffix.lower() in (".yaml", ".yml", ".json") and team.suffix.lower() in (".xlsx", ".xlsm"):
        raise click.UsageError(
            tr(
                _say(lang) or "en",
                f"the workbook comes first: officegen import-raci {team} {workbook}",
                f"工作簿在前：officegen import-raci {team} {workbook}",
            )
        )
    changes, written, problems, said = import_raci(
        workbook, team, strict=strict, write=not dry_run, lang=normalise_lang(lang) if lang else None
    )
    for problem in problems:
        click.echo(str(problem), err=True)
    none = "—"
    for c in changes:
        if c.role_id:
            click.echo(f"{c.where}: {c.activity_id} ({c.activity}), {c.role}: {c.before or none} -> {c.after or none}")
        else:
            click.echo(f"{c.where}: + {c.activity_id} ({c.activity}), {c.after}")
    files = ", ".join(str(p) for p in written) or str(team)
    what = _count(len(changes), "change")
    if dry_run:
        click.echo(
            tr(
                said,
                f"{team}: {what} from {workbook} (dry run: nothing written)",
                f"{team}：{workbook} 中有 {len(changes)} 处修改（试运行：什么也没写）",
            ),
            err=True,
        )
    else:
        rest = tr(said, "" if written else " (nothing to write)", "" if written else "（没有要写的）")
        click.echo(
            tr(said, f"{files}: {what} from {workbook}", f"{files}：从 {workbook} 导入 {len(changes)} 处修改") + rest,
            err=True,
        )


@cli.command("import-roster")
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a new definition here (.yaml or .json); refused when it exists.",
)
@click.option(
    "--into",
    "into",
    type=click.Path(exists=True, path_type=Path),
    help="Update this existing definition in place (next month's roster).",
)
@click.option("--sheet", metavar="NAME", help="The workbook's sheet (default: the first with a recognisable header).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Say what a column holds, e.g. --map 直属上级工号=manager (repeatable; FIELD=ignore skips it).",
)
@click.option(
    "--preset",
    metavar="NAME",
    help="The exact columns of an export: visio, orgchart-now, orgplus, bamboohr, dingtalk, feishu, wecom, beisen.",
)
@click.option(
    "--teams/--no-teams",
    default=True,
    show_default=True,
    help="One role per team lead when several people of one role each lead people.",
)
@click.option(
    "--name",
    "org_name",
    metavar="TEXT",
    help="The organisation's name (default: the roster's title row, else its company column, else the file's "
    "or the sheet's name, else 组织/Organization).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be written or changed; write nothing.")
@click.option("--strict", is_flag=True, help="Refuse when the resulting definition has warnings.")
@_lang_option
@click.pass_context
def import_roster_command(
    ctx: click.Context,
    roster: Path,
    output: Path | None,
    into: Path | None,
    sheet: str | None,
    mapping: tuple[str, ...],
    preset: str | None,
    teams: bool,
    org_name: str | None,
    dry_run: bool,
    strict: bool,
    lang: str | None,
) -> None:
    """Make a team definition from an employee roster (.xlsx or .csv), or update one from next month's.

    Reads the roster as HR systems export it (title rows, merged cells, GB18030 or UTF-16 CSV), finds
    id, name, department, title, manager, dotted-line manager and status columns by their names
    (Chinese or English), and turns people into departments, roles, headcounts and reporting lines.
    --into edits the definition in place and keeps everything the roster does not hold.

    \b
    Example:
      officegen import-roster 花名册.xlsx -o team.yaml && officegen build team.yaml
      officegen import-roster roster-2026-12.xlsx --into team.yaml --dry-run
      officegen import-roster export.csv -o team.yaml --preset bamboohr
      officegen import-roster list.xlsx -o team.yaml --map 'Emp No=id' --map 'Boss=manager'
    """
    from officegen.roundtrip.roster import MapError, new_definition

    lang = lang or ctx.find_root().params.get("lang")
    if (output is None) == (into is None):
        chinese = normalise_lang(lang) == "zh-CN" if lang else bool(re.search(r"[\u3400-\u9fff]", roster.name))
        raise click.UsageError(
            "请给出 -o 新文件.yaml（生成新的定义）或 --into 已有文件.yaml（更新它），二者选一"
            if chinese
            else "give -o NEW.yaml (a new definition) or --into EXISTING.yaml (update it), one of them"
        )
    ctx.meta["officegen.source"] = str(roster)
    options = dict(
        sheet=sheet,
        mapping=mapping,
        preset=preset,
        lang=normalise_lang(lang) if lang else None,
        teams=teams,
        name=org_name,
    )
    try:
        if into is not None:
            from officegen.roundtrip.roster.update import update_definition

            ctx.meta["officegen.source"] = str(into)
            updated = update_definition(roster, into, write=not dry_run, strict=strict, **options)
            for problem in updated.problems:
                click.echo(str(problem), err=True)
            for line in updated.report():
                click.echo(line)
            click.echo(updated.summary(dry_run), err=True)
            return
        assert output is not None  # the options' check: one of --into and -o
        imported = new_definition(roster, output, write=not dry_run, strict=strict, **options)
    except MapError as exc:
        raise click.UsageError(str(exc)) from None
    for problem in imported.problems:
        click.echo(str(problem), err=True)
    if dry_run:
        click.echo(imported.text, nl=False)
    click.echo(imported.summary(output, dry_run), err=True)


@cli.command()
@_team_argument()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output/job-descriptions"),
    show_default=True,
    help="Folder for the documents.",
)
@click.option("--role", "roles", multiple=True, metavar="ID", help="Only these roles (repeatable).")
@click.option("--combined", is_flag=True, help="Also write one document with every role and a table of contents.")
@_lang_option
@click.option(
    "--template-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Use your own Jinja2 templates (same names as templates/jd/).",
)
@click.option(
    "--reference-doc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Take styles (letterhead, fonts) from this .docx, as pandoc does.",
)
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPU count).")
@_no_names_option
@_department_option
@_full_detail_option
@click.option(
    "--since",
    type=click.Path(exists=True, path_type=Path),
    metavar="OLD",
    help="Give each role changed since the definition OLD one more entry in its revision record (修订记录).",
)
@click.option(
    "--revision-version",
    metavar="TEXT",
    help="That entry's version (default: document_control.version, else the one after the role's last: "
    "1.1 -> 1.2; 1.0 for a first entry).",
)
@click.option(
    "--revision-date",
    metavar="TEXT",
    help="That entry's date (default: document_control.effective_date, else the date of SOURCE_DATE_EPOCH, "
    "else the day TEAM was last changed).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (write nothing).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def jd(
    ctx: click.Context,
    team: Path,
    output: Path,
    roles: tuple[str, ...],
    combined: bool,
    lang: str | None,
    template_dir: Path | None,
    reference_doc: Path | None,
    jobs: int | None,
    no_names: bool,
    department: str | None,
    full_detail: bool,
    since: Path | None,
    revision_version: str | None,
    revision_date: str | None,
    strict: bool,
    quiet: bool,
) -> None:
    """Write one job description (.docx) per role, with its RACI built in.

    With --since OLD, every role that changed since OLD (its fields, or its letters in an
    activity) gets one more entry in its revision record, saying what changed.

    \b
    Example:
      officegen jd data/ecommerce-team.yaml --combined
      officegen jd data/ecommerce-team.yaml --role store-manager --lang en
      officegen jd team.yaml --template-dir my-templates --reference-doc letterhead.docx
      officegen jd data/ecommerce-team.yaml --department sales --no-names --combined
      officegen jd team.yaml --since v1/team.yaml --revision-version 2.0 --revision-date 2026-12-01
    """
    from officegen.build import job_roles, view
    from officegen.generators.jd import write_job_descriptions
    from officegen.generators.jd.templates import Templates

    org, _ = _load(ctx, team, lang, strict)
    _check_roles(org, roles)
    _check_department(org, department)
    if since is not None:
        org = _since(ctx, org, team, since, revision_version, revision_date)
    org = view(org, "jd", names=not no_names)
    picked = job_roles(org, department, roles)
    if picked == []:
        raise click.BadParameter(f"none of the roles given is in department '{department}'", param_hint="--role")
    roles = tuple(picked or ())
    unused = Templates.unused_folder(org.lang, template_dir) if template_dir is not None else None
    if unused:
        click.echo(
            f"{template_dir}: warning: holds none of {', '.join(unused)}; the bundled templates are used", err=True
        )
    with _progress(len(roles or org.roles) + combined, "job descriptions", quiet) as advance:
        paths = write_job_descriptions(
            org,
            output,
            role_ids=roles or None,
            combined=combined,
            template_dir=template_dir,
            reference_doc=reference_doc,
            jobs=jobs,
            progress=advance,
            detail=full_detail,
        )
    _report(paths[:20])
    if len(paths) > 20:
        more = len(paths) - 20
        click.echo(tr(_said(), f"... and {more} more in {output}", f"……另有 {more} 份，在 {output}"))


def _since(ctx: click.Context, org, team: Path, since: Path, version: str | None, date: str | None):
    """``org`` with a revision entry for every role changed since the definition ``since``."""
    from officegen.compare import compare_specs
    from officegen.compare.inputs import check_input
    from officegen.compare.revision import with_revisions
    from officegen.errors import DefinitionError

    old = check_input(since, lang=org.lang)
    if old.spec is None:
        ctx.meta["officegen.source"] = str(since)
        raise DefinitionError(old.problems)
    new = check_input(team, lang=org.lang)
    assert new.spec is not None  # loaded above
    cmp = compare_specs(old.spec, new.spec, lang=org.lang)
    document = org.document
    version = version if version is not None else (document.version if document else "")
    date = date if date is not None else (document.effective_date if document and document.effective_date else "")
    if not date:
        date = _default_date() or _modified(team)
    changed = cmp.changed_role_ids()
    click.echo(
        tr(
            org.lang,
            f"{team}: {_count(len(changed), 'role')} changed since {since}",
            f"{team}：自 {since} 以来，{len(changed)} 个岗位有变化",
        ),
        err=True,
    )
    return with_revisions(org, cmp, date=date, version=version)


def _modified(team: Path) -> str:
    """The date ``team`` was last changed (its latest file's, for a folder), ISO: when a revision
    was made, where nothing else says (the same file gives the same date, like a roster's)."""
    import datetime as dt

    files = [team] if team.is_file() else [p for p in team.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json")]
    try:
        return dt.date.fromtimestamp(max(p.stat().st_mtime for p in files)).isoformat() if files else ""
    except OSError:
        return ""


def _check_roles(org, roles) -> None:
    _check_ids(roles, org.roles, "role", "--role")


def _check_ids(given, known, what: str, option: str) -> None:
    import difflib

    for item in given:
        if item not in known:
            close = difflib.get_close_matches(item, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise click.BadParameter(f"unknown {what} '{item}'{hint}", param_hint=option)


class _progress:
    """A progress bar on a terminal; silent otherwise. Yields a callback taking a step count."""

    def __init__(self, total: int, label: str, quiet: bool):
        self.show = not quiet and sys.stderr.isatty() and total > 1
        self.bar = click.progressbar(length=total, label=label, file=sys.stderr) if self.show else None

    def __enter__(self):
        if self.bar is None:
            return None
        bar = self.bar.__enter__()
        return lambda n=1: bar.update(n)

    def __exit__(self, *exc):
        if self.bar is not None:
            return self.bar.__exit__(*exc)
        return False


@cli.command()
@_team_argument()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("output/org-chart.pptx"),
    show_default=True,
    help="The deck to write.",
)
@_lang_option
@click.option(
    "--reference-deck",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this .pptx's slide master, theme fonts and colours.",
)
@click.option(
    "--date",
    "date_text",
    default=None,
    help="Date on the title slide (default: from SOURCE_DATE_EPOCH, else none, so output is reproducible).",
)
@_no_names_option
@_department_option
@click.option(
    "--load",
    "raci_load",
    is_flag=True,
    help="Each org-chart box carries its A and R counts from the RACI (overloaded roles in red).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (write nothing).")
@click.pass_context
def deck(
    ctx: click.Context,
    team: Path,
    output: Path,
    lang: str | None,
    reference_deck: Path | None,
    date_text: str | None,
    no_names: bool,
    department: str | None,
    raci_load: bool,
    strict: bool,
) -> None:
    """Write the structure-chart deck: org chart, department slides, RACI heat map.

    \b
    Example:
      officegen deck data/ecommerce-team.yaml -o output/org-chart.pptx
      officegen deck team.yaml --reference-deck company-template.pptx --date 2026-11
      officegen deck data/ecommerce-team.yaml --department merch --no-names
      officegen deck data/ecommerce-team.yaml --load
    """
    from officegen.build import view
    from officegen.generators.deck import write_deck

    org, _ = _load(ctx, team, lang, strict)
    _check_department(org, department)
    org = view(org, "deck", names=not no_names, department=department)
    date_text = date_text or _default_date()
    _report([write_deck(org, output, reference_deck=reference_deck, date_text=date_text, load=raci_load)])


def _default_date() -> str | None:
    from officegen.office.reprozip import source_date

    when = source_date()
    return when.date().isoformat() if when else None


@cli.command()
@_team_argument()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("output/site.html"),
    show_default=True,
    help="The page to write.",
)
@_lang_option
@_no_names_option
@_department_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (write nothing).")
@click.pass_context
def site(
    ctx: click.Context, team: Path, output: Path, lang: str | None, no_names: bool, department: str | None, strict: bool
) -> None:
    """Write the organisation as one web page: org chart, search, a panel per role with its RACI.

    One self-contained HTML file that works offline, from a file:// link, an intranet or a chat
    attachment: nothing is fetched when it is opened.

    \b
    Example:
      officegen site data/ecommerce-team.yaml -o output/site.html
      officegen site team.yaml --department sales --no-names --lang en
    """
    from officegen.generators.site import write_site

    org, _ = _load(ctx, team, lang, strict)
    _check_department(org, department)
    _report([write_site(org, output, names=not no_names, department=department)])


@cli.command()
@click.argument("team", type=click.Path(exists=True, path_type=Path), required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for raci.xlsx, job-descriptions/, org-chart.pptx and site.html.",
)
@_lang_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (write nothing).")
@click.option(
    "--only",
    type=_KindList(),
    default="raci,jd,deck,site",
    show_default=True,
    metavar="LIST",
    help="Which documents, comma-separated: raci, jd, deck, site.",
)
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes for job descriptions.")
@click.option("--date", "date_text", default=None, help="Date on the deck's title slide.")
@click.option(
    "--template-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Your own job-description templates (same names as templates/jd/).",
)
@click.option(
    "--reference-doc",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Job descriptions take their styles (letterhead, fonts) from this .docx.",
)
@click.option(
    "--reference-deck",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The deck uses this .pptx's slide master, theme fonts and colours.",
)
@_no_names_option
@_department_option
@_full_detail_option
@click.option(
    "--load",
    "raci_load",
    is_flag=True,
    help="Each org-chart box carries its A and R counts from the RACI (overloaded roles in red).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.pass_context
def build(
    ctx: click.Context,
    team: Path | None,
    output: Path,
    lang: str | None,
    strict: bool,
    only: str,
    jobs: int | None,
    date_text: str | None,
    template_dir: Path | None,
    reference_doc: Path | None,
    reference_deck: Path | None,
    no_names: bool,
    department: str | None,
    full_detail: bool,
    raci_load: bool,
    quiet: bool,
) -> None:
    """Build every document in one run (default: the bundled Chinese sample).

    Loads and validates once, then writes OUTPUT/raci.xlsx, OUTPUT/job-descriptions/*.docx,
    OUTPUT/org-chart.pptx and OUTPUT/site.html. On any error nothing in OUTPUT changes. Exit
    codes as for validate.

    \b
    Example:
      officegen build
      officegen build data/software-team.yaml -o output/software --lang en
      officegen build my-team/ --only raci,deck --strict
      officegen build my-team/ --reference-doc letterhead.docx --reference-deck company.pptx
      officegen build my-team/ --department prod --no-names -o output/prod
    """
    from officegen.build import BuildOptions, build_all, steps
    from officegen.resources import sample_path

    source = str(team) if team else f"the bundled sample ({sample_path().name})"
    team = team or sample_path()
    org, warnings = _load(ctx, team, lang, strict, quiet)
    _check_department(org, department)
    options = BuildOptions(
        only=only,
        jobs=jobs,
        date_text=date_text or _default_date(),
        template_dir=template_dir,
        reference_doc=reference_doc,
        reference_deck=reference_deck,
        names=not no_names,
        department=department,
        detail=full_detail,
        load=raci_load,
    )
    with _progress(steps(org, options), "building", quiet) as advance:
        built = build_all(org, output, options, progress=advance)
    if quiet:
        return
    _report(list(built.documents))
    docs = [*built.job_descriptions, *([built.combined] if built.combined else [])]
    say = _said()
    if docs:
        size = _size(sum(p.stat().st_size for p in docs))
        n, folder = len(built.job_descriptions), docs[0].parent
        plus = built.combined.name if built.combined else ""
        click.echo(
            tr(
                say,
                f"wrote {n} job descriptions{f' (+ {plus})' if plus else ''} in {folder} ({size})",
                f"已写入 {n} 份岗位说明书{f'（另加 {plus}）' if plus else ''}，在 {folder}（{size}）",
            )
        )
    n_warn = len(warnings)
    if is_chinese(say):
        counts = f"{built.roles} 个岗位、{built.activities} 项活动"
        scope = f"部门“{department}”（{counts}）" if department else counts
        warned = f"（{n_warn} 个警告）" if n_warn else ""
        line = f"{source}：已生成 {'、'.join(built.kinds)}，{scope}，输出到 {output}{warned}"
    else:
        counts = f"{_count(built.roles, 'role')}, " + _count(built.activities, "activity", "activities")
        scope = f"department '{department}' ({counts})" if department else counts
        warned = f" ({_count(n_warn, 'warning')})" if n_warn else ""
        line = f"{source}: built {', '.join(built.kinds)} for {scope} into {output}{warned}"
    click.echo(line, err=True)


@cli.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints the changes as one JSON document (its shape: docs/diff.md).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the change log as a workbook (.xlsx): one sheet per kind and a summary.",
)
@click.option(
    "--deck",
    "deck_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the change deck (.pptx): summary, before/after charts, the RACI changes.",
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit 1 when there are changes, 0 when none and 2 on trouble (like diff; git diff --exit-code).",
)
@_lang_option
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report (auto: on a terminal, unless NO_COLOR is set).",
)
@click.option("-q", "--quiet", is_flag=True, help="No report on stdout (with --exit-code, -o or --deck).")
@click.pass_context
def diff(
    ctx: click.Context,
    old: Path,
    new: Path,
    fmt: str,
    output: Path | None,
    deck_path: Path | None,
    exit_code: bool,
    lang: str | None,
    color: str,
    quiet: bool,
) -> None:
    """Show what changed from OLD to NEW: departments, roles, people, activities, RACI letters, totals.

    OLD and NEW are team definitions (files or folders), or rosters (.xlsx, .csv) read as
    import-roster reads them. Items are matched by id; an id changed with the same name and place
    is a rename. Errors in either input are reported as validate
    reports them (exit 1; 2 with --exit-code).

    \b
    Example:
      officegen diff old/team.yaml team.yaml
      officegen diff v1.yaml v2.yaml -o changes.xlsx --deck changes.pptx
      officegen diff --format json --exit-code main.yaml proposal.yaml > changes.json
      officegen diff 花名册-11月.xlsx 花名册-12月.xlsx          # who joined, left or moved
    """
    from officegen.compare import compare_specs
    from officegen.compare.inputs import check_input
    from officegen.compare.report import as_json, as_text

    trouble = 2 if exit_code else 1
    lang = lang or ctx.find_root().params.get("lang")
    lang = normalise_lang(lang) if lang else None
    try:
        results = [(str(path), check_input(path, lang=lang, say=_say(lang))) for path in (old, new)]
    except OfficegenError as exc:  # a roster that cannot be read at all
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(trouble)
    if any(result.errors for _, result in results):
        if fmt == "json":
            click.echo(
                json.dumps(
                    {
                        "format": "officegen-diff",
                        "version": 1,
                        "valid": False,
                        "inputs": [_problems_json(r.problems, s) for s, r in results],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        for source, result in results:
            if result.errors:
                _echo_problems(result.problems, source, lang=result.lang)
        ctx.exit(trouble)
    for source, result in results:
        if result.warnings:
            hint = tr(
                result.lang, f" (officegen validate {source} lists them)", f"（officegen validate {source} 列出它们）"
            )
            click.echo(summary(result.warnings, source, result.lang) + hint, err=True)
    try:
        old_spec, new_spec = results[0][1].spec, results[1][1].spec
        assert old_spec is not None and new_spec is not None  # both valid: checked above
        cmp = compare_specs(old_spec, new_spec, lang=lang)
        written = _write_changes(cmp, output, deck_path, (str(old), str(new)))
    except OfficegenError as exc:
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(trouble)
    if not quiet:
        if fmt == "json":
            click.echo(json.dumps(as_json(cmp, str(old), str(new)), ensure_ascii=False, indent=2))
        else:
            colour = color == "always" or (color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
            click.echo(as_text(cmp, str(old), str(new), _STYLE if colour else _plain), nl=False, color=colour)
    here = Path.cwd()
    for path in written:
        shown = path.relative_to(here) if path.is_absolute() and path.is_relative_to(here) else path
        click.echo(f"wrote {shown} ({_size(path.stat().st_size)})", err=True)
    if exit_code and cmp.changed:
        ctx.exit(1)


_COLOURS: dict[str, dict[str, Any]] = {
    "head": {"bold": True},
    "add": {"fg": "green"},
    "delete": {"fg": "red"},
    "move": {"fg": "cyan"},
    "change": {"fg": "yellow"},
    "warn": {"fg": "red", "bold": True},
    "dim": {"dim": True},
}


def _STYLE(text: str, role: str) -> str:
    return click.style(text, **_COLOURS.get(role, {}))


def _plain(text: str, role: str) -> str:
    return text


def _write_changes(cmp, output: Path | None, deck_path: Path | None, sources: tuple[str, str]) -> list[Path]:
    """The change log and the change deck, written together (neither when one fails)."""
    from officegen.office.atomic import write_all

    if output is not None and deck_path is not None and output.resolve() == deck_path.resolve():
        raise click.BadParameter("-o and --deck name the same file", param_hint="--deck")
    contents: dict[Path, bytes] = {}
    if output is not None:
        from officegen.generators.changes import change_log_bytes

        contents[output] = change_log_bytes(cmp, *sources)
    if deck_path is not None:
        from officegen.generators.changes import change_deck_bytes

        contents[deck_path] = change_deck_bytes(cmp, *sources, date_text=_default_date())
    return write_all(contents) if contents else []


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output/preview"),
    show_default=True,
    help="Folder for the PDFs and PNG pages.",
)
@click.option("--dpi", type=click.IntRange(20, 300), default=80, show_default=True, help="PNG resolution.")
@click.option("--pages", type=_PageRange(), default=None, help="Only these pages as PNG, e.g. 1 or 2-3.")
def preview(files: tuple[Path, ...], output: Path, dpi: int, pages: tuple[int, int] | None) -> None:
    """Render generated files to PDF and PNG pages with LibreOffice headless.

    A web page (site.html) is opened in headless Chromium instead: a screenshot of the screen
    and the PDF its print style gives.

    \b
    Example:
      officegen build && officegen preview output/raci.xlsx output/org-chart.pptx
      officegen preview output/org-chart.pptx --pages 3 --dpi 60
      officegen preview output/site.html
    """
    from officegen.office.preview import preview as render

    _report(render(files, output, dpi=dpi, pages=pages))


def main() -> None:
    """Console entry point. Unexpected failures print one line, not a traceback (OFFICEGEN_DEBUG=1 shows it)."""
    try:
        cli(prog_name="officegen")
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("OFFICEGEN_DEBUG"):
            raise
        click.echo(f"Error: internal error: {type(exc).__name__}: {exc} (set OFFICEGEN_DEBUG=1 for details)", err=True)
        sys.exit(70)
    finally:
        # the process ends here: what is alive is left to the operating system, not collected and
        # freed object by object at exit (half a second after 2,000 job descriptions)
        gc.freeze()
