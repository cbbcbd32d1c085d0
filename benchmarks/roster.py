"""The roster import at scale: a deterministic Chinese roster of N rows (a title row above the
header, department paths, three team leads per department, 2% vacancies, 1% leavers), as .xlsx
and as GB18030 CSV, imported by ``officegen import-roster`` in a fresh process each run.

Used by ``run.py`` (``--roster-sizes 10000`` by default; add ``100000`` for the large one).
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass, field
from pathlib import Path

HEADER = ["工号", "姓名", "部门", "岗位", "直属上级工号", "状态", "邮箱"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


@dataclass
class RosterRow:
    rows: int
    seconds: dict[str, float] = field(default_factory=dict)  # wall, by format: xlsx, csv
    cpu: dict[str, float] = field(default_factory=dict)
    rss_mb: dict[str, float] = field(default_factory=dict)
    roles: int = 0
    departments: int = 0


def roster_rows(n: int) -> list[list[str]]:
    """N rows: a CEO; divisions of ~1,000 under them; departments of ~50 with a manager, three
    team leads and their staff (who report to their lead)."""
    rows = [["1", "王总", "总部", "总经理", "", "在职", "ceo@example.com"]]
    ident = 2
    divisions = max(1, n // 1000)
    per_division = (n - 1) // divisions
    for d in range(divisions):
        division = f"事业部{d + 1:03d}"
        head = ident
        rows.append([str(head), _name(head), division, "事业部总经理", "1", "在职", f"e{head}@example.com"])
        ident += 1
        left_in_division = per_division - 1
        dept = 0
        while left_in_division > 0:
            size = min(50, left_in_division)
            dept += 1
            path = f"{division}/部门{dept:02d}"
            manager = ident
            rows.append([str(manager), _name(manager), path, "部门经理", str(head), "在职", f"e{manager}@example.com"])
            ident += 1
            leads = []
            for _ in range(min(3, size - 1)):
                leads.append(ident)
                rows.append([str(ident), _name(ident), path, "班组长", str(manager), "在职", f"e{ident}@example.com"])
                ident += 1
            for k in range(size - 1 - len(leads)):
                lead = leads[k % len(leads)] if leads else manager
                status = "空缺" if ident % 50 == 7 else "离职" if ident % 100 == 13 else "在职"
                name = "" if status == "空缺" else _name(ident)
                rows.append(
                    [
                        str(ident) if name else "",
                        name,
                        path,
                        "专员" if k % 2 else "工程师",
                        str(lead),
                        status,
                        f"e{ident}@example.com" if name else "",
                    ]
                )
                ident += 1
            left_in_division -= size
    return rows


def _name(n: int) -> str:
    return _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n // 20) % len(_GIVEN)] + _GIVEN[(n // 400) % len(_GIVEN)] + str(n)


def write_rosters(n: int, folder: Path) -> dict[str, Path]:
    import openpyxl

    rows = roster_rows(n)
    xlsx = folder / f"roster-{n}.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append([f"某某集团员工花名册（{n:,} 行）"])
    ws.append(HEADER)
    for row in rows:
        ws.append([int(v) if v.isdigit() else v for v in row])
    wb.save(xlsx)
    text = folder / f"roster-{n}.csv"
    with open(text, "w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return {"xlsx": xlsx, "csv": text}


def measure_rosters(sizes: list[int], runs: int, work: Path, run_command, progress=None) -> list[RosterRow]:
    """Median wall and CPU seconds and peak RSS of ``import-roster`` per size and format
    (``run_command(args, cwd) -> (wall s, CPU s, peak MB)``)."""
    from officegen.definition import load_organization

    out = []
    for n in sizes:
        files = write_rosters(n, work)
        row = RosterRow(n)
        for fmt, path in files.items():
            times, cpus, peaks = [], [], []
            for i in range(runs):
                team = work / f"roster-{n}-{fmt}-{i}.yaml"
                if progress:
                    progress(f"import-roster {path.name} (run {i + 1})")
                elapsed, cpu, rss = run_command(["import-roster", str(path), "-o", str(team)], work)
                times.append(elapsed)
                cpus.append(cpu)
                peaks.append(rss)
            row.seconds[fmt] = statistics.median(times)
            row.cpu[fmt] = statistics.median(cpus)
            row.rss_mb[fmt] = max(peaks)
        org, _ = load_organization(work / f"roster-{n}-xlsx-0.yaml")
        row.roles, row.departments = len(org.roles), len(org.departments)
        out.append(row)
    return out


def roster_table(rows: list[RosterRow], runs: int) -> str:
    lines = [
        f"`officegen import-roster` (median of {runs} runs, a fresh process each: the roster read, people and "
        "lines resolved, the definition written and validated; CPU seconds, which a loaded machine does not "
        "inflate, beside the wall time):",
        "",
        "| rows | departments | roles | xlsx CPU s | xlsx wall s | xlsx µs/row (CPU) | xlsx peak RSS "
        "| GB18030 CSV CPU s | CSV peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.rows:,} | {r.departments:,} | {r.roles:,} | {r.cpu['xlsx']:.2f} | {r.seconds['xlsx']:.2f} | "
            f"{r.cpu['xlsx'] / r.rows * 1e6:.0f} | {r.rss_mb['xlsx']:.0f} MB | {r.cpu['csv']:.2f} | "
            f"{r.rss_mb['csv']:.0f} MB |"
        )
    for a, b in zip(rows, rows[1:]):
        lines.append("")
        lines.append(
            f"Scaling {a.rows:,} -> {b.rows:,} rows ({b.rows / a.rows:.0f}x): xlsx "
            f"{b.cpu['xlsx'] / a.cpu['xlsx']:.1f}x the CPU time, {b.rss_mb['xlsx'] / a.rss_mb['xlsx']:.1f}x the "
            "peak memory."
        )
    return "\n".join(lines)
