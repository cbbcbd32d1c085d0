"""officegen's benchmark: synthetic organisations of 100, 1,000 and 10,000 people.

For each size it times ``raci``, ``jd``, ``deck``, ``site`` and ``build`` as the user runs them (a fresh
process each, so start-up and imports count), takes the median of several runs and the peak
memory, and sets beside them, in the same run so the ratios survive a noisy machine:

* job descriptions: the naive way (a fresh python-docx ``Document()`` per role, same content);
* RACI: the same cells, validation, formats and formulas written by XlsxWriter (constant memory);
* the floor: deflating and writing the XML that the outputs contain.

The web page is also opened in headless Chromium (when installed): the time until its first
frame, and the slowest answer to a search (typed text to the next frame drawn).

Usage:  python benchmarks/run.py [--sizes 100,1000,10000] [--runs 3] [--out docs/performance.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from naive import naive_job_descriptions, xlsxwriter_raci  # noqa: E402

from officegen.definition import load_organization  # noqa: E402
from officegen.definition.synthetic import write_synthetic  # noqa: E402

#: "import" reads back the workbook "raci" wrote (unedited: the cost of reading and comparing)
COMMANDS = ("raci", "import", "jd", "deck", "site", "build")


@dataclass
class Row:
    people: int
    roles: int
    activities: int
    seconds: dict[str, float] = field(default_factory=dict)
    rss_mb: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    naive_jd_ms: float = 0.0
    ours_jd_ms: float = 0.0
    raci_s: float = 0.0
    xlsxwriter_s: float = 0.0
    floor_s: float = 0.0
    page_open_ms: float | None = None  # headless Chromium: navigation to the first frame drawn
    page_search_ms: float | None = None  # the slowest of a few searches, typed text to the next frame


def run_command(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one officegen process (children included)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "officegen", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"officegen {' '.join(args)} failed: {proc.stderr.read().decode()[-2000:]}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def command_args(cmd: str, team: Path, out: Path) -> list[str]:
    workbook = out.parent / out.name.replace("-import-", "-raci-") / "raci.xlsx"
    return {
        "raci": ["raci", str(team), "-o", str(out / "raci.xlsx")],
        "import": ["import-raci", str(workbook), str(team)],
        "jd": ["jd", str(team), "-o", str(out / "job-descriptions"), "-q"],
        "deck": ["deck", str(team), "-o", str(out / "org-chart.pptx")],
        "site": ["site", str(team), "-o", str(out / "site.html")],
        "build": ["build", str(team), "-o", str(out / "build"), "-q"],
    }[cmd]


def floor_seconds(files: list[Path], scratch: Path) -> float:
    """Deflate and write the XML bytes the outputs contain: no library can be faster than this."""
    payloads = []
    for f in files:
        with zipfile.ZipFile(f) as z:
            payloads += [z.read(i) for i in z.infolist()]
    started = time.perf_counter()
    with open(scratch / "floor.bin", "wb") as fh:
        for data in payloads:
            fh.write(zlib.compress(data, 6))
    return time.perf_counter() - started


def measure(people: int, runs: int, work: Path) -> Row:
    team = write_synthetic(work / f"org-{people}.yaml", people)
    org, _ = load_organization(team)
    row = Row(people, len(org.roles), len(org.activities))
    for cmd in COMMANDS:
        times, peaks = [], []
        for i in range(runs):
            out = work / f"out-{people}-{cmd}-{i}"
            elapsed, rss = run_command(command_args(cmd, team, out), work)
            times.append(elapsed)
            peaks.append(rss)
        row.seconds[cmd] = statistics.median(times)
        row.rss_mb[cmd] = max(peaks)
    out = work / f"out-{people}-build-0" / "build"
    docs = sorted((out / "job-descriptions").glob("*.docx"))
    row.sizes = {
        "raci.xlsx": (out / "raci.xlsx").stat().st_size,
        "org-chart.pptx": (out / "org-chart.pptx").stat().st_size,
        "site.html": (out / "site.html").stat().st_size,
        "job descriptions": sum(p.stat().st_size for p in docs),
    }
    # side by side, in this process, same model
    from officegen.generators.jd import write_job_descriptions
    from officegen.generators.raci import write_raci

    sample = min(len(org.roles), 60)
    naive, ours, xw, floor, raci_in = [], [], [], [], []
    for i in range(runs):
        naive.append(naive_job_descriptions(org, work / f"naive-{people}-{i}", limit=sample) / sample)
        started = time.perf_counter()
        write_job_descriptions(org, work / f"ours-{people}-{i}")
        ours.append((time.perf_counter() - started) / len(org.roles))
        xw.append(xlsxwriter_raci(org, work / f"xw-{people}-{i}.xlsx"))
        started = time.perf_counter()
        write_raci(org, work / f"raci-inproc-{people}-{i}.xlsx")
        raci_in.append(time.perf_counter() - started)
        floor.append(floor_seconds([out / "raci.xlsx", out / "org-chart.pptx", *docs], work))
    row.raci_s = statistics.median(raci_in)
    row.naive_jd_ms = statistics.median(naive) * 1000
    row.ours_jd_ms = statistics.median(ours) * 1000
    row.xlsxwriter_s = statistics.median(xw)
    row.floor_s = statistics.median(floor)
    row.page_open_ms, row.page_search_ms = page_times(out / "site.html", org, runs, work)
    return row


_SEARCH = """const done = arguments[arguments.length - 1], q = document.getElementById('q');
const started = performance.now();
q.value = arguments[0]; q.dispatchEvent(new Event('input'));
requestAnimationFrame(() => setTimeout(() => done(performance.now() - started), 0));"""


def page_times(page: Path, org, runs: int, work: Path) -> tuple[float | None, float | None]:
    """Median ms to open the page, and the slowest median ms of searches for a deep role, a person,
    an activity and one character; None without Chromium, chromedriver and selenium."""
    from officegen.errors import ToolMissingError
    from officegen.office.browser import start_driver

    try:
        driver = start_driver(work / "chromium-profile", 1400, 900)
    except (ImportError, ToolMissingError):
        return None, None
    try:
        deepest = max(org.roles.values(), key=lambda r: (r.depth, r.id))
        queries = [
            deepest.title,
            org.people[-1].name if org.people else deepest.id,
            org.activities[-1].name if org.activities else deepest.title,
            deepest.title[:1],
        ]
        opened, searched = [], {q: [] for q in queries}
        for _ in range(runs):
            driver.get(page.resolve().as_uri())
            for _ in range(200):
                ready = driver.execute_script("return document.documentElement.dataset.ready")
                if ready:
                    break
                time.sleep(0.01)
            opened.append(float(ready))
            for q in queries:
                searched[q].append(driver.execute_async_script(_SEARCH, q))
        return statistics.median(opened), max(statistics.median(v) for v in searched.values())
    finally:
        driver.quit()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def table(rows: list[Row], runs: int) -> str:
    lines = [
        f"Median of {runs} runs; each command a fresh `officegen` process (imports and loading included).",
        "",
        "| people | roles | activities | raci s | import-raci s | jd s | deck s | site s | build s | build peak RSS | raci.xlsx | deck | job descriptions | site.html |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.people:,} | {r.roles:,} | {r.activities:,} | {r.seconds['raci']:.2f} | {r.seconds['import']:.2f} | "
            f"{r.seconds['jd']:.2f} | "
            f"{r.seconds['deck']:.2f} | {r.seconds['site']:.2f} | {r.seconds['build']:.2f} | {r.rss_mb['build']:.0f} MB | "
            f"{r.sizes['raci.xlsx'] / 1e6:.2f} MB | {r.sizes['org-chart.pptx'] / 1e6:.2f} MB | "
            f"{r.sizes['job descriptions'] / 1e6:.1f} MB | {r.sizes['site.html'] / 1e6:.2f} MB |"
        )
    lines += [
        "",
        "Side by side (same process, same model):",
        "",
        "| people | jd: officegen ms/doc | jd: naive python-docx ms/doc | speed-up | raci: officegen s | raci: XlsxWriter constant_memory s | ratio | floor: deflate+write all XML s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.people:,} | {r.ours_jd_ms:.2f} | {r.naive_jd_ms:.1f} | {r.naive_jd_ms / r.ours_jd_ms:.0f}x | "
            f"{r.raci_s:.2f} | {r.xlsxwriter_s:.2f} | {r.raci_s / r.xlsxwriter_s:.2f}x | "
            f"{r.floor_s:.2f} |"
        )

    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f}"

    lines += [
        "",
        "The web page in headless Chromium (1400 x 900; targets: open under 2,000 ms, search under 100 ms):",
        "",
        "| people | open: navigation to first frame ms | search: slowest, typed to next frame ms |",
        "|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r.people:,} | {ms(r.page_open_ms)} | {ms(r.page_search_ms)} |")
    if len(rows) >= 2:
        lines.append("")
        for a, b in zip(rows, rows[1:]):
            lines.append(
                f"Scaling {a.people:,} -> {b.people:,} people ({b.people / a.people:.0f}x): build "
                f"{b.seconds['build'] / a.seconds['build']:.1f}x the time."
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE.parent / "docs" / "performance.md")
    parser.add_argument("--no-write", action="store_true", help="Print the table only.")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="officegen-bench-") as tmp:
        rows = [measure(n, args.runs, Path(tmp)) for n in sizes]
    text = table(rows, args.runs)
    print(text)
    if not args.no_write:
        body = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        start, end = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
        block = f"{start}\nMachine: {machine()}\n\n{text}\n{end}"
        if start in body and end in body:
            body = body[: body.index(start)] + block + body[body.index(end) + len(end) :]
        else:
            body = "# Performance\n\n" + block + "\n"
        args.out.write_text(body, encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
