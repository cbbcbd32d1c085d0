"""What a new HR user needs (issue 14), checked on a 38-role company written the way she writes
it (tests/data/hr-company.yaml: Chinese, partly translated) and on both samples: documents for
one department, without names, the job-description set HR prints."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from conftest import SAMPLE_EN, SAMPLE_ZH, TESTDATA, load
from officegen.cli import cli
from officegen.generators.raci import FIRST_COL

HR = TESTDATA / "hr-company.yaml"


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def docx_text(path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def zip_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def role_of(path) -> str:
    """The role id a job description is for (its document title is the role title; the id is in its table)."""
    doc = Document(path)
    cells = [c.text for table in doc.tables[:2] for row in table.rows for c in row.cells]
    return cells[cells.index(next(c for c in cells if c in ("岗位编号", "Role id"))) + 1]


# -- one department, no names ----------------------------------------------------------------------


@pytest.mark.parametrize("team,department", [(HR, "prod"), (SAMPLE_ZH, "merch"), (SAMPLE_EN, None)],
                         ids=["hr", "zh", "en"])
def test_build_for_one_department_without_names(team, department, tmp_path):
    org = load(team)
    department = department or next(d.id for d in org.departments.values() if d.parent_id and d.child_ids
                                     or d.parent_id and d.role_ids)
    invoke("build", team, "-o", tmp_path, "--department", department, "--no-names")
    from officegen.definition.model import department_role_ids

    inside = department_role_ids(org, department)
    names = {p.name for p in org.people}
    assert names
    # job descriptions: the department's roles only, with their full working relationships, no names
    docs = sorted((tmp_path / "job-descriptions").glob("*.docx"))
    singles = [d for d in docs if not d.name.startswith("job-descriptions-all")]
    assert sorted(role_of(d) for d in singles) == sorted(inside)
    for doc in docs:
        text = docx_text(doc)
        assert not any(name in text for name in names), doc.name
    # the workbook: every activity a role of the department takes part in, with all its letters
    ws = openpyxl.load_workbook(tmp_path / "raci.xlsx").worksheets[0]
    ids = [ws.cell(r, 1).value for r in range(4, ws.max_row + 1) if str(ws.cell(r, ws.max_column).value or "")
           .startswith("=COUNTIF")]
    expected = [a.id for a in org.activities if any(r in inside for r, _ in a.assignments)]
    assert ids == expected
    titles = {ws.cell(3, c).value for c in range(FIRST_COL, ws.max_column - 1)}
    assert {org.roles[r].title for r in inside} <= titles
    for activity in org.activities:
        if activity.id in ids:
            assert {org.roles[r].title for r, _ in activity.assignments} <= titles
    # the deck: the department's roles and the managers above them, no names, no other department's slide
    prs = Presentation(tmp_path / "org-chart.pptx")
    boxes = {s.name.split(":", 1)[1] for slide in prs.slides for s in slide.shapes
             if s.name.startswith(("role:", "cont:"))}
    chain = {m.id for r in inside for m in org.manager_chain(r)}
    assert set(inside) <= boxes <= set(inside) | chain
    text = zip_text(tmp_path / "org-chart.pptx")
    assert not any(name in text for name in names)
    # the page
    site = (tmp_path / "site.html").read_text(encoding="utf-8")
    assert not any(name in site for name in names)


def test_no_names_keeps_filled_and_vacant(tmp_path):
    invoke("jd", HR, "-o", tmp_path, "--role", "molding-operator", "--no-names")
    (doc,) = tmp_path.glob("*.docx")
    text = docx_text(doc)
    assert "5 人 / 3 人" in text and "黄小明" not in text and "在岗人员" not in text
    invoke("jd", HR, "-o", tmp_path / "named", "--role", "molding-operator")
    assert "黄小明" in docx_text(next((tmp_path / "named").glob("*.docx")))


def test_an_unknown_department_is_a_usage_error(tmp_path):
    for command in ("raci", "jd", "deck", "build"):
        result = CliRunner().invoke(cli, [command, str(HR), "-o", str(tmp_path / command), "--department", "qualty"])
        assert result.exit_code == 2 and "unknown department 'qualty' (did you mean 'quality'?)" in result.stderr
