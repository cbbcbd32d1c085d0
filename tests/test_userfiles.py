"""User-supplied Office files are checked before any library opens them."""

from __future__ import annotations

import zipfile

import pytest


def _package(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.slow
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
