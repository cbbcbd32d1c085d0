"""Hostile and careless input, one class each (issue 12): every case ends with exit 1 (or 0 where
the input is valid), a message naming the file, no traceback, within seconds, and nothing outside
the output changed."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLE_EN
from officegen.cli import cli


def run(*args: str, cwd: Path | None = None, timeout: float = 60, env: dict | None = None):
    """officegen as a user runs it (its own process, the real entry point), with a time limit."""
    return subprocess.run([sys.executable, "-m", "officegen", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env={**os.environ, **(env or {})})


def assert_clean_failure(result, *fragments: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


# -- user-supplied Office files: one guarded path ---------------------------------------------------


def _blank(kind: str) -> bytes:
    import docx
    from pptx import Presentation

    buffer = io.BytesIO()
    (Presentation() if kind == "pptx" else docx.Document()).save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, edits=None, drop=()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            body = zin.read(info)
            if edits and info.filename in edits:
                body = edits[info.filename](body.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, body)
    return out.getvalue()


CT = "[Content_Types].xml"
PPT_RELS = "ppt/_rels/presentation.xml.rels"
DOC_RELS = "word/_rels/document.xml.rels"
#: name -> (how to make it from a blank deck or document, what the message says)
HOSTILE_DECKS = {
    "docx-as-deck": (lambda: _blank("docx"), "it is a Word file (.docx), not a PowerPoint one"),
    "empty-content-type": (lambda: _rewrite(_blank("pptx"), {CT: lambda s: re.sub(
        r'(PartName="/ppt/presentation.xml" ContentType=")[^"]*', r"\1", s)}), "the content type"),
    "no-content-type": (lambda: _rewrite(_blank("pptx"), {CT: lambda s: re.sub(
        r'<Override PartName="/ppt/presentation.xml"[^>]*/>', "", s)}), "the content type 'application/xml'"),
    "no-main-relationship": (lambda: _rewrite(_blank("pptx"), {"_rels/.rels": lambda s: re.sub(
        r'<Relationship [^>]*officeDocument"[^>]*/>', "", s)}), "names no main document part"),
    "external-main": (lambda: _rewrite(_blank("pptx"), {"_rels/.rels": lambda s: s.replace(
        'Target="ppt/presentation.xml"', 'Target="http://example.com/p.xml" TargetMode="External"')}),
        "external link"),
    "wrong-root": (lambda: _rewrite(_blank("pptx"), {"ppt/presentation.xml": lambda s: s.replace(
        "p:presentation", "p:notPresentation")}), "root element <notPresentation>"),
    "missing-master": (lambda: _rewrite(_blank("pptx"), drop=("ppt/slideMasters/slideMaster1.xml",)),
                       "ppt/slideMasters/slideMaster1.xml, which is missing"),
    "missing-theme": (lambda: _rewrite(_blank("pptx"), drop=("ppt/theme/theme1.xml",)), "which is missing"),
    "external-master": (lambda: _rewrite(_blank("pptx"), {PPT_RELS: lambda s: s.replace(
        'Target="slideMasters/slideMaster1.xml"', 'Target="http://x/y.xml" TargetMode="External"')}),
        "outside the package"),
    "layout-wrong-root": (lambda: _rewrite(_blank("pptx"), {"ppt/slideLayouts/slideLayout1.xml": lambda s: s.replace(
        "p:sldLayout", "p:foo")}), "slideLayout1.xml has the root element <foo>"),
    "not-a-zip": (lambda: b"PK\x03\x04 not really", "not a zip package"),
    # passes every check before the library, fails inside it: the guard names the file all the same
    "bad-slide-size": (lambda: _rewrite(_blank("pptx"), {"ppt/presentation.xml": lambda s: re.sub(
        r'<p:sldSz cx="\d+"', '<p:sldSz cx="wide"', s)}), "wide"),
}
HOSTILE_DOCS = {
    "pptx-as-doc": (lambda: _blank("pptx"), "it is a PowerPoint file (.pptx), not a Word one"),
    "wrong-root": (lambda: _rewrite(_blank("docx"), {"word/document.xml": lambda s: s.replace(
        "w:document", "w:notDocument")}), "root element <notDocument>"),
    "external-styles": (lambda: _rewrite(_blank("docx"), {DOC_RELS: lambda s: s.replace(
        'Target="styles.xml"', 'Target="http://x/styles.xml" TargetMode="External"')}), "outside the package"),
    "external-settings": (lambda: _rewrite(_blank("docx"), {DOC_RELS: lambda s: s.replace(
        'Target="settings.xml"', 'Target="file:///etc/passwd" TargetMode="External"')}), "outside the package"),
    "missing-styles": (lambda: _rewrite(_blank("docx"), drop=("word/styles.xml",)), "which is missing"),
    "styles-wrong-root": (lambda: _rewrite(_blank("docx"), {"word/styles.xml": lambda s: s.replace(
        "w:styles", "w:foo")}), "root element <foo>"),
    # passes every check before the library, fails inside it: the guard names the file all the same
    "bad-page-size": (lambda: _rewrite(_blank("docx"), {"word/document.xml": lambda s: re.sub(
        r'w:w="\d+"', 'w:w="abc"', s)}), "invalid literal"),
}


@pytest.mark.parametrize("case", HOSTILE_DECKS)
def test_a_reference_deck_python_pptx_would_reject_is_a_clean_input_error(tmp_path, case):
    make, says = HOSTILE_DECKS[case]
    ref = tmp_path / "company.pptx"
    ref.write_bytes(make())
    result = CliRunner().invoke(cli, ["deck", str(SAMPLE_EN), "-o", str(tmp_path / "out" / "deck.pptx"),
                                      "--reference-deck", str(ref)])
    assert result.exit_code == 1, result.output
    assert f"{ref}: not a usable PowerPoint file: " in result.stderr and says in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", HOSTILE_DOCS)
def test_a_reference_doc_python_docx_would_reject_is_a_clean_input_error(tmp_path, case):
    make, says = HOSTILE_DOCS[case]
    ref = tmp_path / "letterhead.docx"
    ref.write_bytes(make())
    result = CliRunner().invoke(cli, ["jd", str(SAMPLE_EN), "-o", str(tmp_path / "out"), "-q",
                                      "--reference-doc", str(ref)])
    assert result.exit_code == 1, result.output
    assert f"{ref}: not a usable Word file: " in result.stderr and says in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_reference_files_libreoffice_saved_are_usable(tmp_path, soffice):
    """The checks refuse broken packages, not real ones: files LibreOffice wrote are references that work."""
    from docx import Document
    from pptx import Presentation

    from officegen.office.libreoffice import convert

    Presentation().save(tmp_path / "ref.pptx")
    document = Document()
    document.sections[0].header.paragraphs[0].text = "ACME"
    document.save(tmp_path / "ref.docx")
    [deck] = convert([tmp_path / "ref.pptx"], tmp_path / "lo", "pptx")
    [doc] = convert([tmp_path / "ref.docx"], tmp_path / "lo", "docx")
    result = CliRunner().invoke(cli, ["build", str(SAMPLE_EN), "-o", str(tmp_path / "out"), "-q", "--only", "jd,deck",
                                      "--reference-deck", str(deck), "--reference-doc", str(doc)])
    assert result.exit_code == 0, result.output
    assert Presentation(tmp_path / "out" / "org-chart.pptx").slides
    assert Document(tmp_path / "out" / "job-descriptions" / "cto.docx").sections[0].header.paragraphs[0].text == "ACME"
