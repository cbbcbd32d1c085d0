"""Every Office file officegen writes passes a schema validator: openxml-audit (pure Python, ECMA-376
schemas plus Office's semantic rules: element order, dangling relationships, duplicate ids, required
parts), strict policy, over the outputs of both samples, the hostile definition, the two real
organisations, reference documents and the change documents of ``diff``.

Any finding fails the test unless ALLOWED names it: a short list of the validator's known false
positives, each with why it is one. LibreOffice is no such check (it opens invalid files silently).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HOSTILE, REAL_COMPANY, REAL_RACI, SAMPLE_EN, SAMPLE_ZH, TESTDATA

from officegen.cli import cli

pytestmark = pytest.mark.slow  # builds and validates whole organisations: about a minute in all

try:
    from openxml_audit import OpenXmlValidator
except ImportError:  # pragma: no cover - it is in the test extras; CI must have it
    if os.environ.get("OFFICEGEN_REQUIRE_LIBREOFFICE"):
        raise
    pytest.skip("openxml-audit is not installed (pip install '.[test]')", allow_module_level=True)

#: (finding id, part, pattern of the element's path, pattern of the text) -> why it is not a defect
#: ("" matches anything). Keep this short and narrow.
ALLOWED: dict[tuple[str, str, str, str], str] = {
    # ECMA-376 Part 1 gives CT_Font's children as a <choice maxOccurs="unbounded">: b, i, color, sz,
    # name ... may come in any order; the validator checks them as a sequence. openpyxl writes its
    # own order (officegen's own xlsx writer keeps the sequence: this covers a workbook openpyxl saved).
    ("", "/xl/styles.xml", r"/fonts\[1\]/font\[\d+\]$", r"^Unexpected element '\w+' found"): "CT_Font child order",
    # Inline strings (<c t="inlineStr">) are valid SpreadsheetML; the validator warns that Excel moves
    # them into the shared-strings table when it next saves. Nothing is repaired or lost.
    ("Excel_InlineStrCells", "", "", ""): "inline strings are valid; Excel only re-stores them",
}


def _allowed(error) -> bool:
    return any(
        (not ident or error.id == ident)
        and (not part or error.part_uri == part)
        and (not path or re.search(path, error.path or ""))
        and (not text or re.search(text, error.description))
        for ident, part, path, text in ALLOWED
    )


@pytest.fixture(scope="module")
def validator():
    return OpenXmlValidator(strict=True)


def findings(validator, path: Path) -> list[str]:
    """What the validator says about ``path`` (errors and warnings), less the allowed ones."""
    result = validator.validate(str(path))
    return [f"{error.severity.name}: {error}" for error in result.errors if not _allowed(error)]


def _blank_references(folder: Path) -> tuple[Path, Path]:
    """A letterhead and a company deck as python-docx and python-pptx make them (their templates carry
    Word 2010's stylesWithEffects part and a 4:3 master: what a reference's styles are merged with)."""
    import docx
    from pptx import Presentation

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "ACME 公司"
    document.save(folder / "letterhead.docx")
    Presentation().save(folder / "company.pptx")
    return folder / "letterhead.docx", folder / "company.pptx"


#: name -> the definition built, and any further options
BUILDS = {
    "zh-sample": (SAMPLE_ZH, ()),
    "en-sample": (SAMPLE_EN, ()),
    "hostile": (HOSTILE, ()),
    "real-company": (REAL_COMPANY, ()),
    "real-raci": (REAL_RACI, ()),
    "document-control": (TESTDATA / "hr-company.yaml", ()),  # the document-control block and sign-off lines
    "en-references": (SAMPLE_EN, ("references",)),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``built(name)``: the output folder of ``officegen build`` for BUILDS[name] (made once)."""
    cache: dict[str, Path] = {}

    def make(name: str) -> Path:
        if name not in cache:
            source, extra = BUILDS[name]
            out = tmp_path_factory.mktemp(name)
            args = ["build", str(source), "-o", str(out / "out"), "-q"]
            if "references" in extra:
                doc, deck = _blank_references(out)
                args += ["--reference-doc", str(doc), "--reference-deck", str(deck)]
            result = CliRunner().invoke(cli, args)
            assert result.exit_code == 0, result.output
            cache[name] = out / "out"
        return cache[name]

    return make


def _documents(out: Path) -> list[Path]:
    """The workbook, the deck, the combined job descriptions and two of the per-role ones (they share
    one skeleton; the combined document holds every role's text)."""
    roles = sorted(p for p in (out / "job-descriptions").glob("*.docx") if p.name != "job-descriptions-all.docx")
    return [out / "raci.xlsx", out / "org-chart.pptx", out / "job-descriptions" / "job-descriptions-all.docx"] + [
        roles[0],
        roles[-1],
    ]


KINDS = ["raci", "deck", "combined", "first-role", "last-role"]


@pytest.mark.parametrize(
    "name,kind",
    [(name, kind) for name in BUILDS for kind in KINDS],
)
def test_every_document_passes_the_schema_validator(validator, built, name, kind):
    path = _documents(built(name))[KINDS.index(kind)]
    assert path.is_file(), path
    assert findings(validator, path) == [], path


def test_the_change_documents_pass_the_schema_validator(validator, tmp_path):
    from officegen.definition.synthetic import write_synthetic

    old = write_synthetic(tmp_path / "old.yaml", 300)
    new = write_synthetic(tmp_path / "new.yaml", 300, revised=True)
    log, deck = tmp_path / "changes.xlsx", tmp_path / "changes.pptx"
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "-o", str(log), "--deck", str(deck)])
    assert result.exit_code == 0, result.output
    for path in (log, deck):
        assert findings(validator, path) == [], path


def test_the_validator_sees_what_it_is_here_for(validator, built, tmp_path):
    """The check is real: a dangling relationship, elements out of schema order and a duplicate shape
    id, put into good outputs, are findings (and the allow-list does not hide them)."""
    import zipfile

    out = built("en-sample")

    def broken(source: Path, part: str, change) -> Path:
        target = tmp_path / f"broken-{source.name}"
        with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                zout.writestr(info, change(data.decode("utf-8")).encode("utf-8") if info.filename == part else data)
        return target

    dangling = broken(
        out / "org-chart.pptx",
        "ppt/_rels/presentation.xml.rels",
        lambda s: s.replace(
            "</Relationships>",
            '<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/slide" Target="slides/slide999.xml"/></Relationships>',
        ),
    )
    order = broken(
        out / "raci.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda s: re.sub(r"(<dimension [^>]*/>)(<sheetViews>.*?</sheetViews>)", r"\2\1", s, count=1, flags=re.S),
    )
    duplicate = broken(
        out / "org-chart.pptx",
        "ppt/slides/slide2.xml",
        lambda s: s.replace('<p:cNvPr id="12"', '<p:cNvPr id="11"', 1),
    )
    for path in (dangling, order, duplicate):
        assert findings(validator, path), path
    # and the allow-list is not dead: a workbook openpyxl saves has exactly its two false positives
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.active["A1"] = "甲"
    wb.active["A1"].font = Font(name="Arial", bold=True, color="FF0000", sz=12)
    wb.save(tmp_path / "openpyxl.xlsx")
    raw = validator.validate(str(tmp_path / "openpyxl.xlsx")).errors
    assert {e.id for e in raw if _allowed(e)} >= {"Excel_InlineStrCells"} and len([e for e in raw if _allowed(e)]) >= 2
    assert findings(validator, tmp_path / "openpyxl.xlsx") == []
