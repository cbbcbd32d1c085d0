"""Revision records (修订记录): from the definition and from ``jd --since OLD``, read back from the documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from diffcases import BASE
from docx import Document

from officegen.cli import cli
from officegen.compare import compare_specs
from officegen.compare.revision import revision_lines
from officegen.definition import check


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _role(data, role_id):
    return next(r for r in data["roles"] if r["id"] == role_id)


def _record(path: Path) -> list[list[str]] | None:
    """The revision-record table of a job description, header included; None when it has none."""
    for table in Document(str(path)).tables:
        cells = [c.text for c in table.rows[0].cells]
        if cells[:3] in (["日期", "版本", "修订内容"], ["Date", "Version", "Changes"]):
            return [[c.text for c in row.cells] for row in table.rows]
    return None


@pytest.fixture()
def versions(tmp_path):
    new = copy.deepcopy(BASE)
    rep = _role(new, "rep")
    rep["headcount"] = 5
    rep["title"] = "销售顾问"
    _role(new, "sales-lead")["responsibilities"] = ["带领团队", "培训新人"]
    _role(new, "agent")["reports_to"] = "sales-lead"
    new["activities"][0]["raci"]["ceo"] = "R"  # ceo: A -> R
    new["activities"][1]["raci"]["cs-lead"] = "I"  # cs-lead: - -> I
    new["roles"].append({"id": "analyst", "title": "分析师", "department": "hq", "reports_to": "ceo"})
    new["activities"][2]["raci"]["analyst"] = "C"
    new["organization"]["document_control"] = {"version": "V2.0", "effective_date": "2026-12-01"}
    return _write(tmp_path / "v1.json", BASE), _write(tmp_path / "v2.json", new)


def test_what_changed_for_a_role_in_words(versions):
    old, new = versions
    cmp = compare_specs(check(old).spec, check(new).spec)
    assert revision_lines(cmp, "rep") == ["岗位名称：销售代表 → 销售顾问", "编制：3 → 5"]
    assert revision_lines(cmp, "sales-lead") == ["岗位职责：新增「培训新人」；删除「制定目标」"]
    assert revision_lines(cmp, "agent") == ["汇报给：客服主管 → 销售主管"]
    assert revision_lines(cmp, "ceo") == ["RACI：「制定目标」A → R"]
    assert revision_lines(cmp, "cs-lead") == ["RACI：「拜访客户」新增 I"]
    assert revision_lines(cmp, "analyst") == ["新设岗位", "RACI：「处理投诉」新增 C"]
    english = compare_specs(check(old).spec, check(new).spec, lang="en")
    assert revision_lines(english, "ceo") == ["RACI: “制定目标” A → R"]
    assert revision_lines(english, "cs-lead") == ["RACI: now I in “拜访客户”"]
    assert revision_lines(english, "rep") == ["title: 销售代表 → 销售顾问", "headcount: 3 → 5"]


def test_jd_since_gives_changed_roles_one_more_entry(versions, tmp_path):
    old, new = versions
    out = tmp_path / "jd"
    result = CliRunner().invoke(cli, ["jd", str(new), "--since", str(old), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert f"{new}：自 {old} 以来，6 个岗位有变化" in result.stderr  # the definition's language
    assert "changed since" not in result.stderr
    docs = {p.name: p for p in out.glob("*.docx")}
    rep = next(p for n, p in docs.items() if "(rep)" in n)
    assert _record(rep) == [
        ["日期", "版本", "修订内容"],
        ["2026-12-01", "V2.0", "岗位名称：销售代表 → 销售顾问\n编制：3 → 5"],
    ]
    lead = next(p for n, p in docs.items() if "(cs-lead)" in n)
    assert _record(lead)[1][2] == "RACI：「拜访客户」新增 I"
    assert len(docs) == 6 and all(_record(p) is not None for p in docs.values())  # all six changed
    # without --since: no record at all
    plain = CliRunner().invoke(cli, ["jd", str(new), "-o", str(tmp_path / "plain"), "-q"])
    assert plain.exit_code == 0
    assert all(_record(p) is None for p in (tmp_path / "plain").glob("*.docx"))


def test_a_role_that_did_not_change_gets_no_entry_and_the_options_win(versions, tmp_path):
    old, _ = versions
    new = copy.deepcopy(BASE)
    _role(new, "rep")["grade"] = "P4"
    path = _write(tmp_path / "v2.json", new)
    out = tmp_path / "jd"
    args = ["--lang", "en", "jd", str(path), "--since", str(old), "-o", str(out), "-q", "--revision-version", "3"]
    result = CliRunner().invoke(cli, [*args, "--revision-date", "2027-01-15"])
    assert result.exit_code == 0, result.output
    records = {p.name: _record(p) for p in out.glob("*.docx")}
    changed = {name: rec for name, rec in records.items() if rec is not None}
    assert list(changed.values()) == [[["Date", "Version", "Changes"], ["2027-01-15", "3", "grade: P3 → P4"]]]
    assert f"{path}: 1 role changed since {old}" in result.stderr  # --lang en: in English
    assert "(rep)" in next(iter(changed))


def test_the_record_kept_in_the_definition_comes_first(versions, tmp_path, monkeypatch):
    old, _ = versions
    new = copy.deepcopy(BASE)
    _role(new, "rep")["headcount"] = 4
    _role(new, "rep")["revisions"] = [
        {"date": "2025-06-01", "version": "1.0", "changes": ["首次发布"]},
        {"date": "2026-01-10", "version": "1.1", "changes": ["增加 KPI", '=HYPERLINK("x")']},
    ]
    path = _write(tmp_path / "v2.json", new)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01: the entry's date when none is given
    out = tmp_path / "jd"
    result = CliRunner().invoke(cli, ["jd", str(path), "--since", str(old), "-o", str(out), "-q", "--role", "rep"])
    assert result.exit_code == 0, result.output
    (doc,) = out.glob("*.docx")
    assert _record(doc) == [
        ["日期", "版本", "修订内容"],
        ["2025-06-01", "1.0", "首次发布"],
        ["2026-01-10", "1.1", '增加 KPI\n=HYPERLINK("x")'],
        ["2025-12-01", "1.2", "编制：3 → 4"],  # no version given: the one after the record's last
    ]
    # the definition's record alone, without --since
    out2 = tmp_path / "jd2"
    assert CliRunner().invoke(cli, ["jd", str(path), "-o", str(out2), "-q", "--role", "rep"]).exit_code == 0
    (doc,) = out2.glob("*.docx")
    assert [row[1] for row in _record(doc)[1:]] == ["1.0", "1.1"]


def test_an_entry_nothing_dates_or_numbers_gets_the_day_of_the_change_and_version_1_0(versions, tmp_path, monkeypatch):
    """No --revision-date/-version, no document_control, no SOURCE_DATE_EPOCH: the entry is dated
    the day the definition was last changed and is version 1.0 (the record's first), not "—"; the
    same file gives the same documents."""
    import datetime as dt
    import os

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    old, _ = versions
    new = copy.deepcopy(BASE)
    _role(new, "rep")["headcount"] = 4
    path = _write(tmp_path / "v2.json", new)
    when = dt.datetime(2026, 3, 15, 12, 0).timestamp()
    os.utime(path, (when, when))
    docs = []
    for out in (tmp_path / "jd1", tmp_path / "jd2"):
        result = CliRunner().invoke(cli, ["jd", str(path), "--since", str(old), "-o", str(out), "-q", "--role", "rep"])
        assert result.exit_code == 0, result.output
        (doc,) = out.glob("*.docx")
        docs.append(doc)
    assert _record(docs[0]) == [["日期", "版本", "修订内容"], ["2026-03-15", "1.0", "编制：3 → 4"]]
    assert docs[0].read_bytes() == docs[1].read_bytes()


def test_the_next_version_counts_on_from_the_last_numbered_one():
    from officegen.compare.revision import next_version
    from officegen.definition.model import Revision

    def record(*versions):
        return [Revision("2026-01-01", v, ("x",)) for v in versions]

    assert next_version(record()) == "1.0"
    assert next_version(record("1.0", "1.1")) == "1.2"
    assert next_version(record("V2.0")) == "V2.1"
    assert next_version(record("3")) == "4"
    assert next_version(record("1.9", "")) == "1.10"  # the last entry that has a number
    assert next_version(record("第2版")) == "第3版"
    assert next_version(record("草稿")) == "1.0"


def test_errors_in_the_old_version_are_reported_as_validate_does(versions, tmp_path):
    _, new = versions
    broken = copy.deepcopy(BASE)
    broken["roles"][1]["department"] = "nowhere"
    bad = _write(tmp_path / "bad.json", broken)
    result = CliRunner().invoke(cli, ["jd", str(new), "--since", str(bad), "-o", str(tmp_path / "jd")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{bad}:" in result.stderr and "error: unknown department 'nowhere'" in result.stderr
    assert not (tmp_path / "jd").exists()
