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
from conftest import SAMPLE_EN

from officegen.cli import cli


def run(*args: str, cwd: Path | None = None, timeout: float = 60, env: dict | None = None):
    """officegen as a user runs it (its own process, the real entry point), with a time limit."""
    return subprocess.run(
        [sys.executable, "-m", "officegen", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


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
    "empty-content-type": (
        lambda: _rewrite(
            _blank("pptx"), {CT: lambda s: re.sub(r'(PartName="/ppt/presentation.xml" ContentType=")[^"]*', r"\1", s)}
        ),
        "the content type",
    ),
    "no-content-type": (
        lambda: _rewrite(
            _blank("pptx"), {CT: lambda s: re.sub(r'<Override PartName="/ppt/presentation.xml"[^>]*/>', "", s)}
        ),
        "the content type 'application/xml'",
    ),
    "no-main-relationship": (
        lambda: _rewrite(
            _blank("pptx"), {"_rels/.rels": lambda s: re.sub(r'<Relationship [^>]*officeDocument"[^>]*/>', "", s)}
        ),
        "names no main document part",
    ),
    "external-main": (
        lambda: _rewrite(
            _blank("pptx"),
            {
                "_rels/.rels": lambda s: s.replace(
                    'Target="ppt/presentation.xml"', 'Target="http://example.com/p.xml" TargetMode="External"'
                )
            },
        ),
        "external link",
    ),
    "wrong-root": (
        lambda: _rewrite(
            _blank("pptx"), {"ppt/presentation.xml": lambda s: s.replace("p:presentation", "p:notPresentation")}
        ),
        "root element <notPresentation>",
    ),
    "missing-master": (
        lambda: _rewrite(_blank("pptx"), drop=("ppt/slideMasters/slideMaster1.xml",)),
        "ppt/slideMasters/slideMaster1.xml, which is missing",
    ),
    "missing-theme": (lambda: _rewrite(_blank("pptx"), drop=("ppt/theme/theme1.xml",)), "which is missing"),
    "external-master": (
        lambda: _rewrite(
            _blank("pptx"),
            {
                PPT_RELS: lambda s: s.replace(
                    'Target="slideMasters/slideMaster1.xml"', 'Target="http://x/y.xml" TargetMode="External"'
                )
            },
        ),
        "outside the package",
    ),
    "layout-wrong-root": (
        lambda: _rewrite(
            _blank("pptx"), {"ppt/slideLayouts/slideLayout1.xml": lambda s: s.replace("p:sldLayout", "p:foo")}
        ),
        "slideLayout1.xml has the root element <foo>",
    ),
    "not-a-zip": (lambda: b"PK\x03\x04 not really", "not a zip package"),
    # passes every check before the library, fails inside it: the guard names the file all the same
    "bad-slide-size": (
        lambda: _rewrite(
            _blank("pptx"), {"ppt/presentation.xml": lambda s: re.sub(r'<p:sldSz cx="\d+"', '<p:sldSz cx="wide"', s)}
        ),
        "wide",
    ),
}
HOSTILE_DOCS = {
    "pptx-as-doc": (lambda: _blank("pptx"), "it is a PowerPoint file (.pptx), not a Word one"),
    "wrong-root": (
        lambda: _rewrite(_blank("docx"), {"word/document.xml": lambda s: s.replace("w:document", "w:notDocument")}),
        "root element <notDocument>",
    ),
    "external-styles": (
        lambda: _rewrite(
            _blank("docx"),
            {
                DOC_RELS: lambda s: s.replace(
                    'Target="styles.xml"', 'Target="http://x/styles.xml" TargetMode="External"'
                )
            },
        ),
        "outside the package",
    ),
    "external-settings": (
        lambda: _rewrite(
            _blank("docx"),
            {
                DOC_RELS: lambda s: s.replace(
                    'Target="settings.xml"', 'Target="file:///etc/passwd" TargetMode="External"'
                )
            },
        ),
        "outside the package",
    ),
    "missing-styles": (lambda: _rewrite(_blank("docx"), drop=("word/styles.xml",)), "which is missing"),
    "styles-wrong-root": (
        lambda: _rewrite(_blank("docx"), {"word/styles.xml": lambda s: s.replace("w:styles", "w:foo")}),
        "root element <foo>",
    ),
    # passes every check before the library, fails inside it: the guard names the file all the same
    "bad-page-size": (
        lambda: _rewrite(_blank("docx"), {"word/document.xml": lambda s: re.sub(r'w:w="\d+"', 'w:w="abc"', s)}),
        "invalid literal",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_DECKS)
def test_a_reference_deck_python_pptx_would_reject_is_a_clean_input_error(tmp_path, case):
    make, says = HOSTILE_DECKS[case]
    ref = tmp_path / "company.pptx"
    ref.write_bytes(make())
    result = CliRunner().invoke(
        cli, ["deck", str(SAMPLE_EN), "-o", str(tmp_path / "out" / "deck.pptx"), "--reference-deck", str(ref)]
    )
    assert result.exit_code == 1, result.output
    assert f"{ref}: not a usable PowerPoint file: " in result.stderr and says in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", HOSTILE_DOCS)
def test_a_reference_doc_python_docx_would_reject_is_a_clean_input_error(tmp_path, case):
    make, says = HOSTILE_DOCS[case]
    ref = tmp_path / "letterhead.docx"
    ref.write_bytes(make())
    result = CliRunner().invoke(
        cli, ["jd", str(SAMPLE_EN), "-o", str(tmp_path / "out"), "-q", "--reference-doc", str(ref)]
    )
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
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(SAMPLE_EN),
            "-o",
            str(tmp_path / "out"),
            "-q",
            "--only",
            "jd,deck",
            "--reference-deck",
            str(deck),
            "--reference-doc",
            str(doc),
        ],
    )
    assert result.exit_code == 0, result.output
    assert Presentation(tmp_path / "out" / "org-chart.pptx").slides
    assert (
        Document(tmp_path / "out" / "job-descriptions" / "Chief Technology Officer (cto).docx")
        .sections[0]
        .header.paragraphs[0]
        .text
        == "ACME"
    )


# -- templates: bounded in time and size, read safely --------------------------------------------

#: name -> (a role template, what the error says); each would run for minutes or take gigabytes unbounded
RUNAWAY_TEMPLATES = {
    "nested-loops": (
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
        "took longer than",
    ),
    "loop-output": ("{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}", "characters"),
    "printf-width-filter": ('{{ "%999999999d"|format(1) }}', "a format width of 999,999,999"),
    "printf-width-operator": ('{{ "%*d" % (999999999, 1) }}', "a format width of 999,999,999"),
    "format-width": ('{{ "{:>999999999}".format(1) }}', "a format width of 999,999,999"),
    "nested-format-width": ('{{ "{:>{w}}".format(1, w=999999999) }}', "a format width of 999,999,999"),
    "center": ('{{ "x"|center(999999999) }}', "center() width"),
    "str-center": ('{{ "x".center(999999999) }}', "str.center() width"),
    "indent": ('{{ "x"|indent(999999999, true) }}', "an indented text"),
    "huge-join": ('{{ range(99999)|join("x" * 99999) }}', "a joined text"),
    "repeat": ('{{ "x" * 999999999 }}', "a repeated value"),
    "power": ("{{ 10 ** 100000000 }}", "bits"),
    "replace": ('{{ ("x" * 100000)|replace("", "y" * 1000) }}', "a replaced text"),
    "doubling": (
        '{% set ns = namespace(s="x") %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
        "a value of",
    ),
    "list-doubling": ('{% set l = [1] %}{% for i in range(60) %}{{ l.extend(l) or "" }}{% endfor %}', "extend()"),
    "exponential-macro": (
        "{% macro m(n) %}{% if n %}{{ m(n-1) }}{{ m(n-1) }}{% endif %}x{% endmacro %}{{ m(60) }}",
        "limit",
    ),
    "endless-recursion": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls itself"),
    "lipsum": ("{{ lipsum(999999) }}", "lipsum()"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", RUNAWAY_TEMPLATES)
def test_a_runaway_template_stops_with_a_message_naming_template_and_role(org_en, tmp_path, monkeypatch, case):
    from officegen.errors import TemplateError
    from officegen.generators.jd import sandbox, write_job_descriptions

    monkeypatch.setattr(sandbox, "SECONDS", 1.0)  # the default (5 s) works the same, slower
    source, says = RUNAWAY_TEMPLATES[case]
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "en.md.j2").write_text("# {{ role.title }}\n" + source, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        write_job_descriptions(org_en, tmp_path / "out", template_dir=tmp_path / "t", jobs=1)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 't' / 'en.md.j2'}:"), message
    assert "for role 'cto'" in message and says in message, message
    assert not (tmp_path / "out").exists()


def test_templates_within_the_limits_render_as_before(org_en, tmp_path):
    """The limits cost ordinary templates nothing: loops, joins, formats and macros under them still work."""
    from officegen.generators.jd import render_markup

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "en.md.j2").write_text(
        "# {{ role.title }}\n{% macro b(x) %}**{{ x }}**{% endmacro %}"
        "{% for a in activities %}- {{ b(a.name) }} {{ '%3d'|format(loop.index) }} {{ '{:>4}'.format(a.letters) }}\n"
        "{% endfor %}{{ activities|map(attribute='id')|join(', ') }} {{ 'ab'.center(6, '-') }} {{ 2 ** 10 }} "
        "{{ 'x' * 3 }}{% set l = [] %}{{ l.append(1) or l|length }}\n",
        encoding="utf-8",
    )
    text = render_markup(org_en, "cto", tmp_path / "t")
    assert (
        "1024" in text
        and "xxx" in text
        and "--ab--" in text
        and "  1" in text
        and "**\ue001Set the quarterly roadmap**" in text
    )


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not text", bytes(range(1, 256)) * 4, "# {{ role.title }}\n\x00"],
    ids=["latin1", "random", "nul"],
)
@pytest.mark.slow
def test_a_template_that_is_not_utf8_text_is_an_error_naming_it(org_en, tmp_path, content):
    from officegen.errors import TemplateError
    from officegen.generators.jd import write_job_descriptions

    (tmp_path / "t").mkdir()
    path = tmp_path / "t" / "en.md.j2"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    with pytest.raises(
        TemplateError, match=rf"^{re.escape(str(path))}:\d+(:\d+)?: error: (not UTF-8 text|binary data)"
    ):
        write_job_descriptions(org_en, tmp_path / "out", template_dir=tmp_path / "t")
    result = run("jd", str(SAMPLE_EN), "-o", str(tmp_path / "out"), "-q", "--template-dir", str(tmp_path / "t"))
    assert_clean_failure(result, f"{path}:")


# -- a full disk or a file-size limit mid-save ----------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (scratch files included) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("only,limit", [("raci", 8_000), ("jd", 15_000), ("deck", 30_000), ("raci,jd,deck", 15_000)])
def test_a_file_size_limit_mid_save_says_so_and_keeps_the_previous_outputs(tmp_path, only, limit):
    out = tmp_path / "out"
    assert run("build", str(SAMPLE_EN), "-o", str(out), "-q").returncode == 0
    before = _tree(out)
    code = (
        f"import resource, sys, runpy; resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
        "sys.argv = ['officegen'] + sys.argv[1:]; runpy.run_module('officegen', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "build", str(SAMPLE_EN), "-o", str(out), "-q", "--only", only],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_clean_failure(result, "cannot write: file too large", str(out))
    assert ".officegen-" not in result.stderr  # the file the user asked for, not its scratch copy
    assert _tree(out) == before


def test_a_full_disk_while_writing_job_descriptions_says_so(org_en, tmp_path, monkeypatch):
    import errno

    from officegen.errors import OutputError
    from officegen.generators.jd import write_job_descriptions, writer

    out = tmp_path / "jd"
    write_job_descriptions(org_en, out, role_ids=["cto"])
    before = _tree(out)
    real = writer._Run.write_role

    def fill_up(self, role_id, name):
        if role_id == "sre":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, role_id, name)

    monkeypatch.setattr(writer._Run, "write_role", fill_up)
    with pytest.raises(OutputError, match=rf"^{re.escape(str(out))}: cannot write: no space left on the device"):
        write_job_descriptions(org_en, out, jobs=1)
    assert _tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["jd"]
    with pytest.raises(OutputError, match="no space left"):
        write_job_descriptions(org_en, tmp_path / "new" / "jd", jobs=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jd"]  # the folders it would have made are not there


# -- FIFOs, devices and links to them where a file is expected ------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
@pytest.mark.parametrize("where", ["definition", "workbook", "reference-deck", "reference-doc", "template", "preview"])
def test_a_fifo_or_device_is_refused_at_once(tmp_path, special, where):
    path = (
        tmp_path
        / {
            "definition": "team.yaml",
            "workbook": "raci.xlsx",
            "reference-deck": "company.pptx",
            "reference-doc": "letterhead.docx",
            "template": "en.md.j2",
            "preview": "raci.xlsx",
        }[where]
    )
    if special == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    out = str(tmp_path / "out")
    args = {
        "definition": ["validate", str(path)],
        "workbook": ["import-raci", str(path), str(SAMPLE_EN)],
        "reference-deck": ["deck", str(SAMPLE_EN), "-o", out + ".pptx", "--reference-deck", str(path)],
        "reference-doc": ["jd", str(SAMPLE_EN), "-o", out, "-q", "--reference-doc", str(path)],
        "template": ["jd", str(SAMPLE_EN), "-o", out, "-q", "--template-dir", str(tmp_path)],
        "preview": ["preview", str(path), "-o", out],
    }[where]
    result = run(*args, timeout=30)  # a hang would be the failure: a FIFO blocks, /dev/zero never ends
    assert_clean_failure(
        result, str(path), "not a regular file but " + ("a named pipe" if special == "fifo" else "a device")
    )
    assert not Path(out).exists() and not Path(out + ".pptx").exists()


def test_an_output_that_is_a_device_is_refused_not_replaced(tmp_path):
    link = tmp_path / "raci.xlsx"
    link.symlink_to(os.devnull)
    result = run("raci", str(SAMPLE_EN), "-o", str(link))
    assert_clean_failure(result, "not a regular file but a device")
    assert Path(os.devnull).exists() and not Path(os.devnull).is_file()  # /dev/null is still the device
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["raci.xlsx"]


# -- nothing half-changed: staging folders, killed builds, failed runs ----------------------------


@pytest.mark.slow
def test_a_killed_builds_staging_folder_is_removed_by_the_next_build(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(SAMPLE_EN), "-o", str(out), "-q", "--only", "raci").returncode == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    stale = [
        out / f".officegen-build-{pid}",
        out / f".officegen-stage-{pid}-x1y2",
        out / f".officegen-old-{pid}-job-descriptions",
        out / f".raci.xlsx.officegen-tmp-{pid}-abc.tmp",
    ]
    for path in stale[:3]:
        (path / "job-descriptions").mkdir(parents=True)
        (path / "job-descriptions" / "half.docx").write_bytes(b"PK half")
    stale[3].write_bytes(b"PK half")
    alive = out / f".officegen-build-{os.getpid()}"  # a concurrent run's (this process is alive): kept
    alive.mkdir()
    assert run("build", str(SAMPLE_EN), "-o", str(out), "-q").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["job-descriptions", "org-chart.pptx", "raci.xlsx", "site.html", alive.name]
    )


@pytest.mark.slow
def test_a_failed_jd_or_build_leaves_the_output_folder_as_it_found_it(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "en.md.j2").write_text("# {{ role.title }}\n{{ role.nope }}\n", encoding="utf-8")
    for args in (["jd", "-o", str(tmp_path / "a" / "b" / "jd")], ["build", "-o", str(tmp_path / "a" / "b")]):
        result = run(args[0], str(SAMPLE_EN), *args[1:], "-q", "--template-dir", str(tmp_path / "t"))
        assert_clean_failure(result, "en.md.j2:2: error: undefined")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]  # no a/, no a/b/, no empty jd/
    existing = tmp_path / "jd"
    assert run("jd", str(SAMPLE_EN), "-o", str(existing), "-q").returncode == 0
    before = _tree(existing)
    result = run("jd", str(SAMPLE_EN), "-o", str(existing), "-q", "--template-dir", str(tmp_path / "t"))
    assert_clean_failure(result)
    assert _tree(existing) == before and sorted(p.name for p in tmp_path.iterdir()) == ["jd", "t"]


# -- Office files no application repairs -----------------------------------------------------------


@pytest.mark.slow
def test_a_reference_docs_styles_with_effects_part_is_not_kept_beside_the_rewritten_styles(org_en, tmp_path):
    import docx

    from officegen.generators.jd import write_job_descriptions

    docx.Document().save(tmp_path / "ref.docx")  # python-docx's template carries Word 2010's stylesWithEffects.xml
    with zipfile.ZipFile(tmp_path / "ref.docx") as z:
        assert "word/stylesWithEffects.xml" in z.namelist()
    for path in write_job_descriptions(
        org_en, tmp_path / "out", role_ids=["cto"], combined=True, reference_doc=tmp_path / "ref.docx"
    ):
        with zipfile.ZipFile(path) as z:
            assert not [n for n in z.namelist() if "stylesWithEffects" in n]
            assert b"stylesWithEffects" not in z.read("[Content_Types].xml")
            assert b"stylesWithEffects" not in z.read("word/_rels/document.xml.rels")


def test_data_validation_lists_are_written_as_excel_writes_them(org_zh, tmp_path):
    from officegen.generators.raci import write_raci

    with zipfile.ZipFile(write_raci(org_zh, tmp_path / "raci.xlsx")) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    formulas = [f for sheet in sheets for f in re.findall(r"<formula1>([^<]*)</formula1>", sheet)]
    assert formulas and all(re.fullmatch(r"('[^']+'|\w+)!\$A\$1:\$A\$\d+", f) for f in formulas), formulas
