"""The shared output concerns: safe names, atomic writes, reproducible zips, text measuring, languages."""

from __future__ import annotations

import io
import zipfile

import pytest

from officegen.errors import OutputError
from officegen.i18n import normalise_lang, resolve
from officegen.office import atomic, reprozip
from officegen.office.safenames import NameAllocator, inside, safe_stem
from officegen.office.textwidth import em_width, text_width, wrap


@pytest.mark.parametrize(
    "name, stem",
    [
        ("store-manager", "store-manager"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1", "_com1"),
        ("LPT9", "_LPT9"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("商品部/主管", "商品部_主管"),
        ('a<b>c:d"e|f?g*h\\i', "a_b_c_d_e_f_g_h_i"),
        ("trailing. . .", "trailing"),
        ("...", "_"),
        ("", "_"),
    ],
)
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem


def test_names_never_collide_case_insensitively(tmp_path):
    names = NameAllocator(tmp_path)
    got = [names.allocate(n, ".docx").name for n in ["Aux", "aux", "Store", "store", "STORE"]]
    assert got == ["_Aux.docx", "_aux-2.docx", "Store.docx", "store-2.docx", "STORE-3.docx"]
    assert all(p.parent == tmp_path.resolve() for p in [names.allocate("x/../../y", ".docx")])


def test_nothing_is_written_outside_the_folder(tmp_path):
    with pytest.raises(OutputError):
        inside(tmp_path, "../escape.docx")
    assert inside(tmp_path, "ok.docx") == (tmp_path / "ok.docx").resolve()


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path):
    target = tmp_path / "out.bin"
    atomic.write_bytes(target, b"good")

    def broken(path):
        path.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic.write_with(target, broken)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_staged_dir_moves_all_or_nothing(tmp_path):
    final = tmp_path / "out"
    with atomic.staged_dir(final) as stage:
        (stage / "a.txt").write_text("a")
        (stage / "sub").mkdir()
        (stage / "sub" / "b.txt").write_text("b")
    assert sorted(str(p.relative_to(final)) for p in final.rglob("*.txt")) == ["a.txt", "sub/b.txt"]
    with pytest.raises(RuntimeError):
        with atomic.staged_dir(final) as stage:
            (stage / "a.txt").write_text("changed")
            raise RuntimeError
    assert (final / "a.txt").read_text() == "a"
    assert sorted(p.name for p in final.iterdir()) == ["a.txt", "sub"]


def test_rezip_is_deterministic_and_honours_source_date_epoch(monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("word/document.xml", "<d/>")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = reprozip.rezip(buf.getvalue())
    assert reprozip.rezip(buf.getvalue()) == first
    assert zipfile.ZipFile(io.BytesIO(first)).infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    later = zipfile.ZipFile(io.BytesIO(reprozip.rezip(buf.getvalue())))
    assert later.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)
    assert [i.filename for i in later.infolist()] == ["[Content_Types].xml", "word/document.xml"]


def test_cjk_counts_double():
    assert text_width("abc") == 3
    assert text_width("运营总监") == 8
    assert text_width("推广专员（直通车）") == 18
    assert em_width("运营") == 2.0 and em_width("ab") < 2


def test_wrap_breaks_cjk_anywhere_and_latin_at_spaces():
    assert wrap("运营总监负责全局", 8) == ["运营总监", "负责全局"]
    assert wrap("Head of Customer Success", 12) == ["Head of", "Customer", "Success"]
    assert all(text_width(line) <= 6 for line in wrap("Supercalifragilistic", 6))
    assert wrap("数据分析师 Data Analyst", 12) == ["数据分析师", "Data Analyst"]


def test_languages():
    assert normalise_lang("zh") == "zh-CN" and normalise_lang("zh_cn") == "zh-CN"
    assert normalise_lang("en-US") == "en"
    assert resolve({"zh-CN": "店长", "en": "Store Manager"}, "en") == "Store Manager"
    assert resolve({"zh-CN": "店长"}, "en", "zh-CN") == "店长"
    assert resolve({"en-GB": "Colour"}, "en") == "Colour"
    assert resolve({"fr": "Directeur"}, "en", "zh-CN") == "Directeur"
    assert resolve(None, "en") == ""


def _package(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_user_office_files_are_checked_before_opening(tmp_path, monkeypatch):
    import docx

    from officegen.office import userfiles
    from officegen.office.userfiles import UnsafeFileError, check_office_file

    docx.Document().save(tmp_path / "blank.docx")
    with zipfile.ZipFile(tmp_path / "blank.docx") as z:
        ok = {name: z.read(name) for name in z.namelist()}
    assert check_office_file(_package(tmp_path / "ok.docx", ok))
    (tmp_path / "text.docx").write_text("not a zip")
    with pytest.raises(UnsafeFileError, match="not a zip package"):
        check_office_file(tmp_path / "text.docx")
    with pytest.raises(UnsafeFileError, match=r"it is a Word file \(.docx\), not a PowerPoint one"):
        check_office_file(_package(tmp_path / "x.pptx", ok))
    with pytest.raises(UnsafeFileError, match="main document part word/document.xml is missing"):
        check_office_file(_package(tmp_path / "y.docx", {k: v for k, v in ok.items() if k != "word/document.xml"}))
    lol = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><document>&b;</document>'
    with pytest.raises(UnsafeFileError, match="DTD or entities"):
        check_office_file(_package(tmp_path / "lol.docx", {**ok, "word/document.xml": lol}))
    monkeypatch.setattr(userfiles, "MAX_UNCOMPRESSED", 1024 * 1024)
    bomb = {**ok, "word/media/big.xml": "<a>" + " " * (2 * 1024 * 1024) + "</a>"}
    with pytest.raises(UnsafeFileError, match="zip bomb"):
        check_office_file(_package(tmp_path / "bomb.docx", bomb))


def test_wrap_never_starts_a_line_with_closing_punctuation():
    from officegen.office.textwidth import NO_LINE_END, NO_LINE_START, text_width, wrap

    text = "负责团队内部资源的整合，跟进团队各部门的工作进度。制定运营计划（含大促）并落实；复盘：“数据”。"
    for width in range(6, 30):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert all(text_width(line) <= width for line in lines)
        assert not any(line[0] in NO_LINE_START for line in lines[1:]), (width, lines)
        assert not any(line[-1] in NO_LINE_END for line in lines), (width, lines)


def test_titled_names_carry_the_title_and_never_cut_the_id():
    from officegen.office.safenames import MAX_STEM, safe_stem, titled

    assert titled("店长", "store-manager") == "店长 (store-manager)"
    assert titled("store-manager", "store-manager") == "store-manager"
    assert titled("  ", "x") == "x"
    assert safe_stem(titled("检验员（IQC/IPQC/OQC）", "inspector")) == "检验员（IQC_IPQC_OQC） (inspector)"
    assert safe_stem(titled("-rm -rf", "r")) == "rm -rf (r)"  # never starts like an option
    long = titled("很长" * 100, "long-id")
    assert long.endswith("… (long-id)") and len(long.encode()) <= MAX_STEM
    assert titled("x" * 10, "i" * 120) == "i" * 120  # no room for the title
