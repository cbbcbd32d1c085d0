"""The benchmark stays runnable: one run at 100 people, every column filled in."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.slow
def test_the_benchmark_runs_at_100_people(tmp_path, capsys):
    sys.path.insert(0, str(BENCH))
    try:
        import run as bench
    finally:
        sys.path.remove(str(BENCH))
    out = tmp_path / "performance.md"
    rows = bench.main(["--sizes", "100", "--runs", "1", "--out", str(out)])
    (row,) = rows
    assert (row.people, row.roles, row.activities) == (100, 20, 30)
    assert all(row.seconds[c.name] > 0 for c in bench.COMMANDS)
    assert row.naive_jd_ms > 0 and row.ours_jd_ms > 0 and row.xlsxwriter_s > 0 and row.raci_s > 0
    assert row.documents == 20
    for output in bench.OUTPUTS:  # every output has its size, zip floor and peer
        name = output.shown_as or output.name
        assert row.sizes[name] > 0 and row.floor_s[name] > 0 and row.peer_s[output.name] > 0
    text = out.read_text(encoding="utf-8")
    assert "| 100 | 20 | 30 |" in text and "Machine:" in text
    assert "| 100 | deck |" in text and "python-pptx shapes" in text
    assert row.sizes["job descriptions"] > 0 and row.seconds["site"] > 0
    assert "`officegen import-roster`" in text and "\n| 100 | " in text.split("import-roster", 1)[1]
    from officegen.office.browser import find_chromedriver, find_chromium

    if find_chromium() and find_chromedriver():  # the page in the browser: opened and searched
        assert row.page_open_ms > 0 and row.page_search_ms > 0
