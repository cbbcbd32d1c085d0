"""The comparison points of the benchmark: the naive python-docx way, and XlsxWriter.

Both write the same content officegen writes, so the ratios measure the writing method, not
a difference in what is written.
"""

from __future__ import annotations

import time
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from officegen.definition.model import Organization


def naive_job_descriptions(org: Organization, outdir: Path, limit: int) -> float:
    """Seconds to write ``limit`` job descriptions with a fresh ``Document()`` each."""
    outdir.mkdir(parents=True, exist_ok=True)
    roles = org.roles_in_org_order()[:limit]
    started = time.perf_counter()
    for role in roles:
        doc = Document()
        style = doc.styles["Normal"]
        style.font.name = "Calibri"
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Microsoft YaHei")
        doc.add_heading(role.title, level=1)
        manager = org.manager_of(role.id)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in (
            ("Department", org.department_of(role.id).name),
            ("Reports to", manager.title if manager else ""),
            ("Direct reports", ", ".join(r.title for r in org.direct_reports(role.id))),
            ("Grade", role.grade),
            ("Location", role.location),
            ("Headcount", f"{role.headcount} ({role.filled} filled, {role.vacant} vacant)"),
        ):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
        doc.add_heading("Summary", level=2)
        doc.add_paragraph(role.summary)
        for heading, items in (
            ("Responsibilities", role.responsibilities),
            ("Requirements", role.requirements),
            ("KPIs", role.kpis),
        ):
            doc.add_heading(heading, level=2)
            for item in items:
                doc.add_paragraph(item, style="List Bullet")
        for letter in "RACI":
            acts = org.activities_for(role.id, letter)
            if acts:
                doc.add_heading(f"Activities ({letter})", level=2)
                for a in acts:
                    doc.add_paragraph(a.name, style="List Number")
        doc.add_heading("Career path", level=2)
        doc.add_paragraph(" → ".join(r.title for r in org.manager_chain(role.id)))
        doc.save(outdir / f"{role.id}.docx")
    return time.perf_counter() - started


def xlsxwriter_raci(org: Organization, path: Path) -> float:
    """Seconds to write the same matrix, dropdowns, formats and count formulas with XlsxWriter."""
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

    started = time.perf_counter()
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("RACI")
    lists = wb.add_worksheet("Lists")
    roles = org.roles_in_org_order()
    first_col, first_row = 2, 3
    last_col = first_col + len(roles) - 1
    head = wb.add_format({"bold": True, "text_wrap": True, "rotation": 90, "border": 1})
    dept_fmt = wb.add_format({"bold": True, "align": "center", "border": 1})
    values = ["A", "R", "C", "I", "AR"] + (["S"] if org.scheme == "RASCI" else [])
    for i, v in enumerate(values):
        lists.write_string(i, 0, v)
    ws.write_string(0, 0, org.name)
    col = first_col
    for dept in org.walk_departments():
        if dept.role_ids:
            ws.write_string(1, col, dept.name, dept_fmt)
            col += len(dept.role_ids)
    for j, role in enumerate(roles):
        ws.write_string(2, first_col + j, role.title, head)
    index = {r.id: first_col + j for j, r in enumerate(roles)}
    row = first_row
    count_a, count_r = last_col + 1, last_col + 2
    for process, activities in org.processes:
        ws.write_string(row, 0, process, dept_fmt)
        row += 1
        for a in activities:
            ws.write_string(row, 0, a.id)
            ws.write_string(row, 1, a.name)
            for role_id, letters in a.assignments:
                ws.write_string(row, index[role_id], letters)
            span = f"{xl_rowcol_to_cell(row, first_col)}:{xl_rowcol_to_cell(row, last_col)}"
            ws.write_formula(row, count_a, f'=COUNTIF({span},"*A*")')
            ws.write_formula(row, count_r, f'=COUNTIF({span},"*R*")')
            row += 1
    grid = f"{xl_rowcol_to_cell(first_row, first_col)}:{xl_rowcol_to_cell(row - 1, last_col)}"
    ws.data_validation(
        grid,
        {"validate": "list", "source": f"=Lists!$A$1:$A${len(values)}", "error_message": "Use the scheme's letters"},
    )
    for letter, colour in zip("ARCI", ("#C00000", "#F4B183", "#9DC3E6", "#E2EFDA")):
        ws.conditional_format(
            grid,
            {"type": "text", "criteria": "containing", "value": letter, "format": wb.add_format({"bg_color": colour})},
        )
    checks = f"{xl_col_to_name(count_a)}{first_row + 1}:{xl_col_to_name(count_a)}{row}"
    ws.conditional_format(
        checks, {"type": "cell", "criteria": "!=", "value": 1, "format": wb.add_format({"bg_color": "#FFC7CE"})}
    )
    ws.freeze_panes(first_row, first_col)
    wb.close()
    return time.perf_counter() - started
