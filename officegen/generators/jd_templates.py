"""Job-description wording: Jinja2 templates rendered in the sandbox, parsed once per run.

Every value inserted with ``{{ }}`` passes through :func:`_finalize`, which marks it as literal
text: a title that starts with ``# `` or holds ``|`` or a line break can then never become a
heading, a table cell or a new paragraph in the line markup (see ``jd_markup``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from officegen.errors import TemplateError
from officegen.model import Organization, Role
from officegen.resources import templates_dir

#: markers private to the markup: start of a literal value, a line break, a literal "|"
LITERAL, BREAK, PIPE = "\ue001", "\ue002", "\ue003"


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    text = str(value)
    return LITERAL + text.replace("\n", BREAK).replace("|", PIPE)


class Templates:
    """The job-description templates of one run: loaded and compiled once."""

    def __init__(self, lang: str, template_dir: Path | None = None):
        folders = [str(template_dir)] if template_dir else []
        folders.append(str(templates_dir() / "jd"))
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(folders),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        name = f"{lang}.md.j2"
        try:
            self.template = self.env.get_template(name)
        except jinja2.TemplateNotFound:
            raise TemplateError(f"{name}: no such template in {', '.join(folders)}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or name}:{exc.lineno}: error: {exc.message}") from None

    def render(self, context: dict) -> str:
        try:
            return self.template.render(context)
        except (jinja2.UndefinedError, SecurityError, jinja2.TemplateError, TypeError, ValueError) as exc:
            raise TemplateError(f"{self._where(exc)}: error: {type(exc).__name__}: {exc}") from None

    def _where(self, exc: BaseException) -> str:
        """The template file and line of a render error (Jinja rewrites tracebacks to template lines)."""
        filename = self.template.filename or self.template.name
        line = 0
        tb = exc.__traceback__ or sys.exc_info()[2]
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == filename:
                line = tb.tb_lineno
            tb = tb.tb_next
        return f"{filename}:{line}" if line else str(filename)


def _titles(org: Organization, ids) -> list[str]:
    return [org.roles[i].title for i in ids]


def role_context(org: Organization, role: Role) -> dict:
    """Everything a template may use about ``role`` (plain data, so the sandbox sees no objects)."""
    manager = org.manager_of(role.id)
    responsible, accountable, collaborations = [], [], []
    seen = set()
    for letter in "ARSCI":
        for activity in org.activities_for(role.id, letter):
            others = [(r, letters) for r, letters in activity.assignments if r != role.id]
            by = {c: [r for r, letters in others if c in letters] for c in "ARSCI"}
            if letter == "R":
                responsible.append({"name": activity.name, "process": activity.process,
                                    "accountable": _titles(org, by["A"])})
            if letter == "A":
                accountable.append({"name": activity.name, "process": activity.process,
                                    "responsible": _titles(org, by["R"]), "consulted": _titles(org, by["C"]),
                                    "informed": _titles(org, by["I"])})
            if activity.id not in seen:
                seen.add(activity.id)
                owners = list(dict.fromkeys(by["A"] + by["R"]))
                collaborations.append({
                    "id": activity.id, "name": activity.name, "process": activity.process,
                    "letters": activity.letters_of(role.id), "consulted": _titles(org, by["C"]),
                    "informed": _titles(org, by["I"]), "owners": _titles(org, owners),
                })
    order = {a.id: i for i, a in enumerate(org.activities)}
    collaborations.sort(key=lambda c: order[c["id"]])
    return {
        "lang": org.lang,
        "org": {"name": org.name, "description": org.description},
        "role": {
            "id": role.id, "title": role.title, "department": org.departments[role.department_id].name,
            "grade": role.grade, "location": role.location, "summary": role.summary,
            "headcount": role.headcount, "filled": role.filled, "vacant": role.vacant,
            "people": [p.name for p in role.people], "responsibilities": list(role.responsibilities),
            "requirements": list(role.requirements), "kpis": list(role.kpis),
        },
        "manager": manager.title if manager else None,
        "direct_reports": _titles(org, role.direct_report_ids),
        "dotted_line_to": _titles(org, role.dotted_line_to),
        "dotted_line_from": [r.title for r in org.dotted_line_from(role.id)],
        "career_path": [r.title for r in org.manager_chain(role.id)],
        "responsible": responsible,
        "accountable": accountable,
        "collaborations": collaborations,
    }
