"""`officegen build` end to end: all three documents, all-or-nothing, and proven in LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import HOSTILE, SAMPLE_EN, SAMPLE_ZH, load, pdffonts, pdftotext
from docx import Document
from pptx import Presentation

from officegen.cli import cli
from officegen.office.libreoffice import convert

COUNTIF = re.compile(r'^=COUNTIF\((\$?[A-Z]+\$?\d+):(\$?[A-Z]+\$?\d+),"\*([A-Z])\*"\)$')


def build(tmp_path: Path, *args: str) -> tuple[CliRunner, object]:
    runner = CliRunner()
    result = runner.invoke(cli, ["build", *args], catch_exceptions=False)
    return runner, result


@pytest.fixture(scope="module")
def built_zh(tmp_path_factory):
    out = tmp_path_factory.mktemp("zh")
    result = CliRunner().invoke(cli, ["build", str(SAMPLE_ZH), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="module")
def built_en(tmp_path_factory):
    out = tmp_path_factory.mktemp("en")
    result = CliRunner().invoke(cli, ["build", str(SAMPLE_EN), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, result


@pytest.mark.slow
@pytest.mark.parametrize("which, sample", [("built_zh", SAMPLE_ZH), ("built_en", SAMPLE_EN)])
def test_build_writes_all_three_documents(request, which, sample):
    out, result = request.getfixturevalue(which)
    org = load(sample)
    assert (out / "raci.xlsx").is_file() and (out / "org-chart.pptx").is_file()
    docs = sorted((out / "job-descriptions").glob("*.docx"))
    assert len(docs) == len(org.roles) + 1  # one per role, and the combined document
    # each role's own document holds that role: named for it, titled for it, its department and
    # its reporting line in it (a document holding another role's content fails here)
    for role in org.roles.values():
        (doc,) = (out / "job-descriptions").glob(f"* ({role.id}).docx")  # its title made safe, and its id
        document = Document(doc)
        text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            c.text for t in document.tables for row in t.rows for c in row.cells
        )
        assert document.core_properties.title == role.title, doc
        assert org.departments[role.department_id].name in text, doc
        if role.reports_to_id:
            assert org.roles[role.reports_to_id].title in text, doc
    assert (out / "job-descriptions" / "job-descriptions-all.docx") in docs
    wb = openpyxl.load_workbook(out / "raci.xlsx")
    matrix = wb.worksheets[0]
    values = {c.value for row in matrix.iter_rows() for c in row if isinstance(c.value, str)}
    assert {a.name for a in org.activities} <= values
    deck = Presentation(out / "org-chart.pptx")
    deck_text = {s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame}
    assert any(org.name in t for t in deck_text)
    assert f"wrote {out / 'raci.xlsx'}" in result.stdout
    assert f"wrote {len(org.roles)} job descriptions (+ job-descriptions-all.docx)" in result.stdout
    assert result.stderr.strip().endswith(f"into {out}")


def test_build_without_team_builds_the_bundled_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--only", "raci"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == ["raci.xlsx"]
    assert "the bundled sample (ecommerce-team.yaml): built raci for" in result.stderr


def test_a_definition_with_errors_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE_EN.read_text(encoding="utf-8").replace("version: 1", "version: 7", 1), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert "error: unsupported version 7" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_a_failing_generator_changes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["build", str(SAMPLE_EN), "-o", str(out)], catch_exceptions=False)
    assert first.exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    import officegen.generators.deck as deck

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(deck, "write_deck", explode)
    result = CliRunner().invoke(cli, ["build", str(SAMPLE_ZH), "-o", str(out)])
    assert result.exit_code == 1
    assert "no space left on the device" in result.stderr and "Traceback" not in result.output
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_strict_build_refuses_warnings(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(HOSTILE), "-o", str(tmp_path / "o"), "--strict"])
    assert result.exit_code == 1 and "error: activity 'a2' has 2 roles Accountable" in result.stderr
    assert not (tmp_path / "o").exists()


def test_only_rejects_unknown_kinds(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(SAMPLE_EN), "--only", "raci,pdf", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "--only" in result.stderr


@pytest.mark.slow
def test_builds_are_reproducible(tmp_path):
    for name in ("a", "b"):
        assert CliRunner().invoke(cli, ["build", str(SAMPLE_ZH), "-o", str(tmp_path / name)]).exit_code == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


# -- in a real office suite ------------------------------------------------------------------


def _expected_counts(sheet) -> dict[str, int]:
    """For every COUNTIF check cell: how many cells of its range hold its letter, from the stored values."""
    expected = {}
    for row in sheet.iter_rows():
        for cell in row:
            m = COUNTIF.match(str(cell.value)) if isinstance(cell.value, str) else None
            if m:
                first, last, letter = m.group(1).replace("$", ""), m.group(2).replace("$", ""), m.group(3)
                cells = [c for r in sheet[f"{first}:{last}"] for c in r]
                expected[cell.coordinate] = sum(letter in str(c.value or "") for c in cells)
    return expected


@pytest.mark.parametrize("which", ["built_zh", "built_en"])
def test_libreoffice_renders_every_output_with_the_expected_text(request, which, soffice, tmp_path):
    out, _ = request.getfixturevalue(which)
    org = load(SAMPLE_ZH if which == "built_zh" else SAMPLE_EN)
    files = [out / "raci.xlsx", out / "org-chart.pptx", *sorted((out / "job-descriptions").glob("*.docx"))[:3]]
    pdfs = convert(files, tmp_path, "pdf")
    assert len(pdfs) == len(files)
    texts = {pdf: pdftotext(pdf) for pdf in pdfs}

    def flat(text: str) -> str:
        return re.sub(r"\s+", "", text)

    deck_pdf = next(p for p in pdfs if p.parent.name == "pptx")
    assert flat(org.name) in flat(texts[deck_pdf])
    raci_pdf = next(p for p in pdfs if p.parent.name == "xlsx")
    assert flat(org.activities[0].name) in flat(texts[raci_pdf])
    for source, pdf in zip(files, pdfs):
        if source.suffix == ".docx" and source.stem in org.roles:
            assert flat(org.roles[source.stem].title) in flat(texts[pdf]), source
    for pdf in pdfs:
        if which == "built_zh":
            fonts = pdffonts(pdf)
            assert re.search(r"CJK|Hei|Song|Ming|WenQuanYi|Droid", fonts), (pdf, fonts)


@pytest.mark.parametrize("sample", [SAMPLE_ZH, HOSTILE], ids=["zh", "hostile"])
def test_libreoffice_recalculates_the_live_counts(sample, soffice, tmp_path):
    from officegen.generators.raci import write_raci

    src = write_raci(load(sample), tmp_path / "raci.xlsx")
    expected = _expected_counts(openpyxl.load_workbook(src).worksheets[0])
    assert expected, "the matrix has no COUNTIF check cells"
    if sample == HOSTILE:
        assert 2 in expected.values()  # activity a2 has two A's
    (recalculated,) = convert([src], tmp_path / "lo", "xlsx")
    book = openpyxl.load_workbook(recalculated, data_only=True)
    sheet = book.worksheets[0]
    assert {coord: sheet[coord].value for coord in expected} == expected
    # the workload sheet's per-role counts, recalculated, against the definition
    org = load(sample)
    workload = book.worksheets[1]
    letters = [c for c in "RASCI" if c in org.scheme_letters]
    for i, role in enumerate(org.roles_in_org_order()):
        held = [letters_ for a in org.activities for rid, letters_ in a.assignments if rid == role.id]
        counts = [workload.cell(i + 2, 5 + k).value for k in range(len(letters))]
        assert counts == [sum(letter in h for h in held) for letter in letters], role.id
        assert workload.cell(i + 2, 5 + len(letters)).value == counts[0] + counts[1]  # R + A


def test_preview_renders_pdf_and_png(built_zh, soffice, tmp_path):
    out, _ = built_zh
    result = CliRunner().invoke(
        cli, ["preview", str(out / "raci.xlsx"), str(out / "org-chart.pptx"), "-o", str(tmp_path), "--pages", "1"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "raci.pdf").stat().st_size > 0 and (tmp_path / "org-chart.pdf").stat().st_size > 0
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(pngs) == 2 and all(open(tmp_path / p, "rb").read(8) == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_preview_explains_a_missing_libreoffice(monkeypatch, tmp_path):
    import openpyxl

    import officegen.office.libreoffice as office

    monkeypatch.setattr(office, "find_soffice", lambda: None)
    openpyxl.Workbook().save(tmp_path / "raci.xlsx")
    result = CliRunner().invoke(cli, ["preview", str(tmp_path / "raci.xlsx"), "-o", str(tmp_path / "p")])
    assert result.exit_code == 1
    assert "LibreOffice is not installed. Debian/Ubuntu: apt-get install" in result.stderr


def test_a_file_where_the_output_folder_should_be_is_named(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    for args in (
        ["build", str(SAMPLE_EN), "-o", str(blocker / "out")],
        ["raci", str(SAMPLE_EN), "-o", str(blocker / "raci.xlsx")],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert f"{blocker} is a file, not a folder" in result.stderr
    assert blocker.read_text() == "not a folder"


@pytest.mark.slow
def test_quiet_prints_only_warnings(tmp_path):
    quiet = CliRunner().invoke(cli, ["build", str(SAMPLE_EN), "-o", str(tmp_path / "a"), "-q"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "a" / "raci.xlsx").is_file()
    noisy = CliRunner().invoke(cli, ["build", str(HOSTILE), "-o", str(tmp_path / "b"), "-q"])
    assert noisy.exit_code == 0 and noisy.stdout == ""
    assert noisy.stderr and all(": warning: " in line for line in noisy.stderr.splitlines())


def test_libreoffice_counts_a_row_typed_below_the_matrix(soffice, tmp_path):
    from officegen.generators.raci import FIRST_COL, write_raci

    org = load(SAMPLE_ZH)
    src = write_raci(org, tmp_path / "raci.xlsx")
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    a_col = FIRST_COL + len(org.roles)
    typed = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value is None and ws.cell(r, a_col).value)
    ws.cell(typed, 1).value, ws.cell(typed, 2).value = "act-new", "新活动"
    ws.cell(typed, FIRST_COL).value, ws.cell(typed, FIRST_COL + 1).value = "A", "AR"
    wb.save(src)
    (recalculated,) = convert([src], tmp_path / "lo", "xlsx")
    sheet = openpyxl.load_workbook(recalculated, data_only=True).worksheets[0]
    assert sheet.cell(typed, a_col).value == 2 and sheet.cell(typed, a_col + 1).value == 1
    assert sheet.cell(typed + 1, a_col).value in (None, "")  # a blank spare row shows no count


@pytest.mark.slow
def test_build_passes_templates_and_reference_files_on(tmp_path):
    from docx import Document as NewDocument
    from pptx import Presentation as NewPresentation

    ref_doc = NewDocument()
    ref_doc.sections[0].header.paragraphs[0].text = "ACME letterhead"
    ref_doc.save(tmp_path / "letterhead.docx")
    ref_deck = NewPresentation()
    ref_deck.slide_masters[0].name = "ACME master"
    ref_deck.save(tmp_path / "company.pptx")
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "en.md.j2").write_text(
        "# {{ role.title }}\n\nOur own wording for {{ role.title }}.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(SAMPLE_EN),
            "-o",
            str(out),
            "--template-dir",
            str(templates),
            "--reference-doc",
            str(tmp_path / "letterhead.docx"),
            "--reference-deck",
            str(tmp_path / "company.pptx"),
        ],
    )
    assert result.exit_code == 0, result.output
    doc = Document(out / "job-descriptions" / "Chief Technology Officer (cto).docx")
    assert doc.sections[0].header.paragraphs[0].text == "ACME letterhead"
    assert any(p.text == "Our own wording for Chief Technology Officer." for p in doc.paragraphs)
    assert Presentation(out / "org-chart.pptx").slide_masters[0].name == "ACME master"


def test_build_in_the_missing_language_says_how_many_texts_fell_back(tmp_path):
    from conftest import TESTDATA

    team = TESTDATA / "hr-company.yaml"
    result = CliRunner().invoke(cli, ["build", str(team), "-o", str(tmp_path), "--lang", "en", "--only", "raci"])
    assert result.exit_code == 0, result.output
    n = load(team, lang="en").untranslated
    assert n > 100
    assert (
        f"{team}: note: {n} texts have no en translation and are shown in another language "
        f"(officegen validate --lang en {team} lists them)"
    ) in result.stderr.splitlines()
    chinese = CliRunner().invoke(cli, ["build", str(team), "-o", str(tmp_path), "--only", "raci"])
    assert "translation" not in chinese.stderr


def test_only_takes_full_width_commas_and_names_the_unknown_kind(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(SAMPLE_EN), "--only", "deck，raci", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["org-chart.pptx", "raci.xlsx"]
    assert "built raci, deck for" in result.stderr
    bad = CliRunner().invoke(cli, ["build", str(SAMPLE_EN), "--only", "raci,pdf", "-o", str(tmp_path / "p")])
    assert bad.exit_code == 2 and "unknown 'pdf': use a comma-separated list of raci, jd, deck, site" in bad.stderr
    assert not (tmp_path / "p").exists()


@pytest.mark.slow
def test_build_all_says_what_it_wrote(tmp_path, org_en):
    from officegen.build import BuildOptions, build_all, steps

    options = BuildOptions(only=("raci", "jd"))
    ticks: list[int] = []
    built = build_all(org_en, tmp_path, options, progress=ticks.append)
    assert built.kinds == ("raci", "jd") and built.documents == (tmp_path / "raci.xlsx",)
    assert len(built.job_descriptions) == len(org_en.roles) == built.roles
    assert built.combined == tmp_path / "job-descriptions" / "job-descriptions-all.docx"
    assert all(p.is_file() for p in built.files) and built.activities == len(org_en.activities)
    assert sum(ticks) == steps(org_en, options)  # the progress bar ends full
