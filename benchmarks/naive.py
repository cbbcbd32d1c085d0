"""The peers of the benchmark: how a user would write the same documents with the usual libraries.

Each peer writes what officegen writes (the same text, tables, cells, checks), so the ratios
measure the writing method, not a difference in content:

* ``jd``: a fresh python-docx ``Document()`` per role, filled through python-docx's API with the
  blocks officegen's own templates give for that role (headings, paragraphs, numbered and
  bulleted items, tables with bold shaded label cells and spans). The blocks are worked out before
  the clock starts: only python-docx's writing is timed.
* ``jd-short``: the peer of the first benchmark (until December 2026): a ``Document()`` per role
  with a shorter content (a 6-row table, the lists, the activities by letter); kept so the old
  figures can be read beside the new ones.
* ``raci``: XlsxWriter in ``constant_memory`` mode writing the matrix, the workload, checks,
  legend and lists sheets with the same cells, formulas, dropdown and conditional formats.
* ``deck``: python-pptx shapes: every slide of officegen's deck (read back before the clock
  starts) rebuilt with python-pptx's API: ``add_shape``/``add_textbox`` with their text, fills
  and sizes, ``add_connector`` with ``begin_connect``/``end_connect``, ``add_table``,
  ``add_chart``, and the notes.

``officegen-raci``, ``officegen-jd`` (one worker) and ``officegen-deck`` time officegen's own
writers exactly as the peers are timed (model loaded first, only the writing timed), so the
writers can be set beside the peers like for like, start-up and loading left out on both sides.

Run as a script (``python benchmarks/naive.py KIND TEAM OUT [--from OURS] [--limit N]``) it
loads the model (not timed), writes, and prints ``{"seconds": ..., "documents": ...}``: the
benchmark runs every peer in its own process, as it runs officegen, with one process on each side.
Times are CPU seconds of the process (``time.process_time``): on a shared machine they are what
the writing cost, not how long it waited for a core.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from officegen.definition.model import Organization

# -- job descriptions ----------------------------------------------------------------------------


def jd_blocks(org: Organization, limit: int | None = None) -> list[tuple[str, list]]:
    """(role id, blocks) for the first ``limit`` roles, from officegen's bundled templates."""
    from officegen.generators.jd.context import role_context
    from officegen.generators.jd.markup import parse
    from officegen.generators.jd.templates import Templates

    templates = Templates(org.lang)
    roles = org.roles_in_org_order()[:limit]
    return [(role.id, parse(templates.render_role(role_context(org, role)))) for role in roles]


def python_docx_documents(blocks: list[tuple[str, list]], outdir: Path, east_asian: str) -> float:
    """Seconds to write one .docx per role with python-docx's API, ``blocks`` giving the content."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def shade(cell, fill: str) -> None:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shd)

    outdir.mkdir(parents=True, exist_ok=True)
    started = time.process_time()
    for role_id, role_blocks in blocks:
        doc = Document()
        normal = doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
        for block in role_blocks:
            if block.kind == "table":
                cols = max(len(r.cells) for r in block.rows)
                table = doc.add_table(rows=0, cols=cols)
                table.style = "Table Grid"
                for row in block.rows:
                    cells = table.add_row().cells
                    if len(row.cells) < cols:  # the last cell spans to the end
                        cells[len(row.cells) - 1].merge(cells[-1])
                    for cell, content in zip(cells, row.cells):
                        paragraph = cell.paragraphs[0]
                        strong = row.header or content.label
                        for text, bold in content.segments:
                            paragraph.add_run(text).bold = bold or strong
                        if strong:
                            shade(cell, "D9E2F3" if row.header else "F2F2F2")
                continue
            if block.kind == "heading":
                paragraph = doc.add_heading("", level=block.level)
            elif block.kind == "title":
                paragraph = doc.add_paragraph(style="Title")
            elif block.kind == "bullet":
                paragraph = doc.add_paragraph(style="List Bullet")
            elif block.kind == "number":
                paragraph = doc.add_paragraph(style="List Number")
            else:
                paragraph = doc.add_paragraph()
            for text, bold in block.segments:
                paragraph.add_run(text).bold = bold
        doc.save(outdir / f"{role_id}.docx")
    return time.process_time() - started


def naive_job_descriptions(org: Organization, outdir: Path, limit: int) -> float:
    """The first benchmark's peer: seconds to write ``limit`` shorter job descriptions, a fresh
    ``Document()`` each."""
    from docx import Document
    from docx.oxml.ns import qn

    outdir.mkdir(parents=True, exist_ok=True)
    roles = org.roles_in_org_order()[:limit]
    started = time.process_time()
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
    return time.process_time() - started


# -- RACI ------------------------------------------------------------------------------------------


def xlsxwriter_raci(org: Organization, path: Path) -> float:
    """Seconds to write the RACI workbook's sheets with XlsxWriter (constant memory): the matrix with
    department and role headers, letters, count formulas and spare rows, the dropdown from a hidden
    list, the letter colours and checks; the workload sheet's formulas; the checks and the legend."""
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

    from officegen.generators.raci.layout import (
        FIRST_COL,
        FIRST_ROW,
        LABELS,
        SPARE_ROWS,
    )
    from officegen.generators.raci.workbook import (
        COLOURS,
        FINDING_LABEL,
        MEANINGS,
        scheme_values,
    )
    from officegen.i18n import pick_labels

    labels = pick_labels(LABELS, org.lang)
    meanings = pick_labels(MEANINGS, org.lang)
    started = time.process_time()
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet(labels["matrix"][:31])
    workload = wb.add_worksheet(labels["workload"])
    checks = wb.add_worksheet(labels["checks"])
    legend = wb.add_worksheet(labels["legend"])
    lists = wb.add_worksheet(labels["lists"])
    lists.hide()
    roles = org.roles_in_org_order()
    first_col, first_row = FIRST_COL - 1, FIRST_ROW - 1
    last_col = first_col + max(len(roles), 1) - 1
    count_a, count_r = last_col + 1, last_col + 2
    border = {"border": 1, "border_color": "#A6A6A6"}
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format(
        {"bold": True, "bg_color": "#D9E1F2", "align": "center", "valign": "vcenter", "text_wrap": True, **border}
    )
    rotated = wb.add_format(
        {
            "bold": True,
            "bg_color": "#D9E1F2",
            "align": "center",
            "valign": "bottom",
            "text_wrap": True,
            "rotation": 90,
            **border,
        }
    )
    process_fmt = wb.add_format({"bold": True, "bg_color": "#EDEDED"})
    centre = wb.add_format({"align": "center", "valign": "vcenter", "text_wrap": True})
    wrap = wb.add_format({"valign": "vcenter", "text_wrap": True})
    middle = wb.add_format({"valign": "vcenter"})
    rotate = len(roles) > 12
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 40)
    ws.set_column(first_col, last_col, 5.5 if rotate else 12)
    ws.set_column(count_a, count_r, 8)
    ws.freeze_panes(first_row, first_col)
    ws.write_string(0, 0, f"{org.name} — {labels['title']}", title)
    ws.set_row(1, 45)
    col = first_col
    for dept in org.walk_departments():
        if dept.role_ids:
            if len(dept.role_ids) > 1:
                ws.merge_range(1, col, 1, col + len(dept.role_ids) - 1, dept.name, head)
            else:
                ws.write_string(1, col, dept.name, head)
            col += len(dept.role_ids)
    ws.set_row(2, 200 if rotate else 48)
    for col, key in ((0, "id"), (1, "activity"), (count_a, "count_a"), (count_r, "count_r")):
        ws.write_string(2, col, labels[key], head)
    for j, role in enumerate(roles):
        ws.write_string(2, first_col + j, role.title, rotated if rotate else head)
    index = {r.id: first_col + j for j, r in enumerate(roles)}
    first, last = xl_col_to_name(first_col), xl_col_to_name(last_col)
    row = first_row
    for process, activities in org.processes:
        ws.write_string(row, 0, process or labels["process_none"], process_fmt)
        ws.write_blank(row, 1, None, process_fmt)
        row += 1
        for a in activities:
            ws.set_row(row, None, None, {"level": 1})
            ws.write_string(row, 0, a.id, middle)
            ws.write_string(row, 1, a.name, wrap)
            for role_id, letters in sorted(a.assignments, key=lambda item: index.get(item[0], 0)):
                if letters and role_id in index:
                    ws.write_string(row, index[role_id], letters, centre)
            span = f"{first}{row + 1}:{last}{row + 1}"
            ws.write_formula(row, count_a, f'=COUNTIF({span},"*A*")', centre)
            ws.write_formula(row, count_r, f'=COUNTIF({span},"*R*")', centre)
            row += 1
    last_row = row
    for r in range(row, row + SPARE_ROWS):
        span = f"{first}{r + 1}:{last}{r + 1}"
        for col, letter in ((count_a, "A"), (count_r, "R")):
            ws.write_formula(r, col, f'=IF(COUNTA($B{r + 1},{span})=0,"",COUNTIF({span},"*{letter}*"))', centre)
    end = row + SPARE_ROWS
    grid = f"{xl_rowcol_to_cell(first_row, first_col)}:{xl_rowcol_to_cell(end - 1, last_col)}"
    values = scheme_values(org)
    ws.data_validation(
        grid,
        {
            "validate": "list",
            "source": f"='{lists.name}'!$A$1:$A${len(values)}",
            "error_title": labels["error_title"],
            "error_message": labels["error"].format(values=", ".join(values))[:255],
            "input_title": labels["prompt_title"],
            "input_message": labels["prompt"][:255],
        },
    )
    for letter, (fill, font) in COLOURS.items():
        ws.conditional_format(
            grid,
            {
                "type": "text",
                "criteria": "containing",
                "value": letter,
                "stop_if_true": True,
                "format": wb.add_format({"bg_color": f"#{fill}", "font_color": f"#{font}", "bold": letter == "A"}),
            },
        )
    bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True})
    for col, test in ((count_a, "<>1"), (count_r, "=0")):
        name = xl_col_to_name(col)
        ws.conditional_format(
            f"{name}{first_row + 1}:{name}{end}",
            {
                "type": "formula",
                "criteria": f"=AND(ISNUMBER({name}{first_row + 1}),{name}{first_row + 1}{test})",
                "format": bad,
            },
        )
    ws.autofilter(2, 0, end - 1, count_r)
    ws.repeat_rows(0, 2)
    ws.repeat_columns(0, 1)
    ws.print_area(0, 0, end - 1, count_r)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.outline_settings(True, False, True, False)

    letters = [c for c in "RASCI" if c in org.scheme_letters]
    for col, name in enumerate(
        [labels["role"], labels["department"], labels["manager"], labels["headcount"], *letters, labels["load"]]
    ):
        workload.write_string(0, col, name, head)
    matrix = f"'{ws.name}'"
    for i, role in enumerate(roles):
        manager = org.manager_of(role.id)
        workload.write_string(i + 1, 0, role.title)
        workload.write_string(i + 1, 1, org.departments[role.department_id].name)
        workload.write_string(i + 1, 2, manager.title if manager else "")
        workload.write_number(i + 1, 3, role.headcount)
        name = xl_col_to_name(first_col + i)
        for k, letter in enumerate(letters):
            workload.write_formula(
                i + 1, 4 + k, f'=COUNTIF({matrix}!{name}${FIRST_ROW}:{name}${last_row},"*{letter}*")'
            )
        r_cell = xl_rowcol_to_cell(i + 1, 4 + letters.index("R"))
        a_cell = xl_rowcol_to_cell(i + 1, 4 + letters.index("A"))
        workload.write_formula(i + 1, 4 + len(letters), f"={r_cell}+{a_cell}")
    load = xl_col_to_name(4 + len(letters))
    workload.conditional_format(
        f"{load}2:{load}{len(roles) + 1}", {"type": "top", "value": 10, "criteria": "%", "format": bad}
    )
    workload.freeze_panes(1, 1)
    workload.autofilter(0, 0, len(roles), 4 + len(letters))

    checks.write_string(0, 0, labels["checks_note"])
    for col, name in enumerate([labels["id"], labels["activity"], labels["problem"], labels["roles"]]):
        checks.write_string(1, col, name, head)
    names = {a.id: a.name for a in org.activities}
    for row, finding in enumerate(org.raci_findings, start=2):
        aid, name, involved = finding.activity_id, names[finding.activity_id], finding.roles
        problem = labels[FINDING_LABEL[finding.kind]].format(n=len(involved))
        for col, value in enumerate((aid, name, problem, ", ".join(org.roles[r].title for r in involved))):
            checks.write_string(row, col, value, wrap)

    for col, name in enumerate([labels["letter"], labels["meaning"], labels["explanation"]]):
        legend.write_string(0, col, name, head)
    for row, letter in enumerate(letters, start=1):
        meaning, explanation = meanings[letter]
        legend.write_string(row, 0, letter)
        legend.write_string(row, 1, meaning)
        legend.write_string(row, 2, explanation, wrap)
    for i, value in enumerate(values):
        lists.write_string(i, 0, value)
    for i, role in enumerate(roles):
        lists.write_string(i, 1, role.id)
    wb.close()
    return time.process_time() - started


# -- deck ------------------------------------------------------------------------------------------


def deck_slides(path: Path) -> tuple[tuple[int, int], list[dict]]:
    """officegen's deck read back as plain data: slide size, and per slide its shapes and notes."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(str(path))
    ids: dict[int, int] = {}
    slides = []
    for slide in prs.slides:
        shapes = []
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.width, shape.height)
            if shape.has_chart:
                chart = shape.chart
                plot = chart.plots[0]
                shapes.append(
                    {
                        "kind": "chart",
                        "box": box,
                        "type": chart.chart_type,
                        "categories": [str(c) for c in plot.categories],
                        "series": [(s.name, [v or 0 for v in s.values]) for s in plot.series],
                    }
                )
            elif shape.has_table:
                rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
                shapes.append({"kind": "table", "box": box, "rows": rows})
            elif shape.shape_type == MSO_SHAPE_TYPE.LINE:
                st = shape._element.find(".//{*}stCxn")
                end = shape._element.find(".//{*}endCxn")
                shapes.append(
                    {
                        "kind": "connector",
                        "points": (shape.begin_x, shape.begin_y, shape.end_x, shape.end_y),
                        "begin": (int(st.get("id")), int(st.get("idx"))) if st is not None else None,
                        "end": (int(end.get("id")), int(end.get("idx"))) if end is not None else None,
                    }
                )
            else:
                try:
                    auto = shape.auto_shape_type if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE else None
                except ValueError:
                    auto = None
                fill = None
                try:
                    if shape.fill.type == 1:  # solid
                        fill = str(shape.fill.fore_color.rgb)
                except (AttributeError, TypeError, ValueError):
                    pass
                paragraphs = []
                if shape.has_text_frame:
                    for p in shape.text_frame.paragraphs:
                        size = next((r.font.size for r in p.runs if r.font.size), None)
                        bold = any(r.font.bold for r in p.runs)
                        paragraphs.append((p.text, size, bold))
                shapes.append(
                    {
                        "kind": "shape",
                        "id": shape.shape_id,
                        "box": box,
                        "auto": auto,
                        "fill": fill,
                        "paragraphs": paragraphs,
                    }
                )
            ids[shape.shape_id] = len(shapes) - 1
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"shapes": shapes, "notes": notes})
    return (prs.slide_width, prs.slide_height), slides


def python_pptx_deck(size: tuple[int, int], slides: list[dict], path: Path, font: str) -> float:
    """Seconds to write ``slides`` with python-pptx's shape API."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE

    started = time.process_time()
    prs = Presentation()
    prs.slide_width, prs.slide_height = size
    blank = prs.slide_layouts[6]
    for spec in slides:
        slide = prs.slides.add_slide(blank)
        made: dict[int, object] = {}
        for item in spec["shapes"]:
            kind = item["kind"]
            if kind == "shape":
                if item["auto"] is not None:
                    shape = slide.shapes.add_shape(item["auto"] or MSO_SHAPE.RECTANGLE, *item["box"])
                else:
                    shape = slide.shapes.add_textbox(*item["box"])
                if item["fill"]:
                    shape.fill.solid()
                    shape.fill.fore_color.rgb = RGBColor.from_string(item["fill"])
                frame = shape.text_frame
                frame.word_wrap = True
                for i, (text, size_pt, bold) in enumerate(item["paragraphs"]):
                    paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                    run = paragraph.add_run()
                    run.text = text
                    run.font.name = font
                    run.font.bold = bold
                    if size_pt:
                        run.font.size = size_pt
                made[item["id"]] = shape
            elif kind == "connector":
                connector = slide.shapes.add_connector(MSO_CONNECTOR.ELBOW, *item["points"])
                if item["begin"] and item["begin"][0] in made:
                    connector.begin_connect(made[item["begin"][0]], item["begin"][1])
                if item["end"] and item["end"][0] in made:
                    connector.end_connect(made[item["end"][0]], item["end"][1])
            elif kind == "table":
                rows = item["rows"]
                table = slide.shapes.add_table(len(rows), max(len(r) for r in rows), *item["box"]).table
                for r, values in enumerate(rows):
                    for c, value in enumerate(values):
                        table.cell(r, c).text = value
            elif kind == "chart":
                data = CategoryChartData()
                data.categories = item["categories"]
                for name, values in item["series"]:
                    data.add_series(name, values)
                slide.shapes.add_chart(item["type"], *item["box"], data)
        if spec["notes"]:
            slide.notes_slide.notes_text_frame.text = spec["notes"]
    prs.save(str(path))
    return time.process_time() - started


# -- officegen's own writers, timed the same way ---------------------------------------------------


def officegen_writer(org: Organization, kind: str, out: Path) -> tuple[float, int]:
    """CPU seconds of one of officegen's writers (imports done before the clock starts), and the
    documents it wrote."""
    from officegen.generators.deck import write_deck
    from officegen.generators.jd import write_job_descriptions
    from officegen.generators.raci import write_raci

    started = time.process_time()
    if kind == "raci":
        write_raci(org, out)
        documents = 1
    elif kind == "jd":
        documents = len(write_job_descriptions(org, out, jobs=1))
    else:
        write_deck(org, out)
        documents = 1
    return time.process_time() - started, documents


# -- as a script: one peer in its own process ---------------------------------------------------------


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="Run one peer of the benchmark (prints JSON).")
    parser.add_argument(
        "kind", choices=("jd", "jd-short", "raci", "deck", "officegen-raci", "officegen-jd", "officegen-deck")
    )
    parser.add_argument("team", type=Path)
    parser.add_argument("out", type=Path, help="folder (jd) or file (raci, deck) to write")
    parser.add_argument("--from", dest="ours", type=Path, help="deck: officegen's deck, whose slides are rebuilt")
    parser.add_argument("--limit", type=int, default=None, help="jd: at most this many roles")
    args = parser.parse_args(argv)

    from officegen.definition import load_organization
    from officegen.office.fonts import east_asian_font

    org, _ = load_organization(args.team)
    if args.kind.startswith("officegen-"):
        seconds, documents = officegen_writer(org, args.kind.split("-", 1)[1], args.out)
    elif args.kind == "jd":
        blocks = jd_blocks(org, args.limit)
        seconds, documents = python_docx_documents(blocks, args.out, east_asian_font(org.lang)), len(blocks)
    elif args.kind == "jd-short":
        documents = min(args.limit or len(org.roles), len(org.roles))
        seconds = naive_job_descriptions(org, args.out, documents)
    elif args.kind == "raci":
        seconds, documents = xlsxwriter_raci(org, args.out), 1
    else:
        size, slides = deck_slides(args.ours)
        font = east_asian_font(org.lang) if org.lang == "zh-CN" else "Calibri"
        seconds, documents = python_pptx_deck(size, slides, args.out, font), 1
    result = {"seconds": seconds, "documents": documents}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
