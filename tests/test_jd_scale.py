"""Job descriptions at size, on real organisations, and in a real client (LibreOffice)."""

from __future__ import annotations

import re

import pytest
from conftest import load
from docx import Document
from docx.table import Table

from officegen.generators.jd import write_job_descriptions
from officegen.generators.jd import writer as jd


@pytest.mark.slow
def test_a_synthetic_organisation_gets_one_document_per_role(synthetic_path, tmp_path):
    org = load(synthetic_path(1000))
    assert len(org.roles) == 200
    seen = []
    paths = write_job_descriptions(org, tmp_path, jobs=1, progress=seen.append)
    assert len(paths) == len(set(paths)) == 200 == sum(seen)
    for path, role in list(zip(paths, org.roles_in_org_order()))[::40]:
        doc = Document(path)
        assert doc.paragraphs[0].text == role.title
        assert all(item in "\n".join(p.text for p in doc.paragraphs) for item in role.responsibilities)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "spawn"])  # spawn: how Windows starts workers
def test_parallel_and_serial_writers_agree(synthetic_path, tmp_path, monkeypatch, method):
    import multiprocessing

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"this system cannot {method} processes")
    org = load(synthetic_path(500))
    monkeypatch.setattr(jd, "PARALLEL_ABOVE", 20)  # workers for a small organisation too
    monkeypatch.setattr(jd, "START_METHOD", method)
    serial = write_job_descriptions(org, tmp_path / "s", jobs=1, combined=True)
    seen = []
    parallel = write_job_descriptions(org, tmp_path / "p", jobs=2, combined=True, progress=seen.append)
    assert sum(seen) == len(org.roles) + 1 and len(seen) > 2  # progress reported as chunks finish
    assert [p.name for p in serial] == [p.name for p in parallel]
    assert all(s.read_bytes() == p.read_bytes() for s, p in zip(serial, parallel))


@pytest.mark.slow
def test_the_real_company_gets_282_documents(real_paths, tmp_path):
    company, _ = real_paths
    org = load(company)
    paths = write_job_descriptions(org, tmp_path)
    assert len(paths) == len(org.roles) == 282
    assert len({p.name.casefold() for p in paths}) == 282
    for path, role in list(zip(paths, org.roles_in_org_order()))[::47]:
        doc = Document(path)
        assert doc.paragraphs[0].text == role.title
        text = "\n".join(p.text for p in doc.paragraphs)
        for manager in org.manager_chain(role.id):
            assert manager.title in text


@pytest.mark.slow
def test_the_real_raci_gives_each_role_its_r_and_a_activities(real_paths, tmp_path):
    _, raci = real_paths
    org = load(raci)
    paths = write_job_descriptions(org, tmp_path)
    for path, role in zip(paths, org.roles_in_org_order()):
        doc = Document(path)
        tables, heading = {}, None
        for item in doc.iter_inner_content():
            if isinstance(item, Table):
                tables.setdefault(heading, item)
            elif item.style.name.startswith("Heading"):
                heading = item.text
        r_rows = [
            r.cells[0].text
            for r in tables.get("Activities this role carries out (R in the RACI)", Document().add_table(0, 1)).rows[1:]
        ]
        a_rows = [r.cells[0].text for r in tables.get("Authority", Document().add_table(0, 1)).rows[1:]]
        assert r_rows == [a.name for a in org.activities if "R" in a.letters_of(role.id)], role.id
        assert a_rows == [a.name for a in org.activities if "A" in a.letters_of(role.id)], role.id


def test_libreoffice_renders_chinese_in_a_cjk_font(org_zh, org_en, soffice, tmp_path):
    from conftest import pdffonts, pdftotext

    from officegen.office.libreoffice import convert

    docs = write_job_descriptions(org_zh, tmp_path / "zh", role_ids=["store-manager", "ops-director"], combined=True)
    docs += write_job_descriptions(org_en, tmp_path / "en", role_ids=[org_en.roles_in_org_order()[0].id])
    pdfs = convert(docs, tmp_path / "pdf", "pdf")  # one LibreOffice start for all of them
    combined, store, director, english = (pdftotext(p) for p in pdfs)
    assert "店长" in store and "岗位职责" in store and "工作权限" in store
    assert re.search(r"第\s*1\s*页\s*/\s*共\s*\d\s*页", store)  # the PAGE and NUMPAGES fields were computed
    assert "运营总监" in director
    assert re.search(r"NotoSansCJK|NotoSerifCJK|WenQuanYi|Droid|SourceHan", pdffonts(pdfs[1]))
    assert combined.count("店长") >= 2 and "运营总监" in combined
    assert org_en.roles_in_org_order()[0].title in english and "Key responsibilities" in english


@pytest.mark.parametrize("people", [30])
def test_the_writer_needs_no_python_docx_per_role(synthetic_path, tmp_path, monkeypatch, people):
    """The skeleton is the only python-docx Document of a run, however many roles."""
    import docx

    org = load(synthetic_path(people))
    opened = []
    original = docx.Document
    monkeypatch.setattr(docx, "Document", lambda *a, **k: opened.append(a) or original(*a, **k))
    write_job_descriptions(org, tmp_path, jobs=1)
    assert len(opened) == 1 and len(org.roles) > 1


def test_the_documents_are_written_with_the_collector_paused(synthetic_path, tmp_path):
    """What the documents leave behind is long-lived: no full collection re-scans it role by role;
    the collector is back on afterwards, and after a failure too."""
    import gc

    org = load(synthetic_path(30))
    during = []
    assert gc.isenabled()
    write_job_descriptions(org, tmp_path / "a", jobs=1, progress=lambda n: during.append(gc.isenabled()))
    assert during and not any(during)
    assert gc.isenabled()

    def fail(n):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_job_descriptions(org, tmp_path / "b", jobs=1, progress=fail)
    assert gc.isenabled()
