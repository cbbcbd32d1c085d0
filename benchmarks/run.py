"""officegen's benchmark: synthetic organisations of 100, 1,000 and 10,000 people (50,000 and
100,000 when asked for).

Every command runs as the user runs it, a fresh ``officegen`` process each (start-up, imports and
loading count), and so does every peer (``naive.py``: the same documents written with python-docx,
XlsxWriter and python-pptx the way a user would). For each output the benchmark reports:

* its own time: the command's time less ``validate`` on the same file (the front half every
  command shares: start-up, reading and checking the definition);
* over its zip floor: deflating (level 6) the XML that very output contains - no writer that
  produces those bytes can be faster;
* over its peer, with the same number of processes on both sides (``jd --jobs 1`` against one
  python-docx process; the deck and the RACI workbook are one process each).

Runs are interleaved (run 1 of every command and peer, then run 2...), so a loaded machine slows
both sides of a ratio alike; every figure is the median of ``--runs`` runs, peak memory the
largest seen. ``--profile N`` instead profiles each writer in-process at N people and splits its
time into officegen's own code, the libraries', zip (deflate, CRC, zipfile) and file I/O.

It also times ``import-roster`` on synthetic rosters (``roster.py``): the largest ``--sizes`` in
rows by default (10,000), ``--roster-sizes 10000,100000`` for the large one.

Usage:  python benchmarks/run.py [--sizes 100,1000,10000] [--runs 3] [--large] [--out docs/performance.md]
        python benchmarks/run.py --sizes 10000 --roster-sizes 10000,100000 --only import-roster
        python benchmarks/run.py --sizes 10000,50000,100000 --runs 1 --no-write
        python benchmarks/run.py --profile 10000

Adding a command: append a ``Command`` to ``COMMANDS`` (its arguments from the team file and a
fresh output folder); it is timed with the others and gets a column in the first table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from officegen.definition.synthetic import write_synthetic

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # roster.py beside this file
    sys.path.insert(0, str(HERE))
import roster as roster_bench  # noqa: E402

#: roles whose job descriptions the python-docx peer writes (at ~50 ms each); its time is per document
PEER_JD_ROLES = 60
#: the optional large sizes (``--large``): the whole build's time and peak memory
LARGE = (50_000, 100_000)


@dataclass(frozen=True)
class Command:
    """One timed ``officegen`` command: ``args(team, out)`` with ``out`` a fresh folder."""

    name: str
    args: Callable[[Path, Path], list[str]]


def _import_args(team: Path, out: Path) -> list[str]:
    return ["import-raci", str(team.with_suffix(".raci.xlsx")), str(team)]  # the workbook written in setup


COMMANDS: list[Command] = [
    Command("validate", lambda t, o: ["validate", str(t)]),
    Command("raci", lambda t, o: ["raci", str(t), "-o", str(o / "raci.xlsx")]),
    Command("import-raci", _import_args),  # reads back the workbook raci wrote (unedited)
    Command("jd", lambda t, o: ["jd", str(t), "-o", str(o / "jd"), "-q"]),  # every core
    Command("jd --jobs 1", lambda t, o: ["jd", str(t), "-o", str(o / "jd"), "-q", "--jobs", "1"]),
    Command("deck", lambda t, o: ["deck", str(t), "-o", str(o / "org-chart.pptx")]),
    Command("site", lambda t, o: ["site", str(t), "-o", str(o / "site.html")]),
    Command("build", lambda t, o: ["build", str(t), "-o", str(o / "build"), "-q"]),
    # two versions (the next one re-organised, as synthetic.revised_definition does), with both change documents
    Command(
        "diff",
        lambda t, o: [
            "diff",
            str(t),
            str(t.with_suffix(".v2.yaml")),
            "-q",
            "-o",
            str(o / "c.xlsx"),
            "--deck",
            str(o / "c.pptx"),
        ],
    ),
]


@dataclass(frozen=True)
class Output:
    """One document kind: the command that writes it (one process), the files it wrote, its peer."""

    name: str
    command: str
    files: Callable[[Path], list[Path]]  # the command's output folder -> the files written
    peer: str  # naive.py kind
    peer_label: str
    shown_as: str | None = None  # a second peer of the same output: the row it is reported as
    writer: str | None = None  # naive.py kind timing officegen's writer alone, as the peer is timed


OUTPUTS = [
    Output(
        "RACI workbook",
        "raci",
        lambda o: [o / "raci.xlsx"],
        "raci",
        "XlsxWriter constant_memory",
        writer="officegen-raci",
    ),
    Output(
        "job descriptions",
        "jd --jobs 1",
        lambda o: sorted((o / "jd").glob("*.docx")),
        "jd",
        "python-docx Document() per role",
        writer="officegen-jd",
    ),
    Output("deck", "deck", lambda o: [o / "org-chart.pptx"], "deck", "python-pptx shapes", writer="officegen-deck"),
    # the first benchmark's peer (shorter content), so its ratio can be read beside the new one
    Output(
        "job descriptions (first peer)",
        "jd --jobs 1",
        lambda o: sorted((o / "jd").glob("*.docx")),
        "jd-short",
        "python-docx, shorter content",
        shown_as="job descriptions",
    ),
]


@dataclass
class Row:
    people: int
    roles: int = 0
    activities: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # command -> median wall seconds
    cpu: dict[str, float] = field(default_factory=dict)  # command -> median CPU seconds (children included)
    rss_mb: dict[str, float] = field(default_factory=dict)  # command -> largest peak RSS
    sizes: dict[str, int] = field(default_factory=dict)  # output -> bytes
    xml_mb: dict[str, float] = field(default_factory=dict)  # output -> MB of XML inside
    floor_s: dict[str, float] = field(default_factory=dict)  # output -> deflate seconds
    peer_s: dict[str, float] = field(default_factory=dict)  # output -> peer seconds (per document for jd)
    peer_rss_mb: dict[str, float] = field(default_factory=dict)
    writer_s: dict[str, float] = field(default_factory=dict)  # output -> officegen's writer alone (per document for jd)
    documents: int = 0  # job descriptions written by jd
    page_open_ms: float | None = None  # headless Chromium: navigation to the first frame drawn
    page_search_ms: float | None = None  # the slowest of a few searches, typed text to the next frame

    def own(self, command: str) -> float:
        """The command's CPU time less validate's: what writing its output costs."""
        return max(self.cpu[command] - self.cpu["validate"], 1e-6)

    def own_wall(self, command: str) -> float:
        return max(self.seconds[command] - self.seconds["validate"], 1e-6)

    # kept for callers of the first benchmark
    @property
    def naive_jd_ms(self) -> float:
        return self.peer_s.get("job descriptions", 0.0) * 1000

    @property
    def ours_jd_ms(self) -> float:
        return self.own("jd --jobs 1") / max(self.documents, 1) * 1000

    @property
    def raci_s(self) -> float:
        return self.own("raci")

    @property
    def xlsxwriter_s(self) -> float:
        return self.peer_s.get("RACI workbook", 0.0)


# -- running ----------------------------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path, what: str) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MB) - children included - and stdout of
    one process; stops the run if it failed. Its output goes to files, never pipes, so a chatty process cannot block on a full pipe."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{what} failed: {err.read().decode(errors='replace')[-2000:]}")
        out.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return elapsed, cpu, usage.ru_maxrss / 1024, out.read().decode(errors="replace")


def run_command(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one officegen process (children included)."""
    elapsed, cpu, rss, _ = _run([sys.executable, "-m", "officegen", *args], cwd, f"officegen {' '.join(args)}")
    return elapsed, cpu, rss


def run_peer(kind: str, team: Path, out: Path, cwd: Path, extra: list[str]) -> tuple[float, int, float]:
    """(writing seconds, documents, peak RSS MB) of one peer in its own process."""
    _, _, rss, stdout = _run(
        [sys.executable, str(HERE / "naive.py"), kind, str(team), str(out), *extra], cwd, f"peer {kind}"
    )
    result = json.loads(stdout.strip().splitlines()[-1])
    return result["seconds"], result["documents"], rss


def xml_payloads(files: list[Path]) -> list[bytes]:
    payloads = []
    for f in files:
        with zipfile.ZipFile(f) as z:
            payloads += [z.read(i) for i in z.infolist()]
    return payloads


def floor_seconds(payloads: list[bytes]) -> float:
    """CPU seconds to deflate (level 6, as every writer here does) the XML an output contains: no
    writer of those bytes can be faster."""
    started = time.process_time()
    for data in payloads:
        zlib.compress(data, 6)
    return time.process_time() - started


def measure(
    people: int,
    runs: int,
    work: Path,
    commands: list[Command] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Row:
    commands = commands or COMMANDS
    names = {c.name for c in commands}
    outputs = [o for o in OUTPUTS if o.command in names]
    team = write_synthetic(work / f"org-{people}.yaml", people)
    row = Row(people)
    say = progress or (lambda text: None)
    # setup, not timed: the workbook import-raci reads, and the deck the python-pptx peer rebuilds
    setup = work / f"setup-{people}"
    if "import-raci" in names:
        run_command(["raci", str(team), "-o", str(team.with_suffix(".raci.xlsx"))], work)
    if any(o.peer == "deck" for o in outputs):
        run_command(["deck", str(team), "-o", str(setup / "org-chart.pptx")], work)
    if "diff" in names:
        write_synthetic(team.with_suffix(".v2.yaml"), people, revised=True)  # what diff compares it with
    from officegen.definition import load_organization

    org, _ = load_organization(team)
    row.roles, row.activities = len(org.roles), len(org.activities)
    times: dict[str, list[float]] = {c.name: [] for c in commands}
    cpus: dict[str, list[float]] = {c.name: [] for c in commands}
    peaks: dict[str, list[float]] = {c.name: [] for c in commands}
    peer_times: dict[str, list[float]] = {o.name: [] for o in outputs}
    peer_peaks: dict[str, list[float]] = {o.name: [] for o in outputs}
    floors: dict[str, list[float]] = {o.name: [] for o in outputs}
    writers: dict[str, list[float]] = {o.name: [] for o in outputs if o.writer}
    folders: dict[str, Path] = {}
    limit = min(row.roles, PEER_JD_ROLES)
    for i in range(runs):
        for cmd in commands:
            out = work / f"out-{people}-{cmd.name.replace(' ', '_')}-{i}"
            say(f"{people:,} people, run {i + 1}/{runs}: {cmd.name}")
            elapsed, cpu, rss = run_command(cmd.args(team, out), work)
            times[cmd.name].append(elapsed)
            cpus[cmd.name].append(cpu)
            peaks[cmd.name].append(rss)
            folders[cmd.name] = out
        for output in outputs:
            say(f"{people:,} people, run {i + 1}/{runs}: peer of the {output.name}")
            target = work / f"peer-{people}-{output.peer}-{i}"
            extra = {
                "jd": ["--limit", str(limit)],
                "jd-short": ["--limit", str(limit)],
                "deck": ["--from", str(setup / "org-chart.pptx")],
            }.get(output.peer, [])
            if not output.peer.startswith("jd"):
                target = target.with_suffix(".pptx" if output.peer == "deck" else ".xlsx")
            seconds, documents, rss = run_peer(output.peer, team, target, work, extra)
            peer_times[output.name].append(seconds / documents if output.peer.startswith("jd") else seconds)
            peer_peaks[output.name].append(rss)
            if output.shown_as:
                continue
            if output.writer:
                say(f"{people:,} people, run {i + 1}/{runs}: officegen's writer of the {output.name}")
                mine = target.with_name(f"writer-{target.name}")
                seconds, documents, _ = run_peer(output.writer, team, mine, work, [])
                writers[output.name].append(seconds / documents if output.peer.startswith("jd") else seconds)
            payloads = xml_payloads(output.files(folders[output.command]))
            floors[output.name].append(floor_seconds(payloads))
            if i == 0:
                row.sizes[output.name] = sum(p.stat().st_size for p in output.files(folders[output.command]))
                row.xml_mb[output.name] = sum(map(len, payloads)) / 1e6
            del payloads
    row.seconds = {name: statistics.median(v) for name, v in times.items()}
    row.cpu = {name: statistics.median(v) for name, v in cpus.items()}
    row.rss_mb = {name: max(v) for name, v in peaks.items()}
    row.peer_s = {name: statistics.median(v) for name, v in peer_times.items()}
    row.peer_rss_mb = {name: max(v) for name, v in peer_peaks.items()}
    row.floor_s = {name: statistics.median(v) for name, v in floors.items() if v}
    row.writer_s = {name: statistics.median(v) for name, v in writers.items() if v}
    jd = folders.get("jd --jobs 1")
    row.documents = len(list((jd / "jd").glob("*.docx"))) if jd else row.roles
    if "site" in folders:
        say(f"{people:,} people: the web page in Chromium")
        row.page_open_ms, row.page_search_ms = page_times(folders["site"] / "site.html", org, runs, work)
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


# -- the report ---------------------------------------------------------------------------------------


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
    load = ""
    try:
        load = f"; load average {os.getloadavg()[0]:.1f} at the end of the run"
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}{load}"
    )


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n < 10e6 else f"{n / 1e6:.0f} MB"


def table(rows: list[Row], runs: int, commands: list[Command] | None = None) -> str:
    commands = commands or COMMANDS
    # the commands asked for, and those of the large sizes (--large: validate and build)
    names = [c.name for c in COMMANDS if c in commands or any(c.name in r.seconds for r in rows)]
    lines = [
        (
            f"Median of {runs} run{'s' * (runs > 1)}; each command a fresh `officegen` process (start-up, imports and "
            "loading included): wall-clock seconds, and in brackets CPU seconds (user + system, worker processes "
            "included), which a shared machine disturbs less."
        ),
        "",
        "| people | roles | activities | " + " | ".join(f"{n} s" for n in names) + " | build peak RSS |",
        "|---:|---:|---:|" + "---:|" * len(names) + "---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.people:,} | {r.roles:,} | {r.activities:,} | "
            + " | ".join(f"{r.seconds[n]:.2f} ({r.cpu[n]:.2f})" if n in r.seconds else "—" for n in names)
            + (f" | {r.rss_mb['build']:.0f} MB |" if "build" in r.rss_mb else " | — |")
        )
    lines += [
        "",
        (
            "Per output, in CPU seconds: **own** is the command's time less `validate`'s (what the user waits "
            "for beyond checking the file); **writer** is officegen's writer alone, timed as the peer is (model "
            "loaded first, start-up and loading left out); the **zip floor** is deflating the XML the output "
            "contains; the **peer** writes the same content the usual way, one process each side (job "
            f"descriptions per document, the peer on {PEER_JD_ROLES} roles, officegen with one worker)."
        ),
        "",
        (
            "| people | output | file size | XML inside | own s | writer s | zip floor s | own / floor | "
            "writer / floor | peer | peer s | peer / own | peer / writer |"
        ),
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        for o in OUTPUTS:
            if o.command not in r.seconds or o.name not in r.peer_s:
                continue
            name = o.shown_as or o.name
            own, peer, floor = r.own(o.command), r.peer_s[o.name], r.floor_s[name]
            writer = r.writer_s.get(name)
            if o.peer.startswith("jd"):  # per document
                docs = max(r.documents, 1)

                def show(value: float | None) -> str:
                    return "—" if value is None else f"{value * 1000:.2f} ms/doc"

                own_doc = own / docs
                cells = [
                    show(own_doc),
                    show(writer),
                    f"{floor:.3f}",
                    f"{own / floor:.1f}x",
                    "—" if writer is None else f"{writer * docs / floor:.1f}x",
                    o.peer_label,
                    f"{peer * 1000:.1f} ms/doc",
                    f"{peer / own_doc:.1f}x",
                    "—" if writer is None else f"{peer / writer:.1f}x",
                ]
            else:
                cells = [
                    f"{own:.3f}",
                    "—" if writer is None else f"{writer:.3f}",
                    f"{floor:.3f}",
                    f"{own / floor:.1f}x",
                    "—" if writer is None else f"{writer / floor:.1f}x",
                    o.peer_label,
                    f"{peer:.3f}",
                    f"{peer / own:.2f}x",
                    "—" if writer is None else f"{peer / writer:.2f}x",
                ]
            lines.append(
                f"| {r.people:,} | {name} | {_mb(r.sizes[name])} | {r.xml_mb[name]:.1f} MB | "
                + " | ".join(cells)
                + " |"
            )

    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f}"

    lines += (
        []
        if all(r.page_open_ms is None for r in rows)
        else [
            "",
            "The web page in headless Chromium (1400 x 900; targets: open under 2,000 ms, search under 100 ms):",
            "",
            "| people | open: navigation to first frame ms | search: slowest, typed to next frame ms |",
            "|---:|---:|---:|",
        ]
    )
    for r in rows:
        if r.page_open_ms is not None:
            lines.append(f"| {r.people:,} | {ms(r.page_open_ms)} | {ms(r.page_search_ms)} |")
    if len(rows) >= 2:
        lines.append("")
        for a, b in itertools.pairwise(rows):
            grow = b.people / a.people
            parts = [
                f"{c} {b.seconds[c] / a.seconds[c]:.1f}x"
                for c in ("build", "raci", "jd", "deck", "site", "import-raci")
                if c in a.seconds and c in b.seconds
            ]
            mem = (
                f"; build peak memory {b.rss_mb['build'] / a.rss_mb['build']:.1f}x"
                if "build" in a.rss_mb and "build" in b.rss_mb
                else ""
            )
            if not parts:
                continue
            lines.append(
                f"Scaling {a.people:,} -> {b.people:,} people ({grow:.0f}x): " + ", ".join(parts) + f" the time{mem}."
            )
    return "\n".join(lines)


# -- profiles -------------------------------------------------------------------------------------------


def _category(func: tuple[str, int, str]) -> str | None:
    """Where a profiled function's own time belongs; None: to whoever called it (builtins, stdlib)."""
    file, _, name = func
    if file == "~":
        if "zlib" in name or "crc32" in name:
            return "zip"
        if name.startswith("<built-in method io.open") or "_io." in name or "posix" in name:
            return "file I/O"
        if "lxml" in name:
            return "library: lxml"
        return None
    if "zipfile" in file or file.endswith("zlib.py"):
        return "zip"
    if "site-packages" in file:
        package = file.split("site-packages/", 1)[1].split("/", 1)[0].split(".")[0]
        return f"library: {package}"
    if "/officegen/" in file or file.endswith(".j2") or "/templates/" in file:
        return "officegen"
    return None


def shares(stats: dict) -> dict[str, float]:
    """Seconds per category; a builtin's or the standard library's time goes to its callers'."""
    resolved: dict[tuple, dict[str, float]] = {}

    def owner(func, depth=0) -> dict[str, float]:
        """Fractions per category of ``func``'s own time."""
        if func in resolved:
            return resolved[func]
        category = _category(func)
        if category is not None or depth > 40 or func not in stats:
            result = {category or "other": 1.0}
        else:
            callers = stats[func][4]
            total = sum(edge[2] for edge in callers.values()) or 1.0
            result = {}
            resolved[func] = {"other": 1.0}  # a cycle: stop here
            for caller, edge in callers.items():
                for cat, part in owner(caller, depth + 1).items():
                    result[cat] = result.get(cat, 0.0) + part * edge[2] / total
            if not result:
                result = {"other": 1.0}
        resolved[func] = result
        return result

    out: dict[str, float] = {}
    for func, (_, _, tt, _, _) in stats.items():
        for cat, part in owner(func).items():
            out[cat] = out.get(cat, 0.0) + tt * part
    return out


def profile(people: int, work: Path) -> str:
    """Each writer under cProfile at ``people``: its time split by whose code runs."""
    import cProfile
    import pstats

    from officegen.definition import load_organization
    from officegen.generators.deck import write_deck
    from officegen.generators.jd import write_job_descriptions
    from officegen.generators.raci import write_raci

    def writers(org):
        return [
            ("RACI workbook", lambda: write_raci(org, work / "raci.xlsx")),
            ("job descriptions (one worker)", lambda: write_job_descriptions(org, work / "jd", jobs=1)),
            ("deck", lambda: write_deck(org, work / "org-chart.pptx")),
        ]

    small, _ = load_organization(write_synthetic(work / "org-small.yaml", 100))
    for _, write in writers(small):  # imports and first-use set-up are not the writers' cost
        write()
    org, _ = load_organization(write_synthetic(work / f"org-{people}.yaml", people))
    found = []
    for name, write in writers(org):
        prof = cProfile.Profile()
        prof.enable()
        write()
        prof.disable()
        split = shares(pstats.Stats(prof).stats)
        found.append((name, split))
    cats = ["officegen", "zip", "file I/O"]
    libs = sorted(
        {c for _, s in found for c, t in s.items() if c.startswith("library") and t > 0.005 * sum(s.values())}
    )
    cats += libs + ["other"]
    for _, split in found:  # what no column shows is "other"
        split["other"] = sum(t for c, t in split.items() if c not in cats[:-1])
    lines = [
        (
            f"Profile at {people:,} people (cProfile, in-process; its overhead inflates Python-heavy code): "
            "share of each writer's time by whose code runs. A builtin's time goes to its caller."
        ),
        "",
        "| writer | seconds (profiled) | " + " | ".join(cats) + " |",
        "|---|---:|" + "---:|" * len(cats),
    ]
    for name, split in found:
        total = sum(split.values()) or 1.0
        lines.append(f"| {name} | {total:.2f} | " + " | ".join(f"{split.get(c, 0) / total:.0%}" for c in cats) + " |")
    return "\n".join(lines)


# -- main -------------------------------------------------------------------------------------------------


def _replace_block(path: Path, key: str, text: str) -> None:
    body = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
    block = f"{start}\n{text}\n{end}"
    if start in body and end in body:
        body = body[: body.index(start)] + block + body[body.index(end) + len(end) :]
    else:
        body = body.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="100,1000,10000",
        help="people per organisation, comma-separated (50000 and 100000 take minutes)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--large",
        action="store_true",
        help=f"also {', '.join(f'{n:,}' for n in LARGE)} people: one run each, validate and build only",
    )
    parser.add_argument("--out", type=Path, default=HERE.parent / "docs" / "performance.md")
    parser.add_argument("--no-write", action="store_true", help="Print the tables only.")
    parser.add_argument("--profile", type=int, metavar="PEOPLE", help="Profile each writer at this size instead.")
    parser.add_argument(
        "--only",
        metavar="COMMANDS",
        help='only these commands (and validate), e.g. "raci,jd --jobs 1"; the tables show only them',
    )
    parser.add_argument("--quiet", action="store_true", help="No progress lines on stderr.")
    parser.add_argument(
        "--roster-sizes",
        metavar="ROWS",
        help="rows of the rosters import-roster reads, comma-separated (default: the largest --sizes)",
    )
    args = parser.parse_args(argv)
    say = None if args.quiet else (lambda text: print(text, file=sys.stderr, flush=True))
    with tempfile.TemporaryDirectory(prefix="officegen-bench-") as tmp:
        if args.profile:
            text = profile(args.profile, Path(tmp))
            print(text)
            if not args.no_write:
                _replace_block(args.out, "profile", f"Machine: {machine()}\n\n{text}")
            return []
        sizes = [int(s) for s in args.sizes.split(",")]
        commands = COMMANDS
        if args.only:
            wanted = {"validate", *(name.strip() for name in args.only.split(","))}
            commands = [c for c in COMMANDS if c.name in wanted]
        roster_only = args.only and {n.strip() for n in args.only.split(",")} == {"import-roster"}
        rows = [] if roster_only else [measure(n, args.runs, Path(tmp), commands, progress=say) for n in sizes]
        if args.large and not roster_only:  # minutes each: the whole build's time and peak memory
            big = [c for c in COMMANDS if c.name in ("validate", "build")]
            rows += [measure(n, 1, Path(tmp), big, progress=say) for n in LARGE if n not in sizes]
        rosters = []
        if not args.only or "import-roster" in args.only:
            roster_sizes = [int(s) for s in (args.roster_sizes or str(max(sizes))).split(",")]
            rosters = roster_bench.measure_rosters(roster_sizes, args.runs, Path(tmp), run_command, progress=say)
    if rows:
        text = table(rows, args.runs, commands)
        if args.large:
            text += f"\n\n{' and '.join(f'{n:,}' for n in LARGE)} people: one run each, `validate` and `build` only."
        print(text)
        if not args.no_write:
            _replace_block(args.out, "benchmark", f"Machine: {machine()}\n\n{text}")
    if rosters:
        text = roster_bench.roster_table(rosters, args.runs)
        print(text)
        if not args.no_write:
            _replace_block(args.out, "roster", f"Machine: {machine()}\n\n{text}")
    return rows


if __name__ == "__main__":
    main()
